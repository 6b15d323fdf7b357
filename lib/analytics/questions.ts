import type { Message } from '../model';
import { type BusinessHours, businessMsBetween } from './business-hours';
import { DEFAULT_HEALTH_CONFIG, type GroupHealthConfig } from './health-config';

const ZH_QUESTION = /[?？]|请问|怎么|怎样|如何|什么|为什么|为啥|哪[里儿个些]?|多少|几[点天号时个]|能不能|可不可以|有没有|是不是|是否|有人吗|吗[\s。！!~～]*$|呢[\s。！!~～]*$/u;
const EN_QUESTION = /\?|^\s*(how|what|when|why|where|who|which|can|could|is|are|do|does|did|will|would|should|may)\b|\b(please help|any update|anyone there)\b/i;

/**
 * Requests and complaints that wait for staff as much as a question does, though nothing in
 * them asks ("我的订单一直没到账，查一下", "please check my order", "still haven't received
 * it"). Verbs that only ask someone to act, so thanks ("谢谢帮忙", "麻烦了") and chat
 * ("大家看一下") stay out.
 */
const ZH_REQUEST = /帮我|帮忙(看|查|处理|催|问)|麻烦(你|您)?(帮|看|查|处理|催|回复|问|尽快)|(查|催|处理|回复)一下|怎么回事|还没(有)?(到|收到|发货|退|回复|处理)|一直没|没到账|没收到/u;
const EN_REQUEST = /\b(please (check|help|look|reply|respond|advise|confirm|fix)|help me|still (haven'?t|hasn'?t|not|no|waiting)|(hasn'?t|has not) (arrived|shipped|come)|(haven'?t|have not) (received|got)|not (received|arrived) yet|i need (help|a refund|to know))\b/i;

/** A customer message staff are expected to answer. Heuristic, tuned for service groups. */
export function isQuestion(text: string): boolean {
  const t = text.trim();
  return t.length > 1 && (ZH_QUESTION.test(t) || EN_QUESTION.test(t) || ZH_REQUEST.test(t) || EN_REQUEST.test(t));
}

/** How a question ended. */
export type QuestionEnd = 'staff' | 'member' | 'marked' | 'never' | 'left';

/** What staff said about a message by hand, from the waiting list. */
export type QuestionMark = 'answered' | 'not-question';

export interface Question {
  message: Message;
  /** A question asked within the follow-up window after the same member was answered: its response time is a next-response time. */
  followUp: boolean;
  end: QuestionEnd | null;
  /** When it ended (the answer's time, the mark's time, or when it ran out). */
  endedAt: number | null;
  /** The message that answered it (staff or another member). */
  answer: Message | null;
  /** Calendar time from question to a staff or member answer. */
  responseMs: number | null;
  /** The same within the group's business hours. */
  businessResponseMs: number | null;
}

export interface QuestionOptions {
  now: number;
  config?: GroupHealthConfig;
  hours?: BusinessHours | null;
  /** Messages a rule flagged (insults, ads…): never questions. */
  flagged?: ReadonlySet<string>;
  /** Marks staff set by hand, by message id, with when they set them. */
  marks?: ReadonlyMap<string, { mark: QuestionMark; at: number }>;
}

/** A reply up to this long before the question it addresses is clock skew between senders, not an answer given in advance. */
export const SKEW_TOLERANCE_MS = 60_000;
/** A question asked this soon after the same member was answered continues that conversation. */
export const FOLLOW_UP_WINDOW_MS = 60 * 60_000;
/** Quotes shorter than this say nothing about which message they quote. */
const MIN_QUOTE = 4;

const fold = (text: string) => text.toLowerCase().replace(/\s+/g, ' ').trim();
// An open question's text is compared with every later message until it ends: folded once.
const foldedQuestions = new WeakMap<Message, string>();
const foldedText = (message: Message) => {
  let folded = foldedQuestions.get(message);
  if (folded === undefined) {
    folded = fold(message.text);
    foldedQuestions.set(message, folded);
  }
  return folded;
};

const HAN_RUN = /[\u3400-\u9fff]+/gu;
const WORD = /[a-z0-9]{3,}/g;
/** Content terms of a text: Han character pairs and Latin words, to tell which of a member's questions a reply is about. */
function terms(text: string): Set<string> {
  const folded = fold(text);
  const found = new Set<string>();
  for (const run of folded.match(HAN_RUN) ?? []) for (let i = 0; i + 1 < run.length; i++) found.add(run.slice(i, i + 2));
  for (const word of folded.match(WORD) ?? []) found.add(word);
  return found;
}

