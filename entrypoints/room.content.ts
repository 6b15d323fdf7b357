import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { parseRoomState, ROOM_STATE_KEY, type RoomWorld, reserveRoom } from '../lib/content/early-room';

// Makes room for the open sidebar before the page is first laid out (see early-room.ts); the
// chat content script, which runs at document_idle on the same pages, adopts the margin.
export default defineContentScript({
  matches: ['http://localhost/*', 'http://127.0.0.1/*'],
  runAt: 'document_start',
  async main() {
    // Storage that cannot be read reserves nothing: the frame makes room itself, as before.
    const stored = await browser.storage.local.get(ROOM_STATE_KEY).catch(() => null);
    reserveRoom(document, globalThis as RoomWorld, stored ? parseRoomState(stored[ROOM_STATE_KEY]) : null);
  },
});
