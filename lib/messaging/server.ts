import {
  describeZodError,
  isRequestEnvelope,
  type ParsedInput,
  protocol,
  type Reply,
  type RequestName,
  type RequestOutput,
} from './protocol';
import { CONTENT_SCRIPT_REQUESTS } from './content-requests';

export interface RequestSender {
  id?: string;
  tab?: { id?: number };
  url?: string;
}

export type SenderKind = 'extension-page' | 'content-script';

const EXTENSION_PROTOCOLS = new Set(['chrome-extension:', 'moz-extension:', 'safari-web-extension:', 'extension:']);

/**
 * Where a message came from. Extension pages (sidebar, options, popup) have a URL on the
 * extension's own scheme, also when the page sits in a frame inside a tab; a content script
 * reports the URL of the web page it runs in. A sender in a tab without an extension URL is
 * a content script; without a tab and without a URL (WXT's fake browser) an extension page.
 */
export function senderKind(sender: RequestSender): SenderKind {
  if (sender.url) {
    try {
      return EXTENSION_PROTOCOLS.has(new URL(sender.url).protocol) ? 'extension-page' : 'content-script';
    } catch {
      return 'content-script';
    }
  }
  return sender.tab ? 'content-script' : 'extension-page';
}

export type Handlers = {
  [N in RequestName]: (input: ParsedInput<N>, sender: RequestSender) => Promise<RequestOutput<N>> | RequestOutput<N>;
};

export interface ServerOptions {
  runtimeId: string;
  /** Parse every reply against its output schema; tests turn this on to keep handlers honest. */
  validateOutput?: boolean;
  onError?: (name: string, error: unknown) => void;
}

/**
 * `handlers` may be a promise: the database opens asynchronously, while an MV3 service
 * worker must register its message listener synchronously at start.
 */
export function createServer(handlers: Handlers | Promise<Handlers>, options: ServerOptions) {
  async function handle(message: unknown, sender: RequestSender): Promise<Reply<unknown>> {
    if (sender.id !== options.runtimeId) return { ok: false, error: 'request refused: it did not come from this extension' };
    if (!isRequestEnvelope(message)) return { ok: false, error: 'request refused: not a GroupSteward request' };
    const name = message.name;
    if (!Object.hasOwn(protocol, name)) return { ok: false, error: `unknown request "${name}"` };
    const requestName = name as RequestName;
    // Least privilege: a chat page that subverts its content script gets only the few
    // requests reading needs (see content-requests.ts).
    if (senderKind(sender) === 'content-script' && !CONTENT_SCRIPT_REQUESTS.has(name)) {
      return { ok: false, error: `request refused: "${name}" is not allowed from a content script` };
    }
    const parsed = protocol[requestName].input.safeParse(message.input);
    if (!parsed.success) return { ok: false, error: `${name}: ${describeZodError(parsed.error)}`, code: 'invalid-input' };
    try {
      const handler = (await handlers)[requestName] as (input: unknown, sender: RequestSender) => unknown;
      const data = await handler(parsed.data, sender);
      if (options.validateOutput) {
        const checked = protocol[requestName].output.safeParse(data);
        if (!checked.success) return { ok: false, error: `${name} answered badly: ${describeZodError(checked.error)}` };
      }
      return { ok: true, data };
    } catch (error) {
      options.onError?.(name, error);
      const quota = error instanceof Error && error.name === 'QuotaExceededError';
      return { ok: false, error: `${name}: ${error instanceof Error ? error.message : String(error)}`, ...(quota ? { code: 'quota' as const } : {}) };
    }
  }

  return {
    handle,
    /**
     * A runtime.onMessage listener. Answers through `sendResponse` (the form every browser
     * and WXT's fake browser agree on) and ignores messages that are not requests, so other
     * listeners (the sidebar's page events) keep working.
     */
    listener(message: unknown, sender: RequestSender, sendResponse: (reply: Reply<unknown>) => void): true | undefined {
      if (!isRequestEnvelope(message)) return undefined;
      void handle(message, sender).then(sendResponse);
      return true;
    },
  };
}
