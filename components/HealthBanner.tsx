import { useT } from '../lib/i18n';
import type { DeliveryStatusMini } from '../lib/messaging/content-requests';
import { missedParts } from '../lib/reader/missed-part';

interface HealthBannerProps {
  state: string;
  misses: Record<string, number>;
  adapterLabel: string;
  verified: boolean;
  /** Messages read but not yet stored: shown when storing is held up (disk full, worker restarting) or a batch was refused. */
  delivery?: DeliveryStatusMini;
  /** Events the background dropped for this tab over its ingest budget (the popup asks the background). */
  dropped?: number;
}

/** Says plainly when the page is not being read, naming the part that failed. */
export function HealthBanner({ state, misses, adapterLabel, verified, delivery, dropped }: HealthBannerProps) {
  const t = useT();
  const overBudget = Math.max(delivery?.dropped ?? 0, dropped ?? 0);
  // Staff read the part of the chat that was not found; the reader's own keys stay in an
  // attribute for whoever debugs the site profile.
  const failing = missedParts(misses)
    .map((part) => t(`healthPart_${part}`))
    .join(t('listSeparator'));
  const missKeys = Object.keys(misses).sort().join(' ');
  return (
    <div
      class={`health health-${state}`}
      data-testid="gs-health"
      data-state={state}
      data-missing={missKeys || undefined}
      role={state === 'broken' || state === 'degraded' ? 'alert' : 'status'}
    >
      <span>
        {adapterLabel}
        {!verified && (
          <span class="badge" data-testid="gs-health-profile" title={t('unverifiedTitle')}>
            {t('unverified')}
          </span>
        )}
      </span>
      {state === 'broken' && <strong>{t('healthBroken', failing || t('healthPart_other'))}</strong>}
      {state === 'degraded' && <strong>{t('healthDegraded', failing || t('healthPart_other'))}</strong>}
      {state === 'no-chat' && <span>{t('healthNoChat')}</span>}
      {delivery?.state === 'quota' && (
        <strong data-testid="gs-health-quota" role="alert">
          {t('healthQuota', delivery.queuedEvents)}
        </strong>
      )}
      {delivery?.state === 'retrying' && delivery.queuedEvents > 0 && <span>{t('healthRetrying', delivery.queuedEvents)}</span>}
      {overBudget > 0 && (
        <strong data-testid="gs-health-dropped" data-count={overBudget} role="alert">
          {t('healthOverBudget', overBudget)}
        </strong>
      )}
      {delivery && Object.keys(delivery.refused).length > 0 && <span data-testid="gs-health-refused">{t('healthRefused', Object.keys(delivery.refused).join(', '))}</span>}
    </div>
  );
}
