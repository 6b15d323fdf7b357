import { useState } from 'preact/hooks';
import type { SiteProfile } from '../lib/adapters/profile/schema';
import type { ProfileTestReport } from '../lib/adapters/profile/test-profile';
import { useT } from '../lib/i18n';
import type { ImportDecision } from '../lib/adapters/profile/pack';
import { type ProfileImportResult, ProfilePackImport } from './ProfilePackImport';
import { SiteProfileEditor } from './SiteProfileEditor';

const STARTER = JSON.stringify(
  {
    id: 'my-chat',
    name: 'My web chat',
    matches: ['https://chat.example.com/*'],
    selectors: {
      row: '.message',
      id: [{ attribute: 'data-id' }],
      author: { selector: '.author', keyAttribute: 'data-user-id' },
      text: '.text',
      time: { selector: 'time', attribute: 'datetime' },
      composer: 'textarea',
    },
  },
  null,
  2,
);

interface ProfileManagerProps {
  profiles: SiteProfile[];
  /** Saves (asking the browser for the sites first); returns the new list or an error. */
  onSave: (profile: SiteProfile) => Promise<SiteProfile[] | string>;
  onDelete: (id: string) => Promise<SiteProfile[]>;
  onTest: (profile: SiteProfile) => Promise<ProfileTestReport>;
  /** Offers the profiles as a pack file (one, or all of them). */
  onExport: (profiles: SiteProfile[]) => void;
  /** Asks for the sites of `toWrite`, then imports; the outcome or why nothing was imported. */
  onImport: (incoming: SiteProfile[], decisions: Record<string, ImportDecision>, toWrite: SiteProfile[]) => Promise<ProfileImportResult | string>;
}

/** Site profiles: read a web chat no built-in adapter knows, fixed by the user without a release. */
export function ProfileManager({ profiles: initial, onSave, onDelete, onTest, onExport, onImport }: ProfileManagerProps) {
  const t = useT();
  const [profiles, setProfiles] = useState(initial);
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  return (
    <section class="panel" aria-labelledby="gs-profiles-title">
      <h2 id="gs-profiles-title">{t('sectionProfiles')}</h2>
      <p class="hint">{t('profilesHelp')}</p>
      <ul class="plain-list">
        {profiles.map((p) => (
          <li key={p.id} class="member-row">
            <strong>{p.name}</strong>
            <span class="muted">{p.matches.join(', ')}</span>
            <span class="member-last-seen">
              <button type="button" class="link" onClick={() => setEditing(JSON.stringify(p, null, 2))}>
                {t('edit')}
              </button>
              <button type="button" class="link" data-testid="gs-profile-export" data-profile-id={p.id} onClick={() => onExport([p])}>
                {t('profileExport')}
              </button>
              <button type="button" class="link" onClick={async () => setProfiles(await onDelete(p.id))}>
                {t('delete')}
              </button>
            </span>
          </li>
        ))}
      </ul>
      <div class="row-actions">
        {profiles.length > 1 && (
          <button type="button" data-testid="gs-profile-export-all" onClick={() => onExport(profiles)}>
            {t('profileExportAll', profiles.length)}
          </button>
        )}
        <ProfilePackImport
          existing={profiles}
          onImport={async (incoming, decisions, toWrite) => {
            const result = await onImport(incoming, decisions, toWrite);
            if (typeof result !== 'string') setProfiles(result.profiles);
            return result;
          }}
        />
      </div>
      {editing === null ? (
        <button type="button" onClick={() => setEditing(STARTER)}>
          {t('newProfile')}
        </button>
      ) : (
        <SiteProfileEditor
          value={editing}
          onTest={onTest}
          onSave={async (profile) => {
            const result = await onSave(profile);
            if (typeof result === 'string') {
              setError(result);
              throw new Error(result);
            }
            setError(null);
            setProfiles(result);
          }}
        />
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
