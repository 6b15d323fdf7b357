/**
 * Point-and-click setup: from the elements a person clicks on an unknown chat page, derive
 * the CSS selectors of a site profile. Pure DOM in, strings out (no zod, no browser APIs)
 * so it runs in the content script and in happy-dom tests alike.
 *
 * What "robust" means here: sites rebuild their CSS on every deploy (hashed class names
 * like `x1n2onr6` or `_3Ki9q`), and virtualised lists reorder their rows. So selectors are
 * built from what survives a deploy: ids, `data-*` attributes, `role`/`aria-*`, readable
 * class names, tag structure; never nth-child, never a class that looks generated.
 */

import { INHERIT_LOOKBACK, previousAuthorSource } from '../adapters/profile/adapter';

export type SetupStep = 'row' | 'author' | 'text' | 'composer' | 'send';
export const SETUP_STEPS: readonly SetupStep[] = ['row', 'author', 'text', 'composer', 'send'];
/** Steps a person may skip: the profile works without them. */
export const OPTIONAL_STEPS: ReadonlySet<SetupStep> = new Set<SetupStep>(['send']);

/** The selectors gathered so far: the `selectors` part of a site profile, as plain JSON. */
export interface SetupDraft {
  container?: string[];
  row?: string[];
  id?: Array<{ attribute: string }>;
  author?: { selector: string[]; keyAttribute?: string[]; inherit?: boolean };
  text?: string[];
  time?: { selector: string[]; attribute?: string[] };
  composer?: string[];
  send?: string[];
}

/** Why a click could not be used; the sidebar turns each into a sentence. */
export type PickHint =
  | 'body'
  | 'composer-not-row'
  | 'no-repeating-rows'
  | 'outside-row'
  | 'no-row-yet'
  | 'author-is-text'
  | 'not-a-composer'
  | 'not-a-button'
  | 'gone'
  | 'no-selector'
  /** An author click on a picture or an empty spot: nothing there spells a name. */
  | 'not-a-name'
  /** A click on the time shown beside a message, taken for its author or its text. */
  | 'is-time';

export type PickResult = { ok: true; draft: SetupDraft; rows: number } | { ok: false; hint: PickHint };

const MAX_FALLBACKS = 10;
const INLINE_TAGS = new Set(['p', 'span', 'a', 'b', 'i', 'em', 'strong', 'img', 'code', 'pre', 'blockquote', 'br', 'small', 'time', 'svg', 'path', 'u', 's', 'mark', 'label', 'button', 'input', 'textarea']);
const SKIPPED_TAGS = new Set(['html', 'body', 'head', 'script', 'style']);
/** Attributes that vary with layout or state, or carry the message text itself. */
const UNSTABLE_ATTRIBUTE = /^(aria-(label|labelledby|describedby|posinset|setsize|rowindex|colindex|rowcount|selected|expanded|checked|pressed|hidden|busy|live|owns|controls|activedescendant|current|valuenow|valuetext)|data-(index|key|offset|top|height|width|row-index|item-index|reactid|v-[a-z0-9]+|state|active|selected|focus|hover|placeholder)|style|class|id|title|alt|src|href|tabindex|lang|placeholder|width|height|translate|spellcheck|autocomplete|draggable)$/i;
const STATE_CLASS = /^(is-|has-|active$|selected$|hover|focus|highlight|unread$|new$|first$|last$|odd$|even$|show$|hidden$|open$|closed$|visible$|disabled$|enabled$)/i;
const ROW_ROLES = new Set(['row', 'listitem', 'article', 'gridcell', 'option', 'treeitem']);

/** Whether a class name reads like a word someone wrote rather than a build hash. */
export function isStableClass(name: string): boolean {
  if (name.length < 2 || name.length > 40) return false;
  if (!/^[a-zA-Z][a-zA-Z_-]*$/.test(name)) return false; // digits: hashes and indexes
  if (/^(css|sc|jsx|emotion|styled|tw|svelte|astro|vue)-/i.test(name)) return false;
  if (STATE_CLASS.test(name)) return false;
  // Letter soup ("xkqzpfl", "kQzPfL"): long consonant runs or random case changes.
  if (/[bcdfghjklmnpqrstvwxz]{5,}/i.test(name)) return false;
  const caseFlips = name.slice(1).replace(/[^A-Za-z]/g, '').match(/[a-z][A-Z]|[A-Z]{2}[a-z]/g)?.length ?? 0;
  if (caseFlips >= 2 && !/[-_]/.test(name)) return false;
  return true;
}

/** Attribute values that are words (`message`, `author-name`), not ids or counters. */
export function isStableValue(value: string): boolean {
  return value.length > 0 && value.length <= 40 && /^[a-zA-Z][a-zA-Z _:.-]*$/.test(value) && !/[bcdfghjklmnpqrstvwxz]{6,}/i.test(value);
}

/**
 * The written part of a generated value: `chat-messages-1180-9001` → `chat-messages-`,
 * `message-content-9001` → `message-content-`. Sites number their ids behind a fixed word,
 * and the word survives where the number changes with every message.
 */
export function stablePrefix(value: string): string | null {
  const match = /^([a-zA-Z][a-zA-Z]*(?:[-_][a-zA-Z]+)*[-_]+)(.+)$/.exec(value);
  if (!match) return null;
  const prefix = match[1] ?? '';
  const rest = match[2] ?? '';
  const word = prefix.replace(/[-_]+$/, '');
  if (!/\d/.test(rest) || word.length < 3 || BOOLEAN_VALUE.test(word) || !isStableValue(word)) return null;
  return prefix;
}

