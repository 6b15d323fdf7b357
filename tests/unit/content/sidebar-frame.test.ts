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
