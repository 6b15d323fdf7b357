import type { $ZodType } from 'zod/v4/core';
import * as z from 'zod/mini';
import { MAX_MESSAGE_TEXT } from '../model/chat-event';
import { DeliveryStatusMiniSchema } from './content-requests';
import { describeIssues } from './describe';
import type { CommandEnvelope, Sender } from './page-commands';

import { isEventEnvelope } from './page-commands';

export { type CommandEnvelope, checkCommandInput, createCommandServer, createEventEmitter, type EventEnvelope, isCommandEnvelope, isEventEnvelope, type Sender } from './page-commands';
import type { Reply } from './protocol';

/**
 * The second channel of the one protocol: commands that extension pages and the background
 * send to a tab's content script, and events the content script sends to its sidebar. Same
 * shape as background requests (name → zod input; `{ok, data} | {ok, error}` replies), in
 * zod/mini because the content script parses them and must stay small.
 */

const Count = z.int().check(z.gte(0));
const SetupStepSchema = z.enum(['row', 'author', 'text', 'composer', 'send']);
const MemberRef = z.object({
  memberId: z.string().check(z.minLength(1), z.maxLength(600)),
  site: z.string().check(z.minLength(1), z.maxLength(40)),
  externalId: z.string().check(z.minLength(1), z.maxLength(512)),
  name: z.string().check(z.maxLength(200)),
  /** The clicked row's time, when the click was on a message row: a renamed nick is resolved at it. */
  at: z.optional(z.int().check(z.gte(0))),
});

export const PageContextSchema = z.object({
  adapterId: z.string(),
  adapterLabel: z.string(),
  verified: z.boolean(),
  groupId: z.nullable(z.string()),
  groupTitle: z.nullable(z.string()),
  selectedMemberId: z.nullable(z.string()),
  health: z.object({ state: z.string(), misses: z.record(z.string(), Count), delivery: z.optional(DeliveryStatusMiniSchema) }),
});
export type PageContext = z.infer<typeof PageContextSchema>;

export type InsertReply = { ok: true; method: string; sent?: boolean } | { ok: false; error: string };
/** `unsupported`: the chat cannot open a DM from here; the sidebar copies the text instead. */
export type PrivateInsertReply = { ok: true; method: string } | { ok: false; error: string; unsupported?: boolean };
export type SidebarState = { open: boolean };

/** Commands a content script answers; every sender must be this extension (checked by the server). */
export const pageCommands = {
  'toggle-sidebar': { input: z.object({}) },
  'get-context': { input: z.object({}) },
  /** Tags, warnings or templates changed: redraw badges, reload the slash picker. */
  'data-changed': { input: z.object({}) },
  /** The keyboard command to tag the selected member. */
  'focus-tag-input': { input: z.object({}) },
  /** "Test on this tab" from the options page: how a site profile reads this page (validated by the options page). */
  'test-profile': { input: z.object({ profile: z.looseObject({ id: z.string(), matches: z.array(z.string()), selectors: z.looseObject({}) }) }) },
  /** `send`: the template was set to send directly; otherwise the human presses send. */
  'insert-text': { input: z.object({ text: z.string().check(z.maxLength(MAX_MESSAGE_TEXT)), send: z.optional(z.boolean()) }) },
  /** A private reminder: open the member's direct conversation and put the text there, never in the group. */
  'insert-private': {
    input: z.object({
      externalId: z.string().check(z.minLength(1), z.maxLength(512)),
      name: z.string().check(z.maxLength(200)),
      text: z.string().check(z.minLength(1), z.maxLength(MAX_MESSAGE_TEXT)),
    }),
  },
  /**
   * Point-and-click setup: start, repair one part of a saved profile (validated by the
   * background when saved), skip an optional step, cancel. Answered with the new state.
   */
  setup: {
    input: z.object({
      command: z.discriminatedUnion('action', [
        z.object({ action: z.literal('start') }),
        z.object({ action: z.literal('skip') }),
        z.object({ action: z.literal('cancel') }),
        z.object({ action: z.literal('review') }),
        z.object({ action: z.literal('repair'), step: SetupStepSchema, profile: z.looseObject({ id: z.string(), matches: z.array(z.string()), selectors: z.looseObject({}) }) }),
      ]),
    }),
  },
  /** The sidebar saved the profile: read the page with it now. */
  'setup-saved': { input: z.object({}) },
  /** The sidebar frame was handed this channel by postMessage: is it this content script's own? (sidebar-channel.ts) */
  'confirm-channel': { input: z.object({ channel: z.string().check(z.maxLength(64)) }) },
} as const;

