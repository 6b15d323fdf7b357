// The demo chat client: plain DOM, no framework. Its message list is virtualised like the
// real web chats (rows leave the DOM when scrolled away and come back as new nodes), so the
// extension's reader meets the same behaviour here as in production.
const ROW_HEIGHT = 64;
const OVERSCAN = 6;

const app = document.getElementById('app');
const groupList = app.querySelector('.group-list');
const title = app.querySelector('.chat-title');
const memberCount = app.querySelector('.member-count');
const list = app.querySelector('.message-list');
const canvas = app.querySelector('.message-canvas');
const memberList = app.querySelector('.member-list');
const composer = app.querySelector('.composer');
const input = app.querySelector('.composer-input');

const state = { me: '', users: {}, groups: [], messages: new Map(), members: new Map(), current: '' };
const rendered = new Map(); // message id → row element currently in the DOM

const COLORS = ['#c2410c', '#4d7c0f', '#0e7490', '#6d28d9', '#be123c', '#475569', '#b45309', '#1d4ed8'];
const colorOf = (id) => COLORS[[...id].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 0) % COLORS.length];
const clock = (ts) => new Date(ts).toLocaleTimeString('zh-CN', { hour: '2-digit', minute: '2-digit' });
const SYSTEM_TEXT = { join: '加入了群聊', leave: '退出了群聊', kick: '被移出群聊' };

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === 'class') node.className = value;
    else node.setAttribute(key, value);
  }
  // Chat text is set with textContent: never parsed as HTML.
  for (const child of children) node.append(child);
  return node;
}

function renderRow(message, index) {
  const time = el('time', { datetime: new Date(message.ts).toISOString() }, clock(message.ts));
  let row;
  if (message.kind === 'message') {
    const meta = el('div', { class: 'meta' }, el('span', { class: 'author', 'data-user-id': message.userId }, message.name));
    if (message.role === 'staff') meta.append(el('span', { class: 'role-badge' }, '客服'));
    meta.append(time);
    row = el(
      'div',
      { class: 'row msg', 'data-msg-id': message.id, 'data-kind': 'message', 'data-user-id': message.userId },
      el('div', { class: 'avatar', 'data-user-id': message.userId, style: `background:${colorOf(message.userId)}`, 'aria-hidden': 'true' }, [...message.name][0] ?? '?'),
      el('div', { class: 'body' }, meta, el('div', { class: 'text' }, message.text)),
    );
  } else {
    row = el(
      'div',
      { class: 'row system', 'data-msg-id': message.id, 'data-kind': message.kind, 'data-user-id': message.userId },
      el('span', { class: 'author', 'data-user-id': message.userId }, message.name),
      el('span', {}, SYSTEM_TEXT[message.kind] ?? message.kind),
      time,
    );
  }
  row.style.top = `${index * ROW_HEIGHT}px`;
  return row;
}

