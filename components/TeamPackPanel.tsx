import { useState } from 'preact/hooks';
import type { Client } from '../lib/messaging/client';
import { useT } from '../lib/i18n';

interface TeamPackPanelProps {
  client: Client;
  /** Offers the text as a file download (the page does the browser part). */
  download: (fileName: string, text: string) => void;
}

/** Share rules, templates and tags with the team; members, messages and notes never leave. */
export function TeamPackPanel({ client, download }: TeamPackPanelProps) {
  const t = useT();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const readJson = async (file: File): Promise<unknown> => {
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
      setMessage({ ok: false, text: e instanceof Error ? e.message : String(e) });
    }
  };
  const importFile = (file: File) =>
    run(async () => {
      const counts = await client.request('importTeamPack', { pack: await readJson(file) });
      return t('packImported', counts.rules, counts.templates, counts.tags);
    });
  const restoreFile = (file: File) =>
    run(async () => {
      const counts = await client.request('importBackup', { backup: await readJson(file) });
      return t('backupRestored', counts.members ?? 0, counts.messages ?? 0);
    });
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
              if (file) void restoreFile(file);
            }}
          />
        </label>
      </div>
      {message && (
        <p role={message.ok ? 'status' : 'alert'} class={message.ok ? 'ok' : 'error'} data-testid="gs-pack-message">
          {message.text}
        </p>
      )}
    </section>
  );
}
