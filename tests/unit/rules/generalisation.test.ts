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

describe('families added in generation 12', () => {
  // Each family: messages that advertise it, and ordinary messages using its words.
  it.each([
    '澳门官方线上：amylc 。vip',
    '新葡京线上开户，首存送50%，日提不限',
    '太阳城娱乐，打码返水，提款秒到',
    '股票内参 👉 gupiao-laoshi.xyz/join',
    '今日金股提前布局，庄家建仓完毕，进群免费领',
    '代购正品大牌包包，工厂直供，价格是专柜三折',
    '美国直邮代购，现货秒发，私聊下单',
    'Your package could not be delivered. Reschedule here: parcel-redelivery.info',
    'HMRC: you are eligible for a tax refund of £243.50, claim within 24 hours at refund-gov.uk.com',
    'Your account has been suspended due to unusual activity. Verify your account at secure-bank-login.net',
  ])('advertising: %s', (text) => {
    expect(categories(text)).toContain('ad');
  });

  it.each([
    '日本代购的东西保真吗',
    '代购的包会不会是假的？',
    '下个月去澳门玩，有推荐的酒店吗',
    '我的股票账户怎么开通？',
    '有人找我说能消除逾期记录，这是不是骗子？',
    '群里说的内参是不是骗人的',
    'My package could not be delivered, can you check the address?',
    'How do I get a tax refund for last year?',
    'Is my account suspended? I cannot log in',
  ])('not advertising: %s', (text) => {
    expect(categories(text)).not.toContain('ad');
  });
});

describe('links with a middle dot for the dot', () => {
  it.each(['官网 www·haoyun888·net 注册送礼', '注册地址 lucky888・top', 'go to abc123 • com now'])('%s is a link', (text) => {
    expect(categories(text)).toContain('link');
  });
  it.each(['约翰·Co 先生', '玛丽·简 和 J·cn', '列奥纳多·迪卡普里奥', 'Q&A · Tom · 2024', '早餐 • 午餐 • 晚餐'])('%s is not', (text) => {
    expect(categories(text)).not.toContain('link');
  });
});

describe('link shorteners whose TLD is also a word', () => {
  it.each(['go to shorturl.at/abcde for the deal', 'visit rb.gy/x7kq2'])('%s is a link', (text) => {
    expect(categories(text)).toContain('link');
  });
  it.each(['just look.at this', 'meet me.at 5pm', 'we had a great.at home'])('%s is not', (text) => {
    expect(categories(text)).not.toContain('link');
  });
});

describe('the official hotline staff post', () => {
  it('a freephone number named as the hotline is not contact; premium-rate and touted numbers are', () => {
    expect(categories('Please only call the official hotline 0800 123 4567, staff will never ask for your PIN')).toEqual([]);
    expect(categories('Our helpline: 0808 145 4742')).toEqual([]);
    expect(categories('Call FREEPHONE 0800 542 0578 now!')).toContain('contact');
    expect(categories('please call customer services 09065989182')).toContain('contact');
    expect(categories('official line 07700 900123 for cheap deals')).toContain('contact');
  });

  it('a customer asking about the service line or number is not touting it; "line" after such a word names no app', () => {
    expect(categories('is the customer service line 0800 123 4567 still open on weekends?')).toEqual([]);
    expect(categories('is the customer service number 0808 157 0192 free to call?')).toEqual([]);
    expect(categories('客服 0800 123 4567 打不通')).toEqual([]);
    expect(categories('is 0800 800 150 the right number for lost cards?')).toEqual([]);
    // A question before a touted number does not make it a question about it.
    expect(categories('Want a loan? call 0800 542 0578')).toContain('contact');
    expect(categories('Call 07700 900123 for cheap loans?')).toContain('contact');
    // The app named as an app still counts, and a premium-rate number is never exempt.
    expect(categories('add me on line 0912345678')).toContain('contact');
    expect(categories('LINE: 0912345678 加我')).toContain('contact');
    expect(categories('customer service 09065989182 call now')).toContain('contact');
  });
});

describe('QQ numbers in context', () => {
  it.each(['额度提现秒到，联系Q：2 8 7 7 6 5 4 3 1', '有事扣我 335566778', '收老微信号，Q 5566778899'])('%s is contact', (text) => {
    expect(categories(text)).toContain('contact');
  });
  it.each(['Q3季度的业绩报告什么时候出？', '扣款 100000 元是怎么回事', '为什么扣了50000积分', '这件 Q版公仔 12800 元'])('%s is not', (text) => {
    expect(categories(text)).not.toContain('contact');
  });
});

describe('English SMS structures (generation 12)', () => {
  it.each([
    'You have 2 unread messages waiting. Please call 09066 364 311 to hear them',
    'Lonely tonight? For hot chat text GO to: 69988 now',
    'Join the fastest growing network by txting JOIN to 69876',
    'Reply WIN now for your chance to claim a £500 prize',
  ])('advertising: %s', (text) => {
    expect(categories(text)).toContain('ad');
  });
  it.each([
    'Please reply YES to confirm your appointment on Monday at 10:30',
    'Can you text me the address later?',
    'My order 0901234567 has not arrived',
    'I will SEND THE files tonight',
    'call me on 0161 496 0000 after 6',
  ])('not advertising: %s', (text) => {
    expect(categories(text)).not.toContain('ad');
  });
});

