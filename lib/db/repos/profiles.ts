import { applyProfileImport, type ImportDecision, type ImportOutcome, planProfileImport } from '../../adapters/profile/pack';
import { parseSiteProfile, type SiteProfile } from '../../adapters/profile/schema';
import type { Database } from '../open';

export const PROFILES_KEY = 'siteProfiles';

/** Site profiles are few and small: one settings record holds them all. */
export async function listSiteProfiles(db: Database): Promise<SiteProfile[]> {
  const stored = (await db.get('settings', PROFILES_KEY))?.value;
  if (!Array.isArray(stored)) return [];
  // A profile saved by an older release that no longer validates is skipped, not fatal.
  return stored.flatMap((raw) => {
    const parsed = parseSiteProfile(raw);
    return parsed.ok ? [parsed.profile] : [];
  });
}

export async function saveSiteProfile(db: Database, profile: SiteProfile): Promise<SiteProfile[]> {
  const tx = db.transaction('settings', 'readwrite');
  const current = (await tx.store.get(PROFILES_KEY))?.value;
  const list = (Array.isArray(current) ? current : []).filter((p: { id?: unknown }) => p?.id !== profile.id);
  list.push(profile);
  await tx.store.put({ key: PROFILES_KEY, value: list });
  await tx.done;
  return listSiteProfiles(db);
}

export async function deleteSiteProfile(db: Database, id: string): Promise<SiteProfile[]> {
  const tx = db.transaction('settings', 'readwrite');
  const current = (await tx.store.get(PROFILES_KEY))?.value;
  const list = (Array.isArray(current) ? current : []).filter((p: { id?: unknown }) => p?.id !== id);
  await tx.store.put({ key: PROFILES_KEY, value: list });
  await tx.done;
  return listSiteProfiles(db);
}

/**
 * Imports decided profiles in one transaction (see `applyProfileImport`): all of them or,
 * when a conflict has no decision, none. Stored entries an older release wrote that no
 * longer validate are kept as they were.
 */
export async function importSiteProfiles(db: Database, incoming: readonly SiteProfile[], decisions: Readonly<Record<string, ImportDecision>>): Promise<ImportOutcome> {
  const tx = db.transaction('settings', 'readwrite');
  const stored = (await tx.store.get(PROFILES_KEY))?.value;
  const raw: unknown[] = Array.isArray(stored) ? stored : [];
  const existing: SiteProfile[] = [];
  const unreadable: unknown[] = [];
  for (const entry of raw) {
    const parsed = parseSiteProfile(entry);
    if (parsed.ok) existing.push(parsed.profile);
    else unreadable.push(entry);
  }
  let outcome: ImportOutcome;
  try {
    outcome = applyProfileImport(planProfileImport(incoming, existing), existing, decisions);
  } catch (error) {
    tx.abort();
    await tx.done.catch(() => {});
    throw error;
  }
  if (outcome.written.length > 0) await tx.store.put({ key: PROFILES_KEY, value: [...unreadable, ...outcome.profiles] });
  await tx.done;
  return outcome;
}
