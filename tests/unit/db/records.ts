// Realistic records for storage tests, one per store. Builders take overrides so each test
// states only what it is about.
import type { Case, Group, Member, MemberTag, Membership, Message, Note, Tag, Template } from '../../../lib/model';
import type { StoredRule } from '../../../lib/db/schema';

export const T0 = Date.UTC(2026, 10, 1, 9, 0, 0);
export const MINUTE = 60_000;
export const DAY = 86_400_000;

export const group = (over: Partial<Group> = {}): Group => ({
  id: 'demo:g-service',
  site: 'demo',
  externalId: 'g-service',
  title: '星河银行 · 信用卡客户服务群',
  firstSeen: T0,
  lastSeen: T0 + 10 * MINUTE,
  rulesText: '1. 禁止广告\n2. 文明发言',
  ...over,
});

export const member = (over: Partial<Member> = {}): Member => ({
  id: 'demo:u-chen',
  site: 'demo',
  externalId: 'u-chen',
  name: '陈强',
  aliases: ['Chen Q'],
  firstSeen: T0,
  lastSeen: T0 + 5 * MINUTE,
  ...over,
});

export const membership = (over: Partial<Membership> = {}): Membership => ({
  groupId: 'demo:g-service',
  memberId: 'demo:u-chen',
  firstSeen: T0,
  lastSeen: T0 + 5 * MINUTE,
  messageCount: 3,
  left: false,
  ...over,
});

export const message = (over: Partial<Message> = {}): Message => ({
  id: 'demo:g-service:g-service-000011',
  externalId: 'g-service-000011',
  groupId: 'demo:g-service',
  memberId: 'demo:u-chen',
  authorName: '陈强',
  kind: 'message',
  role: 'customer',
  text: '我上个月的年费怎么还扣了？不是说刷满6次免年费吗',
  ts: T0 + 5 * MINUTE,
  readAt: T0 + 6 * MINUTE,
  ...over,
});

export const tag = (over: Partial<Tag> = {}): Tag => ({
  id: 'tag-vip',
  name: 'VIP',
  color: '#6d28d9',
  favourite: true,
  createdAt: T0,
  ...over,
});

export const memberTag = (over: Partial<MemberTag> = {}): MemberTag => ({
  memberId: 'demo:u-chen',
  tagId: 'tag-vip',
  addedAt: T0 + MINUTE,
  ...over,
});

export const note = (over: Partial<Note> = {}): Note => ({
  id: 'note-1',
  memberId: 'demo:u-chen',
  text: '年费争议，已转二线处理',
  author: '客服小美',
  createdAt: T0 + 2 * MINUTE,
  updatedAt: T0 + 2 * MINUTE,
  ...over,
});

export const rule = (over: Partial<StoredRule> = {}): StoredRule => ({
  id: 'rule-ads',
  name: '广告',
  keywords: ['加微信', '代开发票'],
  ...over,
});

export const template = (over: Partial<Template> = {}): Template => ({
  id: 'tpl-greet',
  name: '欢迎新人',
  category: 'general',
  lang: 'zh',
  body: '欢迎 {name} 加入本群！',
  keywords: [],
  sendDirectly: false,
  createdAt: T0,
  updatedAt: T0,
  ...over,
});

export const caseRecord = (over: Partial<Case> = {}): Case => ({
  id: 'case-1',
  kind: 'suggested',
  at: T0 + 3 * MINUTE,
  groupId: 'demo:g-service',
  memberId: 'demo:u-ad1',
  messageId: 'demo:g-service:g-service-000013',
  ruleId: 'rule-ads',
  category: 'ads',
  memberAction: 'warn',
  reason: '广告',
  actor: '',
  ...over,
});

let counter = 0;
/** Each test gets its own database so tests never see each other's data. */
export const uniqueDbName = (label: string) => `gs-test-${label}-${++counter}-${Math.random().toString(36).slice(2)}`;
