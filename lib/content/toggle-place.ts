/**
 * Where the sidebar's toggle tab goes so it never covers a composer. The tab shows while the
 * sidebar is closed, fixed at the viewport's right edge, 96 px up; a chat whose composer
 * reaches that edge there (Converse.js's private chat in the room's sidebar, whose text ends
 * under the tab) gets the tab moved up, just above the composer, as far as it takes.
 */

export interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export const TOGGLE_BOTTOM = 96;
export const TOGGLE_HEIGHT = 40;
export const TOGGLE_WIDTH = 32;
const GAP = 8;

/**
 * The tab's distance from the viewport's bottom: `TOGGLE_BOTTOM` unless the tab would then
 * overlap one of `boxes` in its column `[left, right]`; then just above that box, again above
 * the next one it meets, never above the viewport's top.
 */
export function toggleBottom(column: { left: number; right: number }, viewportHeight: number, boxes: readonly Box[]): number {
  const inColumn = boxes.filter((b) => b.left < column.right && b.right > column.left && b.bottom > b.top);
  let bottom = TOGGLE_BOTTOM;
  for (let moves = 0; moves <= inColumn.length; moves++) {
    const tabTop = viewportHeight - bottom - TOGGLE_HEIGHT;
    const tabBottom = viewportHeight - bottom;
    const covered = inColumn.find((b) => b.top < tabBottom && b.bottom > tabTop);
    if (!covered) break;
    bottom = viewportHeight - covered.top + GAP;
  }
  return Math.max(0, Math.min(bottom, viewportHeight - TOGGLE_HEIGHT));
}

/** What a person types or sends in: every composer the page shows, and submit buttons. */
const COMPOSERS = 'textarea, [contenteditable="true"], [contenteditable=""], [contenteditable="plaintext-only"], [role="textbox"], input[type="text"], input:not([type]), button[type="submit"]';

/** The boxes of the page's visible composers (read after layout: no forced layout of its own). */
export function composerBoxes(root: ParentNode): Box[] {
  const boxes: Box[] = [];
  for (const element of root.querySelectorAll(COMPOSERS)) {
    const rect = element.getBoundingClientRect();
    if (rect.width > 0 && rect.height > 0) boxes.push({ left: rect.left, right: rect.right, top: rect.top, bottom: rect.bottom });
  }
  return boxes;
}
