// The demo chat's markup (demo/app.js `renderRow` and demo/index.html), built in the test
// DOM so the reader meets the same rows it meets in the browser.

export interface DemoMessage {
  id: string;
  kind: 'message' | 'join' | 'leave' | 'kick' | 'rename';
  userId: string;
  name: string;
  role?: 'staff' | 'customer';
  text?: string;
  ts: number;
}

const SYSTEM_TEXT: Record<string, string> = { join: '加入了群聊', leave: '退出了群聊', kick: '被移出群聊' };

function el(doc: Document, tag: string, attrs: Record<string, string> = {}, ...children: Array<Node | string>): HTMLElement {
  const node = doc.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === 'class') node.className = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
}

export function renderRow(doc: Document, message: DemoMessage, index = 0): HTMLElement {
  const time = el(doc, 'time', { datetime: new Date(message.ts).toISOString() }, '09:00');
  let row: HTMLElement;
  if (message.kind === 'message') {
    const meta = el(doc, 'div', { class: 'meta' }, el(doc, 'span', { class: 'author', 'data-user-id': message.userId }, message.name));
    if (message.role === 'staff') meta.append(el(doc, 'span', { class: 'role-badge' }, '客服'));
    meta.append(time);
    row = el(
      doc,
      'div',
      { class: 'row msg', 'data-msg-id': message.id, 'data-kind': 'message', 'data-user-id': message.userId },
      el(doc, 'div', { class: 'avatar', 'data-user-id': message.userId, 'aria-hidden': 'true' }, [...message.name][0] ?? '?'),
      el(doc, 'div', { class: 'body' }, meta, el(doc, 'div', { class: 'text' }, message.text ?? '')),
    );
  } else {
    row = el(
      doc,
      'div',
      { class: 'row system', 'data-msg-id': message.id, 'data-kind': message.kind, 'data-user-id': message.userId },
      el(doc, 'span', { class: 'author', 'data-user-id': message.userId }, message.name),
      el(doc, 'span', {}, SYSTEM_TEXT[message.kind] ?? message.kind),
      time,
    );
  }
  row.style.top = `${index * 64}px`;
  return row;
}

export function mountDemoChat(doc: Document, group: { id: string; title: string } | null): { chat: HTMLElement | null; canvas: HTMLElement | null } {
  doc.body.innerHTML = `
    <div id="app" class="app">
      <nav class="group-list" aria-label="Groups"></nav>
      ${
        group
          ? `<main class="chat" aria-live="off">
        <header class="chat-header"><h1 class="chat-title"></h1><span class="member-count"></span></header>
        <div class="message-list" role="log" tabindex="0"><div class="message-canvas"></div></div>
        <form class="composer"><textarea class="composer-input" rows="2" aria-label="Message"></textarea><button type="submit" class="send-button">发送 Send</button></form>
      </main>`
          : ''
      }
      <aside class="member-panel" aria-label="Members"><h2>群成员 Members</h2><ul class="member-list"></ul></aside>
    </div>`;
  const chat = doc.querySelector<HTMLElement>('.chat');
  if (chat && group) {
    chat.dataset.groupId = group.id;
    const title = chat.querySelector('.chat-title');
    if (title) title.textContent = group.title;
  }
  return { chat, canvas: doc.querySelector<HTMLElement>('.message-canvas') };
}

/** Messages m-0001… from a few customers and one staff member, a minute apart. */
export function demoMessages(count: number, prefix = 'g-service', start = Date.UTC(2026, 10, 24, 9, 0, 0)): DemoMessage[] {
  const people: Array<Pick<DemoMessage, 'userId' | 'name' | 'role'>> = [
    { userId: 'u-chen', name: '陈强', role: 'customer' },
    { userId: 'u-li', name: '李娜', role: 'customer' },
    { userId: 'staff-mei', name: '客服小美', role: 'staff' },
  ];
  return Array.from({ length: count }, (_, i) => {
    const who = people[i % people.length] as Pick<DemoMessage, 'userId' | 'name' | 'role'>;
    return { id: `${prefix}-${String(i + 1).padStart(6, '0')}`, kind: 'message' as const, ...who, text: `消息 ${i + 1}`, ts: start + i * 60_000 };
  });
}
