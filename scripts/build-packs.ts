/**
 * Regenerate the lexicon packs under lib/rules/packs/data/ from their public sources.
 *
 *   npm run rules:packs
 *
 * Sources (devDependencies, so the exact version is in package-lock.json):
 *   - obscenity (MIT): its English dataset's blacklisted patterns and whitelist. Patterns
 *     keep obscenity's boundary notation ("|ass" needs a word boundary before it); optional
 *     parts ("ab[b]o") are expanded to every variant.
 *   - naughty-words (CC-BY-4.0): the Chinese list, filtered to insults. Entries that are
 *     ordinary words in a customer group (anatomy, "成人", "私服", single characters such
 *     as "奶") are left out by the EXCLUDE list below, so the pack stays precise.
 * The output files are data only; the hand-written customer-group spam families live in
 * lib/rules/packs/data/*-families.ts and are not touched by this script.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { englishDataset } from 'obscenity';

const OUT = new URL('../lib/rules/packs/data/', import.meta.url);

function versionOf(pkg: string): string {
  const json = JSON.parse(readFileSync(new URL(`../node_modules/${pkg}/package.json`, import.meta.url), 'utf8')) as { version: string };
  return json.version;
}

interface PatternNode {
  kind: number;
  chars?: number[];
  childNode?: PatternNode;
}

/** Every literal string a parsed obscenity pattern stands for (wildcards make none). */
function expand(nodes: readonly PatternNode[]): string[] | null {
  let out = [''];
  for (const node of nodes) {
    if (node.kind === 2) {
      const text = String.fromCharCode(...(node.chars ?? []));
      out = out.map((s) => s + text);
    } else if (node.kind === 0 && node.childNode) {
      const sub = expand([node.childNode]);
      if (!sub) return null;
      out = out.flatMap((s) => [s, ...sub.map((x) => s + x)]);
    } else return null; // wildcard
  }
  return out;
}

/**
 * obscenity words that name sex or anatomy rather than insult someone: in customer groups
 * (and in ordinary SMS) they are not abuse on their own, so they go to a separate list the
 * English advertising score uses as a signal, not to the insult rule.
 */
const SEXUAL = new Set([
  'anal', 'anus', 'bestiality', 'blowjob', 'boob', 'buttplug', 'cum', 'deepthroat', 'dildo', 'doggystyle',
  'double penetration', 'ejaculate', 'felch', 'fellatio', 'finger bang', 'fisting', 'gangbang', 'handjob', 'hentai',
  'hooker', 'incest', 'jerk off', 'jizz', 'lubejob', 'masturbate', 'orgasm', 'orgy', 'penis', 'porn', 'scat', 'semen',
  'sex', 'tit', 'vagina',
]);

function englishProfanity(): { words: string[]; sexual: string[]; allow: string[]; skipped: number } {
  const built = englishDataset.build();
  const words = new Set<string>();
  const sexual = new Set<string>();
  let skipped = 0;
  for (const term of built.blacklistedTerms) {
    const meta = englishDataset.getPayloadWithPhraseMetadata({ termId: term.id, startIndex: 0, endIndex: 0, matchLength: 0 })
      .phraseMetadata as { originalWord?: string } | undefined;
    const target = SEXUAL.has(meta?.originalWord ?? '') ? sexual : words;
    const p = term.pattern as unknown as { requireWordBoundaryAtStart: boolean; requireWordBoundaryAtEnd: boolean; nodes: PatternNode[] };
    const variants = expand(p.nodes);
    if (!variants) {
      skipped++;
      continue;
    }
    for (const v of variants) {
      const w = v.trim();
      if (w.length < 2) continue;
      target.add(`${p.requireWordBoundaryAtStart ? '|' : ''}${w}${p.requireWordBoundaryAtEnd ? '|' : ''}`);
    }
  }
  const allow = [...new Set((built.whitelistedTerms ?? []).map((t) => t.trim()).filter((t) => t.length >= 2))];
  return { words: [...words].sort(), sexual: [...sexual].sort(), allow: allow.sort(), skipped };
}

/**
 * naughty-words' Chinese entries that are not insults in a customer group, or match inside
 * ordinary words: anatomy and sex-education terms, single characters, place or game names.
 */
const ZH_EXCLUDE = new Set([
  '13.', '13点', '九游', '乳', '乳头', '乳房', '交配', '包皮', '处女', '外阴', '奶', '奶子', '妓', '姦', '奸', '射精',
  '屁股', '性', '性交', '性器', '性无能', '性爱', '情色', '成人', '撒尿', '月经', '激情', '精子', '老二', '老味', '老母',
  '祖宗', '私服', '刚度', '淫', '爛', '尻', '鳩', '撚', '柒', '卵', '阴道', '阴部', '阴茎', '阴唇', '阴户', '阴核', '阴毛',
  '陰莖', '龟头', '阳具', '阳萎', '肛交', '口交', '做爱', '叫床', '后庭', '吹箫', '密洞', '玉杵', '贝肉', '肉壁', '肉缝',
  '肉棒', '肉棍子', '小肉粒', '湿透的内裤', '双峰微颤', '乳波臀浪', '乳交', '巨乳', '小乳头', '抽插', '扒光', '浪叫',
  '淫水', '淫秽', '淫乱', '三级片', '色情', '迷药', '花柳', '鸡奸', '轮奸', '强奸', '卖淫', '嫖娼', '嫖客', '招妓',
  '妓女', '妓院', '军妓', '野鸡', '你老闆', '笨實', '粉腸', '硬膠', '妈妈的', '靠背', '靠腰', '鬼公', '口肯', '姣西',
  '肥西', '淫西', '打飞机', '打炮', '想上你', '你是鸭', '你是鸡', '你全家', '贱', '姘头', '放荡', '賤', '奶奶的熊',
  '他娘', '你娘', '娘的', '笨蛋', '日你', '卵子', '册那', '奸你', '射你', '插你', '靠母', '靠爸',
]);

function chineseProfanity(): string[] {
  const list = JSON.parse(readFileSync(new URL('../node_modules/naughty-words/zh.json', import.meta.url), 'utf8')) as string[];
  return [...new Set(list.map((w) => w.trim()).filter((w) => w.length >= 2 && !ZH_EXCLUDE.has(w)))].sort();
}

function write(file: string, name: string, header: string, value: unknown): void {
  const body = `// Generated by scripts/build-packs.ts — do not edit; run \`npm run rules:packs\`.\n// ${header}\nexport const ${name} = ${JSON.stringify(value, null, 1)} as const;\n`;
  writeFileSync(new URL(file, OUT), body);
}

const en = englishProfanity();
write('en-profanity.ts', 'EN_PROFANITY', `obscenity ${versionOf('obscenity')} (MIT), English dataset`, {
  source: 'obscenity',
  version: versionOf('obscenity'),
  licence: 'MIT',
  words: en.words,
  sexual: en.sexual,
  allow: en.allow,
});
const zh = chineseProfanity();
write('zh-profanity.ts', 'ZH_PROFANITY', `naughty-words ${versionOf('naughty-words')} (CC-BY-4.0), zh.json, insults only`, {
  source: 'naughty-words',
  version: versionOf('naughty-words'),
  licence: 'CC-BY-4.0',
  words: zh,
});
console.log(`en-profanity: ${en.words.length} insult and ${en.sexual.length} sexual patterns, ${en.allow.length} allowed phrases (${en.skipped} wildcard terms skipped)`);
console.log(`zh-profanity: ${zh.length} words`);
console.log(JSON.stringify({ en: en.words.length, enAllow: en.allow.length, zh: zh.length }));
