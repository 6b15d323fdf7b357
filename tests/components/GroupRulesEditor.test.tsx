import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GroupRulesEditor } from '../../components/GroupRulesEditor';
import { createTranslator, I18nContext, type LocaleMessages } from '../../lib/i18n';

const EN = JSON.parse(readFileSync(resolve('public/_locales/en/messages.json'), 'utf8')) as LocaleMessages;
const ZH = JSON.parse(readFileSync(resolve('public/_locales/zh_CN/messages.json'), 'utf8')) as LocaleMessages;
const STANDARD = '星河群 群规：\n1. 禁止广告。\n2. 禁止留联系方式。';

function setup(props: { saved: string; standardRules: string | null }, messages = EN) {
  const onSave = vi.fn(async (_text: string) => true);
  const onPost = vi.fn((_text: string) => {});
  const view = render(
    <I18nContext.Provider value={createTranslator(messages)}>
      <GroupRulesEditor {...props} onSave={onSave} onPost={onPost} />
    </I18nContext.Provider>,
  );
  const input = () => screen.getByTestId('gs-group-rules-input') as HTMLTextAreaElement;
  return { onSave, onPost, input, view };
}

afterEach(cleanup);

describe('GroupRulesEditor', () => {
  it('starts a group without rules from the standard text, saves it and posts it', async () => {
    const { onSave, onPost, input } = setup({ saved: '', standardRules: STANDARD });
    expect(screen.getByText(/no rules of its own/)).toBeTruthy();
    expect((screen.getByTestId('gs-group-rules-save') as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByTestId('gs-group-rules-post') as HTMLButtonElement).disabled).toBe(true);

    fireEvent.click(screen.getByTestId('gs-group-rules-standard'));
    expect(input().value).toBe(STANDARD);
    // Filled, not saved: staff adjust the text for the group first.
    expect(onSave).not.toHaveBeenCalled();
    expect(screen.queryByTestId('gs-group-rules-standard')).toBeNull();

    fireEvent.input(input(), { target: { value: `${STANDARD}\n3. 不晒单。` } });
    fireEvent.click(screen.getByTestId('gs-group-rules-save'));
    expect(onSave).toHaveBeenCalledWith(`${STANDARD}\n3. 不晒单。`);
    fireEvent.click(screen.getByTestId('gs-group-rules-post'));
    expect(onPost).toHaveBeenCalledWith(`${STANDARD}\n3. 不晒单。`);
  });

  it('shows Saved once the background stored the rules, and nothing when it refused them', async () => {
    const { onSave, input, view } = setup({ saved: '', standardRules: null });
    fireEvent.input(input(), { target: { value: 'No ads.' } });
    fireEvent.click(screen.getByTestId('gs-group-rules-save'));
    await waitFor(() => expect(screen.getByTestId('gs-group-rules-saved')).toBeTruthy());
    // The store reloads the group panel with the saved text; the button then has nothing to save.
    view.rerender(
      <I18nContext.Provider value={createTranslator(EN)}>
        <GroupRulesEditor saved="No ads." standardRules={null} onSave={onSave} onPost={() => {}} />
      </I18nContext.Provider>,
    );
    expect((screen.getByTestId('gs-group-rules-save') as HTMLButtonElement).disabled).toBe(true);

    onSave.mockResolvedValueOnce(false);
    fireEvent.input(input(), { target: { value: 'No ads. No links.' } });
    expect(screen.queryByTestId('gs-group-rules-saved')).toBeNull();
    fireEvent.click(screen.getByTestId('gs-group-rules-save'));
    await waitFor(() => expect(onSave).toHaveBeenCalledTimes(2));
    expect(screen.queryByTestId('gs-group-rules-saved')).toBeNull();
  });

  it('offers no standard text over rules the group already has, nor without a rules template', () => {
    setup({ saved: '1. 禁止广告', standardRules: STANDARD }, ZH);
    expect(screen.queryByTestId('gs-group-rules-standard')).toBeNull();
    expect(screen.queryByText(/还没有自己的群规/)).toBeNull();
    cleanup();
    setup({ saved: '', standardRules: null }, ZH);
    expect(screen.getByText(/还没有自己的群规/)).toBeTruthy();
    expect(screen.queryByTestId('gs-group-rules-standard')).toBeNull();
  });
});
