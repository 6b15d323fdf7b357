/**
 * Records from different chat sites share one database, so every stored id is prefixed
 * with the adapter's site id. Kept apart from the schemas (and from zod) because the
 * content script needs these and nothing else from the model.
 */
export const groupKey = (site: string, externalGroupId: string) => `${site}:${externalGroupId}`;
export const memberKey = (site: string, externalMemberId: string) => `${site}:${externalMemberId}`;
export const messageKey = (groupId: string, externalMessageId: string) => `${groupId}:${externalMessageId}`;
