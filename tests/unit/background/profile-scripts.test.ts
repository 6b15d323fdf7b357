import { parseSiteProfile, type SiteProfile } from '../../../lib/adapters/profile/schema';
import { PROFILE_ROOM_SCRIPT_ID, PROFILE_SCRIPT_ID, type PermissionsApi, type ScriptingApi, syncProfileScripts } from '../../../lib/background/profile-scripts';

type Registered = Parameters<ScriptingApi['registerContentScripts']>[0][number];

/** An in-memory browser.scripting that keeps what is registered, like the real one. */
function fakeScripting() {
  const registered = new Map<string, Registered>();
  const calls: string[] = [];
  const api: ScriptingApi = {
    async getRegisteredContentScripts(filter) {
      return [...registered.values()].filter((s) => !filter?.ids || filter.ids.includes(s.id));
    },
    async registerContentScripts(scripts) {
      calls.push('register');
      for (const script of scripts) {
        if (registered.has(script.id)) throw new Error(`Duplicate script ID '${script.id}'`);
        registered.set(script.id, script);
      }
    },
    async unregisterContentScripts(filter) {
      calls.push('unregister');
      for (const id of filter?.ids ?? [...registered.keys()]) {
        if (!registered.delete(id)) throw new Error(`Nonexistent script ID '${id}'`);
      }
    },
  };
  return { api, registered, calls };
}

function fakePermissions(granted: string[]): PermissionsApi & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async contains({ origins }) {
      asked.push(...origins);
      return origins.every((o) => granted.includes(o));
    },
  };
}

function profile(id: string, matches: string[]): SiteProfile {
  const parsed = parseSiteProfile({
    id,
    name: id,
    matches,
    selectors: { row: 'li.entry', author: { selector: 'b.who' }, text: 'p.said', time: { selector: '.stamp' } },
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.profile;
}

const FILE = 'content-scripts/chat.js';

describe('syncProfileScripts', () => {
  it('registers one script for the granted patterns of every profile, leaving out loopback and ungranted sites', async () => {
    const scripting = fakeScripting();
    const permissions = fakePermissions(['https://chat.parley.example/*', 'https://support.example.org/*', 'http://localhost:8080/*']);
    const profiles = [
      profile('parley', ['https://chat.parley.example/*', 'http://127.0.0.1/*', 'http://localhost:8080/*']),
      profile('support', ['https://support.example.org/*', 'https://chat.parley.example/*', 'https://not-granted.example/*']),
    ];

    const granted = await syncProfileScripts(profiles, scripting.api, permissions, FILE);
    expect(granted).toEqual(['https://chat.parley.example/*', 'https://support.example.org/*']);
    expect([...scripting.registered.values()]).toEqual([
      { id: PROFILE_SCRIPT_ID, matches: granted, js: [FILE], runAt: 'document_idle', persistAcrossSessions: true },
    ]);
    // Loopback is the built-in script's (every port): never asked for, never registered twice.
    expect(permissions.asked).not.toContain('http://127.0.0.1/*');
    expect(permissions.asked).not.toContain('http://localhost:8080/*');
  });

  it('registers the document_start room script beside it for the same sites, and replaces both', async () => {
    const scripting = fakeScripting();
    const permissions = fakePermissions(['https://chat.parley.example/*', 'https://support.example.org/*']);
    await syncProfileScripts([profile('parley', ['https://chat.parley.example/*'])], scripting.api, permissions, FILE, 'content-scripts/room.js');
    expect([...scripting.registered.values()]).toEqual([
      { id: PROFILE_SCRIPT_ID, matches: ['https://chat.parley.example/*'], js: [FILE], runAt: 'document_idle', persistAcrossSessions: true },
      { id: PROFILE_ROOM_SCRIPT_ID, matches: ['https://chat.parley.example/*'], js: ['content-scripts/room.js'], runAt: 'document_start', persistAcrossSessions: true },
    ]);
    await syncProfileScripts([profile('support', ['https://support.example.org/*'])], scripting.api, permissions, FILE, 'content-scripts/room.js');
    expect([...scripting.registered.values()].map((s) => [s.id, s.matches])).toEqual([
      [PROFILE_SCRIPT_ID, ['https://support.example.org/*']],
      [PROFILE_ROOM_SCRIPT_ID, ['https://support.example.org/*']],
    ]);
    await syncProfileScripts([], scripting.api, permissions, FILE, 'content-scripts/room.js');
    expect(scripting.registered.size).toBe(0);
  });

  it('replaces the registration when the profiles change', async () => {
    const scripting = fakeScripting();
    const permissions = fakePermissions(['https://chat.parley.example/*', 'https://support.example.org/*']);
    await syncProfileScripts([profile('parley', ['https://chat.parley.example/*'])], scripting.api, permissions, FILE);
    await syncProfileScripts([profile('support', ['https://support.example.org/*'])], scripting.api, permissions, FILE);
    expect([...scripting.registered.values()].map((s) => s.matches)).toEqual([['https://support.example.org/*']]);
    expect(scripting.calls).toEqual(['register', 'unregister', 'register']);
  });

  it('unregisters when no granted site is left, and does nothing when nothing was registered', async () => {
    const scripting = fakeScripting();
    const permissions = fakePermissions(['https://chat.parley.example/*']);
    await syncProfileScripts([profile('parley', ['https://chat.parley.example/*'])], scripting.api, permissions, FILE);
    expect(scripting.registered.size).toBe(1);

    expect(await syncProfileScripts([], scripting.api, permissions, FILE)).toEqual([]);
    expect(scripting.registered.size).toBe(0);
    expect(await syncProfileScripts([profile('local', ['http://localhost/*'])], scripting.api, permissions, FILE)).toEqual([]);
    expect(scripting.calls).toEqual(['register', 'unregister']);
  });

  it('registers https loopback, which the built-in script does not cover', async () => {
    const scripting = fakeScripting();
    const permissions = fakePermissions(['https://localhost/*']);
    expect(await syncProfileScripts([profile('local', ['https://localhost/*'])], scripting.api, permissions, FILE)).toEqual(['https://localhost/*']);
  });

  it('treats a failing permission check as not granted', async () => {
    const scripting = fakeScripting();
    const permissions: PermissionsApi = { contains: async () => Promise.reject(new Error('bad pattern')) };
    expect(await syncProfileScripts([profile('parley', ['https://chat.parley.example/*'])], scripting.api, permissions, FILE)).toEqual([]);
    expect(scripting.registered.size).toBe(0);
  });
});
