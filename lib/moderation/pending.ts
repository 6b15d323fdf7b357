import { z } from 'zod';
import type { Message } from '../model/message';
import { LadderChannelSchema, LadderOutcomeSchema } from './ladder';
import { MemberActionSchema } from '../model/case';
import { similarity } from '../rules/behaviour';

/**
 * A pending action: staff put a ladder step's text into a composer (the group's, or the
 * member's DM) but nothing has happened yet. It becomes a case only when the chat shows the
 * staff message sent, or when staff confirm the outcome; a cleared composer leaves it to
 * expire and no case is written.
 */
export const PendingActionSchema = z.object({
  id: z.string().min(1),
  groupId: z.string().min(1),
  memberId: z.string().min(1),
  messageId: z.string().min(1),
  step: z.number().int().min(0),
  channel: LadderChannelSchema,
  outcome: LadderOutcomeSchema,
  memberAction: MemberActionSchema,
  weight: z.number().int().min(0).max(10),
  categories: z.array(z.string().max(40)).max(20),
  templateId: z.string().max(100).optional(),
  /** The text as inserted; matched against what the reader sees the staff member send. */
  text: z.string().max(4_000),
  insertedAt: z.number(),
  actor: z.string().max(100),
  reason: z.string().max(1_000).default(''),
});
export type PendingAction = z.infer<typeof PendingActionSchema>;

/** How long an inserted text waits to be sent before it is forgotten. */
export const PENDING_WINDOW_MS = 2 * 3_600_000;
/** A message read slightly before the insert was recorded (clock skew between tab and worker). */
const EARLY_MS = 60_000;

/**
 * Text as compared: NFKC and lower case, without any whitespace (clients trim, re-wrap and
 * turn line breaks into spaces; Chinese has no spaces to lose).
 */
export function normaliseSent(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, '');
}

export function isExpired(action: PendingAction, now: number): boolean {
  return now - action.insertedAt > PENDING_WINDOW_MS;
}

/** The site a group id belongs to (`thelounge:...`): a DM is a conversation of its own on the same site. */
const siteOf = (groupId: string) => groupId.slice(0, groupId.indexOf(':'));

/**
 * How alike a sent message must be to an inserted text to count as it, when staff edited
 * the text before sending (a softer word, a name fixed, a line added). Character-bigram
 * Dice on the normalised texts; a reminder of ~40 characters with a phrase reworded scores
 * about 0.8, the same template addressed to another member still ~0.9, which is why
 * matches are assigned best first (each message and action once).
 */
export const EDITED_MATCH_MIN = 0.7;
/** Below this length an edit can turn any text into any other: only exact matches count. */
const EDITED_MATCH_MIN_LENGTH = 12;

/**
 * Which pending actions the newly stored messages complete: a staff-authored message that
 * shows the inserted text (exactly, or edited but still clearly it), read within the
 * window. A public step must be seen in its own group; a private one in any conversation on
 * the same site (the DM is a conversation of its own). Steps with an outcome (mute, remove)
 * wait for staff to confirm it, since the chat never shows that. When several actions could
 * take a message (the same template for two members), the most alike pairs are taken first.
 */
export function matchSentMessages(
  pending: readonly PendingAction[],
  stored: readonly Message[],
): Array<{ action: PendingAction; message: Message }> {
  const staffMessages = stored.filter((m) => m.kind === 'message' && m.role === 'staff');
  if (staffMessages.length === 0) return [];
  const candidates: Array<{ action: PendingAction; message: Message; score: number; order: number }> = [];
  pending.forEach((action, order) => {
    if (action.outcome !== 'none' || action.channel === 'staff') return;
    const wanted = normaliseSent(action.text);
    if (!wanted) return;
    for (const message of staffMessages) {
      if (message.ts < action.insertedAt - EARLY_MS || message.ts > action.insertedAt + PENDING_WINDOW_MS) continue;
      const where =
        action.channel === 'public'
          ? message.groupId === action.groupId
          : siteOf(message.groupId) === siteOf(action.groupId) && message.groupId !== action.groupId;
      if (!where) continue;
      const sent = normaliseSent(message.text);
      const score = sent === wanted ? 2 : Math.min(sent.length, wanted.length) >= EDITED_MATCH_MIN_LENGTH ? similarity(sent, wanted) : 0;
      if (score >= EDITED_MATCH_MIN) candidates.push({ action, message, score, order });
    }
  });
  // Best pairs first; among equals, the earlier action and the earlier message.
  candidates.sort((a, b) => b.score - a.score || a.order - b.order || a.message.ts - b.message.ts);
  const takenActions = new Set<string>();
  const takenMessages = new Set<string>();
  const matches: Array<{ action: PendingAction; message: Message }> = [];
  for (const { action, message } of candidates) {
    if (takenActions.has(action.id) || takenMessages.has(message.id)) continue;
    takenActions.add(action.id);
    takenMessages.add(message.id);
    matches.push({ action, message });
  }
  return matches;
}

/**
 * Which pending removals the newly stored events complete: the chat showing the member
 * kicked from that group, after the step's text was inserted. A kick is something only a
 * moderator does, so it is the removal itself; a member who leaves on their own is not
 * (staff still confirm those). One kick completes one action.
 */
export function matchRemovals(
  pending: readonly PendingAction[],
  stored: readonly Message[],
): Array<{ action: PendingAction; message: Message }> {
  const kicks = stored.filter((m) => m.kind === 'kick');
  if (kicks.length === 0) return [];
  const matches: Array<{ action: PendingAction; message: Message }> = [];
  const taken = new Set<string>();
  for (const action of pending) {
    if (action.outcome !== 'remove') continue;
    const kick = kicks.find(
      (m) =>
        !taken.has(m.id) &&
        m.groupId === action.groupId &&
        m.memberId === action.memberId &&
        m.ts >= action.insertedAt - EARLY_MS &&
        m.ts <= action.insertedAt + PENDING_WINDOW_MS,
    );
    if (!kick) continue;
    taken.add(kick.id);
    matches.push({ action, message: kick });
  }
  return matches;
}
