import { createProfileAdapter, readableText } from '../adapters/profile/adapter';
import type { SiteProfile, SiteProfileInput } from '../adapters/profile/schema';
import { isValidSelector } from '../adapters/profile/selector-check';
import type { SetupDraft } from './derive';

/** Why a generated profile is refused; the sidebar names each in a sentence. */
export type SetupProblem =
  | { key: 'invalid'; detail: string }
  | { key: 'no-rows' }
  | { key: 'none-read'; missed: string }
  | { key: 'mixed-authors'; rows: number }
  | { key: 'author-is-text'; rows: number }
  | { key: 'no-composer' };

export interface SetupReview {
  ok: boolean;
  problems: SetupProblem[];
  rows: number;
  parsed: number;
  authors: number;
  /** The last rows read, for the person to compare with the page beside it (page text: display only). */
  preview: Array<{ author: string; text: string }>;
  profile: SiteProfileInput | null;
}

const PREVIEW_ROWS = 5;

/** A profile id from the site's host and port: lowercase, digits, "-" (SiteIdSchema). */
export function profileIdFor(url: URL): string {
  const slug = `${url.hostname}${url.port ? `-${url.port}` : ''}`
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return (slug || 'chat').slice(0, 32).replace(/-+$/, '');
}

/**
 * The profile a draft stands for. It matches the page's origin only (with its port: two
 * local chats on one host are different sites), and keeps an existing profile's id and
 * name when the draft repairs one.
 */
export function profileFromDraft(draft: SetupDraft, url: URL, title: string, base?: Pick<SiteProfileInput, 'id' | 'name' | 'matches'>): SiteProfileInput {
  const selectors: Record<string, unknown> = {};
  for (const key of ['container', 'row', 'id', 'author', 'text', 'time', 'composer', 'send'] as const) {
    if (draft[key] !== undefined) selectors[key] = draft[key];
  }
  return {
    id: base?.id ?? profileIdFor(url),
    name: base?.name ?? (title.trim().slice(0, 80) || url.host),
    matches: base?.matches ?? [`${url.protocol}//${url.host}/*`],
    selectors: selectors as SiteProfileInput['selectors'],
  };
}

/** The draft a saved profile continues from when one part is re-picked. */
export function draftFromProfile(profile: SiteProfile): SetupDraft {
  const S = profile.selectors;
  return {
    container: S.container,
    row: S.row,
    id: S.id?.filter((source): source is { attribute: string } => !!source.attribute && !source.selector).map((s) => ({ attribute: s.attribute })),
    author: { selector: S.author.selector, keyAttribute: S.author.keyAttribute, inherit: S.author.inherit },
    text: S.text,
    time: S.time,
    composer: S.composer,
    send: S.send,
  };
}

function queryList(scope: ParentNode, selectors: readonly string[]): Element[] {
  for (const selector of selectors) {
    try {
      const found = Array.from(scope.querySelectorAll(selector));
      if (found.length) return found;
    } catch {
      // A selector the browser refuses finds nothing.
    }
  }
  return [];
}

/**
 * Reads the page with the draft's profile once and says whether it may be saved: it must
 * find rows, read them, keep one author per row (an author selector that also catches
 * quoted or mentioned names mixes people up) and keep the author apart from the text.
 */
export function reviewDraft(draft: SetupDraft, root: Document, url: URL, now: number, base?: Pick<SiteProfileInput, 'id' | 'name' | 'matches'>): SetupReview {
  const input = profileFromDraft(draft, url, root.title, base);
  const empty = { rows: 0, parsed: 0, authors: 0, preview: [] };
  // Checked by hand: this runs in the content script, which carries no zod (size budget).
  // The draft is built by our own picker; the background validates the profile in full
  // (parseSiteProfile) when the sidebar saves it.
  const invalid = invalidSelectors(input.selectors, 'selectors');
  if (invalid.length > 0) return { ok: false, problems: [{ key: 'invalid', detail: invalid.slice(0, 3).map((path) => `${path}: must be a valid CSS selector of at most ${MAX_SELECTOR_LENGTH} characters`).join('; ') }], ...empty, profile: input };
  const profile = input as SiteProfile;
  const adapter = createProfileAdapter(profile);
  const container = adapter.messageContainer(root);
  const rows = container ? queryList(container, [adapter.rowSelector]) : [];
  const problems: SetupProblem[] = [];
  if (rows.length === 0) problems.push({ key: 'no-rows' });
  const authors = new Set<string>();
  const preview: SetupReview['preview'] = [];
  const misses: Record<string, number> = {};
  let read = 0;
  let mixed = 0;
  let authorIsText = 0;
  for (const row of rows) {
    const names = new Set(queryList(row, profile.selectors.author.selector).map((el) => readableText(el).trim()).filter(Boolean));
    if (names.size > 1) mixed++;
    const textElement = queryList(row, profile.selectors.text)[0];
    const authorElement = queryList(row, profile.selectors.author.selector)[0];
    // A name inside the text is normal (mentions, "alice has joined"); text inside the name is not.
    if (textElement && authorElement && (textElement === authorElement || authorElement.contains(textElement))) authorIsText++;
    const result = adapter.parseRow(row, { now });
    if (!result.ok) {
      misses[result.missed] = (misses[result.missed] ?? 0) + 1;
      continue;
    }
    read++;
    authors.add(result.event.author.externalId);
    if (result.event.kind === 'message') preview.push({ author: result.event.author.name, text: result.event.text });
  }
  if (rows.length > 0 && read === 0) {
    const missed = Object.entries(misses).sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'record';
    problems.push({ key: 'none-read', missed });
  }
  if (mixed > 0) problems.push({ key: 'mixed-authors', rows: mixed });
  if (authorIsText > 0) problems.push({ key: 'author-is-text', rows: authorIsText });
  if (profile.selectors.composer && !adapter.composer(root)) problems.push({ key: 'no-composer' });
  return { ok: problems.length === 0, problems, rows: rows.length, parsed: read, authors: authors.size, preview: preview.slice(-PREVIEW_ROWS), profile: input };
}

/** SiteProfileSchema's limit on one selector. */
const MAX_SELECTOR_LENGTH = 500;

/** Paths of the selectors in `value` (strings under selector keys, at any depth) the browser refuses. */
function invalidSelectors(value: unknown, path: string): string[] {
  if (typeof value === 'string') return value.length <= MAX_SELECTOR_LENGTH && isValidSelector(value) ? [] : [path];
  if (Array.isArray(value)) return value.flatMap((item, i) => invalidSelectors(item, `${path}.${i}`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, item]) => (key === 'attribute' || key === 'format' || key === 'keyAttribute' ? [] : invalidSelectors(item, `${path}.${key}`)));
}
