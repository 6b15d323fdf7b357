/** Selector syntax checks without zod (the content script's setup review uses them). */

/**
 * Whether the browser (or happy-dom) accepts `selector`. Without a DOM (a Node script
 * checking an import file) it falls back to a syntax check that catches the usual typos.
 */
export function isValidSelector(selector: string): boolean {
  if (!selector.trim()) return false;
  if (typeof document !== 'undefined' && typeof document.createDocumentFragment === 'function') {
    try {
      document.createDocumentFragment().querySelector(selector);
      return true;
    } catch {
      return false;
    }
  }
  return roughSelectorSyntaxOk(selector);
}

function roughSelectorSyntaxOk(selector: string): boolean {
  const closers: Record<string, string> = { '[': ']', '(': ')' };
  const stack: string[] = [];
  let quote = '';
  for (const char of selector) {
    if (quote) {
      if (char === quote) quote = '';
      continue;
    }
    if (char === '"' || char === "'") quote = char;
    else if (char === '[' || char === '(') stack.push(closers[char] ?? '');
    else if (char === ']' || char === ')') {
      if (stack.pop() !== char) return false;
    }
  }
  if (quote || stack.length) return false;
  const trimmed = selector.trim();
  // A selector cannot end in a combinator or start with one other than a scoped `>`.
  if (/[>+~,]$/.test(trimmed) || /^[+~,]/.test(trimmed) || /,\s*,/.test(trimmed)) return false;
  return !/(^|[\s>+~,])[#.](?=$|[\s>+~,])/.test(trimmed);
}

