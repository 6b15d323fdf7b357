import { SiteProfileSchema } from '../adapters/profile/schema';

/** The grant page's address carries the origins; the options page reads them back with `grantOriginsFrom`. */
export const GRANT_PARAM = 'grant';

export function grantPagePath(origins: string[]): string {
  return `/options.html?${GRANT_PARAM}=${encodeURIComponent(JSON.stringify(origins))}`;
}

/** The origins a grant page was opened for; null when the address holds none or anything that is not a match pattern. */
export function grantOriginsFrom(search: string): string[] | null {
  const raw = new URLSearchParams(search).get(GRANT_PARAM);
  if (!raw) return null;
  try {
    const parsed = SiteProfileSchema.shape.matches.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
