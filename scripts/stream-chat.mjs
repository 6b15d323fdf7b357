// A loopback chat page in the demo chat's markup (so the built-in demo adapter reads it)
// that appends messages as fast as a busy group or a backfill would: N messages from M
// members, `perFrame` rows per animation frame, about 3% spam. Used by the delivery e2e
// test and by `npm run bench:ingest`. Plain Node, no dependencies.
import http from 'node:http';

/** Which message numbers are spam, and their text: contact details and an ad, each one different. */
export const isSpam = (n) => n % 33 === 7;
export const spamText = (n) => `兼职日结，加我微信 wx${n}abc 日赚500`;

const WORDS = ['请问', '年费', '怎么', '收', '订单', 'refund', '发货', 'tracking', '你好', 'please', '客服', 'when', '退款', 'thanks', '信用卡', '积分', '额度', 'statement'];

/**
 * The text of message n: spam, or words picked by a hash of n (members do not repeat themselves,
 * which the repeat rule would flag). Its source is put into the page's script inside a template
 * literal, so it concatenates instead of using one.
 */
export function messageText(n) {
  if (isSpam(n)) return spamText(n);
  let text = '';
  let h = Math.imul(n, 2654435761) >>> 0;
  for (let i = 0; i < 4 + (n % 7); i++) {
    h = (Math.imul(h, 1103515245) + 12345) >>> 0;
    text += WORDS[h % WORDS.length] + ' ';
  }
  return text + '#' + n;
}

/** The chat's group, the author of message n and its id, as the demo adapter reads them from the page. */
export const STREAM_GROUP = { externalId: 'g-stream', title: 'Stream 群' };
export const messageId = (n) => `s-${String(n).padStart(7, '0')}`;
export const authorOf = (n, members) => ({ externalId: `u-${n % members}`, name: `Member ${n % members}` });

const PAGE = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>Stream 群</title>
<style>body{font:14px sans-serif;margin:0}.message-list{height:100vh;overflow:auto}.row{padding:2px 8px}</style></head><body>
<div id="app" class="app"><main class="chat" data-group-id="g-stream"><header class="chat-header"><h1 class="chat-title">Stream 群</h1></header>
<div class="message-list" role="log"><div class="message-canvas"></div></div>
<form class="composer"><textarea class="composer-input"></textarea></form></main></div>
<script src="/page.js"></script></body></html>`;

const PAGE_JS = `
const canvas = document.querySelector('.message-canvas');
const WORDS = ${JSON.stringify(WORDS)};
const isSpam = ${isSpam.toString()};
const spamText = ${spamText.toString()};
${messageText.toString()}
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) k === 'class' ? (node.className = v) : node.setAttribute(k, v);
  for (const c of children) node.append(c);
  return node;
}
function makeRow(n, members, baseTs) {
  const user = 'u-' + (n % members);
  const ts = baseTs + n * 100;
  const time = el('time', { datetime: new Date(ts).toISOString() }, '09:00');
  const text = messageText(n);
  const meta = el('div', { class: 'meta' }, el('span', { class: 'author', 'data-user-id': user }, 'Member ' + (n % members)), time);
  return el('div', { class: 'row msg', 'data-msg-id': 's-' + String(n).padStart(7, '0'), 'data-kind': 'message', 'data-user-id': user },
    el('div', { class: 'body' }, meta, el('div', { class: 'text' }, text)));
}
// ?prefill=N&members=M: N rows already on the page when it loads (a backfill the reader's first scan reads).
{
  const params = new URLSearchParams(location.search);
  const prefill = Number(params.get('prefill') ?? 0);
  const members = Number(params.get('members') ?? 300);
  const baseTs = Number(params.get('base') ?? Date.now() - 7_200_000);
  const fragment = document.createDocumentFragment();
  for (let n = 1; n <= prefill; n++) fragment.append(makeRow(n, members, baseTs));
  canvas.append(fragment);
}
const appendedAt = [];
const longTasks = [];
/** [startTime, duration] of each long task, in performance.now() time (bench:ingest attributes them). */
const longTaskSpans = [];
new PerformanceObserver((list) => { for (const e of list.getEntries()) { longTasks.push(e.duration); longTaskSpans.push([e.startTime, e.duration]); } }).observe({ type: 'longtask', buffered: true });
/** appendedAt[n]: wall-clock time message n was put on the page, for end-to-end lag. */
window.streamState = { appended: 0, done: false, startedAt: 0, endedAt: 0, longTasks, longTaskSpans, appendedAt };
/** Appends messages first..first+count-1, perFrame per animation frame; resolves when all are on the page. */
window.stream = ({ first = 1, count, perFrame = 200, members = 300, baseTs = Date.now() - 3_600_000, keepRows = 0 }) => new Promise((resolve) => {
  const state = window.streamState;
  state.done = false;
  state.startedAt = performance.now();
  let n = first;
  const end = first + count;
  const frame = () => {
    const fragment = document.createDocumentFragment();
    for (let i = 0; i < perFrame && n < end; i++, n++) fragment.append(makeRow(n, members, baseTs));
    canvas.append(fragment);
    const at = Date.now();
    for (let k = n - 1; k >= first && appendedAt[k] === undefined; k--) appendedAt[k] = at;
    state.appended = n - first;
    // keepRows > 0 behaves like a virtualised list: older rows leave the DOM.
    if (keepRows > 0) while (canvas.childElementCount > keepRows) canvas.firstElementChild.remove();
    if (n < end) requestAnimationFrame(frame);
    else { state.done = true; state.endedAt = performance.now(); resolve(state.appended); }
  };
  requestAnimationFrame(frame);
});
`;

/**
 * @param {{port?: number, holdBody?: () => Promise<void>}} [options] holdBody: a page asked for
 * with `?hold` gets its head at once and its body only once this resolves, so a test can look
 * at the page while it is still loading (what ran at document_start, before any row exists).
 */
export async function startStreamChat(options = {}) {
  const server = http.createServer(async (req, res) => {
    if (req.url === '/page.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      res.end(PAGE_JS);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    if (!options.holdBody || !new URL(req.url ?? '/', 'http://x').searchParams.has('hold')) {
      res.end(PAGE);
      return;
    }
    const bodyAt = PAGE.indexOf('<body>');
    res.write(PAGE.slice(0, bodyAt));
    await options.holdBody();
    res.end(PAGE.slice(bodyAt));
  });
  await new Promise((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
  return {
    port,
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve(undefined))),
  };
}
