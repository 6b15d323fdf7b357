import type { Translate } from './translate';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * How long something has waited, in the units a person reads at a glance: "7 min",
 * "2 h 5 min", "3 d 4 h". Staff scanning a queue cannot turn "1079 min" into hours,
 * so whole minutes stop at an hour and whole hours at a day. Never below one minute:
 * a question that just arrived has still been waiting.
 */
export function formatElapsed(ms: number, t: Translate): string {
  const minutes = Math.max(1, Math.floor(ms / MINUTE));
  if (minutes < 60) return t('durationMinutes', minutes);
  if (ms < DAY) {
    const hours = Math.floor(minutes / 60);
    const rest = minutes % 60;
    return rest === 0 ? t('durationHours', hours) : t('elapsedHoursMinutes', hours, rest);
  }
  const days = Math.floor(ms / DAY);
  const hours = Math.floor((ms % DAY) / HOUR);
  return hours === 0 ? t('elapsedDays', days) : t('elapsedDaysHours', days, hours);
}
