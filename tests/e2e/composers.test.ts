import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS } from '../../scripts/browser.mjs';
import { composerPage, EDITORS } from '../fixtures/composers/build.mjs';
import { CHROMIUM } from './harness';

/*
 * The adapters' insertIntoComposer against the real editors, each built from its npm
 * package: the inserted text must be in the editor's own state (what the site sends), at
 * the caret, next to the text already typed, and a newline in it must not send early.
 */

type ComposerWindow = Window & { editorText(): string; sent: string[]; gsInsert(text: string): Promise<{ ok: boolean; method?: string }> };

let insertScript = '';
let browser: Browser;

beforeAll(async () => {
  const composerModule = fileURLToPath(new URL('../../lib/adapters/composer.ts', import.meta.url));
  const result = await build({
    stdin: {
      // As the content script does: insert, and once more if the editor had no caret to take it.
      contents: `import { insertConfirmed, insertIntoComposer } from ${JSON.stringify(composerModule)};
        window.gsInsert = (text) => {
          const composer = document.getElementById('composer');
          return insertConfirmed(composer, () => insertIntoComposer(composer, text));
        };`,
      resolveDir: process.cwd(),
      loader: 'ts',
    },
    bundle: true,
    write: false,
    format: 'iife',
    logLevel: 'silent',
  });
  insertScript = result.outputFiles[0]?.text ?? '';
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
});

async function open(editor: string): Promise<Page> {
  const page = await browser.newPage();
  await page.bringToFront();
  await page.setContent(await composerPage(editor));
  await page.addScriptTag({ content: insertScript });
  await page.locator('#composer').waitFor();
  return page;
}

const editorText = (page: Page) => page.evaluate(() => (window as unknown as ComposerWindow).editorText());
const sent = (page: Page) => page.evaluate(() => (window as unknown as ComposerWindow).sent);

describe.each(EDITORS)('insertIntoComposer in %s', (editor) => {
  it('inserts at the caret, keeps the text around it, and sends only on Enter, unchanged', async () => {
    const page = await open(editor);
    try {
      await page.locator('#composer').click();
      await page.keyboard.type('Hello world');
      await expect.poll(() => editorText(page)).toBe('Hello world');
      for (let i = 0; i < 'world'.length; i++) await page.keyboard.press('ArrowLeft');
      // Editors learn the caret from `selectionchange`, dispatched after the key events; a
      // person's next click (in the sidebar) comes after it too.
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
      // The sidebar is another frame: focus is there when a template is inserted.
      await page.frameLocator('#sidebar').locator('#insert').click();
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('sidebar');

      const result = await page.evaluate(() => (window as unknown as ComposerWindow).gsInsert('dear 😀\nfriend, '));
      expect(result.ok).toBe(true);
      await expect.poll(() => editorText(page)).toBe('Hello dear 😀\nfriend, world');
      expect(await sent(page)).toEqual([]);

      await page.keyboard.press('Enter');
      await expect.poll(() => sent(page)).toEqual(['Hello dear 😀\nfriend, world']);
      await expect.poll(() => editorText(page)).toBe('');
    } finally {
      await page.close();
    }
  });

  it('inserts into an empty composer that was never focused', async () => {
    const page = await open(editor);
    try {
      const result = await page.evaluate(() => (window as unknown as ComposerWindow).gsInsert('Welcome to the group!'));
      expect(result.ok).toBe(true);
      await expect.poll(() => editorText(page)).toBe('Welcome to the group!');
      await page.keyboard.press('Enter');
      await expect.poll(() => sent(page)).toEqual(['Welcome to the group!']);
    } finally {
      await page.close();
    }
  });
});
