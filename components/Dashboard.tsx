import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { RESPONSE_BUCKET_LABELS } from '../lib/analytics/aggregates';
import type { RequestInput, RequestOutput } from '../lib/messaging/protocol';
import { type Translate, useT } from '../lib/i18n';
import { type Cell, DashTable } from './DashTable';
import { DashChart } from './DashChart';
import { formatDateTime } from './format';
import { MEMBER_ACTIONS } from '../lib/model';
import { RULE_CATEGORIES } from '../lib/model/rule';

export type DashboardReply = RequestOutput<'getDashboard'>;
export type DrillQuery = RequestInput<'drillDown'>;
export type DrillItem = RequestOutput<'drillDown'>[number];

interface DashboardProps {
  language: string;
  /** Today as YYYY-MM-DD in the dashboard's time zone. */
  today: string;
  /** Group to preselect (opened from a chat tab's sidebar). */
  initialGroupId?: string;
  load: (query: RequestInput<'getDashboard'>) => Promise<DashboardReply>;
  drill: (query: DrillQuery) => Promise<DrillItem[]>;
  onExport: (fileName: string, csv: string) => void;
  onWeeklyReport: () => void;
  /** Opens a message in its author's card, at that message (the panel is passed as `memberPanel`). */
  onOpenMessage?: (message: DrillItem['message']) => void;
  /** The member card opened by `onOpenMessage`, shown beside the messages behind a figure. */
  memberPanel?: ComponentChildren;
}

const DAY_MS = 86_400_000;
export function shiftDate(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d) + days * DAY_MS).toISOString().slice(0, 10);
}

export function formatDuration(ms: number | null, t: Translate): string {
  if (ms === null) return '–';
  if (ms < 60_000) return t('durationSeconds', Math.round(ms / 1000));
  if (ms < 3_600_000) return t('durationMinutes', Math.round(ms / 6_000) / 10);
  return t('durationHours', Math.round(ms / 360_000) / 10);
}
/** A template category in the reader's language; one staff made up is shown as they wrote it. */
function categoryLabel(category: string, t: Translate): string {
  const label = t(`templateCategory_${category}`);
  return label === `templateCategory_${category}` ? category : label;
}
export const formatRate = (rate: number | null) => (rate === null ? '–' : `${Math.round(rate * 100)}%`);

const END_KEYS = ['staff', 'member', 'marked', 'never', 'left', 'open'] as const;

