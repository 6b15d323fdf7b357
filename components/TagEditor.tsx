import { useState } from 'preact/hooks';
import type { Tag } from '../lib/model';
import { useT } from '../lib/i18n';

const MAX_OFFERED = 30;

interface TagEditorProps {
  tags: readonly Tag[];
  suggestions: readonly Tag[];
  onAdd: (name: string) => Promise<boolean>;
  onRemove: (tagId: string) => void;
}

export function TagEditor({ tags, suggestions, onAdd, onRemove }: TagEditorProps) {
  const t = useT();
  const [draft, setDraft] = useState('');
  const favourites = suggestions.filter((tag) => tag.favourite);
  // The type-ahead offers tags starting with what was typed; a datalist of every tag would
  // be rebuilt on each keystroke for nothing the browser shows.
  const prefix = draft.trim().toLowerCase();
  const offered = suggestions.filter((tag) => tag.name.toLowerCase().startsWith(prefix)).slice(0, MAX_OFFERED);
  const submit = async () => {
    const name = draft.trim();
    if (!name) return;
    if (await onAdd(name)) setDraft('');
  };
  return (
    <section class="tags" aria-label={t('sectionTags')}>
      <ul class="chips">
        {tags.map((tag) => (
          <li key={tag.id} class="chip" data-testid="gs-tag-chip" style={{ '--chip': tag.color }}>
            <span class="chip-name">{tag.name}</span>
            <button type="button" class="chip-remove" data-testid="gs-tag-remove" aria-label={t('removeTag', tag.name)} onClick={() => onRemove(tag.id)}>
              ×
            </button>
          </li>
        ))}
      </ul>
      {favourites.length > 0 && (
        <div class="favourites">
          {favourites.map((tag) => (
            <button key={tag.id} type="button" class="chip chip-add" style={{ '--chip': tag.color }} onClick={() => onAdd(tag.name)}>
              + {tag.name}
            </button>
          ))}
        </div>
      )}
      <input
        class="tag-input"
        data-testid="gs-tag-input"
        list="gs-tag-options"
        value={draft}
        maxLength={40}
        placeholder={t('tagInputPlaceholder')}
        aria-label={t('tagInputPlaceholder')}
        onInput={(event) => setDraft((event.currentTarget as HTMLInputElement).value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && !event.isComposing) {
            event.preventDefault();
            void submit();
          }
        }}
      />
      <datalist id="gs-tag-options">
        {offered.map((tag) => (
          <option key={tag.id} value={tag.name} />
        ))}
      </datalist>
    </section>
  );
}
