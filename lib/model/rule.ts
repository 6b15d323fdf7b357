import { z } from 'zod';
import { MemberActionSchema } from './case';
import { TimestampSchema } from './ids';

/**
 * A moderation rule is data: what triggers it, when it applies, and what it suggests.
 * The engine (lib/rules/engine.ts) only ever *suggests*; a person decides. Rules arrive
 * from packs, from the options page and from imports, so every field is validated here
 * and every limit is explicit (a rule list is user input).
 */

export const RULE_CATEGORIES = ['ad', 'contact', 'link', 'insult', 'sensitive', 'flood', 'repeat', 'custom'] as const;
export const RuleCategorySchema = z.enum(RULE_CATEGORIES);
export type RuleCategory = z.infer<typeof RuleCategorySchema>;

export const SEVERITIES = ['low', 'medium', 'high'] as const;
export const SeveritySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof SeveritySchema>;

export const ContentActionSchema = z.enum(['none', 'suggest_delete']);
export type ContentAction = z.infer<typeof ContentActionSchema>;

export const DETECTOR_KINDS = [
  'url',
  'phone',
  'qq',
  'wechat',
  'email',
  'messenger',
  'mention_spam',
  'emoji_spam',
  'length_spam',
  'ad_shape',
  'ad_model',
  'ad_shape_en',
  'ad_model_en',
] as const;
export const DetectorKindSchema = z.enum(DETECTOR_KINDS);
export type DetectorKind = z.infer<typeof DetectorKindSchema>;

/** The message shape rules read; adapters' records are mapped to it by the background. */
export const RuleMessageSchema = z.object({
  id: z.string().min(1),
  groupId: z.string().min(1),
  memberId: z.string().min(1),
  text: z.string(),
  ts: TimestampSchema,
  role: z.enum(['staff', 'customer', 'unknown']),
});
export type RuleMessage = z.infer<typeof RuleMessageSchema>;

export const FloodRateSchema = z.object({
  count: z.number().int().min(2).max(1_000).default(6),
  windowSec: z.number().int().min(1).max(86_400).default(30),
});
export type FloodRate = z.infer<typeof FloodRateSchema>;

export const FloodBurstSchema = z.object({
  count: z.number().int().min(2).max(1_000).default(5),
  /** Messages closer together than this count as one unbroken burst. */
  maxGapSec: z.number().int().min(1).max(3_600).default(20),
});
export type FloodBurst = z.infer<typeof FloodBurstSchema>;

export const RepeatSchema = z.object({
  count: z.number().int().min(2).max(100).default(3),
  windowSec: z.number().int().min(1).max(7 * 86_400).default(600),
  /** 1 = identical after normalisation; lower also catches "nearly the same". */
  similarity: z.number().min(0.5).max(1).default(0.85),
  /** Short replies ("好的", "ok", "谢谢") repeat innocently. */
  minLength: z.number().int().min(1).max(1_000).default(6),
});
export type Repeat = z.infer<typeof RepeatSchema>;

export const NewMemberSchema = z.object({
  /** Within this many of the member's first messages … */
  firstMessages: z.number().int().min(1).max(100).default(3),
  /** … or, when the first-seen time is known, within this many hours of it. */
  windowHours: z.number().min(0).max(24 * 90).default(24),
});
export type NewMember = z.infer<typeof NewMemberSchema>;

export const AllowedHoursSchema = z.object({
  /** Local hour the group opens, 0–23. */
  startHour: z.number().int().min(0).max(23),
  /** Local hour it closes (exclusive), 0–24; start > end wraps past midnight. */
  endHour: z.number().int().min(0).max(24),
  /** Minutes east of UTC (China: 480). */
  tzOffsetMinutes: z.number().int().min(-14 * 60).max(14 * 60).default(480),
});
export type AllowedHours = z.infer<typeof AllowedHoursSchema>;

export const BehaviourTriggerSchema = z.object({
  floodRate: FloodRateSchema.optional(),
  floodBurst: FloodBurstSchema.optional(),
  repeat: RepeatSchema.optional(),
  /** What "new member" means for `conditions.newMembersOnly`. */
  newMember: NewMemberSchema.optional(),
  allowedHours: AllowedHoursSchema.optional(),
});
export type BehaviourTrigger = z.infer<typeof BehaviourTriggerSchema>;

const KeywordSchema = z.string().trim().min(1, 'keyword must not be empty').max(200, 'keyword must be at most 200 characters');

