import { describeZodError, protocol, type RequestName } from './protocol';
import { type Client, createRequestClient, type SendMessage } from './request-client';

export { type Client, RequestError, type SendMessage } from './request-client';

/** The client of extension pages: every request of the protocol. `send` is `browser.runtime.sendMessage` or a direct call in tests. */
export function createClient(send: SendMessage): Client {
  return createRequestClient((name: RequestName, input: unknown) => {
    const parsed = protocol[name].input.safeParse(input);
    return parsed.success ? { ok: true, data: parsed.data } : { ok: false, error: describeZodError(parsed.error) };
  }, send);
}
