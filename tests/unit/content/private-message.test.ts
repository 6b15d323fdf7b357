import { demoAdapter } from '../../../lib/adapters/demo';
import type { ChatAdapter } from '../../../lib/adapters/types';
import { insertPrivately } from '../../../lib/content/private-message';

/** The demo's chat: one group open, a member list with "direct message" buttons. */
function demoPage(groupId = 'g-service') {
  document.body.innerHTML = `
    <div id="app" class="app">
      <main class="chat" data-group-id="${groupId}"><h1 class="chat-title">群</h1>
        <div class="message-list"><div class="message-canvas"></div></div>
        <form class="composer"><textarea class="composer-input"></textarea></form>
      </main>
      <ul class="member-list">
        <li class="member" data-user-id="u-ad2"><span class="member-name">小雨 🌸</span><button class="dm-button" data-user-id="u-ad2">私信</button></li>
      </ul>
    </div>`;
  const chat = document.querySelector<HTMLElement>('.chat') as HTMLElement;
  const composer = document.querySelector<HTMLTextAreaElement>('.composer-input') as HTMLTextAreaElement;
  return { chat, composer };
}
const XIAOYU = { externalId: 'u-ad2', name: '小雨 🌸' };

describe('insertPrivately', () => {
  it("opens the DM the chat's own way and inserts only once the DM is shown", async () => {
    const { chat, composer } = demoPage();
    // The demo switches conversations asynchronously, after its server answers.
    document.querySelector('.dm-button')?.addEventListener('click', () => setTimeout(() => chat.setAttribute('data-group-id', 'dm-u-ad2'), 20));
    const reply = await insertPrivately(demoAdapter, document, XIAOYU, '小雨 您好，请撤回');
    expect(reply).toMatchObject({ ok: true });
    expect(chat.dataset.groupId).toBe('dm-u-ad2');
    expect(composer.value).toBe('小雨 您好，请撤回');
  });

  it('never falls back to the group composer: no DM control, or a DM that does not open', async () => {
    const { composer } = demoPage();
    document.querySelector('.dm-button')?.remove();
    expect(await insertPrivately(demoAdapter, document, XIAOYU, 'x')).toMatchObject({ ok: false, unsupported: true });
    expect(composer.value).toBe('');

    const again = demoPage();
    // The button does nothing: the DM never opens.
    expect(await insertPrivately(demoAdapter, document, XIAOYU, 'x', 50)).toMatchObject({ ok: false, unsupported: true, error: 'the direct message did not open' });
    expect(again.composer.value).toBe('');
  });

  it('an adapter without DMs says so at once', async () => {
    const { composer } = demoPage();
    const noDm: ChatAdapter = { ...demoAdapter, openDirectMessage: undefined, directMessageOpen: undefined };
    expect(await insertPrivately(noDm, document, XIAOYU, 'x')).toMatchObject({ ok: false, unsupported: true });
    expect(composer.value).toBe('');
  });

  it('reads a member-list name without its DM button', () => {
    demoPage();
    expect(demoAdapter.authorAt(document.querySelector('.dm-button') as Element)).toEqual(XIAOYU);
  });
});
