import { z } from 'zod';
import {
  CaseSchema,
  GroupAllowListSchema,
  GroupSchema,
  MemberSchema,
  MembershipSchema,
  MemberTagSchema,
  MessageSchema,
  NoteSchema,
  ProposalDecisionSchema,
  proposalDecisionId,
  TagSchema,
  TemplateSchema,
  TemplateUseSchema,
  NickLinkSchema,
} from '../model';
import type { Message } from '../model';
import { RuleSchema } from '../model/rule';
import { validateRules } from '../rules/validate';
import { describeZodError } from '../messaging/protocol';
import type { Database } from './open';
import { DB_VERSION } from './migrations';
import { searchTermsOf } from './repos/search';
import { abortQuietly } from './tx';
import { GROUP_HEALTH_PREFIX, GroupSettingsSchema, groupSettingsOf, parsePreferences, SETTINGS_KEY } from './preferences';
import { getSettings } from './repos/settings';
import { DEFAULT_SETTINGS } from '../model';

export type RestoreMode = 'merge' | 'replace';

/**
 * Every record store, plus the settings (ladder, reply target, staff) and each group's
 * reply-time configuration. Files from before those were included restore without them.
 */
export const BackupSchema = z.object({
  format: z.literal('groupsteward-backup'),
  schemaVersion: z.number().int().min(1).max(DB_VERSION, 'this backup comes from a newer GroupSteward: update first'),
  exportedAt: z.number(),
  groups: z.array(GroupSchema),
  members: z.array(MemberSchema),
  memberships: z.array(MembershipSchema),
  messages: z.array(MessageSchema),
  tags: z.array(TagSchema),
  memberTags: z.array(MemberTagSchema),
  notes: z.array(NoteSchema),
  rules: z.array(RuleSchema),
  templates: z.array(TemplateSchema),
  cases: z.array(CaseSchema),
  settings: z.record(z.string(), z.unknown()).optional(),
  groupSettings: GroupSettingsSchema.optional(),
  questionMarks: z
    .array(z.object({ messageId: z.string().min(1), groupId: z.string().min(1), mark: z.enum(['answered', 'not-question']), at: z.number(), actor: z.string() }))
    .optional(),
  /** Each group's allow-list and staff's answers to proposals (learning); older files have neither. */
  allowLists: z
    .array(GroupAllowListSchema)
    .optional()
    .refine((lists) => new Set(lists?.map((l) => l.groupId)).size === (lists?.length ?? 0), 'allowLists: one list per group'),
  proposalDecisions: z
    .array(
      ProposalDecisionSchema.refine((d) => d.id === proposalDecisionId(d.groupId, d.kind, d.phrase), {
        message: 'the id must be made of the group, kind and phrase',
        path: ['id'],
      }),
    )
    .optional(),
  /** Template and FAQ insertions (usage figures); older files have none. */
  templateUses: z.array(TemplateUseSchema).optional(),
  /** Nick changes that made later nicks their member's (lib/identity/nicks.ts); older files have none. */
  nickLinks: z.array(NickLinkSchema).optional(),
});
export type Backup = z.infer<typeof BackupSchema>;

const STORES = ['groups', 'members', 'memberships', 'messages', 'tags', 'memberTags', 'notes', 'rules', 'templates', 'cases'] as const;

export async function exportBackup(db: Database, now: number): Promise<Backup> {
  const tx = db.transaction([...STORES, 'settings', 'questionMarks', 'allowLists', 'proposalDecisions', 'templateUses', 'nickLinks']);
  const [groups, members, memberships, messages, tags, memberTags, notes, rules, templates, cases] = await Promise.all(
    STORES.map((store) => tx.objectStore(store).getAll()),
  );
  const [preferences, questionMarks, allowLists, proposalDecisions, templateUses, nickLinks] = await Promise.all([
    tx.objectStore('settings').getAll(),
    tx.objectStore('questionMarks').getAll(),
    tx.objectStore('allowLists').getAll(),
    tx.objectStore('proposalDecisions').getAll(),
    tx.objectStore('templateUses').getAll(),
    tx.objectStore('nickLinks').getAll(),
  ]);
  return {
    format: 'groupsteward-backup',
    schemaVersion: DB_VERSION,
    exportedAt: now,
    groups,
    members,
    memberships,
    messages,
    tags,
    memberTags,
    notes,
    rules,
    templates,
    cases,
    settings: (preferences.find((record) => record.key === SETTINGS_KEY)?.value as Record<string, unknown> | undefined) ?? { ...DEFAULT_SETTINGS },
    groupSettings: groupSettingsOf(preferences),
    questionMarks,
    allowLists,
    proposalDecisions,
    templateUses,
    nickLinks,
  } as Backup;
}

