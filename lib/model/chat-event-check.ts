/**
 * Chat events as adapters build them, without zod: the content script must stay small
 * (budget: 25 KB gzip) and zod is most of what it would weigh. The background parses every
 * batch again with ChatEventMiniSchema (chat-event.ts); tests/unit/boundary/chat-event-check
 * keeps this hand check and that schema in agreement.
 */

export const MESSAGE_KINDS = ['message', 'join', 'leave', 'kick', 'rename'] as const;
export type MessageKindName = (typeof MESSAGE_KINDS)[number];
export const MAX_MESSAGE_TEXT = 20_000;
/** Longest display name kept; longer ones are cut (see clampText), never refused. */
export const MAX_NAME = 200;
/** Longest group title kept; longer ones are cut, never refused. */
export const MAX_GROUP_TITLE = 500;
export const MAX_EXTERNAL_ID = 512;

const ROLES: ReadonlySet<string> = new Set(['staff', 'customer', 'unknown']);
const KINDS: ReadonlySet<string> = new Set(MESSAGE_KINDS);

export interface ChatEventShape {
  externalId: string;
  kind: MessageKindName;
  author: { externalId: string; name: string };
  role: 'staff' | 'customer' | 'unknown';
  text: string;
  ts: number;
  newName?: string;
  /** For renames in chats keyed by nick (IRC, XMPP rooms): the key the member has from now on. */
  newExternalId?: string;
}

const ELLIPSIS = '…';

/**
 * Cuts page text to `max` characters with an ellipsis. A nick or title over the limit is
 * still someone to record and moderate; refusing it would hide that member from the rules.
 * Cuts on code points so a surrogate pair is never split.
 */
export function clampText(text: string, max: number): string {
  if (text.length <= max) return text;
  const points = Array.from(text);
  let out = '';
  for (const point of points) {
    if (out.length + point.length > max - ELLIPSIS.length) break;
    out += point;
  }
  return out + ELLIPSIS;
}

/** Names cut to length, then checked; null when the row is not a valid event. */
export function toChatEvent(candidate: ChatEventShape): ChatEventShape | null {
  const clamped: ChatEventShape = {
    ...candidate,
    author: { ...candidate.author, name: clampText(candidate.author.name, MAX_NAME) },
    ...(candidate.newName !== undefined ? { newName: clampText(candidate.newName, MAX_NAME) } : {}),
  };
  if (!isValidEvent(clamped)) return null;
  // Only the schema's keys, as zod's parse would return them.
  const { externalId, kind, author, role, text, ts, newName, newExternalId } = clamped;
  return {
    externalId,
    kind,
    author: { externalId: author.externalId, name: author.name },
    role,
    text: text.slice(0, MAX_MESSAGE_TEXT),
    ts,
    ...(newName !== undefined ? { newName } : {}),
    ...(newExternalId !== undefined ? { newExternalId } : {}),
  };
}

/** A group as an adapter reports it, with the title cut to length. */
export function toGroupRef(externalId: string, title: string): { externalId: string; title: string } {
  return { externalId, title: clampText(title, MAX_GROUP_TITLE) };
}

const isId = (value: unknown): value is string => typeof value === 'string' && value.length >= 1 && value.length <= MAX_EXTERNAL_ID;

/** What ChatEventMiniSchema accepts (after names are cut), checked by hand. */
function isValidEvent(event: ChatEventShape): boolean {
  return (
    isId(event.externalId) &&
    KINDS.has(event.kind) &&
    typeof event.author === 'object' &&
    event.author !== null &&
    isId(event.author.externalId) &&
    typeof event.author.name === 'string' &&
    event.author.name.length <= MAX_NAME &&
    ROLES.has(event.role) &&
    typeof event.text === 'string' &&
    Number.isSafeInteger(event.ts) &&
    event.ts >= 0 &&
    (event.newName === undefined || (typeof event.newName === 'string' && event.newName.length <= MAX_NAME)) &&
    (event.newExternalId === undefined || isId(event.newExternalId))
  );
}
