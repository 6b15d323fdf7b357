import { type Database, openDatabase } from '../../../lib/db/open';
import { readTemplateUses, recordTemplateUse, templateUseId } from '../../../lib/db/repos/template-uses';
import { summarizeTemplateUsage } from '../../../lib/analytics/template-usage';
import type { TemplateUse } from '../../../lib/model';
import { MINUTE, T0, uniqueDbName } from '../db/records';

const use = (over: Partial<TemplateUse>): TemplateUse => ({ id: `u-${Math.random()}`, templateId: 'tpl-fee', groupId: 'demo:g-service', staff: '小美', at: T0, via: 'sidebar', ...over });

describe('template and FAQ usage', () => {
  it('counts insertions per template by where they came from, with distinct staff and groups, most used first', () => {
    const rows = summarizeTemplateUsage(
      [
        use({ via: 'faq', at: T0 }),
        use({ via: 'slash', staff: 'Mei', at: T0 + 2 * MINUTE }),
        use({ via: 'faq', groupId: 'demo:g-welfare', at: T0 + MINUTE }),
        use({ templateId: 'tpl-welcome', at: T0 + 5 * MINUTE }),
        use({ templateId: 'tpl-gone', at: T0 + 6 * MINUTE }),
      ],
      [
        { id: 'tpl-fee', name: '年费说明', category: 'faq' },
        { id: 'tpl-welcome', name: 'Welcome', category: 'welcome' },
      ],
    );
    expect(rows[0]).toEqual({ templateId: 'tpl-fee', name: '年费说明', category: 'faq', uses: 3, byVia: { sidebar: 0, slash: 1, faq: 2 }, staff: 2, groups: 2, lastAt: T0 + 2 * MINUTE });
    // Ties: the most recent first. A deleted template still counts, without a name.
    expect(rows.slice(1).map((r) => [r.templateId, r.name, r.uses])).toEqual([
      ['tpl-gone', null, 1],
      ['tpl-welcome', 'Welcome', 1],
    ]);
    expect(summarizeTemplateUsage([], [])).toEqual([]);
  });

  it('ids are unique and sort by time', () => {
    const a = templateUseId(T0, () => 0.5);
    const b = templateUseId(T0 + 1, () => 0.1);
    expect(a < b).toBe(true);
    expect(templateUseId(T0, () => 0.5)).toBe(a);
    expect(templateUseId(T0, () => 0.25)).not.toBe(a);
  });

  describe('stored', () => {
    let db: Database;
    beforeEach(async () => {
      db = await openDatabase({ name: uniqueDbName('template-uses') });
    });
    afterEach(() => db.close());

    it('reads each group\'s own range by key range: from inclusive, to exclusive, other groups left out', async () => {
      await recordTemplateUse(db, { templateId: 'tpl-fee', groupId: 'demo:g-service', staff: '小美', via: 'faq' }, T0 - 1);
      const inRange = await recordTemplateUse(db, { templateId: 'tpl-fee', groupId: 'demo:g-service', staff: '小美', via: 'faq' }, T0);
      await recordTemplateUse(db, { templateId: 'tpl-fee', groupId: 'demo:g-service', staff: '小美', via: 'faq' }, T0 + 60 * MINUTE);
      const welfare = await recordTemplateUse(db, { templateId: 'tpl-fee', groupId: 'demo:g-welfare', staff: '小美', via: 'slash' }, T0 + 90 * MINUTE);
      await recordTemplateUse(db, { templateId: 'tpl-fee', groupId: 'demo:g-other', staff: '小美', via: 'slash' }, T0 + MINUTE);
      const read = await readTemplateUses(db, [
        { groupId: 'demo:g-service', from: T0, to: T0 + 60 * MINUTE },
        { groupId: 'demo:g-welfare', from: T0 + 30 * MINUTE, to: T0 + 120 * MINUTE },
      ]);
      expect(read.map((u) => u.id).sort()).toEqual([inRange.id, welfare.id].sort());
      expect(inRange).toMatchObject({ templateId: 'tpl-fee', groupId: 'demo:g-service', staff: '小美', via: 'faq', at: T0 });
      expect(await readTemplateUses(db, [])).toEqual([]);
    });
  });
});
