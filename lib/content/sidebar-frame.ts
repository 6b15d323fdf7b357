export interface SidebarFrame {
  readonly open: boolean;
  setOpen(open: boolean): void;
  toggle(): void;
  focus(): void;
  remove(): void;
}

export interface SidebarFrameOptions {
  document: Document;
  src: string;
  open: boolean;
  toggleLabel: string;
  onOpenChange?: (open: boolean) => void;
  /** The frame loaded (again): the window to hand the channel to. */
  onLoad?: (frameWindow: Window) => void;
}

export const SIDEBAR_WIDTH = 360;

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
    .frame { position: fixed; top: 0; right: 0; height: 100vh; width: ${SIDEBAR_WIDTH}px; border: 0;
      border-left: 1px solid #d0d7de; box-shadow: -2px 0 8px rgb(0 0 0 / 12%); z-index: 2147483646;
      background: #fff; color-scheme: light; }
    .frame[hidden] { display: none; }
    .toggle { position: fixed; right: 0; bottom: 96px; z-index: 2147483647; width: 32px; height: 40px;
      border: 0; border-radius: 6px 0 0 6px; background: #1d4ed8; color: #fff; font: 600 14px system-ui; cursor: pointer; }
    .toggle[aria-expanded="true"] { right: ${SIDEBAR_WIDTH}px; }
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
  shadow.append(style, frame, toggle);
  const onLoad = options.onLoad;
  if (onLoad)
    frame.addEventListener('load', () => {
      if (frame.contentWindow) onLoad(frame.contentWindow);
    });

  // Make room for the open sidebar so it does not cover the chat's own composer and send
  // button. Pages whose layout is fixed to the viewport keep their width; the toggle helps there.
  const roomForSidebar = doc.createElement('style');
  roomForSidebar.textContent = `html { margin-right: ${SIDEBAR_WIDTH}px !important; }`;

  let open = options.open;
  const apply = () => {
    frame.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    if (open) (doc.head ?? doc.documentElement).append(roomForSidebar);
    else roomForSidebar.remove();
  };
  apply();
  // Only a person's click: a page script could otherwise open and close the sidebar at will
  // (a synthetic click on the toggle once reset every setting, issue #11).
  toggle.addEventListener('click', (event) => {
    if (event.isTrusted) api.toggle();
  });
  (doc.body ?? doc.documentElement).append(host);

  const api: SidebarFrame = {
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
      host.remove();
      roomForSidebar.remove();
    },
  };
  return api;
}
