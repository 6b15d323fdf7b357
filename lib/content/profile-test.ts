import type { SiteProfile } from '../adapters/profile/schema';
import { type ProfileTestReport, testProfile } from '../adapters/profile/test-profile';

export type ProfileTestReply = { ok: true; report: ProfileTestReport } | { ok: false; error: string };

/**
 * Runs a site profile against this page; works whether or not any adapter reads the page.
 * The options page validated the profile in full (parseSiteProfile) before sending it, and
 * only this extension can send it; the content script does not carry the profile schema
 * (zod's full build), so a profile that still breaks the adapter is reported, not thrown.
 */
export function runProfileTest(profile: SiteProfile, root: Document): ProfileTestReply {
  try {
    return { ok: true, report: testProfile(profile, root) };
  } catch (error) {
    return { ok: false, error: `the profile could not be run: ${error instanceof Error ? error.message : String(error)}` };
  }
}
