import { useState } from 'preact/hooks';
import { MAX_NOTE_LENGTH, type Note } from '../lib/model';
import { useT } from '../lib/i18n';
import { formatDateTime } from './format';

interface NoteEditorProps {
  notes: readonly Note[];
  language: string;
  onSave: (text: string) => Promise<boolean>;
  onEdit: (noteId: string, text: string) => Promise<boolean>;
  onDelete: (noteId: string) => void;
}

export function NoteEditor({ notes, language, onSave, onEdit, onDelete }: NoteEditorProps) {
  const t = useT();
  const [draft, setDraft] = useState('');
  const [editing, setEditing] = useState<{ id: string; text: string } | null>(null);
  const tooLong = draft.length > MAX_NOTE_LENGTH;
  const save = async () => {
    if (!draft.trim() || tooLong) return;
    if (await onSave(draft)) setDraft('');
  };
  return (
    <section class="notes" aria-label={t('sectionNotes')}>
      <h3>{t('sectionNotes')}</h3>
      <textarea
        data-testid="gs-note-input"
        value={draft}
        rows={3}
        placeholder={t('notePlaceholder')}
        aria-label={t('notePlaceholder')}
        aria-invalid={tooLong}
        onInput={(event) => setDraft((event.currentTarget as HTMLTextAreaElement).value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) void save();
        }}
      />
      <div class="note-actions">
        <span class={tooLong ? 'counter error' : 'counter'} role={tooLong ? 'alert' : undefined}>
          {tooLong ? t('noteTooLong', MAX_NOTE_LENGTH) : `${draft.length}/${MAX_NOTE_LENGTH}`}
        </span>
        <button type="button" data-testid="gs-note-save" disabled={!draft.trim() || tooLong} onClick={() => void save()}>
          {t('saveNote')}
        </button>
      </div>
      <ul class="note-list">
        {notes.map((note) => (
          <li key={note.id} data-testid="gs-note-item" class="note">
            {editing?.id === note.id ? (
              <>
                <textarea
                  rows={3}
                  value={editing.text}
                  aria-label={t('editNote')}
                  aria-invalid={editing.text.length > MAX_NOTE_LENGTH}
                  onInput={(event) => setEditing({ id: note.id, text: (event.currentTarget as HTMLTextAreaElement).value })}
                />
                {editing.text.length > MAX_NOTE_LENGTH && (
                  <p class="counter error" role="alert">
                    {t('noteTooLong', MAX_NOTE_LENGTH)}
                  </p>
                )}
                <div class="row-actions">
                  <button
                    type="button"
                    disabled={!editing.text.trim() || editing.text.length > MAX_NOTE_LENGTH}
                    onClick={async () => {
                      if (await onEdit(note.id, editing.text)) setEditing(null);
                    }}
                  >
                    {t('save')}
                  </button>
                  <button type="button" class="secondary" onClick={() => setEditing(null)}>
                    {t('cancel')}
                  </button>
                </div>
              </>
            ) : (
              <p class="note-text">{note.text}</p>
            )}
            <div class="note-meta">
              <span>
                {note.author || t('unknownStaff')} · {formatDateTime(note.createdAt, language)}
                {note.updatedAt > note.createdAt ? ` · ${t('edited')}` : ''}
              </span>
              <span>
                <button type="button" class="link" onClick={() => setEditing({ id: note.id, text: note.text })} aria-label={t('editNote')}>
                  {t('edit')}
                </button>
                <button type="button" class="link" onClick={() => onDelete(note.id)} aria-label={t('deleteNote')}>
                  {t('delete')}
                </button>
              </span>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
