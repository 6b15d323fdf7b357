import { useState } from 'preact/hooks';
import { useT } from '../lib/i18n';
import { addWords, type WordListChange } from '../lib/ui/word-list';

interface WordListEditorProps {
  label: string;
  words: readonly string[];
  onChange: (words: string[]) => void;
  testId?: string;
}

/**
 * A word list edited as a list: each word a chip with its own remove button; type a word
 * and press Enter, or paste many at once (one per line or comma separated). The count of
 * what was added and dropped (duplicates, empty entries) is shown after each paste.
 */
export function WordListEditor({ label, words, onChange, testId = 'gs-wordlist' }: WordListEditorProps) {
  const t = useT();
  const [draft, setDraft] = useState('');
  const [last, setLast] = useState<WordListChange | null>(null);
  const add = (text: string) => {
    const change = addWords(words, text);
    setLast(change);
    if (change.added > 0) onChange(change.words);
  };
  return (
    <fieldset class="word-list" data-testid={testId}>
      <legend>
        {label} <span class="muted">{t('wordCount', words.length)}</span>
      </legend>
      <ul class="chips">
        {words.map((word) => (
          <li key={word} class="chip word-chip" data-testid="gs-word-chip">
            <span class="chip-name">{word}</span>
            <button type="button" class="chip-remove" aria-label={t('removeWord', word)} onClick={() => onChange(words.filter((w) => w !== word))}>
              ×
            </button>
          </li>
        ))}
      </ul>
      <input
        class="word-input"
        data-testid="gs-word-input"
        value={draft}
        placeholder={t('wordInputHint')}
        aria-label={t('wordInputLabel', label)}
        onInput={(event) => setDraft((event.currentTarget as HTMLInputElement).value)}
        onKeyDown={(event) => {
          if (event.key !== 'Enter' || event.isComposing) return;
          event.preventDefault();
          add(draft);
          setDraft('');
        }}
        onPaste={(event) => {
          const text = event.clipboardData?.getData('text') ?? '';
          if (!/[\n\r,，、;；\t]/.test(text)) return;
          event.preventDefault();
          add(draft + text);
          setDraft('');
        }}
      />
      {last && (
        <p class="hint" role="status" data-testid="gs-word-added">
          {t('wordsAdded', last.added, last.duplicates, last.empty)}
        </p>
      )}
    </fieldset>
  );
}
