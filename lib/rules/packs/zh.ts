import type { RuleInput } from '../../model/rule';

/**
 * Default Chinese rules for customer groups (banking, service, coupon groups).
 *
 * Word lists are written in plain simplified form: the normaliser undoes spacing, full
 * width, traditional characters and the like on both the list and the message, so no
 * variant needs listing twice. Two tiers for advertising: strong words that are spam on
 * their own, and weak ones that count only in pairs, because a bank group's customers
 * legitimately say "贷款", "理财" and "额度" all day.
 */

/** Spam on their own in a customer group. */
const AD_STRONG = [
  '兼职', '刷单', '刷信誉', '刷好评', '刷流水', '日结', '日赚', '日入', '月入过万', '月入上万', '月入万元',
  '躺赚', '网赚', '零投资', '零成本创业', '高回报', '稳赚', '稳赚不赔', '包赚', '保本保息', '导师带单', '带单',
  '喊单', '荐股', '牛股', '内幕消息', '涨停板', '投资群', '股票群', '代开发票', '代开', '开票点', '税点低',
  '贷款秒批', '秒批', '秒下款', '秒到账', '下款快', '不看征信', '无视征信', '不查征信', '黑户', '白户可贷',
  '无抵押', '免抵押', '当天放款', '当天下款', '快速放款', '放款快', '低息贷款', '额度高利息低', '信用卡代还',
  '代还', '养卡', '套现', '提额', '本人出售', '低价出售', '全网最低', '最低价', '代购', '代写', '代考', '包过',
  '办证', '刻章', '假证', '高仿', '出租微信', '收购微信号', '收微信号', '出租账号', '账号出售', '卖号',
  '扫码进群', '扫码加群', '进群领取', '加群领取', '招募宝妈', '宝妈兼职', '学生兼职', '打字员', '手工活',
  '在家赚钱', '在家就能做', '动动手指', '一单一结', '一单一返', '招代理', '诚招代理', '代理加盟', '微商',
  '引流', '涨粉', '刷粉', '买粉', '博彩', '菠菜', '百家乐', '时时彩', '六合彩', '棋牌', '赌场', '上分',
  '裸聊', '约炮', '援交', '上门服务', '成人视频', '福利视频', '黄片', 'usdt', '跑分', '收u', '币圈', '空投',
  '私募', '原始股', '代刷', '洗钱', '点赞员', '垫付', '抢单', '接单赚', '赚佣金', '高佣金', '零风险',
];

/** Weak signals: two distinct ones in a message are needed. */
const AD_WEAK = [
  '私聊', '私我', '私信我', '滴滴我', '详聊', '有意者', '有意向', '有需要的', '需要的私', '名额有限',
  '仅限', '限量', '免费领取', '免费送', '价格美丽', '未拆封', '全新', '出售', '招聘', '招募', '宝妈', '在家',
  '手机就能做', '轻松赚', '月入', '赚钱', '导师', '高收益', '欢迎咨询', '价格好商量', '长期稳定', '长期有效',
  '代理', '返利', '返现', '佣金', '时间自由', '项目', '一手货源', '货源', '批发', '厂家直销', '正品保证',
  '秒杀', '抢购', '一折', '全场', '点击领取', '领红包', '速来', '先到先得', '机会难得', '副业', '收徒',
  '带你', '正规', '无需经验', '不收任何费用', '不收费', '零门槛', '日薪',
];

const INSULTS = [
  '傻逼', '傻b', '傻比', '傻币', '傻批', '傻x', '傻叉', '傻缺', '煞笔', '煞比', '沙比', '沙币', '啥比', 'sb', '2b',
  '脑残', '智障', '弱智', '白痴', '蠢货', '蠢猪', '蠢蛋', '废物', '垃圾', '滚', '去死', '死全家', '你妈',
  '尼玛', '你麻痹', '妈的', '他妈', '特么', '他娘的', '操你', '草泥马', '艹', '日你妈', '狗日', '狗东西',
  '狗娘', '王八蛋', '混蛋', '贱人', '贱货', '婊子', '畜生', '人渣', '杂种', '脑子有病', '你有病', '有病吧',
  '神经病', '脑子进水', '低能', '扑街', '丢你',
];

/** Innocent words that contain an insult ("滚动", "垃圾短信", "你妈妈"). */
const INSULT_ALLOW = [
  '滚动', '滚筒', '翻滚', '滚烫', '打滚', '滚雪球', '滚滚', '利滚利', '摇滚', '滚轮', '滚珠', '滚梯',
  '垃圾短信', '垃圾邮件', '垃圾分类', '垃圾桶', '垃圾袋', '垃圾信息', '垃圾广告', '垃圾箱', '垃圾费',
  '垃圾食品', '垃圾清理', '倒垃圾', '扔垃圾', '清理垃圾', '垃圾电话', '垃圾文件', '你妈妈', '妈妈的',
  '他妈妈', '其他妈', '神经病学', '低能耗', '低能量', '废物利用', '废物回收', '去死角', '死全家福',
];

export const ZH_RULES: RuleInput[] = [
  {
    id: 'zh-ad-strong',
    name: '广告（强特征词）',
    category: 'ad',
    severity: 'medium',
    priority: 20,
    triggers: { keywords: AD_STRONG },
    contentAction: 'suggest_delete',
    memberAction: 'warn',
  },
  {
    id: 'zh-ad-weak',
    name: '广告（多个弱特征词）',
    category: 'ad',
    severity: 'low',
    priority: 10,
    triggers: { keywords: AD_WEAK },
    conditions: { minHits: 2 },
    contentAction: 'suggest_delete',
    memberAction: 'remind',
  },
  {
    id: 'zh-insult',
    name: '辱骂',
    category: 'insult',
    severity: 'medium',
    priority: 20,
    triggers: { keywords: INSULTS, allowPhrases: INSULT_ALLOW },
    contentAction: 'suggest_delete',
    memberAction: 'warn',
  },
];
