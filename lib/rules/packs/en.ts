import type { RuleInput } from '../../model/rule';
import { EN_FAMILIES } from './data/en-families';
import { EN_PROFANITY } from './data/en-profanity';

/**
 * Default English rules, built from the data packs in ./data (sources and licences in
 * README.md there). Latin phrases match whole words after leetspeak folding, so "ass" never
 * fires inside "assessment" while "sh1t" or "f*ck" still do; obscenity's patterns carry
 * their own word-boundary marks ("|ass") and its whitelist ("assassin", "Scunthorpe").
 * Advertising is scored like the Chinese pack: prize, premium-rate and subscription
 * phrases add up, a premium-rate number or a link adds to them.
 */

export const EN_AD_WEIGHTED = [
  ...[...Object.values(EN_FAMILIES.ad).flat(), ...EN_FAMILIES.question].map(([pattern, weight]) => ({ pattern, weight })),
  // Sexual words are no insult, but in a message to a group they lean towards spam.
  ...EN_PROFANITY.sexual.map((pattern) => ({ pattern, weight: 1 })),
];

/** Words and obscenity patterns that count only when aimed at someone (see EN_FAMILIES.aimedOnly). */
const AIMED_ONLY: ReadonlySet<string> = new Set(EN_FAMILIES.aimedOnly);
const bare = (pattern: string) => pattern.replace(/^\|/, '').replace(/\|$/, '');
const AIMED_PROFANITY = EN_PROFANITY.words.filter((p) => AIMED_ONLY.has(bare(p)) || bare(p) === 'pssy');

export const EN_RULES: RuleInput[] = [
  {
    id: 'en-ad',
    name: 'Advertising (weighted signals)',
    category: 'ad',
    severity: 'medium',
    priority: 20,
    triggers: {
      weighted: EN_AD_WEIGHTED,
      detectors: ['phone', 'url', 'email', 'messenger', 'ad_shape_en', 'ad_model_en'],
      detectorWeights: { phone: 1.5, url: 1, email: 0.5, messenger: 1, ad_shape_en: 1.5, ad_model_en: 1 },
      contextWeights: { newDomain: 1, crossGroup: 1.5, newMember: 0.5 },
      regexes: [
        {
          // "txt WIN to 87121", "text GO to: 69988", "txting MOAN to 69888": a keyword sent to a short code.
          pattern: '\\b(?:txt|text|txting|texting|send|reply|sms)\\b[^.\\n]{0,30}?\\bto\\s?:?\\s?[6-8]\\d{4}(?:[^0-9]|$)',
          requires: [' to'],
        },
        {
          // A UK premium-rate number (09…, 087…): nobody posts one to a group but a service charging for it.
          pattern: '(?:^|[^0-9])0(?:9[0-9]|87)[0-9](?:[\\s-]?[0-9]){6,7}(?:[^0-9]|$)',
          requires: ['09', '087'],
        },
        {
          // "Reply DATE now", "txt CLAIM", "send STOP": a keyword in capitals to send back.
          pattern: '\\b(?:reply|REPLY|Reply|txt|TXT|Txt|text|TEXT|Text|send|SEND|Send)\\s+[A-Z]{3,}[0-9]?\\b',
          on: 'original',
          caseInsensitive: false,
          requires: ['reply', 'txt', 'text', 'send'],
        },
        {
          pattern: '(?:make|earn|making|earning)\\s?(?:up to\\s)?\\$\\s?\\d[\\d,]*k?\\s?(?:a|per|every|/)\\s?(?:day|week|hour|daily)',
          // The verb is rarer in chat than "$" (prices), so it decides whether the pattern runs.
          requires: ['mak', 'earn'],
        },
        { pattern: '[£$€]\\s?\\d[\\d,]{2,}\\b', requires: ['£', '$', '€'] },
      ],
    },
    conditions: { minScore: 3 },
    contentAction: 'suggest_delete',
    memberAction: 'remind',
  },
  {
    id: 'en-insult',
    name: 'Insults (English)',
    category: 'insult',
    severity: 'medium',
    priority: 20,
    triggers: {
      keywords: [...new Set(EN_FAMILIES.insult.filter((w) => !AIMED_ONLY.has(w)))],
      allowPhrases: [...EN_FAMILIES.insultAllow],
    },
    contentAction: 'suggest_delete',
    memberAction: 'remind',
  },
  {
    id: 'en-profanity',
    name: 'Profanity (English, obscenity dataset)',
    category: 'insult',
    severity: 'medium',
    priority: 19,
    triggers: {
      keywords: [...EN_PROFANITY.words.filter((p) => !AIMED_PROFANITY.includes(p)), ...EN_FAMILIES.embedded],
      allowPhrases: [...EN_PROFANITY.allow, ...EN_FAMILIES.insultAllow],
      // Patterns say themselves where a word boundary is needed ("|ass"); unmarked ones
      // are found inside longer words ("motherfucking"), the whitelist keeps "Dickens".
      wholeWordLatin: false,
    },
    contentAction: 'suggest_delete',
    memberAction: 'remind',
  },
  {
    id: 'en-aimed-insult',
    name: 'Insults aimed at someone (English)',
    category: 'insult',
    severity: 'medium',
    priority: 18,
    triggers: {
      // Whole words only: "shitload" or "crapshoot" insult nobody.
      keywords: EN_FAMILIES.aimedOnly.map((w) => `|${w}|`),
      allowPhrases: [...EN_PROFANITY.allow, ...EN_FAMILIES.insultAllow],
      wholeWordLatin: false,
    },
    conditions: { aimed: { window: 4, shortMessage: 4 } },
    contentAction: 'suggest_delete',
    memberAction: 'remind',
  },
];
