import type { PickedMember } from '../lib/state/sidebar-store';
import { useT } from '../lib/i18n';
import { BulkTagInput } from './BulkTagInput';

interface PickedBarProps {
  picked: ReadonlyMap<string, PickedMember>;
  onTag: (name: string) => Promise<boolean>;
  onClear: () => void;
}

/** Members shift-clicked in the chat, tagged together. */
export function PickedBar({ picked, onTag, onClear }: PickedBarProps) {
  const t = useT();
  if (picked.size === 0) return null;
  return (
    <section class="bulk picked" data-testid="gs-picked-bar" aria-label={t('bulkTag')}>
      <p>
        {t('pickedCount', picked.size)}: {[...picked.values()].map((m) => m.name).join(', ')}
      </p>
      <BulkTagInput testId="gs-picked-tag-input" onTag={onTag} />
      <button type="button" class="link" onClick={onClear}>
        {t('clearPicked')}
      </button>
    </section>
  );
}
