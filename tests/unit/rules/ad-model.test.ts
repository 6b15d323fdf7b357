import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  adModelGrade,
  adModelLogit,
  compileAdModel,
  adModelMayFind,
  detectAdLikeness,
  featureStrings,
  hashFeature,
  scanFeatures,
} from '../../../lib/rules/ad-model';
import { compileRules, evaluateMessage, type Suggestion } from '../../../lib/rules/engine';
import { normalize, normalizeText } from '../../../lib/rules/normalize';
import { DEFAULT_RULES } from '../../../lib/rules/packs';
import { AD_MODEL } from '../../../lib/rules/packs/data/ad-model';
import { AD_MODEL_EN } from '../../../lib/rules/packs/data/ad-model-en';

const { compiled } = compileRules(DEFAULT_RULES);
const now = Date.UTC(2026, 0, 15);
function run(text: string): Suggestion[] {
  return evaluateMessage(compiled, { id: 'm', groupId: 'g', memberId: 'u', text, ts: now, role: 'customer' }, { recent: [], now });
}
const ad = (text: string) => run(text).find((s) => s.category === 'ad');
const modelPart = (text: string) => ad(text)?.contributions?.find((c) => c.signal === 'ad_model');

describe('ad-likeness features (lib/rules/ad-model.ts)', () => {
  it('reads Chinese as characters, 2- and 3-grams, Latin as words and word pairs, digits as 0', () => {
    expect(featureStrings('低价出')).toEqual(['低', '低价', '低价出', '价', '价出', '出']);
    expect(featureStrings('dm for price 20')).toEqual(['dm', 'for', 'dm for', 'price', 'for price', '00', 'price 00']);
  });

  it('a sentence end or a Chinese character breaks a word pair', () => {
    expect(featureStrings('sold out. call me')).not.toContain('out call');
    expect(featureStrings('vip 会员 card')).not.toContain('vip card');
  });

  it('scanning hashes exactly the canonical strings training used', () => {
    for (const text of ['茅台原箱出保真 cheap airpods, dm for price 20!', 'selling 2 tickets. face value', '扫码进群 vip888']) {
      const norm = normalize(text);
      const hashes: number[] = [];
      scanFeatures(norm.codes, norm.length, (h) => hashes.push(h));
      expect(hashes).toEqual(featureStrings(norm.text).map(hashFeature));
    }
  });
});

describe('scoring reads the features training used', () => {
  const pieces = ['selling', 'cheap', ' ', ', ', '. ', 'dm for price', '$35', '50%', '!', '?', 'call 0800', '低价', '出', '茅台', 'pickup', 'this weekend', 'the', 'best offer', 'free', 'join now', '2'];
  for (const [name, data] of [['Chinese', AD_MODEL], ['English', AD_MODEL_EN]] as const) {
    it(`${name}: the logit is the bias plus the weight of each distinct feature featureStrings finds`, () => {
      const model = compileAdModel(data);
      const weights = new Map(data.features.split('\n').map((l) => [l.slice(0, l.lastIndexOf('\t')), Number(l.slice(l.lastIndexOf('\t') + 1))] as const));
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 16 }), (parts) => {
          const norm = normalize(parts.join(''));
          const expected = [...new Set(featureStrings(norm.text, data.shapes === true))].reduce((z, f) => z + (weights.get(f) ?? 0), data.bias);
          expect(adModelLogit(model, norm)).toBeCloseTo(expected, 4);
        }),
        { numRuns: 500 },
      );
    });
  }
});

describe('a compiled model', () => {
  const toy = compileAdModel({ bias: -1, offset: 0.5, scale: 2, max: 2.5, features: '低价\t1\n出\t0.5\n请问\t-2\ncheap\t1.2' });

  it('sums each feature once per message, however often it occurs', () => {
    expect(adModelLogit(toy, normalize('低价出'))).toBeCloseTo(-1 + 1 + 0.5);
    expect(adModelLogit(toy, normalize('低价出，低价出，低价出'))).toBeCloseTo(-1 + 1 + 0.5);
    expect(adModelLogit(toy, normalize('请问低价出吗'))).toBeCloseTo(-1 + 1 + 0.5 - 2);
  });

  it('grades the logit: nothing up to the offset, then scaled, capped at max', () => {
    expect(adModelGrade(toy.data, 0.5)).toBe(0);
    expect(adModelGrade(toy.data, 1)).toBe(1);
    expect(adModelGrade(toy.data, 9)).toBe(2.5);
  });

  it('its evidence is the spans of the n-grams that weighed most, in the original text', () => {
    const text = 'Ｃｈｅａｐ！ 低 价 出';
    const hits = detectAdLikeness(toy, normalize(text));
    expect(hits.map((h) => text.slice(h.span.start, h.span.end))).toEqual(['Ｃｈｅａｐ', '低 价', '出']);
    expect(hits[0]?.weight).toBe(adModelGrade(toy.data, -1 + 1.2 + 1 + 0.5));
    expect(detectAdLikeness(toy, normalize('请问低价出吗'))).toEqual([]);
  });
});

