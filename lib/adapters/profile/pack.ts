import { type ProfileError, parseSiteProfile, type SiteProfile } from './schema';

/**
 * Site profile packs: one or more site profiles in a file, so a team lead who set a chat up
 * by clicking can hand the result to the team. Validated in full with zod (schema.ts), so
 * this module belongs to the options page and the background, never the content script.
 */

export const PROFILE_PACK_FORMAT = 'groupsteward.site-profiles';
export const PROFILE_PACK_VERSION = 1;
/** More than any team has chats; a file holding more is not a pack of ours. */
export const MAX_PACK_PROFILES = 50;

export interface SiteProfilePack {
  format: typeof PROFILE_PACK_FORMAT;
  version: typeof PROFILE_PACK_VERSION;
  exportedAt: string;
  profiles: SiteProfile[];
}

export type PackParse = { ok: true; profiles: SiteProfile[] } | { ok: false; errors: ProfileError[] };

export function makeProfilePack(profiles: readonly SiteProfile[], now: number): SiteProfilePack {
  return { format: PROFILE_PACK_FORMAT, version: PROFILE_PACK_VERSION, exportedAt: new Date(now).toISOString(), profiles: [...profiles] };
}

/** A file name that says what it holds: the profile's id for one, the date for a set. */
export function profilePackFileName(profiles: readonly Pick<SiteProfile, 'id'>[], now: number): string {
  const only = profiles.length === 1 ? profiles[0] : undefined;
  return only ? `groupsteward-site-profile-${only.id}.json` : `groupsteward-site-profiles-${new Date(now).toISOString().slice(0, 10)}.json`;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads a pack, or one bare profile as the editor shows it. Every profile is validated in
 * full; errors name the field from the file's top (`profiles.1.selectors.row`), and a pack
 * with any error is refused whole (nothing half imported).
 */
export function parseProfilePack(value: unknown): PackParse {
  if (isObject(value) && 'selectors' in value && !('profiles' in value)) {
    const single = parseSiteProfile(value);
    return single.ok ? { ok: true, profiles: [single.profile] } : single;
  }
  if (!isObject(value)) return { ok: false, errors: [{ field: '', message: 'is not a site profile pack (expected an object with "profiles")' }] };
  const errors: ProfileError[] = [];
  if (value.format !== PROFILE_PACK_FORMAT) errors.push({ field: 'format', message: `must be "${PROFILE_PACK_FORMAT}"` });
  if (value.version !== PROFILE_PACK_VERSION) {
    errors.push({ field: 'version', message: typeof value.version === 'number' && value.version > PROFILE_PACK_VERSION ? `is ${value.version}: this pack was made by a newer version; update GroupSteward` : `must be ${PROFILE_PACK_VERSION}` });
  }
  const list = value.profiles;
  if (!Array.isArray(list)) return { ok: false, errors: [...errors, { field: 'profiles', message: 'must be a list of site profiles' }] };
  if (list.length === 0) errors.push({ field: 'profiles', message: 'must hold at least one site profile' });
  if (list.length > MAX_PACK_PROFILES) errors.push({ field: 'profiles', message: `must hold at most ${MAX_PACK_PROFILES} site profiles` });
  const profiles: Array<{ profile: SiteProfile; index: number }> = [];
  list.slice(0, MAX_PACK_PROFILES).forEach((raw, index) => {
    const parsed = parseSiteProfile(raw);
    if (!parsed.ok) {
      for (const error of parsed.errors) errors.push({ field: error.field ? `profiles.${index}.${error.field}` : `profiles.${index}`, message: error.message });
      return;
    }
    // Two profiles for one site in one pack: which one should read it?
    const twin = profiles.find((earlier) => sameSite(earlier.profile, parsed.profile));
    if (twin) {
      const field = twin.profile.id === parsed.profile.id ? 'id' : 'matches';
      errors.push({ field: `profiles.${index}.${field}`, message: `names the same site as profiles.${twin.index} ("${twin.profile.name}")` });
    }
    profiles.push({ profile: parsed.profile, index });
  });
  return errors.length ? { ok: false, errors: errors.slice(0, 20) } : { ok: true, profiles: profiles.map((p) => p.profile) };
}

/** What importing one profile would do to the profiles already saved. */
export type ImportStatus =
  | { kind: 'new' }
  /** The same profile is saved already: nothing to do. */
  | { kind: 'unchanged' }
  /** A different profile for the same site (same id, or a match pattern in common) is saved: staff choose. */
  | { kind: 'conflict'; existing: Pick<SiteProfile, 'id' | 'name' | 'matches'>[] };

export interface ImportPlanItem {
  profile: SiteProfile;
  status: ImportStatus;
}

export type ImportDecision = 'replace' | 'keep';

/** Order-insensitive deep equality of plain JSON values (profiles read back from storage may order keys differently). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameJson(item, b[i]));
  }
  if (!isObject(a) || !isObject(b)) return false;
  const keys = Object.keys(a).filter((k) => a[k] !== undefined);
  return keys.length === Object.keys(b).filter((k) => b[k] !== undefined).length && keys.every((k) => sameJson(a[k], b[k]));
}

/** Whether two profiles read the same site: the same id, or a match pattern in common. */
export function sameSite(a: Pick<SiteProfile, 'id' | 'matches'>, b: Pick<SiteProfile, 'id' | 'matches'>): boolean {
  return a.id === b.id || a.matches.some((pattern) => b.matches.includes(pattern));
}

export function planProfileImport(incoming: readonly SiteProfile[], existing: readonly SiteProfile[]): ImportPlanItem[] {
  return incoming.map((profile) => {
    const same = existing.filter((saved) => sameSite(saved, profile));
    if (same.length === 0) return { profile, status: { kind: 'new' } };
    if (same.length === 1 && sameJson(same[0], profile)) return { profile, status: { kind: 'unchanged' } };
    return { profile, status: { kind: 'conflict', existing: same.map(({ id, name, matches }) => ({ id, name, matches })) } };
  });
}

/** Conflicts without a decision, named for the error message ("profiles.0 (Kestrel)"). */
export function undecided(plan: readonly ImportPlanItem[], decisions: Readonly<Record<string, ImportDecision>>): string[] {
  return plan.flatMap((item, index) => (item.status.kind === 'conflict' && !decisions[item.profile.id] ? [`profiles.${index} ("${item.profile.name}")`] : []));
}

export interface ImportOutcome {
  /** The list to store. */
  profiles: SiteProfile[];
  added: number;
  replaced: number;
  kept: number;
  unchanged: number;
  /** The profiles written (their sites need the browser's permission). */
  written: SiteProfile[];
}

/**
 * Applies decided imports to the saved list: a replaced profile takes the place of every
 * saved profile for its site; a kept one leaves them as they are. Throws (naming them)
 * when a conflict has no decision: an existing profile is never overwritten unasked.
 */
export function applyProfileImport(plan: readonly ImportPlanItem[], existing: readonly SiteProfile[], decisions: Readonly<Record<string, ImportDecision>>): ImportOutcome {
  const missing = undecided(plan, decisions);
  if (missing.length) throw new Error(`${missing.join(', ')}: a profile for this site is saved already; choose replace or keep`);
  let profiles = [...existing];
  const outcome = { added: 0, replaced: 0, kept: 0, unchanged: 0, written: [] as SiteProfile[] };
  for (const item of plan) {
    if (item.status.kind === 'unchanged') outcome.unchanged++;
    else if (item.status.kind === 'new') {
      profiles.push(item.profile);
      outcome.written.push(item.profile);
      outcome.added++;
    } else if (decisions[item.profile.id] === 'keep') outcome.kept++;
    else {
      profiles = profiles.filter((saved) => !sameSite(saved, item.profile));
      profiles.push(item.profile);
      outcome.written.push(item.profile);
      outcome.replaced++;
    }
  }
  return { profiles, ...outcome };
}
