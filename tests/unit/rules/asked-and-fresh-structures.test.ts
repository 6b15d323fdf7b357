import { describe, expect, it } from 'vitest';
import { allInside, mayAsk, questionSentences } from '../../../lib/rules/asked';
import { detectMessenger, detectPhones, detectUrls, detectWechat } from '../../../lib/rules/detectors';
import { detectAdShapes } from '../../../lib/rules/detectors/ad-shape';
import { compileRules, evaluateMessage, type Suggestion } from '../../../lib/rules/engine';
import { normalize } from '../../../lib/rules/normalize';
import { DEFAULT_RULES } from '../../../lib/rules/packs';

const { compiled } = compileRules(DEFAULT_RULES);
const now = Date.UTC(2026, 0, 15);

function run(text: string): Suggestion[] {
  return evaluateMessage(compiled, { id: 'm', groupId: 'g', memberId: 'u', text, ts: now, role: 'customer' }, { recent: [], now });
}
const categories = (text: string) => [...new Set(run(text).map((s) => s.category))].sort();
const urls = (text: string) => detectUrls(normalize(text), {}, undefined, text).map((h) => text.slice(h.span.start, h.span.end));

describe('sentences that ask (asked.ts)', () => {
  it('finds question sentences by mark, particle or question word, commas inside', () => {
    const text = '招兼职，日结300。兼职的话可以申请信用卡吗？我想回收手机号怎么办';
    const ranges = questionSentences(text);
    const asked = [];
    for (let i = 0; i < ranges.length; i += 2) asked.push(text.slice(ranges[i], ranges[i + 1]));
    expect(asked).toEqual(['兼职的话可以申请信用卡吗？', '我想回收手机号怎么办']);
  });

  it('a statement is no question, and a text without any question sign is not scanned', () => {
    expect(questionSentences('招兼职，日结300，可以申请')).toEqual([]);
    expect(mayAsk('招兼职，日结300')).toBe(false);
    expect(mayAsk('能退吗')).toBe(true);
  });

  it('allInside: every span inside some range', () => {
    expect(allInside([{ start: 1, end: 3 }], [0, 5])).toBe(true);
    expect(allInside([{ start: 1, end: 3 }, { start: 6, end: 8 }], [0, 5])).toBe(false);
    expect(allInside([], [0, 5])).toBe(false);
    expect(allInside([{ start: 1, end: 3 }], [])).toBe(false);
  });

  it('a customer asking about part-time work is no ad; the same words offered are', () => {
    expect(categories('兼职的话可以申请信用卡吗？')).toEqual([]);
    expect(categories('兼职送外卖的可以办信用卡吗？收入怎么证明')).toEqual([]);
    expect(categories('招兼职，日结300，可以申请')).toEqual(['ad']);
  });

  it('an ad opening with a rhetorical question keeps what it states, and contact details keep their weight', () => {
    expect(categories('有需要贷款的吗？公积金社保都能贷，额度高下款快')).toContain('ad');
    expect(categories('想赚钱吗？加v：abc_123')).toContain('ad');
  });

  it('the halved phrases are listed at their lower weight', () => {
    const asked = run('兼职刷单日结是真的吗？').find((s) => s.category === 'ad');
    expect(asked).toBeUndefined();
    const posted = run('兼职刷单日结').find((s) => s.category === 'ad');
    expect(posted?.contributions?.find((c) => c.signal === 'weighted')?.weight).toBe(7);
  });
});

