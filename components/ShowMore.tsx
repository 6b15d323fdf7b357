import { useState } from 'preact/hooks';
import { useT } from '../lib/i18n';

/**
 * Long lists in the sidebar (waiting questions, rule suggestions) show their first
 * `LIST_PAGE` items and grow by as many on request. A 10,000-message backfill leaves
 * thousands of waiting questions: rendering every one built 65,000 nodes and took the
 * sidebar's renderer half a second of layout per refresh, on the cores the chat page and the
 * store need; staff work from the top of the list anyway. The header keeps the full count.
 */
export const LIST_PAGE = 50;

/** How many items of a list to render; `more()` adds a page. */
export function useShownCount(page = LIST_PAGE) {
  const [shown, setShown] = useState(page);
  return { shown, more: () => setShown((n) => n + page) };
}

interface ShowMoreProps {
  /** Which list (data-list), for tests and automation. */
  list: string;
  shown: number;
  total: number;
  onMore: () => void;
  page?: number;
}

/** "Show 50 more (120 not shown)" under a list cut at `shown`; nothing when all are shown. */
export function ShowMore({ list, shown, total, onMore, page = LIST_PAGE }: ShowMoreProps) {
  const t = useT();
  const hidden = total - shown;
  if (hidden <= 0) return null;
  return (
    <button type="button" class="link show-more" data-testid="gs-show-more" data-list={list} onClick={onMore}>
      {t('showMore', Math.min(page, hidden), hidden)}
    </button>
  );
}
