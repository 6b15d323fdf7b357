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
  const importFile = async (file: File) => {
    let pack: unknown;
    try {
      pack = JSON.parse(await file.text());
    } catch (e) {
      setMessage({ ok: false, text: `${t('invalidJson')}: ${e instanceof Error ? e.message : String(e)}` });
      return;
    }
    try {
      const counts = await client.request('importTeamPack', { pack });
      setMessage({ ok: true, text: t('packImported', counts.rules, counts.templates, counts.tags) });
    } catch (e) {
      setMessage({ ok: false, text: e instanceof Error ? e.message : String(e) });
    }
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
      {message && (
        <p role={message.ok ? 'status' : 'alert'} class={message.ok ? 'ok' : 'error'} data-testid="gs-pack-message">
          {message.text}
        </p>
      )}
    </section>
  );
}
