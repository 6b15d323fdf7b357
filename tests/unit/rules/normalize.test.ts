import fc from 'fast-check';
import {
  MARK_AT,
  MARK_CURRENCY_SIGN,
  MARK_MIDDLE_DOT,
  MAX_SCAN,
  NormalizeScratch,
  normalize,
  normalizeInto,
  normalizeText,
  toOriginalSpan,
} from '../../../lib/rules/normalize';

// Property tests on a busy machine can be slow; correctness, not speed, is under test here.
vi.setConfig({ testTimeout: 0 });

describe('normalize', () => {
  it.each([
    ['兼 职 刷 单 日 结', '兼职刷单日结'],
    ['兼.职★刷-单', '兼职刷单'],
    ['f u c k you', 'fuck you'],
    ['F.U.C.K', 'fuck'],
    ['ｆｕｃｋ ＡＢＣ', 'fuck abc'],
    ['z\u200bero\u200dwi\ufeffdth', 'zerowidth'],
    ['複製這個網址', '复制这个网址'],
    ['什么', '什么'],
    ['www。example。com', 'www.example.com'],
    ['手机 1 3 9 1 2 3 4 5 6 7 8', '手机 13912345678'],
    ['一三八一二三四五六七八', '13812345678'],
    ['壹叁捌〇〇壹叁捌〇〇〇', '13800138000'],
    ['①③⑧００１３８０００', '13800138000'],
    ['一单一结', '一单一结'],
    ['😀兼😀职😀', '兼职'],
    ['𝐟𝐮𝐜𝐤 é', 'fuck e'],
    ['SB客服', 'sb客服'],
    ['➕V wx_123456', '+v wx_123456'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });

  it('keeps a numeral that starts a word after a number', () => {
    expect(normalizeText('一三八一二三四五六七八 一单一结')).toBe('13812345678 一单一结');
  });

  it('folds leetspeak only in the keyword view', () => {
    const n = normalize('sh1t @ss $hit idiot!');
    expect(n.text).toBe('sh1t @ss $hit idiot!');
    expect(String.fromCharCode(...n.folded)).toBe('shit ass shit idiot!');
  });

  it('maps spans back to the original text', () => {
    const original = '加 Ｖ：ｗｘ＿８８８';
    const n = normalize(original);
    const at = n.text.indexOf('wx');
    const span = toOriginalSpan(n, at, n.length);
    expect(original.slice(span.start, span.end)).toBe('ｗｘ＿８８８');
  });

  it('caps the scanned length', () => {
    // Not one repeated letter: stretched letters ("aaaa") collapse into one.
    const n = normalize('ab'.repeat((MAX_SCAN + 500) / 2));
    expect(n.truncated).toBe(true);
    expect(n.length).toBe(MAX_SCAN);
  });

  it('drops lone surrogates and never splits a pair', () => {
    expect(normalizeText('\ud800abc\udc00')).toBe('abc');
    expect(normalizeText('ab😀cd')).toBe('ab cd');
    const text = `${'a'.repeat(MAX_SCAN - 1)}😀`;
    expect(() => normalize(text)).not.toThrow();
  });

  const anyText = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 60 }),
    fc.string({ unit: 'binary', maxLength: 60 }),
    fc.string({ maxLength: 60 }),
    fc
      .array(fc.constantFrom('兼', '职', ' ', '.', '1', '三', '八', 'a', 'B', '😀', '\u200b', '＊', '*', '@', '$', '零', '〇', 'ｗ', '。', '點', '-'), { maxLength: 40 })
      .map((a) => a.join('')),
  );

  it('is idempotent on letters joined across dropped separators (cases fast-check found)', () => {
    for (const text of ['B-B*B', 'a.aaa', 'b.bbbb', 'a a a a', 'a a a a b b', 'f u u u c k', 'f-u-u-u-c-k you']) {
      const once = normalizeText(text);
      expect(normalizeText(once)).toBe(once);
    }
    expect(normalizeText('f u u u c k')).toBe('fuck');
  });

  it('keeps a masked word apart from a one-letter word before it ("a f*cking mess"), idempotently', () => {
    expect(normalizeText('what a c*nt')).toBe('what a c*nt');
    expect(normalizeText("you're a f**king joke")).toBe("you're a f**king joke");
    expect(normalizeText('f*u*c*k')).toBe('fuck');
    expect(normalizeText('f * u * c * k')).toBe('fuck');
    expect(normalizeText('f u c k')).toBe('fuck');
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', 'f', 'k', ' ', ' ', '*', '**', '#', '.', '1', '-', '傻', 'uu', 'aaa', '@', '!'), { maxLength: 30 }), (parts) => {
        const once = normalizeText(parts.join(''));
        expect(normalizeText(once)).toBe(once);
      }),
      { numRuns: 20_000 },
    );
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const once = normalizeText(s);
        expect(normalizeText(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });

  it('maps every normalised offset inside the original text', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const n = normalize(s);
        for (let i = 0; i < n.length; i++) {
          const a = n.starts[i] as number;
          const b = n.ends[i] as number;
          expect(a).toBeGreaterThanOrEqual(0);
          expect(b).toBeGreaterThan(a);
          expect(b).toBeLessThanOrEqual(s.length);
          if (i > 0) expect(a).toBeGreaterThanOrEqual(n.starts[i - 1] as number);
        }
        expect(n.folded.length).toBe(n.length);
        expect(n.text.length).toBe(n.length);
      }),
      { numRuns: 2000 },
    );
  });

  it('notes the initials of exactly the one- and two-letter Latin words of the normalised text', () => {
    /** The plain reading: every maximal run of a-z in the code units. */
    function initials(codes: Uint16Array, length: number): number {
      let bits = 0;
      let i = 0;
      while (i < length) {
        const c = codes[i] as number;
        if (c < 0x61 || c > 0x7a) {
          i++;
          continue;
        }
        let j = i + 1;
        while (j < length && (codes[j] as number) >= 0x61 && (codes[j] as number) <= 0x7a) j++;
        if (j - i <= 2) bits |= 1 << (c - 0x61);
        i = j;
      }
      return bits;
    }
    // Spaced letters that join, stretched runs that collapse, masks, digits, CJK and emoji.
    const pieces = ['v', 'w', 'q', 'vv', 'wv', 'vvv', 'qqqq', 'ab', 'x', ' ', '  ', '.', '*', '_', '@', '1', '2', '加', '我', '😀', 'Ⓥ', 'Ｖ', '\u200b', 'fuuuck', 'a'];
    const scratch = new NormalizeScratch();
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 24 }), (parts) => {
        const text = parts.join('');
        const n = normalize(text);
        expect(n.shortLatinWordInitials, text).toBe(initials(n.codes, n.length));
        expect(normalizeInto(text, scratch).shortLatinWordInitials, text).toBe(n.shortLatinWordInitials);
      }),
      { numRuns: 5_000 },
    );
  });

  it('marks currency signs, middle dots and "@" as written, though normalisation may drop them', () => {
    const pieces = ['a', '1', ' ', '.', '¥', '￥', '€', '$', '£', '₤', '·', '•', '‧', '∙', '⋅', '・', '･', '㈠', '😀', '你', '\u200b', '@', '＠'];
    const scratch = new NormalizeScratch();
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 20 }), (parts) => {
        const text = parts.join('');
        const expected =
          (/[¥￥€$£₤]/.test(text) ? MARK_CURRENCY_SIGN : 0) |
          (/[·•‧∙⋅・･]/.test(text) ? MARK_MIDDLE_DOT : 0) |
          (text.includes('@') ? MARK_AT : 0);
        expect(normalize(text).marks, text).toBe(expected);
        expect(normalizeInto(text, scratch).marks, text).toBe(expected);
      }),
      { numRuns: 3000 },
    );
    // Past MAX_SCAN nothing is read: the text says it was truncated instead.
    const long = normalize(`${'a'.repeat(MAX_SCAN)}¥@`);
    expect(long.marks).toBe(0);
    expect(long.truncated).toBe(true);
  });
});
