import type { Message } from '../model';

const ZH_QUESTION = /[?？]|请问|怎么|怎样|如何|什么|为什么|为啥|哪[里儿个些]?|多少|几[点天号时个]|能不能|可不可以|有没有|是不是|是否|有人吗|吗[\s。！!~～]*$|呢[\s。！!~～]*$/u;
const EN_QUESTION = /\?|^\s*(how|what|when|why|where|who|which|can|could|is|are|do|does|did|will|would|should|may)\b|\b(please help|any update|anyone there)\b/i;

/** A customer message staff are expected to answer. Heuristic, tuned for service groups. */
export function isQuestion(text: string): boolean {
  const t = text.trim();
  return t.length > 1 && (ZH_QUESTION.test(t) || EN_QUESTION.test(t));
}

export interface WaitingQuestion {
  message: Message;
  waitingMs: number;
  /** Waiting longer than the response-time target. */
  overdue: boolean;
}

export interface UnansweredOptions {
  now: number;
  /** Response-time target; staff practice in service groups is a few minutes. */
  slaMs?: number;
}

export const DEFAULT_SLA_MS = 5 * 60_000;

/**
 * Customer questions in one group that no staff message has answered yet, oldest first.
 * A staff message answers the open questions of every member it names (`@name` or the
 * name itself); one that names nobody answers the most recent asker, which is how staff
 * reply in a busy group. A member who leaves takes their questions along.
 */
export function findUnanswered(messages: readonly Message[], options: UnansweredOptions): WaitingQuestion[] {
  const open = new Map<string, Message[]>();
  // Every customer seen so far: a staff message naming one of them is addressed to them,
  // even if they asked nothing, and so does not answer the latest asker.
  const names = new Map<string, string>();
  let lastAsker: string | null = null;
  for (const message of messages) {
    if (message.role === 'customer' && message.authorName.trim().length > 1) names.set(message.memberId, message.authorName.toLowerCase());
    if (message.kind === 'leave' || message.kind === 'kick') {
      open.delete(message.memberId);
      continue;
    }
    if (message.kind !== 'message') continue;
    if (message.role === 'staff') {
      const text = message.text.toLowerCase();
      let addressedSomeone = false;
      for (const [memberId, name] of names) {
        if (!text.includes(name)) continue;
        addressedSomeone = true;
        open.delete(memberId);
      }
      if (!addressedSomeone && lastAsker) open.delete(lastAsker);
      lastAsker = null;
      continue;
    }
    if (message.role === 'customer' && isQuestion(message.text)) {
      const list = open.get(message.memberId) ?? [];
      list.push(message);
      open.set(message.memberId, list);
      lastAsker = message.memberId;
    }
  }
  const slaMs = options.slaMs ?? DEFAULT_SLA_MS;
  return [...open.values()]
    .flat()
    .sort((a, b) => a.ts - b.ts)
    .map((message) => {
      const waitingMs = Math.max(0, options.now - message.ts);
      return { message, waitingMs, overdue: waitingMs > slaMs };
    });
}
