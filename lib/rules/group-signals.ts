import { detectUrls } from './detectors';
import { normalize } from './normalize';

/**
 * What the background knows about a message's surroundings, for scored rules: whether a
 * link goes to a domain this group has seen before, and whether the same text was posted in
 * other groups recently. The engine asks; it never reads the store itself.
 */
export interface RuleSignals {
  /** Whether `host` (or a parent domain of it) was posted in this group before. */
  isKnownDomain?(host: string): boolean;
  /** How many other groups saw the same text within the window before this message. */
  readonly sameTextInOtherGroups?: number;
}

export interface GroupSignalsOptions {
  /** How long a text counts as "recent" for repetition across groups (default one day). */
  readonly windowMs?: number;
  /** Texts remembered at most (oldest forgotten first; default 20,000). */
  readonly maxTexts?: number;
  /** Domains remembered per group at most (default 2,000). */
  readonly maxDomainsPerGroup?: number;
}

interface SignalMessage {
  readonly groupId: string;
  readonly text: string;
  readonly ts: number;
}

/**
 * The background's memory of domains per group and of recent texts across groups, kept in
 * memory beside ingest (no read per message) and refilled from the newest stored messages
 * when the worker starts (`warm`). Bounded: the oldest entries go first.
 *
 * A domain becomes known when it is posted in the group in a message not judged to be
 * advertising (staff posting the shop's site, customers sharing a tracking page), so a
 * spammer's second link does not make the domain "known".
 */
export class GroupSignals {
  private readonly windowMs: number;
  private readonly maxTexts: number;
  private readonly maxDomains: number;
  private readonly domains = new Map<string, Set<string>>();
  /** Text fingerprint → group id → last time seen, oldest fingerprint first. */
  private readonly texts = new Map<number, Map<string, number>>();

  constructor(options: GroupSignalsOptions = {}) {
    this.windowMs = options.windowMs ?? 86_400_000;
    this.maxTexts = options.maxTexts ?? 20_000;
    this.maxDomains = options.maxDomainsPerGroup ?? 2_000;
  }

  /** The signals for one message, from what was learnt before it. */
  contextFor(message: SignalMessage): RuleSignals {
    const known = this.domains.get(message.groupId);
    const fp = textFingerprint(message.text);
    let others = 0;
    const seen = fp === null ? undefined : this.texts.get(fp);
    if (seen) {
      for (const [groupId, at] of seen) {
        if (groupId !== message.groupId && at <= message.ts && message.ts - at <= this.windowMs) others++;
      }
    }
    return { sameTextInOtherGroups: others, isKnownDomain: (host) => known !== undefined && knownHost(known, host) };
  }

  /**
   * Remember one message: its text for repetition, its link hosts unless it was judged an
   * ad. `hosts` null: find them here (staff messages, which no rule looks at).
   */
  learn(message: SignalMessage, hosts: readonly string[] | null, judgedAd: boolean): void {
    const fp = textFingerprint(message.text);
    if (fp !== null) {
      const seen = this.texts.get(fp) ?? new Map<string, number>();
      this.texts.delete(fp); // re-inserted as the newest
      seen.set(message.groupId, Math.max(seen.get(message.groupId) ?? 0, message.ts));
      this.texts.set(fp, seen);
      if (this.texts.size > this.maxTexts) this.texts.delete(this.texts.keys().next().value as number);
    }
    if (judgedAd) return;
    const found = hosts ?? hostsOf(message.text);
    if (found.length === 0) return;
    let known = this.domains.get(message.groupId);
    if (!known) {
      known = new Set();
      this.domains.set(message.groupId, known);
    }
    for (const host of found) {
      const h = bareHost(host);
      if (h === '') continue;
      known.delete(h);
      known.add(h);
      if (known.size > this.maxDomains) known.delete(known.values().next().value as string);
    }
  }

  /** Refill from stored messages, oldest first (after a worker restart). */
  warm(messages: readonly (SignalMessage & { readonly kind?: string })[]): void {
    for (const m of messages) if (m.kind === undefined || m.kind === 'message') this.learn(m, null, false);
  }
}

function hostsOf(text: string): string[] {
  if (text.length === 0) return [];
  return detectUrls(normalize(text), {}, undefined, text).flatMap((h) => (h.host ? [h.host] : []));
}

function bareHost(host: string): string {
  return host.toLowerCase().replace(/\.$/, '').replace(/^www\./, '');
}

function knownHost(known: ReadonlySet<string>, host: string): boolean {
  let h = bareHost(host);
  // "shop.example.com" is known when "example.com" is.
  while (h.includes('.')) {
    if (known.has(h)) return true;
    h = h.slice(h.indexOf('.') + 1);
  }
  return false;
}

/**
 * The same message in other words of spacing and punctuation: letters, digits and CJK only,
 * lower case, hashed (FNV-1a). Short texts ("ok", "谢谢") are everywhere and say nothing.
 */
export function textFingerprint(text: string): number | null {
  let hash = 0x811c9dc5;
  let kept = 0;
  const lower = text.length > 2_000 ? text.slice(0, 2_000).toLowerCase() : text.toLowerCase();
  for (let i = 0; i < lower.length; i++) {
    const c = lower.charCodeAt(i);
    const wanted = (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || (c >= 0x3400 && c <= 0x9fff);
    if (!wanted) continue;
    hash ^= c;
    hash = Math.imul(hash, 0x01000193) >>> 0;
    kept++;
  }
  return kept >= 8 ? hash : null;
}
