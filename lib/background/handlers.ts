import type { Database } from '../db/open';
import { profileMatchesUrl } from '../adapters/profile/adapter';
import { formatProfileError, parseSiteProfile, type SiteProfile } from '../adapters/profile/schema';
import { deleteSiteProfile, importSiteProfiles, listSiteProfiles, saveSiteProfile } from '../db/repos/profiles';
import { parseProfilePack } from '../adapters/profile/pack';
import { exportBackup, importBackup } from '../db/backup';
import { exportTeamPack, importTeamPack } from '../db/export';
import { getLinksToMember, resolveMemberId } from '../db/repos/nick-links';
import { forgetMember, purgeOldMessages } from '../db/retention';
import { deleteRule, listRules, saveRule, setRuleEnabled } from '../db/repos/rules';
import { compileRules, evaluateMessage } from '../rules/engine';
import { createModeration, warningRecords } from './moderation';
import { createLearning } from './learning';
import { activeWarnings } from '../rules/escalation';
import { GroupSignals } from '../rules/group-signals';
import { appendCase, getGroupCases } from '../db/repos/cases';
import { getGroup, getGroupTitles, getRecentGroupMessages, setGroupRules } from '../db/repos/groups';
import { createIngestPipeline } from './ingest-pipeline';
import { createSearchIndexer } from './search-indexer';
import { withSettledMembers } from './member-reads';
import { WaitingCache, withWaitingListsCleared } from './waiting-cache';
import { searchMessages } from '../db/repos/search';
import {
  countMemberMessages,
  ensureMember,
  getMember,
  getMemberHistory,
  getMembers,
  getMembershipsOfGroup,
  getMembershipsOfMember,
  getRecentMessages,
  updateMemberProfile,
} from '../db/repos/members';
import { countActiveWarnings, getMemberCases } from '../db/repos/cases';
import { addNote, deleteNote, editNote, getMemberNotes } from '../db/repos/notes';
import { getSettings, updateSettings } from '../db/repos/settings';
import { addTagToMembers, getMemberTags, getTagsOfMembers, listTags, removeTagFromMember, updateTag } from '../db/repos/tags';
import { deleteTemplate, getTemplate, listTemplates, saveTemplate } from '../db/repos/templates';
import type { TabStatus } from '../messaging/protocol';
import { type Handlers, senderKind } from '../messaging/server';
import { createStaffIdentity } from './staff';
import { createIngestBudget, type IngestBudgetLimits } from './ingest-budget';
import { groupKey } from '../model/keys';
import type { Member } from '../model';
import { getGroupLanguage, setGroupLanguage } from './group-language';
import { unknownFields } from '../templates/fields';
import { restoreDefaults } from '../db/restore-defaults';
import { type LocaleMessages, resolveLanguage, type UiLanguage } from '../i18n/translate';
import { createHealthHandlers, type KeptWaitingList, waitingList } from './health';
import { createDashboard } from './dashboard';
import type { GroupHealthConfig } from '../analytics/health-config';
import { createSidebarRelay } from './sidebar-relay';
import type { SiteAccess } from './site-access';
import { recordTemplateUse } from '../db/repos/template-uses';

/** How far back the group panel looks for members who just joined. */
const RECENT_LOOKBACK = 500;
const RECENT_JOIN_MS = 24 * 3_600_000;

export interface BackgroundDeps {
  db: Database;
  now: () => number;
  /** Site profiles changed: re-register the content script for their sites. */
  onProfilesChanged?: (profiles: SiteProfile[]) => Promise<unknown>;
  /** Reads `_locales/<language>/messages.json` of the extension (for in-page labels). */
  loadLocale?: (language: UiLanguage) => Promise<LocaleMessages>;
  /** tabs.sendMessage to a tab's top frame (the content script): a sidebar frame's commands go through it (sidebar-relay.ts). */
  sendToTabTop?: (tabId: number, message: unknown) => Promise<unknown>;
  /** Asks for a site's host access where the asking page cannot (lib/background/site-access.ts). */
  siteAccess?: Pick<SiteAccess, 'request'>;
  /** Days and hours of the dashboard are counted in this zone; the browser's by default. */
  timeZone?: string;
  /** How much one tab may make us store (lib/background/ingest-budget.ts); the defaults there. */
  ingestBudget?: IngestBudgetLimits;
}

