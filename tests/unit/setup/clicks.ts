import { pickFor, type SetupDraft, type SetupStep } from '../../../lib/setup/derive';

/** Clicks through the steps, each on the element its `find` returns; fails on any hint. */
export function setUp(doc: Document, clicks: Array<[SetupStep, () => Element | null]>): SetupDraft {
  let draft: SetupDraft = {};
  for (const [step, find] of clicks) {
    const target = find();
    if (!target) throw new Error(`nothing to click for ${step}`);
    const result = pickFor(step, target, draft, doc);
    if (!result.ok) throw new Error(`${step}: ${result.hint}`);
    draft = result.draft;
  }
  return draft;
}
