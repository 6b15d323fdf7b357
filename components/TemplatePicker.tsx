import { useRef, useState } from 'preact/hooks';
import type { Template } from '../lib/model';
import { useT } from '../lib/i18n';
import { renderTemplate, type TemplateValues } from '../lib/templates/render';
import { TemplateFieldForm } from './TemplateFieldForm';

interface TemplatePickerProps {
  templates: readonly Template[];
  query: string;
  onQuery: (query: string) => void;
  /** Values the sidebar knows: member, group, staff, date, rule. */
  values: TemplateValues;
  /** `template` is the one inserted, for the usage figures. */
  onInsert: (text: string, send?: boolean, template?: Template) => Promise<boolean>;
  onStaffName?: (name: string) => void;
  /** Templates are shown in the group's language; this shows the others too. */
  allLanguages?: { checked: boolean; onChange: (checked: boolean) => void };
}

export function TemplatePicker({ templates, query, onQuery, values, onInsert, onStaffName, allLanguages }: TemplatePickerProps) {
  const t = useT();
  const [active, setActive] = useState<string | null>(null);
  // Typed field values per template, outside the items: an item can leave the list and
  // come back (results re-read as messages arrive), and what staff typed must not go.
  const drafts = useRef(new Map<string, Record<string, string>>());
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
      {allLanguages && (
        <label class="check small">
          <input
            type="checkbox"
            data-testid="gs-template-all-languages"
            checked={allLanguages.checked}
            onChange={(event) => allLanguages.onChange((event.currentTarget as HTMLInputElement).checked)}
          />
          {t('templatesAllLanguages')}
        </label>
      )}
      {templates.length === 0 && <p class="hint">{t('noTemplatesFound')}</p>}
      <ul class="template-list">
        {templates.map((template) => (
          <TemplateItem
            key={template.id}
            template={template}
            values={values}
            expanded={active === template.id}
            onToggle={() => setActive(active === template.id ? null : template.id)}
            onInsert={(text, send) => onInsert(text, send, template)}
            onStaffName={onStaffName}
            draft={drafts.current.get(template.id)}
            onDraft={(values) => {
              if (values) drafts.current.set(template.id, values);
              else drafts.current.delete(template.id);
            }}
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
  onStaffName?: (name: string) => void;
  draft?: Record<string, string>;
  onDraft?: (values: Record<string, string> | undefined) => void;
}

/**
 * One template: its preview with what is known, Insert when nothing is missing, otherwise
 * Insert opens the field form (which keeps its values until the text is inserted).
 */
export function TemplateItem({ template, values, expanded, onToggle, onInsert, onStaffName, draft, onDraft }: TemplateItemProps) {
  const t = useT();
  const rendered = renderTemplate(template.body, values);
  const category = t(`templateCategory_${template.category}`);
  return (
    <li class="template-item" data-testid="gs-template-item" data-template-id={template.id}>
      <button type="button" class="template-head" aria-expanded={expanded} onClick={onToggle}>
        <span class="template-name">{template.name}</span>
        <span class="muted">{category === `templateCategory_${template.category}` ? template.category : category}</span>
      </button>
      {!expanded && <p class="template-preview">{rendered.text}</p>}
      {expanded ? (
        <TemplateFieldForm
          template={template}
          known={values}
          onInsert={onInsert}
          onStaffName={onStaffName}
          onDone={onToggle}
          autoFocus
          draft={draft}
          onDraft={onDraft}
        />
      ) : (
        <button
          type="button"
          data-testid="gs-template-insert"
          title={rendered.missing.length > 0 ? t('templateFillFirst') : t('templateInsert')}
          onClick={() => {
            if (rendered.missing.length > 0) onToggle();
            else void onInsert(rendered.text, template.sendDirectly);
          }}
        >
          {rendered.missing.length > 0 ? t('templateFillIn') : template.sendDirectly ? t('templateInsertSend') : t('templateInsert')}
        </button>
      )}
    </li>
  );
}