const escapeIdent = (value: string) => (typeof CSS !== 'undefined' && CSS.escape ? CSS.escape(value) : value.replace(/[^a-zA-Z0-9_-]/g, (c) => `\\${c}`));
const escapeValue = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');

interface Candidate {
  selector: string;
  /** 5 id, 4 data value, 3 role/aria/data presence, 2 readable class, 1 tag. */
  weight: number;
  /**
   * A `data-*` value naming what kind of row this is (`data-type="message"`): rows of other
   * kinds (joins, date markers) share the list but are not messages.
   */
  kind?: boolean;
}

const BOOLEAN_VALUE = /^(true|false|yes|no|on|off)$/i;

/**
 * Whether `value` is something the element shows as text (its own or a part's): then it is
 * this message's content, such as the author in `data-from="alice"` or `data-name="alice"`,
 * and a selector on it would find only that person's rows.
 */
export function isShownValue(element: Element, value: string): boolean {
  const wanted = value.trim().toLowerCase();
  if (!wanted) return false;
  if (element.textContent?.trim().toLowerCase() === wanted) return true;
  for (const part of Array.from(element.querySelectorAll('*'))) {
    if (part.textContent?.trim().toLowerCase() === wanted) return true;
  }
  return false;
}

/** Every selector that names `element` by one stable feature, best first. */
export function featureSelectors(element: Element): Candidate[] {
  const tag = element.localName;
  const out: Candidate[] = [];
  const id = element.getAttribute('id');
  if (id && isStableValue(id) && !/\s/.test(id) && !isShownValue(element, id)) out.push({ selector: `#${escapeIdent(id)}`, weight: 5 });
  const idPrefix = id ? stablePrefix(id) : null;
  if (idPrefix) out.push({ selector: `${tag}[id^="${escapeValue(idPrefix)}"]`, weight: 3.5 });
  const usableValue = (value: string) => value && isStableValue(value) && !isShownValue(element, value);
  for (const attribute of Array.from(element.attributes)) {
    const name = attribute.name;
    const value = attribute.value;
    if (UNSTABLE_ATTRIBUTE.test(name)) continue;
    if (name.startsWith('data-')) {
      if (usableValue(value)) out.push({ selector: `[${name}="${escapeValue(value)}"]`, weight: 4, kind: !BOOLEAN_VALUE.test(value) });
      const prefix = stablePrefix(value);
      // Below the attribute's mere presence: values of one attribute may start differently.
      if (prefix) out.push({ selector: `${tag}[${name}^="${escapeValue(prefix)}"]`, weight: 2.9 });
      out.push({ selector: `${tag}[${name}]`, weight: 3 });
    } else if (name === 'role' || name.startsWith('aria-') || name === 'dir' || name === 'contenteditable' || name === 'name' || name === 'type' || name === 'itemprop') {
      if (usableValue(value)) out.push({ selector: `${tag}[${name}="${escapeValue(value)}"]`, weight: 3 });
    }
  }
  for (const name of Array.from(element.classList)) {
    if (isStableClass(name)) out.push({ selector: `${tag}.${escapeIdent(name)}`, weight: 2 });
  }
  out.push({ selector: tag, weight: 1 });
  return out.sort((a, b) => b.weight - a.weight);
}

function safeAll(scope: ParentNode, selector: string): Element[] {
  try {
    return Array.from(scope.querySelectorAll(selector));
  } catch {
    return [];
  }
}

function safeOne(scope: ParentNode, selector: string): Element | null {
  try {
    return scope.querySelector(selector);
  } catch {
    return null;
  }
}

function safeMatches(element: Element, selector: string): boolean {
  try {
    return element.matches(selector);
  } catch {
    return false;
  }
}

/** The editable the page types into, if `element` is one or sits in one. */
export function editableOf(element: Element): HTMLElement | null {
  const hit = element.closest('textarea, input, [contenteditable=""], [contenteditable="true"], [contenteditable="plaintext-only"], [role="textbox"]');
  return hit as HTMLElement | null;
}

const lowestCommonAncestor = (elements: Element[]): Element | null => {
  let common: Element | null = elements[0]?.parentElement ?? null;
  while (common && !elements.every((element) => common?.contains(element))) common = common.parentElement;
  return common;
};

/**
 * A selector that finds exactly `element` in `root`: its own stable feature, else one
 * scoped under a stable ancestor, else a tag path from the nearest such ancestor.
 */
export function uniqueSelector(element: Element, root: ParentNode): string | null {
  const own = featureSelectors(element);
  for (const candidate of own) if (safeAll(root, candidate.selector).length === 1 && safeOne(root, candidate.selector) === element) return candidate.selector;
  const path: string[] = [element.localName];
  let ancestor = element.parentElement;
  for (let depth = 0; ancestor && depth < 8 && !SKIPPED_TAGS.has(ancestor.localName); depth++, ancestor = ancestor.parentElement) {
    for (const outer of featureSelectors(ancestor)) {
      if (outer.weight < 2) continue;
      for (const inner of own) {
        const scoped = `${outer.selector} ${inner.selector}`;
        if (safeAll(root, scoped).length === 1 && safeOne(root, scoped) === element) return scoped;
      }
      const structural = `${outer.selector} > ${path.join(' > ')}`;
      if (safeAll(root, structural).length === 1 && safeOne(root, structural) === element) return structural;
    }
    path.unshift(ancestor.localName);
  }
  return null;
}

interface RowChoice {
  element: Element;
  selector: string;
  rows: Element[];
  weight: number;
  kind?: boolean;
}

