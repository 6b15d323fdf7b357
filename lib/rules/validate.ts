import { parseRules, type Rule, type RuleFieldError } from '../model/rule';
import { compileUserRegex, type SafeRegex } from './regex';

export interface ValidRule {
  rule: Rule;
  /** Position in the input list. */
  index: number;
  /** The rule's regular expressions, compiled, in the order of `triggers.regexes`. */
  regexes: SafeRegex[];
}

/**
 * Everything a rule must pass before it is saved or compiled: the schema, a unique id, and
 * every regular expression compiling on the safe engine (which the schema cannot check).
 * Each rule is judged on its own, so one bad rule is reported by index, id, name and field
 * and the others are kept. The engine and the store both use this, so a rule the engine
 * would leave out is refused where it is entered.
 */
export function validateRules(input: unknown): { valid: ValidRule[]; errors: RuleFieldError[] } {
  if (!Array.isArray(input)) return { valid: [], errors: parseRules(input).errors };
  const valid: ValidRule[] = [];
  const errors: RuleFieldError[] = [];
  const ids = new Set<string>();
  input.forEach((raw, index) => {
    const parsed = parseRules([raw]);
    const rule = parsed.rules[0];
    if (!rule) {
      errors.push(...parsed.errors.map((error) => ({ ...error, index })));
      return;
    }
    if (ids.has(rule.id)) {
      errors.push({ index, ruleId: rule.id, ruleName: rule.name, field: 'id', message: `duplicate rule id "${rule.id}"` });
      return;
    }
    const regexes: SafeRegex[] = [];
    const before = errors.length;
    // A weighted phrase listed twice would add its weight twice to every message with it.
    const phrases = new Map<string, number>();
    rule.triggers.weighted.forEach((w, i) => {
      const key = w.pattern.toLowerCase();
      const first = phrases.get(key);
      if (first === undefined) phrases.set(key, i);
      else {
        errors.push({
          index,
          ruleId: rule.id,
          ruleName: rule.name,
          field: `triggers.weighted.${i}.pattern`,
          message: `weighted phrase "${w.pattern}" is listed twice (also at ${first})`,
        });
      }
    });
    rule.triggers.regexes.forEach((r, i) => {
      const compiled = compileUserRegex(r.pattern, { caseInsensitive: r.caseInsensitive });
      if (compiled.ok) regexes.push(compiled.regex);
      else errors.push({ index, ruleId: rule.id, ruleName: rule.name, field: `triggers.regexes.${i}.pattern`, message: compiled.error });
    });
    if (errors.length > before) return;
    ids.add(rule.id);
    valid.push({ rule, index, regexes });
  });
  return { valid, errors };
}
