import { composerBoxes, TOGGLE_BOTTOM, TOGGLE_WIDTH, toggleBottom } from './toggle-place';
import { roomCss } from './early-room';
import { clampSidebarWidth, SIDEBAR_MAX_WIDTH, SIDEBAR_MIN_WIDTH, SIDEBAR_WIDTH } from './sidebar-frame-width';
import { createShellKeeper, type ShellLayout, type ShellRule, shellCss, watchViewportShells } from './viewport-shells';

export interface SidebarFrame {
  readonly open: boolean;
  setOpen(open: boolean): void;
  toggle(): void;
  focus(): void;
  remove(): void;
  readonly width: number;
  /** Another tab or the options changed the remembered width. */
  setWidth(width: number): void;
  setLabels(labels: { resize: string; toggle?: string }): void;
  /** The closed shadow root, for this content script's own code and tests; the page cannot reach it. */
  readonly root: ShadowRoot;
  /**
   * Keeps the app shells around these chat parts (message container, composer) out from under
   * the open sidebar when the page's margin does not narrow them (viewport-shells.ts). Replaces
   * the parts given before; returns the stop, which takes the shells' rules away again.
   */
  keepClear(parts: () => ReadonlyArray<Element | null | undefined>): () => void;
}

export interface SidebarFrameOptions {
  document: Document;
  src: string;
  open: boolean;
  toggleLabel: string;
  onOpenChange?: (open: boolean) => void;
  /** The frame loaded (again): the window to hand the channel to. */
  onLoad?: (frameWindow: Window) => void;
  /** Starting width (remembered from the last drag); clamped to the allowed range. */
  width?: number;
  /** A drag on the edge ended at this width: remember it. */
  onWidthChange?: (width: number) => void;
  resizeLabel?: string;
  /**
   * The page is narrowed for the open sidebar only once this settles. Narrowing a page lays all
   * of it out again (630 ms for a chat holding 10,000 rows here): the content script reads the
   * rows first, so they are on their way to the store while the page reflows, instead of waiting
   * behind that task. Until then the frame is shown over the page's right edge.
   */
  roomAfter?: Promise<unknown>;
  /**
   * The margin the document_start script already put in place (early-room.ts): the page was
   * laid out narrowed from the start, so the frame adopts it at once instead of waiting for
   * `roomAfter` and adding its own.
   */
  reservedRoom?: HTMLStyleElement | null;
  /** The page's layout as keepClear measures it; the browser's unless a unit test fakes it. */
  shellLayout?: ShellLayout;
}

export { clampSidebarWidth, SIDEBAR_MAX_WIDTH, SIDEBAR_MIN_WIDTH, SIDEBAR_WIDTH };
const KEY_STEP = 20;

/**
 * The sidebar is an extension page in a cross-origin iframe, so the host page's scripts
 * cannot read notes or tags from it. The frame and its toggle button live in a CLOSED
 * shadow root: the page cannot reach the frame element, its URL or the toggle through the
 * DOM. The frame's URL carries nothing secret; its event channel is handed over by
 * postMessage on every load (sidebar-channel.ts). Automation finds the frame by the URL
 * path `/sidebar.html` through the browser's frame tree, not through the DOM.
 */
