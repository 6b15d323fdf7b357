import { useState } from 'preact/hooks';
import { useT } from '../lib/i18n';

type Section = 'templates' | 'rules' | 'settings';

/** "Restore defaults" for one section, after saying what it does and what stays. */
export function RestoreDefaults({ section, onRestore }: { section: Section; onRestore: () => Promise<string | null> }) {
  const t = useT();
  const [asking, setAsking] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  return (
    <div class="restore-defaults" data-section={section}>
      {asking ? (
        <span class="confirm">
          <span>{t(`restoreDefaultsConfirm_${section}`)}</span>
          <button
            type="button"
            data-testid="gs-restore-defaults-confirm"
            onClick={async () => {
              setAsking(false);
              const error = await onRestore();
              setMessage(error ? { ok: false, text: error } : null);
            }}
          >
            {t('restoreDefaults')}
          </button>
          <button type="button" class="secondary" onClick={() => setAsking(false)}>
            {t('cancel')}
          </button>
        </span>
      ) : (
        <button type="button" class="secondary" data-testid="gs-restore-defaults" data-section={section} onClick={() => setAsking(true)}>
          {t('restoreDefaults')}
        </button>
      )}
      {message && (
        <p role="alert" class="error">
          {message.text}
        </p>
      )}
    </div>
  );
}