/** How long ingest must have been idle before the members it holds are written out. */
const MEMBERS_AFTER_IDLE_MS = 2_000;

/** Stored messages read at worker start to refill known domains and recent texts. */
const SIGNALS_WARM_MESSAGES = 2_000;

/** A member id split into its site and the external key it was made under (`site:key`). */
function siteAndKey(memberId: string): [string, string] {
  const colon = memberId.indexOf(':');
  return colon < 0 ? ['', memberId] : [memberId.slice(0, colon), memberId.slice(colon + 1)];
}

export function createHandlers({ db, now, onProfilesChanged, loadLocale, timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone, ingestBudget: budgetLimits, sendToTabTop, siteAccess }: BackgroundDeps): Handlers {
  const ingestBudget = createIngestBudget(now, budgetLimits);
  const moderation = createModeration({ db, now });
  const learning = createLearning({ db, now, moderation });
  const windowStart = async () => now() - (await getSettings(db)).warningWindowDays * 86_400_000;
  // Per-tab reading state for the popup. Lost when the worker sleeps, and refilled by the
  // next report from the tab, which the content script sends with every batch.
  const tabStatus = new Map<number, TabStatus>();
  const dashboard = createDashboard({ db, now, timeZone });
  let indexAfterIdle: ReturnType<typeof setTimeout> | undefined;
  let membersAfterIdle: ReturnType<typeof setTimeout> | undefined;
  // Domains each group has seen and texts seen across groups, refilled from the newest
  // stored messages when the worker starts (in the background, not in ingest's way).
  const signals = new GroupSignals();
  void getRecentMessages(db, SIGNALS_WARM_MESSAGES).then((recent) => signals.warm(recent.reverse()), () => undefined);
  const staffIdentity = createStaffIdentity(db);
  const waitingLists = new WaitingCache();
  const keptWaitingLists: KeptWaitingList = { cache: waitingLists, betweenBatches: (work) => ingest.betweenBatches(work) };
  const ingest = createIngestPipeline({
    db,
    now,
    rules: moderation.compiledRules,
    signals,
    async prepare(input) {
      return staffIdentity.prepare(input, await getSettings(db));
    },
    steps: [dashboard.ingestStep, staffIdentity.ingestStep],
    // Kept waiting lists (the sidebar re-reads them while a chat streams) are fed each batch.
    afterCommit: [(outcomes, cases) => waitingLists.afterIngest(outcomes.flatMap((o) => o.stored), cases, now())],
    // Members and memberships are written once a burst is over (or before a request reads
    // them: withSettledMembers below), not by every transaction (lib/db/repos/member-journal.ts).
    writeBehind: true,
    // Indexing starts once page batches stop coming for a moment (a stream sends one every
    // few hundred milliseconds), so it does not hold up storing. Members are written out later
    // still: no reader waits for that (they settle first), and a page slowed down by a busy
    // machine pauses for a few hundred milliseconds mid-stream, which cost a write-out each.
    onIdle: () => {
      clearTimeout(indexAfterIdle);
      indexAfterIdle = setTimeout(() => void searchIndexer.kick(), 300);
      clearTimeout(membersAfterIdle);
      membersAfterIdle = setTimeout(() => void ingest.settleMembers().catch(() => undefined), MEMBERS_AFTER_IDLE_MS);
    },
  });
  // Members a stopped worker left in the journal are written out now.
  void ingest.settleMembers().catch(() => undefined);
  // Search terms are written after the batches are stored; whatever a stopped worker left
  // queued is indexed now.
  const searchIndexer = createSearchIndexer({ db, ingestBusy: () => ingest.busy });
  void searchIndexer.kick();
  const health = createHealthHandlers({ db, now, actor: async () => (await getSettings(db)).staffName });

  const handlers: Handlers = {
    ...health,
    ...createSidebarRelay(sendToTabTop ?? (() => Promise.reject(new Error('no tabs to send to')))),
    async requestSiteAccess(input, sender) {
      if (!siteAccess) throw new Error('requestSiteAccess: this browser cannot open a page to ask for site access');
      return siteAccess.request(input.origins, sender.tab?.id);
    },
    async saveGroupHealthConfig(input) {
      // Only the timing recounts the figures; whether staff are notified of a miss does not.
      const timing = ({ notifyOnMiss: _, ...rest }: GroupHealthConfig) => JSON.stringify(rest);
      const before = timing((await health.getGroupHealthConfig({ groupId: input.groupId })).config);
      const saved = await health.saveGroupHealthConfig(input);
      if (timing(saved) !== before) await dashboard.configChanged();
      return saved;
    },
    async markQuestion(input) {
      await health.markQuestion(input);
      await dashboard.afterMark(input.groupId, input.messageId);
      return {};
    },
    async recordTemplateUse(input, sender) {
      if (senderKind(sender) === 'content-script') {
        // A chat tab reports its `/` picker only, and each use is one event of its ingest
        // budget: a page that subverts its content script can make us store no more this way.
        if (input.via !== 'slash') throw new Error('a chat tab records only insertions from its / picker');
        if (ingestBudget.take(sender.tab?.id ?? null, [{ text: input.templateId }]).accepted.length === 0) {
          throw new Error('this tab is past its ingest budget; the use was not counted');
        }
      }
      await recordTemplateUse(db, { ...input, staff: (await getSettings(db)).staffName }, now());
      return {};
    },
    getDashboard: (input) => dashboard.getDashboard(input),
    drillDown: (input) => dashboard.drillDown(input),
    async ingest(input, sender) {
      // A tab past its budget has the excess dropped here, before anything is written, and
      // told how many (its health shows the count); see ingest-budget.ts.
      const budget = ingestBudget.take(sender.tab?.id ?? null, input.events);
      if (budget.accepted.length === 0) {
        return { groupId: groupKey(input.site, input.group.externalId), stored: 0, duplicates: 0, suggestions: 0, dropped: budget.dropped };
      }
      // Answered once the batch and its rule suggestions are committed: the content script's acknowledgement.
      const result = await ingest.submit(budget.dropped > 0 ? { ...input, events: budget.accepted } : input);
      // A staff message just read may be a pending ladder step's text, now sent: a case.
      // Recorded before answering, so the change notice for this batch covers it.
      const decided = result.stored.length > 0 ? await moderation.recordSent(result.stored) : [];
      return {
        groupId: result.groupId,
        stored: result.stored.length,
        duplicates: result.duplicates,
        suggestions: result.suggestions,
        decisions: decided.length,
        ...(budget.dropped > 0 ? { dropped: budget.dropped } : {}),
        memberIds: [...new Set(result.stored.map((m) => m.memberId))],
      };
    },
    reportStatus(input, sender) {
      const tabId = sender.tab?.id;
      if (tabId === undefined) throw new Error('status reports come from a tab');
      tabStatus.set(tabId, { ...input, updatedAt: now() });
      return {};
    },
    async getTabStatus({ tabId }) {
      const status = tabStatus.get(tabId);
      if (!status) return null;
      const waiting = status.groupId ? (await moderation.pending(status.groupId, await windowStart())).length : 0;
      return { ...status, suggestionsWaiting: waiting, droppedOverBudget: ingestBudget.dropped(tabId) };
    },
    async getMemberCard({ memberId, historyLimit }) {
      // Every read at once (the member's record with the rest): the card is one round trip, then the titles.
      const [member, memberships, tags, notes, cases, { messages: history, more: historyMore }, messageCount, settings, links] = await Promise.all([
        getMember(db, memberId),
        getMembershipsOfMember(db, memberId),
        getMemberTags(db, memberId),
        getMemberNotes(db, memberId),
        getMemberCases(db, memberId),
        getMemberHistory(db, memberId, historyLimit),
        countMemberMessages(db, memberId),
        getSettings(db),
        getLinksToMember(db, ...siteAndKey(memberId)),
      ]);
      if (!member) return null;
      const [titles, staffView] = await Promise.all([getGroupTitles(db, memberships.map((m) => m.groupId)), staffIdentity.view(member, settings)]);
      return {
        ...staffView,
        member,
        memberships: memberships.map((m) => ({ ...m, groupTitle: titles.get(m.groupId) ?? m.groupId })),
        tags,
        notes,
        cases,
        history,
        historyMore,
        messageCount,
        renames: links.flatMap((l) => (l.renamedFrom === undefined ? [] : [{ from: l.renamedFrom, to: l.nick, at: l.since, groupId: l.groupId }])),
      };
    },
    getMemberHistory({ memberId, before, limit }) {
      return getMemberHistory(db, memberId, limit, before);
    },
    async searchMessages(query) {
      const found = await searchMessages(db, query);
      const titles = await getGroupTitles(db, [...new Set(found.messages.map((m) => m.groupId))]);
      return { ...found, groupTitles: Object.fromEntries(titles) };
    },
    async resolveMember({ site, externalId, at }) {
      return { memberId: await resolveMemberId(db, site, externalId, at) };
    },
    ensureMember({ site, externalId, name }) {
      return ensureMember(db, site, externalId, name, now());
    },
    setMemberProfile({ memberId, stage, tier }) {
      return updateMemberProfile(db, memberId, { stage, tier });
    },
    async getMemberBadges({ memberIds }) {
      const unique = [...new Set(memberIds)];
      const [tags, warnings] = await Promise.all([
        getTagsOfMembers(db, unique),
        windowStart().then((since) => Promise.all(unique.map((id) => countActiveWarnings(db, id, since)))),
      ]);
      return Object.fromEntries(
        unique.map((id, i) => [id, { tags: (tags.get(id) ?? []).map((t) => ({ name: t.name, color: t.color })), warnings: warnings[i] ?? 0 }]),
      );
    },
    listTags() {
      return listTags(db);
    },
    addTag({ memberIds, name }) {
      return addTagToMembers(db, memberIds, name, now());
    },
    async removeTag({ memberId, tagId }) {
      await removeTagFromMember(db, memberId, tagId);
      return {};
    },
    updateTag({ tagId, ...change }) {
      return updateTag(db, tagId, change);
    },
    async addNote({ memberId, text }) {
      const { staffName } = await getSettings(db);
      return addNote(db, memberId, text, staffName, now());
    },
    editNote({ noteId, text }) {
      return editNote(db, noteId, text, now());
    },
    async deleteNote({ noteId }) {
      await deleteNote(db, noteId);
      return {};
    },
    async getGroup({ groupId }) {
      return (await getGroup(db, groupId)) ?? null;
    },
    async getGroupPanel({ groupId, slaMinutes, unansweredLimit }) {
      // Re-read after every few batches while a chat streams: what ingest holds back is laid
      // over the stores here (taken first) rather than written out for each re-read.
      const held = await ingest.heldMembers();
      const group = await getGroup(db, groupId);
      if (!group) return null;
      const stored = await getMembershipsOfGroup(db, groupId);
      const memberships = held ? held.membershipsOf(groupId, stored) : stored;
      const ids = memberships.map((m) => m.memberId);
      const [storedMembers, tags, recent] = await Promise.all([
        getMembers(db, ids),
        getTagsOfMembers(db, ids),
        getRecentGroupMessages(db, groupId, RECENT_LOOKBACK),
      ]);
      const members = new Map<string, Member>();
      for (const id of ids) {
        const member = held ? held.member(id, storedMembers.get(id)) : storedMembers.get(id);
        if (member) members.set(id, member);
      }
      const waiting = await waitingList(db, groupId, now(), slaMinutes, timeZone, keptWaitingLists);
      // New members to welcome: never a staff member (seen posting as staff, or listed).
      const settings = await getSettings(db);
      const joins = recent.filter((m) => m.kind === 'join' && m.ts >= now() - RECENT_JOIN_MS && memberships.some((ms) => ms.memberId === m.memberId && !ms.left));
      const joinedStaff = new Set<string>();
      for (const m of joins) {
        const view = await staffIdentity.view({ id: m.memberId, name: members.get(m.memberId)?.name ?? m.authorName }, settings);
        if (m.role === 'staff' || view.staff !== null) joinedStaff.add(m.memberId);
      }
      return {
        group,
        health: { targetMinutes: waiting.targetMinutes, computedAt: now() },
        members: memberships
          .map((m) => ({
            memberId: m.memberId,
            name: members.get(m.memberId)?.name ?? m.memberId,
            stage: members.get(m.memberId)?.stage,
            tags: tags.get(m.memberId) ?? [],
            firstSeen: m.firstSeen,
            lastSeen: m.lastSeen,
            messageCount: m.messageCount,
            left: m.left,
          }))
          .sort((a, b) => b.lastSeen - a.lastSeen),
        unanswered: unansweredLimit === undefined ? waiting.items : waiting.items.slice(0, unansweredLimit),
        unansweredTotal: waiting.items.length,
        recentJoins: joins
          .filter((m) => !joinedStaff.has(m.memberId))
          .map((m) => ({ memberId: m.memberId, name: members.get(m.memberId)?.name ?? m.authorName, ts: m.ts }))
          .reverse(),
      };
    },
    setGroupRules({ groupId, rulesText }) {
      return setGroupRules(db, groupId, rulesText);
    },
    listSuggestions: async ({ groupId }) => moderation.pending(groupId, await windowStart()),
    startAction(input) {
      return moderation.startAction(input);
    },
    async cancelAction(input) {
      await moderation.cancelAction(input);
      return {};
    },
    confirmAction(input) {
      return moderation.confirmAction(input);
    },
    dismissMessage(input) {
      return moderation.dismiss(input);
    },
    flagMessage: (input) => learning.flagMessage(input),
    listProposals: (input) => learning.listProposals(input),
    decideProposal: (input) => learning.decideProposal(input),
    addAllowPhrase: (input) => learning.addAllowPhrase(input),
    removeAllowPhrase: (input) => learning.removeAllowPhrase(input),
    async revokeWarnings({ memberId, groupId, all, reason }) {
      const settings = await getSettings(db);
      const cases = (await getGroupCases(db, groupId, 0)).filter((c) => c.memberId === memberId);
      // activeWarnings applies the window: only warnings still counting can be revoked.
      const active = activeWarnings(warningRecords(cases), { groupId, memberId }, now(), settings.warningWindowDays);
      const targets = all ? active : active.slice(-1);
      for (const warning of targets) {
        await appendCase(db, {
          id: `case-${crypto.randomUUID()}`,
          kind: 'warning-revoked',
          refersTo: warning.id,
          at: now(),
          groupId,
          memberId,
          memberAction: 'none',
          reason,
          actor: settings.staffName,
        });
      }
      return { revoked: targets.length };
    },
    async listRules() {
      const rules = await listRules(db);
      return { rules, errors: await moderation.compileErrors() };
    },
    async saveRule({ rule }) {
      const saved = await saveRule(db, rule);
      await moderation.rulesChanged();
      return saved;
    },
    async setRuleEnabled({ id, enabled }) {
      const rule = await setRuleEnabled(db, id, enabled);
      await moderation.rulesChanged();
      return rule;
    },
    async deleteRule({ id }) {
      await deleteRule(db, id);
      await moderation.rulesChanged();
      return {};
    },
    async testMessage({ text, role }) {
      // Disabled rules are tested too: the box is where a rule is tried before it is turned on.
      const { compiled } = compileRules((await listRules(db)).map((r) => ({ ...r, enabled: true })));
      const at = now();
      const message = { id: 'test', groupId: 'test', memberId: 'test', text, ts: at, role };
      // Tried as an established member's message (no join seen): new-member rules would
      // otherwise fire on everything typed into the box and hide the rule that would apply.
      return evaluateMessage(compiled, message, { recent: [message], now: at }).map((s) => ({
        ruleId: s.ruleId,
        ruleName: s.ruleName,
        category: s.category,
        severity: s.severity,
        memberAction: s.memberAction,
        auditOnly: s.auditOnly,
        spans: s.spans,
        evidence: [...s.evidence],
        reason: s.reason,
        reasonZh: s.reasonZh,
      }));
    },
    exportTeamPack() {
      return exportTeamPack(db, now());
    },
    async importTeamPack({ pack }) {
      const counts = await importTeamPack(db, pack, now());
      await moderation.rulesChanged();
      return counts;
    },
    async getSlashContext({ groupId, fallback }) {
      const waiting = await waitingList(db, groupId, now(), (await getSettings(db)).slaMinutes, timeZone, keptWaitingLists);
      // The most recent customer still waiting for an answer is the one being answered.
      const latest = waiting.items.reduce<(typeof waiting.items)[number] | null>((a, b) => (!a || b.message.ts > a.message.ts ? b : a), null);
      const language = await getGroupLanguage(db, groupId, fallback);
      return { answeringName: latest?.message.authorName ?? null, language: language.language };
    },
    getGroupLanguage({ groupId, fallback }) {
      return getGroupLanguage(db, groupId, fallback);
    },
    setGroupLanguage({ groupId, language, fallback }) {
      return setGroupLanguage(db, groupId, language, fallback);
    },
    listTemplates() {
      return listTemplates(db);
    },
    async saveTemplate(draft) {
      // Strict here (the editor always sends its fields); stored and imported templates
      // from before fields were declared keep working through declaredFields.
      const unknown = unknownFields(draft.body, draft.fields ?? []);
      if (unknown.length > 0) throw new Error(`body: unknown field ${unknown.map((n) => `{${n}}`).join(' ')}`);
      const existing = draft.id ? await getTemplate(db, draft.id) : undefined;
      const at = now();
      return saveTemplate(db, {
        ...draft,
        id: draft.id ?? `tpl-${crypto.randomUUID()}`,
        createdAt: existing?.createdAt ?? at,
        updatedAt: at,
      });
    },
    async deleteTemplate({ id }) {
      await deleteTemplate(db, id);
      return {};
    },
    listSiteProfiles() {
      return listSiteProfiles(db);
    },
    async saveSiteProfile({ profile }) {
      const parsed = parseSiteProfile(profile);
      if (!parsed.ok) throw new Error(parsed.errors.slice(0, 3).map(formatProfileError).join('; '));
      const profiles = await saveSiteProfile(db, parsed.profile);
      await onProfilesChanged?.(profiles);
      return profiles;
    },
    async importSiteProfiles({ pack, decisions }) {
      const parsed = parseProfilePack(pack);
      if (!parsed.ok) throw new Error(parsed.errors.slice(0, 5).map(formatProfileError).join('; '));
      const { profiles, added, replaced, kept, unchanged } = await importSiteProfiles(db, parsed.profiles, decisions);
      if (added + replaced > 0) await onProfilesChanged?.(profiles);
      return { profiles, added, replaced, kept, unchanged };
    },
    async deleteSiteProfile({ id }) {
      const profiles = await deleteSiteProfile(db, id);
      await onProfilesChanged?.(profiles);
      return profiles;
    },
    async siteProfilesFor({ url }) {
      // A chat tab asks this as it starts, and its first batch follows within moments: the
      // rules compile meanwhile (about 0.2 s), not in front of that batch.
      void moderation.compiledRules().catch(() => undefined);
      const target = new URL(url);
      return (await listSiteProfiles(db)).filter((p) => profileMatchesUrl(p, target));
    },
    exportBackup() {
      return exportBackup(db, now());
    },
    async importBackup({ backup, mode }) {
      // No batch is stored while the import replaces records, so none writes back members it read before.
      const counts = await ingest.exclusive(async () => {
        ingest.forgetContext();
        const imported = await importBackup(db, backup, mode);
        ingest.forgetContext();
        return imported;
      });
      await moderation.rulesChanged();
      return counts;
    },
    async forgetMember({ memberId }) {
      const member = await getMember(db, memberId);
      if (!member) throw new Error(`unknown member "${memberId}"`);
      // Between batches: one computed before the erasure must not write the member back after it.
      const forgotten = await ingest.exclusive(async () => {
        const erased = await forgetMember(db, member.site, member.externalId);
        ingest.forgetContext();
        return erased;
      });
      await staffIdentity.forget(memberId);
      return forgotten;
    },
    getSettings() {
      return getSettings(db);
    },
    setSidebarState({ open, width }) {
      return updateSettings(db, { sidebarOpen: open, sidebarWidth: width });
    },
    async restoreDefaults({ section }) {
      const restored = await restoreDefaults(db, section, now());
      if (section === 'rules') await moderation.rulesChanged();
      return { restored };
    },
    async getPageLabels({ browserLanguage, keys }) {
      const language = resolveLanguage((await getSettings(db)).language, browserLanguage);
      const messages = (await loadLocale?.(language)) ?? {};
      return { language, messages: Object.fromEntries(keys.filter((key) => messages[key]).map((key) => [key, { message: messages[key]?.message ?? '' }])) };
    },
    async updateSettings(change) {
      const settings = await updateSettings(db, change);
      if (change.retentionDays !== undefined) {
        await purgeOldMessages(db, settings.retentionDays, now());
        ingest.forgetContext();
      }
      return settings;
    },
  };
  return withSettledMembers(withWaitingListsCleared(handlers, waitingLists), ingest);
}