describe('domains spelled with characters', () => {
  it.each([
    ['网址：九九九点康姆', '九九九点康姆'],
    ['官网 lc99点康姆 注册即送', 'lc99点康姆'],
    ['网站是 ab c88 点耐特，你自己去看', 'ab c88 点耐特'],
    ['娱乐平台官网 ylc 八 八 点 net，首存翻倍', 'ylc 八 八 点 net'],
    ['打开 kan8 点卡姆', 'kan8 点卡姆'],
    ['九九九点抗', '九九九点抗'],
  ])('%s', (text, found) => {
    expect(urls(text)).toEqual([found]);
  });

  it.each(['下午三点康复科见', '明天九点抗议', '我们三点 com 见', '九点卡住了', '十二点康姆一起吃饭吗'.replace('康姆', '开饭')])(
    'no link in %s',
    (text) => {
      expect(urls(text)).toEqual([]);
    },
  );
});

describe('contact cues found this round', () => {
  const wechat = (text: string) => detectWechat(normalize(text)).length;
  const messenger = (text: string) => detectMessenger(normalize(text)).length;

  it('a bare 微/薇/威 right before an id with a digit, "_" or "-"', () => {
    expect(wechat('日赚五百的项目，感兴趣的➕微 lh-2024 了解')).toBe(1);
    expect(wechat('联系方式：薇 ling_ling0520')).toBe(1);
    expect(wechat('我微号 wang_88_66，有事找我')).toBe(1);
  });

  it('not after words that end in 微 ("稍微"), nor before a plain word', () => {
    expect(wechat('我稍微 iphone15 用了下')).toBe(0);
    expect(wechat('微 app 打不开')).toBe(0);
  });

  it('"insta" names Instagram; a Chinese name to search for is an account', () => {
    expect(messenger('my insta is @lunaphotography, DM me there')).toBe(1);
    expect(messenger('飞书搜 王晓明 就能找到我')).toBe(1);
    expect(messenger('钉钉上搜李娜加我')).toBe(1);
    expect(messenger('抖音搜 小鱼好物分享 关注我')).toBe(1);
    expect(messenger('抖音搜索美食就能找到')).toBe(0);
    expect(messenger('抖音上搜一下这首歌的名字就能找到原唱')).toBe(0);
    expect(messenger('in the instance of')).toBe(0);
  });

  it('a number someone reports is a warning, not contact details', () => {
    expect(detectPhones(normalize('有人冒充客服给我打电话，号码是 021-5555 1234，大家小心'))).toHaveLength(0);
    expect(detectPhones(normalize('I got a call from 0161 496 0000 claiming to be from my bank'))).toHaveLength(0);
    expect(detectPhones(normalize('Not a scam! Call 07700 900123 for cheap loans'))).toHaveLength(1);
    expect(detectPhones(normalize('有事打我电话 021-5555 1234'))).toHaveLength(1);
  });
});

describe('insults by shape', () => {
  it.each(['你个老六', '你个狗东西', '你这个蠢猪', '你是猪吧', '你就是条狗', '你算什么玩意', '你是个什么东西', 'mdzz，又掉线了', '傻筆', 'sha bi'])(
    '%s is an insult',
    (text) => {
      expect(categories(text)).toEqual(['insult']);
    },
  );

  it.each(['你个子多高', '你这个东西多少钱', '你家狗真可爱', '你是猪年生的吗', '我家猫最近不吃饭', '猪肉多少钱一斤'])('%s is not', (text) => {
    expect(categories(text)).toEqual([]);
  });

  it('English: a swear\'s first letter with the rest masked', () => {
    expect(categories('shut the f*** up')).toEqual(['insult']);
    expect(categories('you b****')).toEqual(['insult']);
    expect(categories('a 5*** hotel, rated 4**** by users')).toEqual([]);
    expect(categories('**bold** text')).toEqual([]);
  });
});

describe('accounts and cards for sale, by shape', () => {
  it('"出售抖音账号", "回收京东e卡" are a trader\'s shape; "收到京东卡" is not', () => {
    const shapes = (text: string) => detectAdShapes(normalize(text)).length;
    expect(shapes('出售抖音账号')).toBe(1);
    expect(shapes('回收京东e卡')).toBe(1);
    expect(shapes('我收到京东卡了')).toBe(0);
  });
});

