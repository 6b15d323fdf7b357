// The demo chat's cast and scripted conversation. Deterministic, so ids and order are the
// same on every start; the server back-dates the first part as history and streams the rest.

export const ME = 'staff-mei';

export const USERS = {
  'staff-mei': { name: '客服小美', role: 'staff' },
  'staff-lin': { name: 'Lin (Support)', role: 'staff' },
  'u-zhang': { name: '张伟', role: 'customer' },
  'u-wang': { name: '王芳', role: 'customer' },
  'u-li': { name: '李娜', role: 'customer' },
  'u-chen': { name: '陈强', role: 'customer' },
  'u-liu': { name: '刘洋', role: 'customer' },
  'u-zhao': { name: '赵磊', role: 'customer' },
  'u-emma': { name: 'Emma Wilson', role: 'customer' },
  'u-david': { name: 'David Chen', role: 'customer' },
  'u-sun': { name: '孙小红', role: 'customer' },
  'u-ad1': { name: '财富自由导师', role: 'customer' },
  'u-ad2': { name: '小雨 🌸', role: 'customer' },
  'u-spam': { name: 'Mike88', role: 'customer' },
  'u-zhou': { name: '周杰', role: 'customer' },
  'u-huang': { name: '黄敏', role: 'customer' },
};

export const GROUPS = [
  { id: 'g-service', title: '星河银行 · 信用卡客户服务群' },
  { id: 'g-welfare', title: '星河福利优惠群 Welfare & Coupons' },
];

const say = (user, text) => ({ kind: 'message', user, text });
const join = (user) => ({ kind: 'join', user });
const leave = (user) => ({ kind: 'leave', user });

export const SCRIPTS = {
  'g-service': [
    say('staff-mei', '欢迎大家加入星河银行信用卡客户服务群！群规：禁止发广告、禁止留联系方式、文明交流。有问题直接问，工作时间 9:00–21:00 内 5 分钟内回复。'),
    say('u-zhang', '请问信用卡额度怎么提高？用了一年了还是 5000'),
    say('staff-mei', '@张伟 您好，一般用卡满 6 个月、按时还款可以在 App「额度管理」里申请临时或永久提额。'),
    say('u-zhang', '好的谢谢！'),
    say('u-emma', 'Hi, when will the cashback from the November promotion arrive?'),
    say('staff-lin', '@Emma Wilson Cashback is credited within 15 working days after the statement date.'),
    say('u-emma', 'Great, thanks a lot 🙏'),
    join('u-wang'),
    say('u-wang', '大家好，新人报到'),
    say('u-li', '账单分期手续费是多少？12期的'),
    say('u-chen', '我上个月的年费怎么还扣了？不是说刷满6次免年费吗'),
    say('staff-mei', '@陈强 麻烦私信我卡号后四位，我帮您查一下刷卡次数。'),
    say('u-ad1', '兼职刷单，日结300，在家就能做，有意者私聊'),
    say('u-liu', '我的订单号 202611230045 一直没到账，查一下'),
    say('u-david', 'Is there an annual fee for the Platinum card?'),
    say('u-ad2', '加我薇信 xiaoyu_8899 领取内部优惠券，名额有限'),
    say('u-zhao', '昨天在商场刷卡被拒了，提示风控，怎么解除？'),
    say('staff-lin', '@David Chen The Platinum card fee is waived in the first year.'),
    say('u-sun', '积分可以换什么？'),
    say('u-spam', 'Best crypto signals, 500% profit guaranteed! Join t.me/cryptoking now'),
    say('u-zhou', '你们这客服效率也太低了吧'),
    say('u-huang', '你说谁呢，人家已经在回了'),
    say('u-zhou', '关你屁事，你是不是傻'),
    say('u-huang', '你才傻逼，有病吧'),
    say('staff-mei', '两位请文明交流，有问题私信我处理，谢谢配合。'),
    say('u-li', '还有分期可以提前还款吗？'),
    say('u-spam', '抢红包啦'),
    say('u-spam', '抢红包啦'),
    say('u-spam', '抢红包啦'),
    say('u-spam', '抢红包啦'),
    say('u-spam', '抢红包啦'),
    say('u-spam', '抢红包啦'),
    say('u-wang', '想问下境外消费有没有返现活动？'),
    say('u-ad2', '需要贷款的朋友加 V 1 3 8 - 1 2 3 4 - 5 6 7 8，秒批不看征信'),
    leave('u-ad1'),
    say('u-chen', '卡号后四位已经私信了，麻烦尽快'),
    say('u-emma', 'Also, how do I change the billing date?\nI tried in the app but the option is greyed out.'),
    say('u-david', 'Thanks!'),
    say('u-zhao', '有人吗？刷卡被拒的问题还没回复'),
    join('u-ad1'),
  ],
  'g-welfare': [
    say('staff-lin', '本群每周三发放优惠券，请留意群公告。Coupons are posted every Wednesday.'),
    say('u-sun', '这周的咖啡券什么时候发？'),
    say('u-emma', 'Are the coupons valid in Shanghai stores too?'),
    say('u-ad1', '免费领取会员，点击 www。freevip。cc 即可'),
    say('staff-lin', '@孙小红 明天上午 10 点发放。'),
    say('u-wang', '谢谢客服！'),
  ],
};
