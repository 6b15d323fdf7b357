import { batch, computed, signal } from '@preact/signals';
import type { Client } from '../messaging/client';
import type { FlaggedMessageView, GroupPanel, MemberCard } from '../messaging/protocol';
import type { InsertReply, PageContext, PrivateInsertReply } from '../content/bridge';
import type { DismissReasonCode } from '../model';
import type { LifecycleStage, Member, Settings, Tag, Template } from '../model';
import { indexTemplates, searchTemplates } from '../templates/search';

const HISTORY_LIMIT = 5_000;
const TEMPLATE_RESULTS = 20;

/**
 * The sidebar's state. A factory, not a module singleton, so each test (and each frame)
 * gets its own. Every mutation goes through the background and then re-reads the card,
 * so what the sidebar shows is what is stored.
 */
export interface SidebarDeps {
  client: Client;
  /** Puts text into the chat's composer (through the content script of this tab). */
  insertText: (text: string, send?: boolean) => Promise<InsertReply>;
  /** Puts a private reminder into the member's DM (never the group); `unsupported` when the chat cannot. */
  insertPrivate?: (member: { externalId: string; name: string }, text: string) => Promise<PrivateInsertReply>;
  /** Copies text for staff to paste into a DM themselves. */
  copyText?: (text: string) => Promise<boolean>;
  /** Tells the page that tags or warnings changed (inline badges redraw). */
  onDataChanged?: () => void;
  now?: () => number;
}

export type SidebarTab = 'member' | 'group' | 'templates';

export interface PickedMember {
  memberId: string;
  site: string;
  externalId: string;
  name: string;
}

/** What the last moderation action did, for the notice under the header. */
export type ActionNotice = 'pending-public' | 'pending-private-dm' | 'pending-private-copied' | 'recorded' | 'dismissed' | 'cancelled';

