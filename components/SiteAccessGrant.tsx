import { useState } from 'preact/hooks';
import { useT } from '../lib/i18n';

interface SiteAccessGrantProps {
  /** Match patterns the site profile reads (shown as they are: they are what the browser asks about). */
  origins: string[];
  /** Asks the browser; must be called straight from the click (the browser only grants inside it). */
  onAllow: () => Promise<boolean>;
}

/**
 * The one-button page a sidebar opens where it cannot ask for a site itself (Firefox): the
 * staff member just saved a chat set up by clicking, and this click lets the browser grant it.
 * The background closes the page and returns to the chat once the grant is seen.
 */
export function SiteAccessGrant({ origins, onAllow }: SiteAccessGrantProps) {
  const t = useT();
  const [state, setState] = useState<'asking' | 'granted' | 'denied'>('asking');
  return (
    <main class="grant" data-testid="gs-grant" data-state={state}>
      <h1>{t('grantTitle')}</h1>
      <p>{t('grantBody')}</p>
      <ul>
        {origins.map((origin) => (
          <li key={origin}>
            <code>{origin}</code>
          </li>
        ))}
      </ul>
      <button
        type="button"
        class="primary"
        data-testid="gs-grant-allow"
        disabled={state === 'granted'}
        onClick={() => void onAllow().then((granted) => setState(granted ? 'granted' : 'denied'))}
      >
        {t('grantAllow')}
      </button>
      {state !== 'asking' && (
        <p class={state === 'granted' ? 'ok' : 'error'} role="status" data-testid="gs-grant-status">
          {t(state === 'granted' ? 'grantGranted' : 'grantDenied')}
        </p>
      )}
    </main>
  );
}
