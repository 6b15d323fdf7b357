import type { ChatEvent, MessageKind } from '../../model';
import { toChatEvent } from '../../model/chat-event-check';
import type { AuthorRef, RowParse } from '../types';
import { DEMO_SELECTORS as S } from './selectors';

const KINDS: ReadonlySet<string> = new Set<MessageKind>(['message', 'join', 'leave', 'kick', 'rename']);

export function parseDemoAuthor(element: Element | null): AuthorRef | null {
  const id = element?.getAttribute('data-user-id');
  if (!element || !id) return null;
  // A member-list entry also holds its "direct message" button: the name is its own span.
  const nameElement = element.matches('.avatar') ? element.closest('.row')?.querySelector(S.author) : (element.querySelector(S.memberName) ?? element);
  const name = nameElement?.textContent?.trim() ?? '';
  return { externalId: id, name: name || id };
}

export function parseDemoRow(row: Element): RowParse {
  const id = row.getAttribute('data-msg-id');
  if (!id) return { ok: false, missed: 'row-id' };
  const kind = row.getAttribute('data-kind') ?? '';
  if (!KINDS.has(kind)) return { ok: false, missed: 'row-kind' };
  const author = parseDemoAuthor(row.querySelector(S.author));
  if (!author) return { ok: false, missed: 'author' };
  const datetime = row.querySelector(S.time)?.getAttribute('datetime');
  const ts = datetime ? Date.parse(datetime) : Number.NaN;
  if (!Number.isFinite(ts)) return { ok: false, missed: 'time' };
  let text = '';
  if (kind === 'message') {
    const textElement = row.querySelector(S.text);
    if (!textElement) return { ok: false, missed: 'text' };
    text = textElement.textContent ?? '';
  }
  const candidate: ChatEvent = {
    externalId: id,
    kind: kind as MessageKind,
    author,
    role: row.querySelector(S.staffBadge) ? 'staff' : 'customer',
    text,
    ts,
  };
  const event = toChatEvent(candidate);
  return event ? { ok: true, event } : { ok: false, missed: 'record' };
}
