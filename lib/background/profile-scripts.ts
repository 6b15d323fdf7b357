import type { SiteProfile } from '../adapters/profile/schema';

/** The slice of `browser.scripting` and `browser.permissions` this needs (fakes in tests). */
export interface ScriptingApi {
  getRegisteredContentScripts(filter?: { ids?: string[] }): Promise<Array<{ id: string }>>;
  registerContentScripts(scripts: Array<{ id: string; matches: string[]; js: string[]; runAt: 'document_idle' | 'document_start'; persistAcrossSessions: boolean }>): Promise<void>;
  unregisterContentScripts(filter?: { ids?: string[] }): Promise<void>;
}
export interface PermissionsApi {
  contains(permissions: { origins: string[] }): Promise<boolean>;
}

export const PROFILE_SCRIPT_ID = 'groupsteward-site-profiles';
/** The document_start script that makes room for the sidebar before the page's first layout (early-room.ts). */
export const PROFILE_ROOM_SCRIPT_ID = 'groupsteward-site-profiles-room';

/**
 * Keeps one registered content script covering the sites of every saved profile whose
 * origins the user granted. The built-in script already covers loopback; profiles for
 * other sites need this, since the manifest asks for no sites up front.
 */
export async function syncProfileScripts(profiles: readonly SiteProfile[], scripting: ScriptingApi, permissions: PermissionsApi, scriptFile: string, roomFile?: string): Promise<string[]> {
  const granted: string[] = [];
  for (const pattern of new Set(profiles.flatMap((p) => p.matches))) {
    // Exactly what the built-in script's `http://localhost/*` and `http://127.0.0.1/*` cover
    // (a pattern without a port matches every port): registering those again would inject
    // the script twice, and https loopback is not covered, so it must be registered.
    if (/^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?\//.test(pattern)) continue;
    if (await permissions.contains({ origins: [pattern] }).catch(() => false)) granted.push(pattern);
  }
  const existing = await scripting.getRegisteredContentScripts({ ids: [PROFILE_SCRIPT_ID, PROFILE_ROOM_SCRIPT_ID] });
  if (existing.length > 0) await scripting.unregisterContentScripts({ ids: existing.map((script) => script.id) });
  if (granted.length > 0) {
    await scripting.registerContentScripts([
      { id: PROFILE_SCRIPT_ID, matches: granted, js: [scriptFile], runAt: 'document_idle', persistAcrossSessions: true },
      ...(roomFile ? [{ id: PROFILE_ROOM_SCRIPT_ID, matches: granted, js: [roomFile], runAt: 'document_start' as const, persistAcrossSessions: true }] : []),
    ]);
  }
  return granted;
}
