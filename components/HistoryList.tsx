import { useMemo, useState } from 'preact/hooks';
import type { Message } from '../lib/model';
import { type FlagActions, FlagMessageForm } from './FlagMessageForm';
import { useT } from '../lib/i18n';
import { formatDateTime } from './format';
import { VirtualList } from './VirtualList';

interface HistoryListProps {
  messages: readonly Message[];
  groupTitles: ReadonlyMap<string, string>;
  language: string;
  /** More (older) messages are stored than shown; scrolling near the end asks for them. */
  more?: boolean;
  onLoadMore?: () => void;
  /** A message to scroll to and mark (opened from a search result). */
  focusId?: string | null;
  /** Messages the member wrote in all (stored counter), shown beside the loaded count. */
  total?: number;
  /**
   * Messages that already have a case: `flagged` by staff, `case` (a suggestion or another
   * decision); the others offer "Flag this message" when `flag` is given.
   */
  caseStates?: ReadonlyMap<string, 'flagged' | 'case'>;
  flag?: FlagActions;
  /** The member's name now: a message posted under another (an earlier nick) says which. */
  currentName?: string;
  /** The member's nick changes, to say on a rename row what it changed from and to. */
  renames?: ReadonlyArray<{ from: string; to: string; at: number }>;
}

const ROW_HEIGHT = 58;

export function HistoryList({ messages, groupTitles, language, more, onLoadMore, focusId, total, caseStates, flag, currentName, renames }: HistoryListProps) {
  const t = useT();
  const [query, setQuery] = useState('');
  const [flagging, setFlagging] = useState<Message | null>(null);
  /** A join, leave, kick or rename as a line; a nick change says from what to what. */
  const eventText = (m: Message) => {
    const renamed = m.kind === 'rename' ? renames?.find((r) => r.at === m.ts && r.from === m.authorName) : undefined;
    return renamed ? t('event_renamed', renamed.from, renamed.to) : t(`event_${m.kind}`);
  };
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    return q ? messages.filter((m) => m.text.toLowerCase().includes(q)) : messages;
  }, [messages, query]);
  return (
    <section class="history">
      <h3>
        {t('sectionHistory')} <span class="muted">({query || total === undefined ? shown.length : total})</span>
      </h3>
      <input
        type="search"
        class="history-search"
        value={query}
        placeholder={t('historySearch')}
        aria-label={t('historySearch')}
        onInput={(event) => setQuery((event.currentTarget as HTMLInputElement).value)}
      />
      {flag && flagging && <FlagMessageForm key={flagging.id} message={flagging} {...flag} onClose={() => setFlagging(null)} />}
      <VirtualList
        items={shown}
        itemHeight={ROW_HEIGHT}
        height={280}
        label={t('sectionHistory')}
        itemKey={(m) => m.id}
        onNearEnd={more ? onLoadMore : undefined}
        scrollToIndex={focusId ? shown.findIndex((m) => m.id === focusId) : undefined}
        renderItem={(m) => (
          <div class={m.id === focusId ? 'history-item history-focus' : 'history-item'} data-testid="gs-history-item" data-message-id={m.id}>
            <div class="history-meta">
              <span class="history-when">
                {formatDateTime(m.ts, language)} · {groupTitles.get(m.groupId) ?? ''}
                {currentName !== undefined && m.kind === 'message' && m.authorName !== currentName && (
                  <span data-testid="gs-history-author" data-name={m.authorName}>
                    {' · '}
                    {t('postedAs', m.authorName)}
                  </span>
                )}
              </span>
              {caseStates?.get(m.id) === 'flagged' ? (
                <span class="badge-soft" data-testid="gs-history-flagged">
                  {t('flagged')}
                </span>
              ) : (
                flag &&
                m.kind === 'message' &&
                !caseStates?.has(m.id) && (
                  <button type="button" class="link flag-button" data-testid="gs-flag-message" title={t('flagMessage')} onClick={() => setFlagging(m)}>
                    {t('flagMessage')}
                  </button>
                )
              )}
            </div>
            <div class="history-text">{m.kind === 'message' ? m.text : eventText(m)}</div>
          </div>
        )}
      />
    </section>
  );
}
