import { MAX_MESSAGE_TEXT } from '../model/chat-event-check';
import type { CommandHandlers, PageCommandName, PageEventBody, PageEventName } from './page-protocol';
import type { Reply } from './protocol';

/**
 * The content script's side of the page channel (schemas and the senders' side:
 * page-protocol.ts). No zod here: the content script has a 25 KB budget. Every command is
 * parsed with its zod/mini schema by the sender (createCommandClient), only this extension
 * can reach a content script's runtime listener, and the id is checked again; the hand
 * check below refuses anything else before a handler runs (tests keep it in agreement with
 * the schemas).
 */

export interface CommandEnvelope {
  gs: 'command';
  name: string;
  input: unknown;
}

export interface EventEnvelope {
  gs: 'page-event';
  channel: string;
  name: string;
  input: unknown;
}

export interface Sender {
  id?: string;
  tab?: { id?: number };
}

export function isCommandEnvelope(value: unknown): value is CommandEnvelope {
  return typeof value === 'object' && value !== null && (value as { gs?: unknown }).gs === 'command';
}

export function isEventEnvelope(value: unknown): value is EventEnvelope {
  const v = value as Partial<EventEnvelope> | null;
  return typeof v === 'object' && v !== null && v.gs === 'page-event' && typeof v.channel === 'string';
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const noInput = () => null;

/**
 * One hand check per command. Typed by the schema table, so a command added to
 * page-protocol.ts without a check here does not compile (and a test compares the two).
 */
const COMMAND_CHECKS: { readonly [N in PageCommandName]: (input: Record<string, unknown>) => string | null } = {
  'toggle-sidebar': noInput,
  'get-context': noInput,
  'data-changed': noInput,
  'focus-tag-input': noInput,
  'setup-saved': noInput,
  'confirm-channel': (input) => (typeof input.channel === 'string' && input.channel.length <= 64 ? null : 'channel: expected a string of at most 64 characters'),
  'test-profile': (input) => checkProfile(input.profile, 'profile'),
  'insert-text': (input) => {
    if (typeof input.text !== 'string') return 'text: expected string';
    if (input.text.length > MAX_MESSAGE_TEXT) return `text: too long (at most ${MAX_MESSAGE_TEXT} characters)`;
    if (input.send !== undefined && typeof input.send !== 'boolean') return 'send: expected boolean';
    return null;
  },
  'insert-private': (input) => {
    if (typeof input.externalId !== 'string' || input.externalId.length < 1 || input.externalId.length > 512) return 'externalId: expected a string of 1 to 512 characters';
    if (typeof input.name !== 'string' || input.name.length > 200) return 'name: expected a string of at most 200 characters';
    if (typeof input.text !== 'string' || input.text.length < 1 || input.text.length > MAX_MESSAGE_TEXT) return `text: expected a string of 1 to ${MAX_MESSAGE_TEXT} characters`;
    return null;
  },
  setup: (input) => {
    const command = input.command;
    if (!isObject(command)) return 'command: expected object';
    if (!SETUP_ACTIONS.has(command.action as string)) return 'command.action: invalid input';
    if (command.action === 'repair') {
      if (!SETUP_STEPS.has(command.step as string)) return 'command.step: invalid option';
      return checkProfile(command.profile, 'command.profile');
    }
    return null;
  },
};

/** Null when `input` is acceptable for command `name`, else what is wrong, by field. */
export function checkCommandInput(name: PageCommandName, input: unknown): string | null {
  if (!isObject(input)) return 'input: expected an object';
  return COMMAND_CHECKS[name](input);
}

const SETUP_ACTIONS: ReadonlySet<string> = new Set(['start', 'skip', 'cancel', 'review', 'repair']);
const SETUP_STEPS: ReadonlySet<string> = new Set(['row', 'author', 'text', 'composer', 'send']);

function checkProfile(profile: unknown, path: string): string | null {
  if (!isObject(profile)) return `${path}: expected object`;
  if (typeof profile.id !== 'string') return `${path}.id: expected string`;
  if (!Array.isArray(profile.matches) || !profile.matches.every((m) => typeof m === 'string')) return `${path}.matches: expected array of strings`;
  if (!isObject(profile.selectors)) return `${path}.selectors: expected object`;
  return null;
}

/**
 * The content script's command server. `getHandlers` returns what the page can do right
 * now (no adapter yet: only test-profile).
 */
export function createCommandServer(getHandlers: () => Partial<CommandHandlers> | null, options: { runtimeId: string }) {
  async function handle(message: unknown, sender: Sender): Promise<Reply<unknown>> {
    if (sender.id !== options.runtimeId) return { ok: false, error: 'command refused: it did not come from this extension' };
    if (!isCommandEnvelope(message)) return { ok: false, error: 'command refused: not a GroupSteward command' };
    const name = message.name;
    if (!Object.hasOwn(COMMAND_CHECKS, name)) return { ok: false, error: `unknown command "${name}"` };
    const commandName = name as PageCommandName;
    const handler = getHandlers()?.[commandName] as ((input: unknown) => unknown) | undefined;
    if (!handler) return { ok: false, error: `${name}: this page is not being read` };
    const problem = checkCommandInput(commandName, message.input);
    if (problem) return { ok: false, error: `${name}: ${problem}`, code: 'invalid-input' };
    try {
      return { ok: true, data: await handler(message.input) };
    } catch (error) {
      return { ok: false, error: `${name}: ${error instanceof Error ? error.message : String(error)}` };
    }
  }
  return {
    handle,
    listener(message: unknown, sender: Sender, sendResponse: (reply: Reply<unknown>) => void): true | undefined {
      if (!isCommandEnvelope(message)) return undefined;
      void handle(message, sender).then(sendResponse);
      return true;
    },
  };
}

/** The content script's sender of events to its sidebar, on the channel handed to that frame (over its port: channel-handover.ts). */
export function createEventEmitter(send: (message: EventEnvelope) => void, channel: string) {
  return <N extends PageEventName>(name: N, input: PageEventBody<N>) => send({ gs: 'page-event', channel, name, input });
}
