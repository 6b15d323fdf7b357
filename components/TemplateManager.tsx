import { useEffect, useRef, useState } from 'preact/hooks';
import { type ChangeNotice, touches } from '../lib/messaging/changes';
import { describeError } from '../lib/ui/errors';
import { ConfirmDelete, UndoNotice } from './ConfirmDelete';
import { RestoreDefaults } from './RestoreDefaults';
import type { Client } from '../lib/messaging/client';
import type { Template } from '../lib/model';
import { useT } from '../lib/i18n';
import { renderTemplate } from '../lib/templates/render';
import { detectLanguage } from '../lib/i18n/detect-language';
import { declaredFields, unknownFields } from '../lib/templates/fields';

const CATEGORIES = ['welcome', 'rules', 'reminder', 'warning', 'removal', 'faq', 'general'] as const;
const SAMPLE_VALUES = { member: '张伟', group: '星河银行客户群', staff: '客服小美', rule: '联系方式', date: '2026年11月24日' };

type Draft = Pick<Template, 'name' | 'category' | 'lang' | 'body' | 'sendDirectly'> & {
  id?: string;
  keywords: string;
  fields: string;
  /** Until staff pick a language, a new template's follows its text (a Chinese text is a Chinese template). */
  langChosen?: boolean;
};

const emptyDraft = (lang: Draft['lang']): Draft => ({ name: '', category: 'general', lang, body: '', sendDirectly: false, keywords: '', fields: '' });
const splitList = (text: string) => [...new Set(text.split(/[,，、\n]/).map((k) => k.trim()).filter(Boolean))];

