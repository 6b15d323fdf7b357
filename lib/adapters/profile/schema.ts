import { z } from 'zod';
import { SiteIdSchema } from '../../model/ids';
import { checkMatchPattern } from './match-pattern-check';
import { isValidSelector } from './selector-check';

export { isValidSelector };

/**
 * A site profile: the JSON a user writes so that a web chat without a built-in adapter can
 * be read. Every selector field takes one CSS selector or a list of fallbacks tried in
 * order (sites ship new markup next to the old one for a while). Selectors inside a row
 * (`id`, `author`, `text`, `time`, `staff`, `system`) are relative to the row element.
 *
 * Message ids: `selectors.id` names where the site keeps a message id. When it is left out,
 * the id is a stable hash of author key + kind + time + text. That is acceptable for sites
 * without ids, with two documented costs: two identical messages by one author within the
 * time shown (often a minute) are stored once, and an edited message is stored again as a
 * new one. When time is shown as a bare clock ("14:05"), the date is taken from the reader's
 * clock, so a row re-rendered after midnight hashes differently.
 */

const SELECTOR_MESSAGE = 'must be a valid CSS selector';

const SelectorSchema = z
  .string({ error: 'must be a CSS selector (a string)' })
  .max(500, 'must be at most 500 characters')
  .refine(isValidSelector, { message: SELECTOR_MESSAGE });

/** One selector or a list of fallbacks, normalised to a non-empty list. */
const SelectorListSchema = z
  .union([SelectorSchema, z.array(SelectorSchema).min(1, 'must list at least one selector').max(10, 'must list at most 10 selectors')], {
    error: 'must be a CSS selector or a list of CSS selectors',
  })
  .transform((value) => (typeof value === 'string' ? [value] : value));
export type SelectorList = z.output<typeof SelectorListSchema>;

const AttributeNameSchema = z
  .string({ error: 'must be an attribute name (a string)' })
  .regex(/^[A-Za-z_:][-A-Za-z0-9_:.]{0,99}$/, 'must be an attribute name such as "data-id" or "datetime"');

const AttributeListSchema = z
  .union([AttributeNameSchema, z.array(AttributeNameSchema).min(1, 'must list at least one attribute').max(10)], {
    error: 'must be an attribute name or a list of attribute names',
  })
  .transform((value) => (typeof value === 'string' ? [value] : value));

/**
 * Where a value is read: the element found by `selector` (or the row itself when left out),
 * its `attribute` (or its text when left out).
 */
const ValueSourceSchema = z.strictObject({
  selector: SelectorListSchema.optional(),
  attribute: AttributeNameSchema.optional(),
});
export type ValueSource = z.output<typeof ValueSourceSchema>;

const ValueSourceListSchema = z
  .union([ValueSourceSchema, z.array(ValueSourceSchema).min(1, 'must list at least one source').max(10)], {
    error: 'must be {selector?, attribute?} or a list of them',
  })
  .transform((value) => (Array.isArray(value) ? value : [value]));

const AuthorSchema = z.strictObject({
  /** The element naming the author; clicks on it open the member card. */
  selector: SelectorListSchema,
  /** Attributes holding a stable user id, tried in order; the author's text when none has one. */
  keyAttribute: AttributeListSchema.optional(),
  /**
   * Many chats show the author only on the first of consecutive rows by one person. With
   * this set, a row without an author element takes the author of the nearest earlier row.
   */
  inherit: z.boolean().optional(),
});

const TimeSchema = z.strictObject({
  selector: SelectorListSchema,
  /** e.g. "datetime", "title", "data-time"; the element's text when left out. */
  attribute: AttributeListSchema.optional(),
});

const SystemEventSchema = z.strictObject({
  /** Matched against the row itself or an element inside it. */
  selector: SelectorListSchema,
  kind: z.enum(['join', 'leave', 'kick', 'rename'], { error: 'must be one of join, leave, kick, rename' }),
});