describe('generation 13', () => {
  it.each([
    ['see the photos at tinyurl.com/y8k2v9w3', ['link']],
    ['Renew now at tvlicence-renewal.co.uk', ['link']],
    ['sales at mycompany.com', ['link']],
    ['write to sarah at outlook.com', ['contact']],
    ['my email is john.smith at gmail dot com', ['contact']],
    ['mail me: anna at example dot com', ['contact']],
    ['reach me at j_doe88 at example.com', ['contact']],
  ])('a plain " at " before a domain: %s', (text, expected) => {
    expect(categories(text)).toEqual(expected);
  });

  it('a whole address spelled out letter by letter, scheme first, is a link', () => {
    expect(categories('链接：h t t p : / / t . c n / A 6 Z x 9 K m 2')).toContain('link');
    expect(categories('h t t p 是什么意思')).toEqual([]);
  });

  it.each([
    '出租支付宝实名账户，日租金100，长期合作',
    '公积金不用离职也能提，全国可办',
    'Final notice: your TV licence has expired. Renew now to avoid a fine, details in the link',
    'Bitcoin doubled in 24h! Join our signals channel now',
  ])('advertising: %s', (text) => {
    expect(categories(text)).toContain('ad');
  });

  it.each([
    '公积金提取需要什么材料',
    '这个活动转发朋友圈有奖励吗',
    '房子出租的信息可以发群里吗',
    'The winner of the photo contest gets a free dinner',
    'My subscription has expired, how do I renew?',
  ])('not advertising: %s', (text) => {
    expect(categories(text)).not.toContain('ad');
  });
});

describe('generation 14', () => {
  it('a carrier fee notice with a link is advertising; a customer asking about a parcel is not', () => {
    expect(categories('Royal Mail: a fee of £1.99 is due for your parcel. Pay at royalmail-fee-pay.com')).toContain('ad');
    expect(categories('Evri: your parcel is on hold, the fee is due today')).toContain('ad');
    expect(categories('My Royal Mail parcel is late, any news?')).toEqual([]);
    expect(categories('Is there a fee of some kind for returns?')).toEqual([]);
  });
});

describe('generation 15', () => {
  it('a customer asking whether a job post is the company\'s own is not advertising; the post is', () => {
    expect(categories('这个兼职岗位是你们公司正式招聘的吗？')).toEqual([]);
    expect(categories('是不是你们在招兼职打字员？')).toEqual([]);
    expect(categories('兼职打字员招聘，日结，私聊')).toContain('ad');
  });
});

describe('generation 16: more Chinese insults', () => {
  it.each(['你有毛病吧', '你是不是有大病', '你脑子有坑', '你丫的', 'cnmb', 'wdnmd', '给爷爬', '你个瓜皮', '你眼瞎啊', '龟孙', '顶你个肺', '傻 B', '你算老几'])(
    '%s is an insult',
    (text) => expect(categories(text)).toContain('insult'),
  );
  it.each(['这个手机有毛病吗', '你们的产品有毛病，怎么退', '西瓜皮扔哪里', '我要买 NMD R1 42码', '你丫头真可爱', '我眼瞎了没看到通知', '2B 铅笔'])(
    '%s is not',
    (text) => expect(categories(text)).not.toContain('insult'),
  );
});

describe('generation 17: English notices', () => {
  it.each([
    'Dear customer, your Netflix payment failed. Update now: netflix-billing-help.com',
    'Your package is waiting. Confirm delivery: dpd-track-parcel.info',
    'Hi, this is Lisa, I saw your profile, text me back on 07537 123456 ;)',
    "I've been trying to reach you about your car's extended warranty",
  ])('advertising: %s', (text) => {
    expect(categories(text)).toContain('ad');
  });
  it.each(['My payment failed, can you help?', "I've been trying to reach you all day, call me", 'Can you confirm delivery for Friday?'])(
    'not advertising: %s',
    (text) => expect(categories(text)).not.toContain('ad'),
  );
  it('a domain after "at" with a TLD no spelled address uses is a link', () => {
    expect(categories('use code SAVE50 at cheapstuff.shop')).toContain('link');
    expect(categories('mail j.doe at example.com')).toEqual(['contact']);
  });
});

describe('generation 18: dating, franchise, game gold and gold buy-back ads', () => {
  it.each(['婚恋交友，优质单身男女等你', '加盟奶茶店，零经验也能开', '出游戏金币，价格便宜', '收购黄金首饰，价格高'])('advertising: %s', (text) => {
    expect(categories(text)).toContain('ad');
  });
  it.each(['你们的加盟店在哪里', '这个价格便宜吗', '金价现在价格高吗', '我单身，想参加你们的活动'])('not advertising: %s', (text) => {
    expect(categories(text)).not.toContain('ad');
  });
});
