import { Component } from 'preact';
import { useCallback, useMemo, useRef, useState } from 'preact/hooks';
import { filterMembers } from '../lib/analytics/activity';
import type { GroupMember, GroupPanel } from '../lib/messaging/protocol';
import { LIFECYCLE_STAGES, type Template } from '../lib/model';
import { useT } from '../lib/i18n';
import { BulkTagInput } from './BulkTagInput';
import { formatDateTime } from './format';
import { WaitingList } from './WaitingList';
import type { FlagActions } from './FlagMessageForm';
import { GroupHealthSettings } from './GroupHealthSettings';
import { GroupRulesEditor } from './GroupRulesEditor';
import { ShowMore, useShownCount } from './ShowMore';
import type { GroupHealthConfig } from '../lib/analytics/health-config';
import { dashboardUrl } from './PopupView';
import type { ReplyTarget } from '../lib/state/sidebar-store';

interface GroupPanelViewProps {
  panel: GroupPanel;
  language: string;
  now: number;
  /** The clock the waiting list ticks with (every 30 s, also in a quiet group). */
  clock: () => number;
  onSelectMember: (memberId: string) => void;
  onSaveRules: (text: string) => Promise<boolean>;
  onPostRules: (text: string) => void;
  /** The team's standard rules filled in for this group (see GroupRulesEditor). */
  standardRules: string | null;
  onBulkTag: (memberIds: string[], name: string) => Promise<boolean>;
  /** Inserts the welcome-with-rules template for a member who just joined. */
  onWelcome: (name: string) => void;
  /** FAQ templates whose keywords a question contains, best first. */
  faqFor: (question: string) => Template[];
  /** Inserts an FAQ template's answer addressed to the asker. */
  onAnswer: (template: Template, askerName: string) => void;
  onReply?: (question: ReplyTarget) => void;
  /** Staff say a waiting message was answered elsewhere, or is not a question. */
  onMarkQuestion: (messageId: string, mark: 'answered' | 'not-question') => void;
  /** The group's timing settings (target, business hours); absent where they cannot be edited. */
  healthConfig?: { load: () => Promise<GroupHealthConfig>; save: (config: unknown) => Promise<string | null> };
  /** "Flag this message" on waiting messages. */
  flag?: FlagActions;
  /** The waiting list shows (or is about to show) this many questions. */
  onUnansweredShown?: (count: number) => void;
}

