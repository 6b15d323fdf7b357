import { useState } from 'preact/hooks';
import type { Template } from '../lib/model';
import { useT } from '../lib/i18n';
import { renderTemplate, type TemplateValues } from '../lib/templates/render';

interface TemplatePickerProps {
  templates: readonly Template[];
  query: string;
  onQuery: (query: string) => void;
  /** Values the sidebar knows: member, group, staff, date, rule. */
  values: TemplateValues;
  onInsert: (text: string, send?: boolean) => Promise<boolean>;
}

export function TemplatePicker({ templates, query, onQuery, values, onInsert }: TemplatePickerProps) {
  const t = useT();
  const [active, setActive] = useState<string | null>(null);
  return (
    <section class="templates" aria-label={t('sectionTemplates')}>
      <input
        type="search"
        data-testid="gs-template-search"
        class="template-search"
        value={query}
        placeholder={t('templateSearch')}
        aria-label={t('templateSearch')}
        onInput={(event) => onQuery((event.currentTarget as HTMLInputElement).value)}
      />
      {templates.length === 0 && <p class="hint">{t('noTemplatesFound')}</p>}
      <ul class="template-list">
        {templates.map((template) => (
          <TemplateItem
            key={template.id}
            template={template}
            values={values}
            expanded={active === template.id}
            onToggle={() => setActive(active === template.id ? null : template.id)}
            onInsert={onInsert}
          />
        ))}
      </ul>
    </section>
  );
}

interface TemplateItemProps {
  template: Template;
  values: TemplateValues;
  expanded: boolean;
  onToggle: () => void;
  onInsert: (text: string, send?: boolean) => Promise<boolean>;
}

export function TemplateItem({ template, values, expanded, onToggle, onInsert }: TemplateItemProps) {
  const t = useT();
  const [fields, setFields] = useState<TemplateValues>({});
  const rendered = renderTemplate(template.body, { ...values, ...fields });
  return (
    <li class="template-item" data-testid="gs-template-item" data-template-id={template.id}>
      <button type="button" class="template-head" aria-expanded={expanded} onClick={onToggle}>
        <span class="template-name">{template.name}</span>
        <span class="muted">{t(`templateCategory_${template.category}`) === `templateCategory_${template.category}` ? template.category : t(`templateCategory_${template.category}`)}</span>
      </button>
      <p class="template-preview">{rendered.text}</p>
      {expanded &&
        rendered.missing.map((name) => (
          <label key={name} class="template-field">
            {t('templateFieldMissing', name)}
            <input
              value={fields[name] ?? ''}
              aria-invalid="true"
              onInput={(event) => setFields({ ...fields, [name]: (event.currentTarget as HTMLInputElement).value })}
            />
          </label>
        ))}
      {rendered.missing.length > 0 && (
        <p class="error template-missing" data-testid="gs-template-missing">
          {t('templateMissingValues', rendered.missing.map((n) => `{${n}}`).join(' '))}
        </p>
      )}
      <button
        type="button"
        data-testid="gs-template-insert"
        disabled={rendered.missing.length > 0}
        title={rendered.missing.length > 0 ? t('templateFillFirst') : t('templateInsert')}
        onClick={() => void onInsert(rendered.text, template.sendDirectly)}
      >
        {template.sendDirectly ? t('templateInsertSend') : t('templateInsert')}
      </button>
      {rendered.missing.length > 0 && !expanded && (
        <button type="button" class="link" onClick={onToggle}>
          {t('templateFillIn')}
        </button>
      )}
    </li>
  );
}
