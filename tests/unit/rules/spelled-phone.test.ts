import { describe, expect, it } from 'vitest';
import { DETECTORS } from '../../../lib/rules/detector-registry';
import { ALL_CUES, CUE_NUMBER_WORD, findSpelledPhones } from '../../../lib/rules/detectors';
import { compileRules, evaluateMessage } from '../../../lib/rules/engine';
import { normalize } from '../../../lib/rules/normalize';
import { DEFAULT_RULES } from '../../../lib/rules/packs';

const { compiled } = compileRules(DEFAULT_RULES);
const now = Date.UTC(2026, 0, 15);
const categories = (text: string) =>
  [...new Set(evaluateMessage(compiled, { id: 'm', groupId: 'g', memberId: 'u', text, ts: now, role: 'customer' }, { recent: [], now }).map((s) => s.category))].sort();
const spelled = (text: string) => findSpelledPhones(normalize(text)).map((h) => text.slice(h.span.start, h.span.end));

describe('a phone number spelled out in English words', () => {
  it('is a phone: seven or more digits as words (or mixed with digits), spaces, commas or dashes between', () => {
    expect(spelled('my number is five five five, two one three, four four nine one')).toEqual(['five five five, two one three, four four nine one']);
    expect(spelled('text me at seven one four - 882 - six nine one zero')).toHaveLength(1);
    expect(categories('Call me on oh seven nine one one, two three four five six seven')).toContain('contact');
  });

  it('counting, small numbers in a sentence and digits alone are not', () => {
    expect(spelled('one two three four five six seven eight nine ten, ready or not')).toEqual([]);
    expect(spelled('I have five kids, two dogs and one cat')).toEqual([]);
    expect(spelled('room five, floor two, gate one')).toEqual([]);
    expect(spelled('order 555 213 4491 is late')).toEqual([]);
    expect(categories('one two three four five six seven eight nine ten, ready or not')).toEqual([]);
  });

  it('a number someone reports as a scam is a warning, not contact details', () => {
    expect(spelled('a scam caller from five five five, two one three, four four nine one')).toEqual([]);
  });

  it('the phone gate lets it through only with a number word among the cues', () => {
    const input = (cues: number) => ({ norm: normalize('five five five two one three four four nine one'), original: '', options: {}, cues });
    expect(DETECTORS.phone.mayFind?.(input(0))).toBe(false);
    expect(DETECTORS.phone.mayFind?.(input(CUE_NUMBER_WORD))).toBe(true);
    expect(DETECTORS.phone.run(input(ALL_CUES))).toHaveLength(1);
    expect(DETECTORS.phone.run(input(0))).toEqual([]);
  });
});
