import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createClient, RequestError, type SendMessage } from '../../../lib/messaging/client';
import { describeZodError, isRequestEnvelope, protocol, type RequestEnvelope } from '../../../lib/messaging/protocol';
import { createServer, type Handlers, type RequestSender, senderKind } from '../../../lib/messaging/server';
import { CONTENT_SCRIPT_REQUESTS, contentRequestInputs } from '../../../lib/messaging/content-requests';
import { DEFAULT_SETTINGS } from '../../../lib/model';

const RUNTIME_ID = 'gs-runtime';
/** The sidebar: an extension page framed in tab 7. */
const OURS: RequestSender = { id: RUNTIME_ID, tab: { id: 7 }, url: `chrome-extension://${RUNTIME_ID}/sidebar.html` };
/** A content script in tab 7 (its URL is the chat page's). */
const CONTENT_SCRIPT: RequestSender = { id: RUNTIME_ID, tab: { id: 7 }, url: 'https://chat.example.com/room/1' };

const GROUP = {
  id: 'demo:g-service',
  site: 'demo',
  externalId: 'g-service',
  title: '星河银行 · 信用卡客户服务群',
  firstSeen: 1,
  lastSeen: 2,
  rulesText: '',
};

/** Every handler fails the test if called, unless the test gives its own. */
function handlers(overrides: Partial<Handlers> = {}): Handlers {
  const all = Object.fromEntries(
    Object.keys(protocol).map((name) => [
      name,
      vi.fn(() => {
        throw new Error(`handler ${name} was not expected to run`);
      }),
    ]),
  ) as unknown as Handlers;
  return { ...all, ...overrides };
}

const envelope = (name: string, input: unknown): RequestEnvelope => ({ gs: 'request', name, input });

const validIngest = () => ({
  site: 'demo',
  group: { externalId: 'g-service', title: '客服群' },
  events: [
    {
      externalId: 'm-1',
      kind: 'message',
      author: { externalId: 'u-chen', name: '陈强' },
      role: 'customer',
      text: '你好',
      ts: 1_700_000_000_000,
    },
  ],
});

describe('protocol', () => {
  it('recognises only our envelopes', () => {
    expect(isRequestEnvelope(envelope('getSettings', {}))).toBe(true);
    expect(isRequestEnvelope({ gs: 'page-event', type: 'context' })).toBe(false);
    expect(isRequestEnvelope(null)).toBe(false);
    expect(isRequestEnvelope('getSettings')).toBe(false);
  });

  it('describes a zod error by field path, at most five issues', () => {
    const result = protocol.addTag.input.safeParse({ memberIds: Array.from({ length: 8 }, () => ''), name: '' });
    expect(result.success).toBe(false);
    if (result.success) return;
    const text = describeZodError(result.error);
    expect(text).toContain('memberIds.0: member id must not be empty');
    expect(text.split('; ')).toHaveLength(5);
  });
});

