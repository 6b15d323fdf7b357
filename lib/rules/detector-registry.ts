import type { DetectorKind } from '../model/rule';
import {
  ALL_CUES,
  CUE_MESSENGER,
  CUE_NUMBER_WORD,
  CUE_QQ,
  CUE_WECHAT,
  type DetectorHit,
  type DetectorOptions,
  detectEmails,
  detectEmojiSpam,
  detectLengthSpam,
  detectMentionSpam,
  detectMessenger,
  detectPhones,
  detectUrls,
  detectWechat,
  mayFindEmail,
  mayFindUrl,
  mayBeLengthSpam,
  mayHoldPhone,
  THRESHOLD_DEFAULTS,
  writtenMay,
} from './detectors';
import { adModelMayFind, compileAdModel, detectAdLikeness } from './ad-model';
import { AD_SHAPE_GATE_CUES, detectAdShapes, detectEnAdShapes, EN_AD_SHAPE_GATE_CUES, mayFindAdShape, mayFindEnAdShape } from './detectors/ad-shape';
import { AD_MODEL } from './packs/data/ad-model';
import { AD_MODEL_EN } from './packs/data/ad-model-en';
import { detectQq } from './detectors/qq';
import { HAS_LATIN, MARK_AT, type Normalized } from './normalize';

/**
 * One place per detector. The engine knows detectors only through this table: what a
 * detector finds (`run`), which `_locales` key explains it to staff (`reason`), whether it
 * reads the rule's own options or one run per message serves every rule (`options`), and a
 * cheap test of whether it could find anything at all (`mayFind`: flags of the normalised
 * text and cue words of the engine's one keyword pass; most messages fail it, and the
 * detector and every rule that needs it are skipped). A new detector is its own file plus
 * one entry here; its kind goes into DETECTOR_KINDS (the stored rule schema) and its reason
 * into both locales. The Record type makes a missing or extra entry a compile error.
 */
/** The learned ad-likeness model (lib/rules/ad-model.ts), compiled once. */
const COMPILED_AD_MODEL = compileAdModel(AD_MODEL);
const COMPILED_AD_MODEL_EN = compileAdModel(AD_MODEL_EN);

export interface DetectorInput {
  /** The normalised message (evasions undone); spans come back in original offsets. */
  readonly norm: Normalized;
  readonly original: string;
  readonly options: DetectorOptions;
  /** Cue-word bits from the engine's keyword pass (ALL_CUES when called on its own). */
  readonly cues: number;
}

export interface DetectorDefinition {
  readonly kind: DetectorKind;
  readonly reason: `reason_detail_${DetectorKind}`;
  readonly options: 'shared' | 'per-rule';
  /**
   * False only when `run` would find nothing on this input with `input.options` or with any
   * stricter options (absent: always worth running). The engine asks once per message for
   * every rule, with the loosest options of its rules (loosestDetectorOptions). Must cost
   * far less than `run`: it runs on every message.
   */
  readonly mayFind?: (input: DetectorInput) => boolean;
  /**
   * Cue bits one of which the keyword pass must have seen for `run` to find anything (absent:
   * no such cue). The engine tests them itself before calling mayFind: most messages have
   * none, and a bit test is far cheaper than a call.
   */
  readonly cues?: number;
  /** Hits that each add the detector's weight to a score (default 1: the kind counts once). */
  readonly countedHits?: number;
  /**
   * For a graded detector (its first hit carries `weight`): the most that weight can be, so
   * the engine's upper bound of a score stays an upper bound.
   */
  readonly maxWeight?: number;
  /**
   * Runs for a scored rule only when the rule already found something in the message's words:
   * a keyword, a weighted phrase or an advertising shape (CONTENT detectors). A contact detail
   * or a link is not enough company: "新闻链接 news.163.com/…" is a link, not an ad.
   */
  readonly needsCompany?: boolean;
  run(input: DetectorInput): readonly DetectorHit[];
}

