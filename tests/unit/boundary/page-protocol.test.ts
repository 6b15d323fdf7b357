import { createCommandClient, createCommandServer, type CommandHandlers } from '../../../lib/messaging/page-protocol';

// One protocol for the content script's channel too: named commands, input parsed by
// schema before a handler runs, replies in the same {ok, data} | {ok, error} envelope.

const RUNTIME = 'gs';

function setup(handlers: Partial<CommandHandlers>) {
  const server = createCommandServer(() => handlers, { runtimeId: RUNTIME });
  const client = createCommandClient((_tabId, message) => server.handle(message, { id: RUNTIME }));
  return { server, client };
}

describe('page commands', () => {
  it('round-trips a command through client and server', async () => {
    const insert = vi.fn(() => ({ ok: true as const, method: 'native-setter' }));
    const { client } = setup({ 'insert-text': insert });
    await expect(client.request(1, 'insert-text', { text: '您好' })).resolves.toEqual({ ok: true, method: 'native-setter' });
    expect(insert).toHaveBeenCalledWith({ text: '您好' });
  });

  it('refuses other extensions, unknown commands and bad input by name, before any handler runs', async () => {
    const insert = vi.fn();
    const { server } = setup({ 'insert-text': insert });
    expect(await server.handle({ gs: 'command', name: 'insert-text', input: { text: 'x' } }, { id: 'other' })).toEqual({
      ok: false,
      error: 'command refused: it did not come from this extension',
    });
    expect(await server.handle({ gs: 'command', name: 'eval', input: {} }, { id: RUNTIME })).toEqual({ ok: false, error: 'unknown command "eval"' });
    const bad = await server.handle({ gs: 'command', name: 'insert-text', input: { text: 42 } }, { id: RUNTIME });
    expect(bad).toMatchObject({ ok: false });
    expect((bad as { error: string }).error).toMatch(/^insert-text: text: /);
    expect(insert).not.toHaveBeenCalled();
  });

  it('says so when the page is not being read (no handler yet)', async () => {
    const { client } = setup({});
    await expect(client.request(1, 'toggle-sidebar', {})).rejects.toThrow('toggle-sidebar: this page is not being read');
  });

  it('leaves messages that are not commands to other listeners', () => {
    const { server } = setup({});
    expect(server.listener({ gs: 'page-event' }, { id: RUNTIME }, vi.fn())).toBeUndefined();
  });
});
