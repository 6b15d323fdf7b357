import { z } from 'zod';
import { type Template, TemplateSchema } from '../model';
import { describeZodError, type TeamPack, TeamPackSchema } from '../messaging/protocol';
import type { Database } from './open';
import { declaredFields, unknownFields } from '../templates/fields';
import { DEFAULT_TEMPLATES } from '../templates/defaults';
import { DEFAULT_RULES } from '../rules/packs';
import { groupSettingsOf, isTeamSetting, parsePreferences, SETTINGS_KEY, teamSettings } from './preferences';
import { getSettings } from './repos/settings';
import { parseRulesForSaving } from './repos/rules';
import { colorForTagName, normalizeTagName } from './repos/tags';

export async function exportTeamPack(db: Database, now: number): Promise<TeamPack> {
  const [rules, templates, tags, preferences, settings] = await Promise.all([
    db.getAll('rules'),
    db.getAll('templates'),
    db.getAll('tags'),
    db.getAll('settings'),
    getSettings(db),
  ]);
  return {
    format: 'groupsteward-team-pack',
    version: 1,
    exportedAt: now,
    rules,
    templates,
    tags: tags.map((t) => ({ name: t.name, color: t.color, favourite: t.favourite })),
    settings: teamSettings(settings),
    groupSettings: groupSettingsOf(preferences),
  };
}

const ImportedTemplateSchema = TemplateSchema.extend({
  createdAt: TemplateSchema.shape.createdAt.optional(),
  updatedAt: TemplateSchema.shape.updatedAt.optional(),
});

/**
 * Imports a team pack: every record is validated before anything is written, and then
 * all of it is written in one transaction, so a bad pack changes nothing. Rules and
 * templates replace those with the same id; tags merge by name.
 */
export async function importTeamPack(
  db: Database,
  input: unknown,
  now: number,
): Promise<{ rules: number; templates: number; tags: number; settings: number; groupSettings: number; sendDirectlyOff: number; builtInsKept: number; builtInRulesChanged: number }> {
  const pack = TeamPackSchema.safeParse(input);
  if (!pack.success) throw new Error(`not a GroupSteward team pack: ${describeZodError(pack.error)}`);
  const { rules, errors } = parseRulesForSaving(pack.data.rules);
  const firstError = errors[0];
  if (firstError) {
    throw new Error(`rule ${firstError.index + 1} ("${firstError.ruleName || firstError.ruleId}"): ${firstError.field ? `${firstError.field}: ` : ''}${firstError.message}`);
  }
  const templates = pack.data.templates.map((raw, i) => {
    const parsed = ImportedTemplateSchema.safeParse(raw);
    if (!parsed.success) {
      const name = z.object({ name: z.string() }).safeParse(raw);
      throw new Error(`template ${i + 1}${name.success ? ` ("${name.data.name}")` : ''}: ${describeZodError(parsed.error)}`);
    }
    const unknown = unknownFields(parsed.data.body, declaredFields(parsed.data));
    if (unknown.length > 0) throw new Error(`template ${i + 1} ("${parsed.data.name}"): body: unknown field ${unknown.map((n) => `{${n}}`).join(' ')}`);
    return { ...parsed.data, createdAt: parsed.data.createdAt ?? now, updatedAt: now };
  });
  // A pack is someone else's file: it never switches on sending without a person pressing
  // send (counted in the reply; issue #11, finding 10).
  let sendDirectlyOff = 0;
  for (const template of templates) {
    if (template.sendDirectly) {
      template.sendDirectly = false;
      sendDirectlyOff++;
    }
  }
  let builtInsKept = 0;
  const builtInIds = new Set(DEFAULT_TEMPLATES.map((t) => t.id));
  const tags = pack.data.tags.map((t) => ({ ...t, name: normalizeTagName(t.name) }));
  // Only the team's share of the settings is taken: a pack never changes whose name signs notes.
  const preferences = parsePreferences(pack.data, await getSettings(db), isTeamSetting);

  const tx = db.transaction(['rules', 'templates', 'tags', 'settings'], 'readwrite');
  // A pack may tune a built-in rule (that is what sharing is for), but never silently: one that
  // switches the ad rule off or loosens it is counted and shown (issue #11, finding 10).
  let builtInRulesChanged = 0;
  const builtInRuleIds = new Set(DEFAULT_RULES.map((rule) => rule.id));
  for (const rule of rules) {
    if (builtInRuleIds.has(rule.id)) {
      const existing = await tx.objectStore('rules').get(rule.id);
      if (existing && canonical(existing) !== canonical(rule)) builtInRulesChanged++;
    }
    await tx.objectStore('rules').put(rule);
  }
  for (const template of templates) {
    // Nor does it replace a built-in under its id: the same text is nothing to do, other
    // text is kept beside the built-in as a new template (counted).
    if (builtInIds.has(template.id)) {
      const existing = await tx.objectStore('templates').get(template.id);
      if (existing && sameTemplateText(existing, template)) continue;
      if (existing) {
        template.id = `tpl-${crypto.randomUUID()}`;
        builtInsKept++;
      }
    }
    await tx.objectStore('templates').put(template);
  }
  for (const tag of tags) {
    const existing = await tx.objectStore('tags').index('byName').get(tag.name);
    await tx.objectStore('tags').put(
      existing
        ? { ...existing, color: tag.color, favourite: tag.favourite }
        : { id: crypto.randomUUID(), name: tag.name, color: tag.color || colorForTagName(tag.name), favourite: tag.favourite, createdAt: now },
    );
  }
  for (const record of preferences.groups) await tx.objectStore('settings').put(record);
  if (preferences.settings) await tx.objectStore('settings').put({ key: SETTINGS_KEY, value: preferences.settings });
  await tx.done;
  return {
    rules: rules.length,
    templates: templates.length,
    tags: tags.length,
    settings: preferences.settings ? 1 : 0,
    groupSettings: preferences.groups.length,
    sendDirectlyOff,
    builtInsKept,
    builtInRulesChanged,
  };
}

/** JSON with keys sorted at every level: equal for equal records, whatever order they were written in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

/** Same template apart from timestamps and the send setting. */
function sameTemplateText(a: Template, b: Template): boolean {
  const text = ({ createdAt: _c, updatedAt: _u, sendDirectly: _s, ...rest }: Template) => JSON.stringify(rest, Object.keys(rest).sort());
  return text(a) === text(b);
}

