import { useState } from 'preact/hooks';
import type { PendingSuggestionView } from '../lib/messaging/protocol';
import { useT } from '../lib/i18n';
import { Evidence } from './Evidence';
import { formatDateTime } from './format';

interface SuggestionListProps {
  suggestions: readonly PendingSuggestionView[];
  language: string;
  onApply: (suggestion: PendingSuggestionView) => void;
  onDismiss: (suggestion: PendingSuggestionView, reason: string) => void;
  onSelectMember: (memberId: string) => void;
}

const DISMISS_REASONS = ['dismissFalsePositive', 'dismissHandled', 'dismissMinor'] as const;

export function SuggestionList({ suggestions, language, onApply, onDismiss, onSelectMember }: SuggestionListProps) {
  const t = useT();
  return (
    <section aria-label={t('sectionSuggestions')}>
      <h3>
        {t('sectionSuggestions')} <span class="muted">({suggestions.length})</span>
      </h3>
      {suggestions.length === 0 && <p class="hint">{t('noSuggestions')}</p>}
      <ul class="plain-list">
        {suggestions.map((s) => (
          <SuggestionItem key={s.suggestion.id} item={s} language={language} onApply={onApply} onDismiss={onDismiss} onSelectMember={onSelectMember} />
        ))}
      </ul>
    </section>
  );
}

function SuggestionItem({
  item,
  language,
  onApply,
  onDismiss,
  onSelectMember,
}: { item: PendingSuggestionView } & Omit<SuggestionListProps, 'suggestions'>) {
  const t = useT();
  const [dismissing, setDismissing] = useState(false);
  const [reason, setReason] = useState<string>(DISMISS_REASONS[0]);
  const evidence = item.suggestion.evidence;
  return (
    <li class={`suggestion severity-${item.suggestion.category}`} data-testid="gs-warning-item" data-category={item.suggestion.category}>
      <div class="suggestion-head">
        <button type="button" class="link" onClick={() => onSelectMember(item.suggestion.memberId)}>
          {evidence?.authorName ?? item.suggestion.memberId}
        </button>
        <span class="badge-soft">{language === 'zh_CN' ? item.reasonZh : item.reason}</span>
      </div>
      {evidence && <Evidence text={evidence.text} spans={evidence.spans} />}
      <p class="muted suggestion-meta">
        {evidence ? `${formatDateTime(evidence.ts, language)} · ` : ''}
        {t('ladderAdvice', t(`action_${item.action}`), item.activeWarnings)}
      </p>
      {dismissing ? (
        <div class="row-actions">
          <select aria-label={t('dismissReason')} value={reason} onChange={(e) => setReason((e.currentTarget as HTMLSelectElement).value)}>
            {DISMISS_REASONS.map((key) => (
              <option key={key} value={key}>
                {t(key)}
              </option>
            ))}
          </select>
          <button type="button" data-testid="gs-warning-dismiss-confirm" onClick={() => onDismiss(item, t(reason))}>
            {t('dismiss')}
          </button>
          <button type="button" class="link" onClick={() => setDismissing(false)}>
            {t('cancel')}
          </button>
        </div>
      ) : (
        <div class="row-actions">
          <button type="button" data-testid="gs-warning-apply" onClick={() => onApply(item)}>
            {item.action === 'none' ? t('applyRecordOnly') : t('applyWithTemplate', t(`action_${item.action}`))}
          </button>
          <button type="button" class="secondary" data-testid="gs-warning-dismiss" onClick={() => setDismissing(true)}>
            {t('dismiss')}
          </button>
        </div>
      )}
    </li>
  );
}
