import type { $ZodType } from 'zod/v4/core';
import { safeParse } from 'zod/mini';
import { describeIssues } from './describe';
import type { Reply, ReplyCode, RequestEnvelope, RequestInput, RequestName, RequestOutput } from './protocol';

export class RequestError extends Error {
  constructor(
    readonly request: string,
    message: string,
    /** Set when the failure asks for different handling (input refused, disk full); see ReplyCode. */
    readonly code?: ReplyCode,
  ) {
    super(`${request}: ${message}`);
    this.name = 'RequestError';
  }
}

export type SendMessage = (message: RequestEnvelope) => Promise<unknown>;

export interface Client<Names extends RequestName = RequestName> {
  request<N extends Names>(name: N, input: RequestInput<N>): Promise<RequestOutput<N>>;
}

/** Input schemas by request name: the whole protocol for extension pages, a few for content scripts. */
export type InputTable<Names extends RequestName> = { readonly [N in Names]: { readonly input: $ZodType } };

/**
 * A client over any part of the protocol. It parses input before sending (the background
 * parses it again) and unwraps `{ok, data} | {ok, error}`. It imports no schema itself, so
 * the content script can pass its small zod/mini table instead of the whole protocol.
 */
export function createRequestClient<Names extends RequestName>(inputs: InputTable<Names>, send: SendMessage): Client<Names> {
  return {
    async request(name, input) {
      const parsed = safeParse(inputs[name].input, input);
      if (!parsed.success) throw new RequestError(name, describeIssues(parsed.error.issues), 'invalid-input');
      const reply = (await send({ gs: 'request', name, input: parsed.data })) as Reply<RequestOutput<typeof name>> | undefined;
      if (!reply || typeof reply !== 'object' || !('ok' in reply)) {
        throw new RequestError(name, 'the background did not answer');
      }
      if (!reply.ok) throw new RequestError(name, reply.error, reply.code);
      return reply.data;
    },
  };
}
