import { protocol } from './protocol';
import { type Client, createRequestClient, type SendMessage } from './request-client';

export { type Client, RequestError, type SendMessage } from './request-client';

/** The client of extension pages: every request of the protocol. `send` is `browser.runtime.sendMessage` or a direct call in tests. */
export function createClient(send: SendMessage): Client {
  return createRequestClient(protocol, send);
}
