import { useState } from 'preact/hooks';
import type { PickedMember } from '../lib/state/sidebar-store';
import { useT } from '../lib/i18n';

interface PickedBarProps {
  picked: ReadonlyMap<string, PickedMember>;
  onTag: (name: string) => Promise<boolean>;
  onClear: () => void;
}

/** Members shift-clicked in the chat, tagged together. */
export function PickedBar({ picked, onTag, onClear }: PickedBarProps) {
  const t = useT();
  const [name, setName] = useState('');
  if (picked.size === 0) return null;
  return (
    <section class="bulk picked" data-testid="gs-picked-bar" aria-label={t('bulkTag')}>
      <p>
        {t('pickedCount', picked.size)}: {[...picked.values()].map((m) => m.name).join(', ')}
      </p>
      <input
        value={name}
        maxLength={40}
        placeholder={t('tagInputPlaceholder')}
        aria-label={t('bulkTag')}
        data-testid="gs-picked-tag-input"
        onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)}
        onKeyDown={async (e) => {
          if (e.key === 'Enter' && !e.isComposing && name.trim() && (await onTag(name.trim()))) setName('');
        }}
      />
      <button type="button" class="link" onClick={onClear}>
        {t('clearPicked')}
      </button>
    </section>
  );
}
