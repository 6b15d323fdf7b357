import type { TemplateUse, TemplateUseVia } from '../../model';
import type { Database } from '../open';

/** A unique id that sorts by time: base-36 time, then a random part. */
export function templateUseId(at: number, random: () => number = Math.random): string {
  return `${at.toString(36)}-${Math.floor(random() * 36 ** 6).toString(36).padStart(6, '0')}`;
}

export async function recordTemplateUse(
  db: Database,
  use: { templateId: string; groupId: string; staff: string; via: TemplateUseVia },
  at: number,
  random?: () => number,
): Promise<TemplateUse> {
  const record: TemplateUse = { id: templateUseId(at, random), ...use, at };
  await db.put('templateUses', record);
  return record;
}

/** The insertions in each group between its own `from` (inclusive) and `to` (exclusive), read by key range. */
export async function readTemplateUses(db: Database, ranges: ReadonlyArray<{ groupId: string; from: number; to: number }>): Promise<TemplateUse[]> {
  const tx = db.transaction('templateUses');
  const index = tx.store.index('byGroupTime');
  const lists = await Promise.all(ranges.map((r) => index.getAll(IDBKeyRange.bound([r.groupId, r.from], [r.groupId, r.to], false, true))));
  await tx.done;
  return lists.flat();
}
