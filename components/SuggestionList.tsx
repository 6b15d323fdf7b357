import { useState } from 'preact/hooks';
import type { FlaggedMessageView } from '../lib/messaging/protocol';
import { useT } from '../lib/i18n';
import { DISMISS_REASON_CODES, type DismissReasonCode } from '../lib/model';
import { Evidence } from './Evidence';
import { formatDateTime } from './format';
import { ShowMore, useShownCount } from './ShowMore';

interface SuggestionListProps {
  suggestions: readonly FlaggedMessageView[];
  language: string;
  /** The ladder's window, to say how long earlier decisions count. */
  windowDays: number;
  /** Empty: every case is signed, so the list asks for the name first. */
  staffName: string;
  onSaveStaffName: (name: string) => Promise<boolean>;
  /** Puts the step's text where its channel says (or records a staff-only step). */
  onAct: (item: FlaggedMessageView, reason: string) => void;
  /** Staff confirm they did it (reminded privately, muted, removed). */
  onConfirm: (item: FlaggedMessageView, reason: string) => void;
  /** The inserted text was not sent (composer cleared): forget it, no case. */
  onCancel: (item: FlaggedMessageView) => void;
  onDismiss: (item: FlaggedMessageView, code: DismissReasonCode, text: string) => void;
  onSelectMember: (memberId: string) => void;
}

/** One item per flagged message: every category and its evidence, the step and its channel, why, and one decision. */
export function SuggestionList(props: SuggestionListProps) {
  const t = useT();
  const { suggestions, staffName } = props;
  const { shown, more } = useShownCount();
  return (
    <section aria-label={t('sectionSuggestions')}>
      <h3>
        {t('sectionSuggestions')} <span class="muted">({suggestions.length})</span>
      </h3>
      {suggestions.length > 0 && !staffName.trim() && <StaffNamePrompt onSave={props.onSaveStaffName} />}
      {suggestions.length === 0 && <p class="hint">{t('noSuggestions')}</p>}
      <ul class="plain-list">
        {suggestions.slice(0, shown).map((s) => (
          <SuggestionItem key={s.messageId} item={s} {...props} />
        ))}
      </ul>
      <ShowMore list="suggestions" shown={shown} total={suggestions.length} onMore={more} />
    </section>
  );
}

function StaffNamePrompt({ onSave }: { onSave: (name: string) => Promise<boolean> }) {
  const t = useT();
  const [name, setName] = useState('');
  return (
    <form
      class="staff-name"
      onSubmit={(e) => {
        e.preventDefault();
        if (name.trim()) void onSave(name.trim());
      }}
    >
      <label>
        {t('staffNamePrompt')}
        <input data-testid="gs-staff-name-input" value={name} maxLength={100} onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)} />
      </label>
      <button type="submit" data-testid="gs-staff-name-save" disabled={!name.trim()}>
        {t('save')}
      </button>
    </form>
  );
}

function channelKey(item: FlaggedMessageView): string {
  return item.choice.channel ?? 'none';
}

