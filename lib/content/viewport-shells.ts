import { throttle } from './throttle';

/**
 * Keeping a chat's app shell out from under the open sidebar.
 *
 * The room rule (early-room.ts, `html { margin-right }`) narrows pages whose layout flows in
 * the document. A shell fixed to the viewport does not follow: Converse.js's `converse-root`
 * and `converse-chats` are `position: fixed` and 1,400 px wide at a 1,400 px viewport while
 * `html` is 1,040, so its occupant list and send button lie under the sidebar. Unknown chat
 * pages (site profiles) are often built the same way (`inset: 0`, `width: 100vw`).
 *
 * So, while the sidebar is open, the ancestors of the chat's own parts (message container,
 * composer) that are positioned (fixed, absolute, sticky) or as wide as the viewport, and
 * whose box reaches under the sidebar, each get one rule in the room style:
 * `max-width: calc(100vw - <sidebar + their left edge>px) !important`. Nothing is written on
 * the page's elements themselves; the rules leave with the room style when the sidebar closes.
 *
 * Measured, never assumed: a rule is kept only while it brings the box's right edge out from
 * under the sidebar. A fixed shell anchored to the right (`right: 0; width: 100%`) only moves
 * when narrowed: it also gets `right: <sidebar width>px`; any other box a rule does not help
 * loses its rule and is not tried again (what lies inside it is). The page is hostile:
 * selectors come from ids through CSS.escape (or a structural path), the number of rules is
 * capped, and the measuring runs throttled, in one pass, just after a frame was drawn.
 */

/** A box in viewport coordinates, as getBoundingClientRect gives it. */
export interface ShellBox {
  left: number;
  right: number;
  width: number;
}

/** What the keeper reads from the page's layout; the browser's by default, a fake in unit tests. */
export interface ShellLayout {
  box(element: Element): ShellBox;
  /** The element's `position`, and the horizontal padding and border its max-width does not include (content-box). */
  style(element: Element): { position: string; outsideMaxWidth: number };
  /** The viewport's width without (clientWidth) and with (innerWidth, what 100vw means) a vertical scrollbar. */
  viewport(): { clientWidth: number; innerWidth: number };
}

/**
 * One constrained shell: `selector { max-width: calc(100vw - (sidebar width + reserve)px) }`,
 * and for a fixed shell anchored to the right, `right: (sidebar width + right)px` as well.
 */
export interface ShellRule {
  selector: string;
  /** The element's left edge, the scrollbar, its content-box extras (and `right`), in px. */
  reserve: number;
  /** A fixed shell anchored to the right: its distance from the viewport's right edge, in px. */
  right?: number;
}

/** At most this many elements get a rule, whatever the page builds. */
export const MAX_SHELL_RULES = 6;
/** Each rule written is measured again; nested shells (Converse has two) take one round each. */
const MAX_ROUNDS = 6;
/** A structural path longer than this is not a shell worth addressing. */
const MAX_PATH_DEPTH = 40;
/** Sub-pixel boxes: a right edge this close to the sidebar's edge is not under it. */
const TOLERANCE_PX = 1;

const POSITIONED = new Set(['fixed', 'absolute', 'sticky']);

/** The rules as CSS, for the sidebar's width now (a drag rewrites them without measuring). */
export function shellCss(rules: readonly ShellRule[], width: number): string {
  return rules
    .map((rule) => {
      const right = rule.right === undefined ? '' : ` right: ${Math.round(width + rule.right)}px !important;`;
      return `${rule.selector} { max-width: calc(100vw - ${Math.round(width + rule.reserve)}px) !important;${right} }`;
    })
    .join('\n');
}

/** The browser's own layout. */
export function browserShellLayout(doc: Document): ShellLayout {
  const view = doc.defaultView;
  return {
    box: (element) => element.getBoundingClientRect(),
    style(element) {
      const style = view?.getComputedStyle(element);
      if (!style) return { position: 'static', outsideMaxWidth: 0 };
      const px = (value: string) => Number.parseFloat(value) || 0;
      const outside =
        style.boxSizing === 'border-box'
          ? 0
          : px(style.paddingLeft) + px(style.paddingRight) + px(style.borderLeftWidth) + px(style.borderRightWidth);
      return { position: style.position, outsideMaxWidth: outside };
    },
    viewport: () => ({ clientWidth: doc.documentElement.clientWidth, innerWidth: view?.innerWidth ?? doc.documentElement.clientWidth }),
  };
}

/**
 * A selector that addresses `element` alone: its id when the id is unique, else a path of
 * `tag:nth-child(n)` steps from the nearest ancestor with a unique id (or from body). Ids and
 * tag names are the page's: they go through CSS.escape, so no id can end the rule or add one.
 * Null when no such selector can be made.
 */
