import type { WaitingQuestion } from './unanswered';
import { type WaitingLevel, waitingLevel } from './questions';

/**
 * How long a waiting question has waited at `now`, continuing from when the background
 * measured it: the sidebar ticks between refreshes so times move in a quiet group. Business
 * time only runs if the group was open when measured (the next refresh corrects a block
 * that opened or closed since).
 */
export function waitingAt(item: Pick<WaitingQuestion, 'waitingMs' | 'businessWaitingMs' | 'clockRunning'>, measuredAt: number, now: number, targetMs: number): { waitingMs: number; businessWaitingMs: number; level: WaitingLevel } {
  const elapsed = Math.max(0, now - measuredAt);
  const waitingMs = item.waitingMs + elapsed;
  const businessWaitingMs = item.businessWaitingMs + (item.clockRunning ? elapsed : 0);
  return { waitingMs, businessWaitingMs, level: waitingLevel(businessWaitingMs, targetMs) };
}

/** How often waiting times move on screen. */
export const WAITING_TICK_MS = 30_000;
