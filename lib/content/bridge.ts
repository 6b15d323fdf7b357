import type { DeliveryStatus } from '../reader/delivery';

/**
 * Messages between the content script and its sidebar frame. They travel on the
 * extension's runtime bus, which the host page cannot read or forge; `channel` is a random
 * token in the frame's URL so that each sidebar only listens to its own tab's page.
 */
export type PageEvent =
  | { gs: 'page-event'; channel: string; type: 'context'; context: PageContext }
  | { gs: 'page-event'; channel: string; type: 'select-member'; memberId: string; site: string; externalId: string; name: string }
  | { gs: 'page-event'; channel: string; type: 'focus-tag-input' }
  /** Shift+click on a name: add the member to (or drop from) the picked set for bulk tagging. */
  | { gs: 'page-event'; channel: string; type: 'pick-member'; memberId: string; site: string; externalId: string; name: string };

export interface PageContext {
  adapterId: string;
  adapterLabel: string;
  verified: boolean;
  groupId: string | null;
  groupTitle: string | null;
  selectedMemberId: string | null;
  health: { state: string; misses: Record<string, number>; delivery?: DeliveryStatus };
}

export type PageCommand =
  | { gs: 'command'; type: 'toggle-sidebar' }
  | { gs: 'command'; type: 'get-context' }
  /** Tags, warnings or templates changed: redraw badges, reload the slash picker. */
  | { gs: 'command'; type: 'data-changed' }
  /** The keyboard command to tag the selected member. */
  | { gs: 'command'; type: 'focus-tag-input' }
  /** "Test on this tab" from the options page: how a site profile reads this page. */
  | { gs: 'command'; type: 'test-profile'; profile: unknown }
  /** `send`: the template was set to send directly; otherwise the human presses send. */
  | { gs: 'command'; type: 'insert-text'; text: string; send?: boolean }
  /** A private reminder: open the member's direct conversation and put the text there, never in the group. */
  | { gs: 'command'; type: 'insert-private'; externalId: string; name: string; text: string };

export type InsertReply = { ok: true; method: string; sent?: boolean } | { ok: false; error: string };
/** `unsupported`: the chat cannot open a DM from here; the sidebar copies the text instead. */
export type PrivateInsertReply = { ok: true; method: string } | { ok: false; error: string; unsupported?: boolean };

export function isPageEvent(value: unknown, channel: string): value is PageEvent {
  const v = value as Partial<PageEvent> | null;
  return typeof v === 'object' && v !== null && v.gs === 'page-event' && v.channel === channel;
}

export function isPageCommand(value: unknown): value is PageCommand {
  const v = value as Partial<PageCommand> | null;
  return typeof v === 'object' && v !== null && v.gs === 'command' && typeof v.type === 'string';
}
