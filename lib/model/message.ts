import { z } from 'zod';
import { ExternalIdSchema, TimestampSchema } from './ids';

export const MESSAGE_KINDS = ['message', 'join', 'leave', 'kick', 'rename'] as const;
export const MessageKindSchema = z.enum(MESSAGE_KINDS);
export type MessageKind = z.infer<typeof MessageKindSchema>;

export const AuthorRoleSchema = z.enum(['staff', 'customer', 'unknown']);
export type AuthorRole = z.infer<typeof AuthorRoleSchema>;

export const MAX_MESSAGE_TEXT = 20_000;

/**
 * One row read from a chat page, as an adapter reports it. Ids are the site's own; the
 * background prefixes them with site and group when storing.
 */
export const ChatEventSchema = z.object({
  externalId: ExternalIdSchema,
  kind: MessageKindSchema,
  author: z.object({
    externalId: ExternalIdSchema,
    name: z.string().max(200),
  }),
  role: AuthorRoleSchema,
  /** Hostile page text: stored and rendered as text only. Over-long text is cut, not refused. */
  text: z.string().transform((t) => t.slice(0, MAX_MESSAGE_TEXT)),
  ts: TimestampSchema,
  /** For renames: the new display name. */
  newName: z.string().max(200).optional(),
});
export type ChatEvent = z.infer<typeof ChatEventSchema>;

export const MessageSchema = z.object({
  id: z.string().min(1),
  externalId: ExternalIdSchema,
  groupId: z.string().min(1),
  memberId: z.string().min(1),
  authorName: z.string().max(200),
  kind: MessageKindSchema,
  role: AuthorRoleSchema,
  text: z.string().max(MAX_MESSAGE_TEXT),
  ts: TimestampSchema,
  readAt: TimestampSchema,
});
export type Message = z.infer<typeof MessageSchema>;
