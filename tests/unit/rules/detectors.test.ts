import {
  detectEmails,
  detectEmojiSpam,
  detectLengthSpam,
  detectMentionSpam,
  detectMessenger,
  detectPhones,
  detectUrls,
  detectWechat,
} from '../../../lib/rules/detectors';
import { detectQq } from '../../../lib/rules/detectors/qq';
import { normalize } from '../../../lib/rules/normalize';

const found = (fn: (n: ReturnType<typeof normalize>) => readonly { span: { start: number; end: number } }[], text: string) =>
  fn(normalize(text)).map((h) => text.slice(h.span.start, h.span.end));

// Property tests on a busy machine can be slow; correctness, not speed, is under test here.
vi.setConfig({ testTimeout: 0 });

describe('phone numbers', () => {
  it.each([
    'vx同号 13812345678',
    '联系电话 139-1234-5678 随时联系',
    '手机 1 3 9 1 2 3 4 5 6 7 8',
    '+86 138 0013 8000 找我',
    '电话：一三八一二三四五六七八',
    '打我 壹叁捌零零壹叁捌零零零',
    '①③⑨①②③④⑤⑥⑦⑧ 找我',
    '１３９１２３４５６７８',
    'Text me on WhatsApp +44 7700 900123',
    'call +1 (555) 123-4567 now',
    '138.0013.8000',
    'reach me at (415) 555-0132',
    'call 415-555-0132 after 6',
    'text 212.555.0187',
  ])('finds %s', (text) => {
    expect(detectPhones(normalize(text)).length).toBe(1);
  });

  it.each([
    '订单号 202611230045',
    '订单号 2023110812345678，还没收到货',
    '快递单号 SF1234567890123 一直没更新',
    '¥1380',
    '价格 138 元是含运费的吗',
    '2026-11-23 到账',
    '活动 3 月 15 日 13:00 开始对吧',
    'My order number is 100234567, any update?',
    '订单 13812345678 什么时候发货',
    '金额 13800000000 元',
    '卡号尾号 1234',
    'order 4155550132 shipped',
    'Tracking 415 555 0132',
    'toll-free 888-555-0199',
  ])('ignores %s', (text) => {
    expect(detectPhones(normalize(text))).toEqual([]);
  });

  it('reports the span of the number in the original text', () => {
    expect(found(detectPhones, '联系电话 139-1234-5678 随时')).toEqual(['139-1234-5678']);
  });
});

describe('QQ numbers', () => {
  it.each(['QQ 123456789 加好友备注来意', '有意者加扣扣：88886666', '企鹅号 10001234', 'Q群：123456', '加q 5201314520', '扣扣 八八八八六六六六'])(
    'finds %s',
    (text) => expect(detectQq(normalize(text)).length).toBe(1),
  );
  it.each(['我的QQ音乐会员到期了', '订单号 123456789', 'qq 邮箱登录不了 1234'])('ignores %s', (text) =>
    expect(detectQq(normalize(text))).toEqual([]),
  );

  // A QQ cue next to a 5–11 digit run in any digit form, with any separators between.
  it.each([
    ['联系Q：2 8 7 7 6 5 4 3 1', '2 8 7 7 6 5 4 3 1'],
    ['有事扣我 335566778', '335566778'],
    ['老号出售，Q 5566778899', '5566778899'],
    ['滴滴扣 12345678', '12345678'],
    ['扣：778899001 备注来意', '778899001'],
    ['加个蔻蔻 55667788 一起聊', '55667788'],
    ['企鹅：⑧⑦⑥⑤④③②①', '⑧⑦⑥⑤④③②①'],
    ['球球 七七八八九九零', '七七八八九九零'],
    ['我q号是 ７８９４５６１２３', '７８９４５６１２３'],
    ['Q 5566778899 2024年起长期有效', '5566778899'],
    ['q12345678', '12345678'],
  ])('finds %s', (text, number) => {
    expect(found(detectQq, text)).toEqual([number]);
  });

  it.each([
    'Q3季度 2026 营收报告',
    'Q1 2 3 4 5 6 季度',
    'Q2 revenue 123456',
    'Q1-2025 对账单',
    '扣款 100000 元是怎么回事',
    '为什么扣了50000积分',
    '你们扣我 50000 元干嘛',
    '为什么扣我 500000',
    '被扣 88888 了',
    '多扣 66666',
    'QQ会员扣款 100000',
    'Q 12000元',
    'Q订单 20261128004512',
    'QQ 202611280045123 是订单号',
    '扣扣 01234567',
  ])('leaves alone %s', (text) => {
    expect(detectQq(normalize(text))).toEqual([]);
  });
});

