import { useState } from 'preact/hooks';
import { LIFECYCLE_STAGES, type LifecycleStage, type Member, VALUE_TIERS } from '../lib/model';
import type { MemberCard as MemberCardData } from '../lib/messaging/protocol';
import { useT } from '../lib/i18n';
import { formatDateTime } from './format';
import { HistoryList } from './HistoryList';
import { NoteEditor } from './NoteEditor';
import { CaseList } from './CaseList';
import { TagEditor } from './TagEditor';
import type { Case, Tag } from '../lib/model';
import type { FlagActions } from './FlagMessageForm';

interface MemberCardProps {
  card: MemberCardData;
  tagSuggestions: readonly Tag[];
  language: string;
  onAddTag: (name: string) => Promise<boolean>;
  onRemoveTag: (tagId: string) => void;
  onAddNote: (text: string) => Promise<boolean>;
  onDeleteNote: (noteId: string) => void;
  onStageChange: (stage: LifecycleStage | null) => void;
  onTierChange: (tier: Member['tier'] | null) => void;
  onEditNote: (noteId: string, text: string) => Promise<boolean>;
  /** The group open in the page: warnings are counted and revoked per group. */
  groupId: string | null;
  onRevokeWarnings: (groupId: string, all: boolean) => void;
  onForget: () => void;
  /** Reads the next older page of history as the list is scrolled. */
  onLoadMoreHistory?: () => void;
  /** A message to show and mark in the history (opened from search). */
  focusMessageId?: string | null;
  /** "Flag this message" on history items (see HistoryList). */
  flag?: FlagActions;
}

/** Which of the member's messages already have a case, for the history's flag buttons. */
export function historyCaseStates(cases: readonly Case[]): Map<string, 'flagged' | 'case'> {
  const states = new Map<string, 'flagged' | 'case'>();
  for (const c of cases) {
    if (!c.messageId || (c.kind === 'suggested' && c.actor === 'audit')) continue;
    if (c.kind === 'manual-warning') states.set(c.messageId, 'flagged');
    else if (!states.has(c.messageId)) states.set(c.messageId, 'case');
  }
  return states;
}

