import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DETECTOR_KINDS, DetectorOptionsSchema } from '../../../lib/model/rule';
import { DETECTORS, loosestDetectorOptions } from '../../../lib/rules/detector-registry';
import { ALL_CUES, type DetectorOptions, detectLengthSpam, findPhones, mayHoldPhone, THRESHOLD_DEFAULTS } from '../../../lib/rules/detectors';
import { normalize } from '../../../lib/rules/normalize';

/**
 * Each detector's cheap test (`mayFind`) lets the engine skip it on most messages. A test
 * that says "nothing here" where the detector would find something loses a detection, so
 * these check the tests are sound: false only where the detector finds nothing.
 */

const PHONE_PIECES = [
  '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '13', '138', '86', '00', '0086', '+', '+44', ' ', ' ', '-', '.', '(', ')',
  '/', '_', '~', '|', '*', '订单', '号', '元', 'tel', 'txt win to ', 'call ', 'order ', '$', 'p', '(18+)', '一', '三', '八', '零',
];

describe('detector gates', () => {
  it('mayHoldPhone is false only where no phone number or short code is found', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PHONE_PIECES), { maxLength: 40 }), (parts) => {
        const norm = normalize(parts.join(''));
        if (!mayHoldPhone(norm)) expect(findPhones(norm)).toEqual([]);
      }),
      { numRuns: 20_000 },
    );
  });

  it('mayHoldPhone lets every shape of phone through', () => {
    for (const text of ['13812345678', '+44 7700 900123', '0086 138 1234 5678', '8613812345678', '020-8765 4321', 'txt WIN to 87121', '0800 542 0578 (18+)', '08700621170150p']) {
      const norm = normalize(text);
      expect(mayHoldPhone(norm), text).toBe(true);
      expect(findPhones(norm).length, text).toBeGreaterThan(0);
    }
  });

  const PIECES = [
    'a', 'b', 'x', 'v', 'q', 'com', 'cn', 'www', 'http', '://', '.', '。', '点', ' dot ', ' at ', '@', '#', '/', '$', '￥', '€',
    'AbC123', '163', 'gmail', 'tg', 'line', '微信', 'qq', '12345678', '1', ' ', '号', ':', '大量', '收', '原价', '现价', '群', '转发',
    '需要的', '找我', '日', '入', '300', '😀', '\n',
    // Share-token signs and middle dots, which the url gate looks for in the text as written.
    '¥', '£', '·', '・', 'ab12cd34', 'example', '•', 'shop·com', '¥ab12cd34¥',
  ];
  for (const kind of DETECTOR_KINDS.filter((k) => DETECTORS[k].mayFind !== undefined)) {
    it(`${kind}: mayFind is false only where the detector finds nothing`, () => {
      const detector = DETECTORS[kind];
      fc.assert(
        // Cue bits as the engine's keyword pass gives them, all or none: each input is
        // tested with the same cues for the gate and the detector.
        fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 24 }), fc.boolean(), (parts, withCues) => {
          const original = parts.join('');
          const input = { norm: normalize(original), original, options: {}, cues: withCues ? ALL_CUES : 0 };
          if (!detector.mayFind?.(input)) expect(detector.run(input)).toEqual([]);
        }),
        { numRuns: 5_000 },
      );
    });
  }
});

describe('cue bits a detector needs', () => {
  const pieces = [
    'v', 'vx', 'q', 'qq', 'QQ', '加', '微', '微信', '扣', '企鹅', 'tg', 'telegram', 'line', 'whatsapp', '@', ' ', ':', 'abc_123',
    '12345678', '13812345678', '需要的', '找我', '日', '入', '300', '转发', '群', '原价', '现价', '大量', '收',
  ];
  for (const kind of DETECTOR_KINDS.filter((k) => DETECTORS[k].cues !== undefined)) {
    it(`${kind}: finds nothing without one of the cue bits it declares (the engine then skips its gate)`, () => {
      const detector = DETECTORS[kind];
      const withoutItsCues = ALL_CUES & ~(detector.cues as number);
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 20 }), (parts) => {
          const original = parts.join('');
          expect(detector.run({ norm: normalize(original), original, options: {}, cues: withoutItsCues })).toEqual([]);
        }),
        { numRuns: 3_000 },
      );
    });
  }
});

