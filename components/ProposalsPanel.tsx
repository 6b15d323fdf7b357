import { useEffect, useState } from 'preact/hooks';
import { useT } from '../lib/i18n';
import type { ChangeNotice } from '../lib/messaging/changes';
import type { Client } from '../lib/messaging/client';
import type { ProposalsView } from '../lib/messaging/protocol';
import { RULE_CATEGORIES, type RuleCategory } from '../lib/model';
import { describeError } from '../lib/ui/errors';

interface ProposalsPanelProps {
  client: Client;
  /** The background's change notices: decisions made in a sidebar refresh the proposals. */
  subscribe?: (listener: (notice: ChangeNotice) => void) => () => void;
}

/** Categories an approved word can go into (floods and repeats are patterns, not words). */
const WORD_CATEGORIES = RULE_CATEGORIES.filter((c) => c !== 'flood' && c !== 'repeat');

/**
 * Learning from staff decisions, per group: words and phrases distinctive of the messages
 * staff flagged, and allow-list entries from what they dismissed, each with the counts
 * behind it. Nothing changes until staff approve; an ignored proposal is not proposed
 * again. Below, the group's allow-list, edited by hand.
 */
export function ProposalsPanel({ client, subscribe }: ProposalsPanelProps) {
  const t = useT();
  const [view, setView] = useState<ProposalsView | null>(null);
  const [groupId, setGroupId] = useState<string | undefined>(undefined);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [categories, setCategories] = useState<Record<string, RuleCategory>>({});
  const [phrase, setPhrase] = useState('');

  const load = async (id = groupId) => {
    try {
      const next = await client.request('listProposals', id ? { groupId: id } : {});
      setView(next);
      setGroupId(next.groupId ?? undefined);
    } catch (error) {
      setMessage({ ok: false, text: describeError(error, t) });
    }
  };
  useEffect(() => {
    void load();
  }, []);
  useEffect(() => {
    if (!subscribe) return;
    return subscribe((notice) => {
      if (notice.kinds.some((k) => k === 'cases' || k === 'rules' || k === 'groups')) void load();
    });
  });

  const run = async (action: () => Promise<string>) => {
    setMessage(null);
    try {
      const text = await action();
      setMessage({ ok: true, text });
      await load();
      return true;
    } catch (error) {
      setMessage({ ok: false, text: describeError(error, t) });
      return false;
    }
  };
  const decide = (kind: 'word' | 'allow', phraseText: string, decision: 'approve' | 'ignore', category?: RuleCategory) =>
    run(async () => {
      if (!groupId) throw new Error(t('proposalsNoGroup'));
      await client.request('decideProposal', { groupId, kind, phrase: phraseText, decision, ...(category ? { category } : {}) });
      return decision === 'ignore' ? t('proposalIgnored', phraseText) : kind === 'word' ? t('proposalWordApproved', phraseText) : t('proposalAllowApproved', phraseText);
    });

  return (
    <section class="panel proposals" data-testid="gs-proposals" aria-labelledby="gs-proposals-heading">
      <h2 id="gs-proposals-heading">{t('proposalsTitle')}</h2>
      <p class="hint">{t('proposalsHelp')}</p>
      {view && view.groups.length === 0 && <p class="hint">{t('proposalsNoGroup')}</p>}
      {view && view.groups.length > 0 && (
        <>
          <label>
            {t('proposalsGroup')}{' '}
            <select
              data-testid="gs-proposals-group"
              value={groupId ?? ''}
              onChange={(e) => {
                const id = (e.currentTarget as HTMLSelectElement).value;
                setGroupId(id);
                setMessage(null);
                void load(id);
              }}
            >
              {view.groups.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.title}
                </option>
              ))}
            </select>
          </label>
          <p class="muted" data-testid="gs-proposals-basis">
            {t('proposalsBasis', view.basis.flagged, view.basis.normal, view.basis.dismissed)}
          </p>
          <h3>{t('proposalsWords')}</h3>
          {view.words.length === 0 && <p class="hint">{t('proposalsNoWords')}</p>}
          <ul class="plain-list">
            {view.words.map((w) => {
              const category = categories[w.phrase] ?? w.category;
              return (
                <li key={w.phrase} class="proposal" data-testid="gs-proposal" data-kind="word" data-phrase={w.phrase}>
                  <strong class="proposal-phrase">{w.phrase}</strong>
                  <span class="muted">{t('proposalWordCounts', w.flagged, w.normal)}</span>
                  <div class="row-actions">
                    <select
                      data-testid="gs-proposal-category"
                      aria-label={t('ruleCategory')}
                      value={category}
                      onChange={(e) => setCategories({ ...categories, [w.phrase]: (e.currentTarget as HTMLSelectElement).value as RuleCategory })}
                    >
                      {WORD_CATEGORIES.map((c) => (
                        <option key={c} value={c}>
                          {t(`category_${c}`)}
                        </option>
                      ))}
                    </select>
                    <button type="button" data-testid="gs-proposal-approve" onClick={() => void decide('word', w.phrase, 'approve', category)}>
                      {t('proposalApprove')}
                    </button>
                    <button type="button" class="secondary" data-testid="gs-proposal-ignore" onClick={() => void decide('word', w.phrase, 'ignore')}>
                      {t('proposalIgnore')}
                    </button>
                  </div>
                </li>
              );
            })}
          </ul>
          <h3>{t('proposalsAllow')}</h3>
          {view.allow.length === 0 && <p class="hint">{t('proposalsNoAllow')}</p>}
          <ul class="plain-list">
            {view.allow.map((a) => (
              <li key={a.phrase} class="proposal" data-testid="gs-proposal" data-kind="allow" data-phrase={a.phrase}>
                <strong class="proposal-phrase">{a.phrase}</strong>
                <span class="muted">{t('proposalAllowCounts', a.allowedInGroup, a.notAProblem)}</span>
                <div class="row-actions">
                  <button type="button" data-testid="gs-proposal-approve" onClick={() => void decide('allow', a.phrase, 'approve')}>
                    {t('proposalApprove')}
                  </button>
                  <button type="button" class="secondary" data-testid="gs-proposal-ignore" onClick={() => void decide('allow', a.phrase, 'ignore')}>
                    {t('proposalIgnore')}
                  </button>
                </div>
              </li>
            ))}
          </ul>
          <h3>{t('allowListTitle')}</h3>
          <div data-testid="gs-group-allow-list" class="allow-list">
            <p class="hint">{t('allowListHelp')}</p>
            {view.allowList.length === 0 && <p class="hint">{t('allowListEmpty')}</p>}
            <ul class="chips">
              {view.allowList.map((entry) => (
                <li key={entry.phrase} class="chip" data-testid="gs-allow-entry" data-phrase={entry.phrase}>
                  <span class="chip-name">{entry.phrase}</span>
                  <button
                    type="button"
                    class="chip-remove"
                    data-testid="gs-allow-remove"
                    aria-label={t('allowListRemove', entry.phrase)}
                    onClick={() =>
                      void run(async () => {
                        if (!groupId) throw new Error(t('proposalsNoGroup'));
                        await client.request('removeAllowPhrase', { groupId, phrase: entry.phrase });
                        return t('allowListRemoved', entry.phrase);
                      })
                    }
                  >
                    ×
                  </button>
                </li>
              ))}
            </ul>
            <form
              class="row-actions"
              onSubmit={async (e) => {
                e.preventDefault();
                const typed = phrase;
                const done = await run(async () => {
                  if (!groupId) throw new Error(t('proposalsNoGroup'));
                  await client.request('addAllowPhrase', { groupId, phrase: typed });
                  return t('allowListAdded', typed.trim());
                });
                if (done) setPhrase('');
              }}
            >
              <input data-testid="gs-allow-input" aria-label={t('allowListAdd')} placeholder={t('allowListPlaceholder')} value={phrase} maxLength={1000} onInput={(e) => setPhrase((e.currentTarget as HTMLInputElement).value)} />
              <button type="submit" data-testid="gs-allow-add">
                {t('allowListAdd')}
              </button>
            </form>
          </div>
        </>
      )}
      {message && (
        <p role={message.ok ? 'status' : 'alert'} class={message.ok ? 'ok' : 'error'} data-testid="gs-proposals-message">
          {message.text}
        </p>
      )}
    </section>
  );
}