/** Where the open chat's id comes from: an element on the page or a part of the URL. */
const GroupIdSourceSchema = z.union(
  [
    ValueSourceSchema.extend({ selector: SelectorListSchema }),
    z.strictObject({ urlPath: z.number({ error: 'must be a path segment index (0 = first, -1 = last)' }).int().min(-20).max(20) }),
    z.strictObject({ urlQuery: z.string().min(1, 'must name a query parameter').max(100) }),
    z.strictObject({ urlHash: z.literal(true) }),
  ],
  { error: 'must be {selector, attribute?}, {urlPath: n}, {urlQuery: "name"} or {urlHash: true}' },
);
export type GroupIdSource = z.output<typeof GroupIdSourceSchema>;

const GroupSchema = z.strictObject({
  id: z
    .union([GroupIdSourceSchema, z.array(GroupIdSourceSchema).min(1).max(10)])
    .transform((value) => (Array.isArray(value) ? value : [value])),
  /** The chat's title; the document title when left out. */
  title: SelectorListSchema.optional(),
});

const MATCH_PATTERN = /^(\*|https?):\/\/(\*|(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*|\[[0-9a-f:]+\])(:\d{1,5})?\/.*$/i;

export const SiteProfileSchema = z.strictObject({
  id: SiteIdSchema.max(32, 'must be at most 32 characters'),
  name: z.string({ error: 'must be a name (a string)' }).trim().min(1, 'must not be empty').max(80, 'must be at most 80 characters'),
  /** Chrome-style match patterns; a pattern without a port matches every port. */
  matches: z
    .array(
      z
        .string()
        .regex(MATCH_PATTERN, 'must be a match pattern like https://chat.example.com/*')
        .superRefine((pattern, ctx) => {
          const problem = MATCH_PATTERN.test(pattern) ? checkMatchPattern(pattern) : null;
          if (problem) ctx.addIssue({ code: 'custom', message: problem });
        }),
      {
      error: 'must be a list of match patterns',
    })
    .min(1, 'must list at least one match pattern')
    .max(20),
  selectors: z.strictObject(
    {
      /** The element holding the rows; the page body when left out. */
      container: SelectorListSchema.optional(),
      row: SelectorListSchema,
      /** Left out: a hash of author + kind + time + text (see above). */
      id: ValueSourceListSchema.optional(),
      author: AuthorSchema,
      /** The display name, inside the row; the author element's text when left out. */
      authorName: SelectorListSchema.optional(),
      text: SelectorListSchema,
      /** Left out: the reader's clock at the moment the row is first read. */
      time: TimeSchema.optional(),
      /** Present in (or on) rows written by staff. Left out: every author's role is "unknown". */
      staff: SelectorListSchema.optional(),
      system: z.array(SystemEventSchema).max(20).optional(),
      /** Left out: the URL path is the chat id and the document title its title. */
      group: GroupSchema.optional(),
      composer: SelectorListSchema.optional(),
      /** The site's send button; left out: the composer's form is submitted. */
      send: SelectorListSchema.optional(),
    },
    { error: 'must be an object of selectors' },
  ),
});

export type SiteProfileInput = z.input<typeof SiteProfileSchema>;
export type SiteProfile = z.output<typeof SiteProfileSchema>;

/** One problem, with the field it belongs to, e.g. `{field: 'selectors.row', message: 'must be a valid CSS selector'}`. */
export interface ProfileError {
  field: string;
  message: string;
}

export type ProfileParse = { ok: true; profile: SiteProfile } | { ok: false; errors: ProfileError[] };

export function formatProfileError(error: ProfileError): string {
  return error.field ? `${error.field}: ${error.message}` : error.message;
}

/** Validates a profile object. Errors name the field (`selectors.author.selector.1`). */
export function parseSiteProfile(value: unknown): ProfileParse {
  const result = SiteProfileSchema.safeParse(value);
  if (result.success) return { ok: true, profile: result.data };
  const errors = result.error.issues.slice(0, 20).flatMap((issue): ProfileError[] => {
    const field = issue.path.map(String).join('.');
    // A typo such as "selectors.rows" names the typed key, not its parent object.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: field ? `${field}.${key}` : key, message: 'is not a known field' }));
    }
    return [{ field, message: issue.message }];
  });
  return { ok: false, errors };
}

/** Parses the JSON text a user typed; a syntax error is reported as one error with no field. */
export function parseSiteProfileJson(text: string): ProfileParse {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: [{ field: '', message: `not valid JSON (${(error as Error).message})` }] };
  }
  return parseSiteProfile(value);
}
