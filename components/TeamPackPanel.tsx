import { useState } from 'preact/hooks';
import type { Client } from '../lib/messaging/client';
import { useT } from '../lib/i18n';
import { describeError } from '../lib/ui/errors';
import { type ImportKind, importTooLarge } from '../lib/db/import-limits';
import { type BackupSummary, summarizeBackup } from '../lib/ui/backup-summary';

interface TeamPackPanelProps {
  client: Client;
  /** Offers the text as a file download (the page does the browser part). */
  download: (fileName: string, text: string) => void;
}

/** Share rules, templates and tags with the team; members, messages and notes never leave. */
export function TeamPackPanel({ client, download }: TeamPackPanelProps) {
  const t = useT();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  /** A backup read from a file, waiting for staff to choose merge or replace. */
  const [pending, setPending] = useState<{ backup: unknown; summary: BackupSummary } | null>(null);
  const readJson = async (file: File, kind: ImportKind): Promise<unknown> => {
    const tooLarge = importTooLarge(kind, file.size);
    if (tooLarge) throw new Error(t('importTooLarge', file.name, tooLarge.sizeMb, tooLarge.limitMb));
    try {
      return JSON.parse(await file.text());
    } catch (e) {
      throw new Error(`${t('invalidJson')}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const run = async (action: () => Promise<string>) => {
    try {
      setMessage({ ok: true, text: await action() });
    } catch (e) {
      setMessage({ ok: false, text: describeError(e, t) });
    }
  };
  const importFile = (file: File) =>
    run(async () => {
      const counts = await client.request('importTeamPack', { pack: await readJson(file, 'teamPack') });
      const guarded = counts.sendDirectlyOff > 0 || counts.builtInsKept > 0 ? ` ${t('packImportGuarded', counts.sendDirectlyOff, counts.builtInsKept)}` : '';
      const notes = guarded + (counts.builtInRulesChanged > 0 ? ` ${t('packImportBuiltInRules', counts.builtInRulesChanged)}` : '');
      return t('packImported', counts.rules, counts.templates, counts.tags) + notes;
    });
  // A restore first says what the file holds and asks how to restore it.
  const readBackup = async (file: File) => {
    setMessage(null);
    setPending(null);
    try {
      const backup = await readJson(file, 'backup');
      setPending({ backup, summary: summarizeBackup(backup) });
    } catch (e) {
      setMessage({ ok: false, text: describeError(e, t) });
    }
  };
  const restore = (mode: 'merge' | 'replace') => {
    const chosen = pending;
    setPending(null);
    if (!chosen) return;
    void run(async () => {
      const counts = await client.request('importBackup', { backup: chosen.backup, mode });
      return t('backupRestoredFull', counts.members ?? 0, counts.messages ?? 0, counts.rules ?? 0, counts.templates ?? 0, counts.settings ?? 0);
    });
  };
  return (
    <section class="panel" aria-labelledby="gs-pack-title">
      <h2 id="gs-pack-title">{t('sectionTeamPack')}</h2>
      <p class="hint">{t('teamPackHelp')}</p>
      <div class="row-actions">
        <button
          type="button"
          data-testid="gs-pack-export"
          onClick={async () => {
            const pack = await client.request('exportTeamPack', {});
            download(`groupsteward-team-pack-${new Date(pack.exportedAt).toISOString().slice(0, 10)}.json`, JSON.stringify(pack, null, 2));
          }}
        >
          {t('exportPack')}
        </button>
        <label class="file-button">
          {t('importPack')}
          <input
            type="file"
            accept="application/json,.json"
            data-testid="gs-pack-import"
            onChange={(e) => {
              const file = (e.currentTarget as HTMLInputElement).files?.[0];
              if (file) void importFile(file);
            }}
          />
        </label>
      </div>
      <h3>{t('sectionBackup')}</h3>
      <p class="hint">{t('backupHelp')}</p>
      <div class="row-actions">
        <button
          type="button"
          data-testid="gs-backup-export"
          onClick={async () => {
            const backup = await client.request('exportBackup', {});
            download(`groupsteward-backup-${new Date().toISOString().slice(0, 10)}.json`, JSON.stringify(backup));
          }}
        >
          {t('exportBackup')}
        </button>
        <label class="file-button">
          {t('importBackup')}
          <input
            type="file"
            accept="application/json,.json"
            data-testid="gs-backup-import"
            onChange={(e) => {
              const file = (e.currentTarget as HTMLInputElement).files?.[0];
              if (file) void readBackup(file);
              (e.currentTarget as HTMLInputElement).value = '';
            }}
          />
        </label>
      </div>
      {pending && (
        <div class="editor" data-testid="gs-backup-preview">
          {pending.summary.ok ? (
            <>
              <p>{t('backupPreview', pending.summary.exportedAt ? new Date(pending.summary.exportedAt).toLocaleString() : '—')}</p>
              <p data-testid="gs-backup-counts">
                {t(
                  'backupPreviewCounts',
                  pending.summary.counts.groups,
                  pending.summary.counts.members,
                  pending.summary.counts.messages,
                  pending.summary.counts.notes,
                  pending.summary.counts.cases,
                  pending.summary.counts.rules,
                  pending.summary.counts.templates,
                  pending.summary.counts.tags,
                )}
              </p>
              <p>{pending.summary.hasSettings ? t('backupPreviewSettings', pending.summary.counts.groupSettings) : t('backupPreviewNoSettings')}</p>
              <p class="hint">{t('backupReplaceWarning')}</p>
              <div class="row-actions">
                <button type="button" data-testid="gs-backup-merge" onClick={() => restore('merge')}>
                  {t('backupMerge')}
                </button>
                <button type="button" class="danger" data-testid="gs-backup-replace" onClick={() => restore('replace')}>
                  {t('backupReplace')}
                </button>
                <button type="button" class="secondary" data-testid="gs-backup-cancel" onClick={() => setPending(null)}>
                  {t('cancel')}
                </button>
              </div>
            </>
          ) : (
            <p class="error" role="alert">
              {t('backupNotRecognised')}
            </p>
          )}
        </div>
      )}
      {message && (
        <p role={message.ok ? 'status' : 'alert'} class={message.ok ? 'ok' : 'error'} data-testid="gs-pack-message">
          {message.text}
        </p>
      )}
    </section>
  );
}
