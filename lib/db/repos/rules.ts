import { parseRules, type Rule, type RuleFieldError } from '../../model/rule';
import { compileUserRegex } from '../../rules/regex';
import type { Database } from '../open';

/**
 * parseRules, plus the check the schema cannot make: every regular expression compiles on
 * the safe engine. A rule saved with a broken pattern would otherwise be stored and then
 * silently left out by the engine; the person entering it must hear about it instead.
 */
export function parseRulesForSaving(input: unknown): { rules: Rule[]; errors: RuleFieldError[] } {
  const { rules, errors } = parseRules(input);
  const list = Array.isArray(input) ? input : [];
  const failed = new Set(errors.map((e) => e.index));
  const valid: Rule[] = [];
  for (const rule of rules) {
    const index = list.findIndex((raw, i) => !failed.has(i) && (raw as { id?: unknown } | null)?.id === rule.id);
    const before = errors.length;
    rule.triggers.regexes.forEach((r, i) => {
      const compiled = compileUserRegex(r.pattern, { caseInsensitive: r.caseInsensitive });
      if (!compiled.ok) errors.push({ index, ruleId: rule.id, ruleName: rule.name, field: `triggers.regexes.${i}.pattern`, message: compiled.error });
    });
    if (errors.length === before) valid.push(rule);
  }
  errors.sort((a, b) => a.index - b.index);
  return { rules: valid, errors };
}

export async function listRules(db: Database): Promise<Rule[]> {
  // Stored rules were validated when saved; parsing again fills defaults added since.
  return parseRules(await db.getAll('rules')).rules;
}

/** Validates and saves one rule; the error names the rule and the field. */
export async function saveRule(db: Database, input: unknown): Promise<Rule> {
  const { rules, errors } = parseRulesForSaving([input]);
  const error = errors[0];
  if (error || !rules[0]) {
    throw new Error(`rule "${error?.ruleName || error?.ruleId || '?'}": ${error?.field ? `${error.field}: ` : ''}${error?.message ?? 'invalid'}`);
  }
  await db.put('rules', rules[0]);
  return rules[0];
}

export async function setRuleEnabled(db: Database, id: string, enabled: boolean): Promise<Rule> {
  const tx = db.transaction('rules', 'readwrite');
  const rule = await tx.store.get(id);
  if (!rule) throw new Error(`unknown rule "${id}"`);
  const next = { ...rule, enabled };
  await tx.store.put(next);
  await tx.done;
  return parseRules([next]).rules[0] as Rule;
}

export function deleteRule(db: Database, id: string): Promise<void> {
  return db.delete('rules', id);
}
