import fc from 'fast-check';
import { ChatEventMiniSchema } from '../../../lib/model/chat-event';
import { MAX_NAME, toChatEvent } from '../../../lib/model/chat-event-check';
import { checkCommandInput, createCommandServer } from '../../../lib/messaging/page-commands';
import { type PageCommandName, pageCommands } from '../../../lib/messaging/page-protocol';
import { parseSiteProfile } from '../../../lib/adapters/profile/schema';
import { profileFromDraft, reviewDraft } from '../../../lib/setup/review';

// The content script carries no zod (size budget); its hand checks must accept exactly
// what the zod/mini schemas the background and the senders use accept.

const text = fc.oneof(fc.string({ maxLength: 30 }), fc.constant(''), fc.string({ minLength: 510, maxLength: 520 }));
const candidate = fc.record({
  externalId: text,
  kind: fc.constantFrom('message', 'join', 'leave', 'kick', 'rename', 'edit'),
  author: fc.record({ externalId: text, name: fc.string({ maxLength: 250 }) }),
  role: fc.constantFrom('staff', 'customer', 'unknown', 'admin'),
  text: fc.string({ maxLength: 40 }),
  ts: fc.oneof(fc.integer({ min: -5, max: 2_000_000_000_000 }), fc.double(), fc.constant(Number.NaN)),
  newName: fc.option(fc.string({ maxLength: 250 }), { nil: undefined }),
  newExternalId: fc.option(text, { nil: undefined }),
});

describe('hand checks agree with the schemas', () => {
  it('toChatEvent keeps exactly the events ChatEventMiniSchema accepts (names cut first)', () => {
    fc.assert(
      fc.property(candidate, (raw) => {
        const event = toChatEvent(raw as never);
        const cut = { ...raw, author: { ...raw.author, name: raw.author.name.slice(0, MAX_NAME) }, ...(raw.newName !== undefined ? { newName: raw.newName.slice(0, MAX_NAME) } : {}) };
        expect(event !== null).toBe(ChatEventMiniSchema.safeParse(cut).success);
      }),
    );
  });

  it('the hand check knows every command of the schema table', async () => {
    for (const name of Object.keys(pageCommands) as PageCommandName[]) {
      await expect(createCommandServer(() => ({ [name]: () => 'ran' }), { runtimeId: 'gs' }).handle({ gs: 'command', name, input: 'not an object' }, { id: 'gs' })).resolves.toMatchObject({ ok: false, error: `${name}: input: expected an object` });
    }
  });

  it('checkCommandInput refuses exactly what the command schemas refuse', () => {
    const samples: Array<[PageCommandName, unknown]> = [
      ['insert-text', { text: 'hi' }],
      ['insert-text', { text: 'hi', send: true }],
      ['insert-text', { text: 3 }],
      ['insert-text', { text: 'x'.repeat(20_001) }],
      ['insert-text', { text: 'hi', send: 'yes' }],
      ['insert-text', null],
      ['toggle-sidebar', {}],
      ['confirm-channel', { channel: '3f2504e0-4f89-41d3-9a0c-0305e82c3301' }],
      ['confirm-channel', { channel: 'x'.repeat(65) }],
      ['confirm-channel', { channel: 7 }],
      ['confirm-channel', {}],
      ['toggle-sidebar', 'now'],
      ['test-profile', { profile: { id: 'p', matches: ['https://x/*'], selectors: {} } }],
      ['test-profile', { profile: { id: 'p', matches: 'https://x/*', selectors: {} } }],
      ['test-profile', { profile: { id: 1, matches: [], selectors: {} } }],
      ['test-profile', {}],
      ['setup', { command: { action: 'start' } }],
      ['setup', { command: { action: 'launch' } }],
      ['setup', { command: { action: 'repair', step: 'row', profile: { id: 'p', matches: [], selectors: {} } } }],
      ['setup', { command: { action: 'repair', step: 'avatar', profile: { id: 'p', matches: [], selectors: {} } } }],
      ['setup', { command: { action: 'repair', step: 'row' } }],
      ['setup', {}],
      ['setup-saved', {}],
      ['insert-private', { externalId: 'alice', name: 'Alice', text: 'please stop' }],
      ['insert-private', { externalId: '', name: 'Alice', text: 'please stop' }],
      ['insert-private', { externalId: 'alice', name: 'A'.repeat(201), text: 'please stop' }],
      ['insert-private', { externalId: 'alice', name: 'Alice', text: '' }],
      ['insert-private', { externalId: 'alice', text: 'please stop' }],
    ];
    for (const [name, input] of samples) {
      expect(checkCommandInput(name, input) === null, `${name} ${JSON.stringify(input)?.slice(0, 60)}`).toBe(pageCommands[name].input.safeParse(input).success);
    }
  });

  it('text commands: the hand check and the schema agree on generated inputs', () => {
    const str = fc.oneof(fc.string({ maxLength: 20 }), fc.constant(''), fc.integer(), fc.constant(undefined), fc.string({ minLength: 195, maxLength: 205 }), fc.string({ minLength: 505, maxLength: 515 }));
    const inputs = fc.oneof(
      fc.record({ externalId: str, name: str, text: str }, { requiredKeys: [] }),
      fc.record({ text: fc.oneof(str, fc.constant('x'.repeat(20_001))), send: fc.oneof(fc.boolean(), fc.constant('yes'), fc.constant(undefined)) }, { requiredKeys: [] }),
      fc.anything(),
    );
    fc.assert(
      fc.property(fc.constantFrom<PageCommandName>('insert-text', 'insert-private'), inputs, (name, input) => {
        expect(checkCommandInput(name, input) === null).toBe(pageCommands[name].input.safeParse(input).success);
      }),
      { numRuns: 500 },
    );
  });

  it('the setup review refuses a draft as invalid exactly when parseSiteProfile refuses its profile', () => {
    const selector = fc.constantFrom<string>('.msg', '[data-id]', 'li > span.author', '.text, .body', '#', 'div[', '.a >', '::nope(', `.${'x'.repeat(499)}`, `.${'x'.repeat(500)}`);
    const list = fc.array(selector, { minLength: 1, maxLength: 3 });
    const draft = fc.record(
      { row: list, author: fc.record({ selector: list }), text: list, container: list, composer: list, send: list, time: fc.record({ selector: list, attribute: fc.constant<string[]>(['datetime']) }) },
      { requiredKeys: ['row', 'author', 'text'] },
    );
    const url = new URL('http://localhost:9000/chat');
    fc.assert(
      fc.property(draft, (candidate) => {
        const review = reviewDraft(candidate, document, url, 0);
        const refusedByHand = review.problems.some((problem) => problem.key === 'invalid');
        expect(refusedByHand).toBe(!parseSiteProfile(profileFromDraft(candidate, url, document.title)).ok);
      }),
      { numRuns: 300 },
    );
  });
});
