import fc from 'fast-check';
import { HitBuffer, KeywordMatcher } from '../../../lib/rules/matcher';
import { normalize } from '../../../lib/rules/normalize';

function hits(m: KeywordMatcher, text: string): { tag: number; found: string }[] {
  const buffer = new HitBuffer();
  const norm = normalize(text);
  m.scan(norm, buffer);
  const out: { tag: number; found: string }[] = [];
  for (let i = 0; i < buffer.count; i++) {
    out.push({ tag: buffer.tags[i] as number, found: norm.text.slice(buffer.starts[i], buffer.ends[i]) });
  }
  return out;
}

// Property tests on a busy machine can be slow; correctness, not speed, is under test here.
vi.setConfig({ testTimeout: 0 });

describe('KeywordMatcher', () => {
  const m = KeywordMatcher.compile([
    { pattern: '刷单', tag: 1 },
    { pattern: '兼职', tag: 1 },
    { pattern: '单日结', tag: 2 },
    { pattern: 'ass', tag: 3 },
    { pattern: 'fuck', tag: 3 },
    { pattern: 'shit', tag: 3 },
    { pattern: '滚', tag: 4 },
    { pattern: '滚动', tag: 4, allow: true },
    { pattern: 'he', tag: 5 },
    { pattern: 'she', tag: 5 },
    { pattern: 'hers', tag: 5 },
  ]);

  it('finds overlapping keywords (classic Aho–Corasick)', () => {
    expect(hits(m, 'ushers').map((h) => h.found)).toEqual([]); // whole words only
    const m2 = KeywordMatcher.compile(['he', 'she', 'his', 'hers'].map((pattern, tag) => ({ pattern, tag, wholeWord: false })));
    expect(hits(m2, 'ushers').map((h) => h.found).sort()).toEqual(['he', 'hers', 'she']);
  });

  it('matches CJK keywords through separators and traditional forms', () => {
    expect(hits(m, '兼 职 刷 單 日 结').map((h) => h.found)).toEqual(['兼职', '刷单', '单日结']);
  });

  it('matches Latin words whole, so "ass" does not fire in "assessment"', () => {
    expect(hits(m, 'the assessment is done')).toEqual([]);
    expect(hits(m, 'classic bass')).toEqual([]);
    expect(hits(m, 'kiss my ass!').map((h) => h.tag)).toEqual([3]);
  });

  it('sees through leetspeak and masking', () => {
    expect(hits(m, 'sh1t').length).toBe(1);
    expect(hits(m, '@ss').length).toBe(1);
    expect(hits(m, 'f*ck you').length).toBe(1);
    expect(hits(m, 'f**k').length).toBe(1);
    expect(hits(m, 'F U C K').length).toBe(1);
    expect(hits(m, '***')).toEqual([]);
  });

  it('honours exempt phrases of the same owner', () => {
    expect(hits(m, '页面滚动很卡')).toEqual([]);
    expect(hits(m, '滚！').map((h) => h.tag)).toEqual([4]);
  });

  it('scales to thousands of keywords', () => {
    const cjk = '甲乙丙丁戊己庚辛壬癸';
    const words = Array.from({ length: 5_000 }, (_, i) => `词${[...String(i).padStart(4, '0')].map((d) => cjk[Number(d)]).join('')}语`);
    const big = KeywordMatcher.compile(words.map((pattern, tag) => ({ pattern, tag })));
    expect(big.patternCount).toBe(5_000);
    expect(hits(big, `前缀${words[4321]}后缀`).map((h) => h.tag)).toEqual([4321]);
  });

  it('never throws on any string, including lone surrogates and huge strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        expect(() => hits(m, s)).not.toThrow();
      }),
      { numRuns: 1000 },
    );
    expect(() => hits(m, '刷单'.repeat(200_000))).not.toThrow();
    expect(() => hits(m, '\ud800'.repeat(50_000))).not.toThrow();
  });

  it('finds exactly every occurrence a plain substring search finds, allow-listed phrases exempting their own tag', () => {
    // A four-letter CJK alphabet: keywords share prefixes, so the automaton has states with
    // one child, several and none, and long failure chains; every occurrence is reported.
    const letter = fc.constantFrom('甲', '乙', '丙', '丁');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.array(letter, { minLength: 1, maxLength: 5 }), fc.integer({ min: 0, max: 3 }), fc.boolean()), {
          minLength: 1,
          maxLength: 25,
        }),
        fc.array(letter, { maxLength: 40 }),
        (spec, textLetters) => {
          const entries = spec.map(([letters, tag, allow]) => ({ pattern: letters.join(''), tag, allow: allow && tag === 0 }));
          const text = textLetters.join('');
          const expected: string[] = [];
          const allowed = entries.filter((e) => e.allow);
          for (let end = 1; end <= text.length; end++) {
            const seen = new Set<string>();
            for (const e of entries) {
              const start = end - e.pattern.length;
              if (e.allow || start < 0 || text.slice(start, end) !== e.pattern) continue;
              const key = `${e.tag}:${start}:${end}`;
              if (seen.has(key)) continue;
              seen.add(key);
              const exempt = allowed.some((a) => {
                if (a.tag !== e.tag) return false;
                for (let s = Math.max(0, end - a.pattern.length); s <= start; s++) if (text.startsWith(a.pattern, s) && s + a.pattern.length >= end) return true;
                return false;
              });
              if (!exempt) expected.push(key);
            }
          }
          const buffer = new HitBuffer();
          KeywordMatcher.compile(entries).scan(normalize(text), buffer);
          const found: string[] = [];
          for (let k = 0; k < buffer.count; k++) found.push(`${buffer.tags[k]}:${buffer.starts[k]}:${buffer.ends[k]}`);
          expect(found.sort()).toEqual(expected.sort());
        },
      ),
      { numRuns: 3_000 },
    );
  });
});
