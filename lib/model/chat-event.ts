import * as z from 'zod/mini';

/**
 * The chat event schema in zod/mini, embedded in the protocol table (protocol.ts) and so
 * checked by the background for every batch. The content script carries no zod at all
 * (size budget): its adapters build events with chat-event-check.ts, whose hand check
 * follows this schema (a property test keeps the two in agreement).
 */

import { MAX_EXTERNAL_ID, MAX_GROUP_TITLE, MAX_MESSAGE_TEXT, MAX_NAME, MESSAGE_KINDS } from './chat-event-check';

export { clampText, MAX_EXTERNAL_ID, MAX_GROUP_TITLE, MAX_MESSAGE_TEXT, MAX_NAME, MESSAGE_KINDS, toChatEvent, toGroupRef } from './chat-event-check';

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
  /** For renames in chats keyed by nick (IRC, XMPP rooms): the member's key from now on (lib/identity/nicks.ts). */
  newExternalId: z.optional(ExternalIdMiniSchema),
});
export type ChatEventInput = z.input<typeof ChatEventMiniSchema>;
export type ChatEventRecord = z.output<typeof ChatEventMiniSchema>;

export const GroupRefMiniSchema = z.object({
  externalId: ExternalIdMiniSchema,
  title: z.string().check(z.maxLength(MAX_GROUP_TITLE)),
});

