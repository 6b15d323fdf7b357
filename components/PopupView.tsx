import { useState } from 'preact/hooks';
import type { RequestOutput } from '../lib/messaging/protocol';
import { useT } from '../lib/i18n';
import { HealthBanner } from './HealthBanner';

interface PopupViewProps {
  status: RequestOutput<'getTabStatus'>;
  onToggleSidebar: () => void;
  onOpenOptions: () => void;
  /** Offered on a web page nothing reads yet: injects the sidebar there and starts the picker; resolves with an error to show, or null. */
  onSetUpHere?: () => Promise<string | null>;
}

/** The dashboard page, filtered to a group when one is known. Relative: extension pages resolve it to the extension's origin. */
export const dashboardUrl = (groupId?: string | null) => (groupId ? `/dashboard.html?group=${encodeURIComponent(groupId)}` : '/dashboard.html');

export function PopupView({ status, onToggleSidebar, onOpenOptions, onSetUpHere }: PopupViewProps) {
  const t = useT();
  const [setupError, setSetupError] = useState<string | null>(null);
  return (
    <div class="popup" data-testid="gs-popup">
      <h1>{t('extName')}</h1>
      {status ? (
        <>
          <HealthBanner state={status.health.state} misses={status.health.misses} adapterLabel={status.adapterLabel} verified={status.verified} dropped={status.droppedOverBudget} />
          <dl class="facts">
            <dt>{t('popupAdapter')}</dt>
            <dd data-testid="gs-popup-adapter">{status.adapterId}</dd>
            <dt>{t('popupGroup')}</dt>
            <dd>{status.groupTitle ?? '—'}</dd>
            <dt>{t('popupMessagesRead')}</dt>
            <dd data-testid="gs-popup-read">{status.messagesRead}</dd>
            <dt>{t('popupSuggestionsWaiting')}</dt>
            <dd data-testid="gs-popup-suggestions">{status.suggestionsWaiting}</dd>
            <dt>{t('popupRowsParsed')}</dt>
            <dd>
              {status.health.rowsParsed}/{status.health.rowsSeen}
            </dd>
          </dl>
          <button type="button" onClick={onToggleSidebar}>
            {t('commandToggleSidebar')}
          </button>
        </>
      ) : (
        <>
          <p class="hint" data-testid="gs-popup-inactive">
            {t(onSetUpHere ? 'popupNotReadYet' : 'popupNotAChat')}
          </p>
          {onSetUpHere && (
            <button type="button" class="primary" data-testid="gs-popup-setup" onClick={() => void onSetUpHere().then(setSetupError)}>
              {t('setupStart')}
            </button>
          )}
          {setupError && (
            <p class="error" role="alert" data-testid="gs-popup-setup-error">
              {setupError}
            </p>
          )}
        </>
      )}
      <button type="button" class="link" onClick={onOpenOptions}>
        {t('openOptions')}
      </button>
      <a class="dash-link" data-testid="gs-open-dashboard" href={dashboardUrl(status?.groupId)} target="_blank" rel="noopener">
        {t('dashOpen')}
      </a>
    </div>
  );
}
