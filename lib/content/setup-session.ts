import type { SiteProfile } from '../adapters/profile/schema';
import { OPTIONAL_STEPS, type PickHint, pickFor, SETUP_STEPS, type SetupDraft, type SetupStep } from '../setup/derive';
import { draftFromProfile, reviewDraft, type SetupReview } from '../setup/review';
import type { Picker, PickerOptions } from './setup-picker';

export type SetupStage = SetupStep | 'review';

/** What the sidebar shows of a setup in progress (sent as a page event). */
export interface SetupState {
  active: boolean;
  /** 'repair': one part of a saved profile is picked again; the rest is kept. */
  mode: 'setup' | 'repair';
  step: SetupStage;
  optional: boolean;
  hint: PickHint | null;
  /** Rows the current row selector finds. */
  rows: number;
  review: SetupReview | null;
}

export type SetupCommand =
  | { action: 'start' }
  | { action: 'repair'; step: SetupStep; profile: SiteProfile }
  | { action: 'skip' }
  | { action: 'cancel' }
  | { action: 'review' };

export interface SetupSessionDeps {
  document: Document;
  signal: AbortSignal;
  now: () => number;
  emit: (state: SetupState) => void;
  startPicker: (options: PickerOptions) => Picker;
  /** The picker's banner text for a step, in the user's language. */
  label: (step: SetupStep) => string;
}

const IDLE: SetupState = { active: false, mode: 'setup', step: 'row', optional: false, hint: null, rows: 0, review: null };

/**
 * One setup (or repair) at a time: which step is asked, what was picked so far, and the
 * review of the resulting profile. Pure state plus the picker; the sidebar drives it with
 * commands and saving happens there (it holds the user gesture the permission prompt needs).
 */
export function createSetupSession(deps: SetupSessionDeps) {
  let state: SetupState = IDLE;
  let draft: SetupDraft = {};
  let base: SiteProfile | null = null;
  let picker: Picker | null = null;

  const url = () => new URL(deps.document.URL);
  const publish = (next: Partial<SetupState>) => {
    state = { ...state, ...next };
    deps.emit(state);
    return state;
  };
  const review = () => (draft.row && draft.author && draft.text ? reviewDraft(draft, deps.document, url(), deps.now(), base ?? undefined) : null);

  const stopPicker = () => {
    picker?.stop();
    picker = null;
  };
  const ask = (step: SetupStage) => {
    if (step === 'review') {
      stopPicker();
      return publish({ step, optional: false, hint: null, review: review() });
    }
    picker ??= deps.startPicker({ document: deps.document, signal: deps.signal, onPick, onCancel: () => handle({ action: 'cancel' }) });
    picker.setLabel(deps.label(step));
    return publish({ step, optional: OPTIONAL_STEPS.has(step), hint: null, review: review() });
  };
  const next = (step: SetupStep): SetupStage => {
    if (state.mode === 'repair') return 'review';
    return SETUP_STEPS[SETUP_STEPS.indexOf(step) + 1] ?? 'review';
  };

  function onPick(target: Element) {
    const step = state.step;
    if (!state.active || step === 'review') return;
    const result = pickFor(step, target, draft, deps.document);
    if (!result.ok) {
      publish({ hint: result.hint });
      return;
    }
    draft = result.draft;
    state = { ...state, rows: result.rows };
    ask(next(step));
  }

  function handle(command: SetupCommand): SetupState {
    switch (command.action) {
      case 'start':
        base = null;
        draft = {};
        state = { ...IDLE, active: true };
        return ask('row');
      case 'repair':
        base = command.profile;
        draft = draftFromProfile(command.profile);
        state = { ...IDLE, active: true, mode: 'repair' };
        return ask(command.step);
      case 'skip':
        if (!state.active || state.step === 'review' || !OPTIONAL_STEPS.has(state.step)) return state;
        return ask(next(state.step));
      case 'review':
        return state.active ? ask('review') : state;
      case 'cancel':
        stopPicker();
        draft = {};
        base = null;
        return publish(IDLE);
    }
  }

  deps.signal.addEventListener('abort', stopPicker, { once: true });
  return {
    handle,
    get state() {
      return state;
    },
    /** Saved: the picker goes away; the entrypoint starts reading with the new profile. */
    finish() {
      stopPicker();
      draft = {};
      base = null;
      state = IDLE;
    },
  };
}