/**
 * The UTF-16 pair at `i` as one number: the indexes below look up every position of every
 * message, and a number key costs no string slice (the slices were most of reading a busy
 * group's waiting list, replayed on every sidebar re-read).
 */
const pairAt = (text: string, i: number) => text.charCodeAt(i) * 65_536 + text.charCodeAt(i + 1);

interface Addressed {
  /** Members named in the text (`@name` or the name itself). */
  members: Set<string>;
  /** Questions whose text the message quotes. */
  quoted: Set<string>;
}

/**
 * Open questions under the first `keyLength` characters of their folded text, with how many
 * keys start with each character pair (most positions of a message start none: one number
 * lookup, no slice). Closed questions leave lazily, when a lookup meets them.
 */
class QuoteIndex {
  private readonly byKey = new Map<string, Question[]>();
  private readonly pairs = new Map<number, number>();
  constructor(readonly keyLength: number) {}

  add(q: Question, asked: string) {
    const key = asked.slice(0, this.keyLength);
    const bucket = this.byKey.get(key);
    if (bucket) bucket.push(q);
    else {
      this.byKey.set(key, [q]);
      const pair = pairAt(key, 0);
      this.pairs.set(pair, (this.pairs.get(pair) ?? 0) + 1);
    }
  }

  /** Open questions filed under the key that starts at `i` in `text`, closed ones dropped. */
  at(text: string, i: number): Question[] {
    if (i + this.keyLength > text.length || !this.pairs.has(pairAt(text, i))) return [];
    const key = text.slice(i, i + this.keyLength);
    const bucket = this.byKey.get(key);
    if (!bucket) return [];
    // Questions end by close(), which sets `end`: they are dropped here.
    let live = 0;
    for (const q of bucket) if (q.end === null) bucket[live++] = q;
    bucket.length = live;
    if (live === 0) {
      this.byKey.delete(key);
      const pair = pairAt(key, 0);
      const left = (this.pairs.get(pair) ?? 1) - 1;
      if (left > 0) this.pairs.set(pair, left);
      else this.pairs.delete(pair);
    }
    return bucket;
  }
}

/**
 * Quote keys get longer with the question: a busy group's questions share their first words
 * ("请问 年费…"), and one key of MIN_QUOTE characters put hundreds of them in one bucket, each
 * compared with every message that contains those words (most of the waiting list's replay).
 * A question is filed under the first 16 characters of its text, or 8, or MIN_QUOTE when it
 * is shorter; a message holding the question holds its key where the question starts.
 */
const QUOTE_KEY_LENGTHS = [16, 8, MIN_QUOTE] as const;

/**
 * The open questions, indexed for `addressedBy`: each asker's open questions (in the order
 * they were opened), and each question under the start of its folded text (QuoteIndex). A
 * message quoting a question contains that start somewhere, so looking up each position of
 * the message finds every question it can quote, instead of comparing the message with the
 * whole backlog (thousands of open questions made reading a long history quadratic).
 */
export class OpenQuestions {
  private readonly order = new WeakMap<Question, number>();
  private next = 0;
  readonly byMember = new Map<string, Question[]>();
  private readonly quoteIndexes = QUOTE_KEY_LENGTHS.map((length) => new QuoteIndex(length));

  add(q: Question) {
    this.order.set(q, this.next++);
    const mine = this.byMember.get(q.message.memberId);
    if (mine) mine.push(q);
    else this.byMember.set(q.message.memberId, [q]);
    const asked = foldedText(q.message);
    if (asked.length < MIN_QUOTE) return;
    this.quoteIndexes.find((index) => asked.length >= index.keyLength)?.add(q, asked);
  }

  remove(q: Question) {
    const mine = this.byMember.get(q.message.memberId);
    if (!mine) return;
    const at = mine.indexOf(q);
    if (at >= 0) mine.splice(at, 1);
    if (mine.length === 0) this.byMember.delete(q.message.memberId);
  }

  /** Position in the open list (the list keeps the order questions were opened in). */
  rank(q: Question): number {
    return this.order.get(q) ?? 0;
  }

