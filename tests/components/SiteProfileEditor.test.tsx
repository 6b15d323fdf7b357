import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SiteProfileEditor } from '../../components/SiteProfileEditor';
import type { SiteProfile } from '../../lib/adapters/profile/schema';
import type { ProfileTestReport } from '../../lib/adapters/profile/test-profile';
import { createTranslator, I18nContext, type LocaleMessages } from '../../lib/i18n';

const EN = JSON.parse(readFileSync(resolve('public/_locales/en/messages.json'), 'utf8')) as LocaleMessages;
const ZH = JSON.parse(readFileSync(resolve('public/_locales/zh_CN/messages.json'), 'utf8')) as LocaleMessages;
const PROFILE_JSON = readFileSync(resolve('tests/fixtures/profile-chat/profile.json'), 'utf8');

const REPORT: ProfileTestReport = {
  rows: 10,
  parsed: 8,
  authors: 3,
  groups: { id: 'room-4711', title: 'Order support' },
  misses: { 'selectors.time.attribute': 2 },
  fallbacks: { 'selectors.author': 2 },
  sample: [{ externalId: 'e-1', kind: 'message', author: { externalId: 'u-1', name: 'Lena' }, role: 'customer', text: '<b>hi</b>', ts: 1 }],
};

function setup(props: Partial<Parameters<typeof SiteProfileEditor>[0]> = {}, messages = EN) {
  const onSave = vi.fn<(profile: SiteProfile) => Promise<void>>(async () => {});
  const onTest = vi.fn<(profile: SiteProfile) => Promise<ProfileTestReport>>(async () => REPORT);
  render(
    <I18nContext.Provider value={createTranslator(messages)}>
      <SiteProfileEditor value={PROFILE_JSON} onSave={onSave} onTest={onTest} {...props} />
    </I18nContext.Provider>,
  );
  const textarea = screen.getByTestId('gs-profile-json') as HTMLTextAreaElement;
  const type = (text: string) => fireEvent.input(textarea, { target: { value: text } });
  return { onSave, onTest, textarea, type };
}

afterEach(cleanup);

describe('SiteProfileEditor', () => {
  it('shows a valid profile as valid and saves the parsed profile', async () => {
    const { onSave } = setup();
    expect(screen.getByTestId('gs-profile-valid').textContent).toBe('The profile is valid.');
    fireEvent.click(screen.getByTestId('gs-profile-save'));
    await waitFor(() => expect(onSave).toHaveBeenCalledTimes(1));
    expect(onSave.mock.calls[0]?.[0]).toMatchObject({ id: 'parley', selectors: { row: ['li.entry'] } });
    expect(await screen.findByText('Profile saved.')).toBeTruthy();
  });

  it('names the field of each error inline and disables test and save', () => {
    const { type } = setup();
    const broken = JSON.parse(PROFILE_JSON);
    broken.selectors.row = 'li.entry[';
    broken.selectors.colour = 'red';
    type(JSON.stringify(broken));
    const errors = screen.getAllByTestId('gs-profile-error').map((li) => li.textContent);
    expect(errors).toEqual(expect.arrayContaining(['selectors.row: must be a valid CSS selector', 'selectors.colour: is not a known field']));
    expect(screen.getByRole('alert')).toBeTruthy();
    expect((screen.getByTestId('gs-profile-test') as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByTestId('gs-profile-save') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('gs-profile-json').getAttribute('aria-invalid')).toBe('true');
  });

  it('reports a JSON syntax error in the chosen language', () => {
    const { type } = setup({}, ZH);
    type('{"id": ');
    expect(screen.getByTestId('gs-profile-error').textContent).toMatch(/^不是有效的 JSON：/);
  });

  it('tests on the tab and shows rows, authors and the selectors that missed, page text as text', async () => {
    const { onTest } = setup();
    fireEvent.click(screen.getByTestId('gs-profile-test'));
    const report = await screen.findByTestId('gs-profile-report');
    expect(onTest).toHaveBeenCalledWith(expect.objectContaining({ id: 'parley' }));
    expect(screen.getByTestId('gs-profile-rows').textContent).toBe('Rows found: 10, read: 8');
    expect(screen.getByTestId('gs-profile-authors').textContent).toBe('Authors: 3');
    expect(screen.getAllByTestId('gs-profile-miss').map((li) => li.getAttribute('data-key'))).toEqual(['selectors.time.attribute']);
    expect(report.textContent).toContain('selectors.time.attribute: 2 times');
    expect(report.textContent).toContain('<b>hi</b>');
    expect(report.querySelector('b')).toBeNull();
  });

  it('says when the test could not run, and clears a report once the profile changes', async () => {
    const { type } = setup({ onTest: async () => Promise.reject(new Error('no tab')) });
    fireEvent.click(screen.getByTestId('gs-profile-test'));
    expect(await screen.findByText('The test could not run on this tab.')).toBeTruthy();
    type(PROFILE_JSON.replace('Parley chat', 'Parley'));
    expect(screen.queryByText('The test could not run on this tab.')).toBeNull();
  });
});
