import type { Template } from '../model';
import { KNOWN_VARIABLES, renderTemplate, type TemplateValues, templateVariables } from './render';

const KNOWN: ReadonlySet<string> = new Set(KNOWN_VARIABLES);

/** The custom fields a template declares; older templates declared none, so their placeholders count. */
export function declaredFields(template: Pick<Template, 'body' | 'fields'>): string[] {
  return template.fields ?? templateVariables(template.body).filter((name) => !KNOWN.has(name));
}

/** Placeholders that are neither a known variable nor a declared field: typos like `{memebr}`. */
export function unknownFields(body: string, fields: readonly string[]): string[] {
  const declared = new Set(fields);
  return templateVariables(body).filter((name) => !KNOWN.has(name) && !declared.has(name));
}

/**
 * The inputs the field form shows for a template, in the order the body uses them: every
 * custom field, plus each known variable the sidebar or page could not fill, plus
 * `{member}` always (a guess about who is being answered must be visible and correctable
 * before it lands in the composer). The list depends only on what was known when the form
 * opened, so filling a field never makes its input disappear.
 */
export function formFields(body: string, known: TemplateValues): string[] {
  return templateVariables(body).filter((name) => name === 'member' || !KNOWN.has(name) || !known[name]?.trim());
}

export interface FilledTemplate {
  text: string;
  missing: string[];
}

/** Known values first, then what staff typed (which wins: they corrected a guess). */
export function fillTemplate(body: string, known: TemplateValues, entered: TemplateValues): FilledTemplate {
  const values: TemplateValues = { ...known };
  for (const [name, value] of Object.entries(entered)) if (value !== undefined) values[name] = value;
  const rendered = renderTemplate(body, values);
  return { text: rendered.text, missing: rendered.missing };
}

/** The first values for the form: guesses for the fields that have one, empty for the rest. */
export function initialFieldValues(fields: readonly string[], known: TemplateValues): Record<string, string> {
  return Object.fromEntries(fields.map((name) => [name, known[name] ?? '']));
}