export function MemberCard({ card, tagSuggestions, language, groupId, onRevokeWarnings, onForget, ...actions }: MemberCardProps) {
  const t = useT();
  const { member } = card;
  const groupTitles = new Map(card.memberships.map((m) => [m.groupId, m.groupTitle]));
  const revoked = new Set(card.cases.filter((c) => c.kind === 'warning-revoked').map((c) => c.refersTo));
  const warnings = card.cases.filter((c) => (c.kind === 'applied' || c.kind === 'manual-warning') && c.memberAction !== 'none' && !revoked.has(c.id));
  const groupWarnings = groupId ? warnings.filter((c) => c.groupId === groupId).length : warnings.length;
  return (
    <article class="member-card" data-testid="gs-member-card" aria-labelledby="gs-member-name">
      <header>
        <h2 id="gs-member-name" data-testid="gs-member-name">
          {member.name}
        </h2>
        {card.renames.length > 0 && (
          <p class="muted" data-testid="gs-member-formerly">
            {t('formerlyKnownAs')}{' '}
            {card.renames.map((r, i) => (
              <span key={`${r.from}-${r.at}`} data-testid="gs-member-former-nick" data-nick={r.from} title={t('renamedAt', r.from, r.to, formatDateTime(r.at, language))}>
                {i > 0 ? ', ' : ''}
                {r.from}
              </span>
            ))}
          </p>
        )}
        {member.aliases.filter((a) => !card.renames.some((r) => r.from === a)).length > 0 && (
          <p class="muted">
            {t('aliases')}: {member.aliases.filter((a) => !card.renames.some((r) => r.from === a)).join(', ')}
          </p>
        )}
        {card.staffNameClash !== null && (
          <p class="staff-clash" role="alert" data-testid="gs-staff-impostor">
            {t('staffNameClash', card.staffNameClash)}
          </p>
        )}
        <label class="stage">
          {t('stage')}{' '}
          <select
            value={member.stage ?? ''}
            onChange={(event) => {
              const value = (event.currentTarget as HTMLSelectElement).value;
              actions.onStageChange(value ? (value as LifecycleStage) : null);
            }}
          >
            <option value="">{t('stage_none')}</option>
            {LIFECYCLE_STAGES.map((stage) => (
              <option key={stage} value={stage}>
                {t(`stage_${stage}`)}
              </option>
            ))}
          </select>
        </label>{' '}
        <label class="stage">
          {t('tier')}{' '}
          <select
            value={member.tier ?? ''}
            onChange={(event) => {
              const value = (event.currentTarget as HTMLSelectElement).value;
              actions.onTierChange(value ? (value as NonNullable<Member['tier']>) : null);
            }}
          >
            <option value="">{t('stage_none')}</option>
            {VALUE_TIERS.map((tier) => (
              <option key={tier} value={tier}>
                {t(`tier_${tier}`)}
              </option>
            ))}
          </select>
        </label>
      </header>
      <dl class="facts">
        <dt>{t('firstSeen')}</dt>
        <dd>{formatDateTime(member.firstSeen, language)}</dd>
        <dt>{t('lastSeen')}</dt>
        <dd>{formatDateTime(member.lastSeen, language)}</dd>
        <dt>{t('messageCount')}</dt>
        <dd data-testid="gs-member-message-count">{card.messageCount}</dd>
        <dt>{t('site')}</dt>
        <dd>{member.site}</dd>
        <dt>{t('memberId')}</dt>
        <dd data-testid="gs-member-id">{member.id}</dd>
        <dt>{t('memberStaff')}</dt>
        <dd data-testid="gs-member-staff" data-state={card.staff ?? 'no'}>
          {t(`memberStaff_${card.staff ?? 'no'}`)}
        </dd>
        <dt>{t('groups')}</dt>
        <dd>{card.memberships.map((m) => m.groupTitle).join(' · ')}</dd>
        <dt>{t('warnings')}</dt>
        <dd>{warnings.length}</dd>
      </dl>
      <TagEditor tags={card.tags} suggestions={tagSuggestions} onAdd={actions.onAddTag} onRemove={actions.onRemoveTag} />
      <NoteEditor notes={card.notes} language={language} onSave={actions.onAddNote} onEdit={actions.onEditNote} onDelete={actions.onDeleteNote} />
      <CaseList
        cases={card.cases}
        language={language}
        activeWarnings={groupWarnings}
        onRevokeLast={() => groupId && onRevokeWarnings(groupId, false)}
        onReset={() => groupId && onRevokeWarnings(groupId, true)}
      />
      <HistoryList
        messages={card.history}
        groupTitles={groupTitles}
        language={language}
        more={card.historyMore}
        onLoadMore={actions.onLoadMoreHistory}
        focusId={actions.focusMessageId}
        total={card.messageCount}
        caseStates={historyCaseStates(card.cases)}
        flag={actions.flag}
        currentName={member.name}
        renames={card.renames}
      />
      <ForgetMember name={member.name} onForget={onForget} />
    </article>
  );
}

/** A privacy request: two clicks, so it is never done by accident. */
function ForgetMember({ name, onForget }: { name: string; onForget: () => void }) {
  const t = useT();
  const [confirming, setConfirming] = useState(false);
  return (
    <section class="forget" aria-label={t('forgetMember')}>
      {confirming ? (
        <div class="row-actions" role="alert">
          <span>{t('forgetConfirm', name)}</span>
          <button type="button" class="danger" data-testid="gs-forget-confirm" onClick={onForget}>
            {t('forgetMember')}
          </button>
          <button type="button" class="secondary" onClick={() => setConfirming(false)}>
            {t('cancel')}
          </button>
        </div>
      ) : (
        <button type="button" class="link" data-testid="gs-forget" onClick={() => setConfirming(true)}>
          {t('forgetMember')}
        </button>
      )}
    </section>
  );
}