describe('gates of detectors with per-rule thresholds', () => {
  it('take the lowest threshold of the rules, and the default where a rule leaves one out', () => {
    expect(loosestDetectorOptions([{ maxLines: 10, emojiThreshold: 20 }, { maxLines: 3, mentionThreshold: 9 }])).toEqual({
      ...THRESHOLD_DEFAULTS,
      maxLines: 3,
      mentionThreshold: 5,
    });
    expect(loosestDetectorOptions([])).toEqual({});
    // The detectors' defaults are the rule schema's.
    const { allowDomains: _none, ...schemaDefaults } = { allowDomains: undefined, ...DetectorOptionsSchema.parse({}) };
    expect(schemaDefaults).toEqual(THRESHOLD_DEFAULTS);
  });

  // Thresholds near their schema minimums, so short texts reach them.
  const threshold = (min: number, max: number) => fc.option(fc.integer({ min, max }), { nil: undefined });
  const ruleOptions: fc.Arbitrary<DetectorOptions> = fc.record({
    mentionThreshold: threshold(2, 6),
    emojiThreshold: threshold(2, 14),
    maxLength: threshold(50, 60),
    maxLines: threshold(2, 8),
    repeatedCharRun: threshold(3, 8),
  });
  const pieces = ['a', 'aaaa', '!!!', ' ', '\n', '\n\n', '😀', '😀😀😀', '@bob ', '@', '哈', '哈哈哈', 'x'.repeat(30), '你好'];
  for (const kind of DETECTOR_KINDS.filter((k) => DETECTORS[k].options === 'per-rule')) {
    it(`${kind}: asked once with the loosest options of several rules, false only where no rule's detector finds anything`, () => {
      const detector = DETECTORS[kind];
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 30 }), fc.array(ruleOptions, { minLength: 1, maxLength: 3 }), (parts, rules) => {
          const original = parts.join('');
          const norm = normalize(original);
          if (detector.mayFind?.({ norm, original, options: loosestDetectorOptions(rules), cues: 0 }) ?? true) return;
          for (const options of rules) expect(detector.run({ norm, original, options, cues: 0 })).toEqual([]);
        }),
        { numRuns: 5_000 },
      );
    });
  }
});

describe('mention spam gate', () => {
  it('sees an "@" the normaliser drops between Chinese characters, and none in a full-width one', () => {
    const original = '群友@小王@小李@小张@小赵@小钱';
    const norm = normalize(original);
    // Normalised, the "@"s are gone: the gate reads the mark the normaliser left instead.
    expect(norm.text).not.toContain('@');
    const input = { norm, original, options: {}, cues: 0 };
    expect(DETECTORS.mention_spam.mayFind?.(input)).toBe(true);
    expect(DETECTORS.mention_spam.run(input).length).toBe(1);
    const fullWidth = '群友＠小王＠小李＠小张＠小赵＠小钱';
    expect(DETECTORS.mention_spam.mayFind?.({ norm: normalize(fullWidth), original: fullWidth, options: {}, cues: 0 })).toBe(false);
  });
});

describe('length spam', () => {
  /** The plain reading of the rule: every character compared with the one before it. */
  function naive(text: string, maxLines: number, maxRun: number): boolean {
    let lines = 1;
    let run = 1;
    for (let i = 1; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x0a && ++lines > maxLines) return true;
      if (c === text.charCodeAt(i - 1) && c !== 0x20) {
        if (++run >= maxRun) return true;
      } else run = 1;
    }
    return false;
  }

  it('finds long runs of one character and too many lines exactly where a character-by-character reading does', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'a', 'a', 'b', ' ', '\n', '😀', '哈'), { maxLength: 120 }),
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 0, max: 40 }),
        (parts, maxLines, maxRun) => {
          const text = parts.join('');
          const found = detectLengthSpam(text, { maxLength: 10_000, maxLines, repeatedCharRun: maxRun }).length > 0;
          const early = text.length < maxRun && text.length <= maxLines;
          expect(found).toBe(!early && naive(text, maxLines, maxRun));
        },
      ),
      { numRuns: 20_000 },
    );
  });
});
