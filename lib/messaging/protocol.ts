import { z } from 'zod';
import { GroupHealthConfigSchema } from '../analytics/health-config';
import { SiteProfileSchema } from '../adapters/profile/schema';
import { RuleCategorySchema, RuleSchema } from '../model/rule';
import { AllowEntrySchema, GroupAllowListSchema, ProposalDecisionSchema, ProposalKindSchema } from '../model/learning';
import { LadderChannelSchema, LadderOutcomeSchema } from '../moderation/ladder';
import { PendingActionSchema } from '../moderation/pending';
import { contentRequestInputs, HealthMiniSchema } from './content-requests';
import { describeIssues, type IssueLike } from './describe';
import {
  CaseSchema,
  DISMISS_REASON_CODES,
  MemberActionSchema,
  SpanSchema,
  GroupSchema,
  LifecycleStageSchema,
  MemberSchema,
  MembershipSchema,
  MessageSchema,
  NoteSchema,
  SettingsPatchSchema,
  SettingsSchema,
  SiteIdSchema,
  TagNameSchema,
  TagSchema,
  TemplateSchema,
  ValueTierSchema,
} from '../model';

export const HealthSchema = HealthMiniSchema;
export { DeliveryStatusMiniSchema as DeliveryStatusSchema } from './content-requests';
export type Health = z.infer<typeof HealthSchema>;

/** A flagged message: every category and its evidence, the ladder step it would get and why, and any pending action. */
export const FlaggedMessageSchema = z.object({
  messageId: z.string(),
  groupId: z.string(),
  memberId: z.string(),
  /** The key the chat knows the member by now, when a nick change made it another than their member key (a private reminder goes to it). */
  currentKey: z.string().optional(),
  authorName: z.string(),
  text: z.string(),
  ts: z.number(),
  spans: z.array(SpanSchema),
  categories: z.array(
    z.object({
      suggestionId: z.string(),
      category: z.string(),
      ruleId: z.string().optional(),
      reason: z.string(),
      reasonZh: z.string().optional(),
      memberAction: MemberActionSchema,
      spans: z.array(SpanSchema),
    }),
  ),
  ruleAction: MemberActionSchema,
  flaggedAt: z.number(),
  choice: z.object({
    step: z.number().int(),
    totalSteps: z.number().int(),
    channel: LadderChannelSchema.nullable(),
    outcome: LadderOutcomeSchema,
    templateId: z.string().nullable(),
    memberAction: MemberActionSchema,
    why: z.enum(['ladder', 'rule-minimum', 'rule-none']),
    ladderStep: z.number().int(),
    priorPoints: z.number().int(),
    weight: z.number().int(),
  }),
  activeDecisions: z.number().int(),
  nextExpiry: z.number().optional(),
  pending: PendingActionSchema.nullable(),
});
export type FlaggedMessageView = z.infer<typeof FlaggedMessageSchema>;

export const TestedSuggestionSchema = z.object({
  ruleId: z.string(),
  ruleName: z.string(),
  category: z.string(),
  severity: z.string(),
  memberAction: MemberActionSchema,
  auditOnly: z.boolean(),
  spans: z.array(SpanSchema),
  evidence: z.array(z.string()),
  reason: z.string(),
  reasonZh: z.string(),
});

/** Rules, templates and tags a team shares; never members, messages or notes. */
export const TeamPackSchema = z.object({
  format: z.literal('groupsteward-team-pack'),
  version: z.literal(1),
  exportedAt: z.number(),
  rules: z.array(z.unknown()).max(5_000).default([]),
  templates: z.array(z.unknown()).max(5_000).default([]),
  tags: z.array(z.object({ name: TagNameSchema, color: TagSchema.shape.color, favourite: z.boolean().default(false) })).max(5_000).default([]),
  /** The team's settings (ladder, warning window, reply target, who counts as staff); checked field by field on import. */
  settings: z.record(z.string(), z.unknown()).optional(),
  /** Each group's reply-time configuration, by group id. */
  groupSettings: z.array(z.object({ groupId: z.string(), healthConfig: z.unknown() })).optional(),
});
export type TeamPack = z.infer<typeof TeamPackSchema>;

