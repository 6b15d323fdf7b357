import { DAY_MS, filterMembers, type MemberRow } from '../../../lib/analytics/activity';
import { membership, T0 } from '../db/records';

const NOW = T0 + 100 * DAY_MS;
const row = (name: string, over: Partial<MemberRow> & { lastSeen?: number } = {}): MemberRow => ({
  membership: membership({ memberId: `demo:${name}`, lastSeen: over.lastSeen ?? NOW }),
  name,
  tagIds: [],
  ...over,
});
const ROWS: MemberRow[] = [
  row('陈强', { stage: 'vip', tagIds: ['tag-vip', 'tag-fee'], lastSeen: NOW - 40 * DAY_MS }),
  row('李娜', { stage: 'customer', tagIds: ['tag-fee'], lastSeen: NOW - DAY_MS }),
  row('Wang Fang', { stage: 'vip', tagIds: ['tag-vip'], lastSeen: NOW - 10 * DAY_MS }),
  row('陈小明', { tagIds: [], lastSeen: NOW - 30 * DAY_MS }),
];
const names = (filter: Parameters<typeof filterMembers>[1]) => filterMembers(ROWS, filter, NOW).map((r) => r.name);

describe('filterMembers', () => {
  it('returns everyone without conditions', () => {
    expect(names({})).toEqual(['陈强', '李娜', 'Wang Fang', '陈小明']);
    expect(names({ tagIds: [], query: '  ' })).toHaveLength(4);
  });

  it('filters by tags, all of them required', () => {
    expect(names({ tagIds: ['tag-fee'] })).toEqual(['陈强', '李娜']);
    expect(names({ tagIds: ['tag-vip', 'tag-fee'] })).toEqual(['陈强']);
    expect(names({ tagIds: ['tag-unknown'] })).toEqual([]);
  });

  it('filters by stage', () => {
    expect(names({ stage: 'vip' })).toEqual(['陈强', 'Wang Fang']);
  });

  it('filters by days inactive, the boundary included', () => {
    expect(names({ inactiveDays: 30 })).toEqual(['陈强', '陈小明']);
    expect(names({ inactiveDays: 31 })).toEqual(['陈强']);
  });

  it('filters by name, case-insensitively', () => {
    expect(names({ query: '陈' })).toEqual(['陈强', '陈小明']);
    expect(names({ query: ' wang ' })).toEqual(['Wang Fang']);
  });

  it('combines every condition given', () => {
    expect(names({ stage: 'vip', inactiveDays: 7, tagIds: ['tag-vip'] })).toEqual(['陈强', 'Wang Fang']);
    expect(names({ stage: 'vip', inactiveDays: 7, tagIds: ['tag-vip'], query: 'wang' })).toEqual(['Wang Fang']);
    expect(names({ stage: 'customer', inactiveDays: 7 })).toEqual([]);
  });
});
