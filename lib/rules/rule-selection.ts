import type { BehaviourTrigger } from '../model/rule';

/**
 * Which rules a message can make fire, picked before any rule runs.
 *
 * Most rules need something the engine's one keyword pass already knows about: a keyword
 * of theirs (keyword-only rules), one of their weighted phrases (phrase-only scored rules),
 * a detector whose cheap test passed (detector-only rules), or enough recent messages for
 * a flood or repeat (behaviour-only rules). Each message starts from the bits of the rules
 * that always run and sets one bit per rule the keyword pass, the detector tests and the
 * context let through; the rule loop visits only the set bits, in rule order (the order
 * suggestions are built and ties broken in). A rule with no such requirement (a regular
 * expression, a mixed trigger, a score) is always selected and keeps its own checks.
 */

/** What must hold for a rule to be worth running on a message. */
export type RuleNeed =
  | { readonly kind: 'always' }
  /** A plausible hit of one of its keywords or weighted phrases in the keyword pass. */
  | { readonly kind: 'hit' }
  /**
   * A scored rule (positive threshold, no behaviour): a hit of its own, or a detector or
   * pattern of its own that may find something. Context signals alone never make it fire.
   * The engine tests the detectors and patterns (see evaluateMessage).
   */
  | { readonly kind: 'scored' }
  /** A detector of its `detectorMask` (bits as in the engine) may find something. */
  | { readonly kind: 'detector'; readonly detectorMask: number }
  /** Its behaviour triggers could fire with the member's recent messages. */
  | { readonly kind: 'behaviour'; readonly behaviour: BehaviourTrigger };

/**
 * Whether any behaviour trigger could fire for a member with `recentCount` recent messages.
 * Floods and repeats need `count` messages, the current one included, and say nothing below
 * that (floodRate, floodBurst and repeats return null first thing); allowed hours depend
 * on the clock only.
 */
export function behaviourMayFire(b: BehaviourTrigger, recentCount: number): boolean {
  if (b.allowedHours) return true;
  const messages = recentCount + 1;
  return (
    (b.floodRate !== undefined && messages >= b.floodRate.count) ||
    (b.floodBurst !== undefined && messages >= b.floodBurst.count) ||
    (b.repeat !== undefined && messages >= b.repeat.count)
  );
}

/** The smallest recentCount for which behaviourMayFire(b, recentCount) is true (Infinity: never). */
export function fewestRecentToFire(b: BehaviourTrigger): number {
  if (b.allowedHours) return 0;
  let fewest = Number.POSITIVE_INFINITY;
  for (const trigger of [b.floodRate, b.floodBurst, b.repeat]) {
    if (trigger !== undefined) fewest = Math.min(fewest, trigger.count - 1);
  }
  return Math.max(0, fewest);
}

export class RuleSelection {
  readonly ruleCount: number;
  /** Rules selected on every message. */
  private readonly always: Uint32Array;
  /** Detector-only rules: index and detector bits, for the per-message test. */
  private readonly detectorRules: Int32Array;
  private readonly detectorMasks: Int32Array;
  /** Behaviour-only rules and their triggers. */
  private readonly behaviourRules: Int32Array;
  private readonly behaviours: readonly BehaviourTrigger[];
  /**
   * The fewest recent messages with which some behaviour rule may fire (behaviourMayFire only
   * turns true as the count grows): with fewer, addBehaviourRules has nothing to test.
   */
  private readonly fewestRecentToFire: number;
  /** The current message's selection, one bit per rule; reused for every message. */
  private readonly bits: Uint32Array;
  /** The selected rule indices in order, filled by `list`. */
  readonly order: Int32Array;

  constructor(needs: readonly RuleNeed[]) {
    const n = needs.length;
    this.ruleCount = n;
    const words = (n + 31) >>> 5;
    this.always = new Uint32Array(words);
    this.bits = new Uint32Array(words);
    this.order = new Int32Array(n);
    const detectorRules: number[] = [];
    const detectorMasks: number[] = [];
    const behaviourRules: number[] = [];
    const behaviours: BehaviourTrigger[] = [];
    needs.forEach((need, index) => {
      if (need.kind === 'always') setBit(this.always, index);
      else if (need.kind === 'detector') {
        detectorRules.push(index);
        detectorMasks.push(need.detectorMask);
      } else if (need.kind === 'behaviour') {
        behaviourRules.push(index);
        behaviours.push(need.behaviour);
      }
    });
    this.detectorRules = Int32Array.from(detectorRules);
    this.detectorMasks = Int32Array.from(detectorMasks);
    this.behaviourRules = Int32Array.from(behaviourRules);
    this.behaviours = behaviours;
    this.fewestRecentToFire = Math.min(...behaviours.map(fewestRecentToFire));
  }

  /** Start a message: the rules that always run, or every rule (`everything`, for tests). */
  begin(everything: boolean): void {
    const bits = this.bits;
    if (everything) {
      bits.fill(0xffffffff);
      const spare = bits.length * 32 - this.ruleCount;
      if (spare > 0) bits[bits.length - 1] = 0xffffffff >>> spare;
      return;
    }
    // A plain loop: a rule list fits in a word or two, and TypedArray#set costs a call.
    const always = this.always;
    for (let w = 0; w < bits.length; w++) bits[w] = always[w] as number;
  }

  /** A keyword or weighted phrase of rule `index` was found. */
  addHit(index: number): void {
    setBit(this.bits, index);
  }

  /** Detector-only rules whose detectors may find something (`possible`: detector bits). */
  addDetectorRules(possible: number): void {
    if (possible === 0) return; // most messages: no detector may find anything
    const rules = this.detectorRules;
    for (let k = 0; k < rules.length; k++) {
      if (((this.detectorMasks[k] as number) & possible) !== 0) setBit(this.bits, rules[k] as number);
    }
  }

  /** Behaviour-only rules that could fire for a member with `recentCount` recent messages. */
  addBehaviourRules(recentCount: number): void {
    if (recentCount < this.fewestRecentToFire) return;
    const rules = this.behaviourRules;
    for (let k = 0; k < rules.length; k++) {
      if (behaviourMayFire(this.behaviours[k] as BehaviourTrigger, recentCount)) setBit(this.bits, rules[k] as number);
    }
  }

  /** Whether rule `index` is selected for the current message. */
  has(index: number): boolean {
    return ((this.bits[index >>> 5] as number) & (1 << (index & 31))) !== 0;
  }

  /** Write the selected rule indices, ascending, into `order`; returns how many. */
  list(): number {
    const bits = this.bits;
    const order = this.order;
    let count = 0;
    for (let w = 0; w < bits.length; w++) {
      let word = bits[w] as number;
      while (word !== 0) {
        const lowest = word & -word;
        order[count++] = (w << 5) | (31 - Math.clz32(lowest));
        word ^= lowest;
      }
    }
    return count;
  }
}

function setBit(bits: Uint32Array, index: number): void {
  bits[index >>> 5] = (bits[index >>> 5] as number) | (1 << (index & 31));
}