/** The template library: edit with a live preview; unknown or unfilled values are shown. */
export function TemplateManager({
  client,
  initial,
  language = 'zh',
  subscribe,
}: {
  client: Client;
  initial: Template[];
  /** A new template starts in the interface language. */
  language?: 'zh' | 'en';
  /** Change notices from the background: a template saved in a sidebar or another window shows here at once. */
  subscribe?: (listener: (notice: ChangeNotice) => void) => () => void;
}) {
  const t = useT();
  const [templates, setTemplates] = useState(initial);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [deleted, setDeleted] = useState<Template | null>(null);
  const unknownMessage = useRef<HTMLParagraphElement>(null);
  const reload = async () => setTemplates(await client.request('listTemplates', {}));
  useEffect(
    () =>
      subscribe?.((notice) => {
        if (touches(notice, 'templates')) void reload();
      }),
    [subscribe],
  );
  const preview = draft ? renderTemplate(draft.body, SAMPLE_VALUES) : null;
  // Checked while typing, not only on save: a typo like {memebr} is named at once.
  const draftUnknown = draft ? unknownFields(draft.body, splitList(draft.fields)) : [];
  const filledLater = preview ? preview.missing.filter((name) => !draftUnknown.includes(name)) : [];

  const save = async () => {
    if (!draft) return;
    const fields = splitList(draft.fields);
    // Refused here in the user's language, naming the field; the background refuses it too.
    const unknown = unknownFields(draft.body, fields);
    if (unknown.length > 0) {
      // The message under the preview already names it; saving only brings it to the reader's attention.
      setError(null);
      unknownMessage.current?.focus();
      return;
    }
    const { langChosen: _chosen, ...saved } = draft;
    try {
      await client.request('saveTemplate', {
        ...saved,
        keywords: splitList(draft.keywords),
        fields,
      });
      await reload();
      setDraft(null);
      setError(null);
    } catch (e) {
      setError(describeError(e, t));
    }
  };
  const remove = async (template: Template) => {
    try {
      await client.request('deleteTemplate', { id: template.id });
      setDeleted(template);
      await reload();
    } catch (e) {
      setError(describeError(e, t));
    }
  };
  /** Undo puts the deleted template back exactly, with its id and fields. */
  const undo = async () => {
    if (!deleted) return;
    const { createdAt: _created, updatedAt: _updated, ...draftOf } = deleted;
    try {
      await client.request('saveTemplate', { ...draftOf, fields: declaredFields(deleted) });
      setDeleted(null);
      await reload();
    } catch (e) {
      setError(describeError(e, t));
    }
  };

  return (
    <section class="panel" aria-labelledby="gs-templates-title">
      <h2 id="gs-templates-title">{t('sectionTemplates')}</h2>
      <ul class="plain-list">
        {templates.map((tpl) => (
          <li key={tpl.id} class="member-row" data-testid="gs-options-template">
            <strong>{tpl.name}</strong>
            <span class="muted">
              {t(`templateCategory_${tpl.category}`)} · {tpl.lang === 'any' ? t('anyLanguage') : t(`language_${tpl.lang}`)}
            </span>
            <span class="member-last-seen">
              <button type="button" class="link" onClick={() => setDraft({ ...tpl, langChosen: true, keywords: tpl.keywords.join(', '), fields: declaredFields(tpl).join(', ') })}>
                {t('edit')}
              </button>
              <ConfirmDelete name={tpl.name} onConfirm={() => void remove(tpl)} />
            </span>
          </li>
        ))}
      </ul>
      {deleted && <UndoNotice name={deleted.name} onUndo={() => void undo()} />}
      {!draft && (
        <div class="row-actions">
          <button type="button" onClick={() => setDraft(emptyDraft(language))}>
            {t('newTemplate')}
          </button>
          <RestoreDefaults
            section="templates"
            onRestore={async () => {
              try {
                await client.request('restoreDefaults', { section: 'templates' });
                await reload();
                return null;
              } catch (e) {
                return describeError(e, t);
              }
            }}
          />
        </div>
      )}
      {!draft && error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {draft && (
        <div class="editor" data-testid="gs-template-editor">
          <label>
            {t('templateName')}
            <input value={draft.name} maxLength={100} onInput={(e) => setDraft({ ...draft, name: (e.currentTarget as HTMLInputElement).value })} />
          </label>
          <div class="filters">
            <label>
              {t('templateCategory')}
              <select value={draft.category} onChange={(e) => setDraft({ ...draft, category: (e.currentTarget as HTMLSelectElement).value })}>
                {CATEGORIES.map((c) => (
                  <option key={c} value={c}>
                    {t(`templateCategory_${c}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('optionsLanguage')}
              <select value={draft.lang} onChange={(e) => setDraft({ ...draft, langChosen: true, lang: (e.currentTarget as HTMLSelectElement).value as Draft['lang'] })}>
                <option value="zh">中文</option>
                <option value="en">English</option>
                <option value="any">{t('anyLanguage')}</option>
              </select>
            </label>
          </div>
          <label>
            {t('templateBody')}
            <textarea rows={5} maxLength={4000} value={draft.body} onInput={(e) => {
                const body = (e.currentTarget as HTMLTextAreaElement).value;
                // Placeholders say nothing about the language: {member} is not English.
                const detected = detectLanguage(body.replace(/\{[^}]*\}/g, ' '));
                setDraft({ ...draft, body, lang: draft.langChosen || !detected ? draft.lang : detected });
              }} />
          </label>
          <p class="hint">{t('templateVariablesHelp')}</p>
          <label>
            {t('templateFieldsLabel')}
            <input data-testid="gs-template-fields" value={draft.fields} onInput={(e) => setDraft({ ...draft, fields: (e.currentTarget as HTMLInputElement).value })} />
          </label>
          <label>
            {t('templateKeywords')}
            <input value={draft.keywords} onInput={(e) => setDraft({ ...draft, keywords: (e.currentTarget as HTMLInputElement).value })} />
          </label>
          <label class="check">
            <input type="checkbox" checked={draft.sendDirectly} onChange={(e) => setDraft({ ...draft, sendDirectly: (e.currentTarget as HTMLInputElement).checked })} />
            {t('templateSendDirectly')}
          </label>
          {preview && (
            <div class="preview" aria-live="polite">
              <h3>{t('preview')}</h3>
              <p class="template-preview" data-testid="gs-template-preview">
                {preview.text}
              </p>
              {filledLater.length > 0 && (
                <p class="hint" data-testid="gs-template-unknown">
                  {t('templateUnknownValues', filledLater.map((n) => `{${n}}`).join(' '))}
                </p>
              )}
              {draftUnknown.length > 0 && (
                <p class="error" role="alert" tabIndex={-1} ref={unknownMessage} data-testid="gs-template-unknown-field">
                  {t('templateErrorUnknownField', draftUnknown.map((n) => `{${n}}`).join(' '))}
                </p>
              )}
            </div>
          )}
          {error && (
            <p class="error" role="alert">
              {error}
            </p>
          )}
          <div class="row-actions">
            <button type="button" onClick={() => void save()} data-testid="gs-template-save">
              {t('save')}
            </button>
            <button type="button" class="secondary" onClick={() => setDraft(null)}>
              {t('cancel')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
