import { z } from 'zod';
import type { Message } from '../model/message';
import { LadderChannelSchema, LadderOutcomeSchema } from './ladder';
import { MemberActionSchema } from '../model/case';

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
 * Which pending actions the newly stored messages complete: a staff-authored message whose
 * normalised text equals the inserted text, read within the window. A public step must be
 * seen in its own group; a private one in any conversation on the same site (the DM is a
 * conversation of its own). Steps with an outcome (mute, remove) wait for staff to confirm
 * it, since the chat never shows that.
 */
export function matchSentMessages(
  pending: readonly PendingAction[],
  stored: readonly Message[],
): Array<{ action: PendingAction; message: Message }> {
  const matches: Array<{ action: PendingAction; message: Message }> = [];
  const taken = new Set<string>();
  const staffMessages = stored.filter((m) => m.kind === 'message' && m.role === 'staff');
  if (staffMessages.length === 0) return matches;
  for (const action of pending) {
    if (action.outcome !== 'none' || action.channel === 'staff') continue;
    const wanted = normaliseSent(action.text);
    if (!wanted) continue;
    const message = staffMessages.find(
      (m) =>
        !taken.has(m.id) &&
        m.ts >= action.insertedAt - EARLY_MS &&
        m.ts <= action.insertedAt + PENDING_WINDOW_MS &&
        (action.channel === 'public' ? m.groupId === action.groupId : siteOf(m.groupId) === siteOf(action.groupId) && m.groupId !== action.groupId) &&
        normaliseSent(m.text) === wanted,
    );
    if (message) {
      taken.add(message.id);
      matches.push({ action, message });
    }
  }
  return matches;
}
