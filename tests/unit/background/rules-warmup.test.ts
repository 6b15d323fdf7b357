import { createHandlers } from '../../../lib/background/handlers';
import { type Database, openDatabase } from '../../../lib/db/open';
import { seedDefaults } from '../../../lib/db/repos/seed';
import { compileRules } from '../../../lib/rules/engine';
import { T0, uniqueDbName } from '../db/records';

vi.mock('../../../lib/rules/engine', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../lib/rules/engine')>();
  return { ...original, compileRules: vi.fn(original.compileRules) };
});

let db: Database;
beforeEach(async () => {
  db = await openDatabase({ name: uniqueDbName('warmup') });
  await seedDefaults(db, T0);
  vi.mocked(compileRules).mockClear();
});
afterEach(() => db.close());

describe('rules compiled ahead of a chat tab’s first batch', () => {
  it('start compiling when a chat tab asks which profiles cover it, so its first batch does not wait for them', async () => {
    const handlers = createHandlers({ db, now: () => T0 });
    const sender = { id: 'test', tab: { id: 7 } };
    expect(compileRules).not.toHaveBeenCalled();
    await handlers.siteProfilesFor({ url: 'http://127.0.0.1:5173/' }, sender);
    await vi.waitFor(() => expect(compileRules).toHaveBeenCalledTimes(1));
    const stored = await handlers.ingest(
      { site: 'demo', group: { externalId: 'g-1', title: '群' }, events: [{ externalId: 'm-1', kind: 'message', author: { externalId: 'u-1', name: '陈强' }, role: 'customer', text: '加我微信 wx123abc 日赚500', ts: T0 }] },
      sender,
    );
    expect(stored.stored).toBe(1);
    // The batch used the rules compiled ahead.
    expect(compileRules).toHaveBeenCalledTimes(1);
  });
});