export function selectorFor(element: Element, doc: Document): string | null {
  const cssEscape = doc.defaultView?.CSS?.escape;
  if (!cssEscape || element.getRootNode() !== doc) return null;
  const unique = (selector: string, target: Element) => {
    try {
      const found = doc.querySelectorAll(selector);
      return found.length === 1 && found[0] === target;
    } catch {
      return false;
    }
  };
  const steps: string[] = [];
  let node: Element = element;
  for (let depth = 0; depth < MAX_PATH_DEPTH; depth++) {
    if (node === doc.body) {
      steps.unshift('body');
      break;
    }
    if (node === doc.documentElement) {
      steps.unshift(':root');
      break;
    }
    if (node.id) {
      const byId = `#${cssEscape(node.id)}`;
      if (unique(byId, node)) {
        steps.unshift(byId);
        break;
      }
    }
    const parent = node.parentElement;
    if (!parent) return null;
    steps.unshift(`${cssEscape(node.localName)}:nth-child(${Array.prototype.indexOf.call(parent.children, node) + 1})`);
    node = parent;
    if (depth === MAX_PATH_DEPTH - 1) return null;
  }
  const selector = steps.join(' > ');
  return unique(selector, element) ? selector : null;
}

/** The part and its ancestors up to body, outermost first, crossing out of shadow roots to their hosts. */
function chainOf(part: Element, doc: Document): Element[] {
  const chain: Element[] = [];
  let node: Element | null = part;
  while (node && node !== doc.documentElement && chain.length < 200) {
    // Only elements of the document itself can be addressed by the room style.
    if (node.getRootNode() === doc) chain.unshift(node);
    const root = node.getRootNode();
    node = node.parentElement ?? (root instanceof ShadowRoot ? root.host : null);
  }
  return chain;
}

export interface ShellKeeperOptions {
  document: Document;
  /** The chat's own parts the adapter knows (message container, composer). */
  parts: () => ReadonlyArray<Element | null | undefined>;
  /** The sidebar's width now. */
  width: () => number;
  /** Writes the rules into the room style at once (the next round measures their effect). */
  write: (rules: readonly ShellRule[]) => void;
  layout?: ShellLayout;
  maxRules?: number;
}

interface KeptRule extends ShellRule {
  /** The box's edges before the rule: a max-width that leaves the right edge in place did not help. */
  rightBefore: number;
  leftBefore: number;
}

export interface ShellKeeper {
  /** Measures (one pass per round) and writes what changed. Only call while the sidebar's room is in place. */
  check(): void;
  readonly rules: readonly ShellRule[];
  /** Forgets every rule (the rules' text leaves the room style through `write`). */
  clear(): void;
}

export function createShellKeeper(options: ShellKeeperOptions): ShellKeeper {
  const doc = options.document;
  const layout = options.layout ?? browserShellLayout(doc);
  const maxRules = options.maxRules ?? MAX_SHELL_RULES;
  const kept = new Map<Element, KeptRule>();
  // Shells a rule did not help (anchored to the right, or wider than any max-width): not tried again.
  const unhelped = new WeakSet<Element>();
  let written: readonly ShellRule[] = [];

  const publish = () => {
    written = [...kept.values()].map(({ selector, reserve, right }) => (right === undefined ? { selector, reserve } : { selector, reserve, right }));
    options.write(written);
  };

  /** One measuring pass; true when the rules changed. */
  const round = (): boolean => {
    const { clientWidth, innerWidth } = layout.viewport();
    const sidebarLeft = clientWidth - options.width();
    const scrollbar = Math.max(0, innerWidth - clientWidth);
    const chains = options
      .parts()
      .filter((part): part is Element => part instanceof Element && part.isConnected)
      .map((part) => chainOf(part, doc));
    const inChains = new Set(chains.flat());
    let changed = false;
    // Rules added or changed in this round, not yet written: their boxes (and what lies inside
    // them) are measured in the next round, once the rules apply, not now.
    const touched = new Set<Element>();
    for (const [element, rule] of kept) {
      // The page re-rendered: the element left, or its selector now names something else.
      if (!inChains.has(element) || !element.isConnected || !selectorStillNames(rule.selector, element, doc)) {
        kept.delete(element);
        changed = true;
      }
    }
    for (const chain of chains) {
      for (const element of chain) {
        if (touched.has(element)) break;
        const box = layout.box(element);
        const under = box.right > sidebarLeft + TOLERANCE_PX;
        const rule = kept.get(element);
        if (rule) {
          const keptItsEdge = Math.abs(box.right - rule.rightBefore) <= TOLERANCE_PX;
          if (under && keptItsEdge && rule.right === undefined && layout.style(element).position === 'fixed') {
            // Narrowed, a fixed shell kept its right edge: it is anchored to the right (or laid
            // out right to left). Moved off that edge by the sidebar's width, and kept from
            // growing past its old left edge, it sits where it sat, beside the sidebar.
            rule.right = Math.max(0, Math.round(clientWidth - rule.rightBefore));
            rule.reserve = Math.max(0, Math.round(rule.leftBefore)) + scrollbar + Math.round(layout.style(element).outsideMaxWidth) + rule.right;
            touched.add(element);
            changed = true;
            break;
          }
          if (under && (keptItsEdge || rule.right !== undefined)) {
            // The rule did not bring it out from under the sidebar: take it away for good.
            kept.delete(element);
            unhelped.add(element);
            touched.add(element);
            changed = true;
            // What lies inside it is measured again once it is back in place.
            break;
          }
          const reserve = reserveOf(element, box, scrollbar) + (rule.right ?? 0);
          // Its left edge moved (a panel beside it opened or closed): the rule follows it.
          if (Math.abs(reserve - rule.reserve) >= TOLERANCE_PX) {
            rule.reserve = reserve;
            touched.add(element);
            changed = true;
            break;
          }
          continue;
        }
        if (!under || box.left >= sidebarLeft || unhelped.has(element) || kept.size >= maxRules) continue;
        const { position } = layout.style(element);
        const viewportWide = box.width >= clientWidth - TOLERANCE_PX;
        if (!POSITIONED.has(position) && !viewportWide) continue;
        const selector = selectorFor(element, doc);
        if (!selector) {
          unhelped.add(element);
          continue;
        }
        kept.set(element, { selector, reserve: reserveOf(element, box, scrollbar), rightBefore: box.right, leftBefore: box.left });
        touched.add(element);
        changed = true;
        // What lies inside it may follow it: measure again before constraining more.
        break;
      }
    }
    return changed;
  };

  const reserveOf = (element: Element, box: ShellBox, scrollbar: number) =>
    Math.max(0, Math.round(box.left)) + scrollbar + Math.round(layout.style(element).outsideMaxWidth);

  return {
    check() {
      for (let i = 0; i < MAX_ROUNDS; i++) {
        if (!round()) return;
        publish();
      }
    },
    get rules() {
      return written;
    },
    clear() {
      if (kept.size === 0 && written.length === 0) return;
      kept.clear();
      publish();
    },
  };
}

