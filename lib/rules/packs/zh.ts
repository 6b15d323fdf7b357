import type { RuleInput } from '../../model/rule';
import { ZH_FAMILIES } from './data/zh-families';
import { ZH_PROFANITY } from './data/zh-profanity';

/**
 * Default Chinese rules for customer groups (banking, service, coupon groups), built from
 * the data packs in ./data (see README.md there for sources and licences).
 *
 * Word lists are written in plain simplified form: the normaliser undoes spacing, full
 * width, traditional characters and the like on both the list and the message, so no
 * variant needs listing twice. Advertising is scored: each phrase carries a weight, and the
 * rule fires when the sum reaches 2 — a strong phrase alone ("刷单") or weak ones together
 * ("私聊" + "日结"), because a bank group's customers legitimately say "贷款", "理财" and
 * "额度" all day. Contact details and links add to the score, questions about a scam lower it.
 */

/** Every combination of one entry per list, in order. */
function spelledOut(parts: readonly (readonly string[])[]): string[] {
  let words: string[] = [''];
  for (const part of parts) words = words.flatMap((w) => part.map((p) => w + p));
  return words;
}

type Phrase = readonly [string, number];
const FAMILY_PHRASES: readonly Phrase[] = [
  ...(Object.values(ZH_FAMILIES.ad) as readonly (readonly Phrase[])[]).flat(),
  ...(ZH_FAMILIES.question as readonly Phrase[]),
];
const familyWords = new Set(FAMILY_PHRASES.map(([pattern]) => pattern));
/** ZH_FAMILIES.adShapes spelled out; a phrase the families already list keeps its own weight. */
const SHAPE_PHRASES: [string, number][] = [];
for (const [parts, weight] of ZH_FAMILIES.adShapes as readonly (readonly [readonly (readonly string[])[], number])[]) {
  for (const phrase of spelledOut(parts)) {
    if (familyWords.has(phrase)) continue;
    familyWords.add(phrase);
    SHAPE_PHRASES.push([phrase, weight]);
  }
}

export const ZH_AD_WEIGHTED = [...FAMILY_PHRASES, ...SHAPE_PHRASES].map(([pattern, weight]) => ({ pattern, weight }));

/**
 * Calling someone an animal or a thing ("你个狗东西", "你这头蠢猪", "你算什么玩意"): each shape in
 * ZH_FAMILIES.insultShapes spelled out in full, so the keyword pass finds them at no extra
 * cost per message and "你这个东西多少钱", "你家狗真可爱" or "你个子多高" stay ordinary.
 */
function insultShapes(): string[] {
  return ZH_FAMILIES.insultShapes.flatMap((shape) => spelledOut(shape));
}

export const ZH_RULES: RuleInput[] = [
  {
    id: 'zh-ad',
    name: '广告（加权特征）',
    category: 'ad',
    severity: 'medium',
    priority: 20,
    triggers: {
      weighted: ZH_AD_WEIGHTED,
      // ad_shape: what a spam family shares whatever its words (an earning rate "日入300",
      // a call to act "需要的找我", a forwarding chain, a price cut; see detectors/ad-shape.ts).
      detectors: ['phone', 'wechat', 'qq', 'messenger', 'url', 'ad_shape', 'ad_model'],
      detectorWeights: { phone: 1, wechat: 1, qq: 1, messenger: 1, url: 1.5, ad_shape: 1, ad_model: 1 },
      // From the background when it knows them; they add to words, never fire alone.
      contextWeights: { newDomain: 0.5, crossGroup: 1, newMember: 0.5 },
    },
    // A phrase in a sentence that asks counts half (lib/rules/asked.ts).
    // A lone phrase fires only from weight 2.5 (strong enough to be spam on its own); see soloWeight.
    conditions: { minScore: 2, askedShare: 0.5, soloWeight: 2.5 },
    contentAction: 'suggest_delete',
    memberAction: 'remind',
  },
  {
    id: 'zh-insult',
    name: '辱骂',
    category: 'insult',
    severity: 'medium',
    priority: 20,
    triggers: {
      keywords: [...new Set([...ZH_FAMILIES.insult, ...ZH_PROFANITY.words, ...insultShapes()])],
      allowPhrases: [...ZH_FAMILIES.insultAllow],
    },
    contentAction: 'suggest_delete',
    memberAction: 'remind',
  },
  {
    id: 'zh-aimed-insult',
    name: '针对他人的辱骂',
    category: 'insult',
    severity: 'medium',
    priority: 18,
    triggers: { keywords: [...ZH_FAMILIES.aimedOnly], allowPhrases: [...ZH_FAMILIES.aimedAllow, ...ZH_FAMILIES.insultAllow] },
    // Each Chinese character is a word here: 你 within four characters ("你是不是傻"). No
    // short-message clause: "我傻了" is three words and insults nobody.
    conditions: { aimed: { window: 4, shortMessage: 0 } },
    contentAction: 'suggest_delete',
    memberAction: 'remind',
  },
];