describe('the shipped model in the Chinese advertising score', () => {
  it('is data: every line a feature and a weight, no feature twice', () => {
    const lines = AD_MODEL.features.split('\n');
    const names = lines.map((l) => l.slice(0, l.lastIndexOf('\t')));
    expect(new Set(names).size).toBe(names.length);
    for (const l of lines) expect(Number.isFinite(Number(l.slice(l.lastIndexOf('\t') + 1)))).toBe(true);
    expect(names.every((n) => n === normalizeText(n) || /0/.test(n))).toBe(true);
  });

  it('lifts an ad the words leave below the threshold, and names the n-grams that decided', () => {
    const text = '茅台原箱出，保真，价格比专卖店低三百';
    const part = modelPart(text);
    expect(part?.weight).toBeGreaterThan(0);
    expect(part?.spans.length).toBeGreaterThan(0);
    for (const span of part?.spans ?? []) expect(span.end).toBeGreaterThan(span.start);
    // The reason names the kind of signal, never the words.
    expect(ad(text)?.reasonData).toBeDefined();
    expect(ad(text)?.reason).not.toContain('茅台');
  });

  it('is not consulted where the words already decide (the explanation stays theirs)', () => {
    const text = '兼职刷单，日结300，在家就能做，有意者私聊';
    expect(ad(text)).toBeDefined();
    expect(modelPart(text)).toBeUndefined();
  });

  it('needs company: a link or contact detail alone is not enough for it to speak', () => {
    expect(categories('新闻链接 news.163.com/24/1128/ABC123.html')).toEqual(['link']);
    expect(categories('我换号了，新号码 139 1234 5678')).toEqual(['contact']);
  });

  it('near misses stay ordinary: customers on prices, freebies and shops', () => {
    for (const text of [
      '专卖店的价格比网上贵三百，我还是网上买吧',
      '这个茅台是专卖店买的，保真吗？',
      '免费领的体验课孩子很喜欢，下次还报名',
      '请问你们店里有代餐粉吗？多少钱一袋',
      '直播间的价格和店里一样吗',
      '我姐妹推荐的瘦身咖啡，喝了没什么用',
    ]) {
      expect(run(text).map((s) => s.category), text).toEqual([]);
    }
  });
});

describe('the English model (shape features, Latin-only, at least minWords words)', () => {
  const en = compileAdModel(AD_MODEL_EN);
  const enPart = (text: string) => ad(text)?.contributions?.find((c) => c.signal === 'ad_model_en');

  it('reads the shape too: a dollar price, a percentage, "?", "!" and the length in words', () => {
    const features = featureStrings(normalizeText('Selling 2 for $35, 50% off! Interested?'), true);
    expect(features).toEqual(expect.arrayContaining(['#money', '#pct', '#excl', '#ask', '#mid']));
    expect(featureStrings('five words are not long', true)).toContain('#short');
    // Without shapes (the Chinese model) none of them.
    expect(featureStrings(normalizeText('Selling 2 for $35, 50% off!')).some((f) => f.startsWith('#'))).toBe(false);
  });

  it('scanning with shapes hashes exactly the canonical strings training used', () => {
    for (const text of ['Selling 2 for $35, 50% off! Interested?', 'Lash extensions at home, new clients get 40% off', 'a $ 5 % ! ?']) {
      const norm = normalize(text);
      const hashes: number[] = [];
      scanFeatures(norm.codes, norm.length, (h) => hashes.push(h), true);
      expect(hashes).toEqual(featureStrings(norm.text, true).map(hashFeature));
    }
  });

  it('has no opinion on a message with a Chinese character or of fewer than minWords words', () => {
    const offer = 'Selling my old road bike, barely used, $250, pickup this weekend';
    expect(adModelMayFind(en, normalize(offer))).toBe(true);
    expect(detectAdLikeness(en, normalize(offer), 'ad_model_en').length).toBeGreaterThan(0);
    expect(detectAdLikeness(en, normalize(`自行车 ${offer}`), 'ad_model_en')).toEqual([]);
    expect(AD_MODEL_EN.minWords).toBeGreaterThan(1);
    expect(detectAdLikeness(en, normalize('Selling bikes, $250, cheap!'), 'ad_model_en')).toEqual([]);
    expect(adModelMayFind(en, normalize('Selling bikes, $250, cheap!'))).toBe(false);
  });

  it('lifts an English offer the words leave below the threshold, its evidence the n-grams in the text', () => {
    const text = 'Selling my old road bike, barely used, $250, pickup this weekend';
    const part = enPart(text);
    expect(part?.weight).toBeGreaterThan(0);
    const others = (ad(text)?.contributions ?? []).filter((c) => c.signal !== 'ad_model_en').reduce((sum, c) => sum + c.weight, 0);
    expect(others).toBeLessThan(3);
    for (const span of part?.spans ?? []) expect(span.end).toBeGreaterThan(span.start);
    expect(ad(text)?.reason).not.toContain('bike');
  });

  it('is left out where a question or warning cue counted: a quoted scam is not the scam', () => {
    const scam = 'Txt WIN to 87121 to claim your prize now!';
    expect(enPart(scam)).toBeDefined();
    const warning = `Someone is pretending to be the bank: "${scam}" I reported it`;
    expect(categories(warning)).not.toContain('ad');
  });

  it('near misses stay ordinary: customers on purchases, prices, orders and opening hours', () => {
    for (const text of [
      'Bought a road bike last week, it was $250 and works great',
      'Can you tell me when my refund for order 5521 will arrive?',
      'We are closing early today at 5pm for the staff training',
      'Is anyone selling a used stroller? Looking for one for my sister',
      'The 50% off code from your newsletter did not work at checkout',
    ]) {
      expect(run(text).map((s) => s.category), text).toEqual([]);
    }
  });
});

function categories(text: string): string[] {
  return [...new Set(run(text).map((s) => s.category))].sort();
}
