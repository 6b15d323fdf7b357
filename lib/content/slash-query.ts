/** "/keyword" right before the caret, at the start or after a space. */
const SLASH_QUERY = /(?:^|\s)\/([^\s/]{0,30})$/u;

export function slashQueryBefore(text: string): { query: string; length: number } | null {
  const match = SLASH_QUERY.exec(text);
  if (!match) return null;
  const query = match[1] ?? '';
  return { query, length: query.length + 1 };
}

/** The composer's text before and after the caret (a rich editor's whole text counts as before). */
export function composerText(composer: HTMLElement): { before: string; after: string } {
  if (composer instanceof HTMLTextAreaElement || composer instanceof HTMLInputElement) {
    const caret = composer.selectionStart ?? composer.value.length;
    return { before: composer.value.slice(0, caret), after: composer.value.slice(caret) };
  }
  return { before: composer.textContent ?? '', after: '' };
}
