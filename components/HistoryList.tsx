import { useMemo, useState } from 'preact/hooks';
import type { Message } from '../lib/model';
import { useT } from '../lib/i18n';
import { formatDateTime } from './format';
import { VirtualList } from './VirtualList';

interface HistoryListProps {
  messages: readonly Message[];
  groupTitles: ReadonlyMap<string, string>;
  language: string;
}

const ROW_HEIGHT = 58;

export function HistoryList({ messages, groupTitles, language }: HistoryListProps) {
  const t = useT();
  const [query, setQuery] = useState('');
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    return q ? messages.filter((m) => m.text.toLowerCase().includes(q)) : messages;
  }, [messages, query]);
  return (
    <section class="history">
      <h3>
        {t('sectionHistory')} <span class="muted">({shown.length})</span>
      </h3>
      <input
        type="search"
        class="history-search"
        value={query}
        placeholder={t('historySearch')}
        aria-label={t('historySearch')}
        onInput={(event) => setQuery((event.currentTarget as HTMLInputElement).value)}
      />
      <VirtualList
        items={shown}
        itemHeight={ROW_HEIGHT}
        height={280}
        label={t('sectionHistory')}
        itemKey={(m) => m.id}
        renderItem={(m) => (
          <div class="history-item" data-testid="gs-history-item">
            <div class="history-meta">
              {formatDateTime(m.ts, language)} · {groupTitles.get(m.groupId) ?? ''}
            </div>
            <div class="history-text">{m.kind === 'message' ? m.text : t(`event_${m.kind}`)}</div>
          </div>
        )}
      />
    </section>
  );
}
