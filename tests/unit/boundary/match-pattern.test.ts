import fc from 'fast-check';
import { MatchPattern } from 'wxt/utils/match-patterns';
import { profileMatchesUrl } from '../../../lib/adapters/profile/adapter';
import { compileMatchPattern, wildcardMatch } from '../../../lib/adapters/profile/match-pattern';
import { checkMatchPattern } from '../../../lib/adapters/profile/match-pattern-check';

// Issue #11, finding 11: each `*` became `.*` in a RegExp, which backtracks on long URLs.

describe('profile match patterns', () => {
  it('matches paths without any regular expression', () => {
    const test = vi.spyOn(RegExp.prototype, 'test');
    const exec = vi.spyOn(RegExp.prototype, 'exec');
    const compiled = compileMatchPattern('https://chat.example.com/*a*a*a*a*a*a*a*a*b');
    const url = new URL(`https://chat.example.com/${'a'.repeat(3_000)}`);
    test.mockClear();
    exec.mockClear();
    const matched = compiled.matches(url);
    const regexCalls = test.mock.calls.length + exec.mock.calls.length;
    test.mockRestore();
    exec.mockRestore();
    expect(matched).toBe(false);
    expect(regexCalls).toBe(0);
  });

  it('agrees with WXT\'s MatchPattern on ordinary patterns (hosts, sub-domains, schemes, paths)', () => {
    const host = fc.constantFrom('chat.example.com', 'example.com', 'other.org', 'a.chat.example.com');
    const patternHost = fc.constantFrom('chat.example.com', '*.example.com', '*', 'other.org');
    const segment = fc.constantFrom('', 'room', 'a', 'b', '*', 'room*', '*x');
    fc.assert(
      fc.property(fc.constantFrom('http', 'https', '*'), patternHost, fc.array(segment, { maxLength: 3 }), fc.constantFrom('http', 'https'), host, fc.array(fc.constantFrom('room', 'a', 'b', 'xx', 'roomx'), { maxLength: 3 }), (scheme, ph, segs, urlScheme, urlHost, urlSegs) => {
        const pattern = `${scheme}://${ph}/${segs.join('/')}`;
        const url = new URL(`${urlScheme}://${urlHost}/${urlSegs.join('/')}`);
        expect(compileMatchPattern(pattern).matches(url)).toBe(new MatchPattern(pattern).includes(url));
      }),
    );
  });

  it('keeps ports: a pattern without one matches any port, one with a port only that port', () => {
    expect(profileMatchesUrl({ matches: ['http://localhost/*'] }, new URL('http://localhost:5173/chat'))).toBe(true);
    expect(profileMatchesUrl({ matches: ['http://localhost:8080/*'] }, new URL('http://localhost:5173/chat'))).toBe(false);
    expect(profileMatchesUrl({ matches: ['http://localhost:8080/*'] }, new URL('http://localhost:8080/chat'))).toBe(true);
  });

  it('refuses patterns the browsers refuse, naming the pattern', () => {
    expect(checkMatchPattern('https://chat.*.com/*')).toMatch(/chat\.\*\.com/);
    expect(checkMatchPattern('ftp://x/*')).toMatch(/only http, https/);
    expect(checkMatchPattern('https://chat.example.com/*')).toBeNull();
  });

  it('wildcards: the greedy walk handles stars anywhere', () => {
    expect(wildcardMatch('/*', '/')).toBe(true);
    expect(wildcardMatch('/a*b*c', '/aXbYc')).toBe(true);
    expect(wildcardMatch('/a*b*c', '/aXbY')).toBe(false);
    expect(wildcardMatch('/room', '/room2')).toBe(false);
    expect(wildcardMatch('**', '')).toBe(true);
  });
});
