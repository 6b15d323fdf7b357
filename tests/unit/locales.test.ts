import { DEFAULT_RULES } from '../../lib/rules/packs';
import { READ_PARTS } from '../../lib/reader/missed-part';
import { KNOWN_VARIABLES } from '../../lib/templates/render';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CaseSchema, LIFECYCLE_STAGES, MEMBER_ACTIONS, MESSAGE_KINDS, VALUE_TIERS } from '../../lib/model';
import { DETECTOR_KINDS, RULE_CATEGORIES } from '../../lib/model/rule';
import { DISMISS_REASON_CODES } from '../../lib/model';
import { LADDER_CHANNELS, LADDER_OUTCOMES } from '../../lib/moderation/ladder';
import { DEFAULT_TEMPLATES } from '../../lib/templates/defaults';
import { SETUP_STEPS } from '../../lib/setup/derive';

const ROOT = join(import.meta.dirname, '../..');
type Messages = Record<string, { message: string; description?: string }>;
const load = (lang: string) => JSON.parse(readFileSync(join(ROOT, 'public/_locales', lang, 'messages.json'), 'utf8')) as Messages;
const en = load('en');
const zh = load('zh_CN');
const LOCALES = { en, zh_CN: zh };

/** `$1`, `$2`… in a message, sorted; the translator fills them in by position. */
const markers = (text: string) => [...text.matchAll(/\$(\d)/g)].map((m) => m[0]).sort();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}
const SOURCES = ['components', 'entrypoints', 'lib'].flatMap((dir) => sourceFiles(join(ROOT, dir)));
const read = (path: string) => readFileSync(path, 'utf8');

