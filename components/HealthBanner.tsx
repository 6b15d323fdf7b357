import { useT } from '../lib/i18n';

interface HealthBannerProps {
  state: string;
  misses: Record<string, number>;
  adapterLabel: string;
  verified: boolean;
}

/** Says plainly when the page is not being read, naming the part that failed. */
export function HealthBanner({ state, misses, adapterLabel, verified }: HealthBannerProps) {
  const t = useT();
  const failing = Object.entries(misses)
    .sort((a, b) => b[1] - a[1])
    .map(([key]) => key);
  return (
    <div class={`health health-${state}`} data-testid="gs-health" data-state={state} role={state === 'broken' || state === 'degraded' ? 'alert' : 'status'}>
      <span>
        {adapterLabel}
        {!verified && <span class="badge">{t('unverified')}</span>}
      </span>
      {state === 'broken' && <strong>{t('healthBroken', failing.join(', ') || '?')}</strong>}
      {state === 'degraded' && <strong>{t('healthDegraded', failing.join(', '))}</strong>}
      {state === 'no-chat' && <span>{t('healthNoChat')}</span>}
    </div>
  );
}
