/**
 * Evaluate the default rule packs on a labelled JSONL file.
 *
 *   npm run rules:eval -- FILE.jsonl [--verbose]
 *
 * Each line: {"text": "...", "label": "ad"|"contact"|"link"|"insult"|"normal"}.
 * A message counts as flagged for a label when any suggestion of that category fires; a
 * normal message is a false positive when any suggestion fires at all. Each message is
 * evaluated as from an established member with no recent history, so behaviour rules
 * (flood, repeat, new member) stay out of the figures. Message text is never printed.
 * The last line printed is one JSON object with the figures, for scripts to read.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { compileRules, evaluateMessage } from '../lib/rules/engine';
import { DEFAULT_RULES } from '../lib/rules/packs';

const LABELS = ['ad', 'contact', 'link', 'insult'] as const;
const LineSchema = z.object({
  text: z.string(),
  label: z.enum([...LABELS, 'normal']),
});

function fail(message: string): never {
  process.stderr.write(`rules-eval: ${message}\n`);
  process.exit(1);
}

const args = process.argv.slice(2).filter((a) => a !== '--');
const verbose = args.includes('--verbose');
const file = args.find((a) => !a.startsWith('--'));
if (!file) fail('usage: npm run rules:eval -- FILE.jsonl');

let content: string;
try {
  content = readFileSync(file, 'utf8');
} catch (err) {
  fail(`cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
}

const items: z.infer<typeof LineSchema>[] = [];
content.split(/\r?\n/).forEach((line, i) => {
  if (line.trim() === '') return;
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    fail(`line ${i + 1}: not valid JSON`);
  }
  const parsed = LineSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    fail(`line ${i + 1}: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'}`);
  }
  items.push(parsed.data);
});
if (items.length === 0) fail(`${file} has no messages`);

const { compiled, errors } = compileRules(DEFAULT_RULES);
if (errors.length > 0) fail(`default rules failed to compile: ${errors.map((e) => `${e.ruleId}.${e.field}`).join(', ')}`);

const now = Date.UTC(2026, 0, 15, 4, 0, 0);
const tp: Record<string, number> = {};
const flagged: Record<string, number> = {};
const positives: Record<string, number> = {};
let normals = 0;
let falsePositives = 0;
for (const l of LABELS) {
  tp[l] = 0;
  flagged[l] = 0;
  positives[l] = 0;
}

items.forEach((item, i) => {
  const message = { id: `m${i}`, groupId: 'eval', memberId: `u${i}`, text: item.text, ts: now, role: 'customer' as const };
  // No join seen: an established member, as new-member rules would otherwise fire on all.
  const suggestions = evaluateMessage(compiled, message, { recent: [], now }).filter((s) => !s.auditOnly);
  const categories = new Set<string>(suggestions.map((s) => s.category));
  if (item.label === 'normal') {
    normals++;
    if (suggestions.length > 0) falsePositives++;
  } else positives[item.label] = (positives[item.label] ?? 0) + 1;
  // A normal message flagged with a category also counts against that category's precision.
  for (const l of LABELS) {
    if (!categories.has(l)) continue;
    flagged[l] = (flagged[l] ?? 0) + 1;
    if (item.label === l) tp[l] = (tp[l] ?? 0) + 1;
  }
  if (verbose && (categories.has(item.label) ? categories.size > 1 : item.label !== 'normal' || categories.size > 0)) {
    // Line numbers and categories only: message text is never printed.
    console.log(`  line ${i + 1}: label ${item.label}, flagged [${[...categories].join(', ')}]`);
  }
});

const round = (x: number) => Math.round(x * 1000) / 1000;
const result: Record<string, Record<string, number>> = {};
console.log(`messages: ${items.length} (${normals} normal)`);
console.log('label      precision  recall   flagged  positives');
for (const l of LABELS) {
  const p = (flagged[l] ?? 0) === 0 ? 1 : (tp[l] ?? 0) / (flagged[l] ?? 1);
  const r = (positives[l] ?? 0) === 0 ? 1 : (tp[l] ?? 0) / (positives[l] ?? 1);
  result[l] = { precision: round(p), recall: round(r) };
  console.log(
    `${l.padEnd(10)} ${round(p).toFixed(3).padStart(9)} ${round(r).toFixed(3).padStart(7)} ${String(flagged[l]).padStart(8)} ${String(positives[l]).padStart(10)}`,
  );
}
const fpr = normals === 0 ? 0 : falsePositives / normals;
console.log(`normal     false positive rate ${round(fpr).toFixed(3)} (${falsePositives}/${normals})`);
result.normal = { false_positive_rate: round(fpr) };
console.log(JSON.stringify(result));
