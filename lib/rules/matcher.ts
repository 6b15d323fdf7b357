import { type Normalized, normalize } from './normalize';

/**
 * Multi-keyword matcher: an Aho–Corasick automaton compiled once over the *folded*
 * normalised form of every keyword, so a keyword and the text it should match went
 * through the same normalisation (one source of truth for evasions).
 *
 * Layout, for speed on lists of thousands of entries:
 * - the alphabet is compressed to the code units that occur in some keyword; a text
 *   character outside it sends the automaton straight back to the root without lookups;
 * - the root's transitions are a dense Int32Array (most steps start there);
 * - other transitions live in one open-addressing hash table of typed arrays;
 * - outputs are a CSR list per state plus a dictionary-suffix link, so reporting is
 *   proportional to the number of hits.
 */

export interface KeywordEntry {
  /** The keyword as a person wrote it; it is normalised at compile time. */
  readonly pattern: string;
  /** Caller's id for the keyword's owner (the engine uses the rule index). */
  readonly tag: number;
  /** An exempt phrase: hits of the same tag inside it are discarded ("滚动" exempts "滚"). */
  readonly allow?: boolean;
  /**
   * Latin keywords match whole words only, so "ass" does not fire in "assessment".
   * 'marked': only where the pattern says so with a leading or trailing "|".
   */
  readonly wholeWord?: boolean | 'marked';
}

/** Hits in normalised-text coordinates, [start, end). Reused between scans. */
export class HitBuffer {
  tags = new Int32Array(64);
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  count = 0;

  clear(): void {
    this.count = 0;
  }

  push(tag: number, start: number, end: number): void {
    if (this.count === this.tags.length) {
      const size = this.count * 2;
      this.tags = grown(this.tags, size);
      this.starts = grown(this.starts, size);
      this.ends = grown(this.ends, size);
    }
    this.tags[this.count] = tag;
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.count++;
  }
}

/** A typed array of `size` holding `array`'s values first: the buffers reused across scans grow by doubling. */
export function grown<T extends Int32Array | Uint8Array>(array: T, size: number): T {
  const next = new (array.constructor as new (length: number) => T)(size);
  next.set(array);
  return next;
}

/** onlyCid for a state without children (character ids start at 1) and for one with several. */
const ONLY_NONE = 0;
const ONLY_MANY = -1;

/** Keeps a scan bounded even for a hostile keyword list and text: hits beyond are dropped. */
export const MAX_HITS_PER_SCAN = 2_000;

function isWordCode(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x5f;
}

interface Payload {
  tag: number;
  allow: boolean;
  boundaryLeft: boolean;
  boundaryRight: boolean;
  length: number;
}

export class KeywordMatcher {
  private readonly charIndex: Uint16Array | Int32Array;
  private readonly rootNext: Int32Array;
  private readonly hashState: Int32Array;
  private readonly hashChar: Int32Array;
  private readonly hashNext: Int32Array;
  /**
   * Most trie states have one child: its character and target sit in these dense arrays,
   * so a step from such a state (or from a leaf, ONLY_NONE) needs no hash probe.
   * ONLY_MANY sends the lookup to the hash table.
   */
  private readonly onlyCid: Int32Array;
  private readonly onlyNext: Int32Array;
  private readonly hashMask: number;
  private readonly fail: Int32Array;
  /** First state on the fail chain (itself included) that has outputs, or 0. */
  private readonly outLink: Int32Array;
  private readonly outStart: Int32Array;
  private readonly outEnd: Int32Array;
  private readonly outPayload: Int32Array;
  private readonly pTag: Int32Array;
  private readonly pAllow: Uint8Array;
  private readonly pLeft: Uint8Array;
  private readonly pRight: Uint8Array;
  private readonly pLen: Int32Array;
  /**
   * Latin single-word keywords for masked words such as "f*ck", by length, a position and
   * the letter there (see maskKey): a masked word is compared only with the keywords of its
   * length that have its first unmasked letter at the same place.
   */
  private readonly maskable: Map<number, { codes: Uint16Array; payload: number }[]>;
  readonly stateCount: number;
  readonly patternCount: number;

