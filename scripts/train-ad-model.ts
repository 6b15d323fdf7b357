/**
 * Train the learned "ad-likeness" signal (lib/rules/ad-model.ts) and write it as data to
 * lib/rules/packs/data/ad-model.ts.
 *
 *   npx tsx scripts/train-ad-model.ts [--lang zh|en] [--cv] [--shared DIR]
 *
 * Two models: `--lang zh` (the default) for zh-ad, trained on every line and written to
 * lib/rules/packs/data/ad-model.ts; `--lang en` for en-ad, trained on the lines without
 * Chinese only, reading the message's shape too (a dollar price, a percentage, "?", "!", its
 * length; AdModelData.shapes), written to lib/rules/packs/data/ad-model-en.ts. Each has its
 * grading in scripts/ad-model[-en]-calibration.json, chosen from the `--cv` figures.
 *
 * Training data: the development halves in tests/fixtures/rules (every file not named
 * `*-holdout`, plus zh-group-holdout2, which its README calls development data) and the
 * shared development corpora (DIR, default ../shared/corpus or ../../shared/corpus:
 * dev-messages.jsonl, sms-spam-dev.jsonl). Any line whose normalised text also occurs in a
 * held-out file is left out (sms-spam-dev holds sms-spam-holdout's lines), so held-out
 * figures stay held out. A line labelled `ad` (in `label` or `labels`) is positive, every
 * other line negative.
 *
 * Model: logistic regression over binary features (Chinese character 2/3-grams, Latin
 * words and word pairs; lib/rules/ad-model.ts), features seen in at least 2 training
 * lines, L2-regularised, full-batch gradient descent with AdaGrad, classes weighted equally.
 * Seeded and deterministic: the same data gives the same file. `--cv` prints 5-fold
 * out-of-fold figures per language (recall of ads and rate of flagged other lines at
 * several logit thresholds) and writes nothing.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { featureStrings } from '../lib/rules/ad-model';
import { parseEvalLine } from '../lib/rules/eval-line';
import { normalizeText } from '../lib/rules/normalize';

const FIXTURES = 'tests/fixtures/rules';
const langArg = process.argv.indexOf('--lang');
const LANG = langArg >= 0 ? process.argv[langArg + 1] : 'zh';
if (LANG !== 'zh' && LANG !== 'en') {
  process.stderr.write(`train-ad-model: --lang must be zh or en, got "${LANG}"\n`);
  process.exit(2);
}
const ENGLISH = LANG === 'en';
const OUT = ENGLISH ? 'lib/rules/packs/data/ad-model-en.ts' : 'lib/rules/packs/data/ad-model.ts';
const CALIBRATION = ENGLISH ? 'scripts/ad-model-en-calibration.json' : 'scripts/ad-model-calibration.json';
const EXPORT_NAME = ENGLISH ? 'AD_MODEL_EN' : 'AD_MODEL';
const MIN_DOC_FREQ = 2;
const L2 = Number(process.env.AD_MODEL_L2 ?? 0.002);
const ITERATIONS = Number(process.env.AD_MODEL_ITERATIONS ?? 400);
const LEARNING_RATE = 0.3;
/** Features with |weight| below this are left out of the shipped table (they move no score). */
const KEEP_MIN = 0.12;

const args = process.argv.slice(2);
const cv = args.includes('--cv');
const sharedArg = args.indexOf('--shared');
const sharedDir =
  sharedArg >= 0 ? (args[sharedArg + 1] as string) : ['../shared/corpus', '../../shared/corpus'].find((d) => existsSync(join(d, 'sms-spam-dev.jsonl')));
if (!sharedDir) {
  process.stderr.write('train-ad-model: shared corpus not found (pass --shared DIR)\n');
  process.exit(2);
}

interface Example {
  readonly file: string;
  readonly lang: 'zh' | 'en';
  readonly positive: boolean;
  readonly features: readonly number[];
}

function readLines(file: string): { text: string; ad: boolean; lang: 'zh' | 'en'; line: string }[] {
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .map((line, i) => {
      const json = JSON.parse(line) as { lang?: string };
      const parsed = parseEvalLine(json);
      if (!parsed.ok) throw new Error(`${file} line ${i + 1}: ${parsed.error}`);
      const lang = json.lang === 'zh' || (json.lang === undefined && /[\u3400-\u9fff]/.test(parsed.text)) ? 'zh' : 'en';
      return { text: parsed.text, ad: parsed.truth.has('ad'), lang, line };
    });
}

