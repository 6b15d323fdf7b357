import { signal } from '@preact/signals';
import { PROFILE_ADAPTER_PREFIX } from '../adapters/profile/adapter';
import type { SetupCommand, SetupState } from '../content/setup-session';
import type { Client } from '../messaging/client';
import type { SetupStep } from '../setup/derive';

export interface SetupStoreDeps {
  client: Client;
  /** Sends a setup command to this tab's content script; resolves with the new state. */
  sendSetup: (command: SetupCommand) => Promise<SetupState | undefined>;
  /** Tells the content script the profile is saved, so it starts reading with it. */
  notifySaved: () => Promise<unknown>;
  /** Asks the browser for the profile's sites (the prompt needs the click that calls it). */
  requestOrigins: (origins: string[]) => Promise<boolean>;
}

/**
 * The sidebar's side of point-and-click setup and self-repair. The content script picks and
 * reviews (it can see the page); the sidebar shows the steps and saves, because saving asks
 * for the site's permission and only an extension page's click can do that.
 */
export function createSetupStore({ client, sendSetup, notifySaved, requestOrigins }: SetupStoreDeps) {
  const state = signal<SetupState | null>(null);
  const error = signal<string | null>(null);
  /** A translated message key with its substitutions (the view translates). */
  const notice = signal<'setupSaved' | null>(null);
  const busy = signal(false);

  const run = async (command: SetupCommand) => {
    error.value = null;
    notice.value = null;
    try {
      const next = await sendSetup(command);
      if (next) state.value = next;
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e);
    }
  };

  return {
    state,
    error,
    notice,
    busy,
    /** A state pushed by the content script (after a click on the page). */
    receive(next: SetupState) {
      state.value = next;
    },
    start: () => run({ action: 'start' }),
    skip: () => run({ action: 'skip' }),
    cancel: () => run({ action: 'cancel' }),
    /** Re-pick one part of the profile this page is read with (`adapterId` = profile-<id>). */
    async repair(adapterId: string, step: SetupStep) {
      error.value = null;
      const id = adapterId.startsWith(PROFILE_ADAPTER_PREFIX) ? adapterId.slice(PROFILE_ADAPTER_PREFIX.length) : adapterId;
      const profile = (await client.request('listSiteProfiles', {})).find((p) => p.id === id);
      if (!profile) {
        error.value = `no saved profile "${id}"`;
        return;
      }
      await run({ action: 'repair', step, profile });
    },
    async save(deniedMessage: string) {
      const review = state.value?.review;
      if (!review?.ok || !review.profile || busy.value) return false;
      busy.value = true;
      error.value = null;
      try {
        if (!(await requestOrigins(review.profile.matches))) {
          error.value = deniedMessage;
          return false;
        }
        await client.request('saveSiteProfile', { profile: review.profile });
        await notifySaved();
        state.value = null;
        notice.value = 'setupSaved';
        return true;
      } catch (e) {
        error.value = e instanceof Error ? e.message : String(e);
        return false;
      } finally {
        busy.value = false;
      }
    },
  };
}

export type SetupStore = ReturnType<typeof createSetupStore>;
