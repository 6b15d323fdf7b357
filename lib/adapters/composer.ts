import type { InsertResult } from './types';

/**
 * Puts text into a chat composer so that the client's own Enter or send button sends it.
 * Frameworks (Vue, React, Lit) keep their own copy of the value: setting `.value` alone is
 * invisible to them, so a textarea gets the prototype's native setter plus an `input`
 * event, and a contenteditable gets `beforeinput`/`execCommand`, then a synthetic paste.
 */
/** Submits the composer's form the way its send button does (The Lounge, Converse.js, the demo). */
export function submitComposer(composer: HTMLElement | null): boolean {
  const form = composer?.closest('form');
  if (!form) return false;
  form.requestSubmit();
  return true;
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
  if (composer.isContentEditable) {
    const before = composer.textContent ?? '';
    const accepted = composer.dispatchEvent(
      new InputEvent('beforeinput', { bubbles: true, cancelable: true, inputType: 'insertText', data: text }),
    );
    // An editor that handles beforeinput itself cancels it and inserts the text.
    if (!accepted && (composer.textContent ?? '') !== before) return { ok: true, method: 'beforeinput' };
    const doc = composer.ownerDocument;
    if (typeof doc.execCommand === 'function' && doc.execCommand('insertText', false, text)) {
      return { ok: true, method: 'execCommand' };
    }
    const data = new DataTransfer();
    data.setData('text/plain', text);
    composer.dispatchEvent(new ClipboardEvent('paste', { bubbles: true, cancelable: true, clipboardData: data }));
    return { ok: true, method: 'paste' };
  }
  return { ok: false, missed: 'composer-kind' };
}
