import type { AuthorRole, ChatEvent, MessageKind } from '../../model';
import { toChatEvent, toGroupRef } from '../../model/chat-event-check';
import { type CompiledMatchPattern, compileMatchPattern } from './match-pattern';
import { insertIntoComposer, submitComposer } from '../composer';
import type { AuthorRef, ChatAdapter, GroupRef, RowParse } from '../types';
import type { GroupIdSource, SiteProfile, ValueSource } from './schema';

export const PROFILE_ADAPTER_PREFIX = 'profile-';

/** The adapter (and storage) id of a profile: `profile-<slug>`, within SiteIdSchema's 40 characters. */
export const profileAdapterId = (profile: Pick<SiteProfile, 'id'>) => `${PROFILE_ADAPTER_PREFIX}${profile.id}`;

export interface ProfileAdapterOptions {
  /** Called with the selector key (e.g. 'selectors.author') when a fallback after the first matched. */
  onFallback?: (key: string) => void;
}

const MAX_ID = 512;
const MAX_NAME = 200;
/** A bare clock time this far in the future is read as yesterday's. */
const CLOCK_FUTURE_SLACK_MS = 5 * 60_000;

type Found = Element | null;

function documentOf(root: ParentNode): Document | null {
  const node = root as Node;
  return node.nodeType === 9 ? (node as Document) : (node.ownerDocument ?? null);
}

function urlOf(root: ParentNode): URL | null {
  const doc = documentOf(root);
  if (!doc) return null;
  try {
    return new URL(doc.URL);
  } catch {
    return null;
  }
}

// Selectors were validated when the profile was parsed; these catch anyway so that a
// profile stored by an older version (or a browser stricter than the editor's) can only
// miss, never throw into the page.
function query(scope: ParentNode, selector: string): Found {
  try {
    return scope.querySelector(selector);
  } catch {
    return null;
  }
}

function matches(element: Element, selector: string): boolean {
  try {
    return element.matches(selector);
  } catch {
    return false;
  }
}

function closest(element: Element, selector: string): Found {
  try {
    return element.closest(selector);
  } catch {
    return null;
  }
}

/**
 * An element's text as the page shows it (never its HTML). Emoji drawn as images keep
 * their `alt` ("😀"), as copying the text in the browser would.
 */
export function readableText(element: Element): string {
  if (!element.querySelector('img[alt]')) return element.textContent ?? '';
  return walkText(element, null, false);
}

/** Elements that start a line of their own: their text must not run into the previous line's. */
const LINE_ELEMENTS = new Set(['p', 'div', 'li', 'blockquote', 'pre', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'tr']);
const LINE_SELECTOR = 'br, p, div, li, blockquote, pre, h1, h2, h3, h4, h5, h6, tr';

/**
 * A message body as a person reads it: lines kept apart ("加我" / "vx123" must not run into
 * "加我vx123", and two sentences not into one word) and the time left out where the chat
 * draws it inside the bubble (Telegram-style "Hello 12:34"), so neither the rules nor the
 * history see a clock as part of what the customer wrote. Reads no layout (no innerText):
 * lines come from the markup alone.
 */
export function messageText(element: Element, time: Element | null): string {
  const skip = time && time !== element && element.contains(time) ? time : null;
  if (!skip && !element.querySelector(LINE_SELECTOR)) return readableText(element);
  return walkText(element, skip, true)
    .replace(/[ \t]*\n[ \t\n]*/g, '\n')
    .replace(/^\n|\n$/g, '');
}

/** The text under `element` with emoji images by their `alt`, leaving out `skip`; with `lines`, a newline per line break or block. */
function walkText(element: Element, skip: Element | null, lines: boolean): string {
  let text = '';
  const newline = () => {
    if (text && !text.endsWith('\n')) text += '\n';
  };
  const walk = (node: Node) => {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 3) text += child.nodeValue ?? '';
      else if (child.nodeType === 1 && child !== skip) {
        const el = child as Element;
        if (el.localName === 'img') text += el.getAttribute('alt') ?? '';
        else if (lines && el.localName === 'br') text += '\n';
        else if (lines && LINE_ELEMENTS.has(el.localName)) {
          newline();
          walk(el);
          newline();
        } else walk(el);
      }
    }
  };
  walk(element);
  return text;
}
const textOf = readableText;

/**
 * Where a row without an author of its own takes one from (`author.inherit`): the nearest
 * thing before it that can name one. Either an earlier row (many chats print the name only
 * on the first of a run of messages), or, outside the rows, a header holding an author
 * element (chats that print one name above a group of messages). Looks through wrappers
 * (virtualised lists wrap rows), at most four levels up, and never past the message
 * container, where the page's own header may show a name of its own.
 */
