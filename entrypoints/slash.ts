import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { attachSlashPicker } from '../lib/content/slash-picker';
import { SLASH_MODULE_KEY, type SlashModule } from '../lib/content/slash-loader';

// Loaded by the chat content script at the first "/" in a composer (see slash-loader.ts): only wires.
export default defineUnlistedScript(() => {
  const module: SlashModule = { attachSlashPicker };
  (globalThis as unknown as Record<string, unknown>)[SLASH_MODULE_KEY] = module;
});
