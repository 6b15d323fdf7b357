import { localDateKey, localTime } from '../analytics/business-hours';

/** Saves text as a file through a temporary link (extension pages may download without a permission). */
export function downloadText(fileName: string, text: string, type: string) {
  // A byte-order mark so spreadsheet programs read Chinese CSV as UTF-8.
  const body = type === 'text/csv' ? `\ufeff${text}` : text;
  const url = URL.createObjectURL(new Blob([body], { type }));
  const link = Object.assign(document.createElement('a'), { href: url, download: fileName });
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

/** Today's local date, YYYY-MM-DD, in a time zone. */
export const todayIn = (timeZone: string, now: number) => localDateKey(localTime(now, timeZone));
