import { useState } from 'preact/hooks';
import type { Client } from '../lib/messaging/client';
import type { RequestOutput } from '../lib/messaging/protocol';
import type { MemberAction } from '../lib/model';
import { RULE_CATEGORIES, type Rule } from '../lib/model/rule';
import { useT } from '../lib/i18n';
import { Evidence } from './Evidence';

type TestResult = RequestOutput<'testMessage'>;

interface WordListDraft {
  name: string;
  category: Rule['category'];
  keywords: string;
  regexes: string;
  memberAction: MemberAction;
}

const slug = (name: string) => `custom-${Date.now().toString(36)}-${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 30).toLowerCase()}`;

/**
 * Rules: turn packs on and off, add word lists and regular expressions, edit any rule as
 * JSON (validated by the background, errors name the field), and try a message.
 */
export function RuleManager({ client, initial }: { client: Client; initial: RequestOutput<'listRules'> }) {
  const t = useT();
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
      setError(e instanceof Error ? e.message : String(e));
      return false;
    }
  };
  const saveWords = async () => {
    if (!words) return;
    const rule = {
      id: slug(words.name),
      name: words.name,
      category: words.category,
      memberAction: words.memberAction,
      triggers: {
        keywords: words.keywords.split('\n').map((w) => w.trim()).filter(Boolean),
        regexes: words.regexes.split('\n').map((p) => p.trim()).filter(Boolean).map((pattern) => ({ pattern })),
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
              {rule.name}
            </label>
            <span class="muted">
              {t(`category_${rule.category}`)} · {t(`action_${rule.memberAction}`)}
              {rule.auditOnly ? ` · ${t('auditOnly')}` : ''}
            </span>
            <span class="member-last-seen">
              <button type="button" class="link" onClick={() => setJson({ id: rule.id, text: JSON.stringify(rule, null, 2) })}>
                {t('edit')}
              </button>
              <button type="button" class="link" onClick={() => void run(() => client.request('deleteRule', { id: rule.id }))}>
                {t('delete')}
              </button>
            </span>
          </li>
        ))}
      </ul>
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
        <button type="button" onClick={() => setWords({ name: '', category: 'custom', keywords: '', regexes: '', memberAction: 'remind' })}>
          {t('addWordList')}
        </button>
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
          <label>
            {t('ruleKeywords')}
            <textarea rows={5} value={words.keywords} onInput={(e) => setWords({ ...words, keywords: (e.currentTarget as HTMLTextAreaElement).value })} />
          </label>
          <label>
            {t('ruleRegexes')}
            <textarea rows={3} class="mono" data-testid="gs-rule-regexes" value={words.regexes} onInput={(e) => setWords({ ...words, regexes: (e.currentTarget as HTMLTextAreaElement).value })} />
          </label>
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
                  <strong>{s.ruleName}</strong> <span class="badge-soft">{t(`category_${s.category}`)}</span>{' '}
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
