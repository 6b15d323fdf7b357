import { type Rule, type RuleInput, RuleSchema } from '../../model/rule';
import { EN_RULES } from './en';
import { ZH_RULES } from './zh';

/**
 * Language-independent rules: contact details, links, new members, flood and repeats.
 * Their detectors understand both languages (微信/vx/wx, QQ/扣扣, "example dot com").
 */
export const COMMON_RULES: RuleInput[] = [
  {
    id: 'contact-details',
    name: 'Contact details / 联系方式',
    category: 'contact',
    severity: 'medium',
    priority: 10,
    triggers: { detectors: ['phone', 'qq', 'wechat', 'email', 'messenger'] },
    contentAction: 'suggest_delete',
    memberAction: 'remind',
  },
  {
    id: 'new-member-contact',
    name: 'New member posts contact details / 新成员发联系方式',
    category: 'contact',
    severity: 'high',
    priority: 30,
    triggers: { detectors: ['phone', 'qq', 'wechat', 'email', 'messenger'], behaviour: { newMember: { firstMessages: 3, windowHours: 24 } } },
    conditions: { newMembersOnly: true },
    contentAction: 'suggest_delete',
    memberAction: 'remove',
  },
  {
    id: 'links',
    name: 'Links / 链接',
    category: 'link',
    severity: 'low',
    priority: 10,
    triggers: { detectors: ['url'] },
    // A customer asking whether a link is real is no offender (staff answer the question).
    conditions: { quietWhenAsked: true },
    contentAction: 'suggest_delete',
    memberAction: 'remind',
  },
  {
    id: 'new-member-links',
    name: 'New member posts a link / 新成员发链接',
    category: 'link',
    severity: 'high',
    priority: 30,
    triggers: { detectors: ['url'], behaviour: { newMember: { firstMessages: 3, windowHours: 24 } } },
    conditions: { newMembersOnly: true },
    contentAction: 'suggest_delete',
    memberAction: 'remove',
  },
  {
    id: 'flood',
    name: 'Flooding / 刷屏',
    category: 'flood',
    severity: 'low',
    priority: 10,
    triggers: { behaviour: { floodRate: { count: 6, windowSec: 30 }, floodBurst: { count: 8, maxGapSec: 15 } } },
    contentAction: 'none',
    memberAction: 'remind',
  },
  {
    id: 'spam-shape',
    name: 'Mention, emoji or length spam / 刷@、刷表情、超长消息',
    category: 'flood',
    severity: 'low',
    priority: 5,
    triggers: { detectors: ['mention_spam', 'emoji_spam', 'length_spam'] },
    contentAction: 'suggest_delete',
    memberAction: 'remind',
  },
  {
    id: 'repeat',
    name: 'Repeated messages / 重复消息',
    category: 'repeat',
    severity: 'low',
    priority: 10,
    triggers: { behaviour: { repeat: { count: 3, windowSec: 600, similarity: 0.85, minLength: 6 } } },
    contentAction: 'suggest_delete',
    memberAction: 'remind',
  },
];

export const DEFAULT_RULE_INPUTS: RuleInput[] = [...ZH_RULES, ...EN_RULES, ...COMMON_RULES];

/** The default packs, parsed (so defaults are filled in and a typo fails loudly in tests). */
export const DEFAULT_RULES: Rule[] = DEFAULT_RULE_INPUTS.map((r) => RuleSchema.parse(r));