export function createSidebarStore({ client, insertText, insertPrivate, copyText, onDataChanged, now = Date.now }: SidebarDeps) {
  const context = signal<PageContext | null>(null);
  /** The section the user last jumped to; every jump (even to the same one) bumps `jumps`. */
  const tab = signal<SidebarTab>('member');
  const jumps = signal(0);
  const settings = signal<Settings | null>(null);
  const templates = signal<Template[]>([]);
  const templateQuery = signal('');
  const groupPanel = signal<GroupPanel | null>(null);
  const notice = signal<string | null>(null);
  const actionNotice = signal<ActionNotice | null>(null);
  const suggestions = signal<FlaggedMessageView[]>([]);
  /** Members shift-clicked in the page, for bulk tagging. */
  const picked = signal<ReadonlyMap<string, PickedMember>>(new Map());
  const templateIndex = computed(() => indexTemplates(templates.value));
  const selectedMemberId = signal<string | null>(null);
  const card = signal<MemberCard | null>(null);
  const allTags = signal<Tag[]>([]);
  const error = signal<string | null>(null);
  const loading = signal(false);
  let loadSeq = 0;

  const fail = (e: unknown) => {
    error.value = e instanceof Error ? e.message : String(e);
  };

  async function loadCard() {
    const memberId = selectedMemberId.value;
    const seq = ++loadSeq;
    if (!memberId) {
      card.value = null;
      return;
    }
    loading.value = true;
    try {
      const next = await client.request('getMemberCard', { memberId, historyLimit: HISTORY_LIMIT });
      // A slower answer for an earlier selection must not overwrite a newer one.
      if (seq === loadSeq) card.value = next;
    } catch (e) {
      if (seq === loadSeq) fail(e);
    } finally {
      if (seq === loadSeq) loading.value = false;
    }
  }

  async function refreshTags() {
    try {
      allTags.value = await client.request('listTags', {});
    } catch (e) {
      fail(e);
    }
  }

  async function mutate(action: () => Promise<unknown>): Promise<boolean> {
    error.value = null;
    try {
      await action();
      await Promise.all([loadCard(), refreshTags()]);
      onDataChanged?.();
      return true;
    } catch (e) {
      fail(e);
      return false;
    }
  }

  let panelSeq = 0;
  async function loadGroupPanel() {
    const seq = ++panelSeq;
    const groupId = context.value?.groupId;
    if (!groupId) {
      groupPanel.value = null;
      return;
    }
    try {
      const next = await client.request('getGroupPanel', { groupId, slaMinutes: settings.value?.slaMinutes ?? 5 });
      if (seq === panelSeq) groupPanel.value = next;
    } catch (e) {
      fail(e);
    }
  }

  // Context events arrive after every batch the page read, so these loads overlap; an
  // answer to an older request must not overwrite a newer one (a just-decided suggestion
  // would come back).
  let suggestionsSeq = 0;
  async function loadSuggestions() {
    const seq = ++suggestionsSeq;
    const groupId = context.value?.groupId;
    if (!groupId) {
      suggestions.value = [];
      return;
    }
    try {
      const next = await client.request('listSuggestions', { groupId });
      if (seq === suggestionsSeq) suggestions.value = next;
    } catch (e) {
      fail(e);
    }
  }

  // The group section is always on screen, so new messages should show up there too, but
  // not with a query per batch: at most one refresh every couple of seconds.
  let panelRefresh: ReturnType<typeof setTimeout> | null = null;
  function refreshGroupPanelSoon() {
    if (panelRefresh) return;
    panelRefresh = setTimeout(() => {
      panelRefresh = null;
      void loadGroupPanel();
    }, 2_000);
  }

  async function loadTemplates() {
    try {
      templates.value = await client.request('listTemplates', {});
    } catch (e) {
      fail(e);
    }
  }

  return {
    context,
    tab,
    jumps,
    settings,
    templates,
    templateQuery,
    groupPanel,
    notice,
    actionNotice,
    suggestions,
    loadSuggestions,
    picked,
    togglePicked(member: PickedMember) {
      const next = new Map(picked.value);
      if (next.has(member.memberId)) next.delete(member.memberId);
      else next.set(member.memberId, member);
      picked.value = next;
    },
    clearPicked() {
      picked.value = new Map();
    },
    /** Tags every picked member; members seen only on the page get a record first. */
    async tagPicked(name: string): Promise<boolean> {
      const members = [...picked.value.values()];
      const done = await mutate(async () => {
        for (const m of members) await client.request('ensureMember', { site: m.site, externalId: m.externalId, name: m.name });
        await client.request('addTag', { memberIds: members.map((m) => m.memberId), name });
      });
      if (done) picked.value = new Map();
      return done;
    },
    now,
    // A short list: each shown template renders its preview, and 20 fit the sidebar anyway;
    // typing narrows it. (50 cost up to ~25 ms per keystroke with 1,000 templates.)
    foundTemplates: computed(() => searchTemplates(templateIndex.value, templateQuery.value, TEMPLATE_RESULTS)),
    selectedMemberId,
    card,
    allTags,
    error,
    loading,
    tagSuggestions: computed(() => {
      const have = new Set(card.value?.tags.map((t) => t.id));
      return allTags.value.filter((t) => !have.has(t.id));
    }),
    async start() {
      const [loaded] = await Promise.all([client.request('getSettings', {}).catch(() => null), loadTemplates(), refreshTags()]);
      settings.value = loaded;
    },
    /** Jumps to a section; the group and template sections are read again on the way. */
    setTab(next: SidebarTab) {
      batch(() => {
        tab.value = next;
        jumps.value++;
      });
      if (next === 'group') void loadGroupPanel();
      if (next === 'templates') void loadTemplates();
    },
    loadGroupPanel,
    setGroupRules: (rulesText: string) => {
      const groupId = context.value?.groupId;
      return groupId ? mutate(async () => {
        await client.request('setGroupRules', { groupId, rulesText });
        await loadGroupPanel();
      }) : Promise.resolve(false);
    },
    addTagToMembers: (memberIds: string[], name: string) =>
      mutate(async () => {
        await client.request('addTag', { memberIds, name });
        await loadGroupPanel();
      }),
    /**
     * Acts on a flagged message with the text of its ladder step, through the step's
     * channel: public → the group's composer; private → the member's DM when the chat can
     * open one, otherwise the clipboard (never the group's composer); staff-only or record
     * only → recorded at once. Inserted text is pending until seen sent or confirmed.
     */
    async act(item: FlaggedMessageView, text: string | null, reason: string, templateId?: string): Promise<boolean> {
      error.value = null;
      actionNotice.value = null;
      const { channel } = item.choice;
      const keys = { groupId: item.groupId, messageId: item.messageId };
      if (channel === null || channel === 'staff') {
        const done = await mutate(() => client.request('confirmAction', { ...keys, reason }));
        if (done) actionNotice.value = 'recorded';
        await loadSuggestions();
        return done;
      }
      if (text === null) return false;
      let via: ActionNotice;
      if (channel === 'public') {
        if (!(await this.insert(text))) return false;
        via = 'pending-public';
      } else {
        const site = context.value?.adapterId ?? '';
        const externalId = item.memberId.startsWith(`${site}:`) ? item.memberId.slice(site.length + 1) : item.memberId;
        const reply = insertPrivate ? await insertPrivate({ externalId, name: item.authorName }, text) : { ok: false as const, error: '', unsupported: true };
        if (reply.ok) via = 'pending-private-dm';
        else if (reply.unsupported && copyText && (await copyText(text))) via = 'pending-private-copied';
        else {
          error.value = reply.error || 'could not copy the text';
          return false;
        }
      }
      notice.value = null;
      const done = await mutate(() => client.request('startAction', { ...keys, text, reason, ...(templateId ? { templateId } : {}) }));
      if (done) actionNotice.value = via;
      await loadSuggestions();
      return done;
    },
    async confirmAction(item: FlaggedMessageView, reason: string): Promise<boolean> {
      const done = await mutate(() => client.request('confirmAction', { groupId: item.groupId, messageId: item.messageId, reason }));
      if (done) actionNotice.value = 'recorded';
      await loadSuggestions();
      return done;
    },
    async cancelAction(item: FlaggedMessageView): Promise<boolean> {
      const done = await mutate(() => client.request('cancelAction', { groupId: item.groupId, messageId: item.messageId }));
      if (done) actionNotice.value = 'cancelled';
      await loadSuggestions();
      return done;
    },
    async dismissSuggestion(item: FlaggedMessageView, reasonCode: DismissReasonCode, text: string): Promise<boolean> {
      const done = await mutate(() => client.request('dismissMessage', { groupId: item.groupId, messageId: item.messageId, reasonCode, text }));
      if (done) actionNotice.value = 'dismissed';
      await loadSuggestions();
      return done;
    },
    /** The staff name every case is signed with, asked for on first use. */
    async saveStaffName(name: string): Promise<boolean> {
      error.value = null;
      try {
        settings.value = await client.request('updateSettings', { staffName: name });
        return true;
      } catch (e) {
        fail(e);
        return false;
      }
    },
    /** Erases the selected member's data, then shows nothing for them. */
    async forgetSelected(): Promise<boolean> {
      const memberId = selectedMemberId.value;
      if (!memberId) return false;
      const done = await mutate(() => client.request('forgetMember', { memberId }));
      if (done) {
        selectedMemberId.value = null;
        card.value = null;
      }
      return done;
    },
    revokeWarnings(groupId: string, all: boolean) {
      const memberId = selectedMemberId.value;
      return memberId ? mutate(() => client.request('revokeWarnings', { memberId, groupId, all })) : Promise.resolve(false);
    },
    /** Inserts into the chat composer; the human reviews and sends. */
    async insert(text: string, send = false): Promise<boolean> {
      error.value = null;
      try {
        const reply = await insertText(text, send);
        if (!reply.ok) {
          error.value = reply.error;
          return false;
        }
        notice.value = reply.sent ? 'sent' : 'inserted';
        actionNotice.value = null;
        return true;
      } catch (e) {
        fail(e);
        return false;
      }
    },
    setContext(next: PageContext) {
      const groupChanged = next.groupId !== context.value?.groupId;
      context.value = next;
      // Context arrives after every batch the page read: new suggestions may be waiting.
      void loadSuggestions();
      if (groupChanged) void loadGroupPanel();
      else refreshGroupPanelSoon();
      if (next.selectedMemberId && next.selectedMemberId !== selectedMemberId.value) void this.select(next.selectedMemberId);
    },
    /**
     * Shows a member. `seen` is how the page named them: a member picked from the chat's
     * member list may have no message read yet, and gets a record so staff can tag them.
     */
    async select(memberId: string | null, seen?: { site: string; externalId: string; name: string }) {
      batch(() => {
        selectedMemberId.value = memberId;
        error.value = null;
      });
      await Promise.all([loadCard(), refreshTags()]);
      if (memberId && seen && !card.value && selectedMemberId.value === memberId) {
        try {
          await client.request('ensureMember', seen);
          await loadCard();
        } catch (e) {
          fail(e);
        }
      }
    },
    reload: loadCard,
    addTag: (name: string) => {
      const memberId = selectedMemberId.value;
      return memberId ? mutate(() => client.request('addTag', { memberIds: [memberId], name })) : Promise.resolve(false);
    },
    removeTag: (tagId: string) => {
      const memberId = selectedMemberId.value;
      return memberId ? mutate(() => client.request('removeTag', { memberId, tagId })) : Promise.resolve(false);
    },
    addNote: (text: string) => {
      const memberId = selectedMemberId.value;
      return memberId ? mutate(() => client.request('addNote', { memberId, text })) : Promise.resolve(false);
    },
    editNote: (noteId: string, text: string) => mutate(() => client.request('editNote', { noteId, text })),
    deleteNote: (noteId: string) => mutate(() => client.request('deleteNote', { noteId })),
    setTier: (tier: Member['tier'] | null) => {
      const memberId = selectedMemberId.value;
      return memberId ? mutate(() => client.request('setMemberProfile', { memberId, tier })) : Promise.resolve(false);
    },
    setStage: (stage: LifecycleStage | null) => {
      const memberId = selectedMemberId.value;
      return memberId ? mutate(() => client.request('setMemberProfile', { memberId, stage })) : Promise.resolve(false);
    },
  };
}

export type SidebarStore = ReturnType<typeof createSidebarStore>;