  /** Open questions whose folded text occurs in `text` at position `i`. */
  quotedAt(text: string, i: number): Question[] {
    const found: Question[] = [];
    for (const index of this.quoteIndexes) for (const q of index.at(text, i)) if (text.startsWith(foldedText(q.message), i)) found.push(q);
    return found;
  }
}

/**
 * Members' folded names, indexed by their first two characters (names of one character are
 * never looked for). Which names a text contains is found by looking up each of its character
 * pairs, not by searching the text for every name: with hundreds of askers waiting, that was
 * hundreds of searches per message, and the largest part of reading a busy group.
 */
export class NameIndex {
  private readonly byMember = new Map<string, string>();
  /** By the name's first two characters (pairAt). */
  private readonly byStart = new Map<number, Set<string>>();

  constructor(entries: Iterable<readonly [string, string]> = []) {
    for (const [memberId, name] of entries) this.set(memberId, name);
  }

  get(memberId: string): string | undefined {
    return this.byMember.get(memberId);
  }

  set(memberId: string, name: string): void {
    const before = this.byMember.get(memberId);
    if (before === name) return;
    if (before !== undefined && before.length > 1) {
      const bucket = this.byStart.get(pairAt(before, 0));
      bucket?.delete(memberId);
      if (bucket?.size === 0) this.byStart.delete(pairAt(before, 0));
    }
    this.byMember.set(memberId, name);
    if (name.length < 2) return;
    const start = pairAt(name, 0);
    const bucket = this.byStart.get(start);
    if (bucket) bucket.add(memberId);
    else this.byStart.set(start, new Set([memberId]));
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.byMember[Symbol.iterator]();
  }

  /** Members whose name (two characters or more) occurs in `text`. */
  namedIn(text: string): Set<string> {
    const found = new Set<string>();
    for (let i = 0; i + 1 < text.length; i++) {
      const candidates = this.byStart.get(pairAt(text, i));
      if (!candidates) continue;
      for (const memberId of candidates) if (!found.has(memberId) && text.startsWith(this.byMember.get(memberId) as string, i)) found.add(memberId);
    }
    return found;
  }
}

/**
 * Who a message speaks to. Chats show a reply as the quoted text plus the answer, so a
 * message containing an open question's text quotes it; a mention is the member's name in
 * the text. Names of one character match too much of Chinese text to mean anything. Both
 * come out in the order of the open list (the askers by their first open question).
 */
function addressedBy(message: Message, names: NameIndex, open: OpenQuestions): Addressed {
  const members = new Set<string>();
  const quoted = new Set<string>();
  if (open.byMember.size === 0) return { members, quoted };
  const text = fold(message.text);
  // Only askers with an open question can be answered; the names in the text are found through the index.
  const named: Array<[number, string]> = [];
  for (const memberId of names.namedIn(text)) {
    if (memberId === message.memberId) continue;
    const mine = open.byMember.get(memberId);
    if (mine) named.push([open.rank(mine[0] as Question), memberId]);
  }
  named.sort((x, y) => x[0] - y[0]);
  for (const [, memberId] of named) members.add(memberId);
  const found = new Set<Question>();
  for (let i = 0; i + MIN_QUOTE <= text.length; i++) {
    for (const question of open.quotedAt(text, i)) {
      if (question.message.memberId === message.memberId) continue;
      // A message that is only the question's text repeats it; it does not quote it.
      if (text.length > foldedText(question.message).length) found.add(question);
    }
  }
  for (const question of [...found].sort((x, y) => open.rank(x) - open.rank(y))) quoted.add(question.message.id);
  return { members, quoted };
}

function close(question: Question, end: QuestionEnd, answer: Message | null, at: number, hours: BusinessHours | null) {
  question.end = end;
  question.endedAt = at;
  question.answer = answer;
  if (answer) {
    const answeredAt = Math.max(answer.ts, question.message.ts);
    question.responseMs = answeredAt - question.message.ts;
    question.businessResponseMs = businessMsBetween(question.message.ts, answeredAt, hours);
  }
}

/** What a tracker must remember to go on with later messages (stored per group with the aggregates). */
export interface QuestionTrackerState {
  /** Newest message fed (ts, readAt): later messages continue from here; earlier ones need a recount. */
  lastTs: number;
  lastReadAt: number;
  open: Array<{ message: Message; followUp: boolean }>;
  /** Ids of open questions asked since the last staff message, in order. */
  sinceLastStaff: string[];
  /** Folded names of members with an open question. */
  names: Array<[string, string]>;
  lastAnsweredAt: Array<[string, number]>;
  recentReplies: Message[];
  repliedTo: string[];
}

