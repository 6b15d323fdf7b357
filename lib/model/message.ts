import { z } from 'zod';
import { ChatEventMiniSchema, MAX_MESSAGE_TEXT, MESSAGE_KINDS } from './chat-event';
import { ExternalIdSchema, TimestampSchema } from './ids';

export { MAX_MESSAGE_TEXT, MESSAGE_KINDS };

export const MessageKindSchema = z.enum(MESSAGE_KINDS);
export type MessageKind = z.infer<typeof MessageKindSchema>;

export const AuthorRoleSchema = z.enum(['staff', 'customer', 'unknown']);
export type AuthorRole = z.infer<typeof AuthorRoleSchema>;


/** One row read from a chat page (zod/mini: the content script validates with it too). */
export const ChatEventSchema = ChatEventMiniSchema;
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
