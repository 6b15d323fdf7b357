import { useEffect, useRef, useState } from 'preact/hooks';
import { useT } from '../lib/i18n';
import type { Template } from '../lib/model';
import { fillTemplate, formFields, initialFieldValues } from '../lib/templates/fields';
import { KNOWN_VARIABLES, type TemplateValues } from '../lib/templates/render';

const KNOWN: ReadonlySet<string> = new Set(KNOWN_VARIABLES);

export interface TemplateFieldFormProps {
  template: Pick<Template, 'id' | 'name' | 'body' | 'sendDirectly'>;
  /** What the sidebar knows now (member being answered, group, staff, date, rule). */
  known: TemplateValues;
  onInsert: (text: string, send?: boolean) => Promise<boolean>;
  /** The staff member typed their name into {staff}: remember it for next time. */
  onStaffName?: (name: string) => void;
  /** After a successful insert (the form has reset itself). */
  onDone?: () => void;
  autoFocus?: boolean;
  /** Values typed earlier into this template's form, kept by the list across re-renders. */
  draft?: Record<string, string>;
  /** Every change of the values (undefined once inserted: the next use starts clean). */
  onDraft?: (values: Record<string, string> | undefined) => void;
}

/**
 * The small form that fills a template's fields. The inputs are fixed when the form opens
 * (they do not come and go as values are typed, which used to drop focus after the first
 * character), values stay while staff type and switch away, and the form resets once the
 * text is in the composer so the next use starts clean.
 */
export function TemplateFieldForm({ template, known, onInsert, onStaffName, onDone, autoFocus, draft, onDraft }: TemplateFieldFormProps) {
  const t = useT();
  const [fields] = useState(() => formFields(template.body, known));
  // The list may draw this form afresh while staff type (the template list is re-read when
  // messages arrive): the draft brings back what was typed.
  const [values, setValues] = useState(() => ({ ...initialFieldValues(fields, known), ...draft }));
  const [busy, setBusy] = useState(false);
  const firstInput = useRef<HTMLInputElement>(null);
  const filled = fillTemplate(template.body, known, values);
  // Staff opened the form to type into it: the first field takes the caret once.
  useEffect(() => {
    if (autoFocus) firstInput.current?.focus();
  }, [autoFocus]);

  const label = (name: string) => (KNOWN.has(name) ? t(`templateField_${name}`) : name);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (filled.missing.length > 0 || busy) return;
    setBusy(true);
    const inserted = await onInsert(filled.text, template.sendDirectly);
    setBusy(false);
    if (!inserted) return;
    const staff = values.staff?.trim();
    if (fields.includes('staff') && staff && !known.staff) onStaffName?.(staff);
    setValues(initialFieldValues(fields, { ...known, staff: staff || known.staff }));
    onDraft?.(undefined);
    onDone?.();
  };

  return (
    <form class="template-form" data-testid="gs-template-form" onSubmit={(event) => void submit(event)} aria-label={t('templateFormTitle', template.name)}>
      {fields.map((name, i) => (
        <label key={name} class="template-field">
          {label(name)}
          <input
            ref={i === 0 ? firstInput : undefined}
            data-testid="gs-template-field"
            data-field={name}
            value={values[name] ?? ''}
            aria-invalid={!values[name]?.trim() && !known[name]?.trim() ? 'true' : undefined}
            onInput={(event) => {
              const value = (event.currentTarget as HTMLInputElement).value;
              setValues((current) => {
                const next = { ...current, [name]: value };
                onDraft?.(next);
                return next;
              });
            }}
          />
        </label>
      ))}
      <p class="template-preview" data-testid="gs-template-form-preview">
        {filled.text}
      </p>
      {filled.missing.length > 0 && (
        <p class="error template-missing" data-testid="gs-template-missing">
          {t('templateMissingValues', filled.missing.map((n) => `{${n}}`).join(' '))}
        </p>
      )}
      <div class="row-actions">
        <button type="submit" data-testid="gs-template-form-insert" disabled={filled.missing.length > 0 || busy}>
          {template.sendDirectly ? t('templateInsertSend') : t('templateFormInsert')}
        </button>
        <button
          type="button"
          class="secondary"
          onClick={() => {
            setValues(initialFieldValues(fields, known));
            firstInput.current?.focus();
          }}
        >
          {t('templateFormReset')}
        </button>
      </div>
    </form>
  );
}
