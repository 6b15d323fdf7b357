import * as z from 'zod/mini';

/**
 * The chat event schema in zod/mini: the content script validates every row with it, and
 * zod's full build would be most of the content script's size. The background's protocol
 * embeds these same schemas, so there is one definition for both ends.
 */

export const MESSAGE_KINDS = ['message', 'join', 'leave', 'kick', 'rename'] as const;
export const MAX_MESSAGE_TEXT = 20_000;
/** Longest display name kept; longer ones are cut (see clampText), never refused. */
export const MAX_NAME = 200;
/** Longest group title kept; longer ones are cut, never refused. */
export const MAX_GROUP_TITLE = 500;
export const MAX_EXTERNAL_ID = 512;

export const SiteIdMiniSchema = z
  .string()
  .check(z.regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'site id must be lowercase letters, digits or "-"'));
export const ExternalIdMiniSchema = z.string().check(z.minLength(1, 'id must not be empty'), z.maxLength(MAX_EXTERNAL_ID));
export const TimestampMiniSchema = z.int().check(z.gte(0));
export const MessageKindMiniSchema = z.enum(MESSAGE_KINDS);
export const AuthorRoleMiniSchema = z.enum(['staff', 'customer', 'unknown']);

/**
 * One row read from a chat page, as an adapter reports it. Ids are the site's own; the
 * background prefixes them with site and group when storing.
 */
export const ChatEventMiniSchema = z.object({
  externalId: ExternalIdMiniSchema,
  kind: MessageKindMiniSchema,
  author: z.object({
    externalId: ExternalIdMiniSchema,
    name: z.string().check(z.maxLength(MAX_NAME)),
  }),
  role: AuthorRoleMiniSchema,
  /** Hostile page text: stored and rendered as text only. Over-long text is cut, not refused. */
  text: z.pipe(
    z.string(),
    z.transform((t: string) => t.slice(0, MAX_MESSAGE_TEXT)),
  ),
  ts: TimestampMiniSchema,
  /** For renames: the new display name. */
  newName: z.optional(z.string().check(z.maxLength(MAX_NAME))),
});
export type ChatEventInput = z.input<typeof ChatEventMiniSchema>;
export type ChatEventRecord = z.output<typeof ChatEventMiniSchema>;

export const GroupRefMiniSchema = z.object({
  externalId: ExternalIdMiniSchema,
  title: z.string().check(z.maxLength(MAX_GROUP_TITLE)),
});

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
export function toChatEvent(candidate: ChatEventInput): ChatEventRecord | null {
  const clamped: ChatEventInput = {
    ...candidate,
    author: { ...candidate.author, name: clampText(candidate.author.name, MAX_NAME) },
    ...(candidate.newName !== undefined ? { newName: clampText(candidate.newName, MAX_NAME) } : {}),
  };
  const parsed = ChatEventMiniSchema.safeParse(clamped);
  return parsed.success ? parsed.data : null;
}

/** A group as an adapter reports it, with the title cut to length. */
export function toGroupRef(externalId: string, title: string): { externalId: string; title: string } {
  return { externalId, title: clampText(title, MAX_GROUP_TITLE) };
}
