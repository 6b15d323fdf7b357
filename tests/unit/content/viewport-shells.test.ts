import {
  afterNextFrame,
  createShellKeeper,
  MAX_SHELL_RULES,
  type ShellBox,
  type ShellLayout,
  type ShellRule,
  selectorFor,
  shellCss,
  watchViewportShells,
} from '../../../lib/content/viewport-shells';

/**
 * A small layout engine for the fake geometry happy-dom lacks. Each element describes itself:
 *   data-pos    fixed (placed against the viewport) | static (placed inside its parent)
 *   data-x      left edge, against the viewport (fixed) or the parent's left edge (static)
 *   data-w      width: a number, `vw` (100vw), or `fill` / `fill-N` (the parent's width less data-x and N)
 *   data-end    placed inside its parent's right edge, this far from it (a send button)
 *   data-right  anchored to the right: this far from the viewport's right edge (width kept)
 *   data-extra  padding + border outside a content-box max-width
 * and the room rules apply as a browser would apply `max-width: calc(100vw - Npx)`, to the
 * elements their selectors match in the document (so the selectors are tested too).
 */
function fakeLayout(doc: Document, view: { clientWidth: number; innerWidth: number; sidebarWidth: () => number; rules: () => readonly ShellRule[] }) {
  const counts = { box: 0 };
  const rulesOf = (element: Element) => view.rules().filter((rule) => [...doc.querySelectorAll(rule.selector)].includes(element));
  const maxWidthOf = (element: Element): number => {
    let max = Number.POSITIVE_INFINITY;
    for (const rule of rulesOf(element)) {
      const extra = Number(element.getAttribute('data-extra') ?? 0);
      max = Math.min(max, view.innerWidth - (view.sidebarWidth() + rule.reserve) + extra);
    }
    return max;
  };
  const boxOf = (element: Element): ShellBox => {
    const parent = element.parentElement && element.parentElement !== doc.documentElement ? element.parentElement : null;
    const pos = element.getAttribute('data-pos') ?? 'static';
    const x = Number(element.getAttribute('data-x') ?? 0);
    const w = element.getAttribute('data-w') ?? 'fill';
    const parentBox = parent && element !== doc.body ? boxOf(parent) : { left: 0, right: view.clientWidth - view.sidebarWidth(), width: view.clientWidth - view.sidebarWidth() };
    let width = w === 'vw' ? view.innerWidth : w.startsWith('fill') ? parentBox.width - x - Number(w.slice(5) || 0) : Number(w);
    width = Math.min(width, maxWidthOf(element));
    const right = element.getAttribute('data-right');
    if (right !== null) {
      // A rule's `right` applies to fixed boxes only, as `right` on a box placed against the viewport.
      const ruledRight = pos === 'fixed' ? rulesOf(element).find((rule) => rule.right !== undefined)?.right : undefined;
      const edge = view.clientWidth - (ruledRight === undefined ? Number(right) : view.sidebarWidth() + ruledRight);
      return { left: edge - width, right: edge, width };
    }
    const end = element.getAttribute('data-end');
    if (end !== null) return { left: parentBox.right - Number(end) - width, right: parentBox.right - Number(end), width };
    const left = pos === 'fixed' ? x : parentBox.left + x;
    return { left, right: left + width, width };
  };
  const layout: ShellLayout = {
    box(element) {
      counts.box++;
      // A part inside a shadow root lies inside its host.
      return boxOf(element);
    },
    style: (element) => ({ position: element.getAttribute('data-pos') ?? 'static', outsideMaxWidth: Number(element.getAttribute('data-extra') ?? 0) }),
    viewport: () => ({ clientWidth: view.clientWidth, innerWidth: view.innerWidth }),
  };
  return { layout, counts, boxOf };
}

function setUp(html: string, options: { clientWidth?: number; innerWidth?: number; parts?: () => Array<Element | null> } = {}) {
  document.body.innerHTML = html;
  let width = 360;
  let rules: readonly ShellRule[] = [];
  let writes = 0;
  const view = { clientWidth: options.clientWidth ?? 1400, innerWidth: options.innerWidth ?? options.clientWidth ?? 1400, sidebarWidth: () => width, rules: () => rules };
  const fake = fakeLayout(document, view);
  const parts = options.parts ?? (() => [document.querySelector('.messages'), document.querySelector('.composer')]);
  const keeper = createShellKeeper({
    document,
    parts,
    width: () => width,
    write(next) {
      rules = next;
      writes++;
    },
    layout: fake.layout,
  });
  return {
    keeper,
    fake,
    get writes() {
      return writes;
    },
    setWidth(next: number) {
      width = next;
    },
    sidebarLeft: () => view.clientWidth - width,
    right: (selector: string) => fake.boxOf(document.querySelector(selector) as Element).right,
  };
}

