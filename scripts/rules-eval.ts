/**
 * Evaluate the default rule packs on labelled JSONL files.
 *
 *   npm run rules:eval -- FILE.jsonl [FILE2.jsonl …] [--show] [--min LABEL=VALUE …]
 *
 * Each line: {"text": "...", "label": "ad"|"contact"|"link"|"insult"|"normal"}, or
 * {"text": "...", "labels": [...]} listing every category that applies (multi-label; both
 * may be given, and recall is measured against all of them). See lib/rules/eval-line.ts.
 * A message counts as flagged for a category when any live suggestion of that category
 * fires; a normal message is a false positive when any live suggestion fires at all. Each message is evaluated as from an established member with no recent
 * history, so behaviour rules (flood, repeat, new member) stay out of the figures.
 *
 * Prints per-file and overall precision / recall / false-positive rate. `--show` lists the
 * misses and false positives with their text (the files are development data, not chat
 * history). `--min recall.ad=0.9 --min fpr=0.03` makes the run fail (exit 1) when the
 * overall figure is below (or, for fpr, above) the bound. The last line printed is one
 * JSON object with the overall figures (same shape as before), plus `files`.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { compileRules, evaluateMessage } from '../lib/rules/engine';
import { DEFAULT_RULES } from '../lib/rules/packs';
import { EVAL_LABELS, type EvalLabel, parseEvalLine } from '../lib/rules/eval-line';

const LABELS = EVAL_LABELS;
type Label = EvalLabel;

function fail(message: string): never {
  process.stderr.write(`rules-eval: ${message}\n`);
  process.exit(2);
}

interface Counts {
  tp: Record<Label, number>;
  flagged: Record<Label, number>;
  positives: Record<Label, number>;
  normals: number;
  falsePositives: number;
  messages: number;
}

const zero = (): Record<Label, number> => ({ ad: 0, contact: 0, link: 0, insult: 0 });
const newCounts = (): Counts => ({ tp: zero(), flagged: zero(), positives: zero(), normals: 0, falsePositives: 0, messages: 0 });

const args = process.argv.slice(2).filter((a) => a !== '--');
const show = args.includes('--show') || args.includes('--verbose');
const bounds: { key: string; value: number }[] = [];
const files: string[] = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i] as string;
  if (a === '--min') {
    const spec = args[++i] ?? '';
    const [key, value] = spec.split('=');
    if (!key || value === undefined || Number.isNaN(Number(value))) fail(`--min expects KEY=NUMBER, got "${spec}"`);
    bounds.push({ key, value: Number(value) });
  } else if (!a.startsWith('--')) files.push(a);
}
if (files.length === 0) fail('usage: npm run rules:eval -- FILE.jsonl [FILE.jsonl …] [--show] [--min recall.ad=0.9]');

const { compiled, errors } = compileRules(DEFAULT_RULES);
if (errors.length > 0) fail(`default rules failed to compile: ${errors.map((e) => `${e.ruleId}.${e.field}`).join(', ')}`);

const now = Date.UTC(2026, 0, 15, 4, 0, 0);
const overall = newCounts();
const perFile: { file: string; counts: Counts }[] = [];

for (const file of files) {
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (err) {
    fail(`cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const counts = newCounts();
  const lines = content.split(/\r?\n/);
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      fail(`${file} line ${i + 1}: not valid JSON`);
    }
    const item = parseEvalLine(json);
    if (!item.ok) fail(`${file} line ${i + 1}: ${item.error}`);
    const truth = item.truth;
    const message = { id: `m${i}`, groupId: 'eval', memberId: `u${i}`, text: item.text, ts: now, role: 'customer' as const };
    // No join seen: an established member (new-member rules would otherwise fire on all).
    const suggestions = evaluateMessage(compiled, message, { recent: [], now });
    const categories = new Set<string>(suggestions.filter((s) => !s.auditOnly).map((s) => s.category));
    const found = LABELS.filter((l) => categories.has(l));
    for (const c of [counts, overall]) {
      c.messages++;
      if (truth.size === 0) {
        c.normals++;
        if (categories.size > 0) c.falsePositives++;
      }
      for (const l of truth) c.positives[l]++;
      for (const l of found) {
        c.flagged[l]++;
        if (truth.has(l)) c.tp[l]++;
      }
    }
    if (show) {
      const missed = [...truth].filter((l) => !categories.has(l));
      const extra = found.filter((l) => !truth.has(l));
      if (missed.length > 0 || extra.length > 0 || (truth.size === 0 && categories.size > 0)) {
        const what = truth.size === 0 ? `FP [${[...categories].join(',')}]` : `${missed.length ? `MISS [${missed.join(',')}]` : ''}${extra.length ? ` EXTRA [${extra.join(',')}]` : ''}`;
        console.log(`  ${basename(file)}:${i + 1} ${what.trim()}  ${JSON.stringify(item.text.slice(0, 160))}`);
      }
    }
  });
  if (counts.messages === 0) fail(`${file} has no messages`);
  perFile.push({ file, counts });
}

const round = (x: number) => Math.round(x * 1000) / 1000;
function figures(c: Counts) {
  const out: Record<string, Record<string, number>> = {};
  for (const l of LABELS) {
    const p = c.flagged[l] === 0 ? 1 : c.tp[l] / c.flagged[l];
    const r = c.positives[l] === 0 ? 1 : c.tp[l] / c.positives[l];
    out[l] = { precision: round(p), recall: round(r), positives: c.positives[l] };
  }
  out.normal = { false_positive_rate: round(c.normals === 0 ? 0 : c.falsePositives / c.normals), count: c.normals };
  return out;
}
function print(title: string, c: Counts) {
  const f = figures(c);
  console.log(`\n${title}: ${c.messages} messages (${c.normals} normal)`);
  console.log('label      precision  recall  positives');
  for (const l of LABELS) {
    if (c.positives[l] === 0 && c.flagged[l] === 0) continue;
    const x = f[l] as Record<string, number>;
    console.log(`${l.padEnd(10)} ${(x.precision as number).toFixed(3).padStart(9)} ${(x.recall as number).toFixed(3).padStart(7)} ${String(c.positives[l]).padStart(10)}`);
  }
  console.log(`normal     false positive rate ${(f.normal?.false_positive_rate ?? 0).toFixed(3)} (${c.falsePositives}/${c.normals})`);
  return f;
}

const fileFigures: Record<string, unknown> = {};
for (const { file, counts } of perFile) fileFigures[basename(file)] = figures(counts);
for (const { file, counts } of perFile) print(basename(file), counts);
const result = perFile.length > 1 ? print('overall', overall) : figures(overall);

const failures: string[] = [];
for (const { key, value } of bounds) {
  // KEY: recall.LABEL, precision.LABEL or fpr, optionally prefixed by FILE: for one file.
  const colon = key.lastIndexOf(':');
  const scope = colon > 0 ? key.slice(0, colon) : '';
  const metric = colon > 0 ? key.slice(colon + 1) : key;
  const target = scope ? (fileFigures[scope] as Record<string, Record<string, number>> | undefined) : result;
  if (!target) fail(`--min ${key}: no file named ${scope}`);
  let actual: number | undefined;
  let above = false;
  if (metric === 'fpr') {
    actual = target.normal?.false_positive_rate;
    above = true;
  } else {
    const [what, label] = metric.split('.');
    if ((what !== 'recall' && what !== 'precision') || !label) fail(`--min ${key}: use recall.LABEL, precision.LABEL or fpr`);
    actual = target[label]?.[what];
  }
  if (actual === undefined) fail(`--min ${key}: no such figure`);
  if (above ? actual > value : actual < value) failures.push(`${key} = ${actual} (bound ${value})`);
}
if (failures.length > 0) process.stderr.write(`rules-eval: below thresholds: ${failures.join('; ')}\n`);
console.log(JSON.stringify({ ...result, files: fileFigures }));
process.exit(failures.length > 0 ? 1 : 0);
