import type { Message } from '../../model';

/** What the cache holds for one member: every record of theirs with `ts >= since`, by time then id. */
export interface CachedContext {
  since: number;
  messages: Message[];
}

const byTimeThenId = (a: Message, b: Message) => a.ts - b.ts || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Each member's newest records as the last ingest transactions read and wrote them, so the
 * next batch of a busy chat need not read the same rule context again (it was most of what
 * a 1,000-message transaction read: the newest few dozen records of each of its members).
 * Filled only after a commit, by the ingest (lib/db/repos/ingest.ts), which is the only
 * writer of messages apart from imports and erasures: those call `clear()`. Bounded per
 * member and in total; a member whose entry was trimmed is complete only from the trimmed
 * time on, and the ingest reads the store when it needs more.
 */
export class MemberContextCache {
  private readonly entries = new Map<string, CachedContext>();
  private total = 0;

  constructor(
    private readonly perMember = 64,
    private readonly maxMessages = 20_000,
  ) {}

  /** The member's entry (and marks it recently used), or undefined. */
  get(memberId: string): CachedContext | undefined {
    const entry = this.entries.get(memberId);
    if (entry) {
      this.entries.delete(memberId);
      this.entries.set(memberId, entry);
    }
    return entry;
  }

  /** After a commit: the member's records from `since` on are `messages` (read, plus stored now). */
  set(memberId: string, since: number, messages: readonly Message[]) {
    this.drop(memberId);
    const byId = new Map<string, Message>();
    for (const m of messages) if (m.ts >= since) byId.set(m.id, m);
    const entry = { since, messages: [...byId.values()].sort(byTimeThenId) };
    this.trim(entry);
    this.entries.set(memberId, entry);
    this.total += entry.messages.length;
    this.evict();
  }

  /** After a commit: messages stored now join their member's entry (members without one stay without). */
  add(stored: readonly Message[]) {
    const byMember = new Map<string, Message[]>();
    for (const m of stored) {
      if (!this.entries.has(m.memberId)) continue;
      const list = byMember.get(m.memberId);
      if (list) list.push(m);
      else byMember.set(m.memberId, [m]);
    }
    for (const [memberId, list] of byMember) {
      // (An entry set a moment ago may have pushed this one out.)
      const entry = this.entries.get(memberId);
      if (entry) this.set(memberId, entry.since, [...entry.messages, ...list]);
    }
  }

  clear() {
    this.entries.clear();
    this.total = 0;
  }

  get size() {
    return this.total;
  }

  private drop(memberId: string) {
    const entry = this.entries.get(memberId);
    if (!entry) return;
    this.total -= entry.messages.length;
    this.entries.delete(memberId);
  }

  /** Keeps the newest `perMember`; the entry is then complete only after the oldest one dropped. */
  private trim(entry: CachedContext) {
    const over = entry.messages.length - this.perMember;
    if (over <= 0) return;
    const lastDropped = entry.messages[over - 1] as Message;
    entry.messages = entry.messages.slice(over);
    // Records at the dropped one's time may be missing (ties): completeness starts after it.
    entry.since = Math.max(entry.since, lastDropped.ts + 1);
    entry.messages = entry.messages.filter((m) => m.ts >= entry.since);
  }

  /** Least recently used members go first. */
  private evict() {
    for (const memberId of this.entries.keys()) {
      if (this.total <= this.maxMessages) return;
      this.drop(memberId);
    }
  }
}