export function GroupPanelView({ panel, language, now, clock, onSelectMember, onSaveRules, onPostRules, standardRules, onBulkTag, onWelcome, faqFor, onAnswer, onReply, onMarkQuestion, healthConfig, flag, onUnansweredShown }: GroupPanelViewProps) {
  const t = useT();
  const [tagFilter, setTagFilter] = useState('');
  const [stage, setStage] = useState('');
  const [inactiveDays, setInactiveDays] = useState(0);
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const allTags = useMemo(() => {
    const byId = new Map(panel.members.flatMap((m) => m.tags).map((tag) => [tag.id, tag]));
    return [...byId.values()];
  }, [panel.members]);
  const rows = filterMembers(
    panel.members.map((m) => ({
      membership: { groupId: panel.group.id, memberId: m.memberId, firstSeen: m.firstSeen, lastSeen: m.lastSeen, messageCount: m.messageCount, left: m.left },
      name: m.name,
      stage: m.stage,
      tagIds: m.tags.map((tag) => tag.id),
    })),
    { tagIds: tagFilter ? [tagFilter] : [], stage, inactiveDays },
    now,
  );
  const byId = new Map(panel.members.map((m) => [m.memberId, m]));
  const shownMembers = useShownCount();
  // Stable callbacks, so a member row whose member did not change skips its render (MemberRow).
  const selectRef = useRef(onSelectMember);
  selectRef.current = onSelectMember;
  const selectMember = useCallback((id: string) => selectRef.current(id), []);
  const togglePick = useCallback((id: string) => {
    setPicked((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }, []);

  return (
    <div class="group-panel">
      <WaitingList panel={panel} now={clock} onSelectMember={onSelectMember} faqFor={faqFor} onAnswer={onAnswer} onReply={onReply} onMark={onMarkQuestion} flag={flag} onShown={onUnansweredShown} />
      {healthConfig && <GroupHealthSettings load={healthConfig.load} save={healthConfig.save} />}
      <p>
        <a data-testid="gs-open-dashboard" href={dashboardUrl(panel.group.id)} target="_blank" rel="noopener">
          {t('dashOpen')}
        </a>
      </p>

      {panel.recentJoins.length > 0 && (
        <section aria-label={t('sectionNewMembers')}>
          <h3>{t('sectionNewMembers')}</h3>
          <ul class="plain-list">
            {panel.recentJoins.map((join) => (
              <li key={`${join.memberId}-${join.ts}`} class="member-row" data-testid="gs-new-member">
                <button type="button" class="link" onClick={() => onSelectMember(join.memberId)}>
                  {join.name}
                </button>
                <span class="muted member-last-seen">{formatDateTime(join.ts, language)}</span>
                <button type="button" data-testid="gs-welcome" onClick={() => onWelcome(join.name)}>
                  {t('welcomeMember')}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}

      <GroupRulesEditor saved={panel.group.rulesText} standardRules={standardRules} onSave={onSaveRules} onPost={onPostRules} />

      <section aria-label={t('sectionMembers')}>
        <h3>
          {t('sectionMembers')} <span class="muted">({rows.length}/{panel.members.length})</span>
        </h3>
        <div class="filters">
          <select aria-label={t('filterTag')} value={tagFilter} onChange={(e) => setTagFilter((e.currentTarget as HTMLSelectElement).value)}>
            <option value="">{t('filterAnyTag')}</option>
            {allTags.map((tag) => (
              <option key={tag.id} value={tag.id}>
                {tag.name}
              </option>
            ))}
          </select>
          <select aria-label={t('stage')} value={stage} onChange={(e) => setStage((e.currentTarget as HTMLSelectElement).value)}>
            <option value="">{t('filterAnyStage')}</option>
            {LIFECYCLE_STAGES.map((s) => (
              <option key={s} value={s}>
                {t(`stage_${s}`)}
              </option>
            ))}
          </select>
          <label>
            {t('filterInactiveDays')}{' '}
            <input
              type="number"
              min={0}
              max={3650}
              value={inactiveDays}
              style={{ width: '4.5em' }}
              onInput={(e) => setInactiveDays(Number((e.currentTarget as HTMLInputElement).value) || 0)}
            />
          </label>
        </div>
        {picked.size > 0 && (
          <div class="bulk" data-testid="gs-bulk-bar">
            <span>{t('pickedCount', picked.size)}</span>
            <BulkTagInput
              testId="gs-bulk-tag-input"
              onTag={async (name) => {
                const done = await onBulkTag([...picked], name);
                if (done) setPicked(new Set());
                return done;
              }}
            />
          </div>
        )}
        <ul class="plain-list member-rows">
          {rows.slice(0, shownMembers.shown).map((row) => {
            const member = byId.get(row.membership.memberId);
            if (!member) return null;
            return <MemberRow key={member.memberId} member={member} picked={picked.has(member.memberId)} language={language} onSelect={selectMember} onTogglePick={togglePick} />;
          })}
        </ul>
        <ShowMore list="members" shown={shownMembers.shown} total={rows.length} onMore={shownMembers.more} />
      </section>
    </div>
  );
}

interface MemberRowProps {
  member: GroupMember;
  picked: boolean;
  language: string;
  onSelect: (memberId: string) => void;
  onTogglePick: (memberId: string) => void;
}

/**
 * One member of the group's list. The panel is re-read about once a second while a chat
 * streams, as new objects: compared by what the row shows, an unchanged member is not
 * rendered again (300 rows re-rendered on each re-read were most of the sidebar's work).
 */
class MemberRow extends Component<MemberRowProps> {
  // (preact/compat's memo would do the same for 2.5 KB more in the sidebar.)
  override shouldComponentUpdate(next: MemberRowProps): boolean {
    return !sameMemberRow(this.props, next);
  }

  override render() {
    return <MemberRowView {...this.props} />;
  }
}

function MemberRowView({ member, picked, language, onSelect, onTogglePick }: MemberRowProps) {
  const t = useT();
  return (
    <li class="member-row" data-testid="gs-group-member">
      <input type="checkbox" checked={picked} aria-label={t('pickMember', member.name)} onChange={() => onTogglePick(member.memberId)} />
      <button type="button" class="link" onClick={() => onSelect(member.memberId)}>
        {member.name}
      </button>
      {member.left && <span class="muted"> ({t('memberLeft')})</span>}
      <span class="member-tags">
        {member.tags.map((tag) => (
          <span key={tag.id} class="mini-chip" style={{ '--chip': tag.color }}>
            {tag.name}
          </span>
        ))}
      </span>
      <span class="muted member-last-seen">{formatDateTime(member.lastSeen, language)}</span>
    </li>
  );
}

function sameMemberRow(a: MemberRowProps, b: MemberRowProps): boolean {
  if (a.picked !== b.picked || a.language !== b.language || a.onSelect !== b.onSelect || a.onTogglePick !== b.onTogglePick) return false;
  const x = a.member;
  const y = b.member;
  if (x === y) return true;
  if (x.memberId !== y.memberId || x.name !== y.name || x.left !== y.left || x.lastSeen !== y.lastSeen || x.tags.length !== y.tags.length) return false;
  return x.tags.every((tag, i) => {
    const other = y.tags[i];
    return other !== undefined && tag.id === other.id && tag.name === other.name && tag.color === other.color;
  });
}

