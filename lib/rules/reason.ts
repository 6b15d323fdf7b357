import enMessages from '../../public/_locales/en/messages.json';
import zhMessages from '../../public/_locales/zh_CN/messages.json';
import { createTranslator, type LocaleMessages, type Translate } from '../i18n/translate';
import type { DetectorKind, RuleCategory } from '../model/rule';

/**
 * Why a rule fired, as data: the category, what kind of evidence (never the matched word:
 * a reason may be posted in the group, where repeating the word would spread it), and the
 * behaviour figures. The text is rendered through `_locales` (keys `reason_*`), so the
 * engine builds no sentence in any language itself.
 */
export type ReasonDetail =
  | { readonly key: DetectorKind | 'keyword' | 'regex' | 'hours' | 'question' | 'new_domain' | 'cross_group' }
  | { readonly key: 'flood'; readonly count: number; readonly windowSec: number }
  | { readonly key: 'burst' | 'repeat'; readonly count: number };

export interface ReasonData {
  readonly category: RuleCategory;
  readonly details: readonly ReasonDetail[];
  readonly newMember: boolean;
}

export function renderReason(reason: ReasonData, t: Translate): string {
  const parts = reason.details.map((d) =>
    d.key === 'flood' ? t('reason_detail_flood', d.count, d.windowSec) : 'count' in d ? t(`reason_detail_${d.key}`, d.count) : t(`reason_detail_${d.key}`),
  );
  const distinct = [...new Set(parts)];
  const category = t(`reason_category_${reason.category}`);
  const text = distinct.length > 0 ? t('reason_with_details', category, distinct.join(t('reason_detail_separator'))) : category;
  return reason.newMember ? t('reason_new_member', text) : text;
}

const english = createTranslator(enMessages as LocaleMessages);
const chinese = createTranslator(zhMessages as LocaleMessages, enMessages as LocaleMessages);

/**
 * Rendered reasons by their data: a busy group produces the same few reasons over and over,
 * and translating both languages for every suggestion was about a tenth of the engine's time
 * in bench:rules. Bounded: cleared when full (reasons are short and there are few shapes).
 */
const renderedReasons = new Map<string, [en: string, zh: string]>();
const RENDERED_REASONS_MAX = 2_048;

function reasonKey(reason: ReasonData): string {
  let key = `${reason.category}|${reason.newMember ? 1 : 0}`;
  for (const d of reason.details) {
    key += `|${d.key}`;
    if ('count' in d) key += `:${d.count}`;
    if ('windowSec' in d) key += `:${d.windowSec}`;
  }
  return key;
}

/** The reason in both languages the extension ships, for stored cases and templates. */
export function reasonTexts(reason: ReasonData): [en: string, zh: string] {
  const key = reasonKey(reason);
  const cached = renderedReasons.get(key);
  if (cached) return [cached[0], cached[1]];
  const texts: [string, string] = [renderReason(reason, english), renderReason(reason, chinese)];
  if (renderedReasons.size >= RENDERED_REASONS_MAX) renderedReasons.clear();
  renderedReasons.set(key, texts);
  return [texts[0], texts[1]];
}
