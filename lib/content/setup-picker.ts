/**
 * The in-page half of point-and-click setup: a highlight that follows the pointer and takes
 * one click per step. Drawn in a closed shadow root so the page cannot read or restyle it;
 * only trusted events count (a page script cannot "click" for the person), and while it is
 * on, the page does not see the clicks it takes (no link opens, no menu pops up).
 */
export interface PickerOptions {
  document: Document;
  signal: AbortSignal;
  /** Called with the element a trusted click landed on. */
  onPick: (target: Element) => void;
  onCancel: () => void;
}

export interface Picker {
  setLabel(text: string): void;
  stop(): void;
}

const OWN_HOSTS = 'groupsteward-sidebar, groupsteward-picker';

export function startPicker({ document: doc, signal, onPick, onCancel }: PickerOptions): Picker {
  const stopper = new AbortController();
  const stopSignal = AbortSignal.any([signal, stopper.signal]);
  const host = doc.createElement('groupsteward-picker');
  const shadow = host.attachShadow({ mode: 'closed' });
  const style = doc.createElement('style');
  style.textContent = `
    :host { all: initial; }
    .box { position: fixed; pointer-events: none; z-index: 2147483645; border: 2px solid #f59e0b;
      background: rgb(245 158 11 / 15%); border-radius: 3px; display: none; }
    .tip { position: fixed; top: 8px; left: 50%; transform: translateX(-50%); pointer-events: none;
      z-index: 2147483645; background: #1e293b; color: #fff; font: 600 14px/1.4 system-ui, sans-serif;
      padding: 6px 12px; border-radius: 6px; max-width: 60vw; }
  `;
  const box = doc.createElement('div');
  box.className = 'box';
  const tip = doc.createElement('div');
  tip.className = 'tip';
  tip.setAttribute('role', 'status');
  shadow.append(style, box, tip);
  doc.documentElement.append(host);

  const isOwn = (target: EventTarget | null) => target instanceof Element && target.closest(OWN_HOSTS) !== null;
  let hovered: Element | null = null;
  const draw = () => {
    if (!hovered?.isConnected) {
      box.style.display = 'none';
      return;
    }
    const rect = hovered.getBoundingClientRect();
    Object.assign(box.style, { display: 'block', left: `${rect.left}px`, top: `${rect.top}px`, width: `${rect.width}px`, height: `${rect.height}px` });
  };
  const options = { capture: true, signal: stopSignal } as const;
  // The window's capture phase runs before any listener the page put on the document.
  const target: Window | Document = doc.defaultView ?? doc;
  target.addEventListener(
    'mousemove',
    (event: Event) => {
      if (!event.isTrusted || isOwn(event.target)) return;
      hovered = event.target instanceof Element ? event.target : null;
      draw();
    },
    options,
  );
  target.addEventListener('scroll', draw, { ...options, passive: true });
  // The page must not act on the clicks the picker takes.
  for (const type of ['pointerdown', 'mousedown', 'pointerup', 'mouseup', 'dblclick', 'contextmenu'] as const) {
    target.addEventListener(
      type,
      (event) => {
        if (!event.isTrusted || isOwn(event.target)) return;
        event.preventDefault();
        event.stopImmediatePropagation();
      },
      options,
    );
  }
  target.addEventListener(
    'click',
    (event) => {
      if (!event.isTrusted || isOwn(event.target) || !(event.target instanceof Element)) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      onPick(event.target);
    },
    options,
  );
  target.addEventListener(
    'keydown',
    (event) => {
      if (event.isTrusted && (event as KeyboardEvent).key === 'Escape') onCancel();
    },
    options,
  );
  stopSignal.addEventListener('abort', () => host.remove(), { once: true });
  return {
    setLabel(text) {
      tip.textContent = text;
    },
    stop: () => stopper.abort(),
  };
}
