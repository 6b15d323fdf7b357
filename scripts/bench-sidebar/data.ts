// Seeded, realistic data for the sidebar benchmark: a member card with thousands of history
// messages, a tag library and a template library, in Chinese and English. Same seed, same
// data, so runs (and machines) compare the same work.
import type { MemberCard } from '../../lib/messaging/protocol';
import type { Case, Message, Note, Tag, Template } from '../../lib/model';
import { mulberry32 } from '../seeded-random.mjs';

export const seeded = mulberry32;

type Rng = () => number;
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)] as T;
const int = (rng: Rng, min: number, max: number) => min + Math.floor(rng() * (max - min + 1));

const ZH_PHRASES = [
  '你好，请问我的订单什么时候发货',
  '订单号是',
  '已经等了三天了还没有物流信息',
  '麻烦客服帮忙查一下',
  '退款什么时候能到账',
  '我申请了退货退款',
  '收到的商品有破损',
  '能不能换一个颜色',
  '优惠券怎么用不了',
  '会员积分在哪里看',
  '谢谢',
  '好的收到',
  '请问有没有发票',
  '快递显示已签收但是我没收到',
  '这个尺码偏大还是偏小',
  '可以开专票吗',
  '活动什么时候结束',
  '客服在吗',
  '我想修改收货地址',
  '为什么价格又涨了',
  '上次买的质量很好，再来两件',
  '群里有人发广告',
  '这个型号支持七天无理由吗',
  '麻烦尽快处理一下，着急用',
  '😊',
  '👍',
];
const EN_PHRASES = [
  'Hi, when will my order ship?',
  'my order number is',
  'still no tracking after three days',
  'could support check this please',
  'when does the refund reach my account',
  'I asked for a return and refund',
  'the item arrived damaged',
  'can I swap it for another colour',
  'the coupon does not work at checkout',
  'where do I see my member points',
  'thanks!',
  'ok got it',
  'do you issue invoices',
  'tracking says delivered but nothing arrived',
  'does this size run large or small',
  'when does the promotion end',
  'is anyone from support here?',
  'I need to change my delivery address',
  'why did the price go up again',
  'bought two last time, great quality',
  'someone is posting ads in the group',
  'is this model covered by the 7-day return policy',
  'please hurry, I need it this week',
];

/** 20–200 characters of chat text, Chinese or English (with an order number now and then). */
export function chatText(rng: Rng, lang: 'zh' | 'en'): string {
  const target = int(rng, 20, 200);
  const phrases = lang === 'zh' ? ZH_PHRASES : EN_PHRASES;
  const sep = lang === 'zh' ? '，' : ' ';
  let text = '';
  while (text.length < target) {
    const phrase = rng() < 0.12 ? `#${int(rng, 100000, 999999)}` : pick(rng, phrases);
    text += (text ? sep : '') + phrase;
  }
  return text.slice(0, target);
}

const GROUPS = [
  { id: 'demo:g-shop', title: '官方旗舰店售后群' },
  { id: 'demo:g-vip', title: 'VIP customers' },
  { id: 'demo:g-wholesale', title: '批发代理交流群' },
];

export function makeCard(rng: Rng, historyCount: number, tags: readonly Tag[]): MemberCard {
  const memberId = 'demo:u-42';
  const start = Date.UTC(2025, 0, 1);
  const kinds = ['join', 'leave', 'rename'] as const;
  const history: Message[] = [];
  for (let i = 0; i < historyCount; i++) {
    const group = pick(rng, GROUPS);
    const ts = start + i * 37 * 60_000;
    const event = rng() < 0.03;
    history.push({
      id: `${group.id}:m-${String(i).padStart(6, '0')}`,
      externalId: `m-${i}`,
      groupId: group.id,
      memberId,
      authorName: '王小明',
      kind: event ? pick(rng, kinds) : 'message',
      role: 'customer',
      text: event ? '' : chatText(rng, rng() < 0.65 ? 'zh' : 'en'),
      ts,
      readAt: ts + 500,
    });
  }
  // Newest first, as the background returns it.
  history.reverse();
  const notes: Note[] = Array.from({ length: 4 }, (_, i) => ({
    id: `note-${i}`,
    memberId,
    text: chatText(rng, i % 2 ? 'en' : 'zh'),
    author: i % 2 ? 'Alice' : '小李',
    createdAt: start + i * 86_400_000,
    updatedAt: start + i * 86_400_000,
  }));
  const cases: Case[] = Array.from({ length: 6 }, (_, i) => ({
    id: `case-${i}`,
    kind: i % 3 === 0 ? 'suggested' : i % 3 === 1 ? 'applied' : 'dismissed',
    refersTo: i % 3 === 0 ? undefined : `case-${i - (i % 3)}`,
    at: start + i * 3_600_000,
    groupId: GROUPS[0]?.id ?? '',
    memberId,
    ruleId: 'contact-info',
    category: 'contact',
    memberAction: i % 3 === 1 ? 'warn' : 'none',
    reason: 'Posted a phone number',
    actor: i % 3 === 0 ? 'rules' : '小李',
  }));
  const last = history[0]?.ts ?? start;
  return {
    staff: null,
    staffNameClash: null,
    renames: [],
    member: {
      id: memberId,
      site: 'demo',
      externalId: 'u-42',
      name: '王小明',
      aliases: ['小明', 'Ming W.'],
      firstSeen: start,
      lastSeen: last,
      stage: 'customer',
    },
    memberships: GROUPS.map((g) => ({
      groupId: g.id,
      memberId,
      groupTitle: g.title,
      firstSeen: start,
      lastSeen: last,
      messageCount: Math.round(historyCount / GROUPS.length),
      left: false,
    })),
    tags: tags.slice(0, 5),
    notes,
    cases,
    history,
    historyMore: false,
    messageCount: historyCount,
  };
}

