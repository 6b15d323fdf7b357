import { describe, expect, it } from 'vitest';
import { converseAdapter } from '../../../lib/adapters/converse';
import { namesNick } from '../../../lib/adapters/converse/removals';

/** The roster asks about statements since a minute ago (or since the list was last seen). */
const WINDOW_MS = 60_000;

const NOW = Date.parse('2026-11-29T09:13:10.000Z');
const iso = (msAgo: number) => new Date(NOW - msAgo).toISOString();

/** Info rows as Converse 14 renders them (see its shared/chat/templates/info-message.js). */
function infoRow(sentence: string, isodate: string, reason = ''): string {
  const attr = sentence.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<div class="message chat-info chat-info" data-isodate="${isodate}" data-type="" data-value="">
    <div class="chat-info__message"><converse-texture render_styling text="${attr}">${attr}</converse-texture></div>
    ${reason ? `<q class="reason">${reason}</q>` : ''}</div>`;
}

function page(rows: string, hidden = ''): Document {
  // Joins and leaves are only ever this transient notice below the messages, never info rows.
  return new DOMParser().parseFromString(
    `<converse-root><div id="conversejs">
      ${hidden}
      <converse-muc jid="support@conference.localhost"><converse-message-history>${rows}</converse-message-history>
        <div class="chat-content__notifications">Steward and Alice have entered the groupchat\nAlice has left the groupchat</div></converse-muc>
    </div></converse-root>`,
    'text/html',
  );
}

const removed = (doc: Document, nick: string) => converseAdapter.removedByStaff?.(doc, { externalId: nick, name: nick }, NOW - WINDOW_MS);

describe('Converse.js: telling a removal from a leave', () => {
  it('reads the kick and ban sentences in English and Chinese, with or without the moderator', () => {
    const doc = page(
      [
        infoRow('DealsBob has been kicked out by Steward', iso(2_000), 'spam'),
        infoRow('优惠小助手 已被 客服小王 踢出', iso(1_000)),
        infoRow('刷单王 已被封禁', iso(500)),
        infoRow('Spam 42 has been banned', iso(100)),
      ].join(''),
    );
    expect(removed(doc, 'DealsBob')).toBe(true);
    expect(removed(doc, '优惠小助手')).toBe(true);
    expect(removed(doc, '刷单王')).toBe(true);
    expect(removed(doc, 'Spam 42')).toBe(true);
  });

  it('does not take a leave, a longer nick, a stale sentence or a chat message for a removal', () => {
    const doc = page(
      [
        infoRow('Bob2 has been kicked out by Steward', iso(1_000)),
        infoRow('Carol has been kicked out by Steward', iso(WINDOW_MS + 1_000)),
        // A member typing the sentence writes a message row, not an info row.
        `<div class="message chat-msg" data-msgid="m1" data-from="support@conference.localhost/Dave" data-isodate="${iso(300)}">
           <converse-chat-message-body text="Eve has been kicked out by Steward">Eve has been kicked out by Steward</converse-chat-message-body></div>`,
      ].join(''),
    );
    expect(removed(doc, 'Bob')).toBe(false);
    expect(removed(doc, 'Bob2')).toBe(true);
    expect(removed(doc, 'Carol')).toBe(false);
    expect(removed(doc, 'Alice')).toBe(false);
    expect(removed(doc, 'Eve')).toBe(false);
  });

  it('takes a nick with pattern characters literally', () => {
    const doc = page(infoRow('a.b (VIP)* has been kicked out', iso(100)));
    expect(removed(doc, 'a.b (VIP)*')).toBe(true);
    expect(removed(doc, 'axb (VIP)*')).toBe(false);
  });

  it('reads only the open room, not the hidden chat boxes', () => {
    const hidden = `<converse-muc class="hidden" jid="other@conference.localhost"><converse-message-history>${infoRow('Zed has been kicked out', iso(100))}</converse-message-history></converse-muc>`;
    expect(removed(page('', hidden), 'Zed')).toBe(false);
  });

  it('reads the sentence in any language, wherever the nick stands in it', () => {
    const doc = page(
      [
        infoRow('Mallory wurde von Steward hinausgeworfen', iso(900)),
        infoRow('Steward potki ulos käyttäjän Trent', iso(800)),
        infoRow('لقد تم طرد Oscar', iso(700)),
        infoRow('«Peggy» a été banni', iso(600)),
      ].join(''),
    );
    for (const nick of ['Mallory', 'Trent', 'Oscar', 'Peggy']) expect(removed(doc, nick)).toBe(true);
  });

  it('does not take a nick change (Converse’s row for it names nobody) for a removal', () => {
    // What Converse 14 shows when another occupant changes nick, placeholder and all.
    const doc = page(infoRow('Your nickname has been changed to %1$s', iso(100)));
    expect(removed(doc, 'Alice')).toBe(false);
  });
});

describe('namesNick', () => {
  it('finds a nick standing whole, between spaces, punctuation or the ends of the sentence', () => {
    expect(namesNick('Bob has been kicked out', 'Bob')).toBe(true);
    expect(namesNick('优惠小助手 已被踢出', '优惠小助手')).toBe(true);
    expect(namesNick('Steward 踢出了：Bob', 'Bob')).toBe(true);
    expect(namesNick('Bobby has been kicked out', 'Bob')).toBe(false);
    expect(namesNick('BobBob has been kicked out', 'Bob')).toBe(false);
    expect(namesNick('x Bob2 and Bob', 'Bob')).toBe(true);
  });
});
