import type { ChatEvent } from '../../model';
import type { GroupRef } from '../types';
import { createProfileAdapter } from './adapter';
import type { SiteProfile } from './schema';

/** What "Test on this tab" shows: counts and selector keys only, plus a small sample. */
export interface ProfileTestReport {
  /** Rows matched by `selectors.row` inside the container. */
  rows: number;
  /** Rows that parsed into a message or system event. */
  parsed: number;
  /** Distinct author keys among parsed rows. */
  authors: number;
  groups: { id: string; title: string } | null;
  /** Selector key → rows (or page lookups) where it found nothing. */
  misses: Record<string, number>;
  /** Selector key → lookups answered by a fallback after the first selector. */
  fallbacks: Record<string, number>;
  /** The first three parsed events, for the user to eyeball on their own screen. */
  sample: ChatEvent[];
}

const SAMPLE_SIZE = 3;

/**
 * Runs a profile against a page once, without observing or sending anything. The sample
 * holds page text: it is for display in the editor next to the page it came from, never
 * for logs or storage.
 */
export function testProfile(profile: SiteProfile, root: ParentNode, options: { now?: number } = {}): ProfileTestReport {
  const now = options.now ?? Date.now();
  const misses: Record<string, number> = {};
  const fallbacks: Record<string, number> = {};
  const count = (into: Record<string, number>, key: string) => {
    into[key] = (into[key] ?? 0) + 1;
  };
  const adapter = createProfileAdapter(profile, { onFallback: (key) => count(fallbacks, key) });

  const group: GroupRef | null = adapter.currentGroup(root);
  if (!group) count(misses, 'selectors.group');
  if (profile.selectors.composer && !adapter.composer(root)) count(misses, 'selectors.composer');

  const container = adapter.messageContainer(root);
  if (!container) count(misses, 'selectors.container');
  let rowElements: Element[] = [];
  try {
    rowElements = container ? [...container.querySelectorAll(adapter.rowSelector)] : [];
  } catch {
    count(misses, 'selectors.row');
  }
  if (container && rowElements.length === 0) count(misses, 'selectors.row');

  const sample: ChatEvent[] = [];
  const authors = new Set<string>();
  let parsed = 0;
  for (const row of rowElements) {
    const result = adapter.parseRow(row, { now });
    if (!result.ok) {
      count(misses, result.missed);
      continue;
    }
    parsed++;
    authors.add(result.event.author.externalId);
    if (sample.length < SAMPLE_SIZE) sample.push(result.event);
  }

  return {
    rows: rowElements.length,
    parsed,
    authors: authors.size,
    groups: group ? { id: group.externalId, title: group.title } : null,
    misses,
    fallbacks,
    sample,
  };
}
