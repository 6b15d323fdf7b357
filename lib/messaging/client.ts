import {
  type Protocol,
  protocol,
  type Reply,
  type RequestEnvelope,
  type RequestInput,
  type RequestName,
  type RequestOutput,
  type ReplyCode,
  describeZodError,
} from './protocol';

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

export interface Client {
  request<N extends RequestName>(name: N, input: RequestInput<N>): Promise<RequestOutput<N>>;
}

/** `send` is `browser.runtime.sendMessage` in the extension and a direct call in tests. */
export function createClient(send: SendMessage): Client {
  return {
    async request(name, input) {
      const definition: Protocol[typeof name] = protocol[name];
      const parsed = definition.input.safeParse(input);
      if (!parsed.success) throw new RequestError(name, describeZodError(parsed.error), 'invalid-input');
      const reply = (await send({ gs: 'request', name, input: parsed.data })) as Reply<RequestOutput<typeof name>> | undefined;
      if (!reply || typeof reply !== 'object' || !('ok' in reply)) {
        throw new RequestError(name, 'the background did not answer');
      }
      if (!reply.ok) throw new RequestError(name, reply.error, reply.code);
      return reply.data;
    },
  };
}
