import type { RequestOutput } from '../lib/messaging/protocol';
import { useT } from '../lib/i18n';
import { HealthBanner } from './HealthBanner';

interface PopupViewProps {
  status: RequestOutput<'getTabStatus'>;
  onToggleSidebar: () => void;
  onOpenOptions: () => void;
}

/** The dashboard page, filtered to a group when one is known. Relative: extension pages resolve it to the extension's origin. */
export const dashboardUrl = (groupId?: string | null) => (groupId ? `/dashboard.html?group=${encodeURIComponent(groupId)}` : '/dashboard.html');

export function PopupView({ status, onToggleSidebar, onOpenOptions }: PopupViewProps) {
  const t = useT();
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
        <p class="hint" data-testid="gs-popup-inactive">
          {t('popupNotAChat')}
        </p>
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