/**
 * Questions of one group, fed messages in time order, so the background can go on from
 * where the last batch stopped (its state is small: open questions and a few recent
 * replies) instead of re-reading a day of messages per batch.
 *
 * A customer message that asks something opens a question (staff, bots and unknown
 * authors never do; nor do messages a rule flagged or staff marked "not a question").
 * One answer closes one question:
 * - a staff message quoting a question closes that one; naming a member closes that
 *   member's open question the reply shares most words with, or their latest (naming two
 *   members answers one of each);
 * - a staff message naming nobody closes the latest question asked since the previous
 *   staff message, when the group answers by "next staff message";
 * - another customer quoting or naming the asker closes it as answered by a member;
 * - a mark by hand closes it at the mark's time; the asker leaving ends it;
 * - a question still open `neverAfterHours` after it was asked ends as never answered.
 */
export class QuestionTracker {
  private readonly config: GroupHealthConfig;
  private readonly hours: BusinessHours | null;
  private readonly neverMs: number;
  private readonly flagged: ReadonlySet<string> | undefined;
  private readonly marks: QuestionOptions['marks'];
  private open: Question[] = [];
  /** Whether `open` is ordered by the questions' time (it is unless a restored state was not): expire() relies on it. */
  private openInTimeOrder = true;
  /** The same questions, indexed for finding who a message answers (kept with `open`). */
  private readonly openIndex = new OpenQuestions();
  private names = new NameIndex();
  private lastAnsweredAt = new Map<string, number>();
  // Staff replies that addressed someone, kept briefly so a question time-stamped just
  // after its answer (the asker's clock ahead of staff's) is still matched to it.
  private recentReplies: Message[] = [];
  // Which staff replies already answered a question of which member (one each).
  private repliedTo = new Set<string>();
  private sinceLastStaff: Question[] = [];
  /** Questions opened or ended since the last `takeTouched`. */
  private touched = new Set<Question>();
  lastTs = Number.NEGATIVE_INFINITY;
  lastReadAt = Number.NEGATIVE_INFINITY;

  constructor(options: Omit<QuestionOptions, 'now'>, state?: QuestionTrackerState) {
    this.config = options.config ?? DEFAULT_HEALTH_CONFIG;
    this.hours = options.hours ?? null;
    this.neverMs = this.config.neverAfterHours * 3_600_000;
    this.flagged = options.flagged;
    this.marks = options.marks;
    if (state) {
      this.lastTs = state.lastTs;
      this.lastReadAt = state.lastReadAt;
      this.open = state.open.map(({ message, followUp }) => ({ message, followUp, end: null, endedAt: null, answer: null, responseMs: null, businessResponseMs: null }));
      this.openInTimeOrder = this.open.every((q, i) => i === 0 || (this.open[i - 1] as Question).message.ts <= q.message.ts);
      for (const q of this.open) this.openIndex.add(q);
      const byId = new Map(this.open.map((q) => [q.message.id, q]));
      this.sinceLastStaff = state.sinceLastStaff.map((id) => byId.get(id)).filter((q): q is Question => q !== undefined);
      this.names = new NameIndex(state.names);
      this.lastAnsweredAt = new Map(state.lastAnsweredAt);
      this.recentReplies = [...state.recentReplies];
      this.repliedTo = new Set(state.repliedTo);
    }
  }

  /** Whether a message can be fed after what was fed already (not older than the newest). */
  accepts(message: Message): boolean {
    return message.ts > this.lastTs || (message.ts === this.lastTs && message.readAt >= this.lastReadAt);
  }

  private expire(until: number) {
    // Messages are fed oldest first, so open questions are in time order and the ones that ran
    // out are at the front: most messages end no question, and finding that must not walk
    // thousands of open questions per message (a day's replay of a busy group was quadratic).
    if (this.openInTimeOrder) {
      const first = this.open[0];
      if (!first || first.message.ts + this.neverMs > until) return;
    }
    for (let i = this.open.length - 1; i >= 0; i--) {
      const q = this.open[i] as Question;
      if (q.message.ts + this.neverMs <= until) {
        close(q, 'never', null, q.message.ts + this.neverMs, this.hours);
        this.open.splice(i, 1);
        this.openIndex.remove(q);
        // An expired question is no longer the one the next staff message answers.
        this.sinceLastStaff = this.sinceLastStaff.filter((s) => s !== q);
        this.touched.add(q);
      }
    }
  }

