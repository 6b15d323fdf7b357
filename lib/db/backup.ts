import { z } from 'zod';
import {
  CaseSchema,
  GroupSchema,
  MemberSchema,
  MembershipSchema,
  MemberTagSchema,
  MessageSchema,
  NoteSchema,
  TagSchema,
  TemplateSchema,
} from '../model';
import type { Message } from '../model';
import { RuleSchema } from '../model/rule';
import { describeZodError } from '../messaging/protocol';
import type { Database } from './open';
import { DB_VERSION } from './migrations';
import { searchTermsOf } from './repos/search';
import { abortQuietly } from './tx';

/** Every store but settings (which hold this browser's preferences, not team data). */
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
});
export type Backup = z.infer<typeof BackupSchema>;

const STORES = ['groups', 'members', 'memberships', 'messages', 'tags', 'memberTags', 'notes', 'rules', 'templates', 'cases'] as const;

export async function exportBackup(db: Database, now: number): Promise<Backup> {
  const tx = db.transaction([...STORES]);
  const [groups, members, memberships, messages, tags, memberTags, notes, rules, templates, cases] = await Promise.all(
    STORES.map((store) => tx.objectStore(store).getAll()),
  );
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
  } as Backup;
}

/**
 * Restores a backup into this browser: validated in full first, then merged in one
 * transaction (records with the same key are replaced), so a bad file changes nothing.
 */
export async function importBackup(db: Database, input: unknown): Promise<Record<(typeof STORES)[number], number>> {
  const parsed = BackupSchema.safeParse(input);
  if (!parsed.success) throw new Error(`not a usable GroupSteward backup: ${describeZodError(parsed.error)}`);
  const backup = parsed.data;
  const tx = db.transaction([...STORES, 'searchTerms'], 'readwrite');
  const counts = {} as Record<(typeof STORES)[number], number>;
  // Tag names are unique: a tag this browser already has under another id (both browsers
  // created "VIP") is the same tag, so the backup's links are moved onto it.
  const tagIds = new Map<string, string>();
  try {
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
  } catch (error) {
    // Nothing of a failed restore is kept.
    abortQuietly(tx);
    throw error;
  }
  await tx.done;
  return counts;
}
