import type { Template } from '../model';
import { fillTemplate, formFields, initialFieldValues } from '../templates/fields';
import { renderTemplate, type TemplateValues } from '../templates/render';
import { indexTemplates, searchTemplates } from '../templates/search';
import { composerText, slashQueryBefore } from './slash-query';

export { slashQueryBefore } from './slash-query';

export interface SlashPickerDeps {
  document: Document;
  signal: AbortSignal;
  /** The chat's composer, looked up on every keystroke (chat apps replace it). */
  composer: () => HTMLElement | null;
  loadTemplates: () => Promise<Template[]>;
  /** Runs each time the picker opens, before it draws (the page refreshes its guess of who is being answered). */
  prepare?: () => Promise<void>;
  /** Whether an event came from the person (`event.isTrusted`); tests with synthetic events replace it. */
  isTrusted?: (event: Event) => boolean;
  /** A template went into the composer (for the usage figures). */
  onInserted?: (template: Template) => void;
  /** Values known right now: the selected member, the group, the staff name, the date. */
  values: () => TemplateValues;
  labels: SlashPickerLabels;
  maxItems?: number;
}

export interface SlashPickerLabels {
  missing: (names: string) => string;
  empty: string;
  /** A field's label in the inline form: known variables translated, custom fields as named. */
  field?: (name: string) => string;
  /** "Tab moves between fields; Enter inserts." */
  formHint?: string;
  /** "Answering: NAME", above the list, so the guess is seen before anything is inserted. */
  answering?: (name: string) => string;
}

interface OpenForm {
  template: Template;
  fields: string[];
  values: Record<string, string>;
  /** The values the list showed when this template was chosen (see `shownValues`). */
  known: TemplateValues;
  /** The caret in a rich-text composer, put back before inserting (the form took focus). */
  range: Range | null;
}

/** Replaces the "/keyword" before the caret with `text`, the way the client's editor expects. */
function replaceQuery(composer: HTMLElement, queryLength: number, text: string): void {
  composer.focus();
  if (composer instanceof HTMLTextAreaElement || composer instanceof HTMLInputElement) {
    const caret = composer.selectionStart ?? composer.value.length;
    const next = composer.value.slice(0, caret - queryLength) + text + composer.value.slice(caret);
    const proto = composer instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
    Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(composer, next);
    const at = caret - queryLength + text.length;
    composer.setSelectionRange(at, at);
    composer.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: text }));
    return;
  }
  const selection = composer.ownerDocument.getSelection();
  for (let i = 0; i < queryLength; i++) selection?.modify('extend', 'backward', 'character');
  composer.ownerDocument.execCommand('insertText', false, text);
}

/**
 * A template picker inside the chat's own composer: type "/" and a keyword, move with the
 * arrows, Enter inserts. It draws a small list above the composer and swallows only the keys
 * it handles while open, so the client's own Enter-to-send is untouched otherwise.
 *
 * The list lives in a closed shadow root (issue #11, finding 4): template names and bodies,
 * the member being answered and the staff name must not be readable by the page's scripts.
 * The page sees only the empty host element `gs-slash-picker` (that a picker is open). Screen
 * readers still reach it (roles and aria-selected inside); automation reaches it the way
 * DevTools does (tests/e2e/harness.ts `inClosedRoot`), and this module's callers through `view`.
 * What the page can still observe: keys typed into the inline form (its window listeners run
 * before ours), never what the form shows.
 */
export type SlashPicker = ReturnType<typeof attachSlashPicker>;

