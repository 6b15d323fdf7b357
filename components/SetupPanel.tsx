import { PROFILE_ADAPTER_PREFIX } from '../lib/adapters/profile/adapter';
import type { PageContext } from '../lib/messaging/page-protocol';
import { useT } from '../lib/i18n';
import { type PickHint, SETUP_STEPS, type SetupStep, stepForMiss } from '../lib/setup/derive';
import type { SetupProblem } from '../lib/setup/review';
import type { SetupStore } from '../lib/state/setup-store';

const HINT_KEYS: Record<PickHint, string> = {
  body: 'setupHint_body',
  'composer-not-row': 'setupHint_composerNotRow',
  'no-repeating-rows': 'setupHint_noRepeatingRows',
  'outside-row': 'setupHint_outsideRow',
  'no-row-yet': 'setupHint_noRowYet',
  'author-is-text': 'setupHint_authorIsText',
  'not-a-composer': 'setupHint_notAComposer',
  'not-a-button': 'setupHint_notAButton',
  gone: 'setupHint_gone',
  'no-selector': 'setupHint_noSelector',
  'not-a-name': 'setupHint_notAName',
  'is-time': 'setupHint_isTime',
};

function problemText(t: ReturnType<typeof useT>, problem: SetupProblem): string {
  switch (problem.key) {
    case 'invalid':
      return t('setupProblem_invalid', problem.detail);
    case 'no-rows':
      return t('setupProblem_noRows');
    case 'none-read':
      return t('setupProblem_noneRead', problem.missed);
    case 'mixed-authors':
      return t('setupProblem_mixedAuthors', problem.rows);
    case 'author-is-text':
      return t('setupProblem_authorIsText', problem.rows);
    case 'no-composer':
      return t('setupProblem_noComposer');
  }
}

interface SetupPanelProps {
  store: SetupStore;
  context: PageContext | null;
}

/**
 * Point-and-click setup of an unknown chat and the repair of a profile that stopped reading.
 * Page text in the preview is rendered as text only.
 */
export function SetupPanel({ store, context }: SetupPanelProps) {
  const t = useT();
  const state = store.state.value;
  const unread = context?.adapterId === '';
  const health = context?.health.state;
  const repairable = !!context?.adapterId.startsWith(PROFILE_ADAPTER_PREFIX) && (health === 'degraded' || health === 'broken');
  const status = (
    <>
      {store.error.value && (
        <p class="error" role="alert" data-testid="gs-setup-error">
          {store.error.value}
        </p>
      )}
      {/* "Saved, reading this chat" is not true any more once reading has degraded. */}
      {store.notice.value && !repairable && (
        <p class="ok" role="status" data-testid="gs-setup-notice">
          {t(store.notice.value)}
        </p>
      )}
    </>
  );

  if (!state?.active) {
    if (repairable && context) {
      const steps = [...new Set(Object.keys(context.health.misses).map(stepForMiss))].filter((s): s is SetupStep => s !== null);
      return (
        <section class="setup" data-testid="gs-repair" aria-label={t('repairOffer')}>
          <p>{t('repairOffer')}</p>
          <p class="setup-actions">
            {(steps.length ? steps : (['row'] as SetupStep[])).map((step) => (
              <button key={step} type="button" data-testid="gs-repair-pick" data-step={step} onClick={() => void store.repair(context.adapterId, step)}>
                {t('repairTitle', t(`repairPart_${step}`))}
              </button>
            ))}
          </p>
          {status}
        </section>
      );
    }
    if (!unread) return status;
    return (
      <section class="setup" aria-labelledby="gs-setup-title">
        <h2 id="gs-setup-title" class="section-heading">
          {t('setupTitle')}
        </h2>
        <p class="hint">{t('setupOffer')}</p>
        <button type="button" class="primary" data-testid="gs-setup-start" onClick={() => void store.start()}>
          {t('setupStart')}
        </button>
        {status}
      </section>
    );
  }

  const review = state.review;
  const stepNumber = state.step === 'review' ? SETUP_STEPS.length + 1 : SETUP_STEPS.indexOf(state.step) + 1;
  return (
    <section class="setup" aria-labelledby="gs-setup-title">
      <h2 id="gs-setup-title" class="section-heading">
        {state.mode === 'repair' && state.step !== 'review' ? t('repairTitle', t(`repairPart_${state.step}`)) : t('setupTitle')}
      </h2>
      <p class="muted">{state.mode === 'setup' && t('setupStepOf', stepNumber, SETUP_STEPS.length + 1)}</p>
      <p class="setup-step" data-testid="gs-setup-step" data-step={state.step} aria-live="polite">
        <strong>{t(`setupStep_${state.step}`)}</strong>
      </p>
      {state.hint && (
        <p class="error" role="alert" data-testid="gs-setup-hint" data-hint={state.hint}>
          {t(HINT_KEYS[state.hint])}
        </p>
      )}
      {state.rows > 0 && <p class="muted">{t('setupRows', state.rows)}</p>}
      {review && (
        <div class="setup-review">
          <p class="muted" data-testid="gs-setup-count">
            {t('setupReadCount', review.parsed, review.rows, review.authors)}
          </p>
          {review.preview.length > 0 && (
            <>
              <h3>{t('setupPreviewTitle')}</h3>
              <ul class="plain-list setup-preview">
                {review.preview.map((row, i) => (
                  <li key={i} data-testid="gs-setup-preview-row">
                    <strong data-testid="gs-setup-preview-author">{row.author}</strong> <span data-testid="gs-setup-preview-text">{row.text}</span>
                  </li>
                ))}
              </ul>
            </>
          )}
          {review.problems.map((problem) => (
            <p key={problem.key} class="error" role="alert" data-testid="gs-setup-problem" data-problem={problem.key}>
              {problemText(t, problem)}
            </p>
          ))}
        </div>
      )}
      <p class="setup-actions">
        {state.optional && (
          <button type="button" data-testid="gs-setup-skip" onClick={() => void store.skip()}>
            {t('setupSkip')}
          </button>
        )}
        {state.step === 'review' && (
          <button
            type="button"
            class="primary"
            data-testid="gs-setup-save"
            disabled={!review?.ok || store.busy.value}
            onClick={() => void store.save(t('setupPermissionDenied'))}
          >
            {t('setupSave')}
          </button>
        )}
        <button type="button" class="link" data-testid="gs-setup-cancel" onClick={() => void store.cancel()}>
          {t('setupCancel')}
        </button>
      </p>
      {status}
    </section>
  );
}