// Converse.js 14 as measured at 1,400 px: converse-root#conversejs and converse-chats are both
// fixed and 100vw wide; the occupant list sits at the right end of the room.
const CONVERSE_LIKE = `
  <converse-root id="conversejs" data-pos="fixed" data-w="vw">
    <converse-chats data-pos="fixed" data-w="vw">
      <div class="controlbox" data-w="233"></div>
      <div class="room" data-x="233">
        <div class="messages" data-w="fill-194"></div>
        <form data-w="fill-194"><textarea class="composer" data-w="fill-50"></textarea><button class="send" data-end="0" data-w="42"></button></form>
        <ul class="occupants" data-end="0" data-w="194"></ul>
      </div>
    </converse-chats>
  </converse-root>`;

afterEach(() => {
  document.body.innerHTML = '';
  document.head.innerHTML = '';
});

describe('keeping viewport shells out from under the sidebar', () => {
  it('constrains both fixed shells around the chat (outermost first), so the whole room, occupants included, ends at the sidebar', () => {
    const page = setUp(CONVERSE_LIKE);
    expect(page.right('.occupants')).toBe(1400);
    expect(page.right('.send')).toBe(1206);
    page.keeper.check();
    expect(page.keeper.rules.map((rule) => rule.selector)).toEqual(['#conversejs', '#conversejs > converse-chats:nth-child(1)']);
    expect(page.keeper.rules.map((rule) => rule.reserve)).toEqual([0, 0]);
    expect(page.right('converse-chats')).toBe(page.sidebarLeft());
    expect(page.right('.occupants')).toBe(1040);
    expect(page.right('.send')).toBe(1040 - 194);
    // Measured again with nothing changed: nothing is written.
    const writes = page.writes;
    page.keeper.check();
    expect(page.writes).toBe(writes);
  });

  it('follows a wider sidebar through the rules text alone (a drag does not measure), and catches up on the next check', () => {
    const page = setUp(CONVERSE_LIKE);
    page.keeper.check();
    expect(shellCss(page.keeper.rules, 500)).toBe(
      '#conversejs { max-width: calc(100vw - 500px) !important; }\n#conversejs > converse-chats:nth-child(1) { max-width: calc(100vw - 500px) !important; }',
    );
    page.setWidth(500);
    expect(page.right('.occupants')).toBe(900);
  });

  it('leaves a page whose layout flows in the document alone', () => {
    const page = setUp(`<div class="app" data-w="fill"><div class="messages"></div><textarea class="composer"></textarea></div>`);
    page.keeper.check();
    expect(page.keeper.rules).toEqual([]);
    expect(page.writes).toBe(0);
  });

  it('leaves a fixed shell alone that already ends left of the sidebar, and an element wholly under it', () => {
    const page = setUp(`
      <div class="shell" data-pos="fixed" data-w="800"><div class="messages"></div></div>
      <div class="dock" data-pos="fixed" data-right="0" data-w="300"><textarea class="composer"></textarea></div>`);
    page.keeper.check();
    expect(page.keeper.rules).toEqual([]);
  });

  it('constrains a static box as wide as the viewport (width: 100vw), not the flowing boxes around it', () => {
    const page = setUp(`<main class="wide" data-w="vw"><section><div class="messages"></div><textarea class="composer"></textarea></section></main>`);
    page.keeper.check();
    expect(page.keeper.rules.map((rule) => rule.selector)).toEqual(['body > main:nth-child(1)']);
    expect(page.right('.composer')).toBe(1040);
  });

  it('counts the left edge, the scrollbar and a content-box padding into the rule, so the right edge lands on the sidebar', () => {
    const page = setUp(`<div id="app" data-pos="fixed" data-x="40" data-w="vw" data-extra="24"><div class="messages"></div><textarea class="composer"></textarea></div>`, {
      clientWidth: 1385,
      innerWidth: 1400,
    });
    page.keeper.check();
    expect(page.keeper.rules).toEqual([{ selector: '#app', reserve: 40 + 15 + 24 }]);
    expect(page.right('#app')).toBe(1385 - 360);
  });

  it('moves a fixed shell anchored to the right off the edge by the sidebar width, kept from growing past its left edge', () => {
    const page = setUp(`<div id="shell" data-pos="fixed" data-right="0" data-w="vw"><div class="messages"></div><textarea class="composer"></textarea></div>`);
    page.keeper.check();
    expect(page.keeper.rules).toEqual([{ selector: '#shell', reserve: 0, right: 0 }]);
    expect(shellCss(page.keeper.rules, 360)).toBe('#shell { max-width: calc(100vw - 360px) !important; right: 360px !important; }');
    expect(page.fake.boxOf(document.querySelector('#shell') as Element)).toEqual({ left: 0, right: 1040, width: 1040 });
    // A wider sidebar: the same rule, rewritten.
    page.setWidth(500);
    expect(page.fake.boxOf(document.querySelector('#shell') as Element)).toEqual({ left: 0, right: 900, width: 900 });
    const writes = page.writes;
    page.keeper.check();
    expect(page.writes).toBe(writes);
  });

  it('drops a rule that only moves a box it cannot move back (absolute, anchored right) and does not try it again; the full-width parts inside it are narrowed instead', () => {
    const page = setUp(`<div id="shell" data-pos="absolute" data-right="0" data-w="vw"><div class="messages"></div><textarea class="composer"></textarea></div>`);
    page.keeper.check();
    expect(page.keeper.rules.map((rule) => rule.selector)).toEqual(['#shell > div:nth-child(1)', '#shell > textarea:nth-child(2)']);
    expect(page.right('#shell')).toBe(1400);
    expect(page.right('.messages')).toBe(1040);
    expect(page.right('.composer')).toBe(1040);
    const writes = page.writes;
    page.keeper.check();
    expect(page.writes).toBe(writes);
  });

  it('moves the rule with a left edge that moved (a panel beside the shell opened)', () => {
    const page = setUp(`<div id="shell" data-pos="fixed" data-w="vw"><div class="messages"></div><textarea class="composer"></textarea></div>`);
    page.keeper.check();
    expect(page.keeper.rules).toEqual([{ selector: '#shell', reserve: 0 }]);
    document.querySelector('#shell')?.setAttribute('data-x', '200');
    page.keeper.check();
    expect(page.keeper.rules).toEqual([{ selector: '#shell', reserve: 200 }]);
    expect(page.right('#shell')).toBe(1040);
  });

  it('forgets a shell the page replaced and constrains the new one; forgets all when the chat parts are gone', () => {
    const page = setUp(`<div class="shell" data-pos="fixed" data-w="vw"><div class="messages"></div><textarea class="composer"></textarea></div>`);
    page.keeper.check();
    expect(page.keeper.rules.map((rule) => rule.selector)).toEqual(['body > div:nth-child(1)']);
    // A re-render puts a new shell first; the old one is still there, second, without the chat.
    const fresh = document.createElement('div');
    fresh.className = 'shell';
    fresh.setAttribute('data-pos', 'fixed');
    fresh.setAttribute('data-w', 'vw');
    fresh.id = 'new-shell';
    fresh.append(...document.querySelectorAll('.messages, .composer'));
    document.body.prepend(fresh);
    page.keeper.check();
    expect(page.keeper.rules.map((rule) => rule.selector)).toEqual(['#new-shell']);
    expect(page.right('.composer')).toBe(1040);
    fresh.remove();
    page.keeper.check();
    expect(page.keeper.rules).toEqual([]);
  });

  it('clear() takes every rule away (the sidebar is gone)', () => {
    const page = setUp(CONVERSE_LIKE);
    page.keeper.check();
    page.keeper.clear();
    expect(page.keeper.rules).toEqual([]);
    expect(page.right('.occupants')).toBe(1400);
  });

  it('reaches a shell around a part inside a shadow root through its host', () => {
    document.body.innerHTML = `<chat-app id="app" data-pos="fixed" data-w="vw"></chat-app>`;
    const host = document.querySelector('chat-app') as HTMLElement;
    const shadow = host.attachShadow({ mode: 'open' });
    shadow.innerHTML = `<div class="messages"></div><textarea class="composer"></textarea>`;
    let rules: readonly ShellRule[] = [];
    const fake = fakeLayout(document, { clientWidth: 1400, innerWidth: 1400, sidebarWidth: () => 360, rules: () => rules });
    const keeper = createShellKeeper({
      document,
      parts: () => [shadow.querySelector('.messages'), shadow.querySelector('.composer')],
      width: () => 360,
      write: (next) => {
        rules = next;
      },
      layout: fake.layout,
    });
    keeper.check();
    expect(keeper.rules.map((rule) => rule.selector)).toEqual(['#app']);
  });

  it('caps the number of rules, however many shells a page nests', () => {
    const depth = MAX_SHELL_RULES + 4;
    const open = Array.from({ length: depth }, () => '<div data-pos="fixed" data-w="vw">').join('');
    const page = setUp(`${open}<div class="messages"></div><textarea class="composer"></textarea>${'</div>'.repeat(depth)}`);
    page.keeper.check();
    page.keeper.check();
    expect(page.keeper.rules.length).toBe(MAX_SHELL_RULES);
  });

  it('measures a bounded number of boxes per check, whatever the page does', () => {
    const page = setUp(CONVERSE_LIKE);
    page.keeper.check();
    const before = page.fake.counts.box;
    page.keeper.check();
    // One pass: each element of the two chains (body to the part: 5 and 6), once.
    expect(page.fake.counts.box - before).toBe(11);
  });
});