const fixtureFiles = readdirSync(FIXTURES).filter((f) => f.endsWith('.jsonl'));
const heldOutFiles = fixtureFiles.filter((f) => f.includes('-holdout') && f !== 'zh-group-holdout2.jsonl');
const devFiles = [
  ...fixtureFiles.filter((f) => !heldOutFiles.includes(f)).map((f) => join(FIXTURES, f)),
  join(sharedDir, 'dev-messages.jsonl'),
  join(sharedDir, 'sms-spam-dev.jsonl'),
];
const heldOutTexts = new Set(heldOutFiles.flatMap((f) => readLines(join(FIXTURES, f)).map((l) => normalizeText(l.text))));

const vocabulary = new Map<string, number>();
const names: string[] = [];
const raw: { file: string; lang: 'zh' | 'en'; positive: boolean; features: string[]; line: string }[] = [];
const seen = new Set<string>();
let leftOut = 0;
for (const file of devFiles) {
  for (const line of readLines(file)) {
    if (ENGLISH && line.lang !== 'en') continue;
    const norm = normalizeText(line.text);
    if (heldOutTexts.has(norm)) {
      leftOut++;
      continue;
    }
    const key = `${line.ad}\u0000${norm}`;
    if (seen.has(key)) continue;
    seen.add(key);
    raw.push({ file: basename(file), lang: line.lang, positive: line.ad, features: [...new Set(featureStrings(norm, ENGLISH))], line: line.line });
  }
}
const docFreq = new Map<string, number>();
for (const r of raw) for (const f of r.features) docFreq.set(f, (docFreq.get(f) ?? 0) + 1);
for (const [f, n] of [...docFreq].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
  if (n < MIN_DOC_FREQ) continue;
  vocabulary.set(f, names.length);
  names.push(f);
}
const examples: Example[] = raw.map((r) => ({
  file: r.file,
  lang: r.lang,
  positive: r.positive,
  features: r.features.map((f) => vocabulary.get(f)).filter((i): i is number => i !== undefined),
}));

function train(set: readonly Example[]): { bias: number; weights: Float64Array } {
  const weights = new Float64Array(names.length);
  const sumSq = new Float64Array(names.length);
  let bias = 0;
  let biasSq = 0;
  const positives = set.filter((e) => e.positive).length;
  const negatives = set.length - positives;
  // Equal total weight for each class.
  const classWeight = (positive: boolean) => (positive ? set.length / (2 * positives) : set.length / (2 * negatives));
  const grad = new Float64Array(names.length);
  for (let it = 0; it < ITERATIONS; it++) {
    grad.fill(0);
    let gBias = 0;
    for (const e of set) {
      let z = bias;
      for (const f of e.features) z += weights[f] as number;
      const p = 1 / (1 + Math.exp(-z));
      const g = (p - (e.positive ? 1 : 0)) * classWeight(e.positive);
      gBias += g;
      for (const f of e.features) grad[f] = (grad[f] as number) + g;
    }
    for (let f = 0; f < names.length; f++) {
      const g = (grad[f] as number) / set.length + L2 * (weights[f] as number);
      if (g === 0) continue;
      sumSq[f] = (sumSq[f] as number) + g * g;
      weights[f] = (weights[f] as number) - (LEARNING_RATE * g) / Math.sqrt(sumSq[f] as number);
    }
    const gb = gBias / set.length;
    biasSq += gb * gb;
    bias -= (LEARNING_RATE * gb) / Math.sqrt(biasSq + 1e-12);
  }
  return { bias, weights };
}

/** Deterministic fold of an example: its index mod 5 after a seeded shuffle. */
function folds(n: number, k: number): number[] {
  let seed = 20_261_129;
  const rand = () => {
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
    return seed / 2 ** 32;
  };
  const order = [...Array(n).keys()];
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  const fold = new Array<number>(n);
  order.forEach((ex, i) => {
    fold[ex] = i % k;
  });
  return fold;
}

const logitOf = (m: { bias: number; weights: Float64Array }, e: Example) => e.features.reduce((z, f) => z + (m.weights[f] as number), m.bias);

