import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { SETUP_MODULE_KEY, type SetupModule } from '../lib/content/setup-loader';
import { startPicker } from '../lib/content/setup-picker';
import { createSetupSession } from '../lib/content/setup-session';

// Loaded by the chat content script when setup starts (see setup-loader.ts): only wires.
export default defineUnlistedScript(() => {
  const module: SetupModule = { createSetupSession, startPicker };
  (globalThis as unknown as Record<string, unknown>)[SETUP_MODULE_KEY] = module;
});
