import { type PendingAction, PendingActionSchema } from '../../moderation/pending';
import type { Database } from '../open';

/**
 * Pending actions (texts inserted but not yet seen sent) live in the key/value store: a
 * handful at a time, kept across service-worker restarts, never exported as cases.
 */
const PENDING_KEY = 'pendingActions';

export async function getPendingActions(db: Database): Promise<PendingAction[]> {
  const record = await db.get('settings', PENDING_KEY);
  const list = Array.isArray(record?.value) ? record.value : [];
  return list.flatMap((item) => {
    const parsed = PendingActionSchema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
}

/** Reads, changes and writes the list in one transaction, so two updates cannot lose each other's change. */
export async function updatePendingActions(db: Database, change: (list: PendingAction[]) => PendingAction[]): Promise<PendingAction[]> {
  const tx = db.transaction('settings', 'readwrite');
  const record = await tx.store.get(PENDING_KEY);
  const current = (Array.isArray(record?.value) ? record.value : []).flatMap((item) => {
    const parsed = PendingActionSchema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
  const next = change(current);
  await tx.store.put({ key: PENDING_KEY, value: next });
  await tx.done;
  return next;
}