  private constructor(entries: readonly KeywordEntry[]) {
    const payloads: Payload[] = [];
    const patterns: Uint16Array[] = [];
    const seen = new Map<string, number>();
    for (const entry of entries) {
      // obscenity's notation: "|ass" needs a word boundary before it, "fuck" none at all
      // (found inside "motherfucker"); a marked pattern ignores the rule's whole-word setting.
      let pattern = entry.pattern;
      const markLeft = pattern.length > 1 && pattern.startsWith('|');
      if (markLeft) pattern = pattern.slice(1);
      const markRight = pattern.length > 1 && pattern.endsWith('|');
      if (markRight) pattern = pattern.slice(0, -1);
      const marked = markLeft || markRight || entry.wholeWord === 'marked';
      const norm = normalize(pattern);
      const codes = norm.folded.subarray(0, norm.length);
      if (codes.length === 0) continue;
      const whole = entry.wholeWord !== false;
      const first = codes[0] as number;
      const last = codes[codes.length - 1] as number;
      const payload: Payload = {
        tag: entry.tag,
        allow: entry.allow === true,
        boundaryLeft: (marked ? markLeft : whole) && isWordCode(first),
        boundaryRight: (marked ? markRight : whole) && isWordCode(last),
        length: codes.length,
      };
      const key = `${String.fromCharCode(...codes)}\u0000${payload.tag}\u0000${payload.allow}\u0000${payload.boundaryLeft}\u0000${payload.boundaryRight}`;
      if (seen.has(key)) continue;
      seen.set(key, payloads.length);
      payloads.push(payload);
      patterns.push(codes);
    }
    this.patternCount = payloads.length;

    // Alphabet compression.
    const charIndex = new Int32Array(0x10000);
    let alphabet = 0;
    for (const codes of patterns) {
      for (const c of codes) if (charIndex[c] === 0) charIndex[c] = ++alphabet;
    }
    // Half the size where the ids fit in 16 bits (always, short of every code unit being in
    // some keyword): the scan looks up every character here, and a smaller table stays in cache.
    this.charIndex = alphabet <= 0xffff ? Uint16Array.from(charIndex) : charIndex;

    // Trie with per-node maps while building; flattened afterwards.
    const children: Map<number, number>[] = [new Map()];
    const outputs: number[][] = [[]];
    patterns.forEach((codes, p) => {
      let s = 0;
      for (const c of codes) {
        const cid = charIndex[c] as number;
        const node = children[s] as Map<number, number>;
        let next = node.get(cid);
        if (next === undefined) {
          next = children.length;
          node.set(cid, next);
          children.push(new Map());
          outputs.push([]);
        }
        s = next;
      }
      (outputs[s] as number[]).push(p);
    });
    const stateCount = children.length;
    this.stateCount = stateCount;

    // Breadth-first failure links.
    const fail = new Int32Array(stateCount);
    const outLink = new Int32Array(stateCount);
    const order: number[] = [];
    const rootNext = new Int32Array(alphabet + 1);
    for (const [cid, next] of children[0] as Map<number, number>) {
      rootNext[cid] = next;
      fail[next] = 0;
      order.push(next);
    }
    for (let q = 0; q < order.length; q++) {
      const s = order[q] as number;
      outLink[s] = (outputs[s] as number[]).length > 0 ? s : outLink[fail[s] as number] as number;
      for (const [cid, next] of children[s] as Map<number, number>) {
        let f = fail[s] as number;
        let target = 0;
        for (;;) {
          const t = f === 0 ? (rootNext[cid] as number) : (children[f] as Map<number, number>).get(cid);
          if (t !== undefined && t !== 0 && t !== next) {
            target = t;
            break;
          }
          if (f === 0) break;
          f = fail[f] as number;
        }
        fail[next] = target;
        order.push(next);
      }
    }
    this.fail = fail;
    this.outLink = outLink;
    this.rootNext = rootNext;

    // Single children in dense arrays, the rest in a hash table.
    this.onlyCid = new Int32Array(stateCount);
    this.onlyNext = new Int32Array(stateCount);
    for (let s = 1; s < stateCount; s++) {
      const node = children[s] as Map<number, number>;
      if (node.size === 0) this.onlyCid[s] = ONLY_NONE;
      else if (node.size > 1) this.onlyCid[s] = ONLY_MANY;
      else {
        for (const [cid, next] of node) {
          this.onlyCid[s] = cid;
          this.onlyNext[s] = next;
        }
      }
    }

    // Hash table for the transitions of states with several children.
    let edges = 0;
    for (let s = 1; s < stateCount; s++) if ((children[s] as Map<number, number>).size > 1) edges += (children[s] as Map<number, number>).size;
    let size = 16;
    while (size < edges * 2) size *= 2;
    this.hashMask = size - 1;
    this.hashState = new Int32Array(size).fill(-1);
    this.hashChar = new Int32Array(size);
    this.hashNext = new Int32Array(size);
    for (let s = 1; s < stateCount; s++) {
      if ((children[s] as Map<number, number>).size <= 1) continue;
      for (const [cid, next] of children[s] as Map<number, number>) {
        let h = hash(s, cid) & this.hashMask;
        while ((this.hashState[h] as number) !== -1) h = (h + 1) & this.hashMask;
        this.hashState[h] = s;
        this.hashChar[h] = cid;
        this.hashNext[h] = next;
      }
    }

    // Outputs in CSR form.
    this.outStart = new Int32Array(stateCount);
    this.outEnd = new Int32Array(stateCount);
    const flat: number[] = [];
    for (let s = 0; s < stateCount; s++) {
      this.outStart[s] = flat.length;
      for (const p of outputs[s] as number[]) flat.push(p);
      this.outEnd[s] = flat.length;
    }
    this.outPayload = Int32Array.from(flat);
    const n = payloads.length;
    this.pTag = new Int32Array(n);
    this.pAllow = new Uint8Array(n);
    this.pLeft = new Uint8Array(n);
    this.pRight = new Uint8Array(n);
    this.pLen = new Int32Array(n);
    this.maskable = new Map();
    payloads.forEach((p, i) => {
      this.pTag[i] = p.tag;
      this.pAllow[i] = p.allow ? 1 : 0;
      this.pLeft[i] = p.boundaryLeft ? 1 : 0;
      this.pRight[i] = p.boundaryRight ? 1 : 0;
      this.pLen[i] = p.length;
      const codes = patterns[i] as Uint16Array;
      if (!p.allow && codes.every((c) => c >= 0x61 && c <= 0x7a) && codes.length >= 3) {
        for (let at = 0; at < codes.length; at++) {
          const key = maskKey(codes.length, at, codes[at] as number);
          let bucket = this.maskable.get(key);
          if (!bucket) {
            bucket = [];
            this.maskable.set(key, bucket);
          }
          bucket.push({ codes, payload: i });
        }
      }
    });
  }

