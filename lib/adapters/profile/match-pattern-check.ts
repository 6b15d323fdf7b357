import { MatchPattern } from 'wxt/utils/match-patterns';
import { compileMatchPattern } from './match-pattern';

/**
 * Null when `pattern` is a match pattern we can read, else an error naming it: our own form
 * (scheme, optional port) and WXT's MatchPattern rules (host wildcards only as a leading
 * "*.", a path). MatchPattern refuses ports, so it sees the pattern without one.
 */
export function checkMatchPattern(pattern: string): string | null {
  try {
    compileMatchPattern(pattern);
    const parts = /^([^:/]+):\/\/([^/]*?)(?::\d{1,5})?(\/.*)$/.exec(pattern);
    new MatchPattern(parts ? `${parts[1]}://${parts[2]}${parts[3]}` : pattern);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
