import { clampSidebarWidth, SIDEBAR_WIDTH } from './sidebar-frame-width';

/**
 * Room for the sidebar before the page is first laid out.
 *
 * Narrowing a page lays all of it out again: 170 ms of CPU for a chat holding 10,000 rows
 * here, and 0.2–0.8 s as a long task on a busy machine. The main content script runs at
 * document_idle, after the page has been laid out at full width. So a small script that runs
 * at document_start puts the margin in place as soon as it knows the sidebar will be open
 * (what the last chat page left in extension storage), and the main script's sidebar frame
 * adopts that margin instead of adding its own.
 */

/** Whether the sidebar was open and how wide, as the content script last knew it (browser.storage.local). */
export interface RoomState {
  open: boolean;
  width: number;
}

export const ROOM_STATE_KEY = 'sidebarRoom';

/** The rule that makes room for the open sidebar: the page's own layout keeps its width. */
export const roomCss = (width: number) => `html { margin-right: ${width}px !important; }`;

/** Shared by the two scripts through their isolated world (globalThis), which they share. */
export interface RoomWorld {
  groupStewardRoom?: { style: HTMLStyleElement | null; claimed: boolean };
}

/** Before any chat page remembered a state (a new install): the settings' defaults, open at 360 px. */
export const DEFAULT_ROOM_STATE: RoomState = { open: true, width: SIDEBAR_WIDTH };

/** The remembered state; nothing remembered yet means the defaults; anything malformed, null (no early room). */
export function parseRoomState(value: unknown): RoomState | null {
  if (value === undefined) return DEFAULT_ROOM_STATE;
  if (typeof value !== 'object' || value === null) return null;
  const { open, width } = value as Partial<RoomState>;
  if (typeof open !== 'boolean' || typeof width !== 'number' || !Number.isFinite(width)) return null;
  return { open, width: clampSidebarWidth(width) };
}

/**
 * Puts the margin in place if the sidebar will open, unless the sidebar frame is already
 * there (it claimed the room first) or the document has finished parsing: storage answered
 * so late that the page has most likely been laid out already (a fresh profile's storage took
 * 1.1-2.5 s here), and a margin now would lay it out again before the reader's first scan; the
 * frame then narrows the page after that scan, as it does without this script. Returns the style.
 */
export function reserveRoom(doc: Document, world: RoomWorld, state: RoomState | null): HTMLStyleElement | null {
  if (!state?.open || world.groupStewardRoom || doc.readyState !== 'loading') return null;
  const style = doc.createElement('style');
  style.textContent = roomCss(state.width);
  // At document_start there may be no <head> yet; a style under <html> applies all the same.
  (doc.head ?? doc.documentElement).append(style);
  world.groupStewardRoom = { style, claimed: false };
  return style;
}

/** The sidebar frame takes the reserved margin (or null), and no later reservation adds another. */
export function claimRoom(world: RoomWorld): HTMLStyleElement | null {
  const reserved = world.groupStewardRoom && !world.groupStewardRoom.claimed ? world.groupStewardRoom.style : null;
  world.groupStewardRoom = { style: null, claimed: true };
  return reserved?.isConnected ? reserved : null;
}

/** Remembers the sidebar's state for the next page's early script; writes only what changed. */
export function createRoomStateWriter(storage: { set(items: Record<string, unknown>): Promise<unknown> }) {
  let last = '';
  return (state: RoomState) => {
    const next = JSON.stringify({ open: state.open, width: clampSidebarWidth(state.width) });
    if (next === last) return;
    last = next;
    void storage.set({ [ROOM_STATE_KEY]: JSON.parse(next) }).catch(() => {
      last = '';
    });
  };
}
