import type { startPicker } from './setup-picker';
import type { createSetupSession } from './setup-session';

/**
 * Setup (the picker, the derivation of selectors, the review) is needed once per site, while
 * the content script runs on every chat page: it is built as its own file (`/setup.js`) and
 * loaded into the content script's world the first time a person starts setup. The file
 * registers itself on that world's global under this key (the page's own global is another
 * object, so a page cannot plant or read it).
 */
export const SETUP_MODULE_KEY = '__groupStewardSetup';

export interface SetupModule {
  createSetupSession: typeof createSetupSession;
  startPicker: typeof startPicker;
}

/** Imports `url` once and returns what it registered; rejects when it registered nothing. */
export function createSetupLoader(url: string, importer: (url: string) => Promise<unknown>, scope: Record<string, unknown> = globalThis as unknown as Record<string, unknown>) {
  let loading: Promise<SetupModule> | null = null;
  return (): Promise<SetupModule> => {
    loading ??= importer(url).then(() => {
      const module = scope[SETUP_MODULE_KEY] as SetupModule | undefined;
      if (!module || typeof module.createSetupSession !== 'function' || typeof module.startPicker !== 'function') throw new Error(`setup module at ${url} did not register`);
      return module;
    });
    // A failed load (extension updated meanwhile) may be tried again on the next command.
    loading.catch(() => {
      loading = null;
    });
    return loading;
  };
}
