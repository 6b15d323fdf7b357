import { describe, expect, it } from 'vitest';
import { detectMessenger } from '../../../lib/rules/detectors';
import { detectEnAdShapes } from '../../../lib/rules/detectors/ad-shape';
import { compileRules, evaluateMessage, type Suggestion } from '../../../lib/rules/engine';
import { normalize } from '../../../lib/rules/normalize';
import { DEFAULT_RULES } from '../../../lib/rules/packs';

const { compiled } = compileRules(DEFAULT_RULES);
const now = Date.UTC(2026, 0, 15);
function run(text: string): Suggestion[] {
  return evaluateMessage(compiled, { id: 'm', groupId: 'g', memberId: 'u', text, ts: now, role: 'customer' }, { recent: [], now });
}
const categories = (text: string) => [...new Set(run(text).map((s) => s.category))].sort();
const shapes = (text: string) => detectEnAdShapes(normalize(text)).map((h) => text.slice(h.span.start, h.span.end));
const handles = (text: string) => detectMessenger(normalize(text)).map((h) => text.slice(h.span.start, h.span.end));

describe('English offer shapes (ad_shape_en)', () => {
  it('finds a seller opening, a call to a private channel with its purpose, a price pitch, a result in numbers', () => {
    expect(shapes('Selling cheap phone cases, dm for price')).toEqual(['Selling', 'dm for price', 'cheap']);
    expect(shapes("Hi all, I'm selling my old bike, offers welcome")).toEqual(["I'm selling", 'offers welcome']);
    expect(shapes('Trainers at below retail, message me to order')).toEqual(['message me to order', 'below retail']);
    expect(shapes('Lose 8kg in a month with our shakes')).toEqual(['Lose 8kg']);
    expect(shapes('Our pool pays 2% daily returns')).toEqual(['2% daily returns']);
  });

  it('one shape found twice is one signal', () => {
    expect(shapes('cheap cheap cheap, cheapest around')).toHaveLength(1);
  });

  it('two shapes make an offer whatever the product', () => {
    for (const text of [
      'Selling cheap garden furniture, pm me if interested',
      'Cheap Disney+ and Netflix accounts, message me for details',
      'Now selling homemade cakes, dm to order',
      'Reselling concert tickets at below retail, hmu',
    ]) {
      expect(categories(text), text).toContain('ad');
    }
  });

  it('near misses stay ordinary: customers asking, someone else selling, a customer asking for a DM', () => {
    for (const text of [
      'Can someone DM me about my refund?',
      'Is anyone selling a used pram? DM me',
      "They're selling the PS5 cheaper at Argos",
      "I'm selling nothing, just asking why my account was charged twice",
      'Is the 20% off code still valid for sale items?',
      'I lost 3 parcels this month, what is going on',
      'Please text me if the delivery is late',
    ]) {
      expect(categories(text), text).toEqual([]);
    }
  });
});

describe('a member warning about a scam quotes it: the warning scores lower than the scam', () => {
  const scam = 'Txt WIN to 87121 to claim your prize now!';
  it('the scam itself is an ad', () => {
    expect(categories(scam)).toContain('ad');
  });

  it('quoted inside a warning it is not', () => {
    for (const text of [
      `Got a text saying "${scam}" - it's a scam, don't fall for it`,
      `Heads up, there's a scam text going round: ${scam} Ignore it.`,
      `Someone is pretending to be the bank: "${scam}" I reported it`,
    ]) {
      expect(categories(text), text).not.toContain('ad');
    }
  });

  it('a scam that merely mentions caution still fires', () => {
    expect(categories(`${scam} Be quick!`)).toContain('ad');
  });
});

describe('a platform name given before the search', () => {
  it('reads the account name between the naming word and the search', () => {
    expect(handles('小红书叫 小美的店，搜一下就能找到我')).toEqual(['小美的店']);
    expect(handles('抖音名字是老王说茶 直接搜')).toEqual(['老王说茶']);
    expect(handles('快手叫 xiaoyu6688 搜索关注我')).toEqual(['xiaoyu6688']);
    expect(categories('小红书叫"甜甜的小铺"，搜一下就能找到我')).toContain('contact');
  });

  it('a question about a name, or a name that cannot be found, names no account', () => {
    for (const text of ['抖音上叫什么名字？我搜一下', '我的抖音是自己名字，你们搜不到的', '小红书叫 小美的店 你们搜不到', '我在抖音上搜了你们的店名，没搜到']) {
      expect(handles(text), text).toEqual([]);
      expect(categories(text), text).toEqual([]);
    }
  });
});

describe('what slimming and health products claim (zh health_claims)', () => {
  it('a claim of effortless results, no rebound or herbal cure is an ad without any contact detail', () => {
    for (const text of ['纯天然瘦身茶，一周掉秤八斤，不反弹', '中药配方的排油丸，不节食也能瘦，亲测有效', '两个月就能长高的增高鞋垫，没有副作用']) {
      expect(categories(text), text).toContain('ad');
    }
  });

  it('customers talking about their own diet or asking about a product are not', () => {
    for (const text of [
      '我姐妹推荐的瘦身咖啡，喝了没什么用',
      '这款洗发水防脱效果怎么样？有用过的吗？',
      '有没有靠谱的减肥方法，想在过年前瘦点',
      '医生说要调理一下，少吃油腻',
      '这个护眼台灯有货吗',
    ]) {
      expect(categories(text), text).toEqual([]);
    }
  });
});

describe('a phone word between a price or order word and the number', () => {
  it('names the number a phone: the price was said before "电话" introduced it', () => {
    expect(categories('收购物卡，价格高，电话一三八 零二一九 四七七五')).toContain('contact');
    expect(categories('价格高，电话13802194775')).toContain('contact');
  });

  it('without the phone word the number stays an amount or an order number', () => {
    for (const text of ['价格 13802194775', '订单号 13802194775', '金额：13802194775元', 'order no. 13802194775']) {
      expect(categories(text), text).toEqual([]);
    }
  });
});
