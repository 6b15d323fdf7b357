import type { Message } from '../model';
import { type BusinessHours, businessMsBetween } from './business-hours';
import { DEFAULT_HEALTH_CONFIG, type GroupHealthConfig } from './health-config';

const ZH_QUESTION = /[?？]|请问|怎么|怎样|如何|什么|为什么|为啥|哪[里儿个些]?|多少|几[点天号时个]|能不能|可不可以|有没有|是不是|是否|有人吗|吗[\s。！!~～]*$|呢[\s。！!~～]*$/u;
const EN_QUESTION = /\?|^\s*(how|what|when|why|where|who|which|can|could|is|are|do|does|did|will|would|should|may)\b|\b(please help|any update|anyone there)\b/i;

/** A customer message staff are expected to answer. Heuristic, tuned for service groups. */
export function isQuestion(text: string): boolean {
  const t = text.trim();
  return t.length > 1 && (ZH_QUESTION.test(t) || EN_QUESTION.test(t));
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

interface Addressed {
  /** Members named in the text (`@name` or the name itself). */
  members: Set<string>;
  /** Questions whose text the message quotes. */
  quoted: Set<string>;
}

/**
 * Who a message speaks to. Chats show a reply as the quoted text plus the answer, so a
 * message containing an open question's text quotes it; a mention is the member's name in
 * the text. Names of one character match too much of Chinese text to mean anything.
 */
function addressedBy(message: Message, names: ReadonlyMap<string, string>, open: readonly Question[]): Addressed {
  const members = new Set<string>();
  const quoted = new Set<string>();
  if (open.length === 0) return { members, quoted };
  const text = fold(message.text);
  // Only askers with an open question can be answered: checking their names, not every
  // member's, keeps this linear in the size of the group's backlog.
  for (const question of open) {
    const memberId = question.message.memberId;
    if (memberId === message.memberId) continue;
    const name = names.get(memberId);
    if (name && name.length > 1 && !members.has(memberId) && text.includes(name)) members.add(memberId);
    const asked = fold(question.message.text);
    if (asked.length >= MIN_QUOTE && text.includes(asked) && text.length > asked.length) quoted.add(question.message.id);
  }
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

/**
 * Every question in one group's messages and how it ended, oldest first.
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
export function buildQuestions(messages: readonly Message[], options: QuestionOptions): Question[] {
  const config = options.config ?? DEFAULT_HEALTH_CONFIG;
  const hours = options.hours ?? null;
  const neverMs = config.neverAfterHours * 3_600_000;
  const ordered = [...messages].sort((a, b) => a.ts - b.ts || a.readAt - b.readAt);
  const questions: Question[] = [];
  const open: Question[] = [];
  const names = new Map<string, string>();
  const lastAnsweredAt = new Map<string, number>();
  // Staff replies that addressed someone, kept briefly so a question time-stamped just
  // after its answer (the asker's clock ahead of staff's) is still matched to it.
  const recentReplies: Message[] = [];
  // Which staff replies already answered a question of which member (one each).
  const repliedTo = new Set<string>();
  let sinceLastStaff: Question[] = [];

  const expire = (until: number) => {
    for (let i = open.length - 1; i >= 0; i--) {
      const q = open[i] as Question;
      if (q.message.ts + neverMs <= until) {
        close(q, 'never', null, q.message.ts + neverMs, hours);
        open.splice(i, 1);
      }
    }
  };
  const finish = (q: Question, end: QuestionEnd, answer: Message | null, at: number) => {
    close(q, end, answer, at, hours);
    open.splice(open.indexOf(q), 1);
    sinceLastStaff = sinceLastStaff.filter((s) => s !== q);
    if (end === 'staff') {
      lastAnsweredAt.set(q.message.memberId, at);
      if (answer) repliedTo.add(`${answer.id}\u0000${q.message.memberId}`);
    }
  };
  const openOfMemberFor = (memberId: string, reply: Message) => {
    const mine = open.filter((q) => q.message.memberId === memberId);
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
  };
  const answerAddressed = (message: Message, addressed: Addressed, end: 'staff' | 'member'): number => {
    let closed = 0;
    const quotedMembers = new Set<string>();
    for (const id of addressed.quoted) {
      const q = open.find((o) => o.message.id === id);
      if (q) {
        quotedMembers.add(q.message.memberId);
        finish(q, end, message, message.ts);
        closed++;
      }
    }
    for (const memberId of addressed.members) {
      // A quote of this member's question already answered them.
      if (quotedMembers.has(memberId)) continue;
      const q = openOfMemberFor(memberId, message);
      if (q) {
        finish(q, end, message, message.ts);
        closed++;
      }
    }
    return closed;
  };
  for (const message of ordered) {
    expire(message.ts);
    const mark = options.marks?.get(message.id);
    if (message.kind === 'leave' || message.kind === 'kick') {
      for (const q of open.filter((o) => o.message.memberId === message.memberId)) finish(q, 'left', null, message.ts);
      continue;
    }
    if (message.kind !== 'message') continue;
    if (message.role === 'staff') {
      const addressed = addressedBy(message, names, open);
      answerAddressed(message, addressed, 'staff');
      // An @mention of anyone (a question or not) is a reply to them, not to the latest asker.
      const namedSomeone = addressed.members.size > 0 || addressed.quoted.size > 0 || /[@＠]\S/.test(message.text);
      if (!namedSomeone && config.nextStaffMessageAnswers) {
        const latest = sinceLastStaff.at(-1);
        if (latest) finish(latest, 'staff', message, message.ts);
      }
      recentReplies.push(message);
      while (recentReplies.length && (recentReplies[0] as Message).ts < message.ts - SKEW_TOLERANCE_MS) recentReplies.shift();
      sinceLastStaff = [];
      continue;
    }
    if (message.role !== 'customer') continue;
    if (message.authorName.trim().length > 1) names.set(message.memberId, fold(message.authorName));

    const addressed = addressedBy(message, names, open);
    // A customer answering another customer is not asking staff anything.
    if (answerAddressed(message, addressed, 'member') > 0) continue;

    const asks = config.everyMessageIsQuestion ? message.text.trim().length > 0 : isQuestion(message.text);
    if (!asks || options.flagged?.has(message.id) || mark?.mark === 'not-question') continue;
    const answeredBefore = lastAnsweredAt.get(message.memberId);
    const question: Question = {
      message,
      followUp: answeredBefore !== undefined && message.ts - answeredBefore <= FOLLOW_UP_WINDOW_MS,
      end: null,
      endedAt: null,
      answer: null,
      responseMs: null,
      businessResponseMs: null,
    };
    questions.push(question);
    const askerName = fold(message.authorName);
    const early = recentReplies.find(
      (reply) =>
        reply.ts >= message.ts - SKEW_TOLERANCE_MS &&
        askerName.length > 1 &&
        fold(reply.text).includes(askerName) &&
        !repliedTo.has(`${reply.id}\u0000${message.memberId}`),
    );
    if (early) {
      repliedTo.add(`${early.id}\u0000${message.memberId}`);
      close(question, 'staff', early, message.ts, hours);
      lastAnsweredAt.set(message.memberId, message.ts);
      continue;
    }
    open.push(question);
    sinceLastStaff.push(question);
  }

  // Marks by hand are applied in time order with the messages: a mark closes the question
  // at the time it was set, and only if it was still open then.
  expire(options.now);
  for (const q of [...open]) {
    const mark = options.marks?.get(q.message.id);
    if (mark?.mark === 'answered') finish(q, 'marked', null, Math.max(mark.at, q.message.ts));
  }
  return questions;
}

export type WaitingLevel = 'ok' | 'due' | 'missed';

/** amber (`due`) from half the target, red (`missed`) past it. */
export function waitingLevel(waitingMs: number, targetMs: number): WaitingLevel {
  if (waitingMs > targetMs) return 'missed';
  if (waitingMs >= targetMs / 2) return 'due';
  return 'ok';
}
