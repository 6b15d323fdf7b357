/**
 * The `changed` notice the background pushes to open sidebars, extension pages and the
 * content scripts of chat tabs after something was stored. Views re-read what changed;
 * nobody polls. Plain types and a guard (no zod): content scripts import this and must
 * stay small.
 */
export const CHANGE_KINDS = [
  'messages',
  'members',
  'tags',
  'notes',
  'cases',
  'suggestions',
  'templates',
  'rules',
  'groups',
  'settings',
  'profiles',
] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export interface ChangeNotice {
  gs: 'changed';
  /** The group the change belongs to; null when it is not about one group (templates, settings). */
  groupId: string | null;
  /** Members whose card changed; empty when the change is not about particular members. */
  memberIds: string[];
  kinds: ChangeKind[];
  /**
   * Set when messages read from the chat page were stored (ingest). A busy chat or a backfill
   * sends one per stored batch, several a second: views may gather these for a moment longer
   * than a change staff made themselves.
   */
  fromChat?: true;
}

const KIND_SET: ReadonlySet<string> = new Set(CHANGE_KINDS);

export function isChangeNotice(value: unknown): value is ChangeNotice {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<ChangeNotice>;
  return (
    v.gs === 'changed' &&
    (v.groupId === null || typeof v.groupId === 'string') &&
    Array.isArray(v.memberIds) &&
    v.memberIds.every((id) => typeof id === 'string') &&
    Array.isArray(v.kinds) &&
    v.kinds.every((kind) => KIND_SET.has(kind)) &&
    (v.fromChat === undefined || v.fromChat === true)
  );
}

export function changeNotice(kinds: ChangeKind[], groupId: string | null = null, memberIds: string[] = []): ChangeNotice {
  return { gs: 'changed', groupId, memberIds: [...new Set(memberIds)], kinds: [...new Set(kinds)] };
}

/** What storing a batch from the chat page changed (see `fromChat`). */
export function chatChangeNotice(kinds: ChangeKind[], groupId: string | null = null, memberIds: string[] = []): ChangeNotice {
  return { ...changeNotice(kinds, groupId, memberIds), fromChat: true };
}

/** Does `notice` touch any of `kinds`? */
export function touches(notice: Pick<ChangeNotice, 'kinds'>, ...kinds: ChangeKind[]): boolean {
  return notice.kinds.some((kind) => kinds.includes(kind));
}
