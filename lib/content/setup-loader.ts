import { createModuleLoader, hasFunctions } from './lazy-module';
import type { startPicker } from './setup-picker';
import type { createSetupSession } from './setup-session';

/**
 * Setup (the picker, the derivation of selectors, the review) is needed once per site, while
 * the content script runs on every chat page: it is built as its own file (`/setup.js`) and
 * loaded the first time a person starts setup (see lazy-module.ts).
 */
export const SETUP_MODULE_KEY = '__groupStewardSetup';

export interface SetupModule {
  createSetupSession: typeof createSetupSession;
  startPicker: typeof startPicker;
}

const isSetupModule = (value: unknown): value is SetupModule => hasFunctions<SetupModule>(value, ['createSetupSession', 'startPicker']);

/** Imports `url` once and returns what it registered; rejects when it registered nothing. */
export function createSetupLoader(url: string, importer: (url: string) => Promise<unknown>, scope?: Record<string, unknown>) {
  return createModuleLoader(url, SETUP_MODULE_KEY, isSetupModule, importer, scope, 'setup module');
}
