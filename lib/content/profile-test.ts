import { formatProfileError, parseSiteProfile } from '../adapters/profile/schema';
import { type ProfileTestReport, testProfile } from '../adapters/profile/test-profile';

export type ProfileTestReply = { ok: true; report: ProfileTestReport } | { ok: false; error: string };

/** Runs a site profile against this page; works whether or not any adapter reads the page. */
export function runProfileTest(input: unknown, root: Document): ProfileTestReply {
  const parsed = parseSiteProfile(input);
  if (!parsed.ok) return { ok: false, error: parsed.errors.slice(0, 3).map(formatProfileError).join('; ') };
  return { ok: true, report: testProfile(parsed.profile, root) };
}
