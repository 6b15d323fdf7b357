#!/usr/bin/env node
// `npm test`: installs what is missing, then lint, typecheck, both browser builds, unit
// tests and end-to-end tests. Ends with one line "N passed, N failed" (CI reads it).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { ensureAptPackages, ensureNodeModules } from './setup.mjs';

ensureNodeModules();
ensureAptPackages('test');
mkdirSync('.tmp', { recursive: true });

const results = [];
function step(name, command, args) {
  console.log(`\n▶ ${name}: ${command} ${args.join(' ')}`);
  const started = Date.now();
  const { status } = spawnSync(command, args, { stdio: 'inherit' });
  console.log(`◀ ${name}: ${status === 0 ? 'ok' : `failed (exit ${status})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return status === 0;
}
function check(name, command, args) {
  const ok = step(name, command, args);
  results.push({ name, passed: ok ? 1 : 0, failed: ok ? 0 : 1 });
  return ok;
}
/**
 * Vitest's exit status decides pass or fail; its JSON report only gives the counts. The
 * report is deleted first, so a run that dies before writing one can never be read as the
 * previous run's green result.
 */
function vitest(name, args, report) {
  rmSync(report, { force: true });
  const ok = step(name, 'npx', ['vitest', 'run', ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`]);
  let passed = 0;
  let failed = 0;
  if (existsSync(report)) {
    try {
      const json = JSON.parse(readFileSync(report, 'utf8'));
      passed = json.numPassedTests ?? 0;
      failed = json.numFailedTests ?? 0;
    } catch {
      // An unreadable report counts as one failure below.
    }
  }
  // A failing run with no failed test (a crash, an error outside tests, no report) still fails.
  if (!ok && failed === 0) failed = 1;
  results.push({ name, passed, failed });
}

check('lint', 'npx', ['biome', 'lint', '.']);
check('typecheck', 'npx', ['tsc', '--noEmit']);
const built = check('build chrome', 'npx', ['wxt', 'build']);
const builtFirefox = check('build firefox', 'npx', ['wxt', 'build', '-b', 'firefox']);
if (built) check('size budgets', 'node', ['scripts/budgets.mjs', '.output/chrome-mv3']);
else results.push({ name: 'size budgets', passed: 0, failed: 1 });
// Mozilla's linter for the MV2 build: errors fail the step (warnings are printed).
if (builtFirefox) check('web-ext lint', 'npx', ['web-ext', 'lint', '--source-dir', '.output/firefox-mv2', '--warnings-as-errors=false']);
else results.push({ name: 'web-ext lint', passed: 0, failed: 1 });
vitest('unit', [], '.tmp/unit.json');
// Detection quality on the development corpora: fails when a figure drops under its bound.
// The shared corpus sits beside the clone (../shared/corpus) on CI and developer machines;
// the repository's own sets are in tests/fixtures/rules.
{
  const shared = ['../shared/corpus/dev-messages.jsonl', '../../shared/corpus/dev-messages.jsonl'].find((f) => existsSync(f));
  const own = ['zh-customer-dev', 'zh-group-dev', 'zh-group-fresh3-dev', 'mixed-fresh5-dev', 'mixed-fresh6-dev', 'en-profanity-dev', 'sms-spam-tune'].map((n) => `tests/fixtures/rules/${n}.jsonl`);
  const bounds = ['recall.ad=0.8', 'recall.contact=0.95', 'recall.link=0.95', 'recall.insult=0.95', 'fpr=0.03'];
  check('rules eval', 'npx', ['tsx', 'scripts/rules-eval.ts', ...(shared ? [shared] : []), ...own, ...bounds.flatMap((b) => ['--min', b])]);
}
if (built) vitest('e2e', ['-c', 'vitest.e2e.config.ts'], '.tmp/e2e.json');
else results.push({ name: 'e2e', passed: 0, failed: 1 });

const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log('\nSummary:');
for (const r of results) console.log(`  ${r.name.padEnd(14)} ${r.passed} passed, ${r.failed} failed`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