export const WeightedSignalSchema = z.object({
  pattern: KeywordSchema,
  weight: z.number().min(-10, 'weight must be at least -10').max(10, 'weight must be at most 10').refine((w) => w !== 0, 'weight must not be 0'),
});
export type WeightedSignal = z.infer<typeof WeightedSignalSchema>;

export const RegexTriggerSchema = z.object({
  pattern: z.string().min(1, 'pattern must not be empty').max(1_000, 'pattern must be at most 1000 characters'),
  /** 'normalized' sees the text after evasions are undone (lower case, simplified). */
  on: z.enum(['normalized', 'original']).default('normalized'),
  caseInsensitive: z.boolean().default(true),
  /**
   * Optional pre-filter: the pattern runs only when the normalised text contains one of
   * these strings. A linear-time engine is safe, not fast; this keeps it off most messages.
   */
  requires: z.array(z.string().min(1).max(50)).max(20).default([]),
});
export type RegexTrigger = z.infer<typeof RegexTriggerSchema>;

export const TriggersSchema = z.object({
  keywords: z.array(KeywordSchema).max(20_000, 'at most 20000 keywords per rule').default([]),
  /** Exempt phrases: a keyword hit inside one of them does not count ("滚动" for "滚"). */
  allowPhrases: z.array(KeywordSchema).max(5_000).default([]),
  /** Latin keywords match whole words only ("ass" not in "assessment"). */
  wholeWordLatin: z.boolean().default(true),
  regexes: z.array(RegexTriggerSchema).max(200, 'at most 200 regular expressions per rule').default([]),
  detectors: z.array(DetectorKindSchema).max(DETECTOR_KINDS.length).default([]),
  behaviour: BehaviourTriggerSchema.default({}),
  /**
   * Weak signals with weights: each distinct phrase found adds its weight to the rule's
   * score (negative weights lower it: "is this real?" when a customer quotes a scam).
   * With `conditions.minScore` the rule fires on the sum, not on single hits.
   */
  weighted: z.array(WeightedSignalSchema).max(20_000, 'at most 20000 weighted phrases per rule').default([]),
  /** What a detector's hit adds to the score (default 1 each kind) when minScore is set. */
  detectorWeights: z.partialRecord(DetectorKindSchema, z.number().min(-10).max(10)).default({}),
  /**
   * What the message's surroundings add to the score (minScore rules, when the background
   * knows them): a link to a domain never seen in the group, the same text posted in other
   * groups recently, a new member. They strengthen content evidence and never fire alone.
   */
  contextWeights: z
    .object({
      newDomain: z.number().min(-10).max(10).optional(),
      crossGroup: z.number().min(-10).max(10).optional(),
      newMember: z.number().min(-10).max(10).optional(),
    })
    .default({}),
});
export type Triggers = z.infer<typeof TriggersSchema>;

export const ConditionsSchema = z.object({
  /** Roles the rule applies to; staff are exempt unless listed here. */
  roles: z.array(z.enum(['staff', 'customer', 'unknown'])).min(1).default(['customer', 'unknown']),
  /** Distinct keyword / regex hits needed (2+ for weak signals such as "私聊" + "日结"). */
  minHits: z.number().int().min(1).max(50).default(1),
  /** Only for members who are new (see behaviour.newMember for what "new" means). */
  newMembersOnly: z.boolean().default(false),
  minLength: z.number().int().min(0).max(20_000).optional(),
  /**
   * Fire on the score: keyword and regex hits add 1 each, weighted phrases their weight,
   * detectors their detectorWeights. Without it a rule fires on minHits as before.
   */
  minScore: z.number().min(0.1).max(1_000).optional(),
  /**
   * Keyword hits count only where they are aimed at someone: a second-person word ("you",
   * "u", "ur", "你") within `window` words of the hit, or a message of at most
   * `shortMessage` words (the word is then all the message says). For words that insult a
   * person but are mere mild profanity otherwise ("oh shit", "damn", "a stupid mistake").
   */
  /**
   * A weighted phrase found only in sentences that ask something ("兼职的话可以申请信用卡吗？")
   * counts this share of its weight: a customer asking about a thing is not offering it.
   * Detectors (contact details, links) keep their full weight.
   */
  askedShare: z.number().min(0).max(1).optional(),
  /**
   * With minScore: a score made of one signal alone (one phrase, one detector kind) fires only
   * if that signal weighs at least this; lighter ones need a second signal beside them.
   */
  soloWeight: z.number().min(0).max(1_000).optional(),
  /**
   * Stay quiet when every detector hit sits in a sentence asking whether it is genuine ("这个
   * 网址是官方的吗？", "is this link legit?"): the member asking is no offender.
   */
  quietWhenAsked: z.boolean().optional(),
  aimed: z
    .object({
      window: z.number().int().min(1).max(20).default(4),
      shortMessage: z.number().int().min(0).max(50).default(4),
    })
    .optional(),
});
export type Conditions = z.infer<typeof ConditionsSchema>;

