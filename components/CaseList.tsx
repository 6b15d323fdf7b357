import type { Case } from '../lib/model';
import { useT } from '../lib/i18n';
import { caseLogEntries } from '../lib/moderation/case-log';
import { Evidence } from './Evidence';
import { formatDateTime } from './format';

interface CaseListProps {
  cases: readonly Case[];
  language: string;
  activeWarnings: number;
  onRevokeLast: () => void;
  onReset: () => void;
}

/** The member's case log: suggestions, decisions (who, when, why) and revocations. */
export function CaseList({ cases, language, activeWarnings, onRevokeLast, onReset }: CaseListProps) {
  const t = useT();
  const byId = new Map(cases.map((c) => [c.id, c]));
  const shown = caseLogEntries(cases);
  return (
    <section class="cases" aria-label={t('sectionWarnings')}>
      <h3>
        {t('sectionWarnings')} <span class="muted">({t('activeWarnings', activeWarnings)})</span>
      </h3>
      {activeWarnings > 0 && (
        <div class="row-actions">
          <button type="button" class="secondary" onClick={onRevokeLast}>
            {t('revokeLastWarning')}
          </button>
          <button type="button" class="secondary" onClick={onReset}>
            {t('resetWarnings')}
          </button>
        </div>
      )}
      {shown.length === 0 && <p class="hint">{t('noCases')}</p>}
      <ul class="plain-list">
        {shown.map((c) => {
          const evidence = c.evidence ?? (c.refersTo ? byId.get(c.refersTo)?.evidence : undefined);
          return (
            <li key={c.id} class={`case case-${c.kind}`} data-testid="gs-case-item" data-kind={c.kind}>
              <div class="case-head">
                <strong>{t(`case_${c.kind.replaceAll('-', '_')}`)}</strong>
                {c.memberAction !== 'none' && c.kind !== 'suggested' && c.kind !== 'manual-warning' && <span class="badge-soft">{t(`action_${c.memberAction}`)}</span>}
                <span class="muted">{formatDateTime(c.at, language)}</span>
              </div>
              <p class="muted case-meta">
                {[
                  (c.categories ?? (c.category ? [c.category] : [])).map((category) => t(`category_${category}`)).join(' + '),
                  c.step ? t('stepNumber', c.step) : '',
                  c.channel ? t(`channel_${c.channel}`) : '',
                  c.recordedBy ? t(`recordedBy_${c.recordedBy.replaceAll('-', '_')}`) : '',
                  c.actor && c.actor !== 'audit' ? c.actor : '',
                  c.reasonCode ? t(`dismiss_${c.reasonCode.replaceAll('-', '_')}`) : '',
                  c.kind !== 'suggested' ? c.reason : '',
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </p>
              {c.sentText && <p class="muted case-meta case-sent">{t('caseSentText', c.sentText)}</p>}
              {evidence && <Evidence text={evidence.text} spans={evidence.spans} />}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
