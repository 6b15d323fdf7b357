/**
 * Health counts misses by the key the reader used inside an adapter or a site profile
 * ('selectors.author', 'row-id', 'content', …). Staff need the part of the chat that was not
 * found, in their words: this maps every key to one of a few parts with a name in `_locales`
 * (`healthPart_<part>`). Unknown keys fall to 'other' rather than showing the key itself.
 */
export const READ_PARTS = ['row', 'author', 'text', 'time', 'composer', 'other'] as const;
export type ReadPart = (typeof READ_PARTS)[number];

const PART_BY_KEY: ReadonlyArray<readonly [RegExp, ReadPart]> = [
  [/^(selectors\.(row|container|id|system)|row-id|row-kind|messageContainer|record|profile)\b/, 'row'],
  [/^(selectors\.(author|authorName)|author|new-nick)\b/, 'author'],
  [/^(selectors\.text|text|content)\b/, 'text'],
  [/^(selectors\.time|time)\b/, 'time'],
  [/^(selectors\.(composer|send)|composer)\b/, 'composer'],
];

export function readPartOf(missKey: string): ReadPart {
  for (const [pattern, part] of PART_BY_KEY) if (pattern.test(missKey)) return part;
  return 'other';
}

/** The parts behind a health record's misses, most missed first, each once. */
export function missedParts(misses: Record<string, number>): ReadPart[] {
  const counts = new Map<ReadPart, number>();
  for (const [key, count] of Object.entries(misses)) {
    const part = readPartOf(key);
    counts.set(part, (counts.get(part) ?? 0) + count);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([part]) => part);
}
