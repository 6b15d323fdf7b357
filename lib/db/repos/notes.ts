import type { Note } from '../../model';
import { NoteTextSchema } from '../../model';
import type { Database } from '../open';
import { abortQuietly } from '../tx';

/** Newest first. */
export async function getMemberNotes(db: Database, memberId: string): Promise<Note[]> {
  const notes = await db.getAllFromIndex(
    'notes',
    'byMember',
    IDBKeyRange.bound([memberId, 0], [memberId, Number.MAX_SAFE_INTEGER]),
  );
  return notes.reverse();
}

export async function addNote(db: Database, memberId: string, text: string, author: string, now: number): Promise<Note> {
  const note: Note = { id: crypto.randomUUID(), memberId, text: NoteTextSchema.parse(text), author, createdAt: now, updatedAt: now };
  const tx = db.transaction(['notes', 'members'], 'readwrite');
  if ((await tx.objectStore('members').getKey(memberId)) === undefined) {
    abortQuietly(tx);
    throw new Error(`unknown member "${memberId}"`);
  }
  await tx.objectStore('notes').add(note);
  await tx.done;
  return note;
}

export async function editNote(db: Database, noteId: string, text: string, now: number): Promise<Note> {
  const tx = db.transaction('notes', 'readwrite');
  const note = await tx.store.get(noteId);
  if (!note) throw new Error(`unknown note "${noteId}"`);
  note.text = NoteTextSchema.parse(text);
  note.updatedAt = now;
  await tx.store.put(note);
  await tx.done;
  return note;
}

export async function deleteNote(db: Database, noteId: string): Promise<void> {
  await db.delete('notes', noteId);
}
