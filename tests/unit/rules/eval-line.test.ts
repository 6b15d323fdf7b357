import { describe, expect, it } from 'vitest';
import { parseEvalLine } from '../../../lib/rules/eval-line';

const truth = (json: unknown) => {
  const line = parseEvalLine(json);
  if (!line.ok) throw new Error(line.error);
  return [...line.truth].sort();
};

describe('parseEvalLine', () => {
  it('takes a label, a labels array, or both (then every category counts)', () => {
    expect(truth({ text: 'x', label: 'ad' })).toEqual(['ad']);
    expect(truth({ text: 'x', labels: ['ad', 'contact'] })).toEqual(['ad', 'contact']);
    expect(truth({ text: 'x', label: 'ad', labels: ['link'] })).toEqual(['ad', 'link']);
    expect(truth({ text: 'x', label: 'normal' })).toEqual([]);
    expect(truth({ text: 'x', labels: ['normal'] })).toEqual([]);
    expect(truth({ text: 'x', label: 'link', labels: [] })).toEqual(['link']);
  });

  it('refuses a line without any label, an empty or unknown one, or normal mixed with a category, naming the field', () => {
    const error = (json: unknown) => {
      const line = parseEvalLine(json);
      return line.ok ? null : line.error;
    };
    expect(error({ text: 'x' })).toBe('label: needs "label" or a non-empty "labels"');
    expect(error({ text: 'x', labels: [] })).toBe('label: needs "label" or a non-empty "labels"');
    expect(error({ text: 'x', label: 'spam' })).toMatch(/^label: /);
    expect(error({ text: 'x', labels: ['normal', 'ad'] })).toBe('labels: "normal" cannot be listed with other labels');
    expect(error({ text: 'x', label: 'normal', labels: ['ad'] })).toBe('label: "normal" contradicts labels');
    expect(error({ label: 'ad' })).toMatch(/^text: /);
  });
});