export function previousAuthorSource(row: Element, rowSelector: string, authorSelectors: readonly string[], container: Element | null): { row: Element } | { author: Element } | null {
  let node: Element | null = row;
  for (let depth = 0; node && node !== container && depth < 4; depth++) {
    for (let sibling = node.previousElementSibling; sibling; sibling = sibling.previousElementSibling) {
      if (matches(sibling, rowSelector)) return { row: sibling };
      let inner: NodeListOf<Element>;
      try {
        inner = sibling.querySelectorAll(rowSelector);
      } catch {
        return null;
      }
      const last = inner[inner.length - 1];
      if (last) return { row: last };
      const author = lastAuthorIn(sibling, authorSelectors);
      if (author) return { author };
    }
    node = node.parentElement;
  }
  return null;
}

/** The last element in `scope` (or `scope` itself) that an author selector finds. */
function lastAuthorIn(scope: Element, authorSelectors: readonly string[]): Element | null {
  for (const selector of authorSelectors) {
    if (matches(scope, selector)) return scope;
    let found: NodeListOf<Element>;
    try {
      found = scope.querySelectorAll(selector);
    } catch {
      continue;
    }
    const last = found[found.length - 1];
    if (last) return last;
  }
  return null;
}

/** How many earlier rows a row without an author looks back through (`author.inherit`). */
export const INHERIT_LOOKBACK = 50;

/** 53-bit string hash (cyrb53): stable across sessions and browsers, no crypto API needed. */
export function stableHash(input: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < input.length; i++) {
    const code = input.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/**
 * Reads a time as sites show it: epoch seconds or milliseconds, anything `Date.parse`
 * understands (ISO 8601 in `datetime`, most `title` tooltips), or a bare clock "14:05",
 * "2:05 PM" taken as the latest such time not after `now` (plus a little slack).
 */
export function parseTimeValue(value: string, now: number): number | null {
  const text = value.trim();
  if (!text) return null;
  if (/^\d{9,13}$/.test(text)) {
    const n = Number(text);
    return text.length >= 12 ? n : n * 1000;
  }
  const clock = /^(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]\.?m\.?)?$/i.exec(text);
  if (clock) {
    let hours = Number(clock[1]);
    const minutes = Number(clock[2]);
    const seconds = Number(clock[3] ?? 0);
    const meridiem = clock[4]?.toLowerCase().replace(/\./g, '');
    if (meridiem === 'pm' && hours < 12) hours += 12;
    if (meridiem === 'am' && hours === 12) hours = 0;
    if (hours > 23 || minutes > 59 || seconds > 59) return null;
    const date = new Date(now);
    date.setHours(hours, minutes, seconds, 0);
    let ts = date.getTime();
    if (ts > now + CLOCK_FUTURE_SLACK_MS) ts -= 86_400_000;
    return ts;
  }
  const parsed = Date.parse(text.replace(/\s+at\s+/i, ' '));
  return Number.isFinite(parsed) ? parsed : null;
}

/** Profiles are validated on save; one that still holds a bad pattern matches nothing by it. */
function compiledOrNull(pattern: string): CompiledMatchPattern | null {
  try {
    return compileMatchPattern(pattern);
  } catch {
    return null;
  }
}

/** Whether `url` is one of the profile's match patterns (a pattern without a port matches any port). */
export function profileMatchesUrl(profile: Pick<SiteProfile, 'matches'>, url: URL): boolean {
  return profile.matches.some((pattern) => compiledOrNull(pattern)?.matches(url) ?? false);
}

type AuthorRead = { ok: true; author: AuthorRef; element: Element } | { ok: false; missed: string };

/**
 * A ChatAdapter driven by a user's site profile. Miss keys are the profile's own field
 * names ('selectors.author', 'selectors.time.format', …) so the health banner and the
 * editor's test report point at the line to fix.
 */