export const TabStatusSchema = z.object({
  adapterId: z.string(),
  adapterLabel: z.string(),
  verified: z.boolean(),
  groupId: z.string().nullable(),
  groupTitle: z.string().nullable(),
  messagesRead: z.number().int().nonnegative(),
  health: HealthSchema,
  updatedAt: z.number(),
});
export type TabStatus = z.infer<typeof TabStatusSchema>;

const MemberIdSchema = z.string().min(1, 'member id must not be empty').max(600);

export const MemberCardSchema = z.object({
  member: MemberSchema,
  memberships: z.array(MembershipSchema.extend({ groupTitle: z.string() })),
  tags: z.array(TagSchema),
  notes: z.array(NoteSchema),
  cases: z.array(CaseSchema),
  /** The newest page of the member's history; older pages come from getMemberHistory. */
  history: z.array(MessageSchema),
  historyMore: z.boolean().default(false),
  messageCount: z.number().int().nonnegative(),
  /** How the member is known as staff: marked by the site, listed by id in the options, or not (lib/background/staff.ts). */
  staff: z.enum(['site', 'listed']).nullable().default(null),
  /** For a member who is not staff: the staff name theirs reads as (any case, look-alike letters). */
  staffNameClash: z.string().nullable().default(null),
  /** Nick changes that made later nicks this member's (lib/identity/nicks.ts), oldest first. */
  renames: z.array(z.object({ from: z.string(), to: z.string(), at: z.number(), groupId: z.string() })).default([]),
});
export type MemberCard = z.infer<typeof MemberCardSchema>;

const Empty = z.object({});

export const GroupMemberSchema = z.object({
  memberId: z.string(),
  name: z.string(),
  stage: z.string().optional(),
  tags: z.array(TagSchema),
  firstSeen: z.number(),
  lastSeen: z.number(),
  messageCount: z.number().int(),
  left: z.boolean(),
});
export type GroupMember = z.infer<typeof GroupMemberSchema>;

const DateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is written YYYY-MM-DD');
const ms = z.number().nullable();
export const DashboardDataSchema = z.object({
  from: z.string(),
  to: z.string(),
  messagesPerDay: z.array(z.object({ date: z.string(), messages: z.number(), customer: z.number(), staff: z.number(), activeMembers: z.number() })),
  heatmap: z.object({ questions: z.array(z.array(z.number())), staffMessages: z.array(z.array(z.number())) }),
  responseBuckets: z.array(z.number()),
  ends: z.record(z.string(), z.number()),
  groups: z.array(
    z.object({
      groupId: z.string(),
      title: z.string(),
      messages: z.number(),
      posters: z.number(),
      members: z.number(),
      inactive: z.number(),
      newMembers: z.number(),
      departed: z.number(),
      questions: z.number(),
      answeredByStaff: z.number(),
      answeredByMember: z.number(),
      neverAnswered: z.number(),
      frtMedianMs: ms,
      frtP90Ms: ms,
      nrtMedianMs: ms,
      hitRate: ms,
      targetMinutes: z.number(),
    }),
  ),
  staff: z.array(z.object({ name: z.string(), answered: z.number(), medianMs: ms, p90Ms: ms, hitRate: ms })),
  weeks: z.array(z.object({ week: z.string(), questions: z.number(), hitRate: ms, frtMedianMs: ms })),
  funnel: z.object({ joined: z.number(), firstMessage: z.number(), returning: z.number() }),
  topContributors: z.array(z.object({ memberId: z.string(), messages: z.number(), days: z.number() })),
  rules: z.array(z.object({ category: z.string(), suggested: z.number(), applied: z.number(), dismissed: z.number() })),
  ladder: z.array(z.object({ action: z.string(), count: z.number() })),
  repeatOffenders: z.array(z.object({ memberId: z.string(), warnings: z.number(), groups: z.number() })),
  totals: z.object({ messages: z.number(), questions: z.number(), frtMedianMs: ms, frtP90Ms: ms, businessMedianMs: ms, hitRate: ms }),
});
export type DashboardResponse = z.infer<typeof DashboardDataSchema>;

