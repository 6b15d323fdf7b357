import { useEffect, useRef } from 'preact/hooks';
import { useT } from '../lib/i18n';
import type { Message } from '../lib/model';
import type { SearchFilters } from '../lib/state/history-store';
import { formatDateTime } from './format';

interface SearchPanelProps {
  filters: SearchFilters;
  onFilters: (next: SearchFilters) => void;
  results: { messages: Message[]; more: boolean; groupTitles: Record<string, string> } | null;
  error: string | null;
  language: string;
  /** Whether a group is open and a member selected (the scopes that need them). */
  hasGroup: boolean;
  hasMember: boolean;
  onOpen: (message: Message) => void;
}

/** Search across every stored message: words (Chinese or not), in all history, this group or the selected member, between dates. */
export function SearchPanel({ filters, onFilters, results, error, language, hasGroup, hasMember, onOpen }: SearchPanelProps) {
  const t = useT();
  const set = (change: Partial<SearchFilters>) => onFilters({ ...filters, ...change });
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (filters.scope === 'group' && !hasGroup) set({ scope: 'all' });
    if (filters.scope === 'member' && !hasMember) set({ scope: 'all' });
  });
  return (
    <section class="search-panel" aria-label={t('searchHistory')}>
      <input
        ref={input}
        type="search"
        class="search-input"
        data-testid="gs-search-input"
        value={filters.text}
        placeholder={t('searchHistoryPlaceholder')}
        aria-label={t('searchHistory')}
        onInput={(event) => set({ text: (event.currentTarget as HTMLInputElement).value })}
      />
      <div class="search-filters">
        <select aria-label={t('searchScope')} data-testid="gs-search-scope" value={filters.scope} onChange={(event) => set({ scope: (event.currentTarget as HTMLSelectElement).value as SearchFilters['scope'] })}>
          <option value="all">{t('searchScopeAll')}</option>
          <option value="group" disabled={!hasGroup}>
            {t('searchScopeGroup')}
          </option>
          <option value="member" disabled={!hasMember}>
            {t('searchScopeMember')}
          </option>
        </select>
        <label>
          {t('searchFrom')}
          <input type="date" data-testid="gs-search-from" value={filters.from} onInput={(event) => set({ from: (event.currentTarget as HTMLInputElement).value })} />
        </label>
        <label>
          {t('searchTo')}
          <input type="date" data-testid="gs-search-to" value={filters.to} onInput={(event) => set({ to: (event.currentTarget as HTMLInputElement).value })} />
        </label>
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {results && (
        <div class="search-results" role="status">
          <p class="muted">{results.messages.length === 0 ? t('searchNoResults') : results.more ? t('searchManyResults', results.messages.length) : t('searchResults', results.messages.length)}</p>
          <ul>
            {results.messages.map((m) => (
              <li key={m.id}>
                <button type="button" class="search-result" data-testid="gs-search-result" data-message-id={m.id} onClick={() => onOpen(m)}>
                  <span class="history-meta">
                    {m.authorName} · {results.groupTitles[m.groupId] ?? ''} · {formatDateTime(m.ts, language)}
                  </span>
                  <span class="history-text">{m.text}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
