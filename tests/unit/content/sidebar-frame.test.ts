import { clampSidebarWidth, mountSidebarFrame, SIDEBAR_MAX_WIDTH, SIDEBAR_MIN_WIDTH } from '../../../lib/content/sidebar-frame';

afterEach(() => {
  document.body.innerHTML = '';
  document.head.innerHTML = '';
});

describe('sidebar frame width', () => {
  it('is kept between 320 and 640 px', () => {
    expect(clampSidebarWidth(100)).toBe(SIDEBAR_MIN_WIDTH);
    expect(clampSidebarWidth(5000)).toBe(SIDEBAR_MAX_WIDTH);
    expect(clampSidebarWidth(480.4)).toBe(480);
    expect(clampSidebarWidth(Number.NaN)).toBe(360);
  });

  it('starts at the remembered width, makes room for itself, and follows a width set elsewhere', () => {
    const frame = mountSidebarFrame({ document, src: 'about:blank', open: true, toggleLabel: 'GS', width: 500, resizeLabel: '拖动调整侧边栏宽度' });
    const host = document.querySelector('groupsteward-sidebar') as HTMLElement;
    expect(host.style.getPropertyValue('--gs-width')).toBe('500px');
    expect(document.head.textContent).toContain('margin-right: 500px');
    // Closed: the page cannot reach the frame or the handle (issue #11, finding 3).
    expect(host.shadowRoot).toBeNull();
    const handle = frame.root.querySelector('[data-testid="gs-sidebar-resize"]') as HTMLElement;
    expect(handle.getAttribute('aria-label')).toBe('拖动调整侧边栏宽度');
    frame.setWidth(900);
    expect(frame.width).toBe(640);
    expect(handle.getAttribute('aria-valuenow')).toBe('640');
    frame.setLabels({ resize: 'Drag to resize' });
    expect(handle.title).toBe('Drag to resize');
    frame.setOpen(false);
    expect(handle.hidden).toBe(true);
  });

  it('narrows the page only once the rows are read (roomAfter), and not at all if it was removed meanwhile', async () => {
    let read: () => void = () => {};
    const frame = mountSidebarFrame({ document, src: 'about:blank', open: true, toggleLabel: 'GS', width: 400, roomAfter: new Promise<void>((r) => (read = r)) });
    expect(document.head.textContent).not.toContain('margin-right');
    // Opening and closing meanwhile does not narrow it early either.
    frame.setOpen(false);
    frame.setOpen(true);
    expect(document.head.textContent).not.toContain('margin-right');
    read();
    await Promise.resolve();
    expect(document.head.textContent).toContain('margin-right: 400px');
    frame.setOpen(false);
    expect(document.head.textContent).not.toContain('margin-right');

    let readLater: () => void = () => {};
    const removed = mountSidebarFrame({ document, src: 'about:blank', open: true, toggleLabel: 'GS', roomAfter: new Promise<void>((r) => (readLater = r)) });
    removed.remove();
    readLater();
    await Promise.resolve();
    expect(document.head.textContent).not.toContain('margin-right');
  });
});

describe('sidebar frame and viewport shells (keepClear)', () => {
  /** A page whose app shell is fixed and 100vw wide, narrowed only by a room rule naming it. */
  const shellLayout = {
    box(element: Element) {
      const ruled = [...document.querySelectorAll('style')].some((style) => style.isConnected && style.textContent?.includes('#shell {'));
      const width = element.id === 'shell' || element.closest('#shell') ? (ruled ? 1040 : 1400) : 1040;
      return { left: 0, right: width, width };
    },
    style: (element: Element) => ({ position: element.id === 'shell' ? 'fixed' : 'static', outsideMaxWidth: 0 }),
    viewport: () => ({ clientWidth: 1400, innerWidth: 1400 }),
  };
  const roomText = () => [...document.head.querySelectorAll('style')].map((style) => style.textContent).join('\n');

  it('adds a rule for the shell to the room style while open, follows the width, and takes it away on close and on stop', async () => {
    document.body.innerHTML = `<div id="shell"><div class="messages"></div><textarea class="composer"></textarea></div>`;
    const frame = mountSidebarFrame({ document, src: 'about:blank', open: true, toggleLabel: 'GS', shellLayout });
    const stop = frame.keepClear(() => [document.querySelector('.messages'), document.querySelector('.composer')]);
    await vi.waitFor(() => expect(roomText()).toBe('html { margin-right: 360px !important; }\n#shell { max-width: calc(100vw - 360px) !important; }'));
    frame.setWidth(500);
    expect(roomText()).toBe('html { margin-right: 500px !important; }\n#shell { max-width: calc(100vw - 500px) !important; }');
    // Closed: nothing of ours is left in the page's styles.
    frame.setOpen(false);
    expect(roomText()).toBe('');
    frame.setOpen(true);
    expect(roomText()).toContain('#shell { max-width: calc(100vw - 500px) !important; }');
    stop();
    expect(roomText()).toBe('html { margin-right: 500px !important; }');
    // Never an attribute or inline style on the page's own elements.
    expect(document.querySelector('#shell')?.getAttributeNames()).toEqual(['id']);
    frame.remove();
    expect(roomText()).toBe('');
  });

  it('measures nothing until the page is narrowed (roomAfter), and leaves nothing behind once removed', async () => {
    document.body.innerHTML = `<div id="shell"><div class="messages"></div></div>`;
    let measured = 0;
    const counting = { ...shellLayout, box: (element: Element) => (measured++, shellLayout.box(element)) };
    let read: () => void = () => {};
    const frame = mountSidebarFrame({ document, src: 'about:blank', open: true, toggleLabel: 'GS', shellLayout: counting, roomAfter: new Promise<void>((r) => (read = r)) });
    frame.keepClear(() => [document.querySelector('.messages')]);
    // The first check is due at once (a zero timeout, then an animation frame): let both pass.
    await new Promise((resolve) => setTimeout(resolve, 0));
    await new Promise((resolve) => requestAnimationFrame(resolve));
    expect(measured).toBe(0);
    read();
    await vi.waitFor(() => expect(roomText()).toContain('#shell { max-width'));
    frame.remove();
    expect(roomText()).toBe('');
  });
});