export const WaitingQuestionSchema = z.object({
  message: MessageSchema,
  waitingMs: z.number(),
  businessWaitingMs: z.number(),
  clockRunning: z.boolean(),
  level: z.enum(['ok', 'due', 'missed']),
  overdue: z.boolean(),
});

export const GroupPanelSchema = z.object({
  group: GroupSchema,
  /** The group's first-response target and when the waits were measured (the sidebar ticks on from there). */
  health: z.object({ targetMinutes: z.number(), computedAt: z.number() }),
  members: z.array(GroupMemberSchema),
  /** The oldest waiting questions: all of them, or the first `unansweredLimit` asked for. */
  unanswered: z.array(WaitingQuestionSchema),
  /** How many questions wait in all (absent: `unanswered` holds all of them). */
  unansweredTotal: z.number().int().nonnegative().optional(),
  /** Members who joined in the last day and are still in: candidates for a welcome. */
  recentJoins: z.array(z.object({ memberId: z.string(), name: z.string(), ts: z.number() })),
});

export const MemberBadgeSchema = z.object({
  tags: z.array(z.object({ name: z.string(), color: z.string() })),
  warnings: z.number().int().nonnegative(),
});
export type MemberBadge = z.infer<typeof MemberBadgeSchema>;
export type GroupPanel = z.infer<typeof GroupPanelSchema>;

const TextLanguageSchema = z.enum(['zh', 'en']);
export const GroupLanguageSchema = z.object({ language: TextLanguageSchema, detected: TextLanguageSchema, chosen: TextLanguageSchema.nullable() });

/** One group's proposals (lib/rules/proposals.ts) with the counts behind each, and its allow-list. */
export const ProposalsSchema = z.object({
  groups: z.array(z.object({ id: z.string(), title: z.string() })),
  groupId: z.string().nullable(),
  words: z.array(z.object({ phrase: z.string(), flagged: z.number().int(), normal: z.number().int(), score: z.number(), category: RuleCategorySchema })),
  allow: z.array(z.object({ phrase: z.string(), allowedInGroup: z.number().int(), notAProblem: z.number().int() })),
  basis: z.object({ flagged: z.number().int(), normal: z.number().int(), dismissed: z.number().int() }),
  allowList: z.array(AllowEntrySchema),
});
export type ProposalsView = z.infer<typeof ProposalsSchema>;

/** A template as edited: timestamps are the background's to set. */
export const TemplateDraftSchema = TemplateSchema.omit({ createdAt: true, updatedAt: true }).extend({
  id: z.string().min(1).max(100).optional(),
});

/**
 * Every request the background answers: name → input and output schemas. The client
 * parses input before sending; the server parses it again (a content script or page can
 * be compromised) and answers `{ok: true, data}` or `{ok: false, error}`.
 */