describe('a lone signal fires only when it is spam on its own (soloWeight)', () => {
  it.each(['退款当天到账了，谢谢客服', '我女儿找了份暑假兼职，在超市收银', '操作很简单，轻松上手，推荐', '我们小区有人上门回收旧家电，挺方便', '我家宝宝一个月长高了两厘米'])(
    'a customer telling their day: %s',
    (text) => {
      expect(categories(text)).toEqual([]);
    },
  );

  it('a phrase of 2.5 or more alone is enough; two lighter signals together are', () => {
    expect(categories('出一批游戏装备，价格可议')).toEqual(['ad']);
    expect(categories('增高药，一个月长高五厘米')).toEqual(['ad']);
    expect(categories('刷单')).toEqual(['ad']);
    expect(categories('兼职，日结')).toEqual(['ad']);
    expect(categories('演唱会门票内部渠道，低于官方价格')).toEqual(['ad']);
  });

  it('two advertising shapes are two signals', () => {
    const ad = run('信用报告查询次数太多被拒贷？我们可以帮你优化，成功后再付款').find((s) => s.category === 'ad');
    expect(ad?.contributions?.find((c) => c.signal === 'ad_shape')?.spans).toHaveLength(2);
  });

  it('the rule refuses a soloWeight that is not a number', () => {
    const { errors } = compileRules([{ id: 'x', name: 'x', category: 'ad', triggers: { weighted: [{ pattern: 'a', weight: 1 }] }, conditions: { minScore: 1, soloWeight: 'high' } }]);
    expect(errors.map((e) => e.field)).toContain('conditions.soloWeight');
  });
});

describe('offer shapes spelled out (ZH_FAMILIES.adShapes)', () => {
  it('every combination is a weighted phrase of zh-ad, and a family phrase keeps its own weight', async () => {
    const { ZH_AD_WEIGHTED } = await import('../../../lib/rules/packs/zh');
    const weight = (p: string) => ZH_AD_WEIGHTED.find((w) => w.pattern === p)?.weight;
    expect(weight('利息超低')).toBe(1.5);
    expect(weight('当天出额度')).toBe(2);
    expect(weight('内部通道')).toBe(2.5);
    expect(weight('低价机票')).toBe(3);
    expect(new Set(ZH_AD_WEIGHTED.map((w) => w.pattern)).size).toBe(ZH_AD_WEIGHTED.length);
  });
});

describe('a link someone asks about (quietWhenAsked)', () => {
  it.each([
    'Is this real? I got a text saying to visit dpd-reschedule.com to rebook',
    'Can someone confirm if www.tesco.com is the right site?',
    '你们官网是 www.icbc.com.cn 对吧？',
    '这个 https://jd-refund.top/x 是不是京东的退款链接',
    '这个链接是什么 https://activity-jd.com/coupon/88 大家帮忙看看',
  ])('%s is a question, not a link posted', (text) => {
    expect(categories(text)).not.toContain('link');
  });

  it.each(['打开 https://jd-refund.top/x 领取退款', '想赚钱吗？点 www.x-shop.com 看看', '这个链接 www.x-shop.com 很好用'])('%s is a link posted', (text) => {
    expect(categories(text)).toContain('link');
  });

  it('words of asking in an exclamation are no question', () => {
    expect(categories('是真的！注册就送88，官网 www.88-bet.com')).toEqual(['ad', 'link']);
  });
});

describe('ordinary words found by the dictionary scan (scripts/scan-word-list.ts)', () => {
  it.each(['the rapeseed fields are yellow', 'stop dickering about the price', 'a cocksure attitude', 'a bastardised recipe', 'he wore a dicky bow'])(
    '%s is no insult',
    (text) => {
      expect(categories(text)).toEqual([]);
    },
  );

  it.each(['you bastard', 'you dick', 'what a dickhead', 'cocksucker'])('%s still is', (text) => {
    expect(categories(text)).toEqual(['insult']);
  });
});
