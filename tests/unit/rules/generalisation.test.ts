import { describe, expect, it } from 'vitest';
import { DETECTOR_KINDS } from '../../../lib/model/rule';
import { DETECTORS, runDetector } from '../../../lib/rules/detector-registry';
import { detectAdShapes } from '../../../lib/rules/detectors/ad-shape';
import { compileRules, evaluateMessage, type Suggestion } from '../../../lib/rules/engine';
import { normalize } from '../../../lib/rules/normalize';
import { DEFAULT_RULES } from '../../../lib/rules/packs';
import { reasonTexts } from '../../../lib/rules/reason';

const { compiled } = compileRules(DEFAULT_RULES);
const now = Date.UTC(2026, 0, 15);
function run(text: string): Suggestion[] {
  return evaluateMessage(compiled, { id: 'm', groupId: 'g', memberId: 'u', text, ts: now, role: 'customer' }, { recent: [], now });
}
const categories = (text: string) => run(text).map((s) => s.category).sort();

describe('detector registry', () => {
  it('has exactly one entry per stored detector kind, each with a reason in both languages', () => {
    expect(Object.keys(DETECTORS).sort()).toEqual([...DETECTOR_KINDS].sort());
    for (const kind of DETECTOR_KINDS) {
      expect(DETECTORS[kind].kind).toBe(kind);
      const [en, zh] = reasonTexts({ category: 'ad', details: [{ key: kind }], newMember: false });
      expect(en).not.toContain('reason_detail');
      expect(zh).not.toContain('reason_detail');
      expect(zh).not.toBe(en);
    }
  });

  it('runs a detector by kind through its entry', () => {
    expect(runDetector('phone', normalize('call 13912345678'), 'call 13912345678').map((h) => h.kind)).toEqual(['phone']);
  });
});

describe('advertising shapes', () => {
  it.each([
    ['日入300，在家就能做', '日入3'],
    ['有需要的姐妹找我', '需要的姐妹找我'],
    ['把这条转发到五个群', '转发到五个群'],
    ['原价199现价39', '原价199现价'],
    ['大量收购抖音号', '大量收'],
    ['材料齐全，下款成功后再付款', '成功后再付款'],
    ['修复不成功不收费', '不成功不收'],
    ['我们可以帮你协商停息挂账', '我们可以帮你协商'],
  ])('%s', (text, evidence) => {
    const hits = detectAdShapes(normalize(text));
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.map((h) => text.slice(h.span.start, h.span.end)).join('')).toContain(evidence.slice(0, 2));
  });

  it.each(['请问几点开门', '结果出来了吗', '这个月收入不错', 'hello there', '我朋友帮你问过了', '到账后再告诉你'])('%s has no shape', (text) => {
    expect(detectAdShapes(normalize(text))).toEqual([]);
  });

  it('two shapes add up, one alone stays a weak signal', () => {
    // Neither shape alone reaches the threshold; a business offer with a pay-on-success promise does.
    expect(categories('我们可以帮你优化，成功后再付款')).toContain('ad');
    expect(categories('成功后再付款')).toEqual([]);
  });

  it('a shape alone is a weak signal, with words it makes an ad', () => {
    expect(categories('有需要的话我再问')).toEqual([]);
    expect(categories('想赚零花钱的宝妈，有兴趣的私聊')).toContain('ad');
  });
});

describe('scoring counts a phrase inside a longer one once', () => {
  it('"有需要的" is one signal, not "有需要" + "需要的" + "有需要的"', () => {
    expect(categories('有需要的话我再问')).toEqual([]);
  });
});

describe('links, structurally', () => {
  it('a domain spelled letter by letter is a link', () => {
    const [link] = run('网站 e x a m p l e . c o m').filter((s) => s.category === 'link');
    expect(link?.spans).toEqual([{ start: 3, end: 24 }]);
  });
  it('"f . u . c . k" stays a word', () => {
    expect(categories('f . u . c . k you')).toEqual(['insult']);
  });
  it('the domain of an obfuscated e-mail address is contact, not a link', () => {
    expect(categories('邮箱 hello [at] example.com')).toEqual(['contact']);
    expect(categories('mail me: anna at example dot com')).not.toContain('link');
  });
  it('a link shortener named without a path is not a link; with a path it is', () => {
    expect(categories('有人收到一个说是官方的短信，t.cn 的链接，是真的吗？')).toEqual([]);
    expect(categories('戳 t.cn/Rabc12 抢购')).toContain('link');
  });
  it('a contact cue glued to an emoji plus is still a cue', () => {
    expect(categories('兼职刷单，联系➕薇 job_8888')).toContain('contact');
  });
});

describe('customers asking, not posting', () => {
  it.each(['邀请好友的奖励什么时候到账？', '请问门店兼职店员还招吗？我想应聘', '上周抽奖抽中了，怎么领取奖品'])('%s', (text) => {
    expect(categories(text)).toEqual([]);
  });
});