describe('selectors for page elements', () => {
  it('uses a unique id, escaped, so a hostile id cannot end the rule or add one', () => {
    document.body.innerHTML = `<div id="x} html { display: none } #y"><span></span></div><div id="1st"></div>`;
    const hostile = document.body.firstElementChild as Element;
    const selector = selectorFor(hostile, document) as string;
    expect(document.querySelectorAll(selector)).toHaveLength(1);
    expect(document.querySelector(selector)).toBe(hostile);
    const style = document.createElement('style');
    style.textContent = shellCss([{ selector, reserve: 0 }], 360);
    document.head.append(style);
    expect(style.sheet?.cssRules).toHaveLength(1);
    expect((style.sheet?.cssRules[0] as CSSStyleRule | undefined)?.selectorText).toBe(selector);
    // An id starting with a digit is escaped too, and a child of the hostile one gets a path from it.
    expect(document.querySelector(selectorFor(document.getElementById('1st') as Element, document) as string)?.id).toBe('1st');
    expect(selectorFor(hostile.firstElementChild as Element, document)).toBe(`${selector} > span:nth-child(1)`);
  });

  it('falls back to a structural path when ids repeat, and gives none for a detached element', () => {
    document.body.innerHTML = `<div id="dup"></div><div id="dup"><p></p><p class="target"></p></div>`;
    const target = document.querySelector('.target') as Element;
    const selector = selectorFor(target, document) as string;
    expect(selector).toBe('body > div:nth-child(2) > p:nth-child(2)');
    expect(document.querySelector(selector)).toBe(target);
    expect(selectorFor(document.createElement('div'), document)).toBeNull();
  });
});

