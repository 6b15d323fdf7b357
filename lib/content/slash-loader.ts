import { createModuleLoader, hasFunctions } from './lazy-module';
import type { attachSlashPicker, SlashPicker, SlashPickerDeps } from './slash-picker';
import { composerText, slashQueryBefore } from './slash-query';

/**
 * The "/" template picker is needed only once a person types "/" in the composer, while the
 * content script runs on every chat page: it is built as its own file (`/slash.js`) and
 * loaded then (see lazy-module.ts).
 */
export const SLASH_MODULE_KEY = '__groupStewardSlash';

export interface SlashModule {
  attachSlashPicker: typeof attachSlashPicker;
}

const isSlashModule = (value: unknown): value is SlashModule => hasFunctions<SlashModule>(value, ['attachSlashPicker']);

export function createSlashLoader(url: string, importer: (url: string) => Promise<unknown>, scope?: Record<string, unknown>) {
  return createModuleLoader(url, SLASH_MODULE_KEY, isSlashModule, importer, scope, 'slash picker');
}

/**
 * The picker's stand-in until the first "/": it watches the person's typing (never a page
 * script's) in the composer, loads the picker on a "/keyword", attaches it and lets it read
 * the composer at once. From then on the picker handles everything itself. A load that fails
 * (the extension was updated) is tried again on the next "/".
 */
export function attachLazySlashPicker(deps: SlashPickerDeps, load: () => Promise<SlashModule>) {
  const trusted = deps.isTrusted ?? ((event: Event) => event.isTrusted);
  let picker: SlashPicker | null = null;
  let loading = false;

  const onInput = (event: Event) => {
    if (picker || loading || !trusted(event)) return;
    const composer = deps.composer();
    if (!composer || !(event.target instanceof Node) || !composer.contains(event.target)) return;
    if (!slashQueryBefore(composerText(composer).before)) return;
    loading = true;
    load().then(
      (module) => {
        loading = false;
        if (picker || deps.signal.aborted) return;
        picker = module.attachSlashPicker(deps);
        picker.readComposer();
      },
      () => {
        loading = false;
      },
    );
  };
  deps.document.addEventListener('input', onInput, { capture: true, signal: deps.signal });

  return {
    close: () => picker?.close(),
    /** The library changed: read it again on the next "/" (nothing is read before the first). */
    invalidate: () => picker?.invalidate(),
    get open() {
      return picker?.open ?? false;
    },
    /** The picker's closed shadow root while it is open. */
    get view(): ShadowRoot | null {
      return picker?.view ?? null;
    },
  };
}
