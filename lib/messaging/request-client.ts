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

/** Checks a request's input before it is sent: the parsed input, or what is wrong with it. */
export type InputCheck = (name: RequestName, input: unknown) => { ok: true; data: unknown } | { ok: false; error: string };

/**
 * A client over any part of the protocol; unwraps `{ok, data} | {ok, error}`. Extension
 * pages pass a check that parses input with the protocol's schemas first (client.ts). The
 * content script passes none: it carries no zod (size budget), its inputs are typed by the
 * protocol, and the background parses every request it receives in any case.
 */
export function createRequestClient<Names extends RequestName>(check: InputCheck | null, send: SendMessage): Client<Names> {
  return {
    async request(name, input) {
      const parsed = check ? check(name, input) : { ok: true as const, data: input };
      if (!parsed.ok) throw new RequestError(name, parsed.error, 'invalid-input');
      const reply = (await send({ gs: 'request', name, input: parsed.data })) as Reply<RequestOutput<typeof name>> | undefined;
      if (!reply || typeof reply !== 'object' || !('ok' in reply)) {
        throw new RequestError(name, 'the background did not answer');
      }
      if (!reply.ok) throw new RequestError(name, reply.error, reply.code);
      return reply.data;
    },
  };
}
