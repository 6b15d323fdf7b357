import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ProfileImportResult, ProfilePackImport } from '../../components/ProfilePackImport';
import { type ImportDecision, makeProfilePack } from '../../lib/adapters/profile/pack';
import { parseSiteProfile, type SiteProfile, type SiteProfileInput } from '../../lib/adapters/profile/schema';
import { createTranslator, I18nContext, type LocaleMessages } from '../../lib/i18n';

const EN = JSON.parse(readFileSync(resolve('public/_locales/en/messages.json'), 'utf8')) as LocaleMessages;
const ZH = JSON.parse(readFileSync(resolve('public/_locales/zh_CN/messages.json'), 'utf8')) as LocaleMessages;

const profile = (input: SiteProfileInput): SiteProfile => {
  const parsed = parseSiteProfile(input);
  if (!parsed.ok) throw new Error('invalid');
  return parsed.profile;
};
const PARLEY = profile({ id: 'parley', name: 'Parley chat', matches: ['https://chat.parley.example/*'], selectors: { row: 'li.entry', author: { selector: 'b.who' }, text: 'p.said' } });
const KESTREL = profile({ id: 'kestrel', name: 'Kestrel', matches: ['https://kestrel.example.com/*'], selectors: { row: '[role="row"]', author: { selector: '[data-qa="author-name"]' }, text: 'div[dir="auto"]' } });

type OnImport = (incoming: SiteProfile[], decisions: Record<string, ImportDecision>, toWrite: SiteProfile[]) => Promise<ProfileImportResult | string>;

function setup(existing: SiteProfile[], onImport: OnImport, messages = EN) {
  render(
    <I18nContext.Provider value={createTranslator(messages)}>
      <ProfilePackImport existing={existing} onImport={onImport} />
    </I18nContext.Provider>,
  );
  const choose = (name: string, content: string) => {
    const file = new File([content], name, { type: 'application/json' });
    fireEvent.change(screen.getByTestId('gs-profile-import'), { target: { files: [file] } });
  };
  return { choose };
}

afterEach(cleanup);

describe('ProfilePackImport', () => {
  it('asks replace or keep for a site that has a profile, imports only once every conflict is decided, and asks for the written sites only', async () => {
    const onImport = vi.fn<OnImport>(async () => ({ added: 1, replaced: 0, kept: 1, unchanged: 0, profiles: [PARLEY, KESTREL] }));
    const { choose } = setup([PARLEY], onImport);
    choose('team.json', JSON.stringify(makeProfilePack([KESTREL, { ...PARLEY, name: 'Parley v2' }], 0)));
    await screen.findByTestId('gs-profile-import-preview');
    const items = screen.getAllByTestId('gs-profile-import-item');
    expect(items.map((li) => [li.getAttribute('data-profile-id'), li.getAttribute('data-status')])).toEqual([
      ['kestrel', 'new'],
      ['parley', 'conflict'],
    ]);
    expect(screen.getByText('This site already has a profile (Parley chat). Replace it or keep it?')).toBeTruthy();
    const confirm = screen.getByTestId('gs-profile-import-confirm') as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    fireEvent.click(confirm);
    expect(onImport).not.toHaveBeenCalled();

    fireEvent.click(screen.getByTestId('gs-profile-import-keep'));
    expect(confirm.disabled).toBe(false);
    fireEvent.click(confirm);
    await waitFor(() => expect(onImport).toHaveBeenCalledTimes(1));
    const [incoming, decisions, toWrite] = onImport.mock.calls[0] ?? [];
    expect(incoming?.map((p) => p.name)).toEqual(['Kestrel', 'Parley v2']);
    expect(decisions).toEqual({ parley: 'keep' });
    expect(toWrite?.map((p) => p.id)).toEqual(['kestrel']);
    expect((await screen.findByTestId('gs-profile-import-message')).textContent).toBe('Imported: 1 new, 0 replaced, 1 kept, 0 already saved.');
  });

  it('names each invalid field and imports nothing', async () => {
    const onImport = vi.fn<OnImport>();
    const { choose } = setup([], onImport);
    const pack = JSON.parse(JSON.stringify(makeProfilePack([KESTREL], 0)));
    pack.profiles[0].selectors.row = 'li..entry';
    choose('bad.json', JSON.stringify(pack));
    const errors = await screen.findAllByTestId('gs-profile-import-error');
    expect(errors.map((e) => e.getAttribute('data-field'))).toEqual(['profiles.0.selectors.row']);
    expect(errors[0]?.textContent).toBe('profiles.0.selectors.row: must be a valid CSS selector');
    expect(screen.queryByTestId('gs-profile-import-confirm')).toBeNull();

    choose('broken.json', '{"profiles": [');
    await waitFor(() => expect(screen.getAllByTestId('gs-profile-import-error').map((e) => e.textContent)).toEqual([expect.stringMatching(/^Not valid JSON: /)]));
    expect(onImport).not.toHaveBeenCalled();
  });

  it('says so when the browser does not grant the sites (in Chinese too)', async () => {
    const onImport = vi.fn<OnImport>(async () => '未获得 https://kestrel.example.com/* 的访问权限，未导入任何配置。');
    const { choose } = setup([], onImport, ZH);
    choose('team.json', JSON.stringify(makeProfilePack([KESTREL], 0)));
    expect((await screen.findByTestId('gs-profile-import-item')).getAttribute('data-status')).toBe('new');
    expect(screen.getByText('导入时将向浏览器申请以下站点的访问权限：https://kestrel.example.com/*')).toBeTruthy();
    fireEvent.click(screen.getByTestId('gs-profile-import-confirm'));
    const message = await screen.findByTestId('gs-profile-import-message');
    expect(message.getAttribute('data-state')).toBe('error');
    expect(message.textContent).toContain('未导入');
  });
});
