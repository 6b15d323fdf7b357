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
  onLoad?: () => void;
}

export const SIDEBAR_WIDTH = 360;

/**
 * The sidebar is an extension page in a cross-origin iframe, so the host page's scripts
 * cannot read notes or tags from it. The frame and its toggle button live in a shadow root
 * to keep the page's CSS out. It is open so automation can find the frame; nothing in it
 * is secret (the channel token only routes messages, and the page cannot send on the
 * extension's runtime bus).
 */
export function mountSidebarFrame(options: SidebarFrameOptions): SidebarFrame {
  const doc = options.document;
  const host = doc.createElement('groupsteward-sidebar');
  const shadow = host.attachShadow({ mode: 'open' });
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
  if (options.onLoad) frame.addEventListener('load', options.onLoad);

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
  toggle.addEventListener('click', () => api.toggle());
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
