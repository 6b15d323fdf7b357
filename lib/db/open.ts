import { type IDBPDatabase, openDB } from 'idb';
import { DB_VERSION, runMigrations } from './migrations';
import { DB_NAME, type GroupStewardDB } from './schema';

export type Database = IDBPDatabase<GroupStewardDB>;

export interface OpenOptions {
  name?: string;
  /** Open an older version; tests use it to set up data before a migration. */
  version?: number;
}

export function openDatabase(options: OpenOptions = {}): Promise<Database> {
  const version = options.version ?? DB_VERSION;
  return openDB<GroupStewardDB>(options.name ?? DB_NAME, version, {
    upgrade(db, oldVersion, newVersion, tx) {
      runMigrations(db, oldVersion, newVersion ?? version, tx);
    },
    blocking(_current, _blocked, event) {
      // Another context (an updated service worker) wants a newer version: let it.
      (event.target as IDBDatabase).close();
    },
  });
}
