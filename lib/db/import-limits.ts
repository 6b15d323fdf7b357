/**
 * Largest files the options page reads for an import, checked on the file's size before its
 * text is read or parsed: a huge or hostile file must not freeze the page or fill memory.
 * A backup carries message history (a busy year is tens of MB); a team pack only rules,
 * templates and tags.
 */
export const MAX_IMPORT_BYTES = {
  backup: 200 * 1024 * 1024,
  teamPack: 10 * 1024 * 1024,
  /** Site profiles are a few kB each; a pack holds at most 50. */
  profilePack: 1024 * 1024,
} as const;

export type ImportKind = keyof typeof MAX_IMPORT_BYTES;

/** Null when `bytes` may be read; otherwise the size and the limit, in MB, for the error message. */
export function importTooLarge(kind: ImportKind, bytes: number): { sizeMb: string; limitMb: string } | null {
  const limit = MAX_IMPORT_BYTES[kind];
  if (bytes <= limit) return null;
  return { sizeMb: (bytes / 1024 / 1024).toFixed(1), limitMb: String(Math.round(limit / 1024 / 1024)) };
}