const TAG_ZH = ['VIP客户', '老客户', '新客户', '退款中', '投诉', '代理商', '批发', '潜在流失', '高价值', '待回访', '已发券', '黑名单观察', '华东', '华南', '华北', '西南'];
const TAG_EN = ['vip', 'repeat-buyer', 'new', 'refund-pending', 'complaint', 'reseller', 'wholesale', 'churn-risk', 'high-value', 'follow-up', 'coupon-sent', 'watchlist', 'east', 'south', 'north', 'overseas'];
const COLORS = ['#2563eb', '#16a34a', '#dc2626', '#9333ea', '#ea580c', '#0891b2', '#475569', '#ca8a04'];

/** `count` distinct tags like "VIP客户-华东-07" or "refund-pending/2024q3"; 8 favourites. */
export function makeTags(rng: Rng, count: number): Tag[] {
  const names = new Set<string>();
  while (names.size < count) {
    const zh = rng() < 0.55;
    const words = zh ? TAG_ZH : TAG_EN;
    const a = pick(rng, words);
    const b = pick(rng, words);
    const suffix = rng() < 0.5 ? String(int(rng, 1, 99)).padStart(2, '0') : `${int(rng, 2023, 2025)}q${int(rng, 1, 4)}`;
    names.add(`${a}${zh ? '-' : '/'}${b === a ? '' : `${b}-`}${suffix}`.slice(0, 40));
  }
  return [...names].map((name, i) => ({
    id: `tag-${String(i).padStart(4, '0')}`,
    name,
    color: pick(rng, COLORS),
    favourite: i < 8,
    createdAt: Date.UTC(2025, 0, 1) + i * 60_000,
  }));
}

const TPL_TOPICS_ZH = ['退款进度', '发货时间', '物流查询', '退换货流程', '发票开具', '优惠券使用', '会员积分', '修改地址', '尺码建议', '活动规则', '售后保修', '群规提醒', '广告警告', '欢迎新人'];
const TPL_TOPICS_EN = ['Refund status', 'Shipping time', 'Tracking lookup', 'Returns process', 'Invoices', 'Using coupons', 'Member points', 'Change address', 'Size advice', 'Promotion rules', 'Warranty', 'Rules reminder', 'Ad warning', 'Welcome'];
const TPL_BODY_ZH = [
  '您好 {member}，',
  '您的退款已提交，预计 3-5 个工作日原路退回。',
  '订单一般在付款后 48 小时内发货，',
  '物流单号可以在「我的订单」里查看。',
  '如需开具发票，请提供抬头和税号。',
  '优惠券需满足使用门槛，且不可与其他活动叠加。',
  '请勿在群内发布广告或联系方式，这是第一次提醒。',
  '有问题随时在「{group}」里找客服 {staff}。',
  '订单号 {order_no} 已为您加急处理。',
  '感谢您的耐心等待！',
];
const TPL_BODY_EN = [
  'Hi {member}, ',
  'your refund was submitted and should arrive in 3-5 working days. ',
  'orders usually ship within 48 hours of payment. ',
  'you can find the tracking number under My orders. ',
  'for an invoice, please send the company name and tax number. ',
  'coupons have a minimum spend and cannot be combined with other offers. ',
  'please do not post ads or contact details in {group}; this is a first reminder. ',
  'ask {staff} here any time. ',
  'order {order_no} has been expedited. ',
  'thanks for your patience! ',
];
const CATEGORIES = ['faq', 'general', 'reminder', 'warning', 'welcome', 'rules', 'shipping', 'refund'];

export function makeTemplates(rng: Rng, count: number): Template[] {
  const out: Template[] = [];
  for (let i = 0; i < count; i++) {
    const zh = i % 2 === 0;
    const topics = zh ? TPL_TOPICS_ZH : TPL_TOPICS_EN;
    const parts = zh ? TPL_BODY_ZH : TPL_BODY_EN;
    const target = int(rng, 20, 200);
    let body = '';
    while (body.length < target) body += pick(rng, parts);
    const keywords = Array.from({ length: int(rng, 0, 4) }, () => pick(rng, topics).toLowerCase());
    out.push({
      id: `tpl-${String(i).padStart(4, '0')}`,
      // Full-width digits now and then: what NFKC folding is for.
      name: `${pick(rng, topics)} ${rng() < 0.2 ? '（ＦＡＱ）' : ''}#${i + 1}`.replace(/\s+/g, ' ').trim(),
      category: pick(rng, CATEGORIES),
      keywords,
      lang: zh ? 'zh' : 'en',
      body: body.slice(0, 200).trim(),
      sendDirectly: false,
      createdAt: Date.UTC(2025, 0, 1),
      updatedAt: Date.UTC(2025, 0, 1),
    });
  }
  return out;
}

/** What staff type: each prefix is one keystroke. */
export const TEMPLATE_QUERIES = ['退款', '发货时间', 'refund', 'shipping time', '物流 查询', 'coupon', 'faq', '群规'];
export const TAG_QUERIES = ['VIP客户', 'refund-pending', '华东', 'churn', '老客户-投诉', 'wholesale/2024'];
