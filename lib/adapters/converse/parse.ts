import type { ChatEvent } from '../../model';
import { toChatEvent, toGroupRef } from '../../model/chat-event-check';
import type { AuthorRef, GroupRef, RowParse } from '../types';
import { CONVERSE_SELECTORS as S } from './selectors';

/** Row classes Converse adds from the sender's MUC role and affiliation. */
const STAFF_CLASSES = ['moderator', 'owner', 'admin'];

/** "room@conference.example/nick" → "nick" (the resource may itself contain "/"). */
function occupantNick(from: string): string {
  const slash = from.indexOf('/');
  return slash < 0 ? '' : from.slice(slash + 1);
}

/**
 * Author key = the occupant nick (the resource of `data-from`). Converse does not put an
 * occupant's real JID into message rows, even in non-anonymous rooms, so the nick is the
 * only key the page offers; a nick change makes a new member key.
 */
export function parseConverseAuthor(row: Element | null): AuthorRef | null {
  const from = row?.getAttribute('data-from') ?? '';
  const nick = occupantNick(from);
  if (!row || !nick) return null;
  const shown = row.querySelector(S.author)?.textContent?.trim();
  return { externalId: nick, name: shown || nick };
}

/** Group = the open MUC: its bare room JID is stable; the title is the room's name. */
export function parseConverseGroup(root: ParentNode): GroupRef | null {
  const room = root.querySelector(S.room);
  const jid = room?.getAttribute('jid')?.trim().toLowerCase();
  if (!room || !jid) return null;
  const title = room.querySelector(S.title)?.textContent?.trim() || jid;
  return toGroupRef(jid, title);
}

/**
 * Message id: `data-msgid` is the id the sender gave the stanza (Converse matches its own
 * reflected messages by origin-id, so its own rows keep one id). Sender ids are only
 * unique per sender, so the key is nick + id. Converse caches the room's messages, so the
 * row keeps its id and `data-isodate` across re-renders and reloads; a sender that sends
 * no id gets a random one from Converse, which is stable only while that cache lives.
 */
export function parseConverseRow(row: Element): RowParse {
  const msgid = row.getAttribute('data-msgid');
  if (!msgid) return { ok: false, missed: 'row-id' };
  const author = parseConverseAuthor(row);
  if (!author) return { ok: false, missed: 'author' };
  // Every row carries the ISO time, also follow-ups whose heading (and <time>) is hidden.
  const ts = Date.parse(row.getAttribute('data-isodate') ?? '');
  if (!Number.isFinite(ts)) return { ok: false, missed: 'time' };
  const body = row.querySelector(S.body);
  if (!body) return { ok: false, missed: 'text' };
  // The body element keeps the raw message text in its `text` attribute; its children are
  // the rendered form (emoji spans, links, styling).
  const text = body.getAttribute('text') ?? body.textContent ?? '';
  const privateChat = row.closest(S.privateChat);
  if (privateChat) return parsePrivateRow(row, privateChat, author, msgid, text, ts);
  const candidate: ChatEvent = {
    externalId: `${author.externalId}/${msgid}`,
    kind: 'message',
    author,
    role: STAFF_CLASSES.some((c) => row.classList.contains(c)) ? 'staff' : 'customer',
    text,
    ts,
  };
  const event = toChatEvent(candidate);
  return event ? { ok: true, event } : { ok: false, missed: 'record' };
}

/** The occupant whose private chat the room's sidebar shows, if any. */
export function openPrivateChatNick(root: ParentNode): string | null {
  const chat = root.querySelector(S.room)?.querySelector(S.privateChat);
  return chat?.querySelector(S.privateNick)?.textContent?.trim() || null;
}

/**
 * A row of a private chat with one occupant (a room PM). It is a conversation of its own,
 * `room/nick` as XMPP addresses it, never the group's: a reminder sent there must not count
 * as said in public, nor a member's private reply as said in the group. Its rows carry no
 * role classes; the one writing to the occupant from this browser is the staff member
 * (as with The Lounge's `self` rows), the other party is the occupant.
 */
function parsePrivateRow(row: Element, chat: Element, author: AuthorRef, msgid: string, text: string, ts: number): RowParse {
  const room = row.closest(S.room);
  const jid = room?.getAttribute('jid')?.trim().toLowerCase();
  const peer = chat.querySelector(S.privateNick)?.textContent?.trim();
  if (!jid || !peer) return { ok: false, missed: 'privateNick' };
  const group = toGroupRef(`${jid}/${peer}`, peer);
  if (!group) return { ok: false, missed: 'privateNick' };
  const event = toChatEvent({
    externalId: `${author.externalId}/${msgid}`,
    kind: 'message',
    author,
    role: author.externalId === peer ? 'customer' : 'staff',
    text,
    ts,
  });
  return event ? { ok: true, event, group } : { ok: false, missed: 'record' };
}