function renderWindow() {
  const messages = state.messages.get(state.current) ?? [];
  canvas.style.height = `${messages.length * ROW_HEIGHT}px`;
  const first = Math.max(0, Math.floor(list.scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(messages.length, Math.ceil((list.scrollTop + list.clientHeight) / ROW_HEIGHT) + OVERSCAN);
  const wanted = new Set();
  for (let i = first; i < last; i++) wanted.add(messages[i].id);
  for (const [id, row] of rendered) {
    if (!wanted.has(id)) {
      row.remove();
      rendered.delete(id);
    }
  }
  for (let i = first; i < last; i++) {
    const message = messages[i];
    if (!rendered.has(message.id)) {
      const row = renderRow(message, i);
      rendered.set(message.id, row);
      canvas.append(row);
    }
  }
}

function renderMembers() {
  const members = state.members.get(state.current) ?? new Set();
  memberCount.textContent = `${members.size} 人`;
  memberList.replaceChildren(
    ...[...members].map((id) => {
      const item = el('li', { class: 'member', 'data-user-id': id }, el('span', { class: 'member-name' }, state.users[id]?.name ?? id));
      // Staff can message any member privately, as in the chat apps the extension reads.
      if (id !== state.me) item.append(el('button', { type: 'button', class: 'dm-button', 'data-user-id': id, title: '私信 Direct message' }, '私信'));
      return item;
    }),
  );
}

function renderGroups() {
  groupList.replaceChildren(
    ...state.groups.map((g) =>
      el('button', { type: 'button', class: 'group-link', 'data-group-id': g.id, 'aria-current': String(g.id === state.current) }, g.title),
    ),
  );
}

async function openGroup(groupId, { push = true } = {}) {
  state.current = groupId;
  const group = state.groups.find((g) => g.id === groupId);
  title.textContent = group?.title ?? '';
  document.title = `${group?.title ?? ''} · Demo Chat`;
  app.querySelector('.chat').dataset.groupId = groupId;
  if (push) history.pushState({ groupId }, '', `?group=${encodeURIComponent(groupId)}`);
  const response = await fetch(`/api/groups/${encodeURIComponent(groupId)}/messages`);
  state.messages.set(groupId, await response.json());
  for (const row of rendered.values()) row.remove();
  rendered.clear();
  renderGroups();
  renderMembers();
  renderWindow();
  list.scrollTop = list.scrollHeight;
  renderWindow();
}

function onIncoming({ groupId, message }) {
  const messages = state.messages.get(groupId);
  if (!messages || messages.some((m) => m.id === message.id)) return;
  const members = state.members.get(groupId);
  if (message.kind === 'leave' || message.kind === 'kick') members.delete(message.userId);
  else members.add(message.userId);
  if (!state.users[message.userId]) state.users[message.userId] = { name: message.name, role: message.role };
  if (groupId !== state.current) return;
  const atBottom = list.scrollTop + list.clientHeight >= list.scrollHeight - ROW_HEIGHT;
  messages.push(message);
  renderMembers();
  renderWindow();
  if (atBottom) {
    list.scrollTop = list.scrollHeight;
    renderWindow();
  }
}

async function openDirect(userId) {
  const response = await fetch('/api/dm', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId }) });
  const group = await response.json();
  if (!state.groups.some((g) => g.id === group.id)) {
    state.groups.push(group);
    state.members.set(group.id, new Set(group.members));
    state.messages.set(group.id, []);
  }
  await openGroup(group.id);
}

async function send() {
  const text = input.value;
  if (!text.trim()) return;
  input.value = '';
  await fetch('/api/send', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ groupId: state.current, text }),
  });
}

async function main() {
  const response = await fetch('/api/state');
  const data = await response.json();
  state.me = data.me;
  state.users = data.users;
  state.groups = data.groups;
  for (const g of data.groups) {
    state.members.set(g.id, new Set(g.members));
    state.messages.set(g.id, []);
  }
  list.addEventListener('scroll', () => requestAnimationFrame(renderWindow));
  memberList.addEventListener('click', (event) => {
    const button = event.target.closest('.dm-button');
    if (button) openDirect(button.dataset.userId);
  });
  groupList.addEventListener('click', (event) => {
    const link = event.target.closest('.group-link');
    if (link) openGroup(link.dataset.groupId);
  });
  window.addEventListener('popstate', () => openGroup(new URLSearchParams(location.search).get('group') ?? state.groups[0].id, { push: false }));
  composer.addEventListener('submit', (event) => {
    event.preventDefault();
    send();
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      send();
    }
  });
  const stream = new EventSource('/api/stream');
  stream.onmessage = (event) => onIncoming(JSON.parse(event.data));
  const requested = new URLSearchParams(location.search).get('group');
  await openGroup(state.groups.some((g) => g.id === requested) ? requested : state.groups[0].id, { push: false });
  document.documentElement.dataset.demoReady = 'true';
  if (data.fastForward) await fastForward();
}

/**
 * First start with a week of history: scroll from the top to the bottom, a screen at a
 * time, so an extension reading the rendered rows sees the whole week (as a person would by
 * scrolling). Waits for the extension's sidebar to be on the page, or a few seconds without.
 */
async function fastForward() {
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  for (let waited = 0; waited < 8_000 && !document.querySelector('groupsteward-sidebar'); waited += 200) await sleep(200);
  await sleep(1_000);
  list.scrollTop = 0;
  renderWindow();
  while (list.scrollTop + list.clientHeight < list.scrollHeight - 2) {
    await sleep(120);
    list.scrollTop += Math.max(ROW_HEIGHT, list.clientHeight - 2 * ROW_HEIGHT);
    renderWindow();
  }
  await sleep(300);
  document.documentElement.dataset.demoFastForward = 'done';
}

main();
