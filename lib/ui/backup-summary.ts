const COUNTED = ['groups', 'members', 'messages', 'notes', 'cases', 'rules', 'templates', 'tags', 'groupSettings'] as const;

export type BackupSummary =
  | { ok: true; exportedAt: number | null; counts: Record<(typeof COUNTED)[number], number>; hasSettings: boolean }
  | { ok: false };

/**
 * What a backup file holds, counted before anything is restored (the background checks
 * the file in full when staff confirm). Not a GroupSteward backup: `ok: false`.
 */
export function summarizeBackup(value: unknown): BackupSummary {
  if (typeof value !== 'object' || value === null) return { ok: false };
  const backup = value as Record<string, unknown>;
  if (backup.format !== 'groupsteward-backup') return { ok: false };
  const counts = Object.fromEntries(COUNTED.map((key) => [key, Array.isArray(backup[key]) ? (backup[key] as unknown[]).length : 0])) as Record<
    (typeof COUNTED)[number],
    number
  >;
  return {
    ok: true,
    exportedAt: typeof backup.exportedAt === 'number' ? backup.exportedAt : null,
    counts,
    hasSettings: typeof backup.settings === 'object' && backup.settings !== null,
  };
}
