import { attachSlashPicker, slashQueryBefore } from '../../../lib/content/slash-picker';
import type { Template } from '../../../lib/model';
import type { TemplateValues } from '../../../lib/templates/render';
import { template } from '../db/records';

describe('slashQueryBefore', () => {
  it.each([
    ['/', { query: '', length: 1 }],
    ['/提额', { query: '提额', length: 3 }],
    ['您好 /fee', { query: 'fee', length: 4 }],
    ['第一行\n/年费', { query: '年费', length: 3 }],
  ])('finds the query in %j', (text, expected) => {
    expect(slashQueryBefore(text)).toEqual(expected);
  });

  it.each([
    ['no slash', ''],
    ['a URL path', 'https://example.com/path'],
    ['a slash inside a word', 'and/or'],
    ['a finished query', '/提额 '],
    ['a second slash', '/a/b'],
    ['an over-long query', `/${'x'.repeat(31)}`],
  ])('finds nothing in %s', (_label, text) => {
    expect(slashQueryBefore(text)).toBeNull();
  });
});

const TEMPLATES: Template[] = [
  template({ id: 'tpl-limit', name: 'FAQ：如何提额', category: 'faq', keywords: ['提额'], body: '{member} 您好，提额请在 App「额度管理」中申请。' }),
  template({ id: 'tpl-progress', name: '提额进度', category: 'faq', body: '{member} 您好，您的提额申请 {单号} 正在审核。' }),
  template({ id: 'tpl-thanks', name: '感谢反馈', body: '谢谢 {member}！' }),
];

/** Lets the picker load the library and draw. */
async function settle() {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

let controller: AbortController;
let textarea: HTMLTextAreaElement;
let chatSends: number;
let inputs: number;
let values: TemplateValues;
let loadTemplates: () => Promise<Template[]>;
let inserted: string[];
let handle: ReturnType<typeof attachSlashPicker>;

beforeEach(() => {
  document.body.innerHTML = '<form class="composer"><textarea class="composer-input"></textarea></form>';
  textarea = document.querySelector('textarea') as HTMLTextAreaElement;
  chatSends = 0;
  inputs = 0;
  // The chat client's own Enter-to-send, on the composer itself.
  textarea.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') chatSends++;
  });
  textarea.addEventListener('keypress', (event) => {
    if (event.key === 'Enter') chatSends++;
  });
  textarea.addEventListener('input', () => inputs++);
  values = { member: '陈强', staff: '客服小美' };
  loadTemplates = async () => TEMPLATES;
  inserted = [];
  controller = new AbortController();
  handle = attachSlashPicker({
    document,
    signal: controller.signal,
    composer: () => document.querySelector<HTMLElement>('textarea.composer-input'),
    loadTemplates: () => loadTemplates(),
    onInserted: (template) => inserted.push(template.id),
    values: () => values,
    labels: { missing: (names) => `缺少 ${names}`, empty: '没有模板' },
    // happy-dom's dispatched events are untrusted; these tests stand for a person typing.
    isTrusted: () => true,
  });
});
afterEach(() => {
  controller.abort();
  document.body.innerHTML = '';
});

async function type(text: string) {
  textarea.focus();
  textarea.value = text;
  textarea.setSelectionRange(text.length, text.length);
  textarea.dispatchEvent(new Event('input', { bubbles: true }));
  await settle();
}
function key(name: string) {
  const event = new KeyboardEvent('keydown', { key: name, bubbles: true, cancelable: true });
  textarea.dispatchEvent(event);
  return event;
}
const picker = () => document.querySelector<HTMLElement>('[data-testid="gs-slash-picker"]');
/** The list is in a closed shadow root: the page cannot query it, this module's caller can (`view`). */
const inPicker = <E extends Element>(selector: string) => [...(handle.view?.querySelectorAll<E>(selector) ?? [])];
const items = () => inPicker<HTMLElement>('[data-testid="gs-slash-item"]');
const selected = () => items().map((item) => item.getAttribute('aria-selected'));

