import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

interface VirtualListProps<T> {
  items: readonly T[];
  itemHeight: number;
  height: number;
  overscan?: number;
  renderItem: (item: T, index: number) => ComponentChildren;
  itemKey: (item: T) => string;
  label: string;
  /** Called when the view comes within a screen of the last row (to load the next page). */
  onNearEnd?: () => void;
  /** Brings this row into view when it changes (a search result opened on the card). */
  scrollToIndex?: number;
}

/**
 * Renders only the rows in view, so a member with thousands of messages opens as fast as
 * one with ten. Rows have a fixed height; long texts are clamped in the row.
 */
export function VirtualList<T>({ items, itemHeight, height, overscan = 8, renderItem, itemKey, label, onNearEnd, scrollToIndex }: VirtualListProps<T>) {
  const [scrollTop, setScrollTop] = useState(0);
  const box = useRef<HTMLElement>(null);
  useEffect(() => {
    if (scrollToIndex === undefined || scrollToIndex < 0 || !box.current) return;
    const top = Math.max(0, scrollToIndex * itemHeight - itemHeight);
    box.current.scrollTop = top;
    setScrollTop(top);
  }, [scrollToIndex, itemHeight]);
  useEffect(() => {
    if (onNearEnd && scrollTop + 2 * height >= items.length * itemHeight) onNearEnd();
  }, [scrollTop, items.length, height, itemHeight, onNearEnd]);
  const first = Math.max(0, Math.floor(scrollTop / itemHeight) - overscan);
  const last = Math.min(items.length, Math.ceil((scrollTop + height) / itemHeight) + overscan);
  const visible = items.slice(first, last);
  return (
    <section
      class="virtual-list"
      ref={box}
      aria-label={label}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take keyboard focus, or keyboard users cannot scroll it (axe: scrollable-region-focusable).
      tabIndex={0}
      style={{ height: `${Math.min(height, items.length * itemHeight)}px`, overflowY: 'auto', position: 'relative' }}
      onScroll={(event) => setScrollTop((event.currentTarget as HTMLElement).scrollTop)}
    >
      <ul aria-label={label} style={{ height: `${items.length * itemHeight}px`, position: 'relative', listStyle: 'none', margin: 0, padding: 0 }}>
        {visible.map((item, i) => (
          <li key={itemKey(item)} style={{ position: 'absolute', top: `${(first + i) * itemHeight}px`, left: 0, right: 0, height: `${itemHeight}px` }}>
            {renderItem(item, first + i)}
          </li>
        ))}
      </ul>
    </section>
  );
}
