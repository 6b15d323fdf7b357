import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LadderEditor } from '../../components/LadderEditor';
import { createTranslator, I18nContext, type LocaleMessages } from '../../lib/i18n';
import { DEFAULT_LADDER, type Ladder } from '../../lib/moderation/ladder';
import { template } from '../unit/db/records';

const EN = JSON.parse(readFileSync(join(import.meta.dirname, '../../public/_locales/en/messages.json'), 'utf8')) as LocaleMessages;
const t = createTranslator(EN);
const TEMPLATES = ['tpl-remind-zh', 'tpl-warn-zh', 'tpl-remove-zh'].map((id) => template({ id, name: id }));

afterEach(cleanup);

function renderEditor(onSave: (ladder: Ladder, days: number) => Promise<string | null>) {
  return render(
    <I18nContext.Provider value={t}>
      <LadderEditor ladder={DEFAULT_LADDER} windowDays={30} templates={TEMPLATES} onSave={onSave} />
    </I18nContext.Provider>,
  );
}

describe('LadderEditor', () => {
  it('refuses a step without a template, naming the step, and saves nothing', async () => {
    const saved: Ladder[] = [];
    renderEditor(async (ladder) => {
      saved.push(ladder);
      return null;
    });
    fireEvent.click(screen.getByTestId('gs-ladder-add'));
    expect(screen.getAllByTestId('gs-ladder-step')).toHaveLength(4);
    fireEvent.click(screen.getByTestId('gs-ladder-save'));
    await waitFor(() => expect(screen.getByTestId('gs-ladder-message').textContent).toBe('Step 4 has no template: choose one.'));
    expect(saved).toEqual([]);
  });

  it('refuses a ladder without steps', async () => {
    renderEditor(async () => null);
    for (let i = 0; i < 3; i++) fireEvent.click(screen.getAllByTestId('gs-ladder-remove')[0] as HTMLElement);
    fireEvent.click(screen.getByTestId('gs-ladder-save'));
    await waitFor(() => expect(screen.getByTestId('gs-ladder-message').textContent).toBe('The ladder needs at least one step.'));
  });

  it('saves steps with channel, template and outcome, the window and a category weight', async () => {
    const saved: Array<[Ladder, number]> = [];
    renderEditor(async (ladder, days) => {
      saved.push([ladder, days]);
      return null;
    });
    fireEvent.click(screen.getByTestId('gs-ladder-add'));
    const last = () => screen.getAllByTestId('gs-ladder-step')[3] as HTMLElement;
    fireEvent.change(last().querySelector('[data-testid="gs-ladder-channel"]') as HTMLSelectElement, { target: { value: 'staff' } });
    fireEvent.change(last().querySelector('[data-testid="gs-ladder-template"]') as HTMLSelectElement, { target: { value: 'tpl-remove-zh' } });
    fireEvent.change(last().querySelector('[data-testid="gs-ladder-outcome"]') as HTMLSelectElement, { target: { value: 'mute' } });
    fireEvent.input(screen.getByTestId('gs-ladder-window'), { target: { value: '14' } });
    const insult = screen.getAllByTestId('gs-ladder-weight').find((input) => input.getAttribute('data-category') === 'insult') as HTMLInputElement;
    fireEvent.input(insult, { target: { value: '2' } });
    fireEvent.click(screen.getByTestId('gs-ladder-save'));
    await waitFor(() => expect(saved).toHaveLength(1));
    const [ladder, days] = saved[0] as [Ladder, number];
    expect(days).toBe(14);
    expect(ladder.weights).toEqual({ insult: 2 });
    expect(ladder.steps.at(-1)).toEqual({ channel: 'staff', templateId: 'tpl-remove-zh', outcome: 'mute' });
    expect(ladder.steps).toHaveLength(4);
  });
});