describe('watching for re-renders', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('measures once for a burst of page changes, not for its own style, and not while inactive or stopped', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    document.body.innerHTML = `<div class="list"></div>`;
    const style = document.createElement('style');
    document.head.append(style);
    let checks = 0;
    let active = true;
    const frames: Array<() => void> = [];
    const watch = watchViewportShells({
      document,
      keeper: { check: () => void checks++, rules: [], clear() {} },
      active: () => active,
      own: () => [style],
      throttleMs: 250,
      requestFrame: (callback) => frames.push(callback),
    });
    /** Lets the mutation records arrive, the throttle run out, and the animation frame come. */
    const settle = async () => {
      await vi.waitFor(() => Promise.resolve());
      await vi.advanceTimersByTimeAsync(300);
      for (const frame of frames.splice(0)) frame();
    };
    const list = document.querySelector('.list') as Element;
    for (let i = 0; i < 50; i++) list.append(document.createElement('p'));
    await settle();
    expect(checks).toBe(1);
    await settle();
    expect(checks).toBe(1);
    // Our own style being rewritten is not the page re-rendering.
    style.textContent = 'html { margin-right: 360px !important; }';
    await settle();
    expect(checks).toBe(1);
    active = false;
    list.append(document.createElement('p'));
    await settle();
    expect(checks).toBe(1);
    active = true;
    window.dispatchEvent(new Event('resize'));
    await settle();
    expect(checks).toBe(2);
    list.firstElementChild?.setAttribute('class', 'wide');
    await settle();
    expect(checks).toBe(3);
    watch.stop();
    list.append(document.createElement('p'));
    await settle();
    expect(checks).toBe(3);
  });

  it('measures after the next frame is drawn, in a task of its own, not inside the animation frame', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const frames: FrameRequestCallback[] = [];
    const view = { requestAnimationFrame: (callback: FrameRequestCallback) => frames.push(callback) } as unknown as Window & typeof globalThis;
    let measured = 0;
    afterNextFrame(view, () => void measured++);
    expect(frames).toHaveLength(1);
    expect(measured).toBe(0);
    // The frame itself (where reading a box would lay out what the page just added) does not measure.
    for (const frame of frames.splice(0)) frame(0);
    expect(measured).toBe(0);
    await vi.advanceTimersByTimeAsync(0);
    expect(measured).toBe(1);
    // Without animation frames (a hidden or frameless view) it still measures, in a task.
    afterNextFrame(null, () => void measured++);
    expect(measured).toBe(1);
    await vi.advanceTimersByTimeAsync(0);
    expect(measured).toBe(2);
  });
});