  private finish(q: Question, end: QuestionEnd, answer: Message | null, at: number) {
    close(q, end, answer, at, this.hours);
    const index = this.open.indexOf(q);
    if (index >= 0) this.open.splice(index, 1);
    this.openIndex.remove(q);
    this.sinceLastStaff = this.sinceLastStaff.filter((s) => s !== q);
    this.touched.add(q);
    if (end === 'staff') {
      this.lastAnsweredAt.set(q.message.memberId, at);
      if (answer) this.repliedTo.add(`${answer.id}\u0000${q.message.memberId}`);
    }
  }

  private openOfMemberFor(memberId: string, reply: Message) {
    const mine = this.open.filter((q) => q.message.memberId === memberId);
    if (mine.length <= 1) return mine[0];
    // Several open questions: the one the reply talks about, else the latest (the one on screen).
    const replyTerms = terms(reply.text);
    let best = mine[mine.length - 1] as Question;
    let bestScore = 0;
    for (const q of mine) {
      let score = 0;
      for (const term of terms(q.message.text)) if (replyTerms.has(term)) score++;
      if (score > bestScore || (score === bestScore && score > 0 && q.message.ts > best.message.ts)) {
        best = q;
        bestScore = score;
      }
    }
    return best;
  }

  private answerAddressed(message: Message, addressed: Addressed, end: 'staff' | 'member'): number {
    let closed = 0;
    const quotedMembers = new Set<string>();
    for (const id of addressed.quoted) {
      const q = this.open.find((o) => o.message.id === id);
      if (q) {
        quotedMembers.add(q.message.memberId);
        this.finish(q, end, message, message.ts);
        closed++;
      }
    }
    for (const memberId of addressed.members) {
      // A quote of this member's question already answered them.
      if (quotedMembers.has(memberId)) continue;
      const q = this.openOfMemberFor(memberId, message);
      if (q) {
        this.finish(q, end, message, message.ts);
        closed++;
      }
    }
    return closed;
  }

  /** One message, not older than the ones fed before (see `accepts`). */
  feed(message: Message): void {
    if (message.ts > this.lastTs || (message.ts === this.lastTs && message.readAt > this.lastReadAt)) {
      this.lastTs = message.ts;
      this.lastReadAt = message.readAt;
    }
    this.expire(message.ts);
    const mark = this.marks?.get(message.id);
    if (message.kind === 'leave' || message.kind === 'kick') {
      for (const q of this.open.filter((o) => o.message.memberId === message.memberId)) this.finish(q, 'left', null, message.ts);
      return;
    }
    if (message.kind !== 'message') return;
    if (message.role === 'staff') {
      const addressed = addressedBy(message, this.names, this.openIndex);
      this.answerAddressed(message, addressed, 'staff');
      // An @mention of anyone (a question or not) is a reply to them, not to the latest asker.
      const namedSomeone = addressed.members.size > 0 || addressed.quoted.size > 0 || /[@＠]\S/.test(message.text);
      if (!namedSomeone && this.config.nextStaffMessageAnswers) {
        const latest = this.sinceLastStaff.at(-1);
        if (latest) this.finish(latest, 'staff', message, message.ts);
      }
      this.recentReplies.push(message);
      while (this.recentReplies.length && (this.recentReplies[0] as Message).ts < message.ts - SKEW_TOLERANCE_MS) this.recentReplies.shift();
      this.sinceLastStaff = [];
      return;
    }
    if (message.role !== 'customer') return;
    if (message.authorName.trim().length > 1) this.names.set(message.memberId, fold(message.authorName));

    const addressed = addressedBy(message, this.names, this.openIndex);
    // A customer answering another customer is not asking staff anything.
    if (this.answerAddressed(message, addressed, 'member') > 0) return;

    const asks = this.config.everyMessageIsQuestion ? message.text.trim().length > 0 : isQuestion(message.text);
    if (!asks || this.flagged?.has(message.id) || mark?.mark === 'not-question') return;
    const answeredBefore = this.lastAnsweredAt.get(message.memberId);
    const question: Question = {
      message,
      followUp: answeredBefore !== undefined && message.ts - answeredBefore <= FOLLOW_UP_WINDOW_MS,
      end: null,
      endedAt: null,
      answer: null,
      responseMs: null,
      businessResponseMs: null,
    };
    this.touched.add(question);
    const askerName = fold(message.authorName);
    const early = this.recentReplies.find(
      (reply) =>
        reply.ts >= message.ts - SKEW_TOLERANCE_MS &&
        askerName.length > 1 &&
        fold(reply.text).includes(askerName) &&
        !this.repliedTo.has(`${reply.id}\u0000${message.memberId}`),
    );
    if (early) {
      this.repliedTo.add(`${early.id}\u0000${message.memberId}`);
      close(question, 'staff', early, message.ts, this.hours);
      this.lastAnsweredAt.set(message.memberId, message.ts);
      return;
    }
    const newest = this.open.at(-1);
    if (newest && newest.message.ts > question.message.ts) this.openInTimeOrder = false;
    this.open.push(question);
    this.openIndex.add(question);
    this.sinceLastStaff.push(question);
  }

