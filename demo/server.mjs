// The demo chat's server: plain Node, no dependencies, so the demo runs before `npm ci`
// has finished and keeps running with the extension removed.
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { weekOfHistory } from './history.mjs';
import { GROUPS, ME, SCRIPTS, USERS } from './script.mjs';

const ROOT = fileURLToPath(new URL('.', import.meta.url));
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml' };
const MAX_TEXT = 4000;

/**
 * @param {{port?: number, host?: string, interval?: number, historyShare?: number, extraHistory?: number, weekOfHistory?: boolean, now?: () => number}} options
 *   interval: ms between scripted live messages (0 stops the stream);
 *   historyShare: share of each script already "said" when the server starts;
 *   extraHistory: synthetic older messages per group (for load tests and benchmarks);
 *   weekOfHistory: a week of back-dated conversation before the script, which the page
 *   fast-forwards through (scrolls top to bottom) on its first load so the extension reads it.
 */
export async function startDemoServer(options = {}) {
  const now = options.now ?? Date.now;
  const interval = options.interval ?? 4000;
  const historyShare = options.historyShare ?? 0.6;
  const state = new Map(GROUPS.map((g) => [g.id, { messages: [], members: new Set(), cursor: 0, round: 0 }]));
  const clients = new Set();
  // Direct conversations between the staff member and one member, opened on demand.
  const directGroups = [];

  const push = (groupId, entry, ts) => {
    const group = state.get(groupId);
    const seq = group.messages.length + 1;
    const message = {
      id: `${groupId}-${String(seq).padStart(6, '0')}`,
      kind: entry.kind,
      userId: entry.user,
      name: USERS[entry.user]?.name ?? entry.name ?? entry.user,
      role: USERS[entry.user]?.role ?? 'customer',
      text: entry.text ?? '',
      ts,
    };
    group.messages.push(message);
    if (entry.kind === 'leave' || entry.kind === 'kick') group.members.delete(entry.user);
    else group.members.add(entry.user);
    const payload = `data: ${JSON.stringify({ groupId, message })}\n\n`;
    for (const res of clients) res.write(payload);
    return message;
  };

  // Back-date the history: older synthetic chatter, then the first part of each script.
  const start = now();
  for (const g of GROUPS) {
    const script = SCRIPTS[g.id];
    const historyCount = Math.round(script.length * historyShare);
    const extra = options.extraHistory ?? 0;
    const customers = Object.keys(USERS).filter((id) => USERS[id].role === 'customer');
    const total = extra + historyCount;
    if (options.weekOfHistory) {
      const people = customers.filter((id) => !id.startsWith('u-ad') && id !== 'u-spam').map((id) => ({ id, name: USERS[id].name }));
      const staff = Object.keys(USERS).filter((id) => USERS[id].role === 'staff');
      const week = weekOfHistory({ start: start - (total + 1) * 60_000, groupId: g.id, customers: people, staff, perDay: g.id === 'g-service' ? 14 : 6 });
      for (const entry of week) push(g.id, entry, entry.ts);
    }
    for (let i = 0; i < extra; i++) {
      push(g.id, { kind: 'message', user: customers[i % customers.length], text: `历史消息 #${i + 1}: 请问第 ${i % 50} 期活动还有吗？` }, start - (total - i) * 60_000);
    }
    for (let i = 0; i < historyCount; i++) push(g.id, script[i], start - (historyCount - i) * 60_000);
    state.get(g.id).cursor = historyCount;
  }

  const tick = () => {
    for (const g of GROUPS) {
      const group = state.get(g.id);
      const script = SCRIPTS[g.id];
      if (group.cursor >= script.length) {
        group.cursor = Math.round(script.length * historyShare);
        group.round++;
      }
      push(g.id, script[group.cursor++], now());
    }
  };
  const timer = interval > 0 ? setInterval(tick, interval) : null;
  // Only the first page load fast-forwards through the week; a reload starts at the bottom.
  let fastForwardPending = Boolean(options.weekOfHistory);

  const readBody = (req) =>
    new Promise((resolve, reject) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk) => {
        body += chunk;
        if (body.length > 1_000_000) reject(new Error('body too large'));
      });
      req.on('end', () => resolve(body));
      req.on('error', reject);
    });
  const json = (res, status, data) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(JSON.stringify(data));
  };

  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname === '/api/state') {
        const fastForward = fastForwardPending;
        fastForwardPending = false;
        return json(res, 200, {
          fastForward,
          me: ME,
          users: USERS,
          groups: [...GROUPS, ...directGroups].map((g) => ({ ...g, members: [...state.get(g.id).members] })),
        });
      }
      const messagesMatch = url.pathname.match(/^\/api\/groups\/([\w-]+)\/messages$/);
      if (messagesMatch) {
        const group = state.get(messagesMatch[1]);
        return group ? json(res, 200, group.messages) : json(res, 404, { error: 'no such group' });
      }
      if (url.pathname === '/api/stream') {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
        res.write(': connected\n\n');
        clients.add(res);
        req.on('close', () => clients.delete(res));
        return;
      }
      if (url.pathname === '/api/send' && req.method === 'POST') {
        // The composer posts as the staff member using the demo; tests post as anyone.
        const body = JSON.parse(await readBody(req));
        const groupId = String(body.groupId ?? '');
        const kind = body.kind ?? 'message';
        const text = String(body.text ?? '');
        if (!state.has(groupId)) return json(res, 400, { error: `unknown group "${groupId}"` });
        if (!['message', 'join', 'leave'].includes(kind)) return json(res, 400, { error: `unknown kind "${kind}"` });
        if (kind === 'message' && (!text.trim() || text.length > MAX_TEXT)) return json(res, 400, { error: `text must be 1 to ${MAX_TEXT} characters` });
        const user = String(body.userId ?? ME);
        const entry = { kind, user, text, name: typeof body.name === 'string' ? body.name : undefined };
        return json(res, 200, push(groupId, entry, now()));
      }
      if (url.pathname === '/api/dm' && req.method === 'POST') {
        // A direct message conversation with one member: "dm-<their id>", created once.
        const body = JSON.parse(await readBody(req));
        const userId = String(body.userId ?? '');
        if (!USERS[userId] || userId === ME) return json(res, 400, { error: `unknown member "${userId}"` });
        const id = `dm-${userId}`;
        let group = directGroups.find((g) => g.id === id);
        if (!group) {
          group = { id, title: `私信 · ${USERS[userId].name}`, direct: true };
          directGroups.push(group);
          state.set(id, { messages: [], members: new Set([ME, userId]), cursor: 0, round: 0 });
        }
        return json(res, 200, { ...group, members: [...state.get(id).members] });
      }
      if (url.pathname === '/api/tick' && req.method === 'POST') {
        tick();
        return json(res, 200, { ok: true });
      }
      const path = url.pathname === '/' ? '/index.html' : decodeURIComponent(url.pathname);
      const file = normalize(join(ROOT, path));
      if (!file.startsWith(ROOT) || !TYPES[extname(file)]) return json(res, 404, { error: 'not found' });
      const data = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)], 'cache-control': 'no-store' });
      res.end(data);
    } catch (error) {
      if (!res.headersSent) json(res, error?.code === 'ENOENT' ? 404 : 400, { error: error?.code === 'ENOENT' ? 'not found' : String(error?.message ?? error) });
    }
  });

  await new Promise((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    port,
    url: `http://127.0.0.1:${port}/`,
    tick,
    async close() {
      if (timer) clearInterval(timer);
      for (const res of clients) res.end();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