  static compile(entries: readonly KeywordEntry[]): KeywordMatcher {
    return new KeywordMatcher(entries);
  }

  /** The transition of a state with several children (see onlyCid), or -1. */
  private next(state: number, cid: number): number {
    let h = hash(state, cid) & this.hashMask;
    const hs = this.hashState;
    for (;;) {
      const s = hs[h] as number;
      if (s === -1) return -1;
      if (s === state && this.hashChar[h] === cid) return this.hashNext[h] as number;
      h = (h + 1) & this.hashMask;
    }
  }

  /**
   * Scan a normalised text; hits (after allow-list filtering) are appended to `out`.
   * Never throws; cost is linear in the text plus the hits (capped).
   */
  scan(norm: Normalized, out: HitBuffer): void {
    out.clear();
    const text = norm.folded;
    const len = norm.length;
    const charIndex = this.charIndex;
    const rootNext = this.rootNext;
    const fail = this.fail;
    const outLink = this.outLink;
    const onlyCid = this.onlyCid;
    const onlyNext = this.onlyNext;
    let allowCount = 0;
    let state = 0;
    for (let i = 0; i < len; i++) {
      const cid = charIndex[text[i] as number] as number;
      if (cid === 0) {
        state = 0;
        continue;
      }
      for (;;) {
        if (state === 0) {
          state = rootNext[cid] as number;
          break;
        }
        // The single-child test inline; states with several children probe the hash.
        const only = onlyCid[state] as number;
        const nx = only === cid ? (onlyNext[state] as number) : only === ONLY_MANY ? this.next(state, cid) : -1;
        if (nx >= 0) {
          state = nx;
          break;
        }
        state = fail[state] as number;
      }
      let o = outLink[state] as number;
      while (o !== 0) {
        const end = this.outEnd[o] as number;
        for (let k = this.outStart[o] as number; k < end; k++) {
          const p = this.outPayload[k] as number;
          const start = i + 1 - (this.pLen[p] as number);
          if (this.pLeft[p] === 1 && start > 0 && isWordCode(text[start - 1] as number)) continue;
          if (this.pRight[p] === 1 && i + 1 < len && isWordCode(text[i + 1] as number)) continue;
          if (out.count >= MAX_HITS_PER_SCAN) return;
          if (this.pAllow[p] === 1) {
            allowCount++;
            out.push(-1 - (this.pTag[p] as number), start, i + 1);
          } else out.push(this.pTag[p] as number, start, i + 1);
        }
        o = outLink[fail[o] as number] as number;
      }
    }
    if (norm.hasMask && this.maskable.size > 0) this.scanMasked(text, norm.codes, len, out);
    // Without an allow-listed phrase in this text there is nothing to exempt.
    if (allowCount > 0) filterAllowed(out);
  }