  /**
   * How a question stands at `now`: an open one past the limit ends as never answered, and
   * one staff marked "answered" ends at the mark's time. Applied to a copy: a later message
   * older than `now` must still find the question open in the state.
   */
  private viewAt(q: Question, now: number): Question {
    if (q.end !== null) return q;
    if (q.message.ts + this.neverMs <= now) {
      const copy = { ...q };
      close(copy, 'never', null, q.message.ts + this.neverMs, this.hours);
      return copy;
    }
    const mark = this.marks?.get(q.message.id);
    if (mark?.mark === 'answered') {
      const copy = { ...q };
      close(copy, 'marked', null, Math.max(mark.at, q.message.ts), this.hours);
      return copy;
    }
    return q;
  }

  /** Questions opened or ended since the last call, and every open one, as they stand at `now`. */
  takeTouched(now: number): Question[] {
    const found = new Set(this.touched);
    for (const q of this.open) found.add(q);
    this.touched = new Set();
    return [...found].sort((a, b) => a.message.ts - b.message.ts || a.message.readAt - b.message.readAt).map((q) => this.viewAt(q, now));
  }

  /** Ids of the questions the tracker still holds open (whatever `now` makes of them). */
  openIds(): Set<string> {
    return new Set(this.open.map((q) => q.message.id));
  }

  /** Questions still open at `now`, oldest first. */
  openAt(now: number): Question[] {
    return this.open.map((q) => this.viewAt(q, now)).filter((q) => q.end === null);
  }

  state(): QuestionTrackerState {
    const openMembers = new Set(this.open.map((q) => q.message.memberId));
    // Older than these windows, a remembered answer or reply can no longer matter to a later message.
    const replies = this.recentReplies.filter((m) => m.ts >= this.lastTs - SKEW_TOLERANCE_MS);
    const replyIds = new Set(replies.map((m) => m.id));
    return {
      lastTs: this.lastTs,
      lastReadAt: this.lastReadAt,
      open: this.open.map((q) => ({ message: q.message, followUp: q.followUp })),
      sinceLastStaff: this.sinceLastStaff.map((q) => q.message.id),
      names: [...this.names].filter(([id]) => openMembers.has(id)),
      lastAnsweredAt: [...this.lastAnsweredAt].filter(([, at]) => at >= this.lastTs - FOLLOW_UP_WINDOW_MS),
      recentReplies: replies,
      repliedTo: [...this.repliedTo].filter((key) => replyIds.has(key.slice(0, key.indexOf('\u0000')))),
    };
  }
}

/** Messages in the order questions are worked out: by time, ties by when they were read. */
export const questionOrder = (a: Message, b: Message) => a.ts - b.ts || a.readAt - b.readAt;

/** Every question in one group's messages and how it ended at `now`, oldest first (see QuestionTracker). */
export function buildQuestions(messages: readonly Message[], options: QuestionOptions): Question[] {
  const tracker = new QuestionTracker(options);
  for (const message of [...messages].sort(questionOrder)) tracker.feed(message);
  return tracker.takeTouched(options.now);
}

export type WaitingLevel = 'ok' | 'due' | 'missed';

/** amber (`due`) from half the target, red (`missed`) past it. */
export function waitingLevel(waitingMs: number, targetMs: number): WaitingLevel {
  if (waitingMs > targetMs) return 'missed';
  if (waitingMs >= targetMs / 2) return 'due';
  return 'ok';
}
