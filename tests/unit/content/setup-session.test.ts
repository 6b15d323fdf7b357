import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSetupSession, type SetupState } from '../../../lib/content/setup-session';
import type { PickerOptions } from '../../../lib/content/setup-picker';

const KESTREL = readFileSync(resolve('tests/fixtures/messenger/2026-11-28.html'), 'utf8');

function harness() {
  document.documentElement.innerHTML = new DOMParser().parseFromString(KESTREL, 'text/html').documentElement.innerHTML;
  const states: SetupState[] = [];
  let picker: PickerOptions | null = null;
  const labels: string[] = [];
  let stopped = 0;
  const session = createSetupSession({
    document,
    signal: new AbortController().signal,
    now: () => Date.parse('2026-11-28T12:00:00Z'),
    emit: (state) => states.push(state),
    label: (step) => `label:${step}`,
    startPicker: (options) => {
      picker = options;
      return {
        setLabel: (text) => labels.push(text),
        stop: () => {
          stopped++;
        },
      };
    },
  });
  const click = (element: Element | null | undefined) => {
    if (!element || !picker) throw new Error('nothing to click, or no picker');
    picker.onPick(element);
    return states[states.length - 1] as SetupState;
  };
  return { session, states, labels, click, stopped: () => stopped };
}

const byText = (selector: string, text: string) => [...document.querySelectorAll(selector)].find((el) => el.textContent?.includes(text));

describe('setup session', () => {
  it('asks for row, author, text, composer, then the optional send button, then reviews', () => {
    const { session, click, labels, stopped } = harness();
    expect(session.handle({ action: 'start' })).toMatchObject({ active: true, step: 'row', optional: false });
    expect(click(document.body)).toMatchObject({ step: 'row', hint: 'body' });
    expect(click(byText('[role=row] span', 'VIP session'))).toMatchObject({ step: 'author', hint: null, rows: 7 });
    expect(click(byText('[role=row] span[data-uid]', 'Ben'))).toMatchObject({ step: 'text' });
    const afterText = click(byText('[role=row] span', 'VIP session'));
    expect(afterText).toMatchObject({ step: 'composer' });
    // The live preview starts as soon as rows, authors and text are known.
    expect(afterText.review?.preview.length).toBe(5);
    expect(click(document.getElementById('composer'))).toMatchObject({ step: 'send', optional: true });
    const review = session.handle({ action: 'skip' });
    expect(review).toMatchObject({ step: 'review', review: { ok: true, parsed: 7 } });
    expect(labels).toEqual(['label:row', 'label:author', 'label:text', 'label:composer', 'label:send']);
    expect(stopped()).toBe(1);
  });

  it('skips only optional steps, and cancel forgets the draft', () => {
    const { session } = harness();
    session.handle({ action: 'start' });
    expect(session.handle({ action: 'skip' })).toMatchObject({ step: 'row' });
    expect(session.handle({ action: 'cancel' })).toMatchObject({ active: false });
  });
});