export type RestoreCounts = Record<(typeof STORES)[number] | 'groupSettings' | 'questionMarks' | 'settings' | 'allowLists' | 'proposalDecisions' | 'templateUses' | 'nickLinks', number>;

/**
 * Restores a backup into this browser: validated in full first (records, settings and
 * group settings), then written in one transaction, so a bad file changes nothing.
 * `merge` keeps what is here and replaces records with the same key; `replace` empties
 * the stores first, so this browser ends up holding exactly the backup.
 */
export async function importBackup(db: Database, input: unknown, mode: RestoreMode = 'merge'): Promise<RestoreCounts> {
  const parsed = BackupSchema.safeParse(input);
  if (!parsed.success) throw new Error(`not a usable GroupSteward backup: ${describeZodError(parsed.error)}`);
  const backup = parsed.data;
  // The same check every rule passes on save: unique ids, patterns RE2 accepts.
  const ruleErrors = validateRules(backup.rules).errors;
  const firstRuleError = ruleErrors[0];
  if (firstRuleError) {
    throw new Error(
      `not a usable GroupSteward backup: rules.${firstRuleError.index} ("${firstRuleError.ruleName || firstRuleError.ruleId}"): ${firstRuleError.field ? `${firstRuleError.field}: ` : ''}${firstRuleError.message}`,
    );
  }
  const preferences = parsePreferences(backup, mode === 'replace' ? DEFAULT_SETTINGS : await getSettings(db));
  const tx = db.transaction([...STORES, 'searchTerms', 'questionMarks', 'settings', 'allowLists', 'proposalDecisions', 'templateUses', 'nickLinks', 'aggregates'], 'readwrite');
  const counts = {} as RestoreCounts;
  // Tag names are unique: a tag this browser already has under another id (both browsers
  // created "VIP") is the same tag, so the backup's links are moved onto it.
  const tagIds = new Map<string, string>();
  try {
    // Restored messages, marks and group timing change the figures: the dashboard recounts
    // them from the messages (with progress) rather than trust a message count that may match by chance.
    await tx.objectStore('aggregates').clear();
    if (mode === 'replace') {
      for (const store of [...STORES, 'searchTerms', 'questionMarks', 'allowLists', 'proposalDecisions', 'templateUses', 'nickLinks'] as const) await tx.objectStore(store).clear();
      const settingsStore = tx.objectStore('settings');
      for (const key of await settingsStore.getAllKeys()) if (String(key).startsWith(GROUP_HEALTH_PREFIX)) await settingsStore.delete(key);
    }
    for (const store of STORES) {
      const records = backup[store] as unknown[];
      for (const record of records) {
        let value = record;
        if (store === 'tags') {
          const tag = record as Backup['tags'][number];
          const existing = await tx.objectStore('tags').index('byName').get(tag.name);
          if (existing && existing.id !== tag.id) {
            tagIds.set(tag.id, existing.id);
            value = { ...tag, id: existing.id };
          }
        } else if (store === 'memberTags') {
          const link = record as Backup['memberTags'][number];
          value = { ...link, tagId: tagIds.get(link.tagId) ?? link.tagId };
        }
        await tx.objectStore(store).put(value as never);
        // Restored history is searchable like history read from the page.
        if (store === 'messages' && (value as Message).kind === 'message') await tx.objectStore('searchTerms').put(searchTermsOf(value as Message));
      }
      counts[store] = records.length;
    }
    for (const mark of backup.questionMarks ?? []) await tx.objectStore('questionMarks').put(mark);
    counts.questionMarks = backup.questionMarks?.length ?? 0;
    // A group's allow-list from the backup replaces this browser's list for that group.
    for (const list of backup.allowLists ?? []) await tx.objectStore('allowLists').put(list);
    counts.allowLists = backup.allowLists?.length ?? 0;
    for (const decision of backup.proposalDecisions ?? []) await tx.objectStore('proposalDecisions').put(decision);
    counts.proposalDecisions = backup.proposalDecisions?.length ?? 0;
    for (const use of backup.templateUses ?? []) await tx.objectStore('templateUses').put(use);
    counts.templateUses = backup.templateUses?.length ?? 0;
    for (const link of backup.nickLinks ?? []) await tx.objectStore('nickLinks').put(link);
    counts.nickLinks = backup.nickLinks?.length ?? 0;
    for (const record of preferences.groups) await tx.objectStore('settings').put(record);
    counts.groupSettings = preferences.groups.length;
    if (preferences.settings) await tx.objectStore('settings').put({ key: SETTINGS_KEY, value: preferences.settings });
    counts.settings = preferences.settings ? 1 : 0;
  } catch (error) {
    // Nothing of a failed restore is kept.
    abortQuietly(tx);
    throw error;
  }
  await tx.done;
  return counts;
}
