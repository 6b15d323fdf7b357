import { RecentKeys } from '../../../lib/reader/dedupe';

describe('RecentKeys', () => {
  it('says a key is new only the first time', () => {
    const keys = new RecentKeys(10);
    expect(keys.add('g\u0000m-1')).toBe(true);
    expect(keys.add('g\u0000m-1')).toBe(false);
    expect(keys.add('g\u0000m-2')).toBe(true);
    expect(keys.has('g\u0000m-1')).toBe(true);
    expect(keys.size).toBe(2);
  });

  it('forgets the oldest keys beyond its capacity, and never grows past it', () => {
    const keys = new RecentKeys(3);
    for (const key of ['a', 'b', 'c', 'd']) keys.add(key);
    expect(keys.size).toBe(3);
    expect(keys.has('a')).toBe(false);
    expect(['b', 'c', 'd'].every((k) => keys.has(k))).toBe(true);
    // A forgotten key counts as new again (storage dedupes it a second time).
    expect(keys.add('a')).toBe(true);
    expect(keys.has('b')).toBe(false);
    for (let i = 0; i < 1_000; i++) keys.add(`k${i}`);
    expect(keys.size).toBe(3);
    expect(['k997', 'k998', 'k999'].every((k) => keys.has(k))).toBe(true);
  });
});
