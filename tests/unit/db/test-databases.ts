import { type Database, openDatabase } from '../../../lib/db/open';
import { seedDefaults } from '../../../lib/db/repos/seed';
import { T0, uniqueDbName } from './records';

/**
 * Opens databases for one test file, each under a name of its own, and closes them after
 * every test. `seeded`: with the default rules, templates and settings, as a new install has.
 */
export function testDatabases(options: { seeded?: boolean } = {}): (label: string) => Promise<Database> {
  const open: Database[] = [];
  afterEach(() => {
    for (const db of open.splice(0)) db.close();
  });
  return async (label) => {
    const db = await openDatabase({ name: uniqueDbName(label) });
    if (options.seeded) await seedDefaults(db, T0);
    open.push(db);
    return db;
  };
}
