import { useState } from 'preact/hooks';
import { useT } from '../lib/i18n';

/** Delete with a second, explicit click: the first only asks. */
export function ConfirmDelete({ name, onConfirm }: { name: string; onConfirm: () => void }) {
  const t = useT();
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" class="link" data-testid="gs-delete" onClick={() => setAsking(true)}>
        {t('delete')}
      </button>
    );
  }
  return (
    <span class="confirm">
      <span>{t('confirmDelete', name)}</span>
      <button
        type="button"
        class="danger"
        data-testid="gs-delete-confirm"
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {t('confirmYes')}
      </button>
      <button type="button" class="secondary" data-testid="gs-delete-cancel" onClick={() => setAsking(false)}>
        {t('confirmNo')}
      </button>
    </span>
  );
}

/** "Deleted X. Undo": the record comes back as it was. */
export function UndoNotice({ name, onUndo }: { name: string; onUndo: () => void }) {
  const t = useT();
  return (
    <p class="undo" role="status" data-testid="gs-undo">
      {t('deletedUndo', name)}{' '}
      <button type="button" class="secondary" data-testid="gs-undo-button" onClick={onUndo}>
        {t('undo')}
      </button>
    </p>
  );
}