describe('server', () => {
  it('refuses a sender whose id is not this extension, without running the handler', async () => {
    const getSettings = vi.fn();
    const server = createServer(handlers({ getSettings }), { runtimeId: RUNTIME_ID });
    expect(await server.handle(envelope('getSettings', {}), { id: 'some-other-extension' })).toEqual({
      ok: false,
      error: 'request refused: it did not come from this extension',
    });
    expect(await server.handle(envelope('getSettings', {}), {})).toMatchObject({ ok: false });
    expect(getSettings).not.toHaveBeenCalled();
  });

  it('refuses a message that is not a request', async () => {
    const server = createServer(handlers(), { runtimeId: RUNTIME_ID });
    expect(await server.handle({ name: 'getSettings', input: {} }, OURS)).toEqual({
      ok: false,
      error: 'request refused: not a GroupSteward request',
    });
  });

  it('answers an unknown request name, including names inherited from Object', async () => {
    const server = createServer(handlers(), { runtimeId: RUNTIME_ID });
    expect(await server.handle(envelope('dropDatabase', {}), OURS)).toEqual({ ok: false, error: 'unknown request "dropDatabase"' });
    expect(await server.handle(envelope('toString', {}), OURS)).toEqual({ ok: false, error: 'unknown request "toString"' });
    expect(await server.handle(envelope('__proto__', {}), OURS)).toMatchObject({ ok: false });
  });

  it('answers invalid input with an error naming the field path', async () => {
    const ingest = vi.fn();
    const server = createServer(handlers({ ingest }), { runtimeId: RUNTIME_ID });
    const input = validIngest();
    (input.events[0] as { author: { name: unknown } }).author.name = 42;
    const reply = await server.handle(envelope('ingest', input), OURS);
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.error).toMatch(/^ingest: events\.0\.author\.name: /);
    expect(ingest).not.toHaveBeenCalled();

    const tooMany = { ...validIngest(), events: Array.from({ length: 2_001 }, () => validIngest().events[0]) };
    expect(await server.handle(envelope('ingest', tooMany), OURS)).toEqual({
      ok: false,
      error: 'ingest: events: a batch holds at most 2000 events',
      code: 'invalid-input',
    });
  });

  it('passes parsed input (with defaults and transforms applied) and the sender to the handler', async () => {
    const getMemberCard = vi.fn(() => null);
    const ingest = vi.fn(() => ({ groupId: 'demo:g-service', stored: 1, duplicates: 0, suggestions: 0 }));
    const server = createServer(handlers({ getMemberCard, ingest }), { runtimeId: RUNTIME_ID });
    expect(await server.handle(envelope('getMemberCard', { memberId: 'demo:u-chen' }), OURS)).toEqual({ ok: true, data: null });
    expect(getMemberCard).toHaveBeenCalledWith({ memberId: 'demo:u-chen', historyLimit: 500 }, OURS);

    const long = validIngest();
    (long.events[0] as { text: string }).text = 'x'.repeat(25_000);
    await server.handle(envelope('ingest', long), OURS);
    const [parsed] = ingest.mock.calls[0] as unknown as [{ events: Array<{ text: string }> }];
    expect(parsed.events[0]?.text).toHaveLength(20_000);
  });

  it('turns a handler that throws, or rejects, into {ok: false} and reports it', async () => {
    const onError = vi.fn();
    const server = createServer(
      handlers({
        getGroup: () => {
          throw new Error('database closed');
        },
        listTags: () => Promise.reject('not an Error'),
      }),
      { runtimeId: RUNTIME_ID, onError },
    );
    await expect(server.handle(envelope('getGroup', { groupId: 'demo:g-service' }), OURS)).resolves.toEqual({
      ok: false,
      error: 'getGroup: database closed',
    });
    await expect(server.handle(envelope('listTags', {}), OURS)).resolves.toEqual({ ok: false, error: 'listTags: not an Error' });
    expect(onError).toHaveBeenCalledTimes(2);
    expect(onError.mock.calls[0]?.[0]).toBe('getGroup');
  });

  it('waits for handlers given as a promise (the database opens after the listener is registered)', async () => {
    let ready!: (h: Handlers) => void;
    const server = createServer(new Promise<Handlers>((resolve) => (ready = resolve)), { runtimeId: RUNTIME_ID });
    const pending = server.handle(envelope('getGroup', { groupId: 'demo:g-service' }), OURS);
    ready(handlers({ getGroup: () => GROUP }));
    expect(await pending).toEqual({ ok: true, data: GROUP });
  });

  it('with validateOutput, catches a reply that does not match the output schema', async () => {
    const bad = handlers({ getGroup: () => ({ ...GROUP, title: 42 }) as never });
    const checked = createServer(bad, { runtimeId: RUNTIME_ID, validateOutput: true });
    const reply = await checked.handle(envelope('getGroup', { groupId: 'demo:g-service' }), OURS);
    expect(reply).toMatchObject({ ok: false });
    if (reply.ok) return;
    expect(reply.error).toMatch(/^getGroup answered badly: title: /);

    // Without it, the reply goes out as the handler made it.
    const unchecked = createServer(bad, { runtimeId: RUNTIME_ID });
    expect(await unchecked.handle(envelope('getGroup', { groupId: 'demo:g-service' }), OURS)).toMatchObject({ ok: true });

    const good = createServer(handlers({ getGroup: () => GROUP }), { runtimeId: RUNTIME_ID, validateOutput: true });
    expect(await good.handle(envelope('getGroup', { groupId: 'demo:g-service' }), OURS)).toEqual({ ok: true, data: GROUP });
  });

  it('listener answers requests through sendResponse and leaves other messages to other listeners', async () => {
    const server = createServer(handlers({ getGroup: () => GROUP }), { runtimeId: RUNTIME_ID });
    const sendResponse = vi.fn();
    expect(server.listener({ gs: 'page-event', type: 'context' }, OURS, sendResponse)).toBeUndefined();
    expect(server.listener(envelope('getGroup', { groupId: 'x' }), OURS, sendResponse)).toBe(true);
    await vi.waitFor(() => expect(sendResponse).toHaveBeenCalledWith({ ok: true, data: GROUP }));
    expect(sendResponse).toHaveBeenCalledTimes(1);
  });
});

