import type { RequestOutput } from '../lib/messaging/protocol';
import { useT } from '../lib/i18n';
import { HealthBanner } from './HealthBanner';

interface PopupViewProps {
  status: RequestOutput<'getTabStatus'>;
  onToggleSidebar: () => void;
  onOpenOptions: () => void;
}

export function PopupView({ status, onToggleSidebar, onOpenOptions }: PopupViewProps) {
  const t = useT();
  return (
    <div class="popup" data-testid="gs-popup">
      <h1>{t('extName')}</h1>
      {status ? (
        <>
          <HealthBanner state={status.health.state} misses={status.health.misses} adapterLabel={status.adapterLabel} verified={status.verified} />
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
    </div>
  );
}
