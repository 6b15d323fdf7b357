import { useState } from 'preact/hooks';
import { useT } from '../lib/i18n';
import type { Template } from '../lib/model';
import {
  checkLadder,
  LADDER_CHANNELS,
  LADDER_OUTCOMES,
  type Ladder,
  type LadderProblem,
  type LadderStep,
  MAX_CATEGORY_WEIGHT,
  MAX_LADDER_STEPS,
} from '../lib/moderation/ladder';

const CATEGORIES = ['ad', 'contact', 'link', 'insult', 'sensitive', 'flood', 'repeat', 'custom'] as const;

interface LadderEditorProps {
  ladder: Ladder;
  windowDays: number;
  templates: readonly Template[];
  /** Resolves to an error message, or null when saved. */
  onSave: (ladder: Ladder, windowDays: number) => Promise<string | null>;
}

/** Options: the moderation ladder as staff edit it: steps (channel, template, outcome), window, weights. */
export function LadderEditor({ ladder, windowDays, templates, onSave }: LadderEditorProps) {
  const t = useT();
  const [steps, setSteps] = useState<LadderStep[]>(ladder.steps.map((s) => ({ ...s })));
  const [weights, setWeights] = useState<Record<string, number>>({ ...ladder.weights });
  const [days, setDays] = useState(windowDays);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const describe = (p: LadderProblem): string => {
    switch (p.kind) {
      case 'no-steps':
        return t('ladderErrorNoSteps');
      case 'too-many-steps':
        return t('ladderErrorTooMany', MAX_LADDER_STEPS);
      case 'step-without-template':
        return t('ladderErrorNoTemplate', p.step);
      case 'unknown-template':
        return t('ladderErrorUnknownTemplate', p.step);
      case 'bad-weight':
        return t('ladderErrorWeight', t(`category_${p.category}`), MAX_CATEGORY_WEIGHT);
    }
  };

  const update = (index: number, change: Partial<LadderStep>) => setSteps(steps.map((s, i) => (i === index ? { ...s, ...change } : s)));
  const move = (index: number, by: number) => {
    const next = [...steps];
    const [moved] = next.splice(index, 1);
    if (moved) next.splice(index + by, 0, moved);
    setSteps(next);
  };

  const save = async (event: Event) => {
    event.preventDefault();
    const checked = checkLadder({ steps, weights }, new Set(templates.map((tpl) => tpl.id)));
    if (!checked.ok) {
      setMessage({ ok: false, text: checked.problems.map(describe).join(' ') });
      return;
    }
    if (!Number.isInteger(days) || days < 1 || days > 3650) {
      setMessage({ ok: false, text: t('ladderErrorWindow') });
      return;
    }
    const error = await onSave(checked.ladder, days);
    setMessage(error ? { ok: false, text: error } : { ok: true, text: t('saved') });
  };

  return (
    <section class="panel ladder-editor" data-testid="gs-ladder-editor">
      <form class="ladder-form" onSubmit={save}>
      <h2>{t('optionsLadder')}</h2>
      <p class="hint">{t('ladderHint')}</p>
      <ol class="ladder-steps">
        {steps.map((s, i) => (
          <li key={i} class="ladder-step" data-testid="gs-ladder-step">
            <strong>{t('stepNumber', i + 1)}</strong>
            <label>
              {t('ladderChannel')}
              <select data-testid="gs-ladder-channel" value={s.channel} onChange={(e) => update(i, { channel: (e.currentTarget as HTMLSelectElement).value as LadderStep['channel'] })}>
                {LADDER_CHANNELS.map((c) => (
                  <option key={c} value={c}>
                    {t(`channel_${c}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('ladderTemplate')}
              <select data-testid="gs-ladder-template" value={s.templateId} onChange={(e) => update(i, { templateId: (e.currentTarget as HTMLSelectElement).value })}>
                <option value="">{t('ladderChooseTemplate')}</option>
                {templates.map((tpl) => (
                  <option key={tpl.id} value={tpl.id}>
                    {tpl.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('ladderOutcome')}
              <select data-testid="gs-ladder-outcome" value={s.outcome} onChange={(e) => update(i, { outcome: (e.currentTarget as HTMLSelectElement).value as LadderStep['outcome'] })}>
                {LADDER_OUTCOMES.map((o) => (
                  <option key={o} value={o}>
                    {t(`outcomeOption_${o}`)}
                  </option>
                ))}
              </select>
            </label>
            <div class="row-actions">
              <button type="button" class="secondary" aria-label={t('moveUp')} disabled={i === 0} onClick={() => move(i, -1)}>
                ↑
              </button>
              <button type="button" class="secondary" aria-label={t('moveDown')} disabled={i === steps.length - 1} onClick={() => move(i, 1)}>
                ↓
              </button>
              <button type="button" class="secondary" data-testid="gs-ladder-remove" onClick={() => setSteps(steps.filter((_, k) => k !== i))}>
                {t('ladderRemoveStep')}
              </button>
            </div>
          </li>
        ))}
      </ol>
      <button
        type="button"
        class="secondary"
        data-testid="gs-ladder-add"
        disabled={steps.length >= MAX_LADDER_STEPS}
        onClick={() => setSteps([...steps, { channel: 'public', templateId: '', outcome: 'none' }])}
      >
        {t('ladderAddStep')}
      </button>
      <label>
        {t('optionsWarningWindow')}
        <input data-testid="gs-ladder-window" type="number" min={1} max={3650} value={days} onInput={(e) => setDays(Number((e.currentTarget as HTMLInputElement).value))} />
      </label>
      <fieldset>
        <legend>{t('ladderWeights')}</legend>
        <p class="hint">{t('ladderWeightsHint')}</p>
        <div class="weights">
          {CATEGORIES.map((c) => (
            <label key={c}>
              {t(`category_${c}`)}
              <input
                data-testid="gs-ladder-weight"
                data-category={c}
                type="number"
                min={1}
                max={MAX_CATEGORY_WEIGHT}
                value={weights[c] ?? 1}
                onInput={(e) => {
                  const value = Number((e.currentTarget as HTMLInputElement).value);
                  const next = { ...weights };
                  if (value === 1) delete next[c];
                  else next[c] = value;
                  setWeights(next);
                }}
              />
            </label>
          ))}
        </div>
      </fieldset>
      <button type="submit" data-testid="gs-ladder-save">
        {t('save')}
      </button>
      {message && (
        <p role={message.ok ? 'status' : 'alert'} class={message.ok ? 'ok' : 'error'} data-testid="gs-ladder-message">
          {message.text}
        </p>
      )}
      </form>
    </section>
  );
}