export function createProfileAdapter(profile: SiteProfile, options: ProfileAdapterOptions = {}): ChatAdapter {
  const S = profile.selectors;
  const rowSelector = S.row.join(', ');
  const authorSelector = [...S.author.selector, ...(S.authorName ?? [])].join(', ');
  const urlMatchers = profile.matches.flatMap((pattern) => compiledOrNull(pattern) ?? []);

  /** The first element matched by the selector list, trying fallbacks in order. */
  const first = (scope: ParentNode, selectors: readonly string[], key: string): Found => {
    for (let i = 0; i < selectors.length; i++) {
      const found = query(scope, selectors[i] ?? '');
      if (found) {
        if (i > 0) options.onFallback?.(key);
        return found;
      }
    }
    return null;
  };

  /** The row itself when it matches, else the first element inside it. */
  const selfOrInside = (row: Element, selectors: readonly string[], key: string): Found => {
    for (let i = 0; i < selectors.length; i++) {
      const selector = selectors[i] ?? '';
      const found = matches(row, selector) ? row : query(row, selector);
      if (found) {
        if (i > 0) options.onFallback?.(key);
        return found;
      }
    }
    return null;
  };

  const readValue = (scope: Element, source: ValueSource, key: string): string | null => {
    const element = source.selector ? first(scope, source.selector, key) : scope;
    if (!element) return null;
    const raw = source.attribute ? element.getAttribute(source.attribute) : textOf(element);
    const value = raw?.trim();
    return value ? value : null;
  };

  const authorFrom = (row: Element | null, authorElement: Element): AuthorRead => {
    let key: string | null = null;
    if (S.author.keyAttribute) {
      for (const attribute of S.author.keyAttribute) {
        key = authorElement.getAttribute(attribute)?.trim() || null;
        if (key) break;
      }
      if (!key) return { ok: false, missed: 'selectors.author.keyAttribute' };
    }
    const nameElement = row && S.authorName ? first(row, S.authorName, 'selectors.authorName') : null;
    const name = textOf(nameElement ?? authorElement).trim().replace(/\s+/g, ' ');
    key ??= name;
    if (!key) return { ok: false, missed: 'selectors.author' };
    return {
      ok: true,
      element: authorElement,
      author: { externalId: key.slice(0, MAX_ID), name: (name || key).slice(0, MAX_NAME) },
    };
  };

  const ownAuthor = (row: Element): AuthorRead => {
    const element = selfOrInside(row, S.author.selector, 'selectors.author');
    return element ? authorFrom(row, element) : { ok: false, missed: 'selectors.author' };
  };

  const containerSelector = S.container?.join(', ') ?? null;
  const readAuthor = (row: Element): AuthorRead => {
    const own = ownAuthor(row);
    if (own.ok || !S.author.inherit) return own;
    const container = containerSelector ? closest(row, containerSelector) : null;
    let from = row;
    for (let i = 0; i < INHERIT_LOOKBACK; i++) {
      const source = previousAuthorSource(from, rowSelector, S.author.selector, container);
      if (!source) break;
      if ('author' in source) return authorFrom(null, source.author);
      const found = ownAuthor(source.row);
      if (found.ok) return found;
      from = source.row;
    }
    return own;
  };

  const readKind = (row: Element): MessageKind => {
    for (const event of S.system ?? []) {
      if (selfOrInside(row, event.selector, 'selectors.system')) return event.kind;
    }
    return 'message';
  };

  /** The message's time and the element it was read from; the missed key when it cannot be read. */
  const readTime = (row: Element, now: number): { ts: number; element: Element | null } | string => {
    if (!S.time) return { ts: now, element: null };
    const element = selfOrInside(row, S.time.selector, 'selectors.time');
    if (!element) return 'selectors.time';
    let raw: string | null = null;
    if (S.time.attribute) {
      for (const attribute of S.time.attribute) {
        raw = element.getAttribute(attribute);
        if (raw?.trim()) break;
      }
      if (!raw?.trim()) return 'selectors.time.attribute';
    } else raw = textOf(element);
    const ts = parseTimeValue(raw, now);
    return ts === null || ts < 0 ? 'selectors.time.format' : { ts: Math.round(ts), element };
  };

  const parseRowUnsafe = (row: Element, now: number): RowParse => {
    // A row's fields are searched inside it: a container passed by mistake would "parse".
    if (!matches(row, rowSelector)) return { ok: false, missed: 'selectors.row' };
    let id: string | null = null;
    if (S.id) {
      for (let i = 0; i < S.id.length && !id; i++) {
        id = readValue(row, S.id[i] as ValueSource, 'selectors.id');
        if (id && i > 0) options.onFallback?.('selectors.id');
      }
      if (!id) return { ok: false, missed: 'selectors.id' };
    }
    const kind = readKind(row);
    const author = readAuthor(row);
    if (!author.ok) return author;
    const time = readTime(row, now);
    if (typeof time === 'string') return { ok: false, missed: time };
    const ts = time.ts;
    let text = '';
    // What the id hash has always been built from: the body's plain text. Kept as it was so a
    // row read again after an update (lines and in-bubble times now read apart) hashes the
    // same and is not stored twice.
    let hashedText = '';
    if (kind === 'message') {
      const textElement = first(row, S.text, 'selectors.text');
      if (!textElement) return { ok: false, missed: 'selectors.text' };
      text = messageText(textElement, time.element).trim();
      hashedText = id ? text : textOf(textElement).trim();
      // Chats render the body after the row (Converse.js fills it a moment later): an empty
      // message is not read yet, and the reader tries the row again when its text arrives.
      if (!text) return { ok: false, missed: 'selectors.text' };
    }
    let role: AuthorRole = 'unknown';
    if (S.staff) role = selfOrInside(row, S.staff, 'selectors.staff') ? 'staff' : 'customer';
    const candidate: ChatEvent = {
      // No id on the page: a hash of what identifies the message (see schema.ts for the costs).
      // Without a time on the page the reader's clock is no part of the message: leave it out.
      externalId: (id ?? `h-${stableHash(`${author.author.externalId}\u0000${kind}\u0000${S.time ? ts : ''}\u0000${hashedText}`)}`).slice(0, MAX_ID),
      kind,
      author: author.author,
      role,
      text,
      ts,
    };
    const event = toChatEvent(candidate);
    return event ? { ok: true, event } : { ok: false, missed: 'record' };
  };

  const readGroupId = (root: ParentNode, source: GroupIdSource): string | null => {
    if ('selector' in source) {
      const element = first(root, source.selector, 'selectors.group.id');
      if (!element) return null;
      const value = (source.attribute ? element.getAttribute(source.attribute) : textOf(element))?.trim();
      return value || null;
    }
    const url = urlOf(root);
    if (!url) return null;
    if ('urlPath' in source) {
      const segments = url.pathname.split('/').filter(Boolean);
      const segment = source.urlPath < 0 ? segments[segments.length + source.urlPath] : segments[source.urlPath];
      return segment ? decodeURIComponent(segment) : null;
    }
    if ('urlQuery' in source) return url.searchParams.get(source.urlQuery) || null;
    return url.hash.slice(1) || null;
  };

  const adapter: ChatAdapter = {
    id: profileAdapterId(profile),
    label: profile.name,
    verified: false,
    rowSelector,
    matches(url) {
      return urlMatchers.some((matcher) => matcher.matches(url));
    },
    currentGroup(root) {
      try {
        const doc = documentOf(root);
        if (!S.group) {
          const url = urlOf(root);
          return url ? toGroupRef(url.pathname.slice(0, MAX_ID) || '/', doc?.title.trim() ?? '') : null;
        }
        let id: string | null = null;
        for (const source of S.group.id) {
          id = readGroupId(root, source);
          if (id) break;
        }
        if (!id) return null;
        const titleElement = S.group.title ? first(root, S.group.title, 'selectors.group.title') : null;
        const title = titleElement ? textOf(titleElement) : S.group.title ? '' : (doc?.title ?? '');
        return toGroupRef(id.slice(0, MAX_ID), title.trim().replace(/\s+/g, ' ')) satisfies GroupRef;
      } catch {
        return null;
      }
    },
    messageContainer(root) {
      if (S.container) return first(root, S.container, 'selectors.container');
      const doc = documentOf(root);
      if ((root as Node).nodeType === 9) return doc?.body ?? doc?.documentElement ?? null;
      return (root as Node).nodeType === 1 ? (root as Element) : (root.firstElementChild ?? null);
    },
    parseRow(row, context) {
      try {
        return parseRowUnsafe(row, context.now);
      } catch {
        // Unreachable with a validated profile; a row must never break the reader.
        return { ok: false, missed: 'profile' };
      }
    },
    authorAt(target) {
      const hit = closest(target, authorSelector);
      if (!hit) return null;
      const row = closest(hit, rowSelector);
      const read = row ? readAuthor(row) : authorFrom(null, hit);
      return read.ok ? read.author : null;
    },
    authorElements(root) {
      const found: Array<{ element: Element; author: AuthorRef }> = [];
      let rows: Iterable<Element> = [];
      try {
        rows = root.querySelectorAll(rowSelector);
      } catch {
        return found;
      }
      for (const row of rows) {
        const read = readAuthor(row);
        if (read.ok) found.push({ element: read.element, author: read.author });
      }
      return found;
    },
    composer(root) {
      return S.composer ? (first(root, S.composer, 'selectors.composer') as HTMLElement | null) : null;
    },
    insertText(root, text) {
      const composer = adapter.composer(root);
      return composer ? insertIntoComposer(composer, text) : { ok: false, missed: 'selectors.composer' };
    },
  };
  if (S.send) {
    const sendSelectors = S.send;
    adapter.send = (root) => {
      const button = first(root, sendSelectors, 'selectors.send') as HTMLElement | null;
      if (!button) return submitComposer(adapter.composer(root));
      button.click();
      return true;
    };
  }
  return adapter;
}
