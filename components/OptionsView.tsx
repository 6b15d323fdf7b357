import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { Settings, Tag } from '../lib/model';
import { useT } from '../lib/i18n';
import { RestoreDefaults } from './RestoreDefaults';

interface OptionsViewProps {
  settings: Settings;
  tags: readonly Tag[];
  onSaveSettings: (change: Partial<Settings>) => Promise<string | null>;
  onToggleFavourite: (tag: Tag) => void;
  /** Asks the browser for the notifications permission (a click must be what asks); resolves to whether it was given. */
  requestNotifications?: () => Promise<boolean>;
  /** General settings back to the defaults (name and language stay); returns an error or null. */
  onRestoreDefaults?: () => Promise<string | null>;
  /** Further sections (templates, rules, site profiles, team pack). */
  children?: ComponentChildren;
}

export function OptionsView({ settings, tags, onSaveSettings, onToggleFavourite, onRestoreDefaults, requestNotifications, children }: OptionsViewProps) {
  const t = useT();
  const [staffName, setStaffName] = useState(settings.staffName);
  const [staffNames, setStaffNames] = useState(settings.staffNames.join('\n'));
  const [staffIds, setStaffIds] = useState(settings.staffIds.join('\n'));
  const [language, setLanguage] = useState(settings.language);
  const [inlineBadges, setInlineBadges] = useState(settings.inlineBadges);
  const [slaMinutes, setSlaMinutes] = useState(settings.slaMinutes);
  const [notifyOnMiss, setNotifyOnMiss] = useState(settings.notifyOnMiss);
  const [retentionDays, setRetentionDays] = useState(settings.retentionDays);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const save = async (event: Event) => {
    event.preventDefault();
    const error = await onSaveSettings({
      staffName,
      staffNames: staffNames.split('\n').map((s) => s.trim()).filter(Boolean),
      staffIds: staffIds.split('\n').map((s) => s.trim()).filter(Boolean),
      language,
      inlineBadges,
      slaMinutes,
      notifyOnMiss,
      retentionDays,
    });
    setMessage(error ? { ok: false, text: error } : { ok: true, text: t('saved') });
  };

  return (
    <main class="options" data-testid="gs-options">
      <h1>{t('optionsTitle')}</h1>
      <p>
        <a data-testid="gs-open-dashboard" href="/dashboard.html" target="_blank" rel="noopener">
          {t('dashOpen')}
        </a>{' '}
        ·{' '}
        <a href="/report.html" target="_blank" rel="noopener">
          {t('dashWeeklyReport')}
        </a>
      </p>
      <form onSubmit={save} class="panel">
        <h2>{t('optionsGeneral')}</h2>
        <label>
          {t('optionsStaffName')}
          <input value={staffName} maxLength={100} onInput={(e) => setStaffName((e.currentTarget as HTMLInputElement).value)} />
        </label>
        <label>
          {t('optionsStaffIds')}
          <textarea rows={3} data-testid="gs-staff-ids" value={staffIds} onInput={(e) => setStaffIds((e.currentTarget as HTMLTextAreaElement).value)} />
        </label>
        <p class="hint">{t('optionsStaffIdsHint')}</p>
        <label>
          {t('optionsStaffNames')}
          <textarea rows={3} data-testid="gs-staff-names" value={staffNames} onInput={(e) => setStaffNames((e.currentTarget as HTMLTextAreaElement).value)} />
        </label>
        <p class="hint">{t('optionsStaffNamesHint')}</p>
        <label>
          {t('optionsLanguage')}
          <select value={language} onChange={(e) => setLanguage((e.currentTarget as HTMLSelectElement).value as Settings['language'])}>
            <option value="">{t('languageBrowser')}</option>
            <option value="en">English</option>
            <option value="zh_CN">简体中文</option>
          </select>
        </label>
        <label class="check">
          <input type="checkbox" checked={inlineBadges} onChange={(e) => setInlineBadges((e.currentTarget as HTMLInputElement).checked)} />
          {t('optionsInlineBadges')}
        </label>
        <label>
          {t('optionsSla')}
          <input type="number" min={1} max={1440} value={slaMinutes} onInput={(e) => setSlaMinutes(Number((e.currentTarget as HTMLInputElement).value))} />
        </label>
        <label class="check">
          <input
            type="checkbox"
            data-testid="gs-notify-miss"
            checked={notifyOnMiss}
            onChange={(e) => {
              const on = (e.currentTarget as HTMLInputElement).checked;
              if (!on || !requestNotifications) {
                setNotifyOnMiss(on);
                return;
              }
              void requestNotifications().then((granted) => {
                setNotifyOnMiss(granted);
                if (!granted) setMessage({ ok: false, text: t('notifyPermissionDenied') });
              });
            }}
          />
          {t('optionsNotifyOnMiss')}
        </label>
        <label>
          {t('optionsRetention')}
          <input type="number" min={0} max={3650} value={retentionDays} onInput={(e) => setRetentionDays(Number((e.currentTarget as HTMLInputElement).value))} />
        </label>
        <div class="row-actions">
          <button type="submit">{t('save')}</button>
          {onRestoreDefaults && <RestoreDefaults section="settings" onRestore={onRestoreDefaults} />}
        </div>
        {message && (
          <p role={message.ok ? 'status' : 'alert'} class={message.ok ? 'ok' : 'error'}>
            {message.text}
          </p>
        )}
      </form>
      <section class="panel">
        <h2>{t('sectionTags')}</h2>
        {tags.length === 0 ? (
          <p class="hint">{t('noTagsYet')}</p>
        ) : (
          <ul class="chips">
            {tags.map((tag) => (
              <li key={tag.id} class="chip" style={{ '--chip': tag.color }}>
                <span class="chip-name">{tag.name}</span>
                <button type="button" class="chip-remove" aria-pressed={tag.favourite} aria-label={t('favouriteTag', tag.name)} onClick={() => onToggleFavourite(tag)}>
                  {tag.favourite ? '★' : '☆'}
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      {children}
    </main>
  );
}
