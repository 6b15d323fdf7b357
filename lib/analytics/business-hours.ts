import { z } from 'zod';

/**
 * Business hours of one group: opening blocks per weekday in the group's time zone, and
 * holidays (local dates) on which no block opens. A block whose end is not after its start
 * runs across midnight (22:00-02:00 opens at 22:00 and closes at 02:00 the next day); it
 * belongs to the day it opens on, so a holiday cancels the block that starts on it.
 */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface TimeBlock {
  /** Minutes after local midnight. */
  start: number;
  end: number;
}

export interface BusinessHours {
  timeZone: string;
  days: Record<Weekday, TimeBlock[]>;
  /** Local dates, YYYY-MM-DD. */
  holidays: ReadonlySet<string>;
}

/** Business hours as typed by a manager: "09:00-12:00, 13:30-18:00" per day. */
export const BusinessHoursInputSchema = z.object({
  timeZone: z.string().trim().min(1),
  days: z.partialRecord(z.enum(WEEKDAYS), z.string()).default({}),
  holidays: z.array(z.string()).default([]),
});
export type BusinessHoursInput = z.infer<typeof BusinessHoursInputSchema>;

export class BusinessHoursError extends Error {
  constructor(
    /** The setting that did not parse, e.g. `businessHours.days.mon`. */
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'BusinessHoursError';
  }
}

const TIME = /^([01]?\d|2[0-4]):([0-5]\d)$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseTime(text: string, field: string): number {
  const match = TIME.exec(text.trim());
  if (!match) throw new BusinessHoursError(field, `"${text.trim()}" is not a time (HH:MM)`);
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  if (minutes > 24 * 60) throw new BusinessHoursError(field, `"${text.trim()}" is past 24:00`);
  return minutes;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** Parses and checks every field; the error names the first field that is wrong. */
export function parseBusinessHours(raw: unknown): BusinessHours {
  const shape = BusinessHoursInputSchema.safeParse(raw);
  if (!shape.success) {
    const issue = shape.error.issues[0];
    throw new BusinessHoursError(['businessHours', ...(issue?.path ?? [])].join('.'), issue?.message ?? 'invalid');
  }
  const input = shape.data;
  if (!isValidTimeZone(input.timeZone)) throw new BusinessHoursError('businessHours.timeZone', `"${input.timeZone}" is not a known time zone`);
  const days = Object.fromEntries(WEEKDAYS.map((day) => [day, [] as TimeBlock[]])) as Record<Weekday, TimeBlock[]>;
  for (const day of WEEKDAYS) {
    const text = input.days[day]?.trim() ?? '';
    if (!text) continue;
    const field = `businessHours.days.${day}`;
    for (const part of text.split(/[,，;；\s]+/).filter(Boolean)) {
      const [from, to, extra] = part.split(/[-–~～]/);
      if (from === undefined || to === undefined || extra !== undefined) throw new BusinessHoursError(field, `"${part}" is not a range (HH:MM-HH:MM)`);
      const block = { start: parseTime(from, field), end: parseTime(to, field) };
      if (block.start === block.end) throw new BusinessHoursError(field, `"${part}" is empty`);
      days[day].push(block);
    }
  }
  const holidays = new Set<string>();
  input.holidays.forEach((text, index) => {
    const trimmed = text.trim();
    const match = DATE.exec(trimmed);
    const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
    if (!match || !date || date.getUTCDate() !== Number(match[3]) || date.getUTCMonth() !== Number(match[2]) - 1) {
      throw new BusinessHoursError(`businessHours.holidays.${index}`, `"${trimmed}" is not a date (YYYY-MM-DD)`);
    }
    holidays.add(trimmed);
  });
  return { timeZone: input.timeZone, days, holidays };
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

export interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** 0 = Monday … 6 = Sunday. */
  weekday: number;
}

const WEEKDAY_INDEX: Record<string, number> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };

/** Wall-clock time of an instant in a time zone. */
export function localTime(ts: number, timeZone: string): LocalTime {
  const parts: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(ts)) parts[part.type] = part.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour) % 24,
    minute: Number(parts.minute),
    weekday: WEEKDAY_INDEX[parts.weekday ?? 'Mon'] ?? 0,
  };
}

/** Offset of the zone from UTC at an instant, in ms (UTC+8 → +8 h). */
function zoneOffset(ts: number, timeZone: string): number {
  const parts: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(ts)) parts[part.type] = part.value;
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour) % 24, Number(parts.minute), Number(parts.second));
  return asUtc - Math.floor(ts / 1000) * 1000;
}

/**
 * The instant a wall-clock time happens in a zone. Around a daylight-saving change the
 * offset differs on either side, so it is taken again at the first guess; a time skipped
 * by the spring-forward gap lands just after the gap.
 */
export function zonedInstant(year: number, month: number, day: number, minutes: number, timeZone: string): number {
  const wall = Date.UTC(year, month - 1, day, 0, minutes);
  const first = wall - zoneOffset(wall, timeZone);
  const second = wall - zoneOffset(first, timeZone);
  return second;
}

export function localDateKey(t: { year: number; month: number; day: number }): string {
  return `${t.year}-${String(t.month).padStart(2, '0')}-${String(t.day).padStart(2, '0')}`;
}

const DAY_MS = 86_400_000;

/**
 * Open intervals [start, end) of business hours that overlap [from, to), in order.
 * Walks local dates from the day before `from` (a block across midnight may have opened
 * then) to the day of `to`.
 */
export function openIntervals(from: number, to: number, hours: BusinessHours): Array<[number, number]> {
  const intervals: Array<[number, number]> = [];
  if (to <= from) return intervals;
  const first = localTime(from - DAY_MS, hours.timeZone);
  let cursor = Date.UTC(first.year, first.month - 1, first.day);
  const last = localTime(to, hours.timeZone);
  const lastDay = Date.UTC(last.year, last.month - 1, last.day);
  for (; cursor <= lastDay; cursor += DAY_MS) {
    const date = new Date(cursor);
    const y = date.getUTCFullYear();
    const m = date.getUTCMonth() + 1;
    const d = date.getUTCDate();
    if (hours.holidays.has(localDateKey({ year: y, month: m, day: d }))) continue;
    const weekday = (date.getUTCDay() + 6) % 7;
    for (const block of hours.days[WEEKDAYS[weekday] as Weekday]) {
      const start = zonedInstant(y, m, d, block.start, hours.timeZone);
      const end = block.end > block.start ? zonedInstant(y, m, d, block.end, hours.timeZone) : zonedInstant(y, m, d + 1, block.end, hours.timeZone);
      const a = Math.max(start, from);
      const b = Math.min(end, to);
      if (b > a) intervals.push([a, b]);
    }
  }
  return intervals.sort((x, y) => x[0] - y[0]);
}

/** Business time between two instants: calendar time with the closed hours taken out. */
export function businessMsBetween(from: number, to: number, hours: BusinessHours | null): number {
  if (to <= from) return 0;
  if (!hours) return to - from;
  let total = 0;
  let covered = from;
  for (const [a, b] of openIntervals(from, to, hours)) {
    // Blocks may overlap (a manager typing 09:00-13:00, 12:00-18:00); count each ms once.
    const start = Math.max(a, covered);
    if (b > start) {
      total += b - start;
      covered = b;
    }
  }
  return total;
}

/** Whether the group is open at an instant (a question asked now is being timed). */
export function isOpenAt(ts: number, hours: BusinessHours | null): boolean {
  if (!hours) return true;
  return openIntervals(ts, ts + 1, hours).length > 0;
}
