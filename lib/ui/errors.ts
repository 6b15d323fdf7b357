import type { Translate } from '../i18n/translate';
import { RequestError } from '../messaging/client';

/**
 * Field paths as the background names them → the label staff see in the form. Numeric
 * segments (list positions) are skipped when looking up, and shown as "item N".
 */
const FIELD_LABELS: Record<string, string> = {
  name: 'field_name',
  body: 'field_body',
  category: 'field_category',
  keywords: 'field_keywords',
  fields: 'field_fields',
  lang: 'field_lang',
  memberAction: 'field_memberAction',
  'triggers.keywords': 'field_keywords',
  'triggers.regexes': 'field_regexes',
  'triggers.regexes.pattern': 'field_regexes',
  'triggers.allow': 'field_allow',
  staffName: 'field_staffName',
  staffNames: 'field_staffNames',
  staffIds: 'field_staffIds',
  warningWindowDays: 'field_warningWindowDays',
  slaMinutes: 'field_slaMinutes',
  retentionDays: 'field_retentionDays',
  targetMinutes: 'field_slaMinutes',
  settings: 'field_settings',
  groupSettings: 'field_groupSettings',
};

/** The common reasons, put into the user's language; anything else is shown as the background said it. */
const REASONS: Array<[RegExp, (t: Translate, m: RegExpExecArray) => string]> = [
  [/must be site:id/i, (t) => t('reason_staffId')],
  [/must not be empty|expected string to have >=1 characters?/i, (t) => t('reason_empty')],
  [/Too small: expected number to be >=\s*(-?[\d.]+)/i, (t, m) => t('reason_min', m[1] ?? '')],
  [/Too big: expected number to be <=\s*(-?[\d.]+)/i, (t, m) => t('reason_max', m[1] ?? '')],
  [/(?:at most|<=)\s*(\d+) characters?/i, (t, m) => t('reason_maxLength', m[1] ?? '')],
  [/^unknown field (.+)$/i, (t, m) => t('reason_unknownField', m[1] ?? '')],
  [/^invalid regular expression: (.*)$/is, (t, m) => t('reason_regex', m[1] ?? '')],
  [/regular expression matches empty text/i, (t) => t('reason_regexEmpty')],
  [/Invalid input: expected (\w+)/i, (t, m) => t('reason_type', m[1] ?? '')],
  [/Invalid option/i, (t) => t('reason_option')],
];

const PATH = /^([A-Za-z_][\w]*(?:\.[\w]+)*): /;

function labelOf(path: string, t: Translate): string {
  const parts = path.split('.');
  const named = parts.filter((part) => !/^\d+$/.test(part));
  const item = parts.find((part) => /^\d+$/.test(part));
  for (let n = named.length; n > 0; n--) {
    const key = FIELD_LABELS[named.slice(0, n).join('.')];
    if (key) return item === undefined ? t(key) : t('field_item', t(key), Number(item) + 1);
  }
  return path;
}

function reasonOf(text: string, t: Translate): string {
  for (const [pattern, say] of REASONS) {
    const match = pattern.exec(text);
    if (match) return say(t, match);
  }
  return text;
}

/**
 * An error from a request, for staff: what failed ("Could not save the rule"), which
 * field in their language, and why — instead of `saveRule: saveRule: triggers.regexes.0.pattern: …`.
 */
export function describeError(error: unknown, t: Translate): string {
  const request = error instanceof RequestError ? error.request : null;
  let detail = error instanceof Error ? error.message : String(error);
  if (request) while (detail.startsWith(`${request}: `)) detail = detail.slice(request.length + 2);
  // `rule "x": field: reason`, `template 2 ("x"): field: reason` and `allowed phrase "x": reason` name the record first.
  const record = /^((?:rule|template) [^:]*?|(?:allowed phrase|approved word) "[^"]*"): /.exec(detail);
  let subject = '';
  if (record) {
    subject = record[1] ?? '';
    detail = detail.slice(record[0].length);
  }
  const parts: string[] = [];
  const path = PATH.exec(detail);
  if (path?.[1]) {
    parts.push(labelOf(path[1], t));
    detail = detail.slice(path[0].length);
  }
  parts.push(reasonOf(detail, t));
  const action = request ? t(`failed_${request}`) : '';
  const known = action && action !== `failed_${request}` ? action : t('failed_request');
  return `${known}${subject ? ` (${subject})` : ''}${t('field_separator')}${parts.join(t('field_separator'))}`;
}
