import type { ChatEvent } from '../model';

export interface GroupRef {
  externalId: string;
  title: string;
}

export interface AuthorRef {
  externalId: string;
  name: string;
  /**
   * In a member list only: an id the client keeps for this person while they are present,
   * across a nick change (Converse's occupant id). The same id under another nick is a rename.
   */
  presenceId?: string;
}

/**
 * A row parsed, or the selector key that missed (never the row's text). `group` names the
 * conversation a row belongs to when it is not the open chat's: a private chat the client
 * shows beside the group (Converse.js shows room PMs in the room's own sidebar).
 */
export type RowParse = { ok: true; event: ChatEvent; group?: GroupRef } | { ok: false; missed: string };

export type InsertMethod = 'native-setter' | 'beforeinput' | 'execCommand' | 'paste';
export type InsertResult = { ok: true; method: InsertMethod } | { ok: false; missed: string };

/**
 * A per-site reader. DOM in, validated records out. An adapter never writes to the page
 * except `insertText` into the composer, and never throws on an unknown node.
 */
export interface ChatAdapter {
  /** Site id used as the storage prefix, e.g. "demo", "thelounge". */
  readonly id: string;
  readonly label: string;
  /** False for adapters written against a snapshot but not run against the live site. */
  readonly verified: boolean;
  matches(url: URL, root: Document): boolean;
  /** The chat currently open, or null when the page shows none. */
  currentGroup(root: ParentNode): GroupRef | null;
  /** The element whose subtree holds the message rows; the reader observes it. */
  messageContainer(root: ParentNode): Element | null;
  /** CSS selector of one message row. */
  readonly rowSelector: string;
  parseRow(row: Element, context: { now: number }): RowParse;
  /** The author a click landed on (name or avatar), if any. */
  authorAt(target: Element): AuthorRef | null;
  /** The row element holding the author (for inline badges). */
  authorElements?(root: ParentNode): Array<{ element: Element; author: AuthorRef }>;
  /**
   * Who the client lists as present, for clients that show joins and leaves only there
   * (Converse.js). Null when no list is shown. Adapters whose rows already carry join and
   * leave events leave this out, or each would be counted twice. Entries with a `presenceId`
   * let a nick change be read as one (a rename), not a leave and a join.
   */
  members?(root: ParentNode): AuthorRef[] | null;
  /**
   * For clients whose member list is the only record of departures: true when the page says,
   * in a statement dated at or after `since`, that this member, gone from the list, was
   * removed by staff (kicked or banned) rather than left, so the departure is a kick.
   */
  removedByStaff?(root: ParentNode, member: AuthorRef, since: number): boolean;
  composer(root: ParentNode): HTMLElement | null;
  insertText(root: ParentNode, text: string): InsertResult;
  /**
   * Sends what the composer holds, as the client's own send button would. Only used for
   * templates the user set to send directly. Defaults to submitting the composer's form.
   */
  send?(root: ParentNode): boolean;
  /**
   * Starts a direct (private) conversation with the member, as the chat's own UI would, for
   * private reminders. The second and last kind of page action besides the composer. False
   * when it cannot (no such control, a draft in the composer): the caller then copies the
   * text instead, and never falls back to the group's composer.
   */
  openDirectMessage?(root: ParentNode, author: AuthorRef): boolean;
  /** True once the member's direct conversation is the one shown, so its composer is theirs. */
  directMessageOpen?(root: ParentNode, author: AuthorRef): boolean;
  /**
   * Puts text into the open direct conversation's composer, for clients that show it beside
   * the group's (so `insertText` would reach the group). Without it, `insertText` is used.
   */
  insertDirectText?(root: ParentNode, author: AuthorRef, text: string): InsertResult;
}
