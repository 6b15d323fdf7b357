import { useState } from 'preact/hooks';
import { WEEKDAYS } from '../lib/analytics/business-hours';
import type { GroupHealthConfig } from '../lib/analytics/health-config';
import { useT } from '../lib/i18n';

interface GroupHealthSettingsProps {
  load: () => Promise<GroupHealthConfig>;
  /** Resolves to an error message naming the field, or null when saved. */
  save: (config: unknown) => Promise<string | null>;
}

/** A group's response-time target and business hours, folded away until opened. */
export function GroupHealthSettings({ load, save }: GroupHealthSettingsProps) {
  const t = useT();
  const [config, setConfig] = useState<GroupHealthConfig | null>(null);
  const [hoursOn, setHoursOn] = useState(false);
  const [days, setDays] = useState<Record<string, string>>({});
  const [timeZone, setTimeZone] = useState(Intl.DateTimeFormat().resolvedOptions().timeZone);
  const [holidays, setHolidays] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const open = async (event: Event) => {
    if (!(event.currentTarget as HTMLDetailsElement).open || config) return;
    const loaded = await load();
    setConfig(loaded);
    setHoursOn(loaded.businessHours !== null);
    setDays(loaded.businessHours?.days ?? { mon: '09:00-18:00', tue: '09:00-18:00', wed: '09:00-18:00', thu: '09:00-18:00', fri: '09:00-18:00' });
    if (loaded.businessHours) setTimeZone(loaded.businessHours.timeZone);
    setHolidays((loaded.businessHours?.holidays ?? []).join(', '));
  };
  const submit = async (event: Event) => {
    event.preventDefault();
    if (!config) return;
    const next = {
      ...config,
      businessHours: hoursOn ? { timeZone, days, holidays: holidays.split(/[,，\s]+/).filter(Boolean) } : null,
    };
    const error = await save(next);
    setMessage(error ? { ok: false, text: error } : { ok: true, text: t('saved') });
  };
  const number = (key: 'targetMinutes' | 'neverAfterHours') => (e: Event) => config && setConfig({ ...config, [key]: Number((e.currentTarget as HTMLInputElement).value) });
  const flag = (key: 'nextStaffMessageAnswers' | 'everyMessageIsQuestion') => (e: Event) => config && setConfig({ ...config, [key]: (e.currentTarget as HTMLInputElement).checked });

  return (
    <details class="health-settings" data-testid="gs-health-settings" onToggle={(e) => void open(e)}>
      <summary>{t('healthSettings')}</summary>
      {config && (
        <form onSubmit={(e) => void submit(e)} class="panel">
          <label>
            {t('healthTarget')}{' '}
            <input type="number" data-testid="gs-health-target" min={1} max={1440} value={config.targetMinutes} onInput={number('targetMinutes')} style={{ width: '5em' }} />
          </label>
          <label>
            {t('healthNeverAfter')}{' '}
            <input type="number" min={1} max={720} value={config.neverAfterHours} onInput={number('neverAfterHours')} style={{ width: '5em' }} />
          </label>
          <label>
            <input type="checkbox" checked={config.nextStaffMessageAnswers} onChange={flag('nextStaffMessageAnswers')} /> {t('healthNextStaffMessage')}
          </label>
          <label>
            <input type="checkbox" checked={config.everyMessageIsQuestion} onChange={flag('everyMessageIsQuestion')} /> {t('healthEveryMessage')}
          </label>
          <label>
            {t('healthNotifyOnMiss')}{' '}
            <select
              data-testid="gs-health-notify"
              value={config.notifyOnMiss === null ? '' : String(config.notifyOnMiss)}
              onChange={(e) => {
                const value = (e.currentTarget as HTMLSelectElement).value;
                setConfig({ ...config, notifyOnMiss: value === '' ? null : value === 'true' });
              }}
            >
              <option value="">{t('healthNotifyDefault')}</option>
              <option value="true">{t('healthNotifyOn')}</option>
              <option value="false">{t('healthNotifyOff')}</option>
            </select>
          </label>
          <label>
            <input type="checkbox" data-testid="gs-health-hours-on" checked={hoursOn} onChange={(e) => setHoursOn((e.currentTarget as HTMLInputElement).checked)} /> {t('healthBusinessHours')}
          </label>
          {hoursOn && (
            <>
              <label>
                {t('healthTimeZone')} <input value={timeZone} data-testid="gs-health-timezone" onInput={(e) => setTimeZone((e.currentTarget as HTMLInputElement).value)} />
              </label>
              {WEEKDAYS.map((day, i) => (
                <label key={day}>
                  {t(`weekday_${i}`)}{' '}
                  <input
                    data-testid={`gs-health-day-${day}`}
                    placeholder="09:00-12:00, 13:00-18:00"
                    value={days[day] ?? ''}
                    onInput={(e) => setDays({ ...days, [day]: (e.currentTarget as HTMLInputElement).value })}
                  />
                </label>
              ))}
              <label>
                {t('healthHolidays')} <input placeholder="2026-10-01, 2026-10-02" value={holidays} onInput={(e) => setHolidays((e.currentTarget as HTMLInputElement).value)} />
              </label>
            </>
          )}
          <button type="submit" data-testid="gs-health-save">
            {t('save')}
          </button>
          {message && (
            <p class={message.ok ? 'ok' : 'error'} role={message.ok ? 'status' : 'alert'} data-testid="gs-health-message">
              {message.text}
            </p>
          )}
        </form>
      )}
    </details>
  );
}