export function attachSlashPicker(deps: SlashPickerDeps) {
  const doc = deps.document;
  const trusted = deps.isTrusted ?? ((event: Event) => event.isTrusted);
  const maxItems = deps.maxItems ?? 8;
  let index: ReturnType<typeof indexTemplates> = [];
  let loading: Promise<void> | null = null;
  let items: Template[] = [];
  let active = 0;
  let queryLength = 0;
  /** The host in the page's DOM, its closed shadow root, and the list inside it. */
  let host: HTMLElement | null = null;
  let shadow: ShadowRoot | null = null;
  let box: HTMLElement | null = null;
  // The Enter that chose a template must not reach the client's keypress-to-send either.
  let swallowKeyPress = false;
  let form: OpenForm | null = null;
  /**
   * The values the open list was drawn with. Enter inserts what the preview showed: a new
   * message arriving meanwhile makes the page forget its guess of who is being answered, and
   * the template would then suddenly ask for the member instead of inserting.
   */
  let shownValues: TemplateValues | null = null;
  /**
   * Keys pressed on an open list while a newer query was still being looked up. They belong
   * to the list of the text typed before them, so they wait for it instead of acting on the
   * old one (typing "/faq" fast then ArrowDown, Enter chose from the "/fa" list, whose redraw
   * then reset the choice).
   */
  let pendingKeys: string[] = [];
  let inputSeq = 0;
  let drawnSeq = 0;
  const fieldLabel = deps.labels.field ?? ((name: string) => name);

  const close = () => {
    host?.remove();
    host = null;
    shadow = null;
    box = null;
    items = [];
    form = null;
    shownValues = null;
    pendingKeys = [];
  };

  const draw = (composer: HTMLElement) => {
    if (!box) {
      host = doc.createElement('gs-slash-picker');
      host.setAttribute('data-testid', 'gs-slash-picker');
      host.style.cssText = 'all:initial;';
      shadow = host.attachShadow({ mode: 'closed' });
      box = doc.createElement('div');
      box.setAttribute('data-testid', 'gs-slash-list');
      box.setAttribute('role', 'listbox');
      box.style.cssText =
        'all:initial;display:block;position:fixed;z-index:2147483647;background:#fff;border:1px solid #d0d7de;border-radius:6px;' +
        'box-shadow:0 4px 16px rgb(0 0 0/18%);font:13px/1.4 system-ui,sans-serif;color:#1f2933;max-width:420px;min-width:260px;padding:4px 0;';
      shadow.append(box);
      (doc.body ?? doc.documentElement).append(host);
    }
    const rect = composer.getBoundingClientRect();
    box.style.left = `${Math.max(4, rect.left)}px`;
    box.style.bottom = `${Math.max(4, doc.documentElement.clientHeight - rect.top + 4)}px`;
    if (form) return drawForm(form, form.known);
    const values = deps.values();
    shownValues = values;
    const rows: HTMLElement[] = [];
    if (values.member && deps.labels.answering) {
      const answering = doc.createElement('div');
      answering.setAttribute('data-testid', 'gs-slash-member');
      answering.style.cssText = 'display:block;padding:2px 10px 4px;color:#5f6b7a;font-size:13px;border-bottom:1px solid #e5e7eb;';
      answering.textContent = deps.labels.answering(values.member);
      rows.push(answering);
    }
    const options = items.map((template, i) => {
      const rendered = renderTemplate(template.body, values);
      const row = doc.createElement('div');
      row.setAttribute('role', 'option');
      row.setAttribute('data-testid', 'gs-slash-item');
      row.setAttribute('aria-selected', String(i === active));
      row.style.cssText = `display:block;padding:4px 10px;cursor:pointer;${i === active ? 'background:#dbeafe;' : ''}`;
      const name = doc.createElement('strong');
      name.textContent = template.name;
      const preview = doc.createElement('div');
      preview.style.cssText = 'color:#5f6b7a;font-size:13px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;max-width:400px;';
      preview.textContent = rendered.missing.length ? deps.labels.missing(rendered.missing.map((n) => `{${n}}`).join(' ')) : rendered.text;
      row.append(name, preview);
      row.addEventListener('mousedown', (event) => {
        if (!trusted(event)) return;
        event.preventDefault();
        active = i;
        choose();
      });
      return row;
    });
    rows.push(...options);
    if (options.length === 0) {
      const empty = doc.createElement('div');
      empty.style.cssText = 'display:block;padding:4px 10px;color:#5f6b7a;';
      empty.textContent = deps.labels.empty;
      rows.push(empty);
    }
    box.replaceChildren(...rows);
  };

  const inputStyle =
    'all:initial;display:block;box-sizing:border-box;width:100%;margin:2px 0 6px;padding:3px 6px;border:1px solid #d0d7de;' +
    'border-radius:4px;font:13px/1.4 system-ui,sans-serif;color:#1f2933;background:#fff;';

  /** The inline field form: the same fields as the sidebar's, Tab between them, Enter inserts. */
  const drawForm = (open: OpenForm, known: TemplateValues) => {
    if (!box) return;
    const focusedField = shadow?.activeElement instanceof HTMLInputElement ? shadow.activeElement.dataset.field : undefined;
    const wrap = doc.createElement('div');
    wrap.setAttribute('data-testid', 'gs-slash-form');
    wrap.style.cssText = 'display:block;padding:4px 10px;';
    const title = doc.createElement('strong');
    title.style.cssText = 'display:block;margin-bottom:4px;';
    title.textContent = open.template.name;
    wrap.append(title);
    const preview = doc.createElement('div');
    preview.setAttribute('data-testid', 'gs-slash-form-preview');
    preview.style.cssText = 'display:block;color:#1f2933;font-size:13px;white-space:pre-wrap;overflow-wrap:anywhere;background:#f5f6f8;padding:4px 6px;border-radius:4px;';
    const showPreview = () => {
      const filled = fillTemplate(open.template.body, known, open.values);
      preview.textContent = filled.missing.length ? deps.labels.missing(filled.missing.map((n) => `{${n}}`).join(' ')) : filled.text;
    };
    const inputs = open.fields.map((name) => {
      const label = doc.createElement('label');
      label.style.cssText = 'display:block;font-size:13px;color:#5f6b7a;';
      label.textContent = fieldLabel(name);
      const input = doc.createElement('input');
      input.setAttribute('data-testid', 'gs-slash-field');
      input.dataset.field = name;
      input.style.cssText = inputStyle;
      input.value = open.values[name] ?? '';
      input.addEventListener('input', () => {
        open.values[name] = input.value;
        showPreview();
      });
      label.append(input);
      wrap.append(label);
      return input;
    });
    showPreview();
    wrap.append(preview);
    if (deps.labels.formHint) {
      const hint = doc.createElement('div');
      hint.style.cssText = 'display:block;color:#5f6b7a;font-size:12px;margin-top:4px;';
      hint.textContent = deps.labels.formHint;
      wrap.append(hint);
    }
    box.replaceChildren(wrap);
    const focus = inputs.find((input) => input.dataset.field === focusedField) ?? inputs.find((input) => !input.value.trim()) ?? inputs[0];
    focus?.focus();
  };

  const insertNow = (composer: HTMLElement, template: Template, text: string, range: Range | null) => {
    if (range) {
      composer.focus();
      const selection = doc.getSelection();
      selection?.removeAllRanges();
      selection?.addRange(range);
    }
    replaceQuery(composer, queryLength, text);
    close();
    deps.onInserted?.(template);
  };

  const choose = () => {
    const composer = deps.composer();
    const template = items[active];
    if (!composer || !template) return close();
    const known = shownValues ?? deps.values();
    const rendered = renderTemplate(template.body, known);
    if (rendered.missing.length === 0) return insertNow(composer, template, rendered.text, null);
    // Values are missing: the inline form asks for them (the text is never half filled).
    const selection = doc.getSelection();
    const range = selection && selection.rangeCount > 0 && composer.contains(selection.anchorNode) ? selection.getRangeAt(0).cloneRange() : null;
    const fields = formFields(template.body, known);
    form = { template, fields, values: initialFieldValues(fields, known), known, range };
    draw(composer);
  };

  /** Enter in the form: insert when complete, otherwise go to the first empty field. */
  const submitForm = () => {
    const composer = deps.composer();
    if (!form || !composer || !box) return close();
    const filled = fillTemplate(form.template.body, form.known, form.values);
    if (filled.missing.length > 0) {
      box.querySelector<HTMLInputElement>(`input[data-field="${CSS.escape(filled.missing[0] ?? '')}"]`)?.focus();
      return;
    }
    insertNow(composer, form.template, filled.text, form.range);
  };

  /** An event from inside the picker: browsers show its target as the host (happy-dom as the node itself). */
  const fromPicker = (event: Event) => host !== null && (event.target === host || (event.target instanceof Node && host.shadowRoot === null && shadow?.contains(event.target) === true));

  /** A key in the inline form. Seen from the document its target is the host; the field is the root's focus. */
  const onFormKeyDown = (event: KeyboardEvent) => {
    const field = shadow?.activeElement;
    if (!box || !form || !fromPicker(event) || !(field instanceof HTMLInputElement)) return;
    // The page's own shortcuts must not act on keys typed into the form.
    event.stopPropagation();
    if (event.isComposing) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      const composer = deps.composer();
      const range = form.range;
      close();
      composer?.focus();
      if (range) {
        doc.getSelection()?.removeAllRanges();
        doc.getSelection()?.addRange(range);
      }
      return;
    }
    if (event.key === 'Enter') {
      event.preventDefault();
      swallowKeyPress = true;
      return submitForm();
    }
    if (event.key === 'Tab') {
      event.preventDefault();
      const inputs = [...box.querySelectorAll<HTMLInputElement>('input[data-testid="gs-slash-field"]')];
      const at = inputs.indexOf(field);
      const next = inputs[(at + (event.shiftKey ? -1 : 1) + inputs.length) % inputs.length];
      next?.focus();
    }
  };

  let shownQuery: string | null = null;
  const onInput = async (event: Event) => {
    // Only a person's typing: a page script dispatching input events must not open the
    // picker and so learn template names and bodies (issue #11, finding 4).
    if (!trusted(event)) return;
    const composer = deps.composer();
    if (!composer || !(event.target instanceof Node) || !composer.contains(event.target)) return;
    await update(composer);
  };

  /** Shows the list for the "/keyword" before the composer's caret, or closes it when there is none. */
  const update = async (composer: HTMLElement) => {
    if (!slashQueryBefore(composerText(composer).before)) return close();
    form = null;
    // Handlers overlap while templates load; only the latest typing draws, or a late older
    // one would reset the arrow-key choice made since (Enter then chose the first item).
    const seq = ++inputSeq;
    loading ??= deps.loadTemplates().then(
      (templates) => {
        index = indexTemplates(templates);
      },
      () => {
        index = [];
      },
    );
    await loading;
    if (!box && deps.prepare) await deps.prepare().catch(() => {});
    // Read the composer again: more keys may have been typed while the library loaded,
    // and the query (and how much text to replace) must be the one shown now.
    if (seq !== inputSeq) return;
    const found = slashQueryBefore(composerText(composer).before);
    if (!found) return close();
    queryLength = found.length;
    items = searchTemplates(index, found.query, maxItems);
    // The same query shown again keeps the item staff moved to.
    if (!box || found.query !== shownQuery) active = 0;
    shownQuery = found.query;
    draw(composer);
    drawnSeq = seq;
    const waiting = pendingKeys;
    pendingKeys = [];
    for (const key of waiting) if (box && !form) applyListKey(key);
  };

  /** A key on the open list (not its form): move, choose or close. */
  const applyListKey = (key: string) => {
    if (key === 'Escape') return close();
    if (key === 'Enter' || key === 'Tab') return choose();
    if (items.length === 0) return;
    active = (active + (key === 'ArrowDown' ? 1 : -1) + items.length) % items.length;
    const composer = deps.composer();
    if (composer) draw(composer);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (!trusted(event)) return;
    if (box && form) return onFormKeyDown(event);
    if (!box) {
      // A keydown the picker cancelled gets no keypress at all, so the flag from it must
      // not outlive it and swallow the next, real Enter.
      swallowKeyPress = false;
      return;
    }
    const composer = deps.composer();
    if (!composer || !(event.target instanceof Node) || !composer.contains(event.target)) return;
    const handled = ['ArrowDown', 'ArrowUp', 'Enter', 'Tab', 'Escape'];
    if (!handled.includes(event.key) || event.isComposing) return;
    // Capture phase on the document: the chat client never sees these keys while open.
    event.preventDefault();
    event.stopImmediatePropagation();
    if (event.key === 'Enter') swallowKeyPress = true;
    // Escape always acts at once: a lookup that never ends must not trap the staff member.
    if (drawnSeq !== inputSeq && event.key !== 'Escape') {
      pendingKeys.push(event.key);
      return;
    }
    applyListKey(event.key);
  };
  // Enter-to-send listens on keypress in some clients (The Lounge): swallow that too.
  const onKeyPress = (event: KeyboardEvent) => {
    if (!trusted(event)) return;
    if (box && form && fromPicker(event)) event.stopPropagation();
    if (event.key === 'Enter' && (box || swallowKeyPress)) {
      swallowKeyPress = false;
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  };

  doc.addEventListener('input', (e) => void onInput(e), { capture: true, signal: deps.signal });
  doc.addEventListener('keydown', onKeyDown, { capture: true, signal: deps.signal });
  doc.addEventListener('keypress', onKeyPress, { capture: true, signal: deps.signal });
  doc.addEventListener('focusout', () => setTimeout(() => {
    if (box && doc.activeElement !== deps.composer() && doc.activeElement !== host) close();
  }, 150), { capture: true, signal: deps.signal });
  deps.signal.addEventListener('abort', close, { once: true });

  return {
    close,
    /** Reads the composer now, as typing into it would (the first "/" came before this picker was loaded). */
    readComposer() {
      const composer = deps.composer();
      if (composer) void update(composer);
    },
    /** The library changed: read it again on the next "/". */
    invalidate() {
      loading = null;
    },
    get open() {
      return box !== null;
    },
    /** The picker's closed shadow root while it is open: for this extension's code and tests, never the page. */
    get view(): ShadowRoot | null {
      return shadow;
    },
  };
}
