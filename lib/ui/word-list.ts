/** What pasting or typing many words did: the list after, and what was dropped. */
export interface WordListChange {
  words: string[];
  added: number;
  duplicates: number;
  empty: number;
}

/**
 * Adds pasted or typed text to a word list: split on new lines, commas (, ，), the Chinese
 * list comma (、) and semicolons; each entry trimmed; empty entries and words already in the
 * list (or twice in the paste) dropped. Case and width are kept: the engine folds them itself.
 */
export function addWords(current: readonly string[], text: string): WordListChange {
  const words = [...current];
  const have = new Set(current);
  let added = 0;
  let duplicates = 0;
  let empty = 0;
  for (const raw of text.split(/\r?\n|[,，、;；\t]/)) {
    const word = raw.trim();
    if (!word) {
      empty++;
      continue;
    }
    if (have.has(word)) {
      duplicates++;
      continue;
    }
    have.add(word);
    words.push(word);
    added++;
  }
  return { words, added, duplicates, empty };
}
