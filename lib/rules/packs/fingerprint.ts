/**
 * A built-in rule's fingerprint: FNV-1a over its JSON with keys sorted, leaving out
 * `enabled` (switching a rule off is a preference, not an edit). Two records with the same
 * fingerprint have the same content, so an upgrade can tell a built-in rule nobody touched
 * (its fingerprint is one the extension shipped) from one the team edited.
 */
export function ruleFingerprint(rule: unknown): string {
  const text = stableJson(rule, true);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${hash.toString(16).padStart(8, '0')}-${text.length.toString(16)}`;
}

function stableJson(value: unknown, top = false): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => stableJson(v)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([k, v]) => v !== undefined && !(top && k === 'enabled'))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
}
