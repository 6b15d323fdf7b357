import { useT } from '../lib/i18n';
import type { CoveredClickGuard } from '../lib/ui/covered-clicks';

/** Says why a click did nothing while the chat page lies over the sidebar; gone once uncovered. */
export function CoveredNotice({ guard }: { guard: CoveredClickGuard }) {
  const t = useT();
  if (guard.covered.value !== true || guard.refused.value === 0) return null;
  return (
    <p class="covered-notice" role="alert" data-testid="gs-covered-notice">
      {t('coveredClickRefused')}
    </p>
  );
}
