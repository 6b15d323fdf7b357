import { createRequestClient, type SendMessage } from './request-client';

/**
 * The requests a content script may make (their schemas: content-requests.ts; the server
 * refuses every other request from a content script). Listed here without zod so the
 * content script imports none.
 */
export const CONTENT_REQUEST_NAMES = [
  'ingest',
  'reportStatus',
  'listTemplates',
  'getMemberBadges',
  'siteProfilesFor',
  'getSettings',
  'getPageLabels',
  'getSlashContext',
  'setSidebarState',
  'recordTemplateUse',
] as const;
export type ContentRequestName = (typeof CONTENT_REQUEST_NAMES)[number];

/** The content script's client: only the requests above, unparsed here, parsed by the background. */
export function createContentClient(send: SendMessage) {
  return createRequestClient<ContentRequestName>(null, send);
}
