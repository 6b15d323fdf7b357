/**
 * The Scunthorpe check on a whole dictionary: every English word that contains a swear or
 * slur is put into an ordinary sentence and run through the default rules; the words that
 * come out as insults are printed, so ordinary ones ("rapeseed", "dickering", "cocksure")
 * can go into the allow-list of lib/rules/packs/data/en-families.ts.
 *
 *   npm pack word-list@4.1.0 && tar xzf word-list-4.1.0.tgz   # MIT; words from SCOWL
 *   npx tsx scripts/scan-word-list.ts package/words.txt
 *
 * The last line is one JSON object with the counts.
 */
import { readFileSync } from 'node:fs';
import { compileRules, evaluateMessage } from '../lib/rules/engine';
import { DEFAULT_RULES } from '../lib/rules/packs';

const path = process.argv[2];
if (!path) {
  console.error('usage: npx tsx scripts/scan-word-list.ts WORDS.txt (one word a line)');
  process.exit(2);
}
let list: string;
try {
  list = readFileSync(path, 'utf8');
} catch (err) {
  console.error(`cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(2);
}
const STEMS = [
  'ass', 'cock', 'dick', 'shit', 'cum', 'tit', 'fag', 'crap', 'damn', 'piss', 'twat', 'cunt', 'fuck', 'anal', 'rape', 'nig',
  'homo', 'spic', 'hoe', 'slut', 'whore', 'bitch', 'porn', 'jap', 'coon', 'dyke', 'gook', 'wank', 'butt', 'arse', 'knob',
  'prick', 'pussy', 'boob', 'hell', 'sex', 'kike', 'poon', 'bastard', 'bugger', 'bollock', 'tosser', 'jizz', 'clit', 'scum',
  'retard', 'idiot', 'moron', 'dumb', 'stupid',
];
const { compiled } = compileRules(DEFAULT_RULES);
const words = list.split(/\r?\n/).filter((w) => w.length > 0 && w.length <= 14 && STEMS.some((s) => w.includes(s)));
const flagged: string[] = [];
for (const word of words) {
  const text = `I read about ${word} today`;
  const found = evaluateMessage(compiled, { id: 'm', groupId: 'g', memberId: 'u', text, ts: 0, role: 'customer' }, { recent: [], now: 0 });
  if (found.some((s) => s.category === 'insult')) flagged.push(word);
}
console.log(flagged.join(' '));
console.log(JSON.stringify({ words: words.length, flagged: flagged.length }));
