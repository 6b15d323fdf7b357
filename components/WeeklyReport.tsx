import { useEffect, useState } from 'preact/hooks';
import type { DashboardData } from '../lib/analytics/dashboard';
import { toCsv } from '../lib/analytics/dashboard';
import { change, compareWeeks, WEEKLY_FIGURES, type WeeklyFigure } from '../lib/analytics/weekly';
import { type Translate, useT } from '../lib/i18n';
import { type DashboardReply, formatDuration, formatRate, shiftDate } from './Dashboard';
import type { RequestInput } from '../lib/messaging/protocol';

interface WeeklyReportProps {
  /** Monday of the week to report. */
  initialWeek: string;
  groupId?: string;
  load: (query: RequestInput<'getDashboard'>) => Promise<DashboardReply>;
  onExport: (fileName: string, csv: string) => void;
  onPrint: () => void;
}

const LABEL: Record<WeeklyFigure, string> = {
  messages: 'dashMessages',
  posters: 'dashPosters',
  newMembers: 'dashNewMembers',
  departed: 'dashDeparted',
  questions: 'dashQuestions',
  answeredByStaff: 'dashEndStaff',
  answeredByMember: 'dashEndMember',
  neverAnswered: 'dashEndNever',
  frtMedianMs: 'dashFrtMedian',
  frtP90Ms: 'dashFrtP90',
  hitRate: 'dashHitRate',
};

function show(key: WeeklyFigure, value: number | null, t: Translate): string {
  if (key === 'hitRate') return formatRate(value);
  if (key === 'frtMedianMs' || key === 'frtP90Ms') return formatDuration(value, t);
  return value === null ? '–' : String(value);
}
function showChange(key: WeeklyFigure, delta: number | null, t: Translate): string {
  if (delta === null || delta === 0) return delta === 0 ? '±0' : '–';
  const sign = delta > 0 ? '+' : '−';
  if (key === 'hitRate') return `${sign}${Math.abs(Math.round(delta * 100))} pt`;
  if (key === 'frtMedianMs' || key === 'frtP90Ms') return `${sign}${formatDuration(Math.abs(delta), t)}`;
  return `${sign}${Math.abs(delta)}`;
}

/** A week's key figures per group against the week before; laid out for A4 print and CSV. */
export function WeeklyReport({ initialWeek, groupId, load, onExport, onPrint }: WeeklyReportProps) {
  const t = useT();
  const [week, setWeek] = useState(initialWeek);
  const [pair, setPair] = useState<{ now: DashboardData; before: DashboardData } | null>(null);
  const [progress, setProgress] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const groupIds = groupId ? [groupId] : [];
    const run = async () => {
      const [now, before] = await Promise.all([
        load({ groupIds, from: week, to: shiftDate(week, 6), inactiveDays: 30 }),
        load({ groupIds, from: shiftDate(week, -7), to: shiftDate(week, -1), inactiveDays: 30 }),
      ]);
      if (cancelled) return;
      if (now.state !== 'ready' || before.state !== 'ready') {
        setProgress(now.state === 'rebuilding' ? t('dashRebuildCount', now.done, now.total) : '');
        timer = setTimeout(run, 400);
        return;
      }
      setProgress(null);
      setPair({ now: now.data, before: before.data });
    };
    void run();
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [week, groupId, load, t]);

  const rows = pair ? compareWeeks(pair.now, pair.before) : [];
  const exportCsv = () => {
    const header = [t('dashGroup'), ...WEEKLY_FIGURES.flatMap((key) => [t(LABEL[key]), `${t(LABEL[key])} (${t('reportLastWeek')})`])];
    onExport(
      `weekly-${week}.csv`,
      toCsv(
        header,
        rows.map((row) => [row.title, ...WEEKLY_FIGURES.flatMap((key) => [row.figures[key].now, row.figures[key].before])]),
      ),
    );
  };

  return (
    <main class="dashboard report" data-testid="gs-weekly-report">
      <header class="dash-header">
        <h1>{t('reportTitle', week, shiftDate(week, 6))}</h1>
        <div class="filters">
          <button type="button" class="secondary" onClick={() => setWeek(shiftDate(week, -7))}>
            {t('reportPrevWeek')}
          </button>
          <button type="button" class="secondary" onClick={() => setWeek(shiftDate(week, 7))}>
            {t('reportNextWeek')}
          </button>
          <button type="button" data-testid="gs-dash-export" data-table="weekly" onClick={exportCsv} disabled={!pair}>
            {t('dashExportCsv')}
          </button>
          <button type="button" onClick={onPrint}>
            {t('reportPrint')}
          </button>
        </div>
      </header>
      {progress !== null && <p role="status">{t('dashRebuilding')} {progress}</p>}
      {pair && (
        <>
          <p class="hint">{t('reportIntro', pair.now.totals.questions, formatRate(pair.now.totals.hitRate), formatDuration(pair.now.totals.frtMedianMs, t))}</p>
          {rows.map((row) => (
            <section key={row.groupId} class="report-group">
              <h2>{row.title}</h2>
              <table class="dash-table" data-testid="gs-dash-table" data-table="weekly">
                <thead>
                  <tr>
                    <th scope="col">{t('reportFigure')}</th>
                    <th scope="col">{t('reportThisWeek')}</th>
                    <th scope="col">{t('reportLastWeek')}</th>
                    <th scope="col">{t('reportChange')}</th>
                  </tr>
                </thead>
                <tbody>
                  {WEEKLY_FIGURES.map((key) => (
                    <tr key={key}>
                      <th scope="row">{t(LABEL[key])}</th>
                      <td>{show(key, row.figures[key].now, t)}</td>
                      <td>{show(key, row.figures[key].before, t)}</td>
                      <td>{showChange(key, change(row.figures[key]), t)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          ))}
          {rows.length === 0 && <p class="hint">{t('dashNoData')}</p>}
        </>
      )}
    </main>
  );
}