/**
 * Row selectors for `element`: its own features, then its tag under its parent's feature,
 * and when the parent has none (a `<tbody>`, a bare wrapper) its tag under the parent as
 * the page names it uniquely (old table chats mark nothing but the table).
 */
function rowCandidates(element: Element, root: Document, bareParents: boolean): Candidate[] {
  const own = featureSelectors(element).filter((c) => c.weight >= 2);
  const parent = element.parentElement;
  if (parent && !SKIPPED_TAGS.has(parent.localName)) {
    let named = false;
    for (const outer of featureSelectors(parent)) {
      if (outer.weight >= 2) {
        own.push({ selector: `${outer.selector} > ${element.localName}`, weight: 1.5 });
        named = true;
      }
    }
    if (!named && bareParents) {
      const list = uniqueSelector(parent, root);
      if (list) own.push({ selector: `${list} > ${element.localName}`, weight: 1.2 });
    }
  }
  return own;
}

const isRowLike = (element: Element) => !INLINE_TAGS.has(element.localName) && !SKIPPED_TAGS.has(element.localName) && element.childElementCount > 0 && !editableOf(element) && !element.querySelector('textarea, input, [contenteditable="true"]');

/**
 * Two elements of one kind: same attributes and a class in common (digits aside, so
 * `row1` and `row2` alternate as one kind; a build's hashed class is shared within the build).
 */
function alike(a: Element, b: Element): boolean {
  if (shapeOf(a) !== shapeOf(b)) return false;
  const plain = (element: Element) => Array.from(element.classList).map((name) => name.replace(/\d+/g, ''));
  const classesA = plain(a);
  const classesB = new Set(plain(b));
  if (classesA.length === 0 && classesB.size === 0) return true;
  return classesA.some((name) => classesB.has(name));
}

/**
 * Whether the rows found beside the clicked one (same parent) are mostly of its kind. A
 * selector like `li > div` finds every part of every message (name, avatar, body, receipts)
 * as "rows"; the parts beside each other are all different, where a list's rows are alike.
 */
function alikeSiblings(element: Element, rows: Element[]): boolean {
  const siblings = rows.filter((row) => row !== element && row.parentElement === element.parentElement);
  if (siblings.length === 0) return true;
  return siblings.filter((row) => alike(row, element)).length * 2 >= siblings.length;
}

/** The row level and selector for a click, as `pickRow` explains. */
function bestRowFor(target: Element, root: Document, bareParents: boolean): RowChoice | null {
  let best: RowChoice | null = null;
  let element: Element | null = target;
  for (let depth = 0; element && depth < 14 && !SKIPPED_TAGS.has(element.localName); depth++, element = element.parentElement) {
    if (!isRowLike(element)) continue;
    // This level's best selector: the strongest among those finding at least half as many
    // rows as the widest one (a structural selector also catches date separators).
    const found: RowChoice[] = [];
    for (const candidate of rowCandidates(element, root, bareParents)) {
      const rows = safeAll(root, candidate.selector);
      if (rows.length < 2 || !rows.includes(element)) continue;
      if (rows.some((row, i) => rows.some((other, j) => i !== j && other.contains(row)))) continue;
      if (!rows.every(isRowLike)) continue;
      if (!alikeSiblings(element, rows)) continue;
      const bonus = (ROW_ROLES.has(element.getAttribute('role') ?? '') ? 1.5 : 0) + (/message|msg|row|item|entry|post/i.test(candidate.selector) ? 0.5 : 0);
      found.push({ element, selector: candidate.selector, rows, weight: candidate.weight + bonus, kind: candidate.kind });
    }
    // A selector naming the clicked row's kind may find few rows while the chat is young
    // (two messages among joins): it is kept whatever its share.
    const widest = Math.max(0, ...found.map((f) => f.rows.length));
    const level = found.filter((f) => f.kind || f.rows.length * 2 >= widest).sort((a, b) => b.weight - a.weight || b.rows.length - a.rows.length)[0];
    if (!level) continue;
    // Across levels: the most rows; then the stronger selector; then the outer element.
    if (!best || level.rows.length > best.rows.length || (level.rows.length === best.rows.length && level.weight >= best.weight)) best = level;
  }
  return best;
}

/**
 * The message row the click landed in, generalised to every row of the list: the ancestor
 * whose stable selector finds the most sibling-like elements (not nested in each other,
 * all in one list). Ties go to the stronger selector, then to the outer element (a row
 * holds its parts; a text paragraph repeats as often as its row does).
 */
export function pickRow(target: Element, root: Document): PickResult {
  if (!target.isConnected) return { ok: false, hint: 'gone' };
  if (SKIPPED_TAGS.has(target.localName)) return { ok: false, hint: 'body' };
  if (editableOf(target) || target.closest('form')) return { ok: false, hint: 'composer-not-row' };
  // Tags under an unmarked parent only when nothing marked repeats (they also catch separators).
  const best = bestRowFor(target, root, false) ?? bestRowFor(target, root, true);
  // A click on the list's background (or a page area holding much) names no single message.
  if (!best) return { ok: false, hint: target.querySelectorAll('*').length > 20 ? 'body' : 'no-repeating-rows' };
  const draft: SetupDraft = { row: [best.selector] };
  const list = lowestCommonAncestor(best.rows);
  if (list && !SKIPPED_TAGS.has(list.localName)) {
    const container = uniqueSelector(list, root);
    if (container) draft.container = [container];
  }
  const idAttribute = uniqueAttribute(best.rows);
  if (idAttribute) draft.id = [{ attribute: idAttribute }];
  const time = findTime(best.element);
  if (time) draft.time = time;
  return { ok: true, draft, rows: best.rows.length };
}

