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
  | 'no-selector';

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
  const usableValue = (value: string) => value && isStableValue(value) && !isShownValue(element, value);
  for (const attribute of Array.from(element.attributes)) {
    const name = attribute.name;
    const value = attribute.value;
    if (UNSTABLE_ATTRIBUTE.test(name)) continue;
    if (name.startsWith('data-')) {
      if (usableValue(value)) out.push({ selector: `[${name}="${escapeValue(value)}"]`, weight: 4, kind: !BOOLEAN_VALUE.test(value) });
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

/** Row selectors for `element`: its own features, then its tag under its parent's feature. */
function rowCandidates(element: Element): Candidate[] {
  const own = featureSelectors(element).filter((c) => c.weight >= 2);
  const parent = element.parentElement;
  if (parent && !SKIPPED_TAGS.has(parent.localName)) {
    for (const outer of featureSelectors(parent)) {
      if (outer.weight >= 2) own.push({ selector: `${outer.selector} > ${element.localName}`, weight: 1.5 });
    }
  }
  return own;
}

const isRowLike = (element: Element) => !INLINE_TAGS.has(element.localName) && !SKIPPED_TAGS.has(element.localName) && element.childElementCount > 0 && !editableOf(element) && !element.querySelector('textarea, input, [contenteditable="true"]');

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
  let best: RowChoice | null = null;
  let element: Element | null = target;
  for (let depth = 0; element && depth < 14 && !SKIPPED_TAGS.has(element.localName); depth++, element = element.parentElement) {
    if (!isRowLike(element)) continue;
    // This level's best selector: the strongest among those finding at least half as many
    // rows as the widest one (a structural selector also catches date separators).
    const found: RowChoice[] = [];
    for (const candidate of rowCandidates(element)) {
      const rows = safeAll(root, candidate.selector);
      if (rows.length < 2 || !rows.includes(element)) continue;
      if (rows.some((row, i) => rows.some((other, j) => i !== j && other.contains(row)))) continue;
      if (!rows.every(isRowLike)) continue;
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

/** The best selector, relative to the row, for `target` or one of its ancestors inside the row. */
function chooseInRow(target: Element, row: Element, rows: Element[], accept: (element: Element) => boolean, rowSelector: string): InRowChoice | null {
  let best: (InRowChoice & { weight: number }) | null = null;
  const path: string[] = [];
  for (let element: Element | null = target; element && element !== row; element = element.parentElement) {
    path.unshift(element.localName);
    if (!accept(element)) continue;
    const candidates = featureSelectors(element).filter((c) => c.weight >= 2);
    // A tag path from the row, when nothing about the element itself is stable.
    candidates.push({ selector: `${rowSelector} > ${path.join(' > ')}`, weight: 1 });
    for (const candidate of candidates) {
      if (safeOne(row, candidate.selector) !== element) continue;
      const rowsMatched = rows.filter((other) => safeOne(other, candidate.selector) !== null).length;
      // Ties keep the inner element: an outer one also holds buttons, times or reactions.
      const better = !best || rowsMatched > best.rowsMatched || (rowsMatched === best.rowsMatched && candidate.weight > best.weight);
      if (better) best = { selector: candidate.selector, element, rowsMatched, weight: candidate.weight };
    }
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

function rowsOf(draft: SetupDraft, root: ParentNode): Element[] {
  const container = draft.container?.map((s) => safeOne(root, s)).find(Boolean) ?? root;
  return (draft.row ?? []).flatMap((selector) => safeAll(container, selector));
}

/** Puts `fresh` first and keeps what worked before as fallbacks (self-repair learns). */
export function mergeSelectors(fresh: string, existing: readonly string[] | undefined): string[] {
  return [fresh, ...(existing ?? []).filter((s) => s !== fresh)].slice(0, MAX_FALLBACKS);
}

export function pickAuthor(target: Element, draft: SetupDraft, root: Document): PickResult {
  if (!target.isConnected) return { ok: false, hint: 'gone' };
  if (!draft.row) return { ok: false, hint: 'no-row-yet' };
  const row = rowOf(target, draft);
  if (!row) return { ok: false, hint: 'outside-row' };
  const rows = rowsOf(draft, root);
  // The name itself, not a header around it: an ancestor qualifies only while its text is
  // still just the name (a header also holding the time or the message would take those).
  const name = target.textContent?.trim() ?? '';
  const choice = chooseInRow(target, row, rows, (element) => name.length > 0 && element.textContent?.trim() === name, draft.row[0] ?? '*');
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

export function pickText(target: Element, draft: SetupDraft, root: Document): PickResult {
  if (!target.isConnected) return { ok: false, hint: 'gone' };
  if (!draft.row) return { ok: false, hint: 'no-row-yet' };
  const row = rowOf(target, draft);
  if (!row) return { ok: false, hint: 'outside-row' };
  const authorElement = draft.author?.selector.map((s) => (safeMatches(row, s) ? row : safeOne(row, s))).find(Boolean) ?? null;
  if (authorElement && (authorElement === target || authorElement.contains(target))) return { ok: false, hint: 'author-is-text' };
  const rows = rowsOf(draft, root);
  const choice = chooseInRow(target, row, rows, (element) => !(authorElement && (element.contains(authorElement) || element === authorElement)), draft.row[0] ?? '*');
  if (!choice) return { ok: false, hint: authorElement ? 'author-is-text' : 'no-selector' };
  return { ok: true, draft: { ...draft, text: mergeSelectors(choice.selector, draft.text) }, rows: rows.length };
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