export function mountSidebarFrame(options: SidebarFrameOptions): SidebarFrame {
  const doc = options.document;
  const host = doc.createElement('groupsteward-sidebar');
  const shadow = host.attachShadow({ mode: 'closed' });
  const style = doc.createElement('style');
  style.textContent = `
    :host { all: initial; }
    /* border-box: the frame's border lies inside the width the page makes room for, not 1 px over the page. */
    .frame { position: fixed; top: 0; right: 0; height: 100vh; width: var(--gs-width); box-sizing: border-box; border: 0;
      border-left: 1px solid #d0d7de; box-shadow: -2px 0 8px rgb(0 0 0 / 12%); z-index: 2147483646;
      background: #fff; color-scheme: light; }
    .frame[hidden] { display: none; }
    .toggle { position: fixed; right: 0; bottom: 96px; z-index: 2147483647; width: 32px; height: 40px;
      border: 0; border-radius: 6px 0 0 6px; background: #1d4ed8; color: #fff; font: 600 14px system-ui; cursor: pointer; }
    /* Open, the sidebar closes from its own header (and the keyboard command): a tab beside it
       would lie over the page's rightmost 32 px, where chats keep the end of their composer. */
    .toggle[aria-expanded="true"] { display: none; }
    /* Just outside the frame's edge, never over it: the sidebar refuses clicks while anything
       lies over it (lib/ui/covered-clicks.ts), and that includes our own handle. */
    .resize { position: fixed; top: 0; right: var(--gs-width); width: 7px; height: 100vh; z-index: 2147483647;
      cursor: ew-resize; background: transparent; touch-action: none; }
    .resize:hover, .resize.dragging, .resize:focus-visible { background: rgb(29 78 216 / 35%); outline: none; }
    .resize[hidden] { display: none; }
    /* While dragging, the frame must not swallow the pointer. */
    .dragging-frame { pointer-events: none; }
    .toggle:focus-visible { outline: 3px solid #f59e0b; outline-offset: 1px; }
  `;
  const frame = doc.createElement('iframe');
  frame.className = 'frame';
  frame.title = 'GroupSteward';
  frame.src = options.src;
  frame.setAttribute('allow', 'clipboard-write');
  const toggle = doc.createElement('button');
  toggle.className = 'toggle';
  toggle.type = 'button';
  toggle.textContent = '群';
  toggle.title = options.toggleLabel;
  toggle.setAttribute('aria-label', options.toggleLabel);
  toggle.setAttribute('data-testid', 'gs-sidebar-toggle');
  // The drag edge on the sidebar's left side: mouse, touch and pen through pointer events,
  // and the arrow keys for keyboard users (it is a focusable separator).
  const handle = doc.createElement('div');
  handle.className = 'resize';
  handle.setAttribute('role', 'separator');
  handle.setAttribute('aria-orientation', 'vertical');
  handle.setAttribute('aria-valuemin', String(SIDEBAR_MIN_WIDTH));
  handle.setAttribute('aria-valuemax', String(SIDEBAR_MAX_WIDTH));
  handle.setAttribute('data-testid', 'gs-sidebar-resize');
  handle.tabIndex = 0;
  const setResizeLabel = (label: string) => {
    handle.title = label;
    handle.setAttribute('aria-label', label);
  };
  setResizeLabel(options.resizeLabel ?? 'Resize');
  shadow.append(style, frame, toggle, handle);
  const onLoad = options.onLoad;
  if (onLoad)
    frame.addEventListener('load', () => {
      if (frame.contentWindow) onLoad(frame.contentWindow);
    });

  // Make room for the open sidebar so it does not cover the chat's own composer and send
  // button. Shells fixed to the viewport keep their width under this margin: keepClear adds
  // a rule for each of those to the same style (viewport-shells.ts).
  const roomForSidebar = options.reservedRoom ?? doc.createElement('style');
  let shellRules: readonly ShellRule[] = [];
  let shells: { schedule(): void; stop(): void } | null = null;

  let open = options.open;
  let width = clampSidebarWidth(options.width ?? SIDEBAR_WIDTH);
  /** Set below, once the state it reads exists (toggle-place.ts). */
  let placeToggle: () => void = () => {};
  const applyWidth = () => {
    host.style.setProperty('--gs-width', `${width}px`);
    placeToggle();
    handle.setAttribute('aria-valuenow', String(width));
    const css = shellRules.length > 0 ? `${roomCss(width)}\n${shellCss(shellRules, width)}` : roomCss(width);
    // Rewriting the same rule would still restyle the page.
    if (roomForSidebar.textContent !== css) roomForSidebar.textContent = css;
  };
  applyWidth();

  let drag: { pointerId: number } | null = null;
  const widthAt = (clientX: number) => clampSidebarWidth((doc.documentElement.clientWidth || doc.defaultView?.innerWidth || 0) - clientX);
  handle.addEventListener('pointerdown', (event) => {
    if (!event.isTrusted || event.button !== 0) return;
    event.preventDefault();
    drag = { pointerId: event.pointerId };
    handle.setPointerCapture?.(event.pointerId);
    handle.classList.add('dragging');
    frame.classList.add('dragging-frame');
  });
  handle.addEventListener('pointermove', (event) => {
    if (!drag || event.pointerId !== drag.pointerId) return;
    width = widthAt(event.clientX);
    applyWidth();
    shells?.schedule();
  });
  const endDrag = (event: PointerEvent) => {
    if (!drag || event.pointerId !== drag.pointerId) return;
    drag = null;
    handle.classList.remove('dragging');
    frame.classList.remove('dragging-frame');
    options.onWidthChange?.(width);
  };
  handle.addEventListener('pointerup', endDrag);
  handle.addEventListener('pointercancel', endDrag);
  handle.addEventListener('keydown', (event) => {
    if (!event.isTrusted || (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight')) return;
    event.preventDefault();
    width = clampSidebarWidth(width + (event.key === 'ArrowLeft' ? KEY_STEP : -KEY_STEP));
    applyWidth();
    shells?.schedule();
    options.onWidthChange?.(width);
  });

  let roomAllowed = options.roomAfter === undefined || Boolean(options.reservedRoom);
  let removed = false;
  const roomShown = () => open && roomAllowed && !removed;
  // The tab never covers a composer: moved up above any that reaches its column (toggle-place.ts).
  placeToggle = () => {
    if (removed) return;
    const viewportWidth = doc.documentElement.clientWidth || doc.defaultView?.innerWidth || 0;
    const right = viewportWidth - (open ? width : 0);
    const bottom = toggleBottom({ left: right - TOGGLE_WIDTH, right }, doc.documentElement.clientHeight || doc.defaultView?.innerHeight || 0, composerBoxes(doc));
    const value = bottom === TOGGLE_BOTTOM ? '' : `${bottom}px`;
    if (toggle.style.bottom !== value) toggle.style.bottom = value;
  };
  const apply = () => {
    frame.hidden = !open;
    handle.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    // (The reserved margin stays where it was put: moving it would restyle the page.)
    if (open && roomAllowed && !removed) {
      if (!roomForSidebar.isConnected) (doc.head ?? doc.documentElement).append(roomForSidebar);
    } else roomForSidebar.remove();
    shells?.schedule();
    placeToggle();
  };
  apply();
  // While the sidebar is closed nothing watches the page's layout: a composer that appears (a
  // private chat opened beside the group) is clicked, focused or typed into first, so the tab
  // is placed again in the frame after such an event (once the page has reacted), and on resize.
  let placeRequested = false;
  const onPageChange = () => {
    if (placeRequested) return;
    placeRequested = true;
    const view = doc.defaultView;
    const run = () => {
      placeRequested = false;
      placeToggle();
    };
    if (view) view.requestAnimationFrame(run);
    else run();
  };
  doc.addEventListener('focusin', onPageChange, true);
  doc.addEventListener('click', onPageChange, true);
  // Typing may bring a send button in (Converse draws its own beside a composer with text).
  doc.addEventListener('input', onPageChange, true);
  doc.defaultView?.addEventListener('resize', onPageChange);
  const allowRoom = () => {
    roomAllowed = true;
    apply();
  };
  options.roomAfter?.then(allowRoom, allowRoom);
  // Only a person's click: a page script could otherwise open and close the sidebar at will
  // (a synthetic click on the toggle once reset every setting, issue #11).
  toggle.addEventListener('click', (event) => {
    if (event.isTrusted) api.toggle();
  });
  (doc.body ?? doc.documentElement).append(host);

  const api: SidebarFrame = {
    root: shadow,
    get open() {
      return open;
    },
    setOpen(next) {
      if (next === open) return;
      open = next;
      apply();
      options.onOpenChange?.(open);
    },
    toggle() {
      api.setOpen(!open);
    },
    focus() {
      frame.focus();
    },
    remove() {
      removed = true;
      doc.removeEventListener('focusin', onPageChange, true);
      doc.removeEventListener('click', onPageChange, true);
      doc.removeEventListener('input', onPageChange, true);
      doc.defaultView?.removeEventListener('resize', onPageChange);
      shells?.stop();
      host.remove();
      roomForSidebar.remove();
    },
    get width() {
      return width;
    },
    setWidth(next) {
      if (drag) return;
      width = clampSidebarWidth(next);
      applyWidth();
      shells?.schedule();
    },
    keepClear(parts) {
      shells?.stop();
      const keeper = createShellKeeper({
        document: doc,
        parts,
        width: () => width,
        write(rules) {
          shellRules = rules;
          applyWidth();
        },
        layout: options.shellLayout,
      });
      const watch = watchViewportShells({ document: doc, keeper, active: roomShown, own: () => [roomForSidebar, host], afterCheck: placeToggle });
      const current = {
        schedule: watch.schedule,
        stop() {
          watch.stop();
          keeper.clear();
          if (shells === current) shells = null;
        },
      };
      shells = current;
      watch.schedule();
      return current.stop;
    },
    setLabels(labels) {
      setResizeLabel(labels.resize);
      if (labels.toggle) {
        toggle.title = labels.toggle;
        toggle.setAttribute('aria-label', labels.toggle);
      }
    },
  };
  return api;
}
