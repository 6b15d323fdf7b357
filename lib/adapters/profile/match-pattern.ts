/**
 * Site-profile match patterns (`https://chat.example.com/*`, `*://*.example.org:8443/app/*`).
 *
 * Patterns are checked on save by WXT's MatchPattern (scheme and host rules as the
 * browsers apply them; match-pattern-check.ts, kept out of the content script). Paths are NOT matched with a regular expression: turning each `*`
 * into `.*` (what the old code did, and what MatchPattern.includes does too) backtracks on
 * a long URL against a pattern with several stars (issue #11, finding 11). The path is
 * matched by the classic greedy wildcard walk, which never revisits more than
 * O(path × pattern) positions and allocates nothing. Ports are ours to add: a pattern
 * without one matches every port (local chat servers run on any port); MatchPattern
 * itself refuses ports, so the port is taken off before it parses.
 */

export interface CompiledMatchPattern {
  readonly pattern: string;
  matches(url: URL): boolean;
}

const PATTERN = /^([^:/]+):\/\/([^/]*)(\/.*)$/;

/** Compiles `pattern`; throws an error naming what is wrong with its form (full checks: checkMatchPattern). */
export function compileMatchPattern(pattern: string): CompiledMatchPattern {
  const parts = PATTERN.exec(pattern);
  if (!parts) throw new Error(`"${pattern}" is not a match pattern like https://chat.example.com/*`);
  const [, scheme = '', hostAndPort = '', path = '/*'] = parts;
  if (scheme !== '*' && scheme !== 'http' && scheme !== 'https') throw new Error(`"${pattern}": only http, https or * schemes can be read`);
  const portMatch = /^(.*?)(?::(\d{1,5}))?$/.exec(hostAndPort);
  const host = (portMatch?.[1] ?? hostAndPort).toLowerCase();
  const port = portMatch?.[2];
  const schemes = scheme === '*' ? ['http:', 'https:'] : [`${scheme}:`];
  return {
    pattern,
    matches(url) {
      if (!schemes.includes(url.protocol)) return false;
      const hostname = url.hostname.toLowerCase();
      if (host !== '*') {
        if (host.startsWith('*.')) {
          const base = host.slice(2);
          if (hostname !== base && !hostname.endsWith(`.${base}`)) return false;
        } else if (hostname !== host) return false;
      }
      if (port !== undefined && url.port !== port) return false;
      return wildcardMatch(path, url.pathname + url.search);
    },
  };
}

/**
 * `*` matches any run of characters, everything else itself. Greedy with one remembered
 * star: on a mismatch, only the last star absorbs one more character, so the work is
 * bounded by text length × pattern length, whatever the number of stars.
 */
export function wildcardMatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (t < text.length) {
    if (p < pattern.length && pattern[p] !== '*' && pattern[p] === text[t]) {
      p++;
      t++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      resume = t;
    } else if (star !== -1) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}
