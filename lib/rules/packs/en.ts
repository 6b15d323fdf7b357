import type { RuleInput } from '../../model/rule';

/**
 * Default English rules. Latin keywords match whole words (after leetspeak folding), so
 * "ass" never fires inside "assessment" and "sh1t" or "f*ck" still do.
 */

const AD_STRONG = [
  'work from home', 'working from home', 'make money online', 'earn money from home', 'guaranteed profit',
  'guaranteed profits', 'guaranteed returns', 'guaranteed income', 'crypto signals', 'trading signals',
  'forex signals', 'signal group', 'pump group', 'double your money', 'passive income', 'get rich',
  'cheap followers', 'buy followers', 'followers and likes', 'instagram followers', 'selling gift cards',
  'gift cards for sale', 'onlyfans', 'hot singles', 'sugar daddy', 'instant loan', 'no credit check',
  'bad credit ok', 'binary options', 'bitcoin investment', 'crypto investment', 'investment opportunity',
  'recovery expert', 'hacker for hire', 'fake id', 'casino bonus', 'betting tips', 'fixed matches',
  'earn from home', 'side hustle', 'dm for promo', 'promo for promo',
];

const AD_WEAK = [
  'dm me', 'message me', 'inbox me', 'pm me', 'limited stock', 'limited offer', 'limited time', 'limited spots',
  '% off', 'cheap', 'fast delivery', 'join now', 'join us', 'click here', 'free', 'promo', 'earn', 'profit',
  'income', 'investment', 'opportunity', 'selling', 'gift cards', 'for details', 'no experience', 'daily pay',
  'per day', 'a day', 'crypto', 'bitcoin', 'followers', 'likes', 'guaranteed', 'interested', 'hurry',
];

/** "make $500 a day", "earn $300 per day": amounts of money per unit of time. */
const AD_REGEXES = [
  {
    pattern: '(?:make|earn|making|earning)\\s?(?:up to\\s)?\\$\\s?\\d[\\d,]*k?\\s?(?:a|per|every|/)\\s?(?:day|week|hour|daily)',
    requires: ['$'],
  },
  {
    pattern: '\\$\\s?\\d[\\d,]*k?\\s?(?:a|per|every|/)\\s?(?:day|week|hour)\\b.{0,40}(?:home|dm|message|contact)',
    requires: ['$'],
  },
];

const INSULTS = [
  'idiot', 'idiots', 'idiotic', 'stupid', 'moron', 'morons', 'dumb', 'dumbass', 'fuck', 'fucking', 'fucked',
  'fucker', 'motherfucker', 'fck', 'fuk', 'fuq', 'wtf', 'stfu', 'gtfo', 'shit', 'bullshit', 'shitty', 'bitch',
  'bitches', 'asshole', 'ass', 'bastard', 'retard', 'retarded', 'loser', 'losers', 'scum', 'scumbag', 'jerk',
  'dick', 'dickhead', 'cunt', 'piss off', 'screw you', 'go to hell', 'go die', 'kill yourself', 'kys',
  'shut up', 'trash', 'garbage', 'imbecile', 'cretin', 'twat', 'wanker', 'prick',
];

const INSULT_ALLOW = [
  'trash can', 'trash bin', 'the trash', 'trash folder', 'in trash', 'garbage bag', 'garbage can',
  'garbage collection', 'stupid question', 'dumb question', 'i am stupid', "i'm stupid", 'i was stupid',
  'shut up and take my money',
];

export const EN_RULES: RuleInput[] = [
  {
    id: 'en-ad-strong',
    name: 'Advertising (strong signals)',
    category: 'ad',
    severity: 'medium',
    priority: 20,
    triggers: { keywords: AD_STRONG, regexes: AD_REGEXES },
    contentAction: 'suggest_delete',
    memberAction: 'warn',
  },
  {
    id: 'en-ad-weak',
    name: 'Advertising (several weak signals)',
    category: 'ad',
    severity: 'low',
    priority: 10,
    triggers: { keywords: AD_WEAK },
    conditions: { minHits: 3 },
    contentAction: 'suggest_delete',
    memberAction: 'remind',
  },
  {
    id: 'en-insult',
    name: 'Insults (English)',
    category: 'insult',
    severity: 'medium',
    priority: 20,
    triggers: { keywords: INSULTS, allowPhrases: INSULT_ALLOW },
    contentAction: 'suggest_delete',
    memberAction: 'warn',
  },
];
