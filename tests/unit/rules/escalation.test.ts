import {
  activeWarnings,
  DAY_MS,
  escalate,
  expireWarnings,
  LADDER_PRESETS,
  nextAction,
  removeLastWarning,
  resetWarnings,
  type WarningRecord,
} from '../../../lib/rules/escalation';

const NOW = Date.UTC(2026, 10, 23);
const key = { groupId: 'g1', memberId: 'u1' };
const w = (id: string, daysAgo: number, extra: Partial<WarningRecord> = {}): WarningRecord => ({
  id,
  groupId: 'g1',
  memberId: 'u1',
  at: NOW - daysAgo * DAY_MS,
  action: 'warn',
  ...extra,
});

describe('warning ladder', () => {
  it('defaults to remind, warn, remove', () => {
    expect(nextAction([], key, NOW).action).toBe('remind');
    expect(nextAction([w('a', 1)], key, NOW).action).toBe('warn');
    expect(nextAction([w('a', 2), w('b', 1)], key, NOW).action).toBe('remove');
    expect(nextAction([w('a', 3), w('b', 2), w('c', 1)], key, NOW).action).toBe('remove');
  });

  it('lets warnings expire after the window', () => {
    const records = [w('old', 31), w('a', 5)];
    expect(activeWarnings(records, key, NOW).map((r) => r.id)).toEqual(['a']);
    expect(nextAction(records, key, NOW).action).toBe('warn');
    expect(nextAction(records, key, NOW).nextExpiry).toBe(NOW - 5 * DAY_MS + 30 * DAY_MS);
    expect(expireWarnings(records, NOW).map((r) => r.id)).toEqual(['a']);
  });

  it('counts per member per group', () => {
    const records = [w('a', 1, { groupId: 'g2' }), w('b', 1, { memberId: 'u2' })];
    expect(nextAction(records, key, NOW).activeCount).toBe(0);
  });

  it('offers the common presets', () => {
    expect(nextAction([], key, NOW, LADDER_PRESETS.removeAtOnce).action).toBe('remove');
    expect(nextAction([w('a', 1)], key, NOW, LADDER_PRESETS.warnThenRemove).action).toBe('remove');
    const three = LADDER_PRESETS.threeWarningsThenRemove;
    expect(nextAction([w('a', 2), w('b', 1)], key, NOW, three).action).toBe('warn');
    expect(nextAction([w('a', 3), w('b', 2), w('c', 1)], key, NOW, three).action).toBe('remove');
    expect(nextAction([w('a', 3), w('b', 2), w('c', 1)], key, NOW, LADDER_PRESETS.warnOnly).action).toBe('warn');
  });

  it('takes the stronger of rule and ladder, and never escalates a content-only rule', () => {
    expect(escalate('warn', [], key, NOW).action).toBe('warn');
    expect(escalate('remind', [w('a', 2), w('b', 1)], key, NOW).action).toBe('remove');
    expect(escalate('none', [w('a', 2), w('b', 1)], key, NOW).action).toBe('none');
  });

  it('removes the last warning and resets, touching nobody else', () => {
    const records = [w('a', 3), w('b', 1), w('x', 1, { memberId: 'u2' })];
    expect(removeLastWarning(records, key, NOW).map((r) => r.id)).toEqual(['a', 'x']);
    expect(resetWarnings(records, key).map((r) => r.id)).toEqual(['x']);
    expect(removeLastWarning([], key, NOW)).toEqual([]);
  });
});