function SuggestionItem({ item, language, windowDays, staffName, onAct, onConfirm, onCancel, onDismiss, onSelectMember }: { item: FlaggedMessageView } & SuggestionListProps) {
  const t = useT();
  const [dismissing, setDismissing] = useState(false);
  const [code, setCode] = useState<DismissReasonCode>('not-a-problem');
  const [dismissText, setDismissText] = useState('');
  const [reason, setReason] = useState('');
  const { choice, pending } = item;
  const channel = channelKey(item);
  const signed = staffName.trim() !== '';
  const name = item.authorName || item.memberId;

  const why =
    choice.why === 'rule-none'
      ? t('whyRuleNone')
      : choice.why === 'rule-minimum'
        ? t('whyRuleMinimum', t(`action_${item.ruleAction}`), choice.ladderStep)
        : item.activeDecisions === 0
          ? t('whyFirst', windowDays)
          : t('whyLadder', item.activeDecisions, windowDays);

  const actLabel =
    choice.step === 0
      ? t('applyRecordOnly')
      : choice.channel === 'staff'
        ? t(`actStaff_${choice.outcome}`)
        : choice.outcome !== 'none'
          ? t(`act_${choice.channel}_then_${choice.outcome}`)
          : t(`act_${choice.channel}`);
  const needsConfirm = pending !== null && (pending.channel === 'private' || pending.outcome !== 'none');

  return (
    <li class={`suggestion severity-${item.categories[0]?.category ?? 'custom'}`} data-testid="gs-warning-item" data-message-id={item.messageId} data-category={item.categories.map((c) => c.category).join(' ')}>
      <div class="suggestion-head">
        <button type="button" class="link" onClick={() => onSelectMember(item.memberId)}>
          {name}
        </button>
        <span class="muted">{formatDateTime(item.ts, language)}</span>
      </div>
      <ul class="categories">
        {item.categories.map((c) => (
          <li key={c.category} data-testid="gs-warning-category" data-category={c.category}>
            <span class="badge-soft">{t(`category_${c.category}`)}</span> <span class="muted">{language === 'zh_CN' ? (c.reasonZh ?? c.reason) : c.reason}</span>
          </li>
        ))}
      </ul>
      <Evidence text={item.text} spans={item.spans} />
      <p class="step-line" data-testid="gs-warning-step" data-step={choice.step} data-channel={channel}>
        {choice.step > 0 && <strong>{t('stepOf', choice.step, choice.totalSteps)} · </strong>}
        <span class={`channel channel-${channel}`} data-testid="gs-warning-channel" data-channel={channel}>
          {t(`channel_${channel}`)}
        </span>
        {choice.outcome !== 'none' && <> · {t(`outcome_${choice.outcome}`)}</>}
      </p>
      <p class="muted suggestion-meta">{channel === 'public' && choice.outcome !== 'none' ? t(`channelHintPublicThen_${choice.outcome}`, name) : t(`channelHint_${channel}`, name)}</p>
      <p class="muted suggestion-meta" data-testid="gs-warning-why" data-why={choice.why}>
        {why}
        {choice.weight > 1 && choice.why !== 'rule-none' ? ` ${t('whyWeight', choice.weight)}` : ''}
      </p>
      {pending && (
        <div class="pending" data-testid="gs-warning-pending" data-channel={pending.channel} role="status">
          <p>{pending.channel === 'public' ? (pending.outcome === 'none' ? t('pendingPublic') : t(`pendingPublicThen_${pending.outcome}`, name)) : t('pendingPrivate', name)}</p>
          <div class="row-actions">
            {needsConfirm && (
              <button type="button" data-testid="gs-warning-confirm" disabled={!signed} onClick={() => onConfirm(item, reason)}>
                {pending.outcome === 'none' ? t('confirmPrivate') : t(`confirmOutcome_${pending.outcome}`)}
              </button>
            )}
            <button type="button" class="secondary" data-testid="gs-action-cancel" onClick={() => onCancel(item)}>
              {t('cancelPending')}
            </button>
          </div>
        </div>
      )}
      {dismissing ? (
        <div class="row-actions">
          <select data-testid="gs-dismiss-reason" aria-label={t('dismissReason')} value={code} onChange={(e) => setCode((e.currentTarget as HTMLSelectElement).value as DismissReasonCode)}>
            {DISMISS_REASON_CODES.map((key) => (
              <option key={key} value={key} data-reason={key}>
                {t(`dismiss_${key.replaceAll('-', '_')}`)}
              </option>
            ))}
          </select>
          <input
            data-testid="gs-dismiss-text"
            aria-label={t('dismissText')}
            placeholder={t('dismissText')}
            value={dismissText}
            maxLength={1000}
            onInput={(e) => setDismissText((e.currentTarget as HTMLInputElement).value)}
          />
          <button type="button" data-testid="gs-warning-dismiss-confirm" disabled={!signed || (code === 'other' && !dismissText.trim())} onClick={() => onDismiss(item, code, dismissText.trim())}>
            {t('dismiss')}
          </button>
          <button type="button" class="link" onClick={() => setDismissing(false)}>
            {t('cancel')}
          </button>
        </div>
      ) : (
        !pending && (
          <>
            <input
              class="case-reason"
              data-testid="gs-warning-reason"
              aria-label={t('caseReason')}
              placeholder={t('caseReason')}
              value={reason}
              maxLength={1000}
              onInput={(e) => setReason((e.currentTarget as HTMLInputElement).value)}
            />
            <div class="row-actions">
              <button type="button" data-testid="gs-warning-apply" data-channel={channel} disabled={!signed} onClick={() => onAct(item, reason)}>
                {actLabel}
              </button>
              <button type="button" class="secondary" data-testid="gs-warning-dismiss" disabled={!signed} onClick={() => setDismissing(true)}>
                {t('dismiss')}
              </button>
            </div>
          </>
        )
      )}
    </li>
  );
}
