import { useEffect, useState } from 'preact/hooks';
import { type ChangeNotice, touches } from '../lib/messaging/changes';
import { DEFAULT_RULES } from '../lib/rules/packs';
import { describeError } from '../lib/ui/errors';
import type { Translate } from '../lib/i18n';
import { ConfirmDelete, UndoNotice } from './ConfirmDelete';
import { RestoreDefaults } from './RestoreDefaults';
import { WordListEditor } from './WordListEditor';
import type { Client } from '../lib/messaging/client';
import type { RequestOutput } from '../lib/messaging/protocol';
import type { MemberAction } from '../lib/model';
import { RULE_CATEGORIES, type Rule } from '../lib/model/rule';
import { useT } from '../lib/i18n';
import { Evidence } from './Evidence';

type TestResult = RequestOutput<'testMessage'>;

interface WordListDraft {
  /** The rule being edited; absent for a new word list. */
  base?: Rule;
  name: string;
  category: Rule['category'];
  keywords: string[];
  regexes: string;
  memberAction: MemberAction;
}

const DEFAULT_NAMES = new Map(DEFAULT_RULES.map((rule) => [rule.id, rule.name]));

/** Built-in rules are named in the interface language until the team renames them. */
export function ruleLabel(rule: Pick<Rule, 'id' | 'name'>, t: Translate): string {
  // The rules approved words go into (lib/rules/proposals.ts), until the team renames them.
  const learned = /^learned-([a-z]+)$/.exec(rule.id);
  if (learned && rule.name === `Learned words: ${learned[1]}`) return t('ruleName_learned', t(`category_${learned[1]}`));
  if (DEFAULT_NAMES.get(rule.id) !== rule.name) return rule.name;
  const key = `ruleName_${rule.id.replaceAll('-', '_')}`;
  const label = t(key);
  return label === key ? rule.name : label;
}

const wordsDraftOf = (rule: Rule): WordListDraft => ({
  base: rule,
  name: rule.name,
  category: rule.category,
  keywords: [...(rule.triggers.keywords ?? [])],
  regexes: (rule.triggers.regexes ?? []).map((r) => r.pattern).join('\n'),
  memberAction: rule.memberAction,
});

const slug = (name: string) => `custom-${Date.now().toString(36)}-${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 30).toLowerCase()}`;

/**
 * Rules: turn packs on and off, add word lists and regular expressions, edit any rule as
 * JSON (validated by the background, errors name the field), and try a message.
 */
