import { useEffect, useMemo, useState } from 'preact/hooks';
import { formatProfileError, parseSiteProfileJson, type SiteProfile } from '../lib/adapters/profile/schema';
import type { ProfileTestReport } from '../lib/adapters/profile/test-profile';
import { useT } from '../lib/i18n';

interface SiteProfileEditorProps {
  /** The profile as JSON text (what the user last saved, or a starting template). */
  value: string;
  onSave: (profile: SiteProfile) => void | Promise<void>;
  /** Runs the profile against the active tab (the caller does the messaging). */
  onTest: (profile: SiteProfile) => Promise<ProfileTestReport>;
}

type TestState = { kind: 'idle' } | { kind: 'running' } | { kind: 'done'; report: ProfileTestReport } | { kind: 'failed' };
type SaveState = 'idle' | 'saved' | 'failed';

const SAMPLE_TEXT_CHARS = 80;

/**
 * JSON editor for a site profile: validates as the user types (errors name the field),
 * tests the profile on the open tab and saves it. Sample rows from the tab are page text:
 * rendered as text only, and only here, next to the page they came from.
 */
export function SiteProfileEditor({ value, onSave, onTest }: SiteProfileEditorProps) {
  const t = useT();
  const [text, setText] = useState(value);
  const [test, setTest] = useState<TestState>({ kind: 'idle' });
  const [save, setSave] = useState<SaveState>('idle');
  useEffect(() => setText(value), [value]);

  const parsed = useMemo(() => parseSiteProfileJson(text), [text]);
  const profile = parsed.ok ? parsed.profile : null;

  const edit = (next: string) => {
    setText(next);
    setSave('idle');
    setTest({ kind: 'idle' });
  };

  const runTest = async () => {
    if (!profile) return;
    setTest({ kind: 'running' });
    try {
      setTest({ kind: 'done', report: await onTest(profile) });
    } catch {
      setTest({ kind: 'failed' });
    }
  };

  const runSave = async () => {
    if (!profile) return;
    try {
      await onSave(profile);
      setSave('saved');
    } catch {
      setSave('failed');
    }
  };

  return (
    <section class="site-profile-editor" aria-label={t('profileEditorTitle')}>
      <h3>{t('profileEditorTitle')}</h3>
      <label>
        <span>{t('profileJsonLabel')}</span>
        <textarea
          data-testid="gs-profile-json"
          value={text}
          rows={18}
          spellcheck={false}
          class="mono"
          aria-invalid={!parsed.ok}
          aria-describedby="gs-profile-status"
          onInput={(event) => edit((event.currentTarget as HTMLTextAreaElement).value)}
        />
      </label>
      <div id="gs-profile-status">
        {parsed.ok ? (
          <p class="ok" data-testid="gs-profile-valid">
            {t('profileValid')}
          </p>
        ) : (
          <div role="alert">
            <p>{t('profileErrorsTitle')}</p>
            <ul data-testid="gs-profile-errors">
              {parsed.errors.map((error) => (
                <li key={`${error.field}|${error.message}`} data-testid="gs-profile-error" data-field={error.field}>
                  {error.field ? formatProfileError(error) : t('profileInvalidJson', error.message)}
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
      <div class="actions">
        <button type="button" data-testid="gs-profile-test" disabled={!profile || test.kind === 'running'} onClick={() => void runTest()}>
          {test.kind === 'running' ? t('profileTesting') : t('profileTest')}
        </button>
        <button type="button" data-testid="gs-profile-save" disabled={!profile} onClick={() => void runSave()}>
          {t('profileSave')}
        </button>
        {save === 'saved' && <span role="status">{t('profileSaved')}</span>}
        {save === 'failed' && <span role="alert">{t('profileSaveFailed')}</span>}
      </div>
      {test.kind === 'failed' && <p role="alert">{t('profileTestFailed')}</p>}
      {test.kind === 'done' && <TestReportView report={test.report} />}
    </section>
  );
}

function TestReportView({ report }: { report: ProfileTestReport }) {
  const t = useT();
  const misses = Object.entries(report.misses).sort((a, b) => b[1] - a[1]);
  const fallbacks = Object.entries(report.fallbacks ?? {});
  return (
    <div class="profile-report" data-testid="gs-profile-report" role="status">
      <h4>{t('profileReportTitle')}</h4>
      <p data-testid="gs-profile-rows">{t('profileReportRows', report.rows, report.parsed)}</p>
      <p data-testid="gs-profile-authors">{t('profileReportAuthors', report.authors)}</p>
      <p>{report.groups ? t('profileReportGroup', report.groups.title, report.groups.id) : t('profileReportNoGroup')}</p>
      {misses.length === 0 ? (
        <p>{t('profileReportNoMisses')}</p>
      ) : (
        <>
          <p>{t('profileReportMisses')}</p>
          <ul>
            {misses.map(([key, count]) => (
              <li key={key} data-testid="gs-profile-miss" data-key={key}>
                {t('profileReportMiss', key, count)}
              </li>
            ))}
          </ul>
        </>
      )}
      {fallbacks.length > 0 && (
        <>
          <p>{t('profileReportFallbacks')}</p>
          <ul>
            {fallbacks.map(([key, count]) => (
              <li key={key}>{t('profileReportMiss', key, count)}</li>
            ))}
          </ul>
        </>
      )}
      {report.sample.length > 0 && (
        <>
          <p>{t('profileReportSample')}</p>
          <ol class="profile-sample">
            {report.sample.map((event) => (
              <li key={event.externalId}>
                <strong>{event.author.name}</strong> {event.kind === 'message' ? event.text.slice(0, SAMPLE_TEXT_CHARS) : `(${event.kind})`}
              </li>
            ))}
          </ol>
        </>
      )}
    </div>
  );
}