describe('attachSlashPicker', () => {
  it('shows the templates matching "/query", the first one selected', async () => {
    await type('/提额');
    expect(picker()).not.toBeNull();
    expect(items().map((item) => item.querySelector('strong')?.textContent)).toEqual(['提额进度', 'FAQ：如何提额']);
    expect(selected()).toEqual(['true', 'false']);
    // The preview says what is missing instead of a half-filled text.
    expect(items()[0]?.textContent).toContain('缺少 {单号}');
    expect(items()[1]?.textContent).toContain('陈强 您好，提额请在');
  });

  it('shows nothing for text without a slash query', async () => {
    await type('我想问一下提额');
    expect(picker()).toBeNull();
  });

  it('moves the selection with the arrow keys, wrapping around', async () => {
    await type('/提额');
    key('ArrowDown');
    expect(selected()).toEqual(['false', 'true']);
    key('ArrowDown');
    expect(selected()).toEqual(['true', 'false']);
    key('ArrowUp');
    expect(selected()).toEqual(['false', 'true']);
    expect(chatSends).toBe(0);
  });

  it('Enter replaces "/query" with the rendered template, fires input, and does not reach the chat', async () => {
    await type('您好 /提额');
    key('ArrowDown');
    inputs = 0;
    const enter = key('Enter');
    expect(enter.defaultPrevented).toBe(true);
    expect(textarea.value).toBe('您好 陈强 您好，提额请在 App「额度管理」中申请。');
    expect(textarea.selectionStart).toBe(textarea.value.length);
    expect(inputs).toBe(1);
    // The keypress that follows the Enter is swallowed too.
    textarea.dispatchEvent(new KeyboardEvent('keypress', { key: 'Enter', bubbles: true, cancelable: true }));
    expect(chatSends).toBe(0);
    await settle();
    expect(picker()).toBeNull();
  });

  it('does not insert a template with a value missing', async () => {
    await type('/提额');
    key('Enter');
    expect(textarea.value).toBe('/提额');
    expect(chatSends).toBe(0);
    expect(picker()).not.toBeNull();
  });

  it('inserts it once the value is known', async () => {
    values = { ...values, 单号: 'A-1024' };
    await type('/提额进度');
    key('Enter');
    expect(textarea.value).toBe('陈强 您好，您的提额申请 A-1024 正在审核。');
  });

  it('Escape closes the picker without changing the text, and later keys reach the chat', async () => {
    await type('/提额');
    key('Escape');
    expect(picker()).toBeNull();
    expect(textarea.value).toBe('/提额');
    key('Enter');
    expect(chatSends).toBe(1);
  });

  it('says so when nothing matches, and Enter then inserts nothing', async () => {
    await type('/不存在的模板');
    expect(handle.view?.textContent).toBe('没有模板');
    expect(items()).toEqual([]);
    key('Enter');
    expect(textarea.value).toBe('/不存在的模板');
  });

  it('inserts the member the list showed, though the page forgot its guess when a message arrived', async () => {
    await type('/感谢');
    expect(items()[0]?.textContent).toContain('谢谢 陈强！');
    // A new message in the group: the page drops its guess of who is being answered.
    values = { staff: '客服小美' };
    key('Enter');
    expect(textarea.value).toBe('谢谢 陈强！');
    expect(picker()).toBeNull();
  });

  it('keys pressed while a newer query is looked up act on its list, not on the one still shown', async () => {
    await type('/感谢');
    let release: (templates: Template[]) => void = () => {};
    loadTemplates = () => new Promise((resolve) => (release = resolve));
    handle.invalidate();
    // Typed on: "/提额" is looked up while the "/感谢" list is still on screen.
    textarea.value = '/提额';
    textarea.setSelectionRange(3, 3);
    textarea.dispatchEvent(new Event('input', { bubbles: true }));
    expect(key('ArrowDown').defaultPrevented).toBe(true);
    expect(key('Enter').defaultPrevented).toBe(true);
    expect(textarea.value).toBe('/提额');
    release(TEMPLATES);
    await settle();
    // "/提额" lists 提额进度, FAQ：如何提额: ArrowDown then Enter is the second.
    expect(textarea.value).toBe('陈强 您好，提额请在 App「额度管理」中申请。');
    expect(picker()).toBeNull();
    expect(chatSends).toBe(0);
  });

  it('Escape closes at once, even while a lookup is pending', async () => {
    await type('/感谢');
    loadTemplates = () => new Promise(() => {});
    handle.invalidate();
    textarea.value = '/提额';
    textarea.dispatchEvent(new Event('input', { bubbles: true }));
    key('Escape');
    expect(picker()).toBeNull();
  });

  it('reports each template it inserted, and nothing for Escape or a template still missing a value', async () => {
    await type('/提额');
    key('Escape');
    await type('/提额');
    key('Enter');
    expect(inserted).toEqual([]);
    await type('/感谢');
    key('Enter');
    expect(inserted).toEqual(['tpl-thanks']);
  });

  it('removes the picker and stops listening on abort', async () => {
    await type('/提额');
    expect(picker()).not.toBeNull();
    controller.abort();
    expect(picker()).toBeNull();
    await type('/提额');
    expect(picker()).toBeNull();
    key('Enter');
    expect(chatSends).toBe(1);
  });
});

