import { useState } from 'preact/hooks';
import { type ImportDecision, type ImportPlanItem, parseProfilePack, planProfileImport } from '../lib/adapters/profile/pack';
import { formatProfileError, type ProfileError, type SiteProfile } from '../lib/adapters/profile/schema';
import { importTooLarge } from '../lib/db/import-limits';
import { useT } from '../lib/i18n';

export interface ProfileImportResult {
  added: number;
  replaced: number;
  kept: number;
  unchanged: number;
  profiles: SiteProfile[];
}

interface ProfilePackImportProps {
  /** The profiles saved on this install, to find the sites that already have one. */
  existing: SiteProfile[];
  /**
   * Asks the browser for the sites of `toWrite` (inside the click), then imports. Returns
   * the outcome, or a sentence saying why nothing was imported.
   */
  onImport: (incoming: SiteProfile[], decisions: Record<string, ImportDecision>, toWrite: SiteProfile[]) => Promise<ProfileImportResult | string>;
}

type Stage =
  | { kind: 'idle' }
  | { kind: 'invalid'; fileName: string; errors: ProfileError[] }
  | { kind: 'preview'; fileName: string; plan: ImportPlanItem[] }
  | { kind: 'done'; result: ProfileImportResult }
  | { kind: 'failed'; message: string };

/**
 * Imports a site profile pack (or one profile file): validated in full here before anything
 * is asked (errors name the field), then shown with what each profile would do. A site that
 * already has a profile is never overwritten unasked: staff choose replace or keep for each.
 */
export function ProfilePackImport({ existing, onImport }: ProfilePackImportProps) {
  const t = useT();
  const [stage, setStage] = useState<Stage>({ kind: 'idle' });
  const [decisions, setDecisions] = useState<Record<string, ImportDecision>>({});
  const [busy, setBusy] = useState(false);

  const read = async (file: File) => {
    setDecisions({});
    const tooLarge = importTooLarge('profilePack', file.size);
    if (tooLarge) return setStage({ kind: 'failed', message: t('importTooLarge', file.name, tooLarge.sizeMb, tooLarge.limitMb) });
    let value: unknown;
    try {
      value = JSON.parse(await file.text());
    } catch (error) {
      return setStage({ kind: 'invalid', fileName: file.name, errors: [{ field: '', message: t('profileInvalidJson', (error as Error).message) }] });
    }
    const parsed = parseProfilePack(value);
    if (!parsed.ok) return setStage({ kind: 'invalid', fileName: file.name, errors: parsed.errors });
    setStage({ kind: 'preview', fileName: file.name, plan: planProfileImport(parsed.profiles, existing) });
  };

  const plan = stage.kind === 'preview' ? stage.plan : [];
  const open = plan.filter((item) => item.status.kind === 'conflict' && !decisions[item.profile.id]);
  const toWrite = plan.filter((item) => item.status.kind === 'new' || (item.status.kind === 'conflict' && decisions[item.profile.id] === 'replace')).map((item) => item.profile);

  const confirm = async () => {
    if (busy || open.length > 0) return;
    setBusy(true);
    try {
      const result = await onImport(
        plan.map((item) => item.profile),
        decisions,
        toWrite,
      );
      setStage(typeof result === 'string' ? { kind: 'failed', message: result } : { kind: 'done', result });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="profile-import">
      <label class="file-button">
        {t('profileImport')}
        <input
          type="file"
          accept="application/json,.json"
          data-testid="gs-profile-import"
          onChange={(event) => {
            const input = event.currentTarget as HTMLInputElement;
            const file = input.files?.[0];
            if (file) void read(file);
            input.value = '';
          }}
        />
      </label>
      {stage.kind === 'invalid' && (
        <div role="alert" class="error" data-testid="gs-profile-import-errors">
          <p>{t('profileImportInvalid', stage.fileName)}</p>
          <ul>
            {stage.errors.map((error) => (
              <li key={`${error.field}|${error.message}`} data-testid="gs-profile-import-error" data-field={error.field}>
                {formatProfileError(error)}
              </li>
            ))}
          </ul>
        </div>
      )}
      {stage.kind === 'preview' && (
        <div class="editor" data-testid="gs-profile-import-preview">
          <p>{t('profileImportPreview', stage.fileName, plan.length)}</p>
          <ul class="plain-list">
            {plan.map((item) => (
              <li key={item.profile.id} data-testid="gs-profile-import-item" data-profile-id={item.profile.id} data-status={item.status.kind}>
                <strong>{item.profile.name}</strong> <span class="muted">{item.profile.matches.join(', ')}</span>{' '}
                {item.status.kind === 'new' && <span>{t('profileImportNew')}</span>}
                {item.status.kind === 'unchanged' && <span>{t('profileImportUnchanged')}</span>}
                {item.status.kind === 'conflict' && (
                  <fieldset class="import-choice">
                    <legend>{t('profileImportConflict', item.status.existing.map((e) => e.name).join(', '))}</legend>
                    {(['replace', 'keep'] as const).map((choice) => (
                      <label key={choice}>
                        <input
                          type="radio"
                          name={`gs-import-${item.profile.id}`}
                          data-testid={`gs-profile-import-${choice}`}
                          data-profile-id={item.profile.id}
                          checked={decisions[item.profile.id] === choice}
                          onChange={() => setDecisions({ ...decisions, [item.profile.id]: choice })}
                        />{' '}
                        {t(choice === 'replace' ? 'profileImportReplace' : 'profileImportKeep')}
                      </label>
                    ))}
                  </fieldset>
                )}
              </li>
            ))}
          </ul>
          {open.length > 0 && <p class="hint">{t('profileImportChoose', open.length)}</p>}
          {toWrite.length > 0 && <p class="hint">{t('profileImportPermission', toWrite.flatMap((p) => p.matches).join(', '))}</p>}
          <div class="row-actions">
            <button type="button" class="primary" data-testid="gs-profile-import-confirm" disabled={busy || open.length > 0} onClick={() => void confirm()}>
              {t('profileImportConfirm')}
            </button>
            <button type="button" class="secondary" data-testid="gs-profile-import-cancel" onClick={() => setStage({ kind: 'idle' })}>
              {t('cancel')}
            </button>
          </div>
        </div>
      )}
      {stage.kind === 'done' && (
        <p role="status" class="ok" data-testid="gs-profile-import-message" data-state="ok">
          {t('profileImported', stage.result.added, stage.result.replaced, stage.result.kept, stage.result.unchanged)}
        </p>
      )}
      {stage.kind === 'failed' && (
        <p role="alert" class="error" data-testid="gs-profile-import-message" data-state="error">
          {stage.message}
        </p>
      )}
    </div>
  );
}