  /**
   * Words with symbols standing in for letters ("f*ck", "f#ck", "f@ck", "sh!t", "f_u_c_k"):
   * compared with the Latin keywords of equal length, a mask symbol matching any letter.
   */
  private scanMasked(text: Uint16Array, written: Uint16Array, len: number, out: HitBuffer): void {
    // Allocation-free: a masked word is read at positions from, from + stride, … (stride 2
    // for "f_u_c_k", whose underscores are skipped), so no position list or closure is built.
    let i = 0;
    while (i < len) {
      const c = text[i] as number;
      if (!(isWordCode(c) || isMaskCode(c))) {
        i++;
        continue;
      }
      let j = i;
      let masked = 0;
      let underscores = 0;
      while (j < len && (isWordCode(text[j] as number) || isMaskCode(text[j] as number))) {
        const t = text[j] as number;
        if (isMaskCode(t) || isMaskCode(written[j] as number)) masked++;
        else if (t === 0x5f) underscores++;
        j++;
      }
      // "f_u_c_k": letters with an underscore between each pair are read without them. The
      // underscores then sit at every odd offset, so every masked position is a letter slot
      // and `masked` counts the read word's masks either way.
      let stride = 1;
      let wordLen = j - i;
      if (underscores > 0 && underscores === (wordLen - 1) / 2 && underscoresBetween(text, i, j)) {
        stride = 2;
        wordLen = (wordLen + 1) / 2;
      }
      // At least two real letters, so "***" does not match every keyword.
      if ((masked > 0 || stride === 2) && wordLen - masked >= 2 && !isMaskCode(text[i] as number)) {
        // The first letter not masked picks the keywords to compare (the first letter as
        // written may be a symbol too: "$hit", "@ss").
        let known = 0;
        while (isMaskCode(text[i + known * stride] as number) || isMaskCode(written[i + known * stride] as number)) known++;
        const bucket = this.maskable.get(maskKey(wordLen, known, text[i + known * stride] as number));
        if (bucket !== undefined) {
          for (let b = 0; b < bucket.length; b++) {
            const cand = bucket[b] as { codes: Uint16Array; payload: number };
            let ok = true;
            for (let k = 0; k < wordLen; k++) {
              const p = i + k * stride;
              const t = text[p] as number;
              if (isMaskCode(t) || isMaskCode(written[p] as number)) continue;
              if (t !== cand.codes[k]) {
                ok = false;
                break;
              }
            }
            if (ok && out.count < MAX_HITS_PER_SCAN && !hasHit(out, this.pTag[cand.payload] as number, i, j)) {
              out.push(this.pTag[cand.payload] as number, i, j);
            }
          }
        }
      }
      i = j;
    }
  }
}

/** Whether text[from, to) has an underscore at every odd offset ("f_u_c_k"). */
function underscoresBetween(text: Uint16Array, from: number, to: number): boolean {
  for (let k = from + 1; k < to; k += 2) if (text[k] !== 0x5f) return false;
  return true;
}

/** Bucket of the keywords of `length` letters with `letter` at index `at`. */
function maskKey(length: number, at: number, letter: number): number {
  return (length * 64 + at) * 128 + (letter & 127);
}

/** The plain scan may already have read the word ("@ss" folds to "ass"). */
function hasHit(out: HitBuffer, tag: number, start: number, end: number): boolean {
  for (let k = 0; k < out.count; k++) {
    if (out.tags[k] === tag && out.starts[k] === start && out.ends[k] === end) return true;
  }
  return false;
}

/** Symbols that stand for a letter inside a word: * # % ? and, as written, @ $ !. */
function isMaskCode(c: number): boolean {
  return c === 0x2a || c === 0x23 || c === 0x25 || c === 0x3f || c === 0x40 || c === 0x24 || c === 0x21;
}

function hash(state: number, cid: number): number {
  return (Math.imul(state, 0x9e3779b1) ^ Math.imul(cid, 0x85ebca77)) >>> 0;
}

/** The allow-listed phrases' hits of the current scan, set apart before the buffer is compacted. */
const allowHits = new HitBuffer();

/** Remove hits that lie inside an allow-listed phrase of the same tag; drop allow hits. */
function filterAllowed(out: HitBuffer): void {
  // The compaction below overwrites the buffer as it goes, so the allow hits are copied
  // out first: an allow hit stored before the hit it exempts (both end at the same
  // character) was otherwise overwritten before that hit was checked.
  allowHits.clear();
  const n = out.count;
  for (let r = 0; r < n; r++) {
    const tag = out.tags[r] as number;
    if (tag < 0) allowHits.push(tag, out.starts[r] as number, out.ends[r] as number);
  }
  let w = 0;
  for (let r = 0; r < n; r++) {
    const tag = out.tags[r] as number;
    if (tag < 0) continue;
    const s = out.starts[r] as number;
    const e = out.ends[r] as number;
    let exempt = false;
    for (let k = 0; k < allowHits.count; k++) {
      if (allowHits.tags[k] === -1 - tag && (allowHits.starts[k] as number) <= s && (allowHits.ends[k] as number) >= e) {
        exempt = true;
        break;
      }
    }
    if (exempt) continue;
    out.tags[w] = tag;
    out.starts[w] = s;
    out.ends[w] = e;
    w++;
  }
  out.count = w;
}
