import fc from 'fast-check';
import type { RuleMessage } from '../../../lib/model/rule';
import { compileRules, evaluateMessage } from '../../../lib/rules/engine';
import { DEFAULT_RULE_INPUTS, DEFAULT_RULES } from '../../../lib/rules/packs';

const { compiled, errors } = compileRules(DEFAULT_RULES);
const NOW = Date.UTC(2026, 10, 23, 4, 0, 0);
let seq = 0;
function categories(text: string): string[] {
  seq++;
  const message: RuleMessage = { id: `p${seq}`, groupId: 'g', memberId: 'u', text, ts: NOW, role: 'customer' };
  return evaluateMessage(compiled, message, { recent: [], memberJoinedAt: NOW - 365 * 86_400_000, now: NOW })
    .filter((s) => !s.auditOnly)
    .map((s) => s.category);
}

// Property tests on a busy machine can be slow; correctness, not speed, is under test here.
vi.setConfig({ testTimeout: 0 });

describe('default packs', () => {
  it('compile without errors and have unique ids', () => {
    expect(errors).toEqual([]);
    expect(new Set(DEFAULT_RULES.map((r) => r.id)).size).toBe(DEFAULT_RULE_INPUTS.length);
  });

  const AD = [
    '兼职刷单，日结300，在家就能做，有意者私聊',
    '招聘网络兼职，手机就能操作，日赚200+',
    '宝妈在家也能赚钱，一单一结，不收任何费用',
    '专业代开各种发票，税点低',
    '贷款秒批，不看征信，黑户也能下款',
    '低价出售王者荣耀账号，需要的私聊',
    '带你炒股，牛股推荐，稳赚不赔',
    '扫码进群领取免费资料',
    '菠菜平台，充值就送，日入过千',
    '全网最低价代购 各种大牌',
    '刷 单 返 利 一 单 一 结',
    '兼職刷單，日結',
    '急招打字员，时间自由，工资日结',
    '高仿手表，一比一复刻，私我看图',
    'usdt跑分，稳定收益',
    'Work from home and earn $300 per day, DM me',
    'Guaranteed profit with our crypto signals, join now',
    'Buy followers cheap, instant delivery',
    'Passive income opportunity, message me for details',
    'make $2000 a week from home',
    'Add me on WeChat lucky8899 for cheap loans and part-time jobs',
    'Part time jobs available, cheap loans too',
  ];
  it.each(AD)('flags ad: %s', (text) => expect(categories(text)).toContain('ad'));

  const CONTACT = [
    '加我微信 kefu8888 详聊',
    '有事加v：abc_123',
    'vx：sell2026',
    '微信同号 15912345678',
    '电话 159 1234 5678',
    'QQ：1234567890',
    '扣扣 987654321 欢迎咨询',
    '联系我 一五九一二三四五六七八',
    '邮箱 shop_vip@qq.com',
    'whatsapp me at +1 415 555 0199',
    'telegram: @fastloans',
    '徽信 yhq_2026 领券',
  ];
  it.each(CONTACT)('flags contact: %s', (text) => expect(categories(text)).toContain('contact'));

  const LINKS = [
    '领取链接 https://coupon.example.cn/abc',
    '打开 www.free-gift.example.net 就行',
    '复制 example。top 到浏览器',
    'go to bit.ly/abc123',
    'visit freeprize dot com',
    '进群 t.me/joinchat/abc',
    'hxxps://phish.example.xyz/login',
  ];
  it.each(LINKS)('flags link: %s', (text) => expect(categories(text)).toContain('link'));

  const INSULT = [
    '傻逼客服',
    '你们都是煞笔吧',
    '滚！',
    '你妈的什么服务',
    '脑残设计',
    '垃圾客服，一群废物',
    '沙 比 东西',
    '去死吧',
    'fuck you',
    'you stupid idiot',
    'this is bullsh1t',
    'shut up moron',
    'f.u.c.k this',
    'what an a$$hole',
  ];
  it.each(INSULT)('flags insult: %s', (text) => expect(categories(text)).toContain('insult'));

  const NORMAL = [
    'How do I claim the cashback reward?',
    'Is the cash bonus offer still valid?',
    'do you offer cheap loans?',
    "I'm looking for part-time jobs near the mall",
    'I work part time jobs on weekends',
    '请问这款产品多少钱？',
    '订单号 202611230045 还没发货',
    '快递单号 YT1234567890123 怎么查不到',
    '¥1380 的那款还有货吗',
    '2026-11-23 下单的什么时候到',
    '我的尾号 5678 的卡能用吗',
    '信用卡额度能提高吗',
    '贷款利率是多少？',
    '理财产品的年化收益是多少',
    '页面一直滚动不了',
    '垃圾短信太多了，能拦截吗',
    '你妈妈身体还好吗',
    '优惠券领取后在哪里看',
    '我加了客服微信，麻烦通过一下',
    '支持微信支付吗',
    '发票什么时候开？',
    '可以开专票吗',
    'assessment of my account please',
    'I passed the class',
    'Can I change my phone number on the account?',
    'My order number is 100234567',
    'What time does the sale start?',
    'Is shipping free over $50?',
    'The refund went to my bank account',
    '请问 3.15 活动还有吗',
    '客服电话是多少',
    '周日你们营业吗',
    '这个价格比上次便宜了 20 块',
    '好的，谢谢！',
    '我已经私信客服了',
    '积分可以换什么',
    '七点半开始吗',
    '一二三四五楼都有人吗',
  ];
  it.each(NORMAL)('does not flag normal: %s', (text) => expect(categories(text)).toEqual([]));

  const evade = (s: string, sep: string, fullWidth: boolean) => {
    const chars = [...s].map((c) => (fullWidth && c >= '!' && c <= '~' ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c));
    return chars.join(sep);
  };

  it('evasion variants of a positive stay positive', () => {
    const positives: [string, string][] = [
      ['刷单日结', 'ad'],
      ['傻逼', 'insult'],
      ['fuck', 'insult'],
      ['13812345678', 'contact'],
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...positives),
        fc.constantFrom('', ' ', '.', '\u200b', '😀', '-', '*', '  ', '·'),
        fc.boolean(),
        fc.constantFrom('', '请看 ', 'hey ', '。'),
        ([text, category], sep, fullWidth, prefix) => {
          if (sep === '*' && category === 'contact') return; // "1*3*8…" is not a phone number shape
          expect(categories(prefix + evade(text, sep, fullWidth))).toContain(category);
        },
      ),
      { numRuns: 400 },
    );
  });
});
