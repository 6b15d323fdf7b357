import type { Frame, Page } from 'playwright-core';
export const CHROMIUM_ARGS: string[];
export function extensionArgs(extensionDir: string): string[];
export function findSidebarFrame(page: Page, attempts?: number): Promise<Frame>;