/** An attribute every row has with a value no other row shares: the site's message id. */
function uniqueAttribute(rows: Element[]): string | null {
  const first = rows[0];
  if (!first) return null;
  const names = Array.from(first.attributes)
    .map((a) => a.name)
    .filter((name) => name === 'id' || (name.startsWith('data-') && !/^data-(index|key|offset|top|height|row-index|item-index)$/.test(name)));
  names.sort((a, b) => Number(/id$/i.test(b)) - Number(/id$/i.test(a)));
  for (const name of names) {
    const values = new Set<string>();
    let ok = true;
    for (const row of rows) {
      const value = row.getAttribute(name)?.trim();
      if (!value || values.has(value)) {
        ok = false;
        break;
      }
      values.add(value);
    }
    if (ok) return name;
  }
  return null;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/;
const CLOCK = /^\d{1,2}:\d{2}(:\d{2})?\s*([ap]\.?m\.?)?$/i;

/** A timestamp inside the row: `<time datetime>`, an ISO or epoch attribute, or a bare clock. */
function findTime(row: Element): SetupDraft['time'] | null {
  const timeElement = row.querySelector('time[datetime]');
  if (timeElement) return { selector: ['time[datetime]'], attribute: ['datetime'] };
  for (const element of [row, ...Array.from(row.querySelectorAll('*'))]) {
    for (const attribute of Array.from(element.attributes)) {
      if (!attribute.name.startsWith('data-') && attribute.name !== 'datetime') continue;
      if (ISO_DATE.test(attribute.value) || (/time|date|ts/i.test(attribute.name) && /^\d{10,13}$/.test(attribute.value))) {
        const selector = element === row ? `[${attribute.name}]` : `[${attribute.name}]`;
        return { selector: [selector], attribute: [attribute.name] };
      }
    }
  }
  for (const element of Array.from(row.querySelectorAll('time, span, small, div'))) {
    if (element.childElementCount === 0 && CLOCK.test(element.textContent?.trim() ?? '')) {
      const feature = featureSelectors(element).find((c) => c.weight >= 2);
      if (feature && row.querySelector(feature.selector) === element) return { selector: [feature.selector] };
    }
  }
  return null;
}

export interface InRowChoice {
  selector: string;
  element: Element;
  /** Rows in which the selector finds something. */
  rowsMatched: number;
  /** Whether it finds one thing of the clicked kind in every row it matches. */
  clean: boolean;
}

/** The row `target` belongs to under the draft's row selector. */
export function rowOf(target: Element, draft: SetupDraft): Element | null {
  for (const selector of draft.row ?? []) {
    try {
      const row = target.closest(selector);
      if (row) return row;
    } catch {
      // Invalid selectors were refused when the draft was built; keep looking.
    }
  }
  return null;
}

/** Attributes that say nothing about what an element is: positions, per-message values, looks. */
const INCIDENTAL_ATTRIBUTE = /^(id|style|href|src|srcset|title|alt|tabindex|width|height|draggable|loading|target|rel|translate|spellcheck|aria-(label|labelledby|describedby|expanded|hidden|selected|pressed|posinset|setsize|haspopup)|data-(index|key|offset|top|height|width|row-index|item-index|reactid|v-[a-z0-9]+))$/i;

/** What kind of element this is, as far as its markup says: tag and the attributes it carries. */
function shapeOf(element: Element): string {
  const names = Array.from(element.attributes)
    .map((a) => a.name)
    .filter((name) => !INCIDENTAL_ATTRIBUTE.test(name))
    .sort();
  return `${element.localName}[${names.join(',')}]`;
}

/** `name=value` tokens of an element (each class on its own), for telling kinds apart. */
function tokensOf(element: Element): Set<string> {
  const tokens = new Set<string>();
  for (const attribute of Array.from(element.attributes)) {
    if (INCIDENTAL_ATTRIBUTE.test(attribute.name)) continue;
    if (attribute.name === 'class') for (const name of Array.from(element.classList)) tokens.add(`.${name}`);
    else tokens.add(`${attribute.name}=${attribute.value}`);
  }
  return tokens;
}

const trimmed = (element: Element) => (element.textContent ?? '').trim().replace(/\s+/g, ' ');

/** Matches of `selector` in `row`, leaving out those inside an earlier match (parts of it). */
function outerMatches(row: Element, selector: string): Element[] {
  const all = safeAll(row, selector);
  return all.filter((element) => !all.some((other) => other !== element && other.contains(element)));
}

interface Fit {
  /** Rows in which the selector finds something. */
  matched: number;
  /** Rows in which it finds two things saying different words (a quoted reply, a mention). */
  ambiguous: number;
  /** Rows in which what it finds is another kind of element (a time where a name was clicked). */
  inconsistent: number;
}

/**
 * How well `selector` finds, in every row, the same kind of thing as `example` in its row.
 * A token of the example (a class, a `data-*` value) is the element's kind when another
 * row's match with different words carries it too (`data-qa="sender"` on every name), and
 * not when only the same words do (`data-uid="u-lin"` on Lin's name only).
 */
function fitOf(selector: string, example: Element, rows: Element[]): Fit {
  const firsts: Element[] = [];
  const fit: Fit = { matched: 0, ambiguous: 0, inconsistent: 0 };
  for (const row of rows) {
    const found = outerMatches(row, selector);
    const first = found[0];
    if (!first) continue;
    fit.matched++;
    firsts.push(first);
    const words = new Set(found.map(trimmed).filter(Boolean));
    if (words.size > 1) fit.ambiguous++;
  }
  const exampleWords = trimmed(example);
  const exampleShape = shapeOf(example);
  const kindTokens = [...tokensOf(example)].filter((token) => firsts.some((other) => other !== example && trimmed(other) !== exampleWords && tokensOf(other).has(token)));
  for (const first of firsts) {
    if (first === example) continue;
    if (shapeOf(first) !== exampleShape) fit.inconsistent++;
    else {
      const tokens = tokensOf(first);
      if (kindTokens.some((token) => !tokens.has(token))) fit.inconsistent++;
    }
  }
  return fit;
}

/**
 * The last compound of a selector (`tbody > tr` → `tr`): parts are found from the row, and
 * some DOMs (happy-dom) do not look above the element a query starts from.
 */
export function lastCompound(selector: string): string {
  let depth = 0;
  let start = 0;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (depth === 0 && (c === ' ' || c === '>' || c === '+' || c === '~')) start = i + 1;
  }
  return selector.slice(start).trim() || selector;
}

