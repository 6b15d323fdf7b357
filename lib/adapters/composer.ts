import type { InsertResult } from './types';

/**
 * Puts text into a chat composer so that the client's own Enter or send button sends it.
 * Frameworks (Vue, React, Lit) keep their own copy of the value: setting `.value` alone is
 * invisible to them, so a textarea gets the prototype's native setter plus an `input`
 * event, and a contenteditable a synthetic paste the editor handles, else `execCommand`.
 */
/** Submits the composer's form the way its send button does (The Lounge, Converse.js, the demo). */
export function submitComposer(composer: HTMLElement | null): boolean {
  const form = composer?.closest('form');
  if (!form) return false;
  form.requestSubmit();
  return true;
}

const isEditable = (composer: HTMLElement) => composer.isContentEditable || composer.getAttribute('contenteditable') === 'true';

function afterFrame(doc: Document): Promise<void> {
  const frame = doc.defaultView?.requestAnimationFrame?.bind(doc.defaultView) ?? ((callback: () => void) => setTimeout(callback, 16));
  return new Promise((resolve) => frame(() => setTimeout(resolve, 0)));
}

/** Puts the caret at the end of the composer's last text (editors map carets in their text leaves, not on the root). */
function placeCaretAtEnd(composer: HTMLElement): void {
  const doc = composer.ownerDocument;
  const selection = doc.getSelection();
  if (!selection) return;
  const walker = doc.createTreeWalker(composer, NodeFilter.SHOW_TEXT);
  let last: Node | null = null;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) last = node;
  const range = doc.createRange();
  if (last) range.setStart(last, last.nodeValue?.length ?? 0);
  else {
    range.selectNodeContents(composer);
    range.collapse(false);
  }
  selection.removeAllRanges();
  selection.addRange(range);
}

/**
 * Inserts, then checks a frame later that a rich editor took the text. One that has no
 * caret of its own yet (Slate, in a composer never clicked) drops a paste; it gets a caret
 * at the end, a frame to learn of it from `selectionchange`, and the text once more. The
 * first try stays synchronous because editors such as Draft.js put back their own caret on
 * focus and would lose it to the browser's if we waited first.
 */
export async function insertConfirmed(composer: HTMLElement, insert: () => InsertResult): Promise<InsertResult> {
  const before = composer.textContent;
  const result = insert();
  if (!result.ok || !isEditable(composer)) return result;
  await afterFrame(composer.ownerDocument);
  if (composer.textContent !== before) return result;
  composer.focus();
  placeCaretAtEnd(composer);
  await afterFrame(composer.ownerDocument);
  return insert();
}

export function insertIntoComposer(composer: HTMLElement, text: string): InsertResult {
  composer.focus();
  if (composer instanceof HTMLTextAreaElement || composer instanceof HTMLInputElement) {
    const proto = composer instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
    const setter = Object.getOwnPropertyDescriptor(proto, 'value')?.set;
    const start = composer.selectionStart ?? composer.value.length;
    const end = composer.selectionEnd ?? composer.value.length;
    const next = composer.value.slice(0, start) + text + composer.value.slice(end);
    if (setter) setter.call(composer, next);
    else composer.value = next;
    composer.setSelectionRange?.(start + text.length, start + text.length);
    composer.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: text }));
    return { ok: true, method: 'native-setter' };
  }
  if (composer.isContentEditable || composer.getAttribute('contenteditable') === 'true') {
    // Rich editors (Lexical, Slate, ProseMirror/Tiptap, Quill, Draft.js) keep their own
    // model and revert or ignore DOM written behind their back. Each handles a paste itself
    // (and cancels it), inserting at its own selection and turning newlines into its own
    // line breaks, so nothing is sent early. The check is `defaultPrevented`, not the DOM:
    // editors such as Lexical update the DOM only after the event.
    // A composer never focused has no caret yet: put one at its end, and tell the editor
    // now (editors learn the caret from `selectionchange`, which the browser fires later;
    // Slate would otherwise drop the paste for want of a selection).
    const doc = composer.ownerDocument;
    const selection = doc.getSelection();
    if (selection && !(selection.anchorNode && composer.contains(selection.anchorNode))) {
      const range = doc.createRange();
      range.selectNodeContents(composer);
      range.collapse(false);
      selection.removeAllRanges();
      selection.addRange(range);
    }
    doc.dispatchEvent(new Event('selectionchange'));
    const data = new DataTransfer();
    data.setData('text/plain', text);
    const paste = new ClipboardEvent('paste', { bubbles: true, cancelable: true, clipboardData: data });
    composer.dispatchEvent(paste);
    if (paste.defaultPrevented) return { ok: true, method: 'paste' };
    // A plain contenteditable: the browser's own editing inserts at the caret (a synthetic
    // paste has no default action).
    if (typeof doc.execCommand === 'function' && doc.execCommand('insertText', false, text)) {
      return { ok: true, method: 'execCommand' };
    }
    const accepted = composer.dispatchEvent(
      new InputEvent('beforeinput', { bubbles: true, cancelable: true, inputType: 'insertText', data: text }),
    );
    if (!accepted) return { ok: true, method: 'beforeinput' };
    return { ok: false, missed: 'composer-refused' };
  }
  return { ok: false, missed: 'composer-kind' };
}
