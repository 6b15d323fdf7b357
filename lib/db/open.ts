import { type IDBPDatabase, openDB } from 'idb';
import { DB_VERSION, runMigrations } from './migrations';
import { DB_NAME, type GroupStewardDB } from './schema';
import { abortQuietly } from './tx';

export type Database = IDBPDatabase<GroupStewardDB>;

export interface OpenOptions {
  name?: string;
  /** Open an older version; tests use it to set up data before a migration. */
  version?: number;
}

export async function openDatabase(options: OpenOptions = {}): Promise<Database> {
  const version = options.version ?? DB_VERSION;
  // A failing step aborts the upgrade, and the open request then rejects with a bare
  // AbortError; keep the step's own error so the caller learns which step failed and why.
  let migrationError: unknown;
  try {
    return await openDB<GroupStewardDB>(options.name ?? DB_NAME, version, {
      upgrade(db, oldVersion, newVersion, tx) {
        try {
          runMigrations(db, oldVersion, newVersion ?? version, tx);
        } catch (error) {
          migrationError = error;
          // The open request then fails; the catch below reports this error, not the abort.
          abortQuietly(tx);
        }
      },
      blocking(_current, _blocked, event) {
        // Another context (an updated service worker) wants a newer version: let it.
        (event.target as IDBDatabase).close();
      },
    });
  } catch (error) {
    throw migrationError ?? error;
  }
}
