import { describe, expect, it } from 'vitest';
import { TOGGLE_BOTTOM, TOGGLE_HEIGHT, toggleBottom } from '../../../lib/content/toggle-place';

const VIEWPORT = 900;
// The open sidebar's left edge at 1,040 px: the tab's column is [1,008, 1,040].
const COLUMN = { left: 1008, right: 1040 };

describe('toggleBottom: the sidebar tab never covers a composer', () => {
  it('stays at its place when no composer reaches its column', () => {
    expect(toggleBottom(COLUMN, VIEWPORT, [])).toBe(TOGGLE_BOTTOM);
    // The group composer ends left of the tab; a box above the tab is not in the way either.
    expect(toggleBottom(COLUMN, VIEWPORT, [{ left: 300, right: 1000, top: 780, bottom: 840 }, { left: 900, right: 1040, top: 10, bottom: 50 }])).toBe(TOGGLE_BOTTOM);
  });

  it("moves up just above a composer whose end lies under it (Converse's private chat in the room's sidebar)", () => {
    // Converse 14 at 1,400 px with the sidebar at 360: the private chat's textarea 832–1,036 px wide, 742–794 px high.
    const bottom = toggleBottom(COLUMN, VIEWPORT, [{ left: 832, right: 1036, top: 742, bottom: 794 }]);
    expect(bottom).toBe(VIEWPORT - 742 + 8);
    const tabBottomEdge = VIEWPORT - bottom;
    expect(tabBottomEdge).toBeLessThan(742);
  });

  it('keeps moving up past stacked boxes (a composer and its send button above it) and never leaves the viewport', () => {
    const boxes = [
      { left: 1000, right: 1040, top: 800, bottom: 840 },
      { left: 980, right: 1040, top: 740, bottom: 796 },
    ];
    const bottom = toggleBottom(COLUMN, VIEWPORT, boxes);
    const tab = { top: VIEWPORT - bottom - TOGGLE_HEIGHT, bottom: VIEWPORT - bottom };
    for (const box of boxes) expect(box.top >= tab.bottom || box.bottom <= tab.top).toBe(true);
    // A composer as tall as the window: the tab stays inside it, at the top.
    expect(toggleBottom(COLUMN, VIEWPORT, [{ left: 0, right: 1040, top: 0, bottom: 900 }])).toBe(VIEWPORT - TOGGLE_HEIGHT);
  });
});
