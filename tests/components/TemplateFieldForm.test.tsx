import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useState } from 'preact/hooks';
import { TemplateFieldForm } from '../../components/TemplateFieldForm';
import { TemplatePicker } from '../../components/TemplatePicker';
import { createTranslator, I18nContext, type LocaleMessages } from '../../lib/i18n';
import type { Template } from '../../lib/model';
import type { TemplateValues } from '../../lib/templates/render';
import { template } from '../unit/db/records';

const EN = JSON.parse(readFileSync(join(import.meta.dirname, '../../public/_locales/en/messages.json'), 'utf8')) as LocaleMessages;
const t = createTranslator(EN);
const ORDER = template({ id: 'tpl-order', name: 'Order status', body: '{member}, order {order} ships on {day}. — {staff}', fields: ['order', 'day'] });

afterEach(cleanup);

const field = (name: string) => screen.getAllByTestId('gs-template-field').find((input) => input.getAttribute('data-field') === name) as HTMLInputElement;

/** Types one character at a time, as a person does: each keystroke re-renders the form. */
function typeInto(input: HTMLInputElement, text: string) {
  for (const ch of text) {
    input.focus();
    fireEvent.input(input, { target: { value: input.value + ch } });
  }
}

describe('TemplateFieldForm', () => {
  it('keeps focus and every value while typing, field after field', () => {
    const inserted: string[] = [];
    render(
      <I18nContext.Provider value={t}>
        <TemplateFieldForm template={ORDER} known={{ member: 'Ann', staff: 'Mei' }} onInsert={async (text) => {
          inserted.push(text);
          return true;
        }} />
      </I18nContext.Provider>,
    );
    expect(screen.getAllByTestId('gs-template-field').map((i) => i.getAttribute('data-field'))).toEqual(['member', 'order', 'day']);
    const order = field('order');
    typeInto(order, 'A-1024');
    // The same input element is still there and focused: it did not disappear after one character.
    expect(field('order')).toBe(order);
    expect(document.activeElement).toBe(order);
    expect(order.value).toBe('A-1024');
    typeInto(field('day'), 'Friday');
    expect(field('order').value).toBe('A-1024');
    expect(screen.getByTestId('gs-template-form-preview').textContent).toBe('Ann, order A-1024 ships on Friday. — Mei');
    expect(inserted).toEqual([]);
  });

  it('cannot insert while a field is empty, says which, then inserts and resets', async () => {
    const inserted: string[] = [];
    let done = 0;
    render(
      <I18nContext.Provider value={t}>
        <TemplateFieldForm template={ORDER} known={{ member: 'Ann', staff: 'Mei' }} onInsert={async (text) => {
          inserted.push(text);
          return true;
        }} onDone={() => done++} />
      </I18nContext.Provider>,
    );
    const insert = screen.getByTestId('gs-template-form-insert') as HTMLButtonElement;
    expect(insert.disabled).toBe(true);
    expect(screen.getByTestId('gs-template-missing').textContent).toContain('{order} {day}');
    typeInto(field('order'), 'A-1');
    typeInto(field('day'), 'Mon');
    expect(insert.disabled).toBe(false);
    fireEvent.submit(screen.getByTestId('gs-template-form'));
    await waitFor(() => expect(inserted).toEqual(['Ann, order A-1 ships on Mon. — Mei']));
    await waitFor(() => expect(done).toBe(1));
    // Reset: the custom fields are empty again, the member guess is back.
    expect(field('order').value).toBe('');
    expect(field('day').value).toBe('');
    expect(field('member').value).toBe('Ann');
  });

  it('keeps the values when the insert fails', async () => {
    render(
      <I18nContext.Provider value={t}>
        <TemplateFieldForm template={ORDER} known={{ member: 'Ann', staff: 'Mei' }} onInsert={async () => false} />
      </I18nContext.Provider>,
    );
    typeInto(field('order'), 'A-2');
    typeInto(field('day'), 'Tue');
    fireEvent.submit(screen.getByTestId('gs-template-form'));
    await waitFor(() => expect((screen.getByTestId('gs-template-form-insert') as HTMLButtonElement).disabled).toBe(false));
    expect(field('order').value).toBe('A-2');
  });

  it('asks for {staff} when the settings have no name, and hands it over to be remembered', async () => {
    const remembered: string[] = [];
    render(
      <I18nContext.Provider value={t}>
        <TemplateFieldForm template={ORDER} known={{ member: 'Ann' }} onInsert={async () => true} onStaffName={(name) => remembered.push(name)} />
      </I18nContext.Provider>,
    );
    expect(field('staff')).toBeDefined();
    typeInto(field('order'), '1');
    typeInto(field('day'), '2');
    typeInto(field('staff'), 'Mei');
    fireEvent.submit(screen.getByTestId('gs-template-form'));
    await waitFor(() => expect(remembered).toEqual(['Mei']));
  });
});

