import { attachSlashPicker } from '../../../lib/content/slash-picker';
import { attachLazySlashPicker, createSlashLoader, SLASH_MODULE_KEY, type SlashModule } from '../../../lib/content/slash-loader';
import { template } from '../db/records';

/** Lets the loader, the library and the picker settle. */
async function settle() {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

describe('the "/" picker loaded at the first "/"', () => {
  let controller: AbortController;
  let textarea: HTMLTextAreaElement;
  let loads: number;
  let fail: boolean;
  let trusted: boolean;
  let handle: ReturnType<typeof attachLazySlashPicker>;

  beforeEach(() => {
    document.body.innerHTML = '<form><textarea class="composer-input"></textarea></form>';
    textarea = document.querySelector('textarea') as HTMLTextAreaElement;
    controller = new AbortController();
    loads = 0;
    fail = false;
    trusted = true;
    handle = attachLazySlashPicker(
      {
        document,
        signal: controller.signal,
        composer: () => document.querySelector<HTMLElement>('textarea.composer-input'),
        loadTemplates: async () => [template({ id: 'tpl-limit', name: 'FAQ：如何提额', keywords: ['提额'], body: '{member} 您好，提额请在 App 中申请。' })],
        values: () => ({ member: '陈强' }),
        labels: { missing: (names) => `缺少 ${names}`, empty: '没有模板' },
        isTrusted: () => trusted,
      },
      async (): Promise<SlashModule> => {
        loads++;
        if (fail) throw new Error('extension updated');
        return { attachSlashPicker };
      },
    );
  });
  afterEach(() => {
    controller.abort();
    document.body.innerHTML = '';
  });

  const type = async (text: string) => {
    textarea.value = text;
    textarea.setSelectionRange(text.length, text.length);
    textarea.dispatchEvent(new Event('input', { bubbles: true }));
    await settle();
  };

  it('loads nothing for ordinary typing, then opens on the "/" that loaded it', async () => {
    await type('您好');
    expect(loads).toBe(0);
    expect(handle.open).toBe(false);
    await type('您好 /提额');
    expect(loads).toBe(1);
    expect(handle.open).toBe(true);
    expect(handle.view?.querySelector('[data-testid="gs-slash-item"]')?.textContent).toContain('FAQ：如何提额');
    // Loaded once: the attached picker handles the typing from now on.
    await type('/');
    await type('/提额');
    expect(loads).toBe(1);
    handle.close();
    expect(handle.open).toBe(false);
  });

  it('never loads for a page script’s input events', async () => {
    trusted = false;
    await type('/提额');
    expect(loads).toBe(0);
    expect(handle.open).toBe(false);
  });

  it('tries again on the next "/" when loading failed', async () => {
    fail = true;
    await type('/提额');
    expect(handle.open).toBe(false);
    fail = false;
    await type('/提额');
    expect(loads).toBe(2);
    expect(handle.open).toBe(true);
  });

  it('takes the module only from the file’s own registration', async () => {
    const scope: Record<string, unknown> = {};
    const load = createSlashLoader('chrome-extension://x/slash.js', async () => {
      scope[SLASH_MODULE_KEY] = { attachSlashPicker: 'no' };
    }, scope);
    await expect(load()).rejects.toThrow('slash picker at chrome-extension://x/slash.js did not register');
  });
});