/** The best selector, relative to the row, for `target` or one of its ancestors inside the row. */
function chooseInRow(target: Element, row: Element, rows: Element[], accept: (element: Element) => boolean, fullRowSelector: string): InRowChoice | null {
  const rowSelector = lastCompound(fullRowSelector);
  let best: (InRowChoice & { weight: number; clean: boolean }) | null = null;
  const chain: Element[] = [];
  for (let element: Element | null = target; element && element !== row; element = element.parentElement) chain.unshift(element);
  // chain: the row's child first, `target` last. Inner elements are tried first.
  for (let depth = chain.length - 1; depth >= 0; depth--) {
    const element = chain[depth] as Element;
    if (!accept(element)) continue;
    const own = featureSelectors(element).filter((c) => c.weight >= 2);
    const candidates: Candidate[] = [...own];
    // The path from the row: each step by its best stable feature, else its tag.
    const steps = chain.slice(0, depth + 1).map((step) => featureSelectors(step).find((c) => c.weight >= 2 && c.weight < 5)?.selector ?? step.localName);
    const tags = chain.slice(0, depth + 1).map((step) => step.localName);
    // The element's own step in each of its features: `span[role="button"]` at the name's
    // place in the header is not the mention of the same kind deeper in the text.
    const lead = steps.slice(0, -1);
    for (const feature of own.filter((c) => c.weight < 5)) candidates.push({ selector: `${rowSelector} > ${[...lead, feature.selector].join(' > ')}`, weight: 1.5 });
    if (steps[steps.length - 1] === element.localName) candidates.push({ selector: `${rowSelector} > ${steps.join(' > ')}`, weight: 1 });
    candidates.push({ selector: `${rowSelector} > ${tags.join(' > ')}`, weight: 1 });
    // Table cells and bare wrappers have nothing but their place among their siblings.
    if (!element.nextElementSibling) candidates.push({ selector: `${rowSelector} > ${steps.join(' > ')}:last-child`, weight: 0.5 });
    if (!element.previousElementSibling) candidates.push({ selector: `${rowSelector} > ${steps.join(' > ')}:first-child`, weight: 0.5 });
    for (const candidate of candidates) {
      if (safeOne(row, candidate.selector) !== element) continue;
      const fit = fitOf(candidate.selector, element, rows);
      const clean = fit.ambiguous === 0 && fit.inconsistent === 0;
      // Clean first (one kind of thing, one per row); then the most rows; ties keep the inner
      // element (an outer one also holds buttons, times or reactions) and the stronger selector.
      const better =
        !best ||
        (clean && !best.clean) ||
        (clean === best.clean && (fit.matched > best.rowsMatched || (fit.matched === best.rowsMatched && candidate.weight > best.weight)));
      if (better) best = { selector: candidate.selector, element, rowsMatched: fit.matched, weight: candidate.weight, clean };
    }
    // A block found cleanly in most rows by something of its own is the part itself; the
    // blocks around it also hold quoted replies, or exist in notices that are not messages.
    if (best?.element === element && best.clean && best.weight >= 1.5 && best.rowsMatched * 2 >= rows.length && !INLINE_TAGS.has(element.localName)) break;
  }
  return best;
}

/** A data attribute on the author element that looks like a user id or handle. */
function authorKeyAttribute(element: Element): string | null {
  for (const attribute of Array.from(element.attributes)) {
    if (/^data-(user-?id|uid|author-?id|sender-?id|from|jid|name|user|author|sender|nick|handle)$/i.test(attribute.name) && attribute.value.trim()) return attribute.name;
  }
  return null;
}

/** The message list the draft names, if it names one that is on the page. */
function containerOf(draft: SetupDraft, root: ParentNode): Element | null {
  return draft.container?.map((s) => safeOne(root, s)).find(Boolean) ?? null;
}

function rowsOf(draft: SetupDraft, root: ParentNode): Element[] {
  const container = containerOf(draft, root) ?? root;
  return (draft.row ?? []).flatMap((selector) => safeAll(container, selector));
}

/** Puts `fresh` first and keeps what worked before as fallbacks (self-repair learns). */
export function mergeSelectors(fresh: string, existing: readonly string[] | undefined): string[] {
  return [fresh, ...(existing ?? []).filter((s) => s !== fresh)].slice(0, MAX_FALLBACKS);
}

