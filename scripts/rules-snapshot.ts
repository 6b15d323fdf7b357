/**
 * A fingerprint of everything the rule engine says, for engine work that must not change it
 * (speed work on the normaliser, matcher, gates and rule selection).
 *
 *   npx tsx scripts/rules-snapshot.ts [--exhaustive] [--root DIR] [EXTRA.jsonl …]
 *
 * Evaluates every line of tests/fixtures/rules/*.jsonl and of the extra JSONL files, plus
 * 60,000 seeded texts made of trigger pieces (cue words, digits in every form, link and
 * e-mail parts, masks, emoji, invisible characters), each as a customer and every seventh
 * as staff, in two contexts: an established member with no signals, and a new member whose
 * links are unknown and whose text was seen in other groups. Prints one JSON line: how many
 * texts and evaluations, how many fired, and a SHA-256 over every result (the suggestions
 * and the link hosts the evaluation found). Run it before and after a change; the hashes
 * must match. `--root DIR` evaluates the engine of another checkout (DIR/lib) on the same
 * texts, so a change can be compared with the code it started from. `--exhaustive` also
 * counts the evaluations where the engine's shortcuts give another answer than running
 * every rule, detector and pattern (must be 0). Only counts and hashes are printed, never text.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RuleInput, RuleMessage } from '../lib/model/rule';
import type * as Engine from '../lib/rules/engine';
import { TEAM_KEYWORD_RULE, TEAM_REGEX_RULE, TEAM_TIGHT_SPAM_RULE } from '../tests/fixtures/rules/team-rules';
import { mulberry32 } from './seeded-random.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const exhaustive = args.includes('--exhaustive');
const rootAt = args.indexOf('--root');
const root = rootAt >= 0 ? resolve(args[rootAt + 1] ?? '.') : resolve(here, '..');
const extraFiles = args.filter((a, i) => a.endsWith('.jsonl') && i !== rootAt + 1);

const { compileRules, evaluateMessage, evaluateMessageExhaustively, lastEvaluationHosts } = (await import(
  join(root, 'lib/rules/engine.ts')
)) as typeof Engine;
const { DEFAULT_RULE_INPUTS } = (await import(join(root, 'lib/rules/packs/index.ts'))) as { DEFAULT_RULE_INPUTS: RuleInput[] };

const texts = new Set<string>();
const fixtures = join(here, '../tests/fixtures/rules');
const files = [
  ...readdirSync(fixtures)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .map((f) => join(fixtures, f)),
  ...extraFiles,
];
for (const file of files) {
  for (const line of readFileSync(file, 'utf8').split('\n')) if (line.trim()) texts.add((JSON.parse(line) as { text: string }).text);
}

/** Seeded: every run sees the same generated texts. */
const rng = mulberry32;
const rand = rng(12_345);
const PIECES = [
  '加', '微', 'v', 'x', ':', 'q', 'Q', '扣', '1', '3', '8', '0', '5', '6', '7', '9', ' ', '.', '。', '点', 'com', '@',
  '$', '￥', '£', '/', 'http', 'www', '日', '入', '结', '需要的', '找我', '转发', '群', '原价', '现价', '大量', '收', '兼职',
  '刷单', 'txt', 'to', 'win', 'order', '-', '傻', '逼', 'sb', 'fuck', 'f*ck', '是真的吗', 'is this real', '😀', '@bob',
  'at', 'dot', '#', 'tg', 'line', 'AbC123', 'free', 'call', 'prize', 'make', 'earn', '=', '号', '我', '(', ')', '[', ']', '!',
  'w', '个', '一下', 'weix', 'vv', '➕', '：', 'abcdef', '1388888', '+86', '0086', '00', '三', '八', '零', '壹', 'ｆｕｃｋ', 'Ⓐ',
  '\u200b', '臺灣', '𝐟𝐮𝐜𝐤', '⑧', '０', 'sh!t', 'a$$', 'f_u_c_k', 'fuuuck', 'you', '你', '妈', '的', 'http://', 'bit.ly', '/x',
  'SB-2000', '455', '2B', 'loan', 'cash', 'part-time', 'job', 'how do i', 'claim', '\n', '\t', 'ＱＱ', '薇', '❤', '🛰', 'Ｖ',
  '哈哈哈', '@张三', '😀😀', '·', '•', '¥ab12cd34¥',
];
for (let i = 0; i < 60_000; i++) {
  const n = Math.floor(rand() * 30);
  let s = '';
  for (let k = 0; k < n; k++) s += PIECES[Math.floor(rand() * PIECES.length)];
  texts.add(s);
}

// A custom keyword rule, user patterns (one on the text as written) and tight spam limits
// next to the packs, as a team would add them.
const extraRules: RuleInput[] = [
  TEAM_KEYWORD_RULE,
  TEAM_REGEX_RULE,
  { id: 'custom-original', name: 'original regex', category: 'custom', triggers: { regexes: [{ pattern: 'WIN', on: 'original', requires: ['win'] }] } },
  TEAM_TIGHT_SPAM_RULE,
];
const { compiled, errors } = compileRules([...DEFAULT_RULE_INPUTS, ...extraRules]);
if (errors.length > 0) {
  process.stderr.write(`rules-snapshot: ${errors.length} rules did not compile\n`);
  process.exit(2);
}

const now = Date.UTC(2026, 0, 15, 12);
const contexts: Engine.RuleContext[] = [
  { recent: [], now },
  {
    recent: [],
    now,
    memberJoinedAt: now - 60_000,
    signals: { isKnownDomain: (host) => host === 'example.com', sameTextInOtherGroups: 2 },
  },
];
const list = [...texts];
const hash = createHash('sha256');
let fired = 0;
let differences = 0;
for (const context of contexts) {
  list.forEach((text, i) => {
    const message: RuleMessage = { id: `m${i}`, groupId: 'g', memberId: 'u1', text, ts: now, role: i % 7 === 0 ? 'staff' : 'customer' };
    const result = JSON.stringify(evaluateMessage(compiled, message, context));
    hash.update(result);
    hash.update(JSON.stringify(lastEvaluationHosts()));
    hash.update('\n');
    if (result !== '[]') fired++;
    if (exhaustive && JSON.stringify(evaluateMessageExhaustively(compiled, message, context)) !== result) differences++;
  });
}
console.log(
  JSON.stringify({
    texts: list.length,
    evaluations: list.length * contexts.length,
    fired,
    differences: exhaustive ? differences : null,
    sha256: hash.digest('hex'),
  }),
);
if (exhaustive && differences > 0) process.exit(1);
