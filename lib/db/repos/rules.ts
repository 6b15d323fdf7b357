import { parseRules, type Rule, type RuleFieldError } from '../../model/rule';
import { validateRules } from '../../rules/validate';
import type { Database } from '../open';

/** The rules as the store takes them: valid, with compiling patterns (see validateRules). */
export function parseRulesForSaving(input: unknown): { rules: Rule[]; errors: RuleFieldError[] } {
  const { valid, errors } = validateRules(input);
  return { rules: valid.map((v) => v.rule), errors };
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
