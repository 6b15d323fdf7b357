import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SiteAccessGrant } from '../../components/SiteAccessGrant';
import { createTranslator, I18nContext, type LocaleMessages } from '../../lib/i18n';

const load = (lang: string) => JSON.parse(readFileSync(join(import.meta.dirname, `../../public/_locales/${lang}/messages.json`), 'utf8')) as LocaleMessages;

describe('SiteAccessGrant', () => {
  afterEach(cleanup);
  const show = (lang: string, onAllow: () => Promise<boolean>) =>
    render(
      <I18nContext.Provider value={createTranslator(load(lang), load('en'))}>
        <SiteAccessGrant origins={['https://chat.example.com/*', 'https://<b>x</b>.example/*']} onAllow={onAllow} />
      </I18nContext.Provider>,
    );

  it('lists the sites as text, asks on the click, and says when it was refused so staff can try again', async () => {
    const answers = [false, true];
    const onAllow = vi.fn(async () => answers.shift() ?? false);
    show('en', onAllow);
    expect(screen.getByText('https://<b>x</b>.example/*')).toBeTruthy();
    expect(document.querySelector('b')).toBeNull();
    fireEvent.click(screen.getByTestId('gs-grant-allow'));
    await waitFor(() => expect(screen.getByTestId('gs-grant').getAttribute('data-state')).toBe('denied'));
    expect(screen.getByTestId('gs-grant-status').textContent).toContain('Not allowed');
    fireEvent.click(screen.getByTestId('gs-grant-allow'));
    await waitFor(() => expect(screen.getByTestId('gs-grant').getAttribute('data-state')).toBe('granted'));
    expect(onAllow).toHaveBeenCalledTimes(2);
    expect((screen.getByTestId('gs-grant-allow') as HTMLButtonElement).disabled).toBe(true);
  });

  it('speaks Chinese', async () => {
    show('zh_CN', async () => true);
    expect(screen.getByText('允许群管家读取此聊天')).toBeTruthy();
    fireEvent.click(screen.getByTestId('gs-grant-allow'));
    await waitFor(() => expect(screen.getByTestId('gs-grant-status').textContent).toContain('已允许'));
  });
});