/** A day as chats print it between messages: "今天", "Yesterday", "星期一", "2026年11月29日", "11/29/2026". */
const DAY_TEXT = /^(今天|昨天|前天|星期[一二三四五六日天]|周[一二三四五六日]|today|yesterday|(mon|tues|wednes|thurs|fri|satur|sun)day|\d{4}[-/年.]\d{1,2}[-/月.]\d{1,2}日?|\d{1,2}月\d{1,2}日|\d{1,2}\/\d{1,2}\/\d{2,4})$/i;
/** A time as chats show it beside a message: "09:04", "9:04 AM", "[09:04]", "下午 3:05". */
const TIME_TEXT = /^[[(]?\s*(上午|下午|中午|晚上|凌晨)?\s*\d{1,2}:\d{2}(:\d{2})?\s*([ap]\.?m\.?)?\s*[\])]?$/i;

/** What a picture or an icon says it shows: its `alt`, `aria-label` or `title`, or an ancestor's in the row. */
function labelOf(target: Element, row: Element): string {
  for (let element: Element | null = target; element && element !== row; element = element.parentElement) {
    for (const name of ['alt', 'aria-label', 'title']) {
      const value = element.getAttribute(name)?.trim();
      if (value) return value;
    }
  }
  return '';
}

/** The element in `row` whose whole text is `words` and that holds no other element saying them. */
function elementSaying(row: Element, words: string, except: Element): Element | null {
  const all = Array.from(row.querySelectorAll('*')).filter((element) => element !== except && trimmed(element) === words);
  return all.find((element) => !all.some((other) => other !== element && element.contains(other))) ?? null;
}

export function pickAuthor(target: Element, draft: SetupDraft, root: Document): PickResult {
  if (!target.isConnected) return { ok: false, hint: 'gone' };
  if (!draft.row) return { ok: false, hint: 'no-row-yet' };
  const row = rowOf(target, draft);
  if (!row) return pickHeaderAuthor(target, draft, root);
  if (target === row) return { ok: false, hint: 'not-a-name' };
  const rows = rowsOf(draft, root);
  let nameElement = target;
  if (!trimmed(target)) {
    // An avatar: the name it is labelled with, written out somewhere in the same row.
    const label = labelOf(target, row);
    const written = label ? elementSaying(row, label, target) : null;
    if (!written) return { ok: false, hint: 'not-a-name' };
    nameElement = written;
  }
  // The name itself, not a header around it: an ancestor qualifies only while its text is
  // still just the name (a header also holding the time or the message would take those).
  const name = trimmed(nameElement);
  if (TIME_TEXT.test(name)) return { ok: false, hint: 'is-time' };
  const choice = chooseInRow(nameElement, row, rows, (element) => name.length > 0 && trimmed(element) === name, draft.row[0] ?? '*');
  if (!choice) return { ok: false, hint: 'no-selector' };
  const keyAttribute = authorKeyAttribute(choice.element);
  const author: NonNullable<SetupDraft['author']> = {
    selector: mergeSelectors(choice.selector, draft.author?.selector),
    ...(keyAttribute ? { keyAttribute: [keyAttribute] } : {}),
  };
  // Rows without a name of their own continue the previous author's run.
  if (choice.rowsMatched < rows.length || draft.author?.inherit) author.inherit = true;
  return { ok: true, draft: { ...draft, author }, rows: rows.length };
}

/**
 * A name printed above a group of messages, outside the rows (one header, then every message
 * of that person's run). Taken when a selector for it lets every row find its author: its
 * own, or the nearest header or named row before it, as the profile adapter reads them
 * (`author.inherit`). The clicked name must be the one the row after it gets.
 */
function pickHeaderAuthor(target: Element, draft: SetupDraft, root: Document): PickResult {
  const rows = rowsOf(draft, root);
  const rowSelector = (draft.row ?? []).join(', ');
  const container = containerOf(draft, root);
  const name = trimmed(target);
  if (!name || target.querySelector(rowSelector) || (container && !container.contains(target))) return { ok: false, hint: 'outside-row' };
  if (TIME_TEXT.test(name) || DAY_TEXT.test(name)) return { ok: false, hint: 'is-time' };
  if (target.closest('[role="separator"], hr')) return { ok: false, hint: 'not-a-name' };
  const next = rows.find((row) => target.compareDocumentPosition(row) & Node.DOCUMENT_POSITION_FOLLOWING);
  if (!next) return { ok: false, hint: 'outside-row' };
  const authorOf = (row: Element, selector: string): Element | null => {
    const own = safeMatches(row, selector) ? row : safeOne(row, selector);
    if (own) return own;
    let from = row;
    for (let i = 0; i < INHERIT_LOOKBACK; i++) {
      const source = previousAuthorSource(from, rowSelector, [selector], container);
      if (!source) return null;
      if ('author' in source) return source.author;
      const found = safeMatches(source.row, selector) ? source.row : safeOne(source.row, selector);
      if (found) return found;
      from = source.row;
    }
    return null;
  };
  for (const { selector, weight } of featureSelectors(target)) {
    // A bare tag ("span") would find whatever comes first in a row.
    if (weight < 2) continue;
    if (authorOf(next, selector) !== target) continue;
    // Names head the runs of several people; what one element heads alone is page furniture.
    if (safeAll(container ?? root, selector).length < 2) continue;
    if (!rows.every((row) => authorOf(row, selector) !== null)) continue;
    const keyAttribute = authorKeyAttribute(target);
    const author: NonNullable<SetupDraft['author']> = {
      selector: mergeSelectors(selector, draft.author?.selector),
      ...(keyAttribute ? { keyAttribute: [keyAttribute] } : {}),
      inherit: true,
    };
    return { ok: true, draft: { ...draft, author }, rows: rows.length };
  }
  return { ok: false, hint: 'no-selector' };
}

