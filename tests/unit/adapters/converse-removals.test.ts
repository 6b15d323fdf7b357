import { describe, expect, it } from 'vitest';
import { converseAdapter } from '../../../lib/adapters/converse';
import { CONVERSE_REMOVAL_PHRASES } from '../../../lib/adapters/converse/removal-phrases';
import { REMOVAL_SENTENCE_WINDOW_MS } from '../../../lib/adapters/converse/removals';

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
  return new DOMParser().parseFromString(
    `<converse-root><div id="conversejs">
      ${hidden}
      <converse-muc jid="support@conference.localhost"><converse-message-history>${rows}</converse-message-history></converse-muc>
    </div></converse-root>`,
    'text/html',
  );
}

const removed = (doc: Document, nick: string) => converseAdapter.removedByStaff?.(doc, { externalId: nick, name: nick }, NOW);

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

  it('does not take a leave, a longer nick, the moderator, a stale sentence or a chat message for a removal', () => {
    const doc = page(
      [
        infoRow('Bob2 has been kicked out by Steward', iso(1_000)),
        infoRow('Carol has been kicked out by Steward', iso(REMOVAL_SENTENCE_WINDOW_MS + 1_000)),
        infoRow('Alice has left the groupchat', iso(500)),
        // A member typing the sentence writes a message row, not an info row.
        `<div class="message chat-msg" data-msgid="m1" data-from="support@conference.localhost/Dave" data-isodate="${iso(300)}">
           <converse-chat-message-body text="Eve has been kicked out by Steward">Eve has been kicked out by Steward</converse-chat-message-body></div>`,
      ].join(''),
    );
    expect(removed(doc, 'Bob')).toBe(false);
    expect(removed(doc, 'Bob2')).toBe(true);
    expect(removed(doc, 'Steward')).toBe(false);
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

  it('carries Converse’s own sentences, each naming the removed member', () => {
    expect(CONVERSE_REMOVAL_PHRASES).toContain('%1$s has been kicked out by %2$s');
    expect(CONVERSE_REMOVAL_PHRASES).toContain('%1$s 已被 %2$s 踢出');
    expect(CONVERSE_REMOVAL_PHRASES).toContain('%1$s 已經被踢出聊天室');
    expect(CONVERSE_REMOVAL_PHRASES.length).toBeGreaterThan(100);
    expect(CONVERSE_REMOVAL_PHRASES.every((p) => p.includes('%1$s'))).toBe(true);
  });
});