function selectorStillNames(selector: string, element: Element, doc: Document): boolean {
  try {
    const found = doc.querySelectorAll(selector);
    return found.length === 1 && found[0] === element;
  } catch {
    return false;
  }
}

export interface ShellWatchOptions {
  document: Document;
  keeper: ShellKeeper;
  /** False while the sidebar is closed (or not yet making room): nothing is measured then. */
  active: () => boolean;
  /** Our own nodes (the room style, the sidebar's host): their changes are not the page's. */
  own: () => ReadonlyArray<Node | null>;
  throttleMs?: number;
  /** Calls back once the next frame is drawn (see `afterNextFrame`) unless a test gives another. */
  requestFrame?: (callback: () => void) => void;
  /** Runs after each pass, in the same task (the toggle tab's place: toggle-place.ts). */
  afterCheck?: () => void;
}

/**
 * Calls `callback` in a task of its own right after the browser drew the next frame. The page's
 * layout is clean then, so reading boxes costs little. Measured inside the animation frame
 * instead, before the browser's own layout, the first box read laid out whatever the page had
 * just added, inside our callback: on a chat appending 200 rows a frame to a 10,000-row list
 * that was a 30–50 ms slice of the page's thread charged to the content script (the same
 * layout the frame would have done; `bench:ingest` counted equal layouts). A rule that changes
 * now lands one frame later.
 */
export function afterNextFrame(view: (Window & typeof globalThis) | null, callback: () => void): void {
  if (view?.requestAnimationFrame) view.requestAnimationFrame(() => setTimeout(callback, 0));
  else setTimeout(callback, 0);
}

/**
 * Runs the keeper again when the page may have re-laid itself out: its DOM changed (class,
 * style, nodes), or the window was resized; throttled, and measured after the next frame is
 * drawn (see `afterNextFrame`), never once per mutation.
 */
export function watchViewportShells(options: ShellWatchOptions): { schedule(): void; stop(): void } {
  const doc = options.document;
  const view = doc.defaultView;
  let stopped = false;
  let frameRequested = false;
  const measure = () => {
    frameRequested = false;
    if (!stopped && options.active()) {
      options.keeper.check();
      options.afterCheck?.();
    }
  };
  const requestFrame = options.requestFrame ?? ((callback: () => void) => afterNextFrame(view, callback));
  const schedule = throttle(() => {
    if (stopped || frameRequested || !options.active()) return;
    frameRequested = true;
    requestFrame(measure);
  }, options.throttleMs ?? 250);
  const observer = new MutationObserver((records) => {
    const own = options.own();
    if (records.some((record) => !own.some((node) => node?.contains(record.target)))) schedule();
  });
  observer.observe(doc.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ['class', 'style', 'hidden', 'id', 'open'] });
  view?.addEventListener('resize', schedule);
  return {
    schedule,
    stop() {
      stopped = true;
      observer.disconnect();
      view?.removeEventListener('resize', schedule);
    },
  };
}