describe('TemplatePicker with fields', () => {
  function Harness({ templates, values, inserted }: { templates: Template[]; values: TemplateValues; inserted: string[] }) {
    const [query, setQuery] = useState('');
    return (
      <I18nContext.Provider value={t}>
        <TemplatePicker templates={templates} query={query} onQuery={setQuery} values={values} onInsert={async (text) => {
          inserted.push(text);
          return true;
        }} />
      </I18nContext.Provider>
    );
  }

  it('opens the form from Insert, inserts once filled, and the next use starts empty', async () => {
    const inserted: string[] = [];
    render(<Harness templates={[ORDER]} values={{ member: 'Ann', staff: 'Mei' }} inserted={inserted} />);
    fireEvent.click(screen.getByTestId('gs-template-insert'));
    expect(document.activeElement).toBe(field('member'));
    typeInto(field('order'), 'B-7');
    typeInto(field('day'), 'Sunday');
    fireEvent.click(screen.getByTestId('gs-template-form-insert'));
    await waitFor(() => expect(inserted).toEqual(['Ann, order B-7 ships on Sunday. — Mei']));
    await waitFor(() => expect(screen.queryByTestId('gs-template-form')).toBeNull());
    fireEvent.click(screen.getByTestId('gs-template-insert'));
    expect(field('order').value).toBe('');
  });

  it('keeps what was typed when the template leaves the results and comes back (lists re-read as messages arrive)', async () => {
    const inserted: string[] = [];
    const values = { member: 'Ann', staff: 'Mei' };
    const { rerender } = render(<Harness templates={[ORDER]} values={values} inserted={inserted} />);
    fireEvent.click(screen.getByTestId('gs-template-insert'));
    typeInto(field('order'), 'B-7');
    // The group's template language flips and back: the item is drawn afresh.
    rerender(<Harness templates={[]} values={values} inserted={inserted} />);
    expect(screen.queryByTestId('gs-template-form')).toBeNull();
    rerender(<Harness templates={[ORDER]} values={values} inserted={inserted} />);
    expect(field('order').value).toBe('B-7');
    typeInto(field('day'), 'Sunday');
    fireEvent.click(screen.getByTestId('gs-template-form-insert'));
    await waitFor(() => expect(inserted).toEqual(['Ann, order B-7 ships on Sunday. — Mei']));
    // Inserted: the draft is gone, the next use starts empty.
    await waitFor(() => expect(screen.queryByTestId('gs-template-form')).toBeNull());
    fireEvent.click(screen.getByTestId('gs-template-insert'));
    expect(field('order').value).toBe('');
  });

  it('inserts a template whose values are all known in one click', async () => {
    const inserted: string[] = [];
    const hello = template({ id: 'tpl-hello', name: 'Hello', body: 'Hello {member}!' });
    render(<Harness templates={[hello]} values={{ member: 'Ann' }} inserted={inserted} />);
    fireEvent.click(screen.getByTestId('gs-template-insert'));
    await waitFor(() => expect(inserted).toEqual(['Hello Ann!']));
  });
});
