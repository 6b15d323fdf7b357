import { type ReadonlySignal, signal } from '@preact/signals';

/**
 * Clickjacking guard for the sidebar frame.
 *
 * The chat page cannot reach into our frame (closed shadow root, channel handed over by
 * postMessage), but it can lay its own content over it: a transparent layer, or one with
 * `pointer-events: none` so clicks fall through to our buttons while staff see the page's
 * picture ("Remove member" drawn as "Next"). Chromium's IntersectionObserver v2 tells a frame
 * whether anything is drawn over it, or whether it is drawn translucent or transformed; while
 * it is, pointer presses in the sidebar are refused and counted so the sidebar can say why.
 *
 * One full-size, click-through sentinel on top of our own content is observed, so the
 * sidebar's own layout (disabled buttons are translucent) never counts, and one observer
 * serves every control. Keyboard activation is not refused: it needs focus, which a
 * covering page cannot aim.
 */
export interface CoveredClickGuard {
  /** null until the browser first reports; then whether the page covers or alters the frame. */
  readonly covered: ReadonlySignal<boolean | null>;
  /** Pointer presses refused since the frame was last uncovered (0 again once it is). */
  readonly refused: ReadonlySignal<number>;
  stop(): void;
}

/** Pointer events that start or complete an action; each is refused while covered. */
const POINTER_EVENTS = ['pointerdown', 'mousedown', 'pointerup', 'mouseup', 'click', 'dblclick', 'auxclick', 'contextmenu'] as const;
/** The shortest delay IntersectionObserver v2 accepts with trackVisibility. */
const VISIBILITY_DELAY_MS = 100;

/** Whether this browser reports occlusion (Chromium); Firefox does not. */
export function reportsCovering(win: Window & typeof globalThis): boolean {
  return typeof win.IntersectionObserverEntry === 'function' && 'isVisible' in win.IntersectionObserverEntry.prototype;
}

/** Installs the guard on a frame's document; null where the browser cannot tell (no guard). */
export function guardClicksWhenCovered(doc: Document): CoveredClickGuard | null {
  const win = doc.defaultView as (Window & typeof globalThis) | null;
  if (!win || !reportsCovering(win)) return null;
  const covered = signal<boolean | null>(null);
  const refused = signal(0);

  const sentinel = doc.createElement('div');
  sentinel.setAttribute('aria-hidden', 'true');
  sentinel.dataset.testid = 'gs-cover-sentinel';
  // On top of everything of ours, never hit by the pointer, with nothing drawn: anything
  // over it comes from outside the frame.
  sentinel.style.cssText = 'position:fixed;inset:0;pointer-events:none;z-index:2147483647;';
  doc.documentElement.append(sentinel);

  const observer = new win.IntersectionObserver(
    (entries) => {
      const last = entries.at(-1) as (IntersectionObserverEntry & { isVisible?: boolean }) | undefined;
      if (!last) return;
      covered.value = last.isVisible !== true;
      sentinel.dataset.covered = String(covered.value);
      if (!covered.value) refused.value = 0;
    },
    // trackVisibility and delay are IntersectionObserver v2 options (not yet in TypeScript's DOM types).
    { threshold: [0], trackVisibility: true, delay: VISIBILITY_DELAY_MS } as IntersectionObserverInit,
  );
  observer.observe(sentinel);

  const refuse = (event: Event) => {
    if (covered.value !== true) return;
    // A click the keyboard started (Enter or Space on a focused control) has no pointer.
    if (event.type === 'click' && (event as MouseEvent).detail === 0) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    if (event.type === 'click' || event.type === 'auxclick' || event.type === 'contextmenu') refused.value++;
  };
  for (const type of POINTER_EVENTS) win.addEventListener(type, refuse, { capture: true });

  return {
    covered,
    refused,
    stop() {
      observer.disconnect();
      sentinel.remove();
      for (const type of POINTER_EVENTS) win.removeEventListener(type, refuse, { capture: true });
    },
  };
}
