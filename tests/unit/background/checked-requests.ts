import { createClient } from '../../../lib/messaging/client';
import { protocol, type RequestInput, type RequestName, type RequestOutput } from '../../../lib/messaging/protocol';
import type { createServer, RequestSender } from '../../../lib/messaging/server';

type Handle = ReturnType<typeof createServer>['handle'];

/**
 * Requests through the real client and server, as a view makes them: `request` also checks
 * every reply against its output schema, `raw` returns the reply of a request meant to fail.
 * `handle` is read on each call, so a test file may build a new server before each test.
 */
export function checkedRequests(handle: Handle, sender: RequestSender) {
  const client = createClient((message) => handle(message, sender));
  async function request<N extends RequestName>(name: N, input: RequestInput<N>): Promise<RequestOutput<N>> {
    const data = await client.request(name, input);
    expect(protocol[name].output.safeParse(data).success).toBe(true);
    return data;
  }
  const raw = (name: RequestName, input: unknown) => handle({ gs: 'request', name, input }, sender);
  return { request, raw };
}
