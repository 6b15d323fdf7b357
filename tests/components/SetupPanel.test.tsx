import { cleanup, render, screen } from '@testing-library/preact';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SetupPanel } from '../../components/SetupPanel';
import { createTranslator, I18nContext, type LocaleMessages } from '../../lib/i18n';
import type { PageContext } from '../../lib/messaging/page-protocol';
import { createSetupStore } from '../../lib/state/setup-store';

const EN = createTranslator(JSON.parse(readFileSync(join(import.meta.dirname, '../../public/_locales/en/messages.json'), 'utf8')) as LocaleMessages);

const context = (state: 'ok' | 'degraded' | 'broken'): PageContext => ({
  adapterId: 'profile-kestrel',
  adapterLabel: 'Kestrel',
  verified: false,
  groupId: 'profile-kestrel:vip',
  groupTitle: 'VIP',
  selectedMemberId: null,
  health: { state, misses: state === 'ok' ? {} : { 'selectors.author': 2 } },
});

describe('SetupPanel after a save', () => {
  afterEach(cleanup);
  const store = createSetupStore({
    client: { request: () => Promise.reject(new Error('not used')) } as never,
    sendSetup: async () => null as never,
    notifySaved: async () => ({ reading: true }),
    requestOrigins: async () => true,
  });
  store.notice.value = 'setupSaved';

  const show = (state: 'ok' | 'degraded' | 'broken') =>
    render(
      <I18nContext.Provider value={EN}>
        <SetupPanel store={store} context={context(state)} />
      </I18nContext.Provider>,
    );

  it('says the chat is being read while it is', () => {
    show('ok');
    expect(screen.getByTestId('gs-setup-notice')).toBeTruthy();
  });

  it('drops "saved, reading this chat" once reading degrades, and offers the repair instead', () => {
    show('degraded');
    expect(screen.queryByTestId('gs-setup-notice')).toBeNull();
    expect(screen.getByTestId('gs-repair-pick').getAttribute('data-step')).toBe('author');
  });
});
