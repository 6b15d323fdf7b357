import { CONVERSE_SELECTORS as S } from './selectors';

/** Text around a nick in a sentence: its start or end, a space, or punctuation (any script). */
const DELIMITER = /[\s\p{P}]/u;

/** True when `nick` stands as a whole in `sentence`, not inside a longer name or word. */
export function namesNick(sentence: string, nick: string): boolean {
  for (let at = sentence.indexOf(nick); at >= 0; at = sentence.indexOf(nick, at + 1)) {
    const before = sentence[at - 1] ?? '';
    const after = sentence[at + nick.length] ?? '';
    if ((before === '' || DELIMITER.test(before)) && (after === '' || DELIMITER.test(after))) return true;
  }
  return false;
}

/**
 * True when the open room shows, dated at or after `since` (when the occupant list was last
 * seen with the nick in it, or a minute ago), one of Converse's own info rows naming this
 * nick. Converse writes a removal (kicked, banned, removed from a
 * members-only room) only as such a translated sentence, and its occupant list merely loses
 * the nick, exactly as when a member leaves on their own; but leaving on one's own, like
 * joining, is only ever a transient notice below the messages, never an info row, and a nick
 * change's info row does not name the nick (Converse 14, checked on Prosody). So a member
 * who drops out of the list while a fresh info row names them was removed, in whatever
 * language Converse runs, without carrying its translations (all 46 would have cost the
 * content script 3 KB gzip, over its budget). Only Converse's info rows count: a member
 * typing such words makes a chat message row. The sentence also names the moderator: one
 * who leaves in that time is recorded as removed too, which completes nothing (no
 * removal is ever pending for staff).
 */
export function converseShowsRemoval(root: ParentNode, nick: string, since: number): boolean {
  const room = root.querySelector(S.room);
  if (!room || !nick) return false;
  for (const row of room.querySelectorAll(S.infoRow)) {
    const at = Date.parse(row.getAttribute('data-isodate') ?? '');
    if (!Number.isFinite(at) || at < since) continue;
    const holder = row.querySelector(S.infoText);
    // The texture element keeps the raw sentence in its `text` attribute; its children are
    // the rendered form, and the moderator's reason sits beside it in its own element.
    const sentence = holder?.querySelector('converse-texture')?.getAttribute('text') ?? holder?.textContent ?? '';
    if (namesNick(sentence, nick)) return true;
  }
  return false;
}