export const ScopeSchema = z.union([
  z.object({ kind: z.literal('all') }),
  z.object({ kind: z.literal('groups'), groupIds: z.array(z.string().min(1)).min(1).max(1_000) }),
]);
export type Scope = z.infer<typeof ScopeSchema>;

export const ExemptionsSchema = z.object({
  staff: z.boolean().default(true),
  memberIds: z.array(z.string().min(1)).max(10_000).default([]),
  /** Domains that never count as links (the company's own site), subdomains included. */
  domains: z
    .array(z.string().trim().toLowerCase().regex(/^(\*\.)?[a-z0-9.-]+\.[a-z]{2,}$/, 'domain must look like example.com'))
    .max(1_000)
    .default([]),
});
export type Exemptions = z.infer<typeof ExemptionsSchema>;

export const DetectorOptionsSchema = z.object({
  mentionThreshold: z.number().int().min(2).max(500).default(5),
  emojiThreshold: z.number().int().min(2).max(1_000).default(12),
  maxLength: z.number().int().min(50).max(20_000).default(1_500),
  maxLines: z.number().int().min(2).max(2_000).default(40),
  repeatedCharRun: z.number().int().min(3).max(10_000).default(30),
});
export type DetectorOptions = z.infer<typeof DetectorOptionsSchema>;

export const RuleSchema = z.object({
  id: z.string().trim().min(1, 'rule id must not be empty').max(100),
  name: z.string().trim().min(1, 'rule name must not be empty').max(100),
  description: z.string().max(1_000).default(''),
  enabled: z.boolean().default(true),
  category: RuleCategorySchema,
  severity: SeveritySchema.default('medium'),
  /** Higher wins: among suggestions of one category, the highest priority is kept. */
  priority: z.number().int().min(-1_000).max(1_000).default(0),
  triggers: TriggersSchema,
  conditions: ConditionsSchema.default({ roles: ['customer', 'unknown'], minHits: 1, newMembersOnly: false }),
  contentAction: ContentActionSchema.default('none'),
  memberAction: MemberActionSchema.default('remind'),
  templateId: z.string().min(1).max(100).optional(),
  scope: ScopeSchema.default({ kind: 'all' }),
  exemptions: ExemptionsSchema.default({ staff: true, memberIds: [], domains: [] }),
  detectorOptions: DetectorOptionsSchema.default({
    mentionThreshold: 5,
    emojiThreshold: 12,
    maxLength: 1_500,
    maxLines: 40,
    repeatedCharRun: 30,
  }),
  /** Record what would have fired without showing it to staff (to try a rule safely). */
  auditOnly: z.boolean().default(false),
});
export type Rule = z.infer<typeof RuleSchema>;
/** What a person or a pack writes; defaults are filled in by parsing. */
export type RuleInput = z.input<typeof RuleSchema>;

export interface RuleFieldError {
  /** Position in the input list. */
  readonly index: number;
  readonly ruleId: string;
  readonly ruleName: string;
  /** Dotted path of the field, e.g. "triggers.regexes.0.pattern". */
  readonly field: string;
  readonly message: string;
}

/**
 * Validate a list of rules from an import or an edit. Each rule is parsed on its own, so
 * one bad rule is reported (by id, name and field) and the others are kept.
 */
export function parseRules(input: unknown): { rules: Rule[]; errors: RuleFieldError[] } {
  const rules: Rule[] = [];
  const errors: RuleFieldError[] = [];
  if (!Array.isArray(input)) {
    errors.push({ index: -1, ruleId: '', ruleName: '', field: '', message: 'rules must be a list' });
    return { rules, errors };
  }
  const ids = new Set<string>();
  input.forEach((raw, index) => {
    const obj = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
    const ruleId = typeof obj.id === 'string' ? obj.id : '';
    const ruleName = typeof obj.name === 'string' ? obj.name : '';
    const parsed = RuleSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        errors.push({ index, ruleId, ruleName, field: issue.path.map(String).join('.'), message: issue.message });
      }
      return;
    }
    if (ids.has(parsed.data.id)) {
      errors.push({ index, ruleId, ruleName, field: 'id', message: `duplicate rule id "${parsed.data.id}"` });
      return;
    }
    ids.add(parsed.data.id);
    rules.push(parsed.data);
  });
  return { rules, errors };
}