export function pickText(target: Element, draft: SetupDraft, root: Document): PickResult {
  if (!target.isConnected) return { ok: false, hint: 'gone' };
  if (!draft.row) return { ok: false, hint: 'no-row-yet' };
  const row = rowOf(target, draft);
  if (!row) return { ok: false, hint: 'outside-row' };
  const authorElement = draft.author?.selector.map((s) => (safeMatches(row, s) ? row : safeOne(row, s))).find(Boolean) ?? null;
  if (authorElement && (authorElement === target || authorElement.contains(target))) return { ok: false, hint: 'author-is-text' };
  if (TIME_TEXT.test(trimmed(target))) return { ok: false, hint: 'is-time' };
  const rows = rowsOf(draft, root);
  const part = partToRead(target, row, rows, authorElement, draft.row[0] ?? '*');
  const choice = chooseInRow(part, row, rows, (element) => !(authorElement && (element.contains(authorElement) || element === authorElement)), draft.row[0] ?? '*');
  if (!choice) return { ok: false, hint: authorElement ? 'author-is-text' : 'no-selector' };
  const picked: SetupDraft = { ...draft, text: mergeSelectors(choice.selector, draft.text) };
  const refined = keepMessageRows(picked, root, row, choice.element);
  return { ok: true, draft: refined, rows: rowsOf(refined, root).length };
}

const hasOwnText = (element: Element) => Array.from(element.childNodes).some((node) => node.nodeType === 3 && (node.nodeValue ?? '').trim() !== '');

/**
 * A click beside the text (on the bubble, or the row's padding) lands on an element holding
 * several parts: the name, the time, a quoted reply, the text. The text is the part every
 * message has: among the parts, the one found cleanly in the most rows, followed down until
 * an element that holds words itself.
 */
function partToRead(target: Element, row: Element, rows: Element[], authorElement: Element | null, rowSelector: string): Element {
  let current = target;
  for (let depth = 0; depth < 8 && !hasOwnText(current); depth++) {
    const authorWords = authorElement ? trimmed(authorElement) : null;
    const worded = Array.from(current.children).filter((child) => {
      const words = trimmed(child);
      return words !== '' && !TIME_TEXT.test(words) && words !== authorWords;
    });
    // A header holding the name (and a nickname, a badge) only when there is nothing else.
    const apart = worded.filter((child) => !(authorElement && child.contains(authorElement)));
    const parts = apart.length > 0 ? apart : worded;
    if (parts.length === 0) break;
    let next = parts[0] as Element;
    if (parts.length > 1) {
      let bestScore = -1;
      for (const candidate of parts) {
        const choice = chooseInRow(candidate, row, rows, (element) => element === candidate, rowSelector);
        const score = choice ? choice.rowsMatched + (choice.clean ? rows.length + 1 : 0) : 0;
        if (score > bestScore) {
          bestScore = score;
          next = candidate;
        }
      }
    }
    current = next;
  }
  return current;
}

/** Class names and `data-*` flags sites put on the messages the signed-in person wrote. */
const OWN_CLASS = /(^|[-_])(out|outgoing|self|own|mine|me|right|sent)([-_]|$)/i;
const OWN_FLAG = /^data-(is-?)?(self|own|out|outgoing|mine|sent)$/i;

/** Selectors of "written by me" markers on `row` or inside it. */
function ownMarkers(row: Element): string[] {
  const markers = new Set<string>();
  for (const element of [row, ...Array.from(row.querySelectorAll('*')).slice(0, 60)]) {
    for (const name of Array.from(element.classList)) {
      if (/^[a-zA-Z][a-zA-Z_-]*$/.test(name) && OWN_CLASS.test(name)) markers.add(`${element.localName}.${escapeIdent(name)}`);
    }
    for (const attribute of Array.from(element.attributes)) {
      if (OWN_FLAG.test(attribute.name) && /^(true|yes|1|)$/i.test(attribute.value)) markers.add(`[${attribute.name}="${escapeValue(attribute.value)}"]`);
    }
  }
  return [...markers];
}

const within = (row: Element, selectors: readonly string[]) => selectors.some((s) => safeMatches(row, s) || safeOne(row, s) !== null);

/**
 * Narrows the row selector to the rows that are messages, once the text is known:
 * - the signed-in person's own messages, which never show a name (`message-out`,
 *   `msg-right`), are left out rather than credited to whoever wrote before them;
 * - rows holding neither a name nor text like the clicked one (date lines, "joined"
 *   notices, table headers) are left out, by `:has()` the text (or the name, when every
 *   message names its author) so that the reader never counts them as failures;
 * - rows with text but no name of their own continue the previous author (`inherit`).
 * Nothing is narrowed when no selector separates exactly those rows.
 */
