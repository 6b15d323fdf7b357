/** Variables every template may use; other `{name}` placeholders are custom fields. */
export const KNOWN_VARIABLES = ['member', 'group', 'staff', 'rule', 'date'] as const;
export type KnownVariable = (typeof KNOWN_VARIABLES)[number];

export type TemplateValues = Partial<Record<string, string>>;

export interface RenderResult {
  text: string;
  /** Placeholders without a value: the text must not be inserted until they are filled. */
  missing: string[];
  /** Custom fields (not in KNOWN_VARIABLES) the template uses. */
  customFields: string[];
}

// `{name}` with a letter first; `{{` escapes a literal brace. CJK names are allowed, so a
// team can write {会员等级}.
const PLACEHOLDER = /\{\{|\}\}|\{([\p{L}_][\p{L}\p{N}_.-]{0,39})\}/gu;

export function templateVariables(body: string): string[] {
  const names = new Set<string>();
  for (const match of body.matchAll(PLACEHOLDER)) if (match[1]) names.add(match[1]);
  return [...names];
}

export function renderTemplate(body: string, values: TemplateValues): RenderResult {
  const missing = new Set<string>();
  const text = body.replace(PLACEHOLDER, (whole, name: string | undefined) => {
    if (!name) return whole[0] as string;
    const value = values[name];
    if (value === undefined || value.trim() === '') {
      missing.add(name);
      return whole;
    }
    return value;
  });
  const known: ReadonlySet<string> = new Set(KNOWN_VARIABLES);
  return { text, missing: [...missing], customFields: templateVariables(body).filter((n) => !known.has(n)) };
}

/** Today's date the way each language writes it in chat. */
export function formatTemplateDate(ts: number, lang: 'zh' | 'en' | 'any'): string {
  const d = new Date(ts);
  if (lang === 'en') return d.toLocaleDateString('en', { year: 'numeric', month: 'short', day: 'numeric' });
  return `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日`;
}