describe('client', () => {
  it('refuses bad input before sending, naming the field', async () => {
    const send = vi.fn<SendMessage>();
    const client = createClient(send);
    const error = await client.request('addTag', { memberIds: [], name: 'VIP' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestError);
    expect((error as RequestError).message).toBe('addTag: memberIds: choose at least one member');
    expect((error as RequestError).request).toBe('addTag');
    await expect(client.request('addNote', { memberId: 'demo:u-chen', text: 'x'.repeat(5_001) })).rejects.toThrow(
      'addNote: text: note must be at most 5000 characters',
    );
    expect(send).not.toHaveBeenCalled();
  });

  it('sends the parsed input in an envelope and returns the data', async () => {
    const send = vi.fn<SendMessage>(async () => ({ ok: true, data: null }));
    const client = createClient(send);
    expect(await client.request('getMemberCard', { memberId: 'demo:u-chen' })).toBeNull();
    expect(send).toHaveBeenCalledWith({ gs: 'request', name: 'getMemberCard', input: { memberId: 'demo:u-chen', historyLimit: 500 } });
  });

  it('turns {ok: false} into a RequestError, and no answer into one too', async () => {
    const refusing = createClient(async () => ({ ok: false, error: 'getGroup: database closed' }));
    const error = await refusing.request('getGroup', { groupId: 'g' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestError);
    expect((error as Error).message).toBe('getGroup: getGroup: database closed');

    const silent = createClient(async () => undefined);
    await expect(silent.request('getSettings', {})).rejects.toThrow('getSettings: the background did not answer');
    const garbled = createClient(async () => 'ok');
    await expect(garbled.request('getSettings', {})).rejects.toBeInstanceOf(RequestError);
  });
});

describe('round trip through the runtime message bus', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  function serve(h: Handlers) {
    const server = createServer(h, { runtimeId: fakeBrowser.runtime.id, validateOutput: true });
    // The fake bus passes an empty sender; a real browser fills in the sending extension's id.
    fakeBrowser.runtime.onMessage.addListener((message, sender, sendResponse) =>
      server.listener(message, { ...sender, id: fakeBrowser.runtime.id }, sendResponse),
    );
    return createClient((message) => fakeBrowser.runtime.sendMessage(message));
  }

  it('answers a request from this extension', async () => {
    const getGroup = vi.fn(() => GROUP);
    const client = serve(handlers({ getGroup }));
    expect(await client.request('getGroup', { groupId: 'demo:g-service' })).toEqual(GROUP);
    expect(getGroup).toHaveBeenCalledWith({ groupId: 'demo:g-service' }, expect.objectContaining({ id: fakeBrowser.runtime.id }));
  });

  it('carries a handler failure back as a RequestError', async () => {
    const client = serve(
      handlers({
        getGroup: () => {
          throw new Error('unknown group "g-x"');
        },
      }),
    );
    await expect(client.request('getGroup', { groupId: 'g-x' })).rejects.toThrow('getGroup: getGroup: unknown group "g-x"');
  });

  it('refuses a message whose sender has no extension id (e.g. relayed from a web page)', async () => {
    const getGroup = vi.fn(() => GROUP);
    const server = createServer(handlers({ getGroup }), { runtimeId: fakeBrowser.runtime.id });
    fakeBrowser.runtime.onMessage.addListener(server.listener);
    const client = createClient((message) => fakeBrowser.runtime.sendMessage(message));
    await expect(client.request('getGroup', { groupId: 'demo:g-service' })).rejects.toThrow('did not come from this extension');
    expect(getGroup).not.toHaveBeenCalled();
  });

  it('does not answer messages that are not requests, leaving them to other listeners', async () => {
    const server = createServer(handlers(), { runtimeId: fakeBrowser.runtime.id });
    fakeBrowser.runtime.onMessage.addListener(server.listener);
    // Another listener (the sidebar) answers page events, later than the server would.
    fakeBrowser.runtime.onMessage.addListener((message, _sender, sendResponse) => {
      if ((message as { gs?: string }).gs !== 'page-event') return undefined;
      setTimeout(() => sendResponse('sidebar got it'), 0);
      return true;
    });
    expect(await fakeBrowser.runtime.sendMessage({ gs: 'page-event', type: 'context' })).toBe('sidebar got it');
  });
});

describe('sender kinds (issue #11, finding 2)', () => {
  it('tells extension pages from content scripts by the sender URL, also for a page framed in a tab', () => {
    expect(senderKind(OURS)).toBe('extension-page');
    expect(senderKind({ id: RUNTIME_ID, url: 'moz-extension://0a1b/options.html' })).toBe('extension-page');
    expect(senderKind(CONTENT_SCRIPT)).toBe('content-script');
    expect(senderKind({ id: RUNTIME_ID, tab: { id: 1 } })).toBe('content-script');
  });

  it('answers a content script only the requests reading a chat needs, and names the one refused', async () => {
    const server = createServer(handlers({ getSettings: async () => DEFAULT_SETTINGS }), { runtimeId: RUNTIME_ID });
    for (const name of ['exportBackup', 'importBackup', 'forgetMember', 'updateSettings', 'getTabStatus', 'getMemberCard', 'addNote']) {
      expect(await server.handle(envelope(name, {}), CONTENT_SCRIPT)).toEqual({
        ok: false,
        error: `request refused: "${name}" is not allowed from a content script`,
      });
    }
    expect(await server.handle(envelope('getSettings', {}), CONTENT_SCRIPT)).toMatchObject({ ok: true });
  });

  it('every request a content script may make exists in the protocol with the same input schema', () => {
    for (const name of CONTENT_SCRIPT_REQUESTS) {
      expect(Object.hasOwn(protocol, name)).toBe(true);
      expect(protocol[name as keyof typeof protocol].input).toBe(contentRequestInputs[name as keyof typeof contentRequestInputs].input);
    }
  });
});

describe('settings changes (issue #11, finding 1)', () => {
  it('a change names only the keys it sends: no defaults are filled in', () => {
    expect(protocol.updateSettings.input.parse({ sidebarOpen: false })).toEqual({ sidebarOpen: false });
    expect(protocol.setSidebarState.input.parse({ open: true })).toEqual({ open: true });
  });

  it('refuses a misspelt key by name instead of ignoring it', () => {
    const result = protocol.updateSettings.input.safeParse({ sidebarOpn: false });
    expect(result.success).toBe(false);
    if (!result.success) expect(describeZodError(result.error)).toContain('sidebarOpn');
  });
});