/** Keys the code asks for literally: t('key') or t('key', …). */
function literalKeys(): Map<string, string[]> {
  const used = new Map<string, string[]>();
  for (const file of SOURCES) {
    for (const match of read(file).matchAll(/\bt\('([A-Za-z0-9_]+)'/g)) {
      const key = match[1] as string;
      used.set(key, [...(used.get(key) ?? []), relative(ROOT, file)]);
    }
  }
  return used;
}

/** Prefixes of keys built at run time: t(`prefix_${…}`). */
function dynamicPrefixes(): Set<string> {
  const prefixes = new Set<string>();
  for (const file of SOURCES) {
    for (const match of read(file).matchAll(/\bt\(`([A-Za-z0-9_]*)\$\{/g)) prefixes.add(match[1] as string);
  }
  return prefixes;
}

/**
 * The values each run-time key can take. A new kind of run-time key must be listed here,
 * so the test knows which keys it needs.
 */
const DYNAMIC_KEYS: Record<string, readonly string[]> = {
  stage_: ['none', ...LIFECYCLE_STAGES],
  memberStaff_: ['site', 'listed', 'no'],
  event_: MESSAGE_KINDS,
  templateCategory_: [...new Set([...DEFAULT_TEMPLATES.map((t) => t.category), 'general'])],
  case_: CaseSchema.shape.kind.options.map((kind) => kind.replaceAll('-', '_')),
  action_: MEMBER_ACTIONS,
  category_: RULE_CATEGORIES,
  actStaff_: LADDER_OUTCOMES,
  act_: ['public', 'private', ...['public', 'private'].flatMap((c) => ['mute', 'remove'].map((o) => `${c}_then_${o}`))],
  channel_: [...LADDER_CHANNELS, 'none'],
  channelHint_: [...LADDER_CHANNELS, 'none'],
  outcome_: LADDER_OUTCOMES,
  outcomeOption_: LADDER_OUTCOMES,
  pendingPublicThen_: ['mute', 'remove'],
  channelHintPublicThen_: ['mute', 'remove'],
  confirmOutcome_: LADDER_OUTCOMES,
  dismiss_: DISMISS_REASON_CODES.map((code) => code.replaceAll('-', '_')),
  noticeCategory_: RULE_CATEGORIES,
  actionNotice_: ['pending_public', 'pending_private_dm', 'pending_private_copied', 'recorded', 'dismissed', 'cancelled'],
  recordedBy_: ['sent_seen', 'staff_confirmed'],
  tier_: VALUE_TIERS,
  setupStep_: [...SETUP_STEPS, 'review'],
  repairPart_: SETUP_STEPS,
  healthPart_: READ_PARTS,
  weekday_: ['0', '1', '2', '3', '4', '5', '6'],
  dashEnd_: ['staff', 'member', 'marked', 'never', 'left', 'open'],
  language_: ['zh', 'en'],
  ruleName_: DEFAULT_RULES.map((rule) => rule.id.replaceAll('-', '_')),
  failed_: ['request', 'saveRule', 'saveTemplate', 'deleteRule', 'deleteTemplate', 'updateSettings', 'importTeamPack', 'importBackup', 'restoreDefaults', 'setRuleEnabled'],
  restoreDefaultsConfirm_: ['templates', 'rules', 'settings'],
  templateField_: KNOWN_VARIABLES,
  reason_category_: RULE_CATEGORIES,
  reason_detail_: [...DETECTOR_KINDS, 'keyword', 'regex', 'hours', 'question', 'flood', 'burst', 'repeat'],
};

describe('locales', () => {
  it('English and Simplified Chinese have the same keys', () => {
    const missingInZh = Object.keys(en).filter((key) => !(key in zh));
    const missingInEn = Object.keys(zh).filter((key) => !(key in en));
    expect({ missingInZh, missingInEn }).toEqual({ missingInZh: [], missingInEn: [] });
  });

  it('has no empty message in either language', () => {
    for (const [lang, messages] of Object.entries(LOCALES)) {
      const empty = Object.entries(messages)
        .filter(([, entry]) => typeof entry?.message !== 'string' || entry.message.trim() === '')
        .map(([key]) => `${lang}:${key}`);
      expect(empty).toEqual([]);
    }
  });

  it('uses the same $1 substitution markers in both languages', () => {
    const mismatched = Object.keys(en)
      .filter((key) => key in zh)
      .filter((key) => markers(en[key]?.message ?? '').join() !== markers(zh[key]?.message ?? '').join())
      .map((key) => `${key}: en ${markers(en[key]?.message ?? '').join() || '-'} / zh_CN ${markers(zh[key]?.message ?? '').join() || '-'}`);
    expect(mismatched).toEqual([]);
  });

  // A marker lost on the way (a shell expanding "$1", a hand edit) leaves a space at an
  // end or two in a row: " has waited  min" was shipped that way once. Separators are
  // the only messages that are allowed to end in a space.
  it('has no message with a space at either end or two in a row, where a lost $1 would leave one', () => {
    const separators = new Set(['field_separator', 'reason_detail_separator', 'listSeparator']);
    const suspicious = Object.entries(LOCALES).flatMap(([lang, messages]) =>
      Object.entries(messages)
        .filter(([key, { message }]) => !separators.has(key) && (message !== message.trim() || message.includes('  ')))
        .map(([key, { message }]) => `${lang} ${key}: ${JSON.stringify(message)}`),
    );
    expect(suspicious).toEqual([]);
  });

  // A literal call passes values exactly when its message has somewhere to put them:
  // values for a message without markers vanish, and markers with no values read as gaps.
  it('gets values for its $1 markers at every literal call, and none where it has no markers', () => {
    const mismatched: string[] = [];
    for (const file of SOURCES) {
      for (const match of read(file).matchAll(/\bt\('([A-Za-z0-9_]+)'\s*([,)])/g)) {
        const [, key = '', after] = match;
        const hasMarkers = markers(en[key]?.message ?? '').length > 0;
        if (hasMarkers !== (after === ',')) mismatched.push(`${relative(ROOT, file)}: ${key} ${hasMarkers ? 'gets no values' : 'gets values it has no marker for'}`);
      }
    }
    expect(mismatched).toEqual([]);
  });

  // Chrome refuses to load an extension whose messages.json has a name outside
  // [A-Za-z0-9_@] (or starting with "@@"); names are case-insensitive, so they must also
  // differ in more than case.
  it('has names that Chrome accepts: only A-Z a-z 0-9 _ @, unique ignoring case', () => {
    const bad = Object.keys(en).filter((key) => !/^[A-Za-z0-9_@]+$/.test(key) || key.startsWith('@@'));
    expect(bad).toEqual([]);
    const lower = Object.keys(en).map((key) => key.toLowerCase());
    expect(lower.filter((key, i) => lower.indexOf(key) !== i)).toEqual([]);
  });

  it('has every key the code asks for literally', () => {
    const used = literalKeys();
    // The scan finds the code's keys (guards against a regex that matches nothing).
    expect(used.size).toBeGreaterThan(20);
    expect(used.has('extName')).toBe(true);
    const missing = [...used].filter(([key]) => !(key in en)).map(([key, files]) => `${key} (${[...new Set(files)].join(', ')})`);
    expect(missing).toEqual([]);
  });

  it('has every key the code builds at run time', () => {
    const prefixes = dynamicPrefixes();
    expect(prefixes.has('stage_')).toBe(true);
    const unlisted = [...prefixes].filter((prefix) => !(prefix in DYNAMIC_KEYS));
    expect(unlisted).toEqual([]);
    // Every listed prefix, found literally or not: a key built in a variable first
    // (`const key = \`ruleName_${id}\``) escapes the scan above but still needs its messages.
    const missing = Object.entries(DYNAMIC_KEYS)
      .flatMap(([prefix, values]) => values.map((value) => `${prefix}${value}`))
      .filter((key) => !(key in en));
    expect(missing).toEqual([]);
  });

  it('has every key the manifest refers to', () => {
    const config = read(join(ROOT, 'wxt.config.ts'));
    const keys = [...config.matchAll(/__MSG_([A-Za-z0-9_]+)__/g)].map((m) => m[1] as string);
    expect(keys).toContain('extName');
    expect(keys.filter((key) => !(key in en))).toEqual([]);
  });
});
