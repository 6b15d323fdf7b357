export { createProfileAdapter, messageText, PROFILE_ADAPTER_PREFIX, parseTimeValue, profileAdapterId, profileMatchesUrl, stableHash } from './adapter';
export type { ProfileAdapterOptions } from './adapter';
export {
  formatProfileError,
  isValidSelector,
  parseSiteProfile,
  parseSiteProfileJson,
  SiteProfileSchema,
} from './schema';
export type { ProfileError, ProfileParse, SiteProfile, SiteProfileInput } from './schema';
export { testProfile } from './test-profile';
export type { ProfileTestReport } from './test-profile';