/** The group-health dashboard: filters, charts and tables, each clickable through to its messages. */
export function Dashboard({ language, today, initialGroupId, load, drill, onExport, onWeeklyReport, onOpenMessage, memberPanel }: DashboardProps) {
  const t = useT();
  const [groupId, setGroupId] = useState(initialGroupId ?? '');
  const [from, setFrom] = useState(shiftDate(today, -6));
  const [to, setTo] = useState(today);
  const [inactiveDays, setInactiveDays] = useState(30);
  const [reply, setReply] = useState<DashboardReply | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [drilled, setDrilled] = useState<{ title: string; items: DrillItem[] } | null>(null);

  const query = useMemo(() => ({ groupIds: groupId ? [groupId] : [], from, to, inactiveDays }), [groupId, from, to, inactiveDays]);
  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = async () => {
      try {
        const next = await load(query);
        if (cancelled) return;
        setReply(next);
        setError(null);
        // Rebuild progress is the one thing worth asking again for: nothing else reports it.
        if (next.state === 'rebuilding') timer = setTimeout(run, 400);
      } catch (e) {
        if (!cancelled) setError(e instanceof Error ? e.message : String(e));
      }
    };
    void run();
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [query, load]);

  const open = useCallback(
    async (title: string, extra: Partial<DrillQuery>) => {
      setDrilled({ title, items: await drill({ ...query, questions: false, ...extra }) });
    },
    [drill, query],
  );

  const data = reply?.state === 'ready' ? reply.data : null;
  const names = reply?.state === 'ready' ? reply.names : {};
  const days = data?.messagesPerDay ?? [];
  const dayLabels = useMemo(() => days.map((d) => d.date.slice(5)), [days]);
  const daySeries = useMemo(
    () => [
      { label: t('dashCustomerMessages'), values: days.map((d) => d.customer), color: '#1d4ed8' },
      { label: t('dashStaffMessages'), values: days.map((d) => d.staff), color: '#047857' },
      { label: t('dashActiveMembers'), values: days.map((d) => d.activeMembers), color: '#b45309' },
    ],
    [days, t],
  );
  const bucketSeries = useMemo(() => [{ label: t('dashQuestionsAnswered'), values: data?.responseBuckets ?? [], color: '#1d4ed8' }], [data, t]);
  const bucketLabels = useMemo(() => [...RESPONSE_BUCKET_LABELS], []);
  const pickDay = useCallback((index: number) => {
    const day = days[index];
    if (day) void open(day.date, { from: day.date, to: day.date });
  }, [days, open]);

  return (
    <main class="dashboard" data-testid="gs-dashboard" data-state={reply?.state ?? 'loading'}>
      <header class="dash-header">
        <h1>{t('dashTitle')}</h1>
        <fieldset class="filters" aria-label={t('dashFilters')}>
          <label>
            {t('dashGroup')}{' '}
            <select data-testid="gs-dash-group" value={groupId} onChange={(e) => setGroupId((e.currentTarget as HTMLSelectElement).value)}>
              <option value="">{t('dashAllGroups')}</option>
              {(reply?.state === 'ready' ? reply.allGroups : []).map((g) => (
                <option key={g.id} value={g.id}>
                  {g.title}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('dashFrom')} <input type="date" data-testid="gs-dash-from" value={from} max={to} onChange={(e) => setFrom((e.currentTarget as HTMLInputElement).value || from)} />
          </label>
          <label>
            {t('dashTo')} <input type="date" data-testid="gs-dash-to" value={to} min={from} onChange={(e) => setTo((e.currentTarget as HTMLInputElement).value || to)} />
          </label>
          <button type="button" class="secondary" onClick={() => { setFrom(shiftDate(today, -6)); setTo(today); }}>
            {t('dashLast7')}
          </button>
          <button type="button" class="secondary" onClick={() => { setFrom(shiftDate(today, -29)); setTo(today); }}>
            {t('dashLast30')}
          </button>
          <label>
            {t('dashInactiveDays')}{' '}
            <input type="number" min={1} max={3650} style={{ width: '4.5em' }} value={inactiveDays} onChange={(e) => setInactiveDays(Math.max(1, Number((e.currentTarget as HTMLInputElement).value) || 30))} />
          </label>
          <button type="button" data-testid="gs-dash-weekly" onClick={onWeeklyReport}>
            {t('dashWeeklyReport')}
          </button>
        </fieldset>
      </header>

      {error && <p class="error" role="alert">{error}</p>}
      {reply?.state === 'rebuilding' && (
        <div class="dash-rebuild" data-testid="gs-dash-progress" role="status">
          <p>{t('dashRebuilding')}</p>
          <progress max={Math.max(1, reply.total)} value={reply.done} />
          <span class="muted"> {t('dashRebuildCount', reply.done, reply.total)}</span>
        </div>
      )}

      {data && (
        <>
          <section class="dash-kpis" aria-label={t('dashSummary')}>
            <Kpi label={t('dashMessages')} value={String(data.totals.messages)} />
            <Kpi label={t('dashQuestions')} value={String(data.totals.questions)} />
            <Kpi label={t('dashFrtMedian')} value={formatDuration(data.totals.frtMedianMs, t)} />
            <Kpi label={t('dashFrtP90')} value={formatDuration(data.totals.frtP90Ms, t)} />
            <Kpi label={t('dashBusinessMedian')} value={formatDuration(data.totals.businessMedianMs, t)} />
            <Kpi label={t('dashHitRate')} value={formatRate(data.totals.hitRate)} />
            <button type="button" class="secondary kpi-action" data-testid="gs-dash-misses" onClick={() => void open(t('dashMisses'), { questions: true, missed: true })}>
              {t('dashShowMisses')}
            </button>
          </section>
          {reply?.state === 'ready' && reply.outOfRange > 0 && <p class="hint" data-testid="gs-dash-out-of-range">{t('dashOutOfRange', reply.outOfRange)}</p>}

          <div class="dash-grid">
            <DashChart name="messages-per-day" title={t('dashMessagesPerDay')} labels={dayLabels} series={daySeries} onPick={pickDay} />
            <DashChart name="response-buckets" title={t('dashResponseBuckets')} labels={bucketLabels} series={bucketSeries} bars />
          </div>
          <Heatmap questions={data.heatmap.questions} staff={data.heatmap.staffMessages} onPick={(weekday, hour) => void open(`${t(`weekday_${weekday}`)} ${hour}:00`, { questions: true, weekday, hour })} />

          <div class="dash-grid">
            <DashTable
              name="days"
              caption={t('dashMessagesPerDay')}
              header={[t('dashDate'), t('dashMessages'), t('dashCustomerMessages'), t('dashStaffMessages'), t('dashActiveMembers')]}
              rows={days.map((d) => [d.date, d.messages, d.customer, d.staff, d.activeMembers])}
              onRow={pickDay}
              onExport={onExport}
            />
            <DashTable
              name="response-buckets"
              caption={t('dashResponseBuckets')}
              header={[t('dashBucket'), t('dashQuestionsAnswered')]}
              rows={bucketLabels.map((label, i) => [label, data.responseBuckets[i] ?? 0])}
              onExport={onExport}
            />
          </div>
          <DashTable
            name="groups"
            caption={t('dashByGroup')}
            header={[t('dashGroup'), t('dashMessages'), t('dashPosters'), t('dashMembers'), t('dashNewMembers'), t('dashInactive'), t('dashDeparted'), t('dashQuestions'), t('dashEndStaff'), t('dashEndMember'), t('dashEndNever'), t('dashFrtMedian'), t('dashFrtP90'), t('dashNrtMedian'), t('dashHitRate'), t('dashTarget')]}
            rows={data.groups.map((g) => [g.title, g.messages, g.posters, g.members, g.newMembers, g.inactive, g.departed, g.questions, g.answeredByStaff, g.answeredByMember, g.neverAnswered, formatDuration(g.frtMedianMs, t), formatDuration(g.frtP90Ms, t), formatDuration(g.nrtMedianMs, t), formatRate(g.hitRate), g.targetMinutes])}
            onRow={(i) => {
              const g = data.groups[i];
              if (g) void open(g.title, { groupIds: [g.groupId], questions: true });
            }}
            onExport={onExport}
          />
          <div class="dash-grid">
            <DashTable
              name="staff"
              caption={t('dashByStaff')}
              header={[t('dashStaff'), t('dashAnswered'), t('dashFrtMedian'), t('dashFrtP90'), t('dashHitRate')]}
              rows={data.staff.map((s) => [s.name, s.answered, formatDuration(s.medianMs, t), formatDuration(s.p90Ms, t), formatRate(s.hitRate)])}
              onRow={(i) => {
                const s = data.staff[i];
                if (s) void open(s.name, { questions: true, end: 'staff', staff: s.name });
              }}
              onExport={onExport}
            />
            <DashTable
              name="question-ends"
              caption={t('dashQuestionEnds')}
              header={[t('dashEnd'), t('dashQuestions')]}
              rows={END_KEYS.map((key) => [t(`dashEnd_${key}`), data.ends[key] ?? 0])}
              onRow={(i) => void open(t(`dashEnd_${END_KEYS[i]}`), { questions: true, end: END_KEYS[i] })}
              onExport={onExport}
            />
            <DashTable
              name="weeks"
              caption={t('dashByWeek')}
              header={[t('dashWeek'), t('dashQuestions'), t('dashFrtMedian'), t('dashHitRate')]}
              rows={data.weeks.map((w) => [w.week, w.questions, formatDuration(w.frtMedianMs, t), formatRate(w.hitRate)])}
              onExport={onExport}
            />
            <DashTable
              name="funnel"
              caption={t('dashFunnel')}
              header={[t('dashStep'), t('dashMembers')]}
              rows={[
                [t('dashJoined'), data.funnel.joined],
                [t('dashFirstMessage'), data.funnel.firstMessage],
                [t('dashReturning'), data.funnel.returning],
              ]}
              onExport={onExport}
            />
            <DashTable
              name="top-contributors"
              caption={t('dashTopContributors')}
              header={[t('dashMember'), t('dashMessages'), t('dashDaysActive')]}
              rows={data.topContributors.map((c) => [names[c.memberId] ?? c.memberId, c.messages, c.days])}
              onRow={(i) => {
                const c = data.topContributors[i];
                if (c) void open(names[c.memberId] ?? c.memberId, { memberId: c.memberId });
              }}
              onExport={onExport}
            />
            <DashTable
              name="rules"
              caption={t('dashRules')}
              header={[t('dashCategory'), t('dashSuggested'), t('dashApplied'), t('dashDismissed')]}
              rows={data.rules.map((r) => [(RULE_CATEGORIES as readonly string[]).includes(r.category) ? t(`category_${r.category}`) : r.category, r.suggested, r.applied, r.dismissed])}
              onExport={onExport}
            />
            <DashTable
              name="ladder"
              caption={t('dashLadder')}
              header={[t('dashAction'), t('dashCount')]}
              rows={data.ladder.map((l) => [(MEMBER_ACTIONS as readonly string[]).includes(l.action) ? t(`action_${l.action}`) : l.action, l.count])}
              onExport={onExport}
            />
            <DashTable
              name="repeat-offenders"
              caption={t('dashRepeatOffenders')}
              header={[t('dashMember'), t('dashWarnings'), t('dashGroups')]}
              rows={data.repeatOffenders.map((o) => [names[o.memberId] ?? o.memberId, o.warnings, o.groups])}
              onExport={onExport}
            />
          </div>
          <DashTable
            name="template-usage"
            caption={t('dashTemplateUsage')}
            header={[t('dashTemplate'), t('dashTemplateCategory'), t('dashTemplateUses'), t('dashVia_sidebar'), t('dashVia_slash'), t('dashVia_faq'), t('dashStaff'), t('dashGroups'), t('dashLastUsed')]}
            rows={(reply?.state === 'ready' ? reply.templateUsage : []).map((u) => [
              u.name ?? t('dashTemplateDeleted'),
              u.category === null ? '' : categoryLabel(u.category, t),
              u.uses,
              u.byVia.sidebar,
              u.byVia.slash,
              u.byVia.faq,
              u.staff,
              u.groups,
              formatDateTime(u.lastAt, language),
            ])}
            onExport={onExport}
          />
        </>
      )}

      <div class="dash-drill-row">
      {drilled && (
        <section class="dash-drill" data-testid="gs-dash-messages" aria-label={t('dashMessagesBehind', drilled.title)}>
          <div class="dash-block-head">
            <h3>{t('dashMessagesBehind', drilled.title)}</h3>
            <button type="button" class="secondary" onClick={() => setDrilled(null)}>
              {t('close')}
            </button>
          </div>
          {drilled.items.length === 0 && <p class="hint">{t('dashNoData')}</p>}
          <ul class="plain-list">
            {drilled.items.map((item) => (
              <li key={item.message.id} class="history-item" data-testid="gs-dash-message" data-message-id={item.message.id}>
                <span class="muted">{formatDateTime(item.message.ts, language)}</span> <strong>{item.message.authorName}</strong>
                {item.end && <span class="muted"> · {t(`dashEnd_${item.end}`)}</span>}
                {item.responseMs !== null && <span class="muted"> · {formatDuration(item.responseMs, t)}</span>}
                {onOpenMessage && (
                  <>
                    {' '}
                    <button type="button" class="link" data-testid="gs-dash-open-history" onClick={() => onOpenMessage(item.message)}>
                      {t('dashOpenInHistory')}
                    </button>
                  </>
                )}
                <p class="waiting-text">{item.message.text}</p>
              </li>
            ))}
          </ul>
        </section>
      )}
      {memberPanel}
      </div>
    </main>
  );
}

function Kpi({ label, value }: { label: string; value: Cell }) {
  return (
    <div class="kpi">
      <div class="kpi-value">{value}</div>
      <div class="kpi-label muted">{label}</div>
    </div>
  );
}

/** Hour × weekday: customer questions against staff messages (coverage). Each cell is a button to its questions. */
function Heatmap({ questions, staff, onPick }: { questions: number[][]; staff: number[][]; onPick: (weekday: number, hour: number) => void }) {
  const t = useT();
  const max = Math.max(1, ...questions.flat());
  return (
    <figure class="dash-chart heatmap" data-testid="gs-dash-chart" data-chart="coverage-heatmap">
      <figcaption>{t('dashHeatmap')}</figcaption>
      <table>
        <thead>
          <tr>
            <th />
            {Array.from({ length: 24 }, (_, h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {questions.map((row, weekday) => (
            <tr key={weekday}>
              <th scope="row">{t(`weekday_${weekday}`)}</th>
              {row.map((count, hour) => {
                const covered = (staff[weekday]?.[hour] ?? 0) > 0;
                const label = t('dashHeatCell', t(`weekday_${weekday}`), hour, count, staff[weekday]?.[hour] ?? 0);
                return (
                  <td key={hour}>
                    <button
                      type="button"
                      class={`heat${count > 0 && !covered ? ' uncovered' : ''}`}
                      style={{ '--heat': String(count / max) }}
                      title={label}
                      aria-label={label}
                      disabled={count === 0}
                      onClick={() => onPick(weekday, hour)}
                    >
                      {count || ''}
                    </button>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p class="hint">{t('dashHeatLegend')}</p>
    </figure>
  );
}
