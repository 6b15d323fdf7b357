import { demoAdapter } from '../../../lib/adapters/demo';
import { startInlineBadges } from '../../../lib/content/inline-badges';
import type { MemberBadge } from '../../../lib/messaging/protocol';
import { type DemoMessage, mountDemoChat, renderRow } from '../reader/demo-dom';

const START = Date.UTC(2026, 10, 24, 9, 0, 0);
const ROWS: DemoMessage[] = [
  { id: 'm-1', kind: 'message', userId: 'u-chen', name: '陈强', role: 'customer', text: '请问年费怎么算', ts: START },
  { id: 'm-2', kind: 'message', userId: 'u-li', name: '李娜', role: 'customer', text: '谢谢', ts: START + 60_000 },
  { id: 'm-3', kind: 'message', userId: 'u-html', name: '小号', role: 'customer', text: '你好', ts: START + 120_000 },
  { id: 'm-4', kind: 'message', userId: 'u-chen', name: '陈强', role: 'customer', text: '还有问题', ts: START + 180_000 },
];
const BADGES: Record<string, MemberBadge> = {
  'demo:u-chen': { tags: [{ name: 'VIP', color: '#6d28d9' }, { name: '年费争议', color: '#b45309' }], warnings: 2 },
  'demo:u-li': { tags: [], warnings: 0 },
  'demo:u-html': { tags: [{ name: '<b>x</b>', color: '#475569' }], warnings: 0 },
};

let controller: AbortController;
let asked: string[][];

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  controller = new AbortController();
  asked = [];
  const { canvas } = mountDemoChat(document, { id: 'g-service', title: '星河银行 · 信用卡客户服务群' });
  for (const [i, row] of ROWS.entries()) canvas?.append(renderRow(document, row, i));
});
afterEach(() => {
  controller.abort();
  vi.useRealTimers();
  document.body.innerHTML = '';
});

function start() {
  return startInlineBadges({
    adapter: demoAdapter,
    document,
    signal: controller.signal,
    loadBadges: async (ids) => {
      asked.push(ids);
      return Object.fromEntries(ids.map((id) => [id, BADGES[id] ?? { tags: [], warnings: 0 }]));
    },
    warningsLabel: (count) => `${count} 次警告`,
  });
}

/** Runs the debounced refresh and lets the badge request answer. */
async function flush() {
  await vi.advanceTimersByTimeAsync(300);
}

const badgeAfterAuthorOf = (messageId: string) => {
  const author = document.querySelector(`[data-msg-id="${messageId}"] .author`);
  const next = author?.nextElementSibling;
  return next?.getAttribute('data-testid') === 'gs-inline-badge' ? next : null;
};

describe('startInlineBadges on the demo chat', () => {
  it('draws tags and a warning label after each author, as text only', async () => {
    start();
    await flush();
    expect(asked).toEqual([['demo:u-chen', 'demo:u-li', 'demo:u-html']]);

    expect(badgeAfterAuthorOf('m-1')?.textContent).toBe('VIP · 年费争议 · 2 次警告');
    expect(badgeAfterAuthorOf('m-4')?.textContent).toBe('VIP · 年费争议 · 2 次警告');
    // A member without tags or warnings gets no badge.
    expect(badgeAfterAuthorOf('m-2')).toBeNull();
    // Page-controlled text is never parsed as markup.
    const html = badgeAfterAuthorOf('m-3');
    expect(html?.textContent).toBe('<b>x</b>');
    expect(html?.querySelector('b')).toBeNull();
    expect(document.querySelectorAll('[data-testid="gs-inline-badge"]')).toHaveLength(3);
    // The author element itself is untouched.
    expect(document.querySelector('[data-msg-id="m-1"] .author')?.textContent).toBe('陈强');
  });

  it('badges rows that arrive later', async () => {
    start();
    await flush();
    const canvas = document.querySelector('.message-canvas');
    canvas?.append(renderRow(document, { id: 'm-5', kind: 'message', userId: 'u-chen', name: '陈强', role: 'customer', text: '在吗', ts: START + 240_000 }, 4));
    await flush();
    expect(badgeAfterAuthorOf('m-5')?.textContent).toBe('VIP · 年费争议 · 2 次警告');
    expect(document.querySelectorAll('[data-testid="gs-inline-badge"]')).toHaveLength(4);
  });

  it('removes every badge on abort', async () => {
    start();
    await flush();
    expect(document.querySelectorAll('[data-testid="gs-inline-badge"]').length).toBeGreaterThan(0);
    controller.abort();
    expect(document.querySelectorAll('[data-testid="gs-inline-badge"]')).toHaveLength(0);
    // Nothing is drawn again afterwards.
    document.querySelector('.message-canvas')?.append(renderRow(document, { ...(ROWS[0] as DemoMessage), id: 'm-9' }, 5));
    await flush();
    expect(document.querySelectorAll('[data-testid="gs-inline-badge"]')).toHaveLength(0);
  });
});
