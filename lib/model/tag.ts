import { z } from 'zod';
import { TimestampSchema } from './ids';

export const TagNameSchema = z
  .string()
  .trim()
  .min(1, 'tag name must not be empty')
  .max(40, 'tag name must be at most 40 characters');

export const TagColorSchema = z.string().regex(/^#[0-9a-f]{6}$/i, 'colour must look like #1a2b3c');

export const TagSchema = z.object({
  id: z.string().min(1),
  name: TagNameSchema,
  color: TagColorSchema,
  favourite: z.boolean().default(false),
  createdAt: TimestampSchema,
});
export type Tag = z.infer<typeof TagSchema>;

export const MemberTagSchema = z.object({
  memberId: z.string().min(1),
  tagId: z.string().min(1),
  addedAt: TimestampSchema,
});
export type MemberTag = z.infer<typeof MemberTagSchema>;
