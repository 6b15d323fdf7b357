import { declaredFields, fillTemplate, formFields, initialFieldValues, unknownFields } from '../../../lib/templates/fields';
import { pickVariant, templatesInLanguage } from '../../../lib/templates/variants';
import { template } from '../db/records';

describe('template fields', () => {
  it('names a placeholder that is neither a variable nor a declared field', () => {
    expect(unknownFields('Hi {memebr}, order {order}', ['order'])).toEqual(['memebr']);
    expect(unknownFields('{member} {group} {staff} {rule} {date} {单号}', ['单号'])).toEqual([]);
    expect(unknownFields('{{literal}} braces', [])).toEqual([]);
  });

  it('templates saved before fields were declared keep their placeholders as fields', () => {
    expect(declaredFields({ body: '{member} {单号} {day}' })).toEqual(['单号', 'day']);
    expect(declaredFields({ body: '{member} {单号}', fields: [] })).toEqual([]);
  });

  it('the form asks for custom fields, unknown variables, and always shows {member}', () => {
    expect(formFields('{member} {order} {staff} {group}', { member: 'Ann', staff: 'Mei', group: '' })).toEqual(['member', 'order', 'group']);
    expect(initialFieldValues(['member', 'order'], { member: 'Ann' })).toEqual({ member: 'Ann', order: '' });
  });

  it('typed values win over guesses; an empty one is missing, never inserted half filled', () => {
    expect(fillTemplate('Hi {member}, {order}', { member: 'Ann' }, { member: 'Bob', order: '7' })).toEqual({ text: 'Hi Bob, 7', missing: [] });
    expect(fillTemplate('Hi {member}', { member: 'Ann' }, { member: ' ' }).missing).toEqual(['member']);
  });
});

describe('template variants', () => {
  const zh = template({ id: 'w-zh', category: 'warning', lang: 'zh' });
  const en = template({ id: 'w-en', category: 'warning', lang: 'en' });
  const any = template({ id: 'faq-any', category: 'faq', lang: 'any' });

  it('the group language picks the variant, then "any", then whatever exists', () => {
    expect(pickVariant([en, zh], 'warning', 'zh')?.id).toBe('w-zh');
    expect(pickVariant([zh, en], 'warning', 'en')?.id).toBe('w-en');
    expect(pickVariant([zh, any], 'faq', 'en')?.id).toBe('faq-any');
    expect(pickVariant([zh], 'warning', 'en')?.id).toBe('w-zh');
    expect(pickVariant([zh], 'welcome', 'zh')).toBeUndefined();
  });

  it('lists the templates of a language and those for any', () => {
    expect(templatesInLanguage([zh, en, any], 'en').map((t) => t.id)).toEqual(['w-en', 'faq-any']);
  });
});
