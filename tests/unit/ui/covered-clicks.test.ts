import { guardClicksWhenCovered, reportsCovering } from '../../../lib/ui/covered-clicks';

// A stand-in for Chromium's IntersectionObserver v2: the test says when the frame is
// covered, as the browser would after its visibility delay.
type Report = (isVisible: boolean) => void;
function installFakeObserverV2(win: Window & typeof globalThis): { report: Report; options: () => IntersectionObserverInit | undefined; restore: () => void } {
  const saved = { IntersectionObserver: win.IntersectionObserver, IntersectionObserverEntry: win.IntersectionObserverEntry };
  let callback: IntersectionObserverCallback | null = null;
  let target: Element | null = null;
  let options: IntersectionObserverInit | undefined;
  class Entry {}
  Object.defineProperty(Entry.prototype, 'isVisible', { value: false });
  class Observer {
    constructor(cb: IntersectionObserverCallback, init?: IntersectionObserverInit) {
      callback = cb;
      options = init;
    }
    observe(element: Element) {
      target = element;
    }
    disconnect() {
      callback = null;
    }
  }
  Object.assign(win, { IntersectionObserver: Observer, IntersectionObserverEntry: Entry });
  return {
    report: (isVisible) => callback?.([{ target, isVisible } as unknown as IntersectionObserverEntry], {} as IntersectionObserver),
    options: () => options,
    restore: () => Object.assign(win, saved),
  };
}

function button(label: string, onClick: () => void): HTMLButtonElement {
  const element = document.createElement('button');
  element.textContent = label;
  element.addEventListener('click', onClick);
  document.body.append(element);
  return element;
}
const pointerClick = (element: Element) => element.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, detail: 1 }));
const keyboardClick = (element: Element) => element.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, detail: 0 }));

describe('guardClicksWhenCovered', () => {
  let fake: ReturnType<typeof installFakeObserverV2>;
  beforeEach(() => {
    document.body.replaceChildren();
    fake = installFakeObserverV2(window as Window & typeof globalThis);
  });
  afterEach(() => fake.restore());

  it('is not installed where the browser cannot tell whether the frame is covered (Firefox)', () => {
    fake.restore();
    class EntryV1 {}
    const saved = window.IntersectionObserverEntry;
    Object.assign(window, { IntersectionObserverEntry: EntryV1 });
    expect(reportsCovering(window as Window & typeof globalThis)).toBe(false);
    expect(guardClicksWhenCovered(document)).toBeNull();
    Object.assign(window, { IntersectionObserverEntry: saved });
  });

  it('watches one click-through sentinel on top of the sidebar with visibility tracking', () => {
    const guard = guardClicksWhenCovered(document);
    const sentinel = document.querySelector<HTMLElement>('[data-testid="gs-cover-sentinel"]');
    expect(sentinel?.style.pointerEvents).toBe('none');
    expect(sentinel?.style.zIndex).toBe('2147483647');
    expect(fake.options()).toMatchObject({ trackVisibility: true, delay: 100 });
    guard?.stop();
    expect(document.querySelector('[data-testid="gs-cover-sentinel"]')).toBeNull();
  });

  it('refuses pointer clicks while covered and counts them; lets them through before the first report and once uncovered', () => {
    const guard = guardClicksWhenCovered(document);
    if (!guard) throw new Error('guard not installed');
    const pressed: string[] = [];
    const remove = button('Remove member', () => pressed.push('remove'));

    // Before the browser's first report nothing is known: a click works.
    expect(pointerClick(remove)).toBe(true);
    expect(pressed).toEqual(['remove']);

    fake.report(false);
    expect(guard.covered.value).toBe(true);
    expect(document.querySelector<HTMLElement>('[data-testid="gs-cover-sentinel"]')?.dataset.covered).toBe('true');
    expect(pointerClick(remove)).toBe(false);
    expect(remove.dispatchEvent(new MouseEvent('mousedown', { bubbles: true, cancelable: true }))).toBe(false);
    expect(pressed).toEqual(['remove']);
    expect(guard.refused.value).toBe(1);

    fake.report(true);
    expect(guard.covered.value).toBe(false);
    expect(guard.refused.value).toBe(0);
    pointerClick(remove);
    expect(pressed).toEqual(['remove', 'remove']);
    guard.stop();
  });

  it('lets the keyboard activate a focused control while covered: a covering page cannot aim focus', () => {
    const guard = guardClicksWhenCovered(document);
    const pressed: string[] = [];
    const save = button('Save', () => pressed.push('save'));
    fake.report(false);
    keyboardClick(save);
    expect(pressed).toEqual(['save']);
    expect(guard?.refused.value).toBe(0);
    guard?.stop();
  });

  it('stops refusing once stopped', () => {
    const guard = guardClicksWhenCovered(document);
    const pressed: string[] = [];
    const ok = button('OK', () => pressed.push('ok'));
    fake.report(false);
    guard?.stop();
    pointerClick(ok);
    expect(pressed).toEqual(['ok']);
  });
});
