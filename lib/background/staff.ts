import type { ChatEvent } from '../model';

/**
 * Pages do not always mark staff; the user lists staff names in the options. A listed
 * name counts as staff whatever the page says.
 */
export function applyStaffNames(events: ChatEvent[], staffNames: readonly string[]): ChatEvent[] {
  if (staffNames.length === 0) return events;
  const staff = new Set(staffNames.map((n) => n.normalize('NFKC').trim().toLowerCase()));
  return events.map((event) =>
    staff.has(event.author.name.normalize('NFKC').trim().toLowerCase()) ? { ...event, role: 'staff' as const } : event,
  );
}