export type PageCommandName = keyof typeof pageCommands;
export type SetupCommandInput = z.output<(typeof pageCommands)['setup']['input']>['command'];
export type PageCommandInput<N extends PageCommandName> = z.input<(typeof pageCommands)[N]['input']>;
export interface PageCommandOutputs {
  'toggle-sidebar': SidebarState;
  'get-context': PageContext;
  'data-changed': SidebarState;
  'focus-tag-input': SidebarState;
  'test-profile': import('../content/profile-test').ProfileTestReply;
  'insert-text': InsertReply;
  'insert-private': PrivateInsertReply;
  setup: import('../content/setup-session').SetupState;
  'setup-saved': { reading: boolean };
  'confirm-channel': { mine: boolean };
}

export type CommandHandlers = { [N in PageCommandName]: (input: z.output<(typeof pageCommands)[N]['input']>) => PageCommandOutputs[N] | Promise<PageCommandOutputs[N]> };

/** Events a content script sends to its own tab's sidebar. */
export const pageEvents = {
  context: z.object({ context: PageContextSchema }),
  'select-member': MemberRef,
  /** Shift+click on a name: add the member to (or drop from) the picked set for bulk tagging. */
  'pick-member': MemberRef,
  'focus-tag-input': z.object({}),
  /** Point-and-click setup in progress: the step asked, a hint, the review (page text: display only). */
  setup: z.object({
    state: z.object({
      active: z.boolean(),
      mode: z.enum(['setup', 'repair']),
      step: z.enum(['row', 'author', 'text', 'composer', 'send', 'review']),
      optional: z.boolean(),
      hint: z.nullable(z.string().check(z.maxLength(40))),
      rows: Count,
      review: z.nullable(
        z.object({
          ok: z.boolean(),
          problems: z.array(z.looseObject({ key: z.string() })).check(z.maxLength(10)),
          rows: Count,
          parsed: Count,
          authors: Count,
          preview: z.array(z.object({ author: z.string().check(z.maxLength(200)), text: z.string().check(z.maxLength(MAX_MESSAGE_TEXT)) })).check(z.maxLength(10)),
          profile: z.nullable(z.looseObject({ id: z.string(), matches: z.array(z.string()) })),
        }),
      ),
    }),
  }),
} as const;

export type PageEventName = keyof typeof pageEvents;
export type PageEventBody<N extends PageEventName> = z.infer<(typeof pageEvents)[N]>;
export type AnyPageEvent = { [N in PageEventName]: { name: N; input: PageEventBody<N> } }[PageEventName];


function parseWith(schema: $ZodType, value: unknown): { ok: true; data: unknown } | { ok: false; error: string } {
  const parsed = z.safeParse(schema, value);
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, error: describeIssues(parsed.error.issues) };
}


/** Sends a command to one tab's top frame. `send` is `browser.tabs.sendMessage` (or a fake). */
export function createCommandClient(send: (tabId: number, message: CommandEnvelope) => Promise<unknown>) {
  return {
    async request<N extends PageCommandName>(tabId: number, name: N, input: PageCommandInput<N>): Promise<PageCommandOutputs[N]> {
      const parsed = parseWith(pageCommands[name].input, input);
      if (!parsed.ok) throw new Error(`${name}: ${parsed.error}`);
      const reply = (await send(tabId, { gs: 'command', name, input: parsed.data })) as Reply<PageCommandOutputs[N]> | undefined;
      if (!reply || typeof reply !== 'object' || !('ok' in reply)) throw new Error(`${name}: the chat page did not answer`);
      if (!reply.ok) throw new Error(`${name}: ${reply.error}`);
      return reply.data;
    },
  };
}


export interface EventListenerOptions {
  runtimeId: string;
  /** Whether an event on `channel` from `sender` is for this sidebar (see sidebar-channel.ts). */
  accepts: (channel: string, sender: Sender) => boolean;
  onEvent: (event: AnyPageEvent, sender: Sender) => void;
  /** An event on our channel that did not parse: counted by the caller, never acted on. */
  onRefused?: (name: string, error: string) => void;
}

/** The sidebar's side: events from this extension's content scripts, on its channel only, parsed. */
export function createEventListener(options: EventListenerOptions) {
  return (message: unknown, sender: Sender): undefined => {
    if (sender.id !== options.runtimeId) return undefined;
    if (!isEventEnvelope(message)) return undefined;
    const envelope = message;
    if (!options.accepts(envelope.channel, sender)) return undefined;
    const name = String(envelope.name);
    if (!Object.hasOwn(pageEvents, name)) {
      options.onRefused?.(name, 'unknown event');
      return undefined;
    }
    const parsed = parseWith(pageEvents[name as PageEventName], envelope.input);
    if (!parsed.ok) options.onRefused?.(name, parsed.error);
    else options.onEvent({ name, input: parsed.data } as AnyPageEvent, sender);
    return undefined;
  };
}
