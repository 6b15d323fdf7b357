import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OptionsView } from '../../components/OptionsView';
import { createTranslator, I18nContext, type LocaleMessages } from '../../lib/i18n';
import { DEFAULT_SETTINGS, type Settings } from '../../lib/model';

const EN = JSON.parse(readFileSync(join(import.meta.dirname, '../../public/_locales/en/messages.json'), 'utf8')) as LocaleMessages;
const t = createTranslator(EN);
afterEach(cleanup);

function show(granted: boolean) {
  const saved: Array<Partial<Settings>> = [];
  const asked: boolean[] = [];
  render(
    <I18nContext.Provider value={t}>
      <OptionsView
        settings={DEFAULT_SETTINGS}
        tags={[]}
        onToggleFavourite={() => {}}
        onSaveSettings={async (change) => {
          saved.push(change);
          return null;
        }}
        requestNotifications={async () => {
          asked.push(true);
          return granted;
        }}
      />
    </I18nContext.Provider>,
  );
  return { saved, asked, box: screen.getByTestId('gs-notify-miss') as HTMLInputElement };
}

describe('options: desktop notification on a miss', () => {
  it('is off by default; turning it on asks the browser, and a given permission saves it on', async () => {
    const { saved, asked, box } = show(true);
    expect(box.checked).toBe(false);
    fireEvent.click(box);
    await waitFor(() => expect(box.checked).toBe(true));
    expect(asked).toHaveLength(1);
    fireEvent.submit(box.closest('form') as HTMLFormElement);
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]?.notifyOnMiss).toBe(true);
  });

  it('a refused permission leaves it off and says so', async () => {
    const { saved, box } = show(false);
    fireEvent.click(box);
    await screen.findByText(EN.notifyPermissionDenied?.message ?? '');
    expect(box.checked).toBe(false);
    fireEvent.submit(box.closest('form') as HTMLFormElement);
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]?.notifyOnMiss).toBe(false);
  });
});
