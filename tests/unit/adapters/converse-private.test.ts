import { describe, expect, it } from 'vitest';
import { converseAdapter } from '../../../lib/adapters/converse';

const ROOM = 'Support@conference.localhost';

/** A message row as Converse 14 renders it (type class `groupchat` in the room, `chat` in a PM). */
function row(nick: string, id: string, text: string, classes: string): string {
  return `<div class="message chat-msg ${classes}" data-msgid="${id}" data-from="${ROOM}/${nick}" data-isodate="2026-11-29T09:19:51.971Z">
    <span class="chat-msg__author">${nick}</span><converse-chat-message-body text="${text}">${text}</converse-chat-message-body></div>`;
}

/** The room with its group chat, its occupant list and, when `peer` is set, the private chat with that occupant. */
function page(peer: string | null, privateRows = '', draft = ''): Document {
  const doc = new DOMParser().parseFromString(
    `<converse-root id="conversejs"><converse-muc jid="${ROOM}">
      <div class="chatbox-title__text">support</div>
      <converse-muc-chatarea>
        <div class="chat-area"><converse-message-history>${row('Steward', 'g1', 'welcome', 'groupchat moderator owner')}${row('Alice', 'g2', 'hi', 'groupchat participant')}</converse-message-history>
          <converse-muc-bottom-panel><form><textarea class="chat-textarea"></textarea></form></converse-muc-bottom-panel></div>
        <converse-muc-sidebar>
          <div class="occupant-list"><ul>
            <li class="list-item occupant"><a href="#"><span class="occupant-nick">Steward</span></a></li>
            <li class="list-item occupant"><a href="#"><span class="occupant-nick">Alice</span></a></li>
          </ul></div>
          ${
            peer
              ? `<converse-muc-occupant><span class="sidebar-occupant"><ul class="occupant-details"><li class="occupant-details-nickname">${peer}</li></ul>
                  <div class="chat-body"><converse-chat-content><converse-message-history>${privateRows}</converse-message-history></converse-chat-content>
                  <converse-occupant-bottom-panel><form><textarea class="chat-textarea">${draft}</textarea></form></converse-occupant-bottom-panel></div></span></converse-muc-occupant>`
              : ''
          }
        </converse-muc-sidebar>
      </converse-muc-chatarea></converse-muc></converse-root>`,
    'text/html',
  );
  return doc;
}

const parse = (doc: Document, id: string) => {
  const element = doc.querySelector(`[data-msgid="${id}"]`);
  if (!element) throw new Error(`no row ${id}`);
  return converseAdapter.parseRow(element, { now: 0 });
};

describe('Converse.js private chats (room PMs)', () => {
  it('reads a private chat as its own conversation, the staff member’s rows as staff', () => {
    const doc = page('Alice', row('Steward', 'p1', 'a private reminder', 'chat') + row('Alice', 'p2', 'sorry', 'chat'));
    const group = { externalId: 'support@conference.localhost/Alice', title: 'Alice' };
    expect(parse(doc, 'p1')).toMatchObject({ ok: true, group, event: { role: 'staff', author: { externalId: 'Steward' }, text: 'a private reminder' } });
    expect(parse(doc, 'p2')).toMatchObject({ ok: true, group, event: { role: 'customer', author: { externalId: 'Alice' }, text: 'sorry' } });
    // The group's rows stay the group's (no conversation of their own).
    const groupRow = parse(doc, 'g2');
    expect(groupRow.ok && groupRow.group).toBeFalsy();
    // A scan of the chat (e.g. after a reload with the private chat open) reaches both.
    const scanned = [...(converseAdapter.messageContainer(doc)?.querySelectorAll(converseAdapter.rowSelector) ?? [])];
    expect(scanned.map((r) => r.getAttribute('data-msgid'))).toEqual(['g1', 'g2', 'p1', 'p2']);
  });

  it('fills the private chat’s composer, never the group’s, and only for the member it shows', () => {
    const doc = page('Alice');
    const alice = { externalId: 'Alice', name: 'Alice' };
    expect(converseAdapter.directMessageOpen?.(doc, alice)).toBe(true);
    expect(converseAdapter.directMessageOpen?.(doc, { externalId: 'Bob', name: 'Bob' })).toBe(false);
    expect(converseAdapter.insertDirectText?.(doc, { externalId: 'Bob', name: 'Bob' }, 'x')).toEqual({ ok: false, missed: 'privateNick' });
    expect(converseAdapter.insertDirectText?.(doc, alice, 'Please keep ads out of the group')).toMatchObject({ ok: true });
    const [groupComposer, privateComposer] = [...doc.querySelectorAll('textarea')] as HTMLTextAreaElement[];
    expect(privateComposer?.value).toBe('Please keep ads out of the group');
    expect(groupComposer?.value).toBe('');
    // The group composer is still the one group templates go to.
    expect(converseAdapter.composer(doc)).toBe(groupComposer);
  });

  it('opens the private chat by the occupant’s own link, and says so when the member is not in the list', () => {
    const doc = page(null);
    const clicked: string[] = [];
    for (const link of doc.querySelectorAll('.occupant-list a')) link.addEventListener('click', () => clicked.push(link.textContent ?? ''));
    expect(converseAdapter.directMessageOpen?.(doc, { externalId: 'Alice', name: 'Alice' })).toBe(false);
    expect(converseAdapter.openDirectMessage?.(doc, { externalId: 'Alice', name: 'Alice' })).toBe(true);
    expect(clicked).toEqual(['Alice']);
    expect(converseAdapter.openDirectMessage?.(doc, { externalId: 'Gone', name: 'Gone' })).toBe(false);
  });
});
