import { compileUserRegex, findAll } from '../../../lib/rules/regex';

// Property tests on a busy machine can be slow; correctness, not speed, is under test here.
vi.setConfig({ testTimeout: 0 });

describe('user regular expressions', () => {
  it('compiles and finds matches with UTF-16 offsets', () => {
    const r = compileUserRegex('刷+单');
    if (!r.ok) throw new Error(r.error);
    expect(findAll(r.regex, '😀兼职刷单')).toEqual([[4, 6]]);
  });

  it('refuses invalid patterns with a clear message', () => {
    const r = compileUserRegex('(abc');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/invalid regular expression/);
  });

  it('refuses look-around and back-references, explaining why', () => {
    const r = compileUserRegex('(?=a)b');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/look-ahead/);
    expect(compileUserRegex('(a)\\1').ok).toBe(false);
  });

  it('refuses empty-matching and over-long patterns', () => {
    expect(compileUserRegex('a*').ok).toBe(false);
    expect(compileUserRegex('a'.repeat(1_001)).ok).toBe(false);
  });

  it('runs catastrophic-backtracking patterns in linear time', () => {
    const r = compileUserRegex('(a+)+$');
    if (!r.ok) throw new Error(r.error);
    // With a backtracking engine this input would not finish.
    expect(findAll(r.regex, `${'a'.repeat(5_000)}!`)).toEqual([]);
  });
});