describe('the inline field form', () => {
  const form = () => inPicker<HTMLElement>('[data-testid="gs-slash-form"]')[0] ?? null;
  const fields = () => inPicker<HTMLInputElement>('[data-testid="gs-slash-field"]');
  const keyOn = (target: HTMLElement, name: string, shiftKey = false) => {
    // Real key events are composed: they leave the picker's shadow root.
    const event = new KeyboardEvent('keydown', { key: name, shiftKey, bubbles: true, cancelable: true, composed: true });
    target.dispatchEvent(event);
    return event;
  };
  const typeField = (input: HTMLInputElement, text: string) => {
    input.value = text;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  };

  it('Enter on a template with a missing value opens its fields; Tab moves, Enter inserts, the chat never sends', async () => {
    await type('您好 /提额进度');
    key('Enter');
    expect(form()).not.toBeNull();
    expect(fields().map((f) => f.dataset.field)).toEqual(['member', '单号']);
    expect(fields()[0]?.value).toBe('陈强');
    // The first empty field has the caret.
    expect(handle.view?.activeElement).toBe(fields()[1]);
    typeField(fields()[1] as HTMLInputElement, 'A-1024');
    expect(inPicker('[data-testid="gs-slash-form-preview"]')[0]?.textContent).toBe('陈强 您好，您的提额申请 A-1024 正在审核。');
    keyOn(fields()[1] as HTMLInputElement, 'Tab');
    expect(handle.view?.activeElement).toBe(fields()[0]);
    keyOn(fields()[0] as HTMLInputElement, 'Tab', true);
    expect(handle.view?.activeElement).toBe(fields()[1]);
    const enter = keyOn(fields()[1] as HTMLInputElement, 'Enter');
    expect(enter.defaultPrevented).toBe(true);
    expect(textarea.value).toBe('您好 陈强 您好，您的提额申请 A-1024 正在审核。');
    expect(picker()).toBeNull();
    textarea.dispatchEvent(new KeyboardEvent('keypress', { key: 'Enter', bubbles: true, cancelable: true }));
    expect(chatSends).toBe(0);
  });

  it('reports a template inserted from its field form', async () => {
    await type('/提额进度');
    key('Enter');
    typeField(fields()[1] as HTMLInputElement, 'A-1');
    keyOn(fields()[1] as HTMLInputElement, 'Enter');
    expect(inserted).toEqual(['tpl-progress']);
  });

  it('Enter with a field still empty inserts nothing and goes to that field', async () => {
    await type('/提额进度');
    key('Enter');
    keyOn(fields()[0] as HTMLInputElement, 'Enter');
    expect(textarea.value).toBe('/提额进度');
    expect(handle.view?.activeElement).toBe(fields()[1]);
  });

  it('the member guess can be corrected before inserting', async () => {
    await type('/提额进度');
    key('Enter');
    typeField(fields()[0] as HTMLInputElement, '王芳');
    typeField(fields()[1] as HTMLInputElement, 'B-7');
    keyOn(fields()[1] as HTMLInputElement, 'Enter');
    expect(textarea.value).toBe('王芳 您好，您的提额申请 B-7 正在审核。');
  });

  it('Escape leaves the form and the composer text alone, and a new picker starts empty', async () => {
    await type('/提额进度');
    key('Enter');
    typeField(fields()[1] as HTMLInputElement, 'A-1');
    keyOn(fields()[1] as HTMLInputElement, 'Escape');
    expect(picker()).toBeNull();
    expect(textarea.value).toBe('/提额进度');
    await type('/提额进度');
    key('Enter');
    expect(fields()[1]?.value).toBe('');
  });
});

describe('attachSlashPicker and page scripts (issue #11, finding 4)', () => {
  it('ignores typing a page script fakes: no picker, so no template names or bodies in the page', async () => {
    controller.abort();
    const own = new AbortController();
    attachSlashPicker({
      document,
      signal: own.signal,
      composer: () => document.querySelector<HTMLElement>('textarea.composer-input'),
      loadTemplates: async () => TEMPLATES,
      values: () => values,
      labels: { missing: (names) => `缺少 ${names}`, empty: '没有模板' },
    });
    await type('/提额');
    expect(picker()).toBeNull();
    expect(document.body.textContent).not.toContain('提额进度');
    own.abort();
  });
});

describe('what a page script can read of an open picker (issue #11, finding 4)', () => {
  it('only an empty host: no template names or bodies, no member or staff name, no shadow root to open', async () => {
    values = { member: '陈强', staff: '客服小美' };
    await type('/提额');
    expect(items().length).toBe(2);
    const host = picker() as HTMLElement;
    expect(host).not.toBeNull();
    expect(host.shadowRoot).toBeNull();
    expect(host.childNodes.length).toBe(0);
    for (const text of ['提额进度', 'FAQ：如何提额', '陈强', '提额请在']) {
      expect(document.body.innerHTML).not.toContain(text);
      expect(document.body.textContent).not.toContain(text);
    }
    expect(document.querySelectorAll('[data-testid="gs-slash-item"]').length).toBe(0);
  });
});
