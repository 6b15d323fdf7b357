import { useEffect, useRef, useState } from 'preact/hooks';
import { WAITING_TICK_MS, waitingAt } from '../lib/analytics/waiting-clock';
import type { GroupPanel } from '../lib/messaging/protocol';
import type { Template } from '../lib/model';
import { useT } from '../lib/i18n';
import { formatElapsed } from '../lib/i18n/elapsed';
import { type FlagActions, FlagMessageForm } from './FlagMessageForm';
import { LIST_PAGE, ShowMore, useShownCount } from './ShowMore';
import type { ReplyTarget } from '../lib/state/sidebar-store';

interface WaitingListProps {
  panel: GroupPanel;
  /** The sidebar's clock; read again every tick. */
  now: () => number;
  onSelectMember: (memberId: string) => void;
  faqFor: (question: string) => Template[];
  onAnswer: (template: Template, askerName: string) => void;
  /** Answer with any template: the asker becomes the selected member ({member}) and the picker opens. */
  onReply?: (question: ReplyTarget) => void;
  onMark: (messageId: string, mark: 'answered' | 'not-question') => void;
  /** "Flag this message" on a waiting message (an ad or insult the rules missed). */
  flag?: FlagActions;
  /**
   * How many questions the list shows now and may show next (a page ahead): a panel read with
   * fewer than that (`unansweredTotal` counts the rest) is read again with more.
   */
  onShown?: (count: number) => void;
}

/** Customer questions waiting for staff, oldest first, coloured against the group's target. */
export function WaitingList({ panel, now, onSelectMember, faqFor, onAnswer, onReply, onMark, flag, onShown }: WaitingListProps) {
  const t = useT();
  const [flagging, setFlagging] = useState<string | null>(null);
  const [tickNow, setTickNow] = useState(now);
  const { shown, more } = useShownCount();
  const total = panel.unansweredTotal ?? panel.unanswered.length;
  // Told once per change of `shown` (a new callback on a re-render asks for nothing new).
  const onShownNow = useRef(onShown);
  onShownNow.current = onShown;
  useEffect(() => onShownNow.current?.(shown + LIST_PAGE), [shown]);
  useEffect(() => {
    setTickNow(now());
    const timer = setInterval(() => setTickNow(now()), WAITING_TICK_MS);
    return () => clearInterval(timer);
  }, [panel, now]);
  const targetMs = panel.health.targetMinutes * 60_000;

  return (
    <section aria-label={t('sectionUnanswered')}>
      <h3>
        {t('sectionUnanswered')} <span class="muted">({total})</span>{' '}
        <span class="muted small">{t('waitingTarget', panel.health.targetMinutes)}</span>
      </h3>
      {total === 0 && <p class="hint">{t('noUnanswered')}</p>}
      <ul class="plain-list">
        {panel.unanswered.slice(0, shown).map((q) => {
          const wait = waitingAt(q, panel.health.computedAt, tickNow, targetMs);
          return (
            <li key={q.message.id} data-testid="gs-unanswered-item" data-state={wait.level} class={`waiting waiting-${wait.level}${wait.level === 'missed' ? ' overdue' : ''}`}>
              <button type="button" class="link" onClick={() => onSelectMember(q.message.memberId)}>
                {q.message.authorName}
              </button>
              <span class="muted" data-testid="gs-unanswered-wait">
                {' '}
                · {t('waitingFor', formatElapsed(wait.waitingMs, t))}
                {wait.businessWaitingMs !== wait.waitingMs && ` (${t('waitingInBusinessHours', formatElapsed(wait.businessWaitingMs, t))})`}
              </span>
              {wait.level !== 'ok' && <span class={`wait-flag wait-flag-${wait.level}`}>{t(wait.level === 'missed' ? 'waitingMissed' : 'waitingDue')}</span>}
              <p class="waiting-text">{q.message.text}</p>
              <div class="row-actions">
                {faqFor(q.message.text).map((template) => (
                  <button key={template.id} type="button" class="secondary faq" data-testid="gs-faq-suggestion" onClick={() => onAnswer(template, q.message.authorName)}>
                    {t('answerWith', template.name)}
                  </button>
                ))}
                {onReply && (
                  <button type="button" class="secondary" data-testid="gs-question-reply" onClick={() => onReply({ messageId: q.message.id, memberId: q.message.memberId, authorName: q.message.authorName, text: q.message.text })}>
                    {t('replyWithTemplate')}
                  </button>
                )}
                <button type="button" class="secondary" data-testid="gs-question-answered" onClick={() => onMark(q.message.id, 'answered')}>
                  {t('markAnswered')}
                </button>
                <button type="button" class="secondary" data-testid="gs-question-dismiss" onClick={() => onMark(q.message.id, 'not-question')}>
                  {t('markNotQuestion')}
                </button>
                {flag && (
                  <button type="button" class="link flag-button" data-testid="gs-flag-message" onClick={() => setFlagging(q.message.id)}>
                    {t('flagMessage')}
                  </button>
                )}
              </div>
              {flag && flagging === q.message.id && <FlagMessageForm message={q.message} {...flag} onClose={() => setFlagging(null)} />}
            </li>
          );
        })}
      </ul>
      <ShowMore list="unanswered" shown={shown} total={total} onMore={more} />
    </section>
  );
}
