import type { SetupCommand, SetupState } from './setup-session';
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
  | { gs: 'page-event'; channel: string; type: 'pick-member'; memberId: string; site: string; externalId: string; name: string }
  /** Point-and-click setup (or repair) in progress: the step asked, hints, the review. */
  | { gs: 'page-event'; channel: string; type: 'setup'; state: SetupState };

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
  /** Point-and-click setup: start, repair one part, skip, cancel (answered with the new state). */
  | { gs: 'command'; type: 'setup'; command: SetupCommand }
  /** The sidebar saved the profile: read the page with it now. */
  | { gs: 'command'; type: 'setup-saved' };

export type InsertReply = { ok: true; method: string; sent?: boolean } | { ok: false; error: string };

export function isPageEvent(value: unknown, channel: string): value is PageEvent {
  const v = value as Partial<PageEvent> | null;
  return typeof v === 'object' && v !== null && v.gs === 'page-event' && v.channel === channel;
}

export function isPageCommand(value: unknown): value is PageCommand {
  const v = value as Partial<PageCommand> | null;
  return typeof v === 'object' && v !== null && v.gs === 'command' && typeof v.type === 'string';
}
