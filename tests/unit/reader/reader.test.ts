import { createProfileAdapter } from '../../../lib/adapters/profile/adapter';
import { parseSiteProfile } from '../../../lib/adapters/profile/schema';
import { demoAdapter } from '../../../lib/adapters/demo';
import { type ReaderBatch, type ReaderOptions, type ReaderStatus, startReader } from '../../../lib/reader/reader';
import { type DemoMessage, demoMessages, mountDemoChat, renderRow } from './demo-dom';

const SERVICE = { id: 'g-service', title: '星河银行 · 信用卡客户服务群' };
const WELFARE = { id: 'g-welfare', title: '星河福利优惠群 Welfare & Coupons' };

/** Lets the observer deliver its records and a zero-delay batch flush. */
async function settle() {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

let controller: AbortController;
let batches: ReaderBatch[];
let statuses: ReaderStatus[];

beforeEach(() => {
  controller = new AbortController();
  batches = [];
  statuses = [];
});
afterEach(() => {
  controller.abort();
  document.body.innerHTML = '';
});

function start(options: Partial<ReaderOptions> = {}) {
  return startReader({
    adapter: demoAdapter,
    root: document,
    signal: controller.signal,
    batchDelayMs: 0,
    send: async (batch) => {
      batches.push(batch);
    },
    onStatus: (status) => statuses.push(status),
    ...options,
  });
}

/** Delivery health when everything read has been acknowledged. */
const DELIVERED = { state: 'ok', queuedBatches: 0, queuedEvents: 0, refused: {}, dropped: 0 };

const sentIds = () => batches.flatMap((b) => b.events.map((e) => e.externalId));
const append = (canvas: HTMLElement, messages: DemoMessage[]) => {
  for (const [i, m] of messages.entries()) canvas.append(renderRow(document, m, i));
};

describe('startReader on the demo chat', () => {
  it('sends every row on the page once at start, under the open group', async () => {
    const { canvas } = mountDemoChat(document, SERVICE);
    if (!canvas) throw new Error('no canvas');
    const messages = demoMessages(12);
    append(canvas, messages);

    const reader = start();
    await settle();

    expect(sentIds()).toEqual(messages.map((m) => m.id));
    expect(batches.every((b) => b.site === 'demo' && b.group.externalId === 'g-service' && b.group.title === SERVICE.title)).toBe(true);
    const first = batches[0]?.events[0];
    expect(first).toEqual({
      externalId: 'g-service-000001',
      kind: 'message',
      author: { externalId: 'u-chen', name: '陈强' },
      role: 'customer',
      text: '消息 1',
      ts: messages[0]?.ts,
    });
    expect(batches.flatMap((b) => b.events).find((e) => e.author.externalId === 'staff-mei')?.role).toBe('staff');
    expect(reader.status()).toMatchObject({ group: { externalId: 'g-service' }, messagesRead: 12, health: { state: 'ok', rowsSeen: 12, rowsParsed: 12 } });
  });

  it('sends rows added later, once each', async () => {
    const { canvas } = mountDemoChat(document, SERVICE);
    if (!canvas) throw new Error('no canvas');
    const messages = demoMessages(6);
    append(canvas, messages.slice(0, 2));
    start();
    await settle();
    append(canvas, messages.slice(2, 4));
    await settle();
    append(canvas, messages.slice(4));
    await settle();
    expect(sentIds()).toEqual(messages.map((m) => m.id));
  });

  it('does not send again rows that leave the virtualised list and come back as new nodes', async () => {
    const { canvas } = mountDemoChat(document, SERVICE);
    if (!canvas) throw new Error('no canvas');
    const messages = demoMessages(20);
    append(canvas, messages.slice(0, 10));
    start();
    await settle();

    // Scroll down: the first rows leave, the next ones render.
    for (const row of [...canvas.children].slice(0, 5)) row.remove();
    append(canvas, messages.slice(10, 15));
    await settle();
    // Scroll back up: the first rows come back as new elements.
    canvas.replaceChildren();
    append(canvas, messages.slice(0, 10));
    await settle();

    expect(sentIds()).toEqual(messages.slice(0, 15).map((m) => m.id));
    expect(new Set(sentIds()).size).toBe(sentIds().length);
  });

  it('reads a row inserted empty once it is filled, and only then', async () => {
    const { canvas } = mountDemoChat(document, SERVICE);
    if (!canvas) throw new Error('no canvas');
    const reader = start();
    await settle();

    const [message] = demoMessages(1);
    if (!message) throw new Error('no message');
    const full = renderRow(document, message);
    const shell = document.createElement('div');
    shell.className = full.className;
    for (const name of ['data-msg-id', 'data-kind', 'data-user-id']) shell.setAttribute(name, full.getAttribute(name) ?? '');
    canvas.append(shell);
    await settle();
    expect(batches).toEqual([]);

    // The client fills the row in a later render.
    shell.append(...full.childNodes);
    await settle();
    expect(sentIds()).toEqual([message.id]);
    expect(batches[0]?.events[0]?.text).toBe('消息 1');

    // A row that was only late, not broken, does not count against the page's health.
    expect(reader.status().health).toEqual({ state: 'ok', rowsSeen: 1, rowsParsed: 1, misses: {}, delivery: DELIVERED });
  });

  it('reads a profile row whose body was empty when it appeared once its text node arrives (Converse.js renders it later)', async () => {
    const parsed = parseSiteProfile({
      id: 'late-body',
      name: 'Late body',
      matches: ['http://localhost/*'],
      selectors: { container: '#log', row: 'div[data-msgid]', id: { attribute: 'data-msgid' }, author: { selector: '.who' }, text: '.body' },
    });
    if (!parsed.ok) throw new Error('profile');
    document.body.innerHTML = '<div id="log"></div>';
    const log = document.getElementById('log') as HTMLElement;
    const reader = start({ adapter: createProfileAdapter(parsed.profile) });
    await settle();
    log.insertAdjacentHTML('beforeend', '<div data-msgid="m-1"><span class="who">Alice</span><span class="body"></span></div>');
    await settle();
    expect(batches).toEqual([]);
    // Only a text node is added: no element, so the row must be found from its parent.
    log.querySelector('.body')?.append(document.createTextNode('It was due yesterday'));
    await settle();
    expect(batches.flatMap((b) => b.events).map((e) => [e.externalId, e.author.name, e.text])).toEqual([['m-1', 'Alice', 'It was due yesterday']]);
    expect(reader.status().health).toMatchObject({ state: 'ok', rowsSeen: 1, rowsParsed: 1, misses: {} });
  });

  it('sends rows after a group switch under the new group', async () => {
    const { chat, canvas } = mountDemoChat(document, SERVICE);
    if (!chat || !canvas) throw new Error('no chat');
    const service = demoMessages(3, 'g-service');
    append(canvas, service);
    const reader = start();
    await settle();

    // As demo/app.js openGroup does: title and group id first, rows after the fetch.
    chat.dataset.groupId = WELFARE.id;
    const title = chat.querySelector('.chat-title');
    if (title) title.textContent = WELFARE.title;
    await settle();
    canvas.replaceChildren();
    const welfare = demoMessages(4, 'g-welfare');
    append(canvas, welfare);
    await settle();

    const byGroup = (id: string) => batches.filter((b) => b.group.externalId === id).flatMap((b) => b.events.map((e) => e.externalId));
    expect(byGroup('g-service')).toEqual(service.map((m) => m.id));
    expect(byGroup('g-welfare')).toEqual(welfare.map((m) => m.id));
    expect(batches.find((b) => b.group.externalId === 'g-welfare')?.group.title).toBe(WELFARE.title);
    expect(reader.status().group).toEqual({ externalId: 'g-welfare', title: WELFARE.title });
  });

  it('keeps the same message id in two groups apart', async () => {
    const { chat, canvas } = mountDemoChat(document, SERVICE);
    if (!chat || !canvas) throw new Error('no chat');
    const same = demoMessages(2, 'msg');
    append(canvas, same);
    start();
    await settle();
    chat.dataset.groupId = WELFARE.id;
    const title = chat.querySelector('.chat-title');
    if (title) title.textContent = WELFARE.title;
    canvas.replaceChildren();
    append(canvas, same);
    await settle();
    expect(batches.map((b) => [b.group.externalId, b.events.length])).toEqual([
      ['g-service', 2],
      ['g-welfare', 2],
    ]);
  });

  it('delivers 1,000 rows added in one mutation with at most two requests outstanding, merging what waits', async () => {
    const { canvas } = mountDemoChat(document, SERVICE);
    if (!canvas) throw new Error('no canvas');
    let outstanding = 0;
    let most = 0;
    start({
      batchSize: 150,
      // One slice reads all 1,000 (the slicing has its own test).
      sliceBudgetMs: Number.POSITIVE_INFINITY,
      send: async (batch) => {
        most = Math.max(most, ++outstanding);
        await settle();
        batches.push(batch);
        outstanding--;
      },
    });
    await settle();
    const messages = demoMessages(1_000);
    const fragment = document.createDocumentFragment();
    for (const [i, m] of messages.entries()) fragment.append(renderRow(document, m, i));
    canvas.append(fragment);
    for (let i = 0; i < 5; i++) await settle();

    // Two batches of 150 go at once; the five that wait behind them go as one request.
    expect(most).toBe(2);
    expect(batches.map((b) => b.events.length)).toEqual([150, 150, 700]);
    expect(sentIds()).toEqual(messages.map((m) => m.id));
  });

  it('reads new rows after the page task that added them, in slices of bounded time, in order', async () => {
    const { canvas } = mountDemoChat(document, SERVICE);
    if (!canvas) throw new Error('no canvas');
    const slices: Array<() => void> = [];
    // A clock that moves 1 ms per read: with a 4 ms budget a slice reads 64 rows (checked every 16).
    let time = 0;
    start({ yieldToPage: (next) => slices.push(next), sliceBudgetMs: 4, clock: () => time++, batchSize: 1_000 });
    const messages = demoMessages(300);
    const fragment = document.createDocumentFragment();
    for (const [i, m] of messages.entries()) fragment.append(renderRow(document, m, i));
    canvas.append(fragment);
    await settle();
    // The observer callback only collected the rows: nothing is read in the page's task.
    expect(statuses.at(-1)?.health.rowsSeen ?? 0).toBe(0);
    let rounds = 0;
    while (slices.length > 0) {
      (slices.shift() as () => void)();
      rounds++;
      if (rounds === 1) expect(statuses.at(-1)?.health.rowsSeen).toBe(64);
    }
    expect(rounds).toBe(5);
    await settle();
    expect(statuses.at(-1)?.health).toMatchObject({ rowsSeen: 300, rowsParsed: 300 });
    controller.abort();
    expect(sentIds()).toEqual(messages.map((m) => m.id));
  });

  it('rows added just before a chat switch are read as the chat they were added to', async () => {
    const { chat, canvas } = mountDemoChat(document, SERVICE);
    if (!chat || !canvas) throw new Error('no chat');
    const slices: Array<() => void> = [];
    start({ yieldToPage: (next) => slices.push(next) });
    const service = demoMessages(3, 'g-service');
    append(canvas, service);
    await settle();
    // The chat switches before the slice that would read them ran.
    chat.dataset.groupId = WELFARE.id;
    canvas.replaceChildren();
    await settle();
    for (const next of slices.splice(0)) next();
    controller.abort();
    const byGroup = (id: string) => batches.filter((b) => b.group.externalId === id).flatMap((b) => b.events.map((e) => e.externalId));
    expect(byGroup('g-service')).toEqual(service.map((m) => m.id));
    expect(byGroup('g-welfare')).toEqual([]);
  });

  it('on abort, sends what is pending at once and stops reading', async () => {
    const { canvas } = mountDemoChat(document, SERVICE);
    if (!canvas) throw new Error('no canvas');
    const messages = demoMessages(6);
    append(canvas, messages.slice(0, 3));
    // A delay no test waits for: only the abort can send these rows.
    start({ batchDelayMs: 3_600_000 });
    await settle();
    expect(batches).toEqual([]);

    controller.abort();
    expect(sentIds()).toEqual(messages.slice(0, 3).map((m) => m.id));

    append(canvas, messages.slice(3));
    await settle();
    expect(sentIds()).toEqual(messages.slice(0, 3).map((m) => m.id));
  });

  it('does not start on a signal already aborted', async () => {
    const { canvas } = mountDemoChat(document, SERVICE);
    if (!canvas) throw new Error('no canvas');
    append(canvas, demoMessages(3));
    controller.abort();
    start();
    await settle();
    append(canvas, demoMessages(5).slice(3));
    await settle();
    expect(batches).toEqual([]);
  });

  it('keeps a batch whose send failed and sends it again after a back-off, without any re-render', async () => {
    const { canvas } = mountDemoChat(document, SERVICE);
    if (!canvas) throw new Error('no canvas');
    const messages = demoMessages(3);
    append(canvas, messages);
    let failures = 2;
    const attempts: string[][] = [];
    const timers: (() => void)[] = [];
    const fireTimers = () => {
      for (const fn of timers.splice(0)) fn();
    };
    const reader = start({
      delivery: { setTimer: (fn) => timers.push(fn), clearTimer: () => {} },
      send: async (batch) => {
        attempts.push(batch.events.map((e) => e.externalId));
        if (failures-- > 0) throw new Error('Could not establish connection. Receiving end does not exist.');
        batches.push(batch);
      },
    });
    await settle();
    expect(reader.status().messagesRead).toBe(0);
    expect(reader.status().health.delivery).toMatchObject({ state: 'retrying', queuedEvents: 3 });
    // Two back-offs, each ended by the test.
    fireTimers();
    await settle();
    expect(attempts).toHaveLength(2);
    fireTimers();
    await settle();
    expect(attempts).toEqual([0, 1, 2].map(() => messages.map((m) => m.id)));
    expect(sentIds()).toEqual(messages.map((m) => m.id));
    expect(reader.status().messagesRead).toBe(3);
    expect(reader.status().health.delivery).toEqual(DELIVERED);

    // Sent now: a re-render sends nothing.
    canvas.replaceChildren();
    append(canvas, messages);
    await settle();
    expect(attempts).toHaveLength(3);
  });


  describe('health', () => {
    it('is ok while rows parse', async () => {
      const { canvas } = mountDemoChat(document, SERVICE);
      if (!canvas) throw new Error('no canvas');
      append(canvas, demoMessages(5));
      const reader = start();
      await settle();
      expect(reader.status().health).toEqual({ state: 'ok', rowsSeen: 5, rowsParsed: 5, misses: {}, delivery: DELIVERED });
      expect(statuses.at(-1)?.health.state).toBe('ok');
    });

    it('is broken, naming the selector key, when rows have no author', async () => {
      const { canvas } = mountDemoChat(document, SERVICE);
      if (!canvas) throw new Error('no canvas');
      append(canvas, demoMessages(4));
      for (const author of canvas.querySelectorAll('.author')) author.remove();
      const reader = start();
      await settle();
      expect(batches).toEqual([]);
      expect(reader.status().health).toEqual({ state: 'broken', rowsSeen: 4, rowsParsed: 0, misses: { author: 4 }, delivery: DELIVERED });
      expect(statuses.at(-1)?.health.misses).toEqual({ author: 4 });
    });

    it('is degraded when more than a few rows fail, and names the key', async () => {
      const { canvas } = mountDemoChat(document, SERVICE);
      if (!canvas) throw new Error('no canvas');
      append(canvas, demoMessages(10));
      canvas.querySelector('.row time')?.remove();
      const reader = start();
      await settle();
      expect(sentIds()).toHaveLength(9);
      expect(reader.status().health).toEqual({ state: 'degraded', rowsSeen: 10, rowsParsed: 9, misses: { time: 1 }, delivery: DELIVERED });
    });

    it('is no-chat without a chat, and starts reading when a chat opens', async () => {
      mountDemoChat(document, null);
      const reader = start();
      await settle();
      expect(reader.status()).toMatchObject({ group: null, health: { state: 'no-chat' } });
      expect(statuses.at(-1)?.health.state).toBe('no-chat');

      // The single-page app opens a chat.
      const { canvas } = mountDemoChat(document, SERVICE);
      if (!canvas) throw new Error('no canvas');
      append(canvas, demoMessages(2));
      await settle();
      expect(sentIds()).toEqual(['g-service-000001', 'g-service-000002']);
      expect(reader.status().health.state).toBe('ok');
    });

    it('is broken when a chat is open but its message list is not found', async () => {
      const { canvas } = mountDemoChat(document, SERVICE);
      canvas?.parentElement?.remove();
      const reader = start();
      await settle();
      expect(reader.status().health).toMatchObject({ state: 'broken', misses: { messageContainer: 1 } });
    });
  });
});

describe('initial scan of a long page', () => {
  it('reads in slices that yield to the page, each row once, even when rows arrive between slices', async () => {
    const { canvas } = mountDemoChat(document, SERVICE);
    if (!canvas) throw new Error('no canvas');
    const messages = demoMessages(1_000);
    append(canvas, messages);
    const pending: Array<() => void> = [];
    const reader = start({ scanSliceRows: 100, yieldToPage: (next) => pending.push(next), batchSize: 5_000 });

    expect(reader.status().health.rowsParsed).toBe(100);
    // A row re-rendered by the page while the scan is under way is not read twice.
    const late = demoMessages(1, 'g-service', Date.UTC(2026, 10, 25))[0] as DemoMessage;
    canvas.append(renderRow(document, { ...late, id: 'g-service-late' }, 1_000));
    await settle();
    while (pending.length > 0) (pending.shift() as () => void)();
    reader.flush();
    await settle();

    const ids = sentIds();
    expect(ids).toHaveLength(1_001);
    expect(new Set(ids).size).toBe(1_001);
    expect(reader.status().health).toMatchObject({ state: 'ok', rowsSeen: 1_001, rowsParsed: 1_001 });
  });

  it('firstScan resolves once the last slice has read the rows the page held, not before', async () => {
    const { canvas } = mountDemoChat(document, SERVICE);
    if (!canvas) throw new Error('no canvas');
    append(canvas, demoMessages(350));
    const pending: Array<() => void> = [];
    const reader = start({ scanSliceRows: 100, yieldToPage: (next) => pending.push(next), batchSize: 5_000 });
    let done = false;
    void reader.firstScan.then(() => {
      done = true;
    });
    for (let slices = 1; slices < 4; slices++) {
      await settle();
      expect(done).toBe(false);
      (pending.shift() as () => void)();
    }
    await settle();
    expect(reader.status().health.rowsParsed).toBe(350);
    expect(done).toBe(true);
  });

  it('firstScan resolves when the reader stops mid-scan too', async () => {
    const { canvas } = mountDemoChat(document, SERVICE);
    if (!canvas) throw new Error('no canvas');
    append(canvas, demoMessages(350));
    const reader = start({ scanSliceRows: 100, yieldToPage: () => {} });
    reader.stop();
    await expect(reader.firstScan).resolves.toBeUndefined();
  });

  it('a chat switch during the scan ends it: later slices read nothing of the old chat', () => {
    const { canvas, chat } = mountDemoChat(document, SERVICE);
    if (!canvas || !chat) throw new Error('no chat');
    append(canvas, demoMessages(500));
    const pending: Array<() => void> = [];
    const reader = start({ scanSliceRows: 100, yieldToPage: (next) => pending.push(next) });
    chat.dataset.groupId = WELFARE.id;
    canvas.replaceChildren();
    reader.rescan();
    while (pending.length > 0) (pending.shift() as () => void)();
    expect(reader.status().health.rowsParsed).toBe(100);
  });
});
