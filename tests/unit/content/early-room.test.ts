import { claimRoom, createRoomStateWriter, parseRoomState, ROOM_STATE_KEY, type RoomWorld, reserveRoom } from '../../../lib/content/early-room';
import { mountSidebarFrame } from '../../../lib/content/sidebar-frame';

/** At document_start the document is still being parsed. */
const parsing = (state: DocumentReadyState) => Object.defineProperty(document, 'readyState', { value: state, configurable: true });
beforeEach(() => parsing('loading'));

afterEach(() => {
  parsing('complete');
  document.body.innerHTML = '';
  document.head.innerHTML = '';
  for (const style of document.documentElement.querySelectorAll(':scope > style')) style.remove();
});

const margins = () => [...document.querySelectorAll('style')].filter((s) => s.textContent?.includes('margin-right')).map((s) => s.textContent);

describe('room for the sidebar before the first layout', () => {
  it('reads only a well-formed remembered state, with the width kept in range', () => {
    expect(parseRoomState({ open: true, width: 480 })).toEqual({ open: true, width: 480 });
    expect(parseRoomState({ open: false, width: 9000 })).toEqual({ open: false, width: 640 });
    // Nothing remembered yet (a new install): the settings' defaults.
    expect(parseRoomState(undefined)).toEqual({ open: true, width: 360 });
    for (const bad of [null, 'open', { open: 'yes', width: 400 }, { open: true }, { open: true, width: Number.NaN }]) expect(parseRoomState(bad)).toBeNull();
  });

  it('reserves the margin when the sidebar will be open, and the frame adopts it without adding another or waiting for the rows', () => {
    const world: RoomWorld = {};
    // At document_start there is often no <head> yet.
    document.head.remove();
    const reserved = reserveRoom(document, world, { open: true, width: 420 });
    expect(reserved?.parentElement).toBe(document.documentElement);
    expect(margins()).toEqual(['html { margin-right: 420px !important; }']);
    document.documentElement.prepend(document.createElement('head'));

    const frame = mountSidebarFrame({ document, src: 'about:blank', open: true, toggleLabel: 'GS', width: 420, roomAfter: new Promise(() => {}), reservedRoom: claimRoom(world) });
    // The same element, untouched: the page was laid out narrowed and is not restyled.
    expect(margins()).toEqual(['html { margin-right: 420px !important; }']);
    expect(document.querySelector('style') === reserved || reserved?.isConnected).toBe(true);
    // A different width from the settings rewrites it; closing removes it, opening puts it back.
    frame.setWidth(500);
    expect(margins()).toEqual(['html { margin-right: 500px !important; }']);
    frame.setOpen(false);
    expect(margins()).toEqual([]);
    frame.setOpen(true);
    expect(margins()).toEqual(['html { margin-right: 500px !important; }']);
    frame.remove();
    expect(margins()).toEqual([]);
  });

  it('reserves nothing once the document is parsed: storage answered after the page was likely laid out, and the frame narrows it after the first scan', () => {
    parsing('interactive');
    expect(reserveRoom(document, {}, { open: true, width: 400 })).toBeNull();
    parsing('complete');
    expect(reserveRoom(document, {}, { open: true, width: 400 })).toBeNull();
    expect(margins()).toEqual([]);
  });

  it('reserves nothing for a closed sidebar, or once the frame has claimed the room (storage answered late)', () => {
    expect(reserveRoom(document, {}, { open: false, width: 400 })).toBeNull();
    expect(reserveRoom(document, {}, null)).toBeNull();
    const world: RoomWorld = {};
    expect(claimRoom(world)).toBeNull();
    expect(reserveRoom(document, world, { open: true, width: 400 })).toBeNull();
    expect(margins()).toEqual([]);
  });

  it('a frame whose reserved margin a page script removed makes its own', () => {
    const world: RoomWorld = {};
    reserveRoom(document, world, { open: true, width: 400 })?.remove();
    mountSidebarFrame({ document, src: 'about:blank', open: true, toggleLabel: 'GS', width: 400, reservedRoom: claimRoom(world) });
    expect(margins()).toEqual(['html { margin-right: 400px !important; }']);
  });

  it('remembers the state for the next page only when it changed', async () => {
    const writes: Record<string, unknown>[] = [];
    const remember = createRoomStateWriter({ set: async (items) => void writes.push(items) });
    remember({ open: true, width: 400 });
    remember({ open: true, width: 400.2 });
    remember({ open: false, width: 400 });
    expect(writes).toEqual([{ [ROOM_STATE_KEY]: { open: true, width: 400 } }, { [ROOM_STATE_KEY]: { open: false, width: 400 } }]);
    // A failed write is tried again with the next call, though the state is the same.
    let fail = true;
    const attempts: unknown[] = [];
    const flaky = createRoomStateWriter({
      set: async (items) => {
        attempts.push(items);
        if (fail) throw new Error('no storage');
      },
    });
    flaky({ open: true, width: 400 });
    await new Promise((r) => setTimeout(r, 0));
    fail = false;
    flaky({ open: true, width: 400 });
    flaky({ open: true, width: 400 });
    expect(attempts).toHaveLength(2);
  });
});
