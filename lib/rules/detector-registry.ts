import type { DetectorKind } from '../model/rule';
import {
  ALL_CUES,
  type DetectorHit,
  type DetectorOptions,
  detectEmails,
  detectEmojiSpam,
  detectLengthSpam,
  detectMentionSpam,
  detectMessenger,
  detectPhones,
  detectQq,
  detectUrls,
  detectWechat,
} from './detectors';
import { AD_SHAPE_CUE_MASK, detectAdShapes } from './detectors/ad-shape';
import type { Normalized } from './normalize';

/**
 * One place per detector. The engine knows detectors only through this table: what a
 * detector finds (`run`), which `_locales` key explains it to staff (`reason`), whether it
 * reads the rule's own options or one run per message serves every rule (`options`), and
 * whether it looks only for contact details and links (`contactOnly`: a message without
 * digits, dots, "@", "/" or a cue word skips it). A new detector is its own file plus one
 * entry here; its kind goes into DETECTOR_KINDS (the stored rule schema) and its reason
 * into both locales. The Record type makes a missing or extra entry a compile error.
 */
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
  readonly contactOnly: boolean;
  /** Cue bits (see CUE_WORDS, AD_SHAPE_CUES) without any of which the detector finds nothing. */
  readonly cueMask?: number;
  /** Hits that each add the detector's weight to a score (default 1: the kind counts once). */
  readonly countedHits?: number;
  run(input: DetectorInput): readonly DetectorHit[];
}

export const DETECTORS: { readonly [K in DetectorKind]: DetectorDefinition & { readonly kind: K } } = {
  url: {
    kind: 'url',
    reason: 'reason_detail_url',
    options: 'shared',
    contactOnly: true,
    run: ({ norm, original, options, cues }) => detectUrls(norm, options, cues, original),
  },
  phone: { kind: 'phone', reason: 'reason_detail_phone', options: 'shared', contactOnly: true, run: ({ norm }) => detectPhones(norm) },
  qq: { kind: 'qq', reason: 'reason_detail_qq', options: 'shared', contactOnly: true, run: ({ norm, cues }) => detectQq(norm, cues) },
  wechat: {
    kind: 'wechat',
    reason: 'reason_detail_wechat',
    options: 'shared',
    contactOnly: true,
    run: ({ norm, cues }) => detectWechat(norm, cues),
  },
  email: { kind: 'email', reason: 'reason_detail_email', options: 'shared', contactOnly: true, run: ({ norm, cues }) => detectEmails(norm, cues) },
  messenger: {
    kind: 'messenger',
    reason: 'reason_detail_messenger',
    options: 'shared',
    contactOnly: true,
    run: ({ norm, cues }) => detectMessenger(norm, cues),
  },
  mention_spam: {
    kind: 'mention_spam',
    reason: 'reason_detail_mention_spam',
    options: 'per-rule',
    contactOnly: false,
    run: ({ original, options }) => detectMentionSpam(original, options.mentionThreshold),
  },
  emoji_spam: {
    kind: 'emoji_spam',
    reason: 'reason_detail_emoji_spam',
    options: 'per-rule',
    contactOnly: false,
    run: ({ norm, options }) => detectEmojiSpam(norm, options.emojiThreshold),
  },
  length_spam: {
    kind: 'length_spam',
    reason: 'reason_detail_length_spam',
    options: 'per-rule',
    contactOnly: false,
    run: ({ original, options }) => detectLengthSpam(original, options),
  },
  ad_shape: {
    kind: 'ad_shape',
    reason: 'reason_detail_ad_shape',
    options: 'shared',
    contactOnly: false,
    cueMask: AD_SHAPE_CUE_MASK,
    countedHits: 2,
    run: ({ norm, cues }) => detectAdShapes(norm, cues) },
};

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