if (cv) {
  const fold = folds(examples.length, 5);
  const oof = new Float64Array(examples.length);
  for (let k = 0; k < 5; k++) {
    const model = train(examples.filter((_, i) => fold[i] !== k));
    examples.forEach((e, i) => {
      if (fold[i] === k) oof[i] = logitOf(model, e);
    });
  }
  for (const lang of ENGLISH ? (['en'] as const) : (['zh', 'en'] as const)) {
    const idx = examples.map((_, i) => i).filter((i) => (examples[i] as Example).lang === lang && !(examples[i] as Example).file.startsWith('en-mail'));
    const pos = idx.filter((i) => (examples[i] as Example).positive);
    const neg = idx.filter((i) => !(examples[i] as Example).positive);
    console.log(`${lang}: ${pos.length} ads, ${neg.length} others (out-of-fold, e-mail subjects left out)`);
    const negSorted = neg.map((i) => oof[i] as number).sort((a, b) => b - a);
    for (const rate of [0.01, 0.02, 0.05]) {
      const t = negSorted[Math.floor(rate * neg.length)] as number;
      console.log(`  others flagged ${rate}: logit > ${t.toFixed(2)}, ad recall ${(pos.filter((i) => (oof[i] as number) > t).length / pos.length).toFixed(3)}`);
    }
    for (const t of [-1, 0, 0.5, 1, 1.5, 2, 2.5, 3, 4]) {
      const r = pos.filter((i) => (oof[i] as number) >= t).length / pos.length;
      const f = neg.filter((i) => (oof[i] as number) >= t).length / neg.length;
      console.log(`  logit >= ${String(t).padStart(4)}: ad recall ${r.toFixed(3)}, others flagged ${f.toFixed(3)}`);
    }
  }
  process.exit(0);
}

// `--fold K`: train on every line but the K-th fifth and write that fifth to .tmp/ad-model-fold.jsonl
// (for measuring the engine with a model that never saw those lines).
const foldArg = args.indexOf('--fold');
let trainingSet: readonly Example[] = examples;
if (foldArg >= 0) {
  const k = Number(args[foldArg + 1]);
  const fold = folds(examples.length, 5);
  trainingSet = examples.filter((_, i) => fold[i] !== k);
  writeFileSync('.tmp/ad-model-fold.jsonl', `${raw.filter((_, i) => fold[i] === k).map((r) => r.line).join('\n')}\n`);
}
const model = train(trainingSet);
const kept = names
  .map((name, f) => [name, Math.round((model.weights[f] as number) * 100) / 100] as const)
  .filter(([, w]) => Math.abs(w) >= KEEP_MIN)
  .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
const positives = examples.filter((e) => e.positive).length;
const sources = [...new Set(examples.map((e) => e.file))].sort();
const file = `// Generated by scripts/train-ad-model.ts from the development sets; do not edit by hand.
// Regenerate: npx tsx scripts/train-ad-model.ts --lang ${LANG} (sources and method in lib/rules/packs/README.md).
import type { AdModelData } from '../../ad-model';

/**
 * ${ENGLISH ? 'English lines only (no Chinese character), with the shape features. ' : ''}Trained on ${examples.length} lines (${positives} ads, ${examples.length - positives} others) of:
 * ${sources.join(', ')}.
 * ${leftOut} lines whose text is also in a held-out file were left out. ${names.length} features seen in at least
 * ${MIN_DOC_FREQ} lines; ${kept.length} with |weight| >= ${KEEP_MIN} are kept.
 */
export const ${EXPORT_NAME}: AdModelData = {
  bias: ${Math.round(model.bias * 100) / 100},
  offset: OFFSET,
  scale: SCALE,
  max: MAX,${ENGLISH ? '\n  shapes: true,\n  latinOnly: true,\n  minWords: MIN_WORDS,' : ''}
  features: ${JSON.stringify(kept.map(([n, w]) => `${n}\t${w}`).join('\n'))},
};
`;
const calibration = JSON.parse(readFileSync(CALIBRATION, 'utf8')) as Record<string, number>;
if (ENGLISH) {
  // minWords skips short messages; it must not skip any chat advertisement the model learned
  // from (e-mail subjects, a bare topic such as "Entrepreneur", are no chat).
  const shortestAd = Math.min(...raw.filter((r) => r.positive && !r.file.startsWith('en-mail')).map((r) => (normalizeText(JSON.parse(r.line).text).match(/[a-z0-9_]+/g) ?? []).length));
  const minWords = calibration.minWords ?? 0;
  if (minWords > shortestAd) {
    process.stderr.write(`train-ad-model: ${CALIBRATION} minWords ${minWords} skips chat ads: the shortest has ${shortestAd} words\n`);
    process.exit(1);
  }
  console.log(`shortest chat advertisement: ${shortestAd} words (minWords ${minWords})`);
}
writeFileSync(
  OUT,
  file
    .replace('OFFSET', String(calibration.offset))
    .replace('SCALE', String(calibration.scale))
    .replace('MAX', String(calibration.max))
    .replace('MIN_WORDS', String(calibration.minWords)),
);
console.log(`wrote ${OUT}: ${kept.length} features, ${examples.length} lines (${positives} ads), ${leftOut} held-out duplicates left out`);