function keepMessageRows(draft: SetupDraft, root: Document, clickedRow: Element, textExample: Element): SetupDraft {
  const rowSelector = draft.row?.[0];
  const authorSelectors = draft.author?.selector ?? [];
  const textSelectors = draft.text ?? [];
  if (!rowSelector || authorSelectors.length === 0) return draft;
  let rows = rowsOf({ ...draft, row: [rowSelector] }, root);
  let selector = rowSelector;
  const named = new Set(rows.filter((row) => within(row, authorSelectors)));
  const textShape = shapeOf(textExample);
  const texted = (row: Element) => {
    const found = safeOne(row, textSelectors[0] ?? '');
    return !!found && shapeOf(found) === textShape;
  };

  const unnamedMessages = rows.filter((row) => texted(row) && !named.has(row));
  const own = new Map<string, Element[]>();
  for (const row of unnamedMessages) for (const marker of ownMarkers(row)) own.set(marker, [...(own.get(marker) ?? []), row]);
  const ownMarker = [...own.entries()]
    .filter(([marker]) => !within(clickedRow, [marker]))
    .map(([marker]) => ({ marker, rows: rows.filter((row) => within(row, [marker])) }))
    .filter((entry) => entry.rows.every((row) => !named.has(row)))
    .sort((a, b) => b.rows.length - a.rows.length)[0];
  if (ownMarker) {
    const onRow = ownMarker.rows.every((row) => safeMatches(row, ownMarker.marker));
    const narrowed = `${selector}:not(${onRow ? ownMarker.marker : `:has(${ownMarker.marker})`})`;
    const left = safeAll(root, narrowed);
    if (left.length > 0 && left.length === rows.length - ownMarker.rows.length) {
      selector = narrowed;
      rows = rows.filter((row) => !ownMarker.rows.includes(row));
    }
  }

  const keep = rows.filter((row) => named.has(row) || texted(row));
  const continuing = keep.some((row) => !named.has(row));
  if (keep.length < rows.length) {
    const by = continuing ? textSelectors : authorSelectors;
    const example = continuing ? textExample : (authorSelectors.map((s) => safeOne(clickedRow, s)).find(Boolean) ?? clickedRow);
    // The part's path from the row when it has one (`> div > div:last-child`: markup with
    // nothing but hashed classes), then its own features.
    const rowCompound = `${lastCompound(rowSelector)} > `;
    const relative = by.filter((s) => s.startsWith(rowCompound)).map((s) => `> ${s.slice(rowCompound.length)}`);
    const anchors = [...relative, ...hasArguments(example, clickedRow)];
    for (const anchor of anchors) {
      const narrowed = `${selector}:has(${anchor})`;
      const found = safeAll(root, narrowed);
      if (found.length === keep.length && keep.every((row) => found.includes(row))) {
        selector = narrowed;
        break;
      }
    }
  }
  if (selector === rowSelector) return draft;
  const author = { ...draft.author, selector: authorSelectors } as NonNullable<SetupDraft['author']>;
  if (continuing) author.inherit = true;
  return { ...draft, row: [selector, ...(draft.row ?? []).slice(1)], author };
}

/**
 * Ways to name `element` inside its row for `:has()`: its own features, then its tag. One
 * compound each: the caller checks the result finds exactly the rows wanted, and complex
 * `:has()` arguments are where DOM implementations disagree.
 */
function hasArguments(element: Element, row: Element): string[] {
  if (element === row) return [];
  return featureSelectors(element)
    .filter((c) => c.weight < 5)
    .map((c) => c.selector);
}

export function pickComposer(target: Element, draft: SetupDraft, root: Document): PickResult {
  if (!target.isConnected) return { ok: false, hint: 'gone' };
  const editable = editableOf(target);
  if (!editable) return { ok: false, hint: 'not-a-composer' };
  // Rich editors nest editables; the outermost one holds the editor's state.
  let outer: HTMLElement = editable;
  for (let up = outer.parentElement ? editableOf(outer.parentElement) : null; up; up = up.parentElement ? editableOf(up.parentElement) : null) outer = up;
  const selector = uniqueSelector(outer, root);
  if (!selector) return { ok: false, hint: 'no-selector' };
  return { ok: true, draft: { ...draft, composer: mergeSelectors(selector, draft.composer) }, rows: rowsOf(draft, root).length };
}

export function pickSend(target: Element, draft: SetupDraft, root: Document): PickResult {
  if (!target.isConnected) return { ok: false, hint: 'gone' };
  const button = target.closest('button, [role="button"], input[type="submit"]');
  if (!button) return { ok: false, hint: 'not-a-button' };
  const selector = uniqueSelector(button, root);
  if (!selector) return { ok: false, hint: 'no-selector' };
  return { ok: true, draft: { ...draft, send: mergeSelectors(selector, draft.send) }, rows: rowsOf(draft, root).length };
}

/** Runs the step's pick; a page that changed under the click can only give a hint, never throw. */
export function pickFor(step: SetupStep, target: Element, draft: SetupDraft, root: Document): PickResult {
  try {
    if (step === 'row') {
      const picked = pickRow(target, root);
      // Re-picking the row keeps the other parts and the old row selectors as fallbacks.
      if (!picked.ok || !draft.row) return picked;
      return {
        ok: true,
        rows: picked.rows,
        draft: {
          ...draft,
          ...picked.draft,
          row: mergeSelectors(picked.draft.row?.[0] ?? '', draft.row),
          container: picked.draft.container ? mergeSelectors(picked.draft.container[0] ?? '', draft.container) : draft.container,
        },
      };
    }
    if (step === 'author') return pickAuthor(target, draft, root);
    if (step === 'text') return pickText(target, draft, root);
    if (step === 'composer') return pickComposer(target, draft, root);
    return pickSend(target, draft, root);
  } catch {
    return { ok: false, hint: 'gone' };
  }
}

/** Which step re-picks the part a health miss key names (`selectors.author` → author). */
export function stepForMiss(key: string): SetupStep | null {
  if (/^selectors\.(row|container|id|time)/.test(key) || key === 'messageContainer' || key === 'record') return 'row';
  if (/^selectors\.(author|authorName)/.test(key)) return 'author';
  if (key.startsWith('selectors.text')) return 'text';
  if (key.startsWith('selectors.composer')) return 'composer';
  if (key.startsWith('selectors.send')) return 'send';
  return null;
}
