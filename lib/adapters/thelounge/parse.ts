import type { ChatEvent, MessageKind } from '../../model';
import { toChatEvent, toGroupRef } from '../../model/chat-event-check';
import type { AuthorRef, GroupRef, RowParse } from '../types';
import { THELOUNGE_SELECTORS as S } from './selectors';

const KIND_BY_TYPE: Readonly<Record<string, MessageKind>> = {
  message: 'message',
  action: 'message',
  notice: 'message',
  join: 'join',
  part: 'leave',
  quit: 'leave',
  kick: 'kick',
  nick: 'rename',
};

/** Channel-member prefixes of operators and above (owner, admin, op, half-op). */
const STAFF_PREFIXES = new Set(['~', '&', '@', '%']);

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * The Lounge writes each row's time only as `aria-label="24 November 2026, 05:28:43"`
 * (dayjs `D MMMM YYYY, HH:mm:ss`, English, in the browser's local zone); there is no ISO
 * attribute. Seconds are the best resolution the DOM offers.
 */
export function parseLoungeTime(label: string): number | null {
  const match = /^(\d{1,2}) ([A-Za-z]+) (\d{4}), (\d{2}):(\d{2}):(\d{2})$/.exec(label.trim());
  if (!match) return null;
  const [, day, monthName, year, hours, minutes, seconds] = match;
  const month = MONTHS.indexOf(monthName ?? '');
  if (month < 0) return null;
  const ts = new Date(Number(year), month, Number(day), Number(hours), Number(minutes), Number(seconds)).getTime();
  return Number.isFinite(ts) ? ts : null;
}

/**
 * IRC has no stable account id: the nick is the only key a channel shows (services
 * accounts are not visible in The Lounge's DOM). A nick change is a `rename` event whose
 * `newExternalId` is the new nick; the background resolves that nick to the same member from
 * then on (lib/identity/nicks.ts).
 */
export function parseLoungeAuthor(element: Element | null): AuthorRef | null {
  const nick = element?.getAttribute('data-name')?.trim();
  if (!element || !nick) return null;
  return { externalId: nick, name: nick };
}

/**
 * Group = the open channel of a network. The network's uuid would be the natural key, but
 * in public mode The Lounge makes a new one for every page load, so the key is the
 * network's name as shown in the channel list plus the channel name (IRC channel names are
 * case-insensitive, hence lower case). Two networks given the same name would share
 * groups; The Lounge's UI does not let a user tell them apart either.
 */
export function parseLoungeGroup(root: ParentNode): GroupRef | null {
  const view = root.querySelector(S.chatView);
  // Lobby and private queries are not groups.
  if (!view) return null;
  if (view.getAttribute('data-type') !== 'channel') return null;
  const channel = view.getAttribute('aria-label')?.trim() || view.querySelector(S.title)?.textContent?.trim();
  if (!channel) return null;
  const network = root.querySelector(S.activeNetwork)?.querySelector(S.networkLobby)?.getAttribute('data-name')?.trim();
  if (!network) return null;
  return toGroupRef(`${network}/${channel.toLowerCase()}`, channel);
}

function userRole(user: Element | null): ChatEvent['role'] {
  const shown = user?.textContent?.trim() ?? '';
  return STAFF_PREFIXES.has(shown.charAt(0)) ? 'staff' : 'customer';
}

/** The text a row shows, without hostmasks, reasons, link previews and buttons. */
function contentText(content: Element, skipLeadingUser: boolean): string {
  const copy = content.cloneNode(true) as Element;
  for (const extra of copy.querySelectorAll(S.contentExtras)) extra.remove();
  if (!skipLeadingUser) return copy.textContent ?? '';
  // An action row reads "<nick> waves": the nick is the author, the rest is the text.
  copy.querySelector(S.user)?.remove();
  return (copy.textContent ?? '').replace(/^ /, '');
}

/**
 * Message id: The Lounge numbers messages per client object (`id="msg-123"`). The number
 * is stable while that client lives (re-renders, condensed groups opening, reloads in
 * private mode), but restarts from the same value for every page load in public mode and
 * after a server restart. So the id is the number plus the second it was sent plus the
 * nick: unique unless one nick gets the same number in the same second in two sessions.
 * (Private mode reloading history from sqlite after a restart gives old messages new
 * numbers; they are then stored again.)
 */
export function parseLoungeRow(row: Element): RowParse {
  const number = /^msg-(\d+)$/.exec(row.id)?.[1];
  if (!number) return { ok: false, missed: 'row-id' };
  const kind = KIND_BY_TYPE[row.getAttribute('data-type') ?? ''];
  if (!kind) return { ok: false, missed: 'row-kind' };
  const label = row.querySelector(S.time)?.getAttribute('aria-label') ?? '';
  const ts = parseLoungeTime(label);
  if (ts === null) return { ok: false, missed: 'time' };
  const content = row.querySelector(S.content);
  if (!content) return { ok: false, missed: 'content' };
  const from = row.getAttribute('data-from') ?? '';
  const users = [...row.querySelectorAll(S.user)];
  const fromUser = users.find((u) => u.getAttribute('data-name') === from) ?? null;

  let author: AuthorRef | null;
  let authorUser: Element | null = fromUser;
  let newName: string | undefined;
  let text = '';
  switch (kind) {
    case 'message':
      author = parseLoungeAuthor(fromUser);
      text = contentText(content, row.getAttribute('data-type') === 'action');
      break;
    case 'kick': {
      // The row is "<op> has kicked <target>"; the member who left is the target.
      authorUser = content.querySelectorAll(S.user)[1] ?? null;
      author = parseLoungeAuthor(authorUser);
      break;
    }
    case 'rename': {
      author = parseLoungeAuthor(fromUser);
      newName = content.querySelectorAll(S.user)[1]?.getAttribute('data-name') ?? undefined;
      if (!newName) return { ok: false, missed: 'new-nick' };
      break;
    }
    default:
      author = parseLoungeAuthor(fromUser);
  }
  if (!author) return { ok: false, missed: 'author' };
  const candidate: ChatEvent = {
    externalId: `${number}@${new Date(ts).toISOString()}@${from}`,
    kind,
    author,
    // The Lounge marks the rows of this browser's own nick (`self`): whoever moderates here is
    // staff even without channel operator status, and their own join is not a newcomer's.
    // A kick row is the kicked member's, whoever kicked.
    role: kind !== 'kick' && row.classList.contains('self') ? 'staff' : userRole(authorUser),
    text,
    ts,
    // The new nick is the member's key from now on (IRC has no other): the background links it to them.
    ...(newName ? { newName, newExternalId: newName } : {}),
  };
  const event = toChatEvent(candidate);
  return event ? { ok: true, event } : { ok: false, missed: 'record' };
}
