import {
  BusinessHoursError,
  businessMsBetween,
  isOpenAt,
  localTime,
  parseBusinessHours,
  zonedInstant,
} from '../../../lib/analytics/business-hours';
import { parseHealthConfig } from '../../../lib/analytics/health-config';

const HOUR = 3_600_000;
const MINUTE = 60_000;

describe('parseBusinessHours', () => {
  it('reads several blocks a day, in any of the separators managers type', () => {
    const hours = parseBusinessHours({ timeZone: 'Asia/Shanghai', days: { mon: '09:00-12:00, 13:30-18:00', tue: '9:00～12:00；22:00-02:00' }, holidays: ['2026-10-01'] });
    expect(hours.days.mon).toEqual([
      { start: 540, end: 720 },
      { start: 810, end: 1080 },
    ]);
    expect(hours.days.tue).toEqual([
      { start: 540, end: 720 },
      { start: 1320, end: 120 },
    ]);
    expect(hours.days.sun).toEqual([]);
    expect(hours.holidays.has('2026-10-01')).toBe(true);
  });

  it.each([
    [{ timeZone: 'Mars/Olympus', days: {} }, 'businessHours.timeZone'],
    [{ timeZone: 'UTC', days: { mon: '9-18' } }, 'businessHours.days.mon'],
    [{ timeZone: 'UTC', days: { wed: '09:00-25:00' } }, 'businessHours.days.wed'],
    [{ timeZone: 'UTC', days: { fri: '09:00-09:00' } }, 'businessHours.days.fri'],
    [{ timeZone: 'UTC', days: { sat: '09:00' } }, 'businessHours.days.sat'],
    [{ timeZone: 'UTC', holidays: ['2026-02-30'] }, 'businessHours.holidays.0'],
    [{ timeZone: 'UTC', holidays: ['2026-01-01', 'tomorrow'] }, 'businessHours.holidays.1'],
    [{ days: {} }, 'businessHours.timeZone'],
  ])('refuses %j naming %s', (raw, field) => {
    expect(() => parseBusinessHours(raw)).toThrow(BusinessHoursError);
    try {
      parseBusinessHours(raw);
    } catch (error) {
      expect((error as BusinessHoursError).field).toBe(field);
      expect((error as Error).message.startsWith(`${field}:`)).toBe(true);
    }
  });

  it('a group config names its own bad fields too', () => {
    expect(() => parseHealthConfig({ targetMinutes: 0 })).toThrow(/^targetMinutes:/);
    expect(() => parseHealthConfig({ businessHours: { timeZone: 'UTC', days: { mon: 'all day' } } })).toThrow(/^businessHours\.days\.mon:/);
    expect(parseHealthConfig({}).config.targetMinutes).toBe(5);
  });
});

describe('business time', () => {
  const shanghai = parseBusinessHours({ timeZone: 'Asia/Shanghai', days: { mon: '09:00-12:00,13:00-18:00', tue: '09:00-12:00,13:00-18:00', fri: '22:00-02:00' }, holidays: ['2026-11-03'] });
  // Monday 2 November 2026, 11:50 in Shanghai (UTC+8).
  const monday1150 = Date.UTC(2026, 10, 2, 3, 50);

  it('counts only open blocks, skipping lunch', () => {
    expect(businessMsBetween(monday1150, monday1150 + 80 * MINUTE, shanghai)).toBe(20 * MINUTE);
    expect(businessMsBetween(monday1150, monday1150 + 80 * MINUTE, null)).toBe(80 * MINUTE);
  });

  it('skips the night and a holiday (Tuesday 3 Nov) to the next open day', () => {
    // Monday 17:00 → Wednesday 10:00: one hour on Monday, Tuesday is a holiday, Wednesday has no hours.
    const monday1700 = Date.UTC(2026, 10, 2, 9, 0);
    expect(businessMsBetween(monday1700, monday1700 + 41 * HOUR, shanghai)).toBe(HOUR);
  });

  it('a block across midnight belongs to the day it opens on', () => {
    // Friday 6 Nov 23:30 → Saturday 01:30 local: all open.
    const friday2330 = Date.UTC(2026, 10, 6, 15, 30);
    expect(businessMsBetween(friday2330, friday2330 + 2 * HOUR, shanghai)).toBe(2 * HOUR);
    // Saturday 01:00 → 03:00: open until 02:00 only.
    const saturday0100 = Date.UTC(2026, 10, 6, 17, 0);
    expect(businessMsBetween(saturday0100, saturday0100 + 2 * HOUR, shanghai)).toBe(HOUR);
    expect(isOpenAt(saturday0100, shanghai)).toBe(true);
    expect(isOpenAt(saturday0100 + 90 * MINUTE, shanghai)).toBe(false);
  });

  it('the same instants give different figures in another time zone', () => {
    const london = parseBusinessHours({ timeZone: 'Europe/London', days: { mon: '09:00-17:00' } });
    // Monday 2 Nov 03:50 UTC is 03:50 in London: closed until 09:00.
    expect(businessMsBetween(monday1150, monday1150 + 6 * HOUR, london)).toBe(50 * MINUTE);
  });

  it('daylight-saving changes: a 09:00-17:00 day is 8 hours on both sides of the change', () => {
    const newYork = parseBusinessHours({ timeZone: 'America/New_York', days: { fri: '09:00-17:00', mon: '09:00-17:00', sun: '00:00-24:00' } });
    // Clocks went back on Sunday 1 Nov 2026: Friday 30 Oct is EDT (UTC-4), Monday 2 Nov is EST (UTC-5).
    expect(zonedInstant(2026, 10, 30, 9 * 60, 'America/New_York')).toBe(Date.UTC(2026, 9, 30, 13));
    expect(zonedInstant(2026, 11, 2, 9 * 60, 'America/New_York')).toBe(Date.UTC(2026, 10, 2, 14));
    const fridayMorning = Date.UTC(2026, 9, 30, 12);
    const tuesdayMorning = Date.UTC(2026, 10, 3, 12);
    // Friday 8 h + Sunday 25 h (the day clocks go back is an hour longer) + Monday 8 h.
    expect(businessMsBetween(fridayMorning, tuesdayMorning, newYork)).toBe(41 * HOUR);
    expect(localTime(Date.UTC(2026, 10, 2, 14), 'America/New_York')).toMatchObject({ hour: 9, weekday: 0 });
  });
});
