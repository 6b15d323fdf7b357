import { cleanup, render, screen } from '@testing-library/preact';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PopupView } from '../../components/PopupView';
import { createTranslator, I18nContext, type LocaleMessages } from '../../lib/i18n';
import type { RequestOutput } from '../../lib/messaging/protocol';

const EN = JSON.parse(readFileSync(join(import.meta.dirname, '../../public/_locales/en/messages.json'), 'utf8')) as LocaleMessages;
const t = createTranslator(EN);

const status = (health: NonNullable<RequestOutput<'getTabStatus'>>['health']): RequestOutput<'getTabStatus'> => ({
  adapterId: 'thelounge',
  adapterLabel: 'The Lounge',
  verified: true,
  groupId: 'thelounge:net/#test',
  groupTitle: '#test <b>chat</b>',
  messagesRead: 1234,
  health,
  updatedAt: 0,
  droppedOverBudget: 0,
  suggestionsWaiting: 3,
});

function show(value: RequestOutput<'getTabStatus'>) {
  return render(
    <I18nContext.Provider value={t}>
      <PopupView status={value} onToggleSidebar={() => {}} onOpenOptions={() => {}} />
    </I18nContext.Provider>,
  );
}

describe('PopupView', () => {
  it("shows the tab's adapter, messages read and suggestions waiting; page text stays text", () => {
    show(status({ state: 'ok', rowsSeen: 10, rowsParsed: 10, misses: {} }));
    expect(screen.getByTestId('gs-popup-adapter').textContent).toBe('thelounge');
    expect(screen.getByTestId('gs-popup-read').textContent).toBe('1234');
    expect(screen.getByTestId('gs-popup-suggestions').textContent).toBe('3');
    expect(screen.getByText('#test <b>chat</b>')).toBeTruthy();
    expect(document.querySelector('b')).toBeNull();
  });

  it('says plainly when the page is not being read, naming the part that failed', () => {
    show(status({ state: 'broken', rowsSeen: 40, rowsParsed: 0, misses: { author: 40, time: 3 } }));
    const health = screen.getByTestId('gs-health');
    expect(health.getAttribute('data-state')).toBe('broken');
    expect(health.getAttribute('role')).toBe('alert');
    expect(health.textContent).toContain("the author's name, the time");
    expect(health.getAttribute('data-missing')).toBe('author time');
  });

  it('says when the tab is not a chat it can read', () => {
    show(null);
    expect(screen.getByTestId('gs-popup-inactive').textContent).toBe(EN.popupNotAChat?.message);
  });
});

describe('PopupView on a page nothing reads', () => {
  beforeEach(cleanup);
  const showUnread = (onSetUpHere?: () => Promise<string | null>) =>
    render(
      <I18nContext.Provider value={t}>
        <PopupView status={null} onToggleSidebar={() => {}} onOpenOptions={() => {}} onSetUpHere={onSetUpHere} />
      </I18nContext.Provider>,
    );

  it('offers "Set up this chat" on a web page, and shows why when it could not start', async () => {
    const onSetUpHere = vi.fn(async () => 'This page cannot be set up: Cannot access contents of the page');
    showUnread(onSetUpHere);
    expect(screen.getByTestId('gs-popup-inactive').textContent).toContain('set it up by clicking');
    screen.getByTestId('gs-popup-setup').click();
    await vi.waitFor(() => expect(screen.getByTestId('gs-popup-setup-error').textContent).toContain('Cannot access contents'));
    expect(onSetUpHere).toHaveBeenCalledTimes(1);
  });

  it('offers nothing to set up where no page can be scripted (browser pages)', () => {
    showUnread();
    expect(screen.queryByTestId('gs-popup-setup')).toBeNull();
    expect(screen.getByTestId('gs-popup-inactive').textContent).toBe(EN.popupNotAChat?.message);
  });
});
