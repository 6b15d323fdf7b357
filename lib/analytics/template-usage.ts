import type { Template, TemplateUse, TemplateUseVia } from '../model';

export interface TemplateUsageRow {
  templateId: string;
  /** The template's name, or null when it has been deleted since (the row still counts). */
  name: string | null;
  category: string | null;
  uses: number;
  byVia: Record<TemplateUseVia, number>;
  /** Distinct staff names and groups that used it. */
  staff: number;
  groups: number;
  lastAt: number;
}

/** Per-template usage, most used first (ties: most recent first). */
export function summarizeTemplateUsage(uses: readonly TemplateUse[], templates: readonly Pick<Template, 'id' | 'name' | 'category'>[]): TemplateUsageRow[] {
  const byId = new Map(templates.map((t) => [t.id, t]));
  const rows = new Map<string, TemplateUsageRow & { staffSet: Set<string>; groupSet: Set<string> }>();
  for (const use of uses) {
    let row = rows.get(use.templateId);
    if (!row) {
      const template = byId.get(use.templateId);
      row = {
        templateId: use.templateId,
        name: template?.name ?? null,
        category: template?.category ?? null,
        uses: 0,
        byVia: { sidebar: 0, slash: 0, faq: 0 },
        staff: 0,
        groups: 0,
        lastAt: use.at,
        staffSet: new Set(),
        groupSet: new Set(),
      };
      rows.set(use.templateId, row);
    }
    row.uses++;
    row.byVia[use.via]++;
    row.staffSet.add(use.staff);
    row.groupSet.add(use.groupId);
    row.lastAt = Math.max(row.lastAt, use.at);
  }
  return [...rows.values()]
    .map(({ staffSet, groupSet, ...row }) => ({ ...row, staff: staffSet.size, groups: groupSet.size }))
    .sort((a, b) => b.uses - a.uses || b.lastAt - a.lastAt);
}