export const DETECTORS: { readonly [K in DetectorKind]: DetectorDefinition & { readonly kind: K } } = {
  url: {
    kind: 'url',
    reason: 'reason_detail_url',
    options: 'shared',
    mayFind: ({ norm, original, cues }) => mayFindUrl(norm, cues, original),
    run: ({ norm, original, options, cues }) => detectUrls(norm, options, cues, original),
  },
  phone: {
    kind: 'phone',
    reason: 'reason_detail_phone',
    options: 'shared',
    // Digits, or a digit spelled as a word (CUE_NUMBER_WORD) in a message with Latin letters.
    mayFind: ({ norm, cues }) => mayHoldPhone(norm) || ((cues & CUE_NUMBER_WORD) !== 0 && (norm.flags & HAS_LATIN) !== 0),
    run: ({ norm, cues }) => detectPhones(norm, cues),
  },
  qq: {
    kind: 'qq',
    reason: 'reason_detail_qq',
    options: 'shared',
    // A QQ number has five digits or more, after a cue.
    cues: CUE_QQ,
    mayFind: ({ norm, cues }) => norm.digitCount >= 5 && (cues & CUE_QQ) !== 0,
    run: ({ norm, cues }) => detectQq(norm, cues),
  },
  wechat: {
    kind: 'wechat',
    reason: 'reason_detail_wechat',
    options: 'shared',
    // An id starts with a Latin letter; a number id has five digits or more.
    cues: CUE_WECHAT,
    mayFind: ({ norm, cues }) => (cues & CUE_WECHAT) !== 0 && ((norm.flags & HAS_LATIN) !== 0 || norm.digitCount >= 5),
    run: ({ norm, cues }) => detectWechat(norm, cues),
  },
  email: {
    kind: 'email',
    reason: 'reason_detail_email',
    options: 'shared',
    mayFind: ({ norm, cues }) => mayFindEmail(norm, cues),
    run: ({ norm, cues }) => detectEmails(norm, cues),
  },
  messenger: {
    kind: 'messenger',
    reason: 'reason_detail_messenger',
    options: 'shared',
    // A handle has Latin letters or at least three digits after "@"; a number seven digits;
    // a name in characters comes after "搜" ("飞书搜 王晓明 就能找到我").
    cues: CUE_MESSENGER,
    mayFind: ({ norm, cues }) =>
      (cues & CUE_MESSENGER) !== 0 && ((norm.flags & HAS_LATIN) !== 0 || norm.digitCount >= 3 || norm.codes.subarray(0, norm.length).includes(0x641c /* 搜 */)),
    run: ({ norm, cues }) => detectMessenger(norm, cues),
  },
  mention_spam: {
    kind: 'mention_spam',
    reason: 'reason_detail_mention_spam',
    options: 'per-rule',
    // The normaliser saw every "@" as written, so the original is not searched again here.
    mayFind: ({ norm }) => writtenMay(norm, MARK_AT),
    run: ({ original, options }) => detectMentionSpam(original, options.mentionThreshold),
  },
  emoji_spam: {
    kind: 'emoji_spam',
    reason: 'reason_detail_emoji_spam',
    options: 'per-rule',
    mayFind: ({ norm, options }) => norm.emojiCount >= (options.emojiThreshold ?? THRESHOLD_DEFAULTS.emojiThreshold),
    run: ({ norm, options }) => detectEmojiSpam(norm, options.emojiThreshold),
  },
  length_spam: {
    kind: 'length_spam',
    reason: 'reason_detail_length_spam',
    options: 'per-rule',
    // Most messages are too short to pass any of the three limits: no scan of the text.
    mayFind: ({ original, options }) => mayBeLengthSpam(original.length, options),
    run: ({ original, options }) => detectLengthSpam(original, options),
  },
  ad_shape: {
    kind: 'ad_shape',
    reason: 'reason_detail_ad_shape',
    options: 'shared',
    cues: AD_SHAPE_GATE_CUES,
    mayFind: ({ cues }) => mayFindAdShape(cues),
    countedHits: 2,
    run: ({ norm, cues }) => detectAdShapes(norm, cues),
  },
  ad_shape_en: {
    kind: 'ad_shape_en',
    reason: 'reason_detail_ad_shape_en',
    options: 'shared',
    cues: EN_AD_SHAPE_GATE_CUES,
    mayFind: ({ cues }) => mayFindEnAdShape(cues),
    countedHits: 2,
    run: ({ norm, cues }) => detectEnAdShapes(norm, cues),
  },
  ad_model: {
    kind: 'ad_model',
    reason: 'reason_detail_ad_model',
    options: 'shared',
    // It strengthens what a message's words say and never stands alone (needsCompany), which
    // also keeps it off the messages no rule has anything to say about: scoring every
    // message would cost more than the whole engine may.
    needsCompany: true,
    maxWeight: AD_MODEL.max,
    run: ({ norm }) => detectAdLikeness(COMPILED_AD_MODEL, norm),
  },
  ad_model_en: {
    kind: 'ad_model_en',
    reason: 'reason_detail_ad_model_en',
    options: 'shared',
    // The English model reads chat offers in wordings no list holds ("Lash extensions at home,
    // new clients get 40% off"), which have no phrase to keep it company, so it is not deferred;
    // its grading gives a lone opinion the full weight only where cross-validation flagged no
    // ordinary message (scripts/ad-model-en-calibration.json). It reads messages with Latin
    // letters and no Chinese character only (AdModelData.latinOnly), as it was trained, and
    // its gate runs the model itself: most messages it reads are ordinary (logit below the
    // grading's offset), and then the rule has nothing to gain from it.
    maxWeight: AD_MODEL_EN.max,
    mayFind: ({ norm }) => adModelMayFind(COMPILED_AD_MODEL_EN, norm),
    run: ({ norm }) => detectAdLikeness(COMPILED_AD_MODEL_EN, norm, 'ad_model_en'),
  },
};

/**
 * Thresholds at least as loose as each of `options` (every one at its lowest, a default
 * where a rule leaves it out): a gate that finds nothing with them finds nothing for any of
 * those rules. Other options (allowDomains) are left out: no gate reads them.
 */
export function loosestDetectorOptions(options: readonly DetectorOptions[]): DetectorOptions {
  const loosest: { -readonly [K in keyof typeof THRESHOLD_DEFAULTS]?: number } = {};
  if (options.length === 0) return loosest;
  for (const key of Object.keys(THRESHOLD_DEFAULTS) as (keyof typeof THRESHOLD_DEFAULTS)[]) {
    let lowest: number = THRESHOLD_DEFAULTS[key];
    let first = true;
    for (const o of options) {
      const value = o[key] ?? THRESHOLD_DEFAULTS[key];
      if (first || value < lowest) lowest = value;
      first = false;
    }
    loosest[key] = lowest;
  }
  return loosest;
}

/** Run one detector by kind (tests and tools; the engine caches shared results per message). */
export function runDetector(
  kind: DetectorKind,
  norm: Normalized,
  original: string,
  options: DetectorOptions = {},
  cues: number = ALL_CUES,
): readonly DetectorHit[] {
  return DETECTORS[kind].run({ norm, original, options, cues });
}
