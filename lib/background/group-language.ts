import { getRecentGroupMessages } from '../db/repos/groups';
import type { Database } from '../db/open';
import { detectGroupLanguage, type TextLanguage } from '../i18n/detect-language';

/** Enough recent messages to tell the language, few enough to read on every request. */
const DETECTION_WINDOW = 200;

export interface GroupLanguage {
  /** What templates use: staff's choice, else the detected language. */
  language: TextLanguage;
  detected: TextLanguage;
  chosen: TextLanguage | null;
}

/**
 * The language of a group's customers, which picks the template variant (a Chinese group
 * gets the Chinese warning whatever language the staff member's interface is in). Staff
 * messages are left out: staff may write in their own language. `fallback` (the interface
 * language) decides for a group with nothing readable yet.
 */
export async function getGroupLanguage(db: Database, groupId: string, fallback: TextLanguage): Promise<GroupLanguage> {
  const [group, recent] = await Promise.all([db.get('groups', groupId), getRecentGroupMessages(db, groupId, DETECTION_WINDOW)]);
  const texts = recent.filter((m) => m.kind === 'message' && m.role !== 'staff').map((m) => m.text);
  const detected = detectGroupLanguage(texts, fallback);
  const chosen = group?.language ?? null;
  return { language: chosen ?? detected, detected, chosen };
}

/** `null` goes back to detection. */
export async function setGroupLanguage(db: Database, groupId: string, language: TextLanguage | null, fallback: TextLanguage): Promise<GroupLanguage> {
  const tx = db.transaction('groups', 'readwrite');
  const group = await tx.store.get(groupId);
  if (!group) throw new Error(`unknown group "${groupId}"`);
  if (language) group.language = language;
  else delete group.language;
  await tx.store.put(group);
  await tx.done;
  return getGroupLanguage(db, groupId, fallback);
}
