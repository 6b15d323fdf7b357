import type { Message } from '../model';
import { type BusinessHours, businessMsBetween, isOpenAt } from './business-hours';
import { DEFAULT_HEALTH_CONFIG, type GroupHealthConfig } from './health-config';
import { buildQuestions, type Question, type QuestionMark, type WaitingLevel, waitingLevel } from './questions';

export { isQuestion } from './questions';

export interface WaitingQuestion {
  message: Message;
  /** Calendar time since it was asked. */
  waitingMs: number;
  /** Time since it was asked within business hours (equal to waitingMs without hours). */
  businessWaitingMs: number;
  /** Whether business hours are running now: a sidebar ticking the wait adds time only then. */
  clockRunning: boolean;
  level: WaitingLevel;
  /** Waiting longer than the response-time target (level `missed`). */
  overdue: boolean;
}

export interface UnansweredOptions {
  now: number;
  /** Response-time target; overrides the config's. */
  slaMs?: number;
  config?: GroupHealthConfig;
  hours?: BusinessHours | null;
  flagged?: ReadonlySet<string>;
  marks?: ReadonlyMap<string, { mark: QuestionMark; at: number }>;
}

export const DEFAULT_SLA_MS = DEFAULT_HEALTH_CONFIG.targetMinutes * 60_000;

/**
 * The waiting list: questions in one group still open now, oldest first, with how long
 * each has waited against the target (business time when the group has business hours).
 */
export function findUnanswered(messages: readonly Message[], options: UnansweredOptions): WaitingQuestion[] {
  const targetMs = options.slaMs ?? (options.config ?? DEFAULT_HEALTH_CONFIG).targetMinutes * 60_000;
  return waitingItems(
    buildQuestions(messages, options).filter((q) => q.end === null),
    options.now,
    targetMs,
    options.hours ?? null,
  );
}

/** Open questions as waiting items: how long each has waited against the target. */
export function waitingItems(open: readonly Question[], now: number, targetMs: number, hours: BusinessHours | null): WaitingQuestion[] {
  const clockRunning = isOpenAt(now, hours);
  return open.map((q) => {
    const waitingMs = Math.max(0, now - q.message.ts);
    const businessWaitingMs = businessMsBetween(q.message.ts, now, hours);
    const level = waitingLevel(businessWaitingMs, targetMs);
    return { message: q.message, waitingMs, businessWaitingMs, clockRunning, level, overdue: level === 'missed' };
  });
}