describe('WeChat ids', () => {
  it.each([
    ['有需要的加我微信 abc12345', 'abc12345'],
    ['加V：wx_888666 详聊', 'wx_888666'],
    ['加薇信 sale2024 领优惠', 'sale2024'],
    ['微 信 号 kefu_007', 'kefu_007'],
    ['私我 威信 happy_buy99', 'happy_buy99'],
    ['➕V: qwerty', 'qwerty'],
    ['wechat id: bestdeal', 'bestdeal'],
    ['vx 13812345678', '13812345678'],
    ['徽信同号 15912345678', '15912345678'],
  ])('finds %s', (text, id) => {
    expect(found(detectWechat, text)).toEqual([id]);
  });
  // A cue, a few Chinese words, then something shaped like an id.
  it.each([
    ['兼职客服招聘，➕我 v 详聊 kf_2024', 'kf_2024'],
    ['有兴趣的 加我 v 了解 dz_8866', 'dz_8866'],
    ['加微信咨询 shop-8899', 'shop-8899'],
    ['vx 备注来意 lily_0923', 'lily_0923'],
    ['额度回收，威❤ hs_2025', 'hs_2025'],
    ['薇❤：abc_1234', 'abc_1234'],
    // A heart after the V reads as a second v ("V❤：", "v💜 我").
    ['V❤：abc_778899', 'abc_778899'],
    ['有事 v💜 我 lily_0923', 'lily_0923'],
  ])('finds an id a few words after the cue: %s', (text, id) => {
    expect(found(detectWechat, text)).toEqual([id]);
  });
  it.each([
    '微信支付订单号 wx2026abc1',
    '版本 v 更新到 v1.2.3',
    '加微信了解 iphone',
    'Arsenal v Chelsea tonight',
    '维生素 v 片 abc_12',
    'vx 发红包 abc_123',
    '微v 好的',
    '威v 也行',
    'vv: see you there',
    'TVV: 第二季开播',
  ])('leaves alone %s', (text) => {
    expect(detectWechat(normalize(text))).toEqual([]);
  });
  it.each(['我昨天加了客服微信，还没通过，麻烦看一下', '支持微信支付吗', 'wechat payment failed', '微信 好的'])(
    'ignores %s',
    (text) => expect(detectWechat(normalize(text))).toEqual([]),
  );
});

describe('e-mail and messengers', () => {
  it('finds e-mail addresses, plain and spelled out', () => {
    expect(found(detectEmails, '我的邮箱 buyer.vip@163.com 发资料给你')).toEqual(['buyer.vip@163.com']);
    expect(detectEmails(normalize('mail me: deals (at) gmail dot com')).length).toBe(1);
    expect(detectEmails(normalize('@张三 你好'))).toEqual([]);
  });
  it('finds messenger handles near the app name', () => {
    expect(found(detectMessenger, 'Add me on telegram @cheapdeals_bot')).toEqual(['@cheapdeals_bot']);
    expect(detectMessenger(normalize('加我纸飞机 @vipdeal88')).length).toBe(1);
    expect(detectMessenger(normalize('my whatsapp 7700900123')).length).toBe(1);
    expect(detectMessenger(normalize('the signal was weak in line 3'))).toEqual([]);
    expect(found(detectMessenger, 'my kik is tommy2k')).toEqual(['tommy2k']);
    expect(detectMessenger(normalize('my line is busy'))).toEqual([]);
    expect(found(detectMessenger, '我的B站id：up_zhu123')).toEqual(['up_zhu123']);
    expect(found(detectMessenger, 'tiktok: dance_queen99')).toEqual(['dance_queen99']);
    expect(found(detectMessenger, '视频号搜 xiaomei_888')).toEqual(['xiaomei_888']);
    expect(detectMessenger(normalize('youtube 上的教程 part2'))).toEqual([]);
    expect(detectMessenger(normalize('抖音上看到的 iphone15 广告'))).toEqual([]);
    expect(detectMessenger(normalize('B站上看到的视频 v2'))).toEqual([]);
  });
});

describe('links', () => {
  it.each([
    'http://hongbao-free.example.cn/get',
    '看这个 www.cheap-shop.example.com 全场一折',
    '戳链接 https://t.cn/A6abcXYZ 抢购',
    '复制这个网址到浏览器打开：example . top / go',
    'Check bit.ly/3xYzAbc for free stuff',
    'join t.me/freesignals',
    'hxxp://bad-site.xyz/path',
    'www。example。com',
    'visit example dot com today',
    'go to example(.)com',
    'ＷＷＷ．ＥＸＡＭＰＬＥ．ＣＯＭ',
    'example点com',
  ])('finds %s', (text) => {
    expect(detectUrls(normalize(text)).length).toBeGreaterThanOrEqual(1);
  });

  it.each(['请问你们官网是哪个？', '刚才那个链接打不开', '3.15 活动', 'e.g. this one', '1 号楼的自提点在哪里', 'buyer.vip@163.com', '一点点'])(
    'ignores %s',
    (text) => expect(detectUrls(normalize(text))).toEqual([]),
  );

  it('skips allowed domains and their subdomains', () => {
    const n = normalize('see https://help.mybank.com/faq and www.evil.com');
    const hits = detectUrls(n, { allowDomains: ['mybank.com'] });
    expect(hits.map((h) => h.host)).toEqual(['www.evil.com']);
  });
});

describe('spam shapes', () => {
  it('counts mentions', () => {
    expect(detectMentionSpam('@a @b @c @d @e 快来', 5).length).toBe(1);
    expect(detectMentionSpam('@a @b 你好', 5)).toEqual([]);
    expect(detectMentionSpam('a@b.com c@d.com e@f.com g@h.com i@j.com', 5)).toEqual([]);
  });
  it('counts emoji', () => {
    expect(detectEmojiSpam(normalize('🎉'.repeat(15)), 12).length).toBe(1);
    expect(detectEmojiSpam(normalize('群主辛苦了👍'), 12)).toEqual([]);
  });
  it('flags over-long and stretched messages', () => {
    expect(detectLengthSpam('好'.repeat(2_000)).length).toBe(1);
    expect(detectLengthSpam(`啊${'啊'.repeat(40)}`).length).toBe(1);
    expect(detectLengthSpam('\n'.repeat(60)).length).toBe(1);
    expect(detectLengthSpam('正常的一句话')).toEqual([]);
  });
});