export const protocol = {
  ingest: {
    input: contentRequestInputs.ingest.input,
    output: z.object({
      groupId: z.string(),
      stored: z.number().int(),
      duplicates: z.number().int(),
      suggestions: z.number().int(),
      /** Pending ladder steps this batch showed sent (each now a case). */
      decisions: z.number().int().optional(),
      /** Events not stored because the tab is past its ingest budget (lib/background/ingest-budget.ts). */
      dropped: z.number().int().optional(),
      /** The members the stored messages went to, renamed nicks resolved (lib/identity/nicks.ts). */
      memberIds: z.array(z.string()).optional(),
    }),
  },
  reportStatus: {
    input: contentRequestInputs.reportStatus.input,
    output: Empty,
  },
  getTabStatus: {
    input: z.object({ tabId: z.number().int() }),
    output: TabStatusSchema.extend({ suggestionsWaiting: z.number().int(), droppedOverBudget: z.number().int().default(0) }).nullable(),
  },
  getMemberCard: {
    input: z.object({ memberId: MemberIdSchema, historyLimit: z.number().int().min(1).max(20_000).default(500) }),
    output: MemberCardSchema.nullable(),
  },
  /** An older page of a member's history, as the user scrolls down the card. */
  getMemberHistory: {
    input: z.object({
      memberId: MemberIdSchema,
      before: z.object({ ts: z.number(), id: z.string().min(1) }).optional(),
      limit: z.number().int().min(1).max(1_000).default(200),
    }),
    output: z.object({ messages: z.array(MessageSchema), more: z.boolean() }),
  },
  /** Full-text search over every stored message (lib/db/repos/search.ts). */
  searchMessages: {
    input: z.object({
      text: z.string().max(200),
      memberId: MemberIdSchema.optional(),
      groupId: z.string().min(1).max(600).optional(),
      from: z.number().int().nonnegative().optional(),
      to: z.number().int().nonnegative().optional(),
      limit: z.number().int().min(1).max(200).default(50),
    }),
    output: z.object({ messages: z.array(MessageSchema), more: z.boolean(), groupTitles: z.record(z.string(), z.string()) }),
  },
  /**
   * The member a name clicked on the page stands for: a renamed nick is its member's
   * (lib/identity/nicks.ts), at the row's time when known (`at`), else now.
   */
  resolveMember: {
    input: z.object({ site: SiteIdSchema, externalId: z.string().min(1).max(512), at: z.number().int().nonnegative().optional() }),
    output: z.object({ memberId: z.string() }),
  },
  /** A member seen on the page (member list, a row not yet read) gets a record to tag and note. */
  ensureMember: {
    input: z.object({ site: SiteIdSchema, externalId: z.string().min(1).max(512), name: z.string().max(200) }),
    output: MemberSchema,
  },
  setMemberProfile: {
    input: z.object({
      memberId: MemberIdSchema,
      stage: LifecycleStageSchema.nullable().optional(),
      tier: ValueTierSchema.nullable().optional(),
    }),
    output: MemberSchema,
  },
  getMemberBadges: {
    input: contentRequestInputs.getMemberBadges.input,
    output: z.record(z.string(), MemberBadgeSchema),
  },
  listTags: { input: Empty, output: z.array(TagSchema) },
  addTag: {
    input: z.object({ memberIds: z.array(MemberIdSchema).min(1, 'choose at least one member').max(500), name: TagNameSchema }),
    output: TagSchema,
  },
  removeTag: {
    input: z.object({ memberId: MemberIdSchema, tagId: z.string().min(1) }),
    output: Empty,
  },
  updateTag: {
    input: z.object({ tagId: z.string().min(1), color: TagSchema.shape.color.optional(), favourite: z.boolean().optional() }),
    output: TagSchema,
  },
  addNote: {
    input: z.object({ memberId: MemberIdSchema, text: NoteSchema.shape.text }),
    output: NoteSchema,
  },
  editNote: {
    input: z.object({ noteId: z.string().min(1), text: NoteSchema.shape.text }),
    output: NoteSchema,
  },
  deleteNote: { input: z.object({ noteId: z.string().min(1) }), output: Empty },
  getGroup: { input: z.object({ groupId: z.string().min(1) }), output: GroupSchema.nullable() },
  getGroupPanel: {
    input: z.object({
      groupId: z.string().min(1),
      slaMinutes: z.number().min(1).max(1440).default(5),
      /**
       * Waiting questions to send, oldest first (the rest are counted). The sidebar shows them
       * 50 at a time: a busy group's thousands, sent whole on every re-read, were 2 MB of JSON
       * through the browser process per refresh while a chat streamed.
       */
      unansweredLimit: z.number().int().min(1).optional(),
    }),
    output: GroupPanelSchema.nullable(),
  },
  /** Staff inserted a template (sidebar list, `/` picker, FAQ answer): counted for the usage figures, with the staff name from the settings. */
  recordTemplateUse: { input: contentRequestInputs.recordTemplateUse.input, output: Empty },
  markQuestion: {
    input: z.object({ groupId: z.string().min(1), messageId: z.string().min(1), mark: z.enum(['answered', 'not-question']) }),
    output: Empty,
  },
  getGroupHealthConfig: {
    input: z.object({ groupId: z.string().min(1) }),
    output: z.object({ config: GroupHealthConfigSchema, saved: z.boolean() }),
  },
  /** The config arrives as typed; the background refuses it naming the field that does not parse. */
  saveGroupHealthConfig: {
    input: z.object({ groupId: z.string().min(1), config: z.unknown() }),
    output: GroupHealthConfigSchema,
  },
  /** Figures for the dashboard, or rebuild progress while the aggregates are being rebuilt. */
  getDashboard: {
    input: z.object({
      groupIds: z.array(z.string().min(1)).max(500).default([]),
      from: DateSchema,
      to: DateSchema,
      inactiveDays: z.number().int().min(1).max(3650).default(30),
    }),
    output: z.discriminatedUnion('state', [
      z.object({ state: z.literal('rebuilding'), done: z.number(), total: z.number() }),
      z.object({
        state: z.literal('ready'),
        data: DashboardDataSchema,
        /** Insertions per template in the range, most used first. */
        templateUsage: z.array(
          z.object({
            templateId: z.string(),
            name: z.string().nullable(),
            category: z.string().nullable(),
            uses: z.number().int(),
            byVia: z.object({ sidebar: z.number().int(), slash: z.number().int(), faq: z.number().int() }),
            staff: z.number().int(),
            groups: z.number().int(),
            lastAt: z.number(),
          }),
        ),
        names: z.record(z.string(), z.string()),
        outOfRange: z.number().int(),
        allGroups: z.array(z.object({ id: z.string(), title: z.string() })),
      }),
    ]),
  },
  /** The messages behind one figure of the dashboard. */
  drillDown: {
    input: z.object({
      groupIds: z.array(z.string().min(1)).max(500).default([]),
      from: DateSchema,
      to: DateSchema,
      questions: z.boolean(),
      end: z.string().max(20).optional(),
      staff: z.string().max(200).optional(),
      weekday: z.number().int().min(0).max(6).optional(),
      hour: z.number().int().min(0).max(23).optional(),
      missed: z.boolean().optional(),
      memberId: z.string().max(600).optional(),
    }),
    output: z.array(z.object({ message: MessageSchema, end: z.string().nullable(), responseMs: z.number().nullable() })),
  },
  setGroupRules: {
    input: z.object({ groupId: z.string().min(1), rulesText: GroupSchema.shape.rulesText }),
    output: GroupSchema,
  },
  /** The language templates are sent in for a group: staff's choice, else detected; `fallback` decides an unreadable group. */
  getGroupLanguage: {
    input: z.object({ groupId: z.string().min(1), fallback: TextLanguageSchema.default('zh') }),
    output: GroupLanguageSchema,
  },
  getSlashContext: {
    input: contentRequestInputs.getSlashContext.input,
    output: z.object({ answeringName: z.string().nullable(), language: TextLanguageSchema }),
  },
  setGroupLanguage: {
    input: z.object({ groupId: z.string().min(1), language: TextLanguageSchema.nullable(), fallback: TextLanguageSchema.default('zh') }),
    output: GroupLanguageSchema,
  },
  listTemplates: { input: contentRequestInputs.listTemplates.input, output: z.array(TemplateSchema) },
  saveTemplate: { input: TemplateDraftSchema, output: TemplateSchema },
  deleteTemplate: { input: z.object({ id: z.string().min(1) }), output: Empty },
  /** Flagged messages in the group without a decision, one item per message. */
  listSuggestions: {
    input: z.object({ groupId: z.string().min(1) }),
    output: z.array(FlaggedMessageSchema),
  },
  /** The step's text was put into a composer or the clipboard: pending until seen sent or confirmed. */
  startAction: {
    input: z.object({
      groupId: z.string().min(1),
      messageId: z.string().min(1),
      text: z.string().min(1, 'the text to send is empty').max(4_000),
      templateId: z.string().max(100).optional(),
      reason: z.string().max(1_000).default(''),
    }),
    output: PendingActionSchema,
  },
  /** The text was not sent after all (the composer was cleared): no case. */
  cancelAction: { input: z.object({ groupId: z.string().min(1), messageId: z.string().min(1) }), output: Empty },
  /** Staff confirm what they did (reminded privately, muted, removed, recorded): the message's one decision. */
  confirmAction: {
    input: z.object({ groupId: z.string().min(1), messageId: z.string().min(1), reason: z.string().max(1_000).default('') }),
    output: CaseSchema,
  },
  /** Nothing to act on: the message's one decision, with a reason code and free text. */
  dismissMessage: {
    input: z.object({
      groupId: z.string().min(1),
      messageId: z.string().min(1),
      reasonCode: z.enum(DISMISS_REASON_CODES),
      text: z.string().max(1_000).default(''),
    }),
    output: CaseSchema,
  },
  /** Staff flag a message the rules missed: a manual case in the category chosen, counted on the ladder. */
  flagMessage: {
    input: z.object({ messageId: z.string().min(1).max(1_200), category: RuleCategorySchema, reason: z.string().max(1_000).default('') }),
    output: CaseSchema,
  },
  /** The options' proposals for one group (the given one, else the most recent), and its allow-list. */
  listProposals: {
    input: z.object({ groupId: z.string().min(1).max(600).optional() }),
    output: ProposalsSchema,
  },
  /** Approve (into a rule or the group's allow-list, validated) or ignore one proposal; either way it is not proposed again. */
  decideProposal: {
    input: z.object({
      groupId: z.string().min(1).max(600),
      kind: ProposalKindSchema,
      phrase: z.string().min(1).max(200),
      decision: z.enum(['approve', 'ignore']),
      category: RuleCategorySchema.optional(),
    }),
    output: ProposalDecisionSchema,
  },
  /** The phrase arrives as typed; the background refuses it naming the phrase. */
  addAllowPhrase: { input: z.object({ groupId: z.string().min(1).max(600), phrase: z.string().max(1_000) }), output: GroupAllowListSchema },
  removeAllowPhrase: { input: z.object({ groupId: z.string().min(1).max(600), phrase: z.string().min(1).max(1_000) }), output: GroupAllowListSchema },
  /** Remove the member's last active warning in a group, or all of them (`all`). */
  revokeWarnings: {
    input: z.object({ memberId: MemberIdSchema, groupId: z.string().min(1), all: z.boolean().default(false), reason: z.string().max(1_000).default('') }),
    output: z.object({ revoked: z.number().int() }),
  },
  listRules: {
    input: Empty,
    output: z.object({ rules: z.array(RuleSchema), errors: z.array(z.object({ ruleId: z.string(), ruleName: z.string(), field: z.string(), message: z.string() })) }),
  },
  /** The rule is validated in full by the background; errors name the rule and the field. */
  saveRule: { input: z.object({ rule: z.unknown() }), output: RuleSchema },
  setRuleEnabled: { input: z.object({ id: z.string().min(1), enabled: z.boolean() }), output: RuleSchema },
  deleteRule: { input: z.object({ id: z.string().min(1) }), output: Empty },
  testMessage: {
    input: z.object({ text: z.string().max(20_000), role: z.enum(['customer', 'staff', 'unknown']).default('customer') }),
    output: z.array(TestedSuggestionSchema),
  },
  exportTeamPack: { input: Empty, output: TeamPackSchema },
  importTeamPack: {
    input: z.object({ pack: z.unknown() }),
    output: z.object({
      rules: z.number().int(),
      templates: z.number().int(),
      tags: z.number().int(),
      settings: z.number().int(),
      groupSettings: z.number().int(),
      /** Templates the pack marked "send directly", imported with it off. */
      sendDirectlyOff: z.number().int(),
      /** Pack templates carrying a built-in's id, kept as new templates beside the built-in. */
      builtInsKept: z.number().int(),
      /** Built-in rules the pack changed (switched off, other words): shown to staff, never silent. */
      builtInRulesChanged: z.number().int(),
    }),
  },
  listSiteProfiles: { input: Empty, output: z.array(SiteProfileSchema) },
  /** The profile is validated in full by the background; errors name the field. */
  saveSiteProfile: { input: z.object({ profile: z.unknown() }), output: z.array(SiteProfileSchema) },
  deleteSiteProfile: { input: z.object({ id: z.string().min(1) }), output: z.array(SiteProfileSchema) },
  /**
   * A site profile pack (or one profile) validated in full by the background; every profile
   * for a site that already has one needs a decision, else nothing is imported.
   */
  importSiteProfiles: {
    input: z.object({ pack: z.unknown(), decisions: z.record(z.string().max(40), z.enum(['replace', 'keep'])).default({}) }),
    output: z.object({
      added: z.number().int(),
      replaced: z.number().int(),
      kept: z.number().int(),
      unchanged: z.number().int(),
      profiles: z.array(SiteProfileSchema),
    }),
  },
  /** Profiles whose match patterns cover `url` (the content script on an unknown site). */
  siteProfilesFor: { input: contentRequestInputs.siteProfilesFor.input, output: z.array(SiteProfileSchema) },
  /** Everything but preferences, for archiving and moving to another browser. */
  exportBackup: { input: Empty, output: z.object({ format: z.literal('groupsteward-backup') }).passthrough() },
  importBackup: { input: z.object({ backup: z.unknown(), mode: z.enum(['merge', 'replace']).default('merge') }), output: z.record(z.string(), z.number().int()) },
  /** A privacy request: erase what is stored about one member. */
  forgetMember: {
    input: z.object({ memberId: MemberIdSchema }),
    output: z.object({ messages: z.number().int(), notes: z.number().int(), cases: z.number().int() }),
  },
  getSettings: { input: contentRequestInputs.getSettings.input, output: SettingsSchema },
  /** One section of the options back to what ships (the team's own templates and rules stay). */
  restoreDefaults: { input: z.object({ section: z.enum(['templates', 'rules', 'settings']) }), output: z.object({ restored: z.number().int() }) },
  /** In-page labels (slash picker, badges) in the language chosen in the options: the content script cannot switch the browser's. */
  getPageLabels: {
    input: contentRequestInputs.getPageLabels.input,
    output: z.object({ language: z.enum(['en', 'zh_CN']), messages: z.record(z.string(), z.object({ message: z.string() })) }),
  },
  /** Only the keys sent are changed; a missing key is never reset to its default. */
  updateSettings: { input: SettingsPatchSchema, output: SettingsSchema },
  setSidebarState: { input: contentRequestInputs.setSidebarState.input, output: SettingsSchema },
  /**
   * A sidebar frame's command to the content script of the tab it sits in, passed on by the
   * background (lib/background/sidebar-relay.ts). Firefox gives a moz-extension frame inside
   * a web page no `tabs` API, so the frame cannot send it itself. The content script checks
   * the command again; the answer comes back as it gave it, with the tab's id.
   */
  /**
   * Host access for a site profile, asked for on behalf of a sidebar frame that has no
   * `permissions` API (Firefox): the background opens a one-button grant page and answers
   * once the sites are granted (true) or the page is closed without it (false).
   */
  requestSiteAccess: {
    input: z.object({ origins: SiteProfileSchema.shape.matches }),
    output: z.boolean(),
  },
  relayToOwnTab: {
    input: z.object({ name: z.string().min(1).max(40), input: z.unknown() }),
    output: z.object({ tabId: z.number().int(), reply: z.unknown() }),
  },
} as const;

export type Protocol = typeof protocol;
export type RequestName = keyof Protocol;
export type RequestInput<N extends RequestName> = z.input<Protocol[N]['input']>;
export type ParsedInput<N extends RequestName> = z.output<Protocol[N]['input']>;
export type RequestOutput<N extends RequestName> = z.output<Protocol[N]['output']>;

/** The envelope on the wire; `gs` keeps our messages apart from anything else on the runtime bus. */
export interface RequestEnvelope {
  gs: 'request';
  name: string;
  input: unknown;
}
/**
 * `code` says what kind of failure it was where the sender must act differently: the input
 * was refused (sending it again cannot help), or the disk is full (wait for space).
 */
export type ReplyCode = 'invalid-input' | 'quota';
export type Reply<T> = { ok: true; data: T } | { ok: false; error: string; code?: ReplyCode };

export function isRequestEnvelope(value: unknown): value is RequestEnvelope {
  return typeof value === 'object' && value !== null && (value as { gs?: unknown }).gs === 'request';
}

/** Names the field that failed, e.g. `events.3.author.name: expected string`. */
export function describeZodError(error: { issues: ReadonlyArray<IssueLike> }): string {
  return describeIssues(error.issues);
}
