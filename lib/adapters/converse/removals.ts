import { CONVERSE_REMOVAL_PHRASES } from './removal-phrases';
import { CONVERSE_SELECTORS as S } from './selectors';

/** How far back a removal sentence may date and still explain a member leaving the list now. */
export const REMOVAL_SENTENCE_WINDOW_MS = 60_000;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The removal sentences, in every language Converse ships, as patterns for one nick: the
 * member's placeholder is the nick itself, the moderator's anything.
 */
function removalPatterns(nick: string): RegExp[] {
  const member = escapeRegExp(nick);
  return CONVERSE_REMOVAL_PHRASES.map(
    (phrase) =>
      new RegExp(
        `^${phrase
          .split(/(%[12]\$s)/)
          .map((part) => (part === '%1$s' ? member : part === '%2$s' ? '.+' : escapeRegExp(part)))
          .join('')}$`,
        'u',
      ),
  );
}

/**
 * True when the open room shows, dated within the last minute, Converse's own sentence that
 * this nick was kicked, banned or removed by a moderator. Converse writes removals only as
 * such translated info rows (no ids, no actor attributes), and its occupant list merely
 * loses the nick, exactly as when a member leaves on their own; the sentence is the only
 * thing that tells the two apart. Only Converse's info rows count: a member typing the same
 * words makes a chat message row, not an info row.
 */
export function converseShowsRemoval(root: ParentNode, nick: string, now: number): boolean {
  const room = root.querySelector(S.room);
  if (!room || !nick) return false;
  let patterns: RegExp[] | null = null;
  for (const row of room.querySelectorAll(S.infoRow)) {
    const at = Date.parse(row.getAttribute('data-isodate') ?? '');
    if (!Number.isFinite(at) || at < now - REMOVAL_SENTENCE_WINDOW_MS) continue;
    const holder = row.querySelector(S.infoText);
    // The texture element keeps the raw sentence in its `text` attribute; its children are
    // the rendered form, and the moderator's reason sits beside it in its own element.
    const sentence = (holder?.querySelector('converse-texture')?.getAttribute('text') ?? holder?.textContent ?? '').trim();
    if (!sentence.includes(nick)) continue;
    patterns ??= removalPatterns(nick);
    if (patterns.some((pattern) => pattern.test(sentence))) return true;
  }
  return false;
}
