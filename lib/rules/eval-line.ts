import { z } from 'zod';

/** The categories the evaluation measures; "normal" is a line that should fire nothing. */
export const EVAL_LABELS = ['ad', 'contact', 'link', 'insult'] as const;
export type EvalLabel = (typeof EVAL_LABELS)[number];

const LabelSchema = z.enum([...EVAL_LABELS, 'normal']);

/**
 * One line of a labelled evaluation file: the text and its label, or a `labels` array when
 * several categories apply (both may be given; `labels` then lists every category and
 * `label` stays the headline). "normal" stands alone.
 */
const EvalLineSchema = z
  .object({
    text: z.string(),
    label: LabelSchema.optional(),
    labels: z.array(LabelSchema).optional(),
  })
  // An empty list beside a label is the label alone (the shared SMS set writes `"labels": []`).
  .refine((line) => line.label !== undefined || (line.labels?.length ?? 0) > 0, { message: 'needs "label" or a non-empty "labels"', path: ['label'] })
  .refine((line) => !(line.labels && line.labels.length > 1 && line.labels.includes('normal')), {
    message: '"normal" cannot be listed with other labels',
    path: ['labels'],
  });

export type EvalLine = { ok: true; text: string; truth: ReadonlySet<EvalLabel> } | { ok: false; error: string };

/** A parsed line: the categories it should fire (empty for a normal message), or why it is refused. */
export function parseEvalLine(json: unknown): EvalLine {
  const parsed = EvalLineSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid' };
  }
  const { text, label, labels } = parsed.data;
  const truth = new Set<EvalLabel>();
  for (const l of [...(labels ?? []), ...(label ? [label] : [])]) if (l !== 'normal') truth.add(l);
  if (label === 'normal' && truth.size > 0) return { ok: false, error: 'label: "normal" contradicts labels' };
  return { ok: true, text, truth };
}
