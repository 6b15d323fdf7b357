import { useEffect, useState } from 'preact/hooks';
import { useT } from '../lib/i18n';

interface GroupRulesEditorProps {
  /** The rules saved for this group ('' when none are). */
  saved: string;
  /**
   * The team's "post the group rules" template filled in for this group, in the group's
   * language: where a group without rules of its own starts from. Null without such a template.
   */
  standardRules: string | null;
  onSave: (text: string) => Promise<boolean>;
  /** Puts the rules into the chat's composer; staff read them over and send them. */
  onPost: (text: string) => void;
}

/**
 * The group's own rules: the first thing the practice asks for ("publish clear group
 * rules"). A group without rules starts from the team's standard text rather than an empty
 * box; staff edit it for the group, save it, and post it into the chat.
 */
export function GroupRulesEditor({ saved, standardRules, onSave, onPost }: GroupRulesEditorProps) {
  const t = useT();
  const [draft, setDraft] = useState(saved);
  const [status, setStatus] = useState<'idle' | 'saved'>('idle');
  // Another tab or the sidebar of another chat may save this group's rules meanwhile.
  useEffect(() => setDraft(saved), [saved]);
  const changed = draft !== saved;

  return (
    <section aria-label={t('sectionGroupRules')}>
      <h3>{t('sectionGroupRules')}</h3>
      {!saved.trim() && <p class="hint">{t('groupRulesNone')}</p>}
      <textarea
        rows={6}
        value={draft}
        aria-label={t('sectionGroupRules')}
        data-testid="gs-group-rules-input"
        onInput={(e) => {
          setDraft((e.currentTarget as HTMLTextAreaElement).value);
          setStatus('idle');
        }}
      />
      <div class="row-actions">
        {!draft.trim() && standardRules && (
          <button type="button" class="secondary" data-testid="gs-group-rules-standard" onClick={() => setDraft(standardRules)}>
            {t('groupRulesUseStandard')}
          </button>
        )}
        <button
          type="button"
          data-testid="gs-group-rules-save"
          disabled={!changed}
          onClick={async () => {
            if (await onSave(draft)) setStatus('saved');
          }}
        >
          {t('save')}
        </button>
        <button type="button" data-testid="gs-group-rules-post" disabled={!draft.trim()} onClick={() => onPost(draft)}>
          {t('postRules')}
        </button>
        {status === 'saved' && (
          <span class="ok" role="status" data-testid="gs-group-rules-saved">
            {t('saved')}
          </span>
        )}
      </div>
    </section>
  );
}