export function RuleManager({
  client,
  initial,
  subscribe,
}: {
  client: Client;
  initial: RequestOutput<'listRules'>;
  subscribe?: (listener: (notice: ChangeNotice) => void) => () => void;
}) {
  const t = useT();
  const [deleted, setDeleted] = useState<Rule | null>(null);
  const [rules, setRules] = useState(initial.rules);
  const [compileErrors, setCompileErrors] = useState(initial.errors);
  const [error, setError] = useState<string | null>(null);
  const [json, setJson] = useState<{ id: string; text: string } | null>(null);
  const [words, setWords] = useState<WordListDraft | null>(null);
  const [testText, setTestText] = useState('');
  const [result, setResult] = useState<TestResult | null>(null);

  const reload = async () => {
    const next = await client.request('listRules', {});
    setRules(next.rules);
    setCompileErrors(next.errors);
  };
  const run = async (action: () => Promise<unknown>) => {
    try {
      await action();
      setError(null);
      await reload();
      return true;
    } catch (e) {
      setError(describeError(e, t));
      return false;
    }
  };
  useEffect(
    () =>
      subscribe?.((notice) => {
        if (touches(notice, 'rules')) void reload();
      }),
    [subscribe],
  );
  const saveWords = async () => {
    if (!words) return;
    // An edited rule keeps everything the word list editor does not show (allow-list,
    // detectors, schedule), and each pattern keeps its own options.
    const before = new Map((words.base?.triggers.regexes ?? []).map((r) => [r.pattern, r]));
    const rule = {
      ...(words.base ?? {}),
      id: words.base?.id ?? slug(words.name),
      name: words.name,
      category: words.category,
      memberAction: words.memberAction,
      triggers: {
        ...(words.base?.triggers ?? {}),
        keywords: words.keywords,
        regexes: words.regexes
          .split('\n')
          .map((p) => p.trim())
          .filter(Boolean)
          .map((pattern) => before.get(pattern) ?? { pattern }),
      },
    };
    if (await run(() => client.request('saveRule', { rule }))) setWords(null);
  };

  return (
    <section class="panel" aria-labelledby="gs-rules-title">
      <h2 id="gs-rules-title">{t('sectionRules')}</h2>
      {compileErrors.length > 0 && (
        <ul class="error" role="alert">
          {compileErrors.map((e) => (
            <li key={`${e.ruleId}-${e.field}`}>{`${e.ruleName || e.ruleId}: ${e.field} ${e.message}`}</li>
          ))}
        </ul>
      )}
      <ul class="plain-list">
        {rules.map((rule) => (
          <li key={rule.id} class="member-row" data-testid="gs-options-rule">
            <label class="check">
              <input type="checkbox" checked={rule.enabled} onChange={() => void run(() => client.request('setRuleEnabled', { id: rule.id, enabled: !rule.enabled }))} />
              {ruleLabel(rule, t)}
            </label>
            <span class="muted">
              {t(`category_${rule.category}`)} · {t(`action_${rule.memberAction}`)}
              {rule.auditOnly ? ` · ${t('auditOnly')}` : ''}
            </span>
            <span class="member-last-seen">
              {((rule.triggers.keywords?.length ?? 0) > 0 || (rule.triggers.regexes?.length ?? 0) > 0) && (
                <button type="button" class="link" data-testid="gs-rule-edit" onClick={() => setWords(wordsDraftOf(rule))}>
                  {t('edit')}
                </button>
              )}
              <button type="button" class="link" data-testid="gs-rule-json" onClick={() => setJson({ id: rule.id, text: JSON.stringify(rule, null, 2) })}>
                {t('editAsJson')}
              </button>
              <ConfirmDelete
                name={ruleLabel(rule, t)}
                onConfirm={() =>
                  void run(async () => {
                    await client.request('deleteRule', { id: rule.id });
                    setDeleted(rule);
                  })
                }
              />
            </span>
          </li>
        ))}
      </ul>
      {deleted && (
        <UndoNotice
          name={ruleLabel(deleted, t)}
          onUndo={() =>
            void run(async () => {
              await client.request('saveRule', { rule: deleted });
              setDeleted(null);
            })
          }
        />
      )}
      {error && (
        <p class="error" role="alert" data-testid="gs-rule-error">
          {error}
        </p>
      )}
      {json && (
        <div class="editor">
          <label>
            {t('ruleJson')}
            <textarea rows={14} class="mono" value={json.text} onInput={(e) => setJson({ ...json, text: (e.currentTarget as HTMLTextAreaElement).value })} />
          </label>
          <div class="row-actions">
            <button
              type="button"
              onClick={async () => {
                let parsed: unknown;
                try {
                  parsed = JSON.parse(json.text);
                } catch (e) {
                  setError(`${t('invalidJson')}: ${e instanceof Error ? e.message : String(e)}`);
                  return;
                }
                if (await run(() => client.request('saveRule', { rule: parsed }))) setJson(null);
              }}
            >
              {t('save')}
            </button>
            <button type="button" class="secondary" onClick={() => setJson(null)}>
              {t('cancel')}
            </button>
          </div>
        </div>
      )}
      {!words && !json && (
        <div class="row-actions">
          <button type="button" onClick={() => setWords({ name: '', category: 'custom', keywords: [], regexes: '', memberAction: 'remind' })}>
            {t('addWordList')}
          </button>
          <RestoreDefaults
            section="rules"
            onRestore={async () => ((await run(() => client.request('restoreDefaults', { section: 'rules' }))) ? null : t('failed_restoreDefaults'))}
          />
        </div>
      )}
      {words && (
        <div class="editor" data-testid="gs-wordlist-editor">
          <label>
            {t('ruleName')}
            <input value={words.name} onInput={(e) => setWords({ ...words, name: (e.currentTarget as HTMLInputElement).value })} />
          </label>
          <div class="filters">
            <label>
              {t('ruleCategory')}
              <select value={words.category} onChange={(e) => setWords({ ...words, category: (e.currentTarget as HTMLSelectElement).value as Rule['category'] })}>
                {RULE_CATEGORIES.map((c) => (
                  <option key={c} value={c}>
                    {t(`category_${c}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('ruleMemberAction')}
              <select value={words.memberAction} onChange={(e) => setWords({ ...words, memberAction: (e.currentTarget as HTMLSelectElement).value as MemberAction })}>
                {(['none', 'remind', 'warn', 'mute', 'remove'] as const).map((a) => (
                  <option key={a} value={a}>
                    {t(`action_${a}`)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <WordListEditor label={t('ruleKeywords')} words={words.keywords} onChange={(keywords) => setWords({ ...words, keywords })} />
          <details class="advanced" open={words.regexes.length > 0}>
            <summary data-testid="gs-rule-advanced">{t('advancedMode')}</summary>
            <label>
              {t('ruleRegexes')}
              <textarea rows={3} class="mono" data-testid="gs-rule-regexes" value={words.regexes} onInput={(e) => setWords({ ...words, regexes: (e.currentTarget as HTMLTextAreaElement).value })} />
            </label>
          </details>
          <div class="row-actions">
            <button type="button" data-testid="gs-wordlist-save" onClick={() => void saveWords()}>
              {t('save')}
            </button>
            <button type="button" class="secondary" onClick={() => setWords(null)}>
              {t('cancel')}
            </button>
          </div>
        </div>
      )}

      <h3>{t('testMessage')}</h3>
      <textarea rows={3} data-testid="gs-rule-test-input" value={testText} aria-label={t('testMessage')} onInput={(e) => setTestText((e.currentTarget as HTMLTextAreaElement).value)} />
      <button type="button" data-testid="gs-rule-test-run" onClick={async () => setResult(await client.request('testMessage', { text: testText, role: 'customer' }))}>
        {t('testRun')}
      </button>
      {result && (
        <div data-testid="gs-rule-test-result">
          {result.length === 0 ? (
            <p class="ok">{t('testNothingFires')}</p>
          ) : (
            <ul class="plain-list">
              {result.map((s) => (
                <li key={s.ruleId} class="suggestion" data-testid="gs-rule-test-hit">
                  <strong>{ruleLabel({ id: s.ruleId, name: s.ruleName }, t)}</strong> <span class="badge-soft">{t(`category_${s.category}`)}</span>{' '}
                  <span class="muted">
                    {t(`action_${s.memberAction}`)} · {s.evidence.join(', ')}
                  </span>
                  <Evidence text={testText} spans={s.spans} />
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
