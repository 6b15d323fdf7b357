import { insertIntoComposer } from '../composer';
import type { ChatAdapter } from '../types';
import { openPrivateChatNick, parseConverseAuthor, parseConverseGroup, parseConverseRow } from './parse';
import { converseShowsRemoval } from './removals';
import { CONVERSE_SELECTORS as S } from './selectors';

/**
 * Converse.js (https://conversejs.org), the web XMPP client, in a multi-user room.
 * Verified end to end against Converse 14 on Prosody 0.12.
 *
 * Not read: joins and leaves. Converse 14 never makes them rows; it writes them as one
 * transient, translated sentence ("Alice and Bob have entered the groupchat") into
 * `.chat-content__notifications`, updating a text node in place, and drops it after a
 * while. Reading them needs a reader hook for such live regions (see the adapter report).
 * Kicks and bans are translated `.chat-info` prose without ids: they are read only to record
 * a member who disappears from the occupant list as removed rather than gone (removals.ts).
 * Nick changes are read from the occupant list, whose items keep their id across one
 * (`members`, lib/reader/roster.ts): a rename, never a leave and a join.
 * The composer is a textarea that sends on Enter (`keydown`); `insertText` only fills it.
 * Private reminders go to the occupant's private chat (a room PM), which Converse opens in the
 * room's sidebar with a composer of its own; its rows are that conversation's, not the group's.
 */
export const converseAdapter: ChatAdapter = {
  id: 'converse',
  label: 'Converse.js (XMPP)',
  verified: true,
  rowSelector: S.row,
  matches(_url, root) {
    // Detected by its root element, not by host or port.
    return root.querySelector(S.root) !== null;
  },
  currentGroup(root) {
    return parseConverseGroup(root);
  },
  messageContainer(root) {
    // The whole room, not its first history: a private chat open in the room's sidebar has
    // rows of its own, which a scan after a reload must read too (rows name their history).
    const room = root.querySelector(S.room);
    return room?.querySelector(S.messageList) ? room : null;
  },
  parseRow(row) {
    return parseConverseRow(row);
  },
  authorAt(target) {
    if (!target.closest(S.clickableAuthor)) return null;
    return parseConverseAuthor(target.closest(S.row));
  },
  authorElements(root) {
    return [...root.querySelectorAll(S.row)].flatMap((row) => {
      const element = row.querySelector(S.author);
      const author = parseConverseAuthor(row);
      return element && author ? [{ element, author }] : [];
    });
  },
  members(root) {
    const room = root.querySelector(S.room);
    const list = room?.querySelector('.occupant-list');
    if (!room || !list) return null;
    // The nick is the author key of messages too, so joins and messages meet on one member.
    // The item's id is Converse's occupant id, which a nick change keeps (checked on Prosody:
    // the same `li.occupant[id]` shows the new nick), so a rename is read from structure, in
    // any UI language; its info row is no help (Converse 14 prints "Your nickname has been
    // changed to %1$s" untranslated and unfilled, even for another occupant's change).
    const occupants = [...list.querySelectorAll(S.occupantItem)].flatMap((item) => {
      const nick = item.querySelector(S.occupantNickInItem)?.textContent?.trim();
      if (!nick) return [];
      return [item.id ? { externalId: nick, name: nick, presenceId: item.id } : { externalId: nick, name: nick }];
    });
    // The list always holds the staff member's own occupant: an empty one is not drawn yet
    // (closing a private chat draws the list empty first), not a room everyone left.
    return occupants.length > 0 ? occupants : null;
  },
  removedByStaff(root, member, since) {
    return converseShowsRemoval(root, member.externalId, since);
  },
  composer(root) {
    return root.querySelector(S.room)?.querySelector<HTMLElement>(S.composer) ?? null;
  },
  insertText(root, text) {
    const composer = this.composer(root);
    return composer ? insertIntoComposer(composer, text) : { ok: false, missed: 'composer' };
  },
  /**
   * Converse's own way to a private chat in a room: clicking the occupant in the list opens
   * it in the room's sidebar, beside the group (which stays open with its own composer).
   */
  openDirectMessage(root, author) {
    const room = root.querySelector(S.room);
    const item = [...(room?.querySelectorAll(S.occupantItem) ?? [])].find(
      (li) => li.querySelector(S.occupantNickInItem)?.textContent?.trim() === author.externalId,
    );
    const link = item?.querySelector<HTMLElement>(S.occupantLink);
    if (!link) return false;
    link.click();
    return true;
  },
  directMessageOpen(root, author) {
    return openPrivateChatNick(root) === author.externalId && privateComposer(root) !== null;
  },
  insertDirectText(root, author, text) {
    if (openPrivateChatNick(root) !== author.externalId) return { ok: false, missed: 'privateNick' };
    const composer = privateComposer(root);
    return composer ? insertIntoComposer(composer, text) : { ok: false, missed: 'privateComposer' };
  },
};

function privateComposer(root: ParentNode): HTMLElement | null {
  return root.querySelector(S.room)?.querySelector(S.privateChat)?.querySelector<HTMLElement>(S.privateComposer) ?? null;
}
