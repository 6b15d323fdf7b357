import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GroupHealthSettings } from '../../components/GroupHealthSettings';
import { DEFAULT_HEALTH_CONFIG, parseHealthConfig } from '../../lib/analytics/health-config';
import { createTranslator, I18nContext, type LocaleMessages } from '../../lib/i18n';

const EN = JSON.parse(readFileSync(join(import.meta.dirname, '../../public/_locales/en/messages.json'), 'utf8')) as LocaleMessages;

describe('GroupHealthSettings', () => {
  it('saves a target and business hours, and shows the error naming the field that does not parse', async () => {
    const saved: unknown[] = [];
    const save = async (config: unknown) => {
      try {
        parseHealthConfig(config);
      } catch (e) {
        return (e as Error).message;
      }
      saved.push(config);
      return null;
    };
    render(
      <I18nContext.Provider value={createTranslator(EN)}>
        <GroupHealthSettings load={async () => DEFAULT_HEALTH_CONFIG} save={save} />
      </I18nContext.Provider>,
    );
    const details = screen.getByTestId('gs-health-settings') as HTMLDetailsElement;
    details.open = true;
    fireEvent(details, new Event('toggle'));
    const target = (await screen.findByTestId('gs-health-target')) as HTMLInputElement;
    fireEvent.input(target, { target: { value: '10' } });
    fireEvent.click(screen.getByTestId('gs-health-hours-on'));
    fireEvent.input(screen.getByTestId('gs-health-timezone'), { target: { value: 'Asia/Shanghai' } });
    fireEvent.input(screen.getByTestId('gs-health-day-mon'), { target: { value: '9点-18点' } });
    fireEvent.click(screen.getByTestId('gs-health-save'));
    await waitFor(() => expect(screen.getByTestId('gs-health-message').textContent).toMatch(/^businessHours\.days\.mon:/));
    expect(saved).toEqual([]);

    fireEvent.input(screen.getByTestId('gs-health-day-mon'), { target: { value: '09:00-12:00, 13:00-18:00' } });
    fireEvent.click(screen.getByTestId('gs-health-save'));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]).toMatchObject({ targetMinutes: 10, businessHours: { timeZone: 'Asia/Shanghai', days: { mon: '09:00-12:00, 13:00-18:00' } } });
  });
});
