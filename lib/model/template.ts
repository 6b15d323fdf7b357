import { z } from 'zod';
import { TimestampSchema } from './ids';

export const TemplateSchema = z.object({
  id: z.string().min(1),
  name: z.string().trim().min(1, 'template name must not be empty').max(100),
  category: z.string().trim().max(50).default('general'),
  /** Words of customer questions this template answers (FAQ suggestions). */
  keywords: z.array(z.string().trim().min(1).max(50)).max(50).default([]),
  lang: z.enum(['zh', 'en', 'any']).default('any'),
  body: z
    .string()
    .min(1, 'template text must not be empty')
    .max(4_000, 'template text must be at most 4000 characters'),
  /**
   * Custom fields staff fill in before inserting (e.g. an order number), besides the known
   * variables. A `{name}` in the body that is neither is refused on save: it is a typo.
   * Absent on templates saved before fields were declared: their placeholders count.
   */
  fields: z.array(z.string().trim().min(1).max(40)).max(20).optional(),
  /** Off by default: the human decides and sends. */
  sendDirectly: z.boolean().default(false),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
});
export type Template = z.infer<typeof TemplateSchema>;

/** Where staff inserted a template from: the sidebar's list, the `/` picker in the composer, or a waiting question's FAQ answer. */
export const TEMPLATE_USE_VIAS = ['sidebar', 'slash', 'faq'] as const;
export type TemplateUseVia = (typeof TEMPLATE_USE_VIAS)[number];

/**
 * One insertion of a template, for the usage figures. Only ids, the staff name and the time:
 * never the text that was inserted (it holds customer names and order numbers).
 */
export const TemplateUseSchema = z.object({
  /** Time in base 36 and a random part: unique, and the same record merges onto itself on restore. */
  id: z.string().min(1).max(40),
  templateId: z.string().min(1).max(200),
  groupId: z.string().min(1).max(600),
  staff: z.string().max(100),
  at: TimestampSchema,
  via: z.enum(TEMPLATE_USE_VIAS),
});
export type TemplateUse = z.infer<typeof TemplateUseSchema>;
