import { z } from 'zod';
import { TimestampSchema } from './ids';

export const MAX_NOTE_LENGTH = 5_000;

export const NoteTextSchema = z
  .string()
  .trim()
  .min(1, 'note must not be empty')
  .max(MAX_NOTE_LENGTH, `note must be at most ${MAX_NOTE_LENGTH} characters`);

export const NoteSchema = z.object({
  id: z.string().min(1),
  memberId: z.string().min(1),
  text: NoteTextSchema,
  /** The staff member who wrote it. */
  author: z.string().max(100),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
});
export type Note = z.infer<typeof NoteSchema>;
