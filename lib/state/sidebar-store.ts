import { batch, computed, signal } from '@preact/signals';
import type { Client } from '../messaging/client';
import type { FlaggedMessageView, GroupPanel, MemberCard } from '../messaging/protocol';
import type { InsertReply, PageContext, PrivateInsertReply } from '../messaging/page-protocol';
import type { DismissReasonCode, RuleCategory } from '../model';
import type { LifecycleStage, Member, Settings, Tag, Template, TemplateUseVia } from '../model';
import { indexTemplates, searchTemplates } from '../templates/search';
import { type ChangeNotice, touches } from '../messaging/changes';
import type { TextLanguage } from '../i18n/detect-language';
import { templatesInLanguage } from '../templates/variants';
import { createHistoryPaging, createHistorySearch, HISTORY_PAGE } from './history-store';

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
  /** The interface language: decides the template language of a group with nothing readable yet. */
  uiLanguage?: TextLanguage;
  /** How long change notices are gathered before the views re-read (a busy chat sends one per batch). */
  changeDelayMs?: number;
  /** Re-reads caused only by messages stored from the chat start at most this often (see `scheduleFlush`). */
  chatRefreshMs?: number;
}

export type SidebarTab = 'member' | 'group' | 'templates';

export interface PickedMember {
  memberId: string;
  site: string;
  externalId: string;
  name: string;
}

/** What the last moderation action did, for the notice under the header. */
export type ActionNotice = 'pending-public' | 'pending-private-dm' | 'pending-private-copied' | 'recorded' | 'dismissed' | 'cancelled' | 'flagged';

/** Waiting questions read with the group panel at first: the first page shown and the next. */
export const UNANSWERED_FIRST_READ = 100;

/** A waiting question staff chose Reply… on: who asked, and what. */
export interface ReplyTarget {
  messageId: string;
  memberId: string;
  authorName: string;
  text: string;
}

export function createSidebarStore({
  client,
  insertText,
  insertPrivate,
  copyText,
  onDataChanged,
  now = Date.now,
  uiLanguage = 'zh',
  changeDelayMs = 100,
  chatRefreshMs = 1_000,
}: SidebarDeps) {
  const context = signal<PageContext | null>(null);
  /** The section the user last jumped to; every jump (even to the same one) bumps `jumps`. */
  const tab = signal<SidebarTab>('member');
  const jumps = signal(0);
  const settings = signal<Settings | null>(null);
  const templates = signal<Template[]>([]);
  const templateQuery = signal('');
  /**
   * The waiting question staff chose Reply… on: shown above the picker so the question stays
   * in sight while they choose; cleared once a text is in the composer or the group changes.
   */
  const replyingTo = signal<ReplyTarget | null>(null);
  const groupPanel = signal<GroupPanel | null>(null);
  const notice = signal<string | null>(null);
  const actionNotice = signal<ActionNotice | null>(null);
  const suggestions = signal<FlaggedMessageView[]>([]);
  /** Members shift-clicked in the page, for bulk tagging. */
  const picked = signal<ReadonlyMap<string, PickedMember>>(new Map());
  /** The group's template language (staff's choice or detected) and whether to show the others too. */
  const groupLanguage = signal<{ language: TextLanguage; detected: TextLanguage; chosen: TextLanguage | null } | null>(null);
  const allLanguages = signal(false);
  const templateLanguage = computed<TextLanguage>(() => groupLanguage.value?.language ?? uiLanguage);
  const templateIndex = computed(() =>
    indexTemplates(allLanguages.value ? templates.value : templatesInLanguage(templates.value, templateLanguage.value)),
  );
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
      // The newest page only: older pages are read as the user scrolls (history-store.ts).
      const next = await client.request('getMemberCard', { memberId, historyLimit: HISTORY_PAGE });
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

  // Waiting questions asked for: the view renders a page of them and keeps one more ready, so
  // "show more" has them at once; it asks for more as it shows more (showUnanswered).
  let unansweredLimit = UNANSWERED_FIRST_READ;
  let panelSeq = 0;
  // A re-read after change notices asks for the panel, the suggestions and the group's language
  // at once; each answer set on its own signal re-rendered the whole sidebar (its root reads all
  // three), three times per re-read while a chat streams. During a flush their answers are kept
  // here and set together, in one batch: one render per re-read.
  let heldAnswers: Array<() => void> | null = null;
  /** Sets an answer now, or with the others of the flush that asked for it. */
  const setAnswer = (held: Array<() => void> | null, set: () => void) => (held ? held.push(set) : set());

  async function loadGroupPanel() {
    const held = heldAnswers;
    const seq = ++panelSeq;
    const groupId = context.value?.groupId;
    if (!groupId) {
      groupPanel.value = null;
      return;
    }
    try {
      const next = await client.request('getGroupPanel', { groupId, slaMinutes: settings.value?.slaMinutes ?? 5, unansweredLimit });
      setAnswer(held, () => {
        if (seq === panelSeq) groupPanel.value = next;
      });
    } catch (e) {
      fail(e);
    }
  }

  // Context events arrive after every batch the page read, so these loads overlap; an
  // answer to an older request must not overwrite a newer one (a just-decided suggestion
  // would come back).
  let suggestionsSeq = 0;
  async function loadSuggestions() {
    const held = heldAnswers;
    const seq = ++suggestionsSeq;
    const groupId = context.value?.groupId;
    if (!groupId) {
      suggestions.value = [];
      return;
    }
    try {
      const next = await client.request('listSuggestions', { groupId });
      setAnswer(held, () => {
        if (seq === suggestionsSeq) suggestions.value = next;
      });
    } catch (e) {
      fail(e);
    }
  }

  let languageSeq = 0;
  async function loadGroupLanguage() {
    const held = heldAnswers;
    const seq = ++languageSeq;
    const groupId = context.value?.groupId;
    if (!groupId) {
      groupLanguage.value = null;
      return;
    }
    try {
      const next = await client.request('getGroupLanguage', { groupId, fallback: uiLanguage });
      setAnswer(held, () => {
        if (seq === languageSeq) groupLanguage.value = next;
      });
    } catch (e) {
      fail(e);
    }
  }

  async function loadSettings() {
    try {
      settings.value = await client.request('getSettings', {});
    } catch (e) {
      fail(e);
    }
  }

  // Change notices from the background: what changed is re-read, once per burst (a busy
  // chat sends a notice per stored batch).
  const pending = { card: false, panel: false, suggestions: false, language: false, templates: false, settings: false, tags: false };
  let changeTimer: ReturnType<typeof setTimeout> | null = null;
  function flushChanges(): Promise<unknown> {
    if (changeTimer) clearTimeout(changeTimer);
    changeTimer = null;
    staffChangePending = false;
    lastFlushStartedAt = now();
    const work: Array<Promise<unknown>> = [];
    const held: Array<() => void> = [];
    heldAnswers = held;
    try {
      if (pending.card) work.push(loadCard());
      if (pending.panel) work.push(loadGroupPanel());
      if (pending.suggestions) work.push(loadSuggestions());
      if (pending.language) work.push(loadGroupLanguage());
      if (pending.templates) work.push(loadTemplates());
      if (pending.settings) work.push(loadSettings());
      if (pending.tags) work.push(refreshTags());
    } finally {
      heldAnswers = null;
    }
    for (const key of Object.keys(pending) as Array<keyof typeof pending>) pending[key] = false;
    return Promise.all(work).then(() =>
      batch(() => {
        for (const set of held) set();
      }),
    );
  }
  // The action whose text staff were last handed (a private reminder goes to the member's DM,
  // which is a conversation of its own): when its case is written, or it is cancelled
  // elsewhere, the notice must say so, not keep asking staff to confirm something done.
  let awaitedAction: { groupId: string; messageId: string } | null = null;
  async function followAwaitedAction() {
    const awaited = awaitedAction;
    if (!awaited) return;
    try {
      const items = await client.request('listSuggestions', { groupId: awaited.groupId });
      if (awaitedAction !== awaited) return;
      const item = items.find((i) => i.messageId === awaited.messageId);
      if (item?.pending) return;
      awaitedAction = null;
      actionNotice.value = item ? null : 'recorded';
    } catch (e) {
      fail(e);
    }
  }

  function noteChange(notice: ChangeNotice) {
    if (awaitedAction && (notice.groupId === null || notice.groupId === awaitedAction.groupId) && touches(notice, 'cases', 'suggestions')) {
      void followAwaitedAction();
    }
    const groupId = context.value?.groupId ?? null;
    const memberId = selectedMemberId.value;
    const forThisGroup = notice.groupId === null || notice.groupId === groupId;
    const aboutSelected = memberId !== null && (notice.memberIds.length === 0 || notice.memberIds.includes(memberId));
    if (aboutSelected && touches(notice, 'messages', 'members', 'tags', 'notes', 'cases')) pending.card = true;
    if (groupId && forThisGroup && touches(notice, 'messages', 'members', 'tags', 'groups')) pending.panel = true;
    if (groupId && forThisGroup && touches(notice, 'suggestions', 'cases', 'rules')) pending.suggestions = true;
    if (groupId && notice.groupId === groupId && touches(notice, 'messages', 'groups')) pending.language = true;
    if (touches(notice, 'templates')) pending.templates = true;
    if (touches(notice, 'settings')) pending.settings = true;
    if (touches(notice, 'tags')) pending.tags = true;
    if (!Object.values(pending).some(Boolean)) return;
    if (!notice.fromChat) staffChangePending = true;
    scheduleFlush();
  }
  // A busy chat stores a batch every few hundred milliseconds, and re-reading the views takes
  // the background about as long on a large group: re-reading after each notice kept it busy
  // answering the sidebar instead of storing. One re-read at a time, and the next waits at
  // least as long as the last one took.
  // Messages stored from the chat (a backfill sends a notice per batch, several a second) are
  // re-read at most once per `chatRefreshMs`, and no sooner than four times as long as the last
  // re-read took (a slow answer means the background is busy storing): each re-read renders in
  // a renderer that shares the machine's cores with the chat page and the store, and staff gain
  // nothing from seeing the waiting list redrawn five times a second. A change staff made (a
  // tag, a note, a decision) is not held back by that pace.
  const CHAT_REFRESH_PER_READ = 4;
  let flushing: Promise<unknown> | null = null;
  let lastFlushMs = 0;
  let lastFlushStartedAt = Number.NEGATIVE_INFINITY;
  let staffChangePending = false;
  let changeTimerDueAt = 0;
  function scheduleFlush() {
    const delay = staffChangePending
      ? Math.max(changeDelayMs, lastFlushMs)
      : Math.max(changeDelayMs, lastFlushMs, lastFlushStartedAt + Math.max(chatRefreshMs, CHAT_REFRESH_PER_READ * lastFlushMs) - now());
    const dueAt = now() + delay;
    if (changeTimer) {
      if (dueAt >= changeTimerDueAt) return;
      clearTimeout(changeTimer);
    }
    changeTimerDueAt = dueAt;
    changeTimer = setTimeout(() => {
      changeTimer = null;
      if (flushing) {
        void flushing.then(scheduleFlush);
        return;
      }
      if (!Object.values(pending).some(Boolean)) return;
      const started = now();
      flushing = flushChanges().finally(() => {
        lastFlushMs = now() - started;
        flushing = null;
      });
    }, delay);
  }

  async function loadTemplates() {
    try {
      templates.value = await client.request('listTemplates', {});
    } catch (e) {
      fail(e);
    }
  }

  /** A failed count never blocks staff: the text is in the composer; the error shows like any other. */
  async function recordUse(use: { templateId: string; groupId: string; via: TemplateUseVia }) {
    try {
      await client.request('recordTemplateUse', use);
    } catch (e) {
      fail(e);
    }
  }

  const history = createHistoryPaging({ client, card });
  const search = createHistorySearch({ client });

  return {
    history,
    search,
    /** Opens a search result: the author's card, scrolled to the message. */
    async openMessage(message: { memberId: string; id: string; ts: number }) {
      await this.select(message.memberId);
      await history.reveal(message);
    },
    context,
    groupLanguage,
    templateLanguage,
    allLanguages,
    /** A `changed` notice from the background: the views it touches re-read within a moment. */
    noteChange,
    /** Re-reads what the gathered notices touched now (tests, and before closing). */
    flushChanges,
    async setGroupLanguage(language: TextLanguage | null) {
      const groupId = context.value?.groupId;
      if (!groupId) return false;
      try {
        groupLanguage.value = await client.request('setGroupLanguage', { groupId, language, fallback: uiLanguage });
        return true;
      } catch (e) {
        fail(e);
        return false;
      }
    },
    /** {staff} typed into a template form becomes the staff name in the settings. */
    async rememberStaffName(name: string) {
      try {
        // The whole record is sent back: updateSettings fills keys left out with their
        // defaults (language, ladder, …) until it merges only the keys sent.
        const current = await client.request('getSettings', {});
        settings.value = await client.request('updateSettings', { ...current, staffName: name });
      } catch (e) {
        fail(e);
      }
    },
    tab,
    jumps,
    settings,
    templates,
    templateQuery,
    replyingTo,
    /** Reply… on a waiting question: its asker becomes the selected member and the picker opens. */
    replyTo(question: ReplyTarget) {
      replyingTo.value = question;
      templateQuery.value = '';
      void this.select(question.memberId);
      this.setTab('templates');
    },
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
    },
    loadGroupPanel,
    /** The waiting list shows or is about to show this many questions: read more when the panel holds fewer. */
    showUnanswered(count: number) {
      if (count <= unansweredLimit) return;
      unansweredLimit = count;
      void loadGroupPanel();
    },
    setGroupRules: (rulesText: string) => {
      const groupId = context.value?.groupId;
      return groupId ? mutate(async () => {
        await client.request('setGroupRules', { groupId, rulesText });
        await loadGroupPanel();
      }) : Promise.resolve(false);
    },
    /** A waiting question answered elsewhere, or not a question at all: only that message leaves the list. */
    loadHealthConfig: async () => {
      const groupId = context.value?.groupId;
      if (!groupId) throw new Error('no group');
      return (await client.request('getGroupHealthConfig', { groupId })).config;
    },
    /** Saves the group's timing; the background refuses what does not parse and names the field. */
    saveHealthConfig: async (config: unknown): Promise<string | null> => {
      const groupId = context.value?.groupId;
      if (!groupId) return 'no group';
      try {
        await client.request('saveGroupHealthConfig', { groupId, config });
        await loadGroupPanel();
        return null;
      } catch (e) {
        return e instanceof Error ? e.message : String(e);
      }
    },
    markQuestion: (messageId: string, mark: 'answered' | 'not-question') => {
      const groupId = context.value?.groupId;
      return groupId ? mutate(async () => {
        await client.request('markQuestion', { groupId, messageId, mark });
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
      awaitedAction = null;
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
        // A member who changed nick is written to under the nick they have now.
        const externalId = item.currentKey ?? (item.memberId.startsWith(`${site}:`) ? item.memberId.slice(site.length + 1) : item.memberId);
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
      if (done) {
        actionNotice.value = via;
        awaitedAction = keys;
      }
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
    /** "Flag this message" (from the member's history): a manual case in the category staff chose. */
    async flagMessage(messageId: string, category: RuleCategory, reason: string): Promise<boolean> {
      actionNotice.value = null;
      const done = await mutate(() => client.request('flagMessage', { messageId, category, reason }));
      if (done) actionNotice.value = 'flagged';
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
    /**
     * Inserts into the chat composer; the human reviews and sends. `template` (which one, and
     * from where) is counted for the usage figures once the text is in the composer.
     */
    async insert(text: string, send = false, template?: { templateId: string; via: TemplateUseVia }): Promise<boolean> {
      error.value = null;
      try {
        const reply = await insertText(text, send);
        if (!reply.ok) {
          error.value = reply.error;
          return false;
        }
        notice.value = reply.sent ? 'sent' : 'inserted';
        actionNotice.value = null;
        replyingTo.value = null;
        const groupId = context.value?.groupId;
        if (template && groupId) void recordUse({ ...template, groupId });
        return true;
      } catch (e) {
        fail(e);
        return false;
      }
    },
    setContext(next: PageContext) {
      const groupChanged = next.groupId !== context.value?.groupId;
      context.value = next;
      // What the page stores reaches the views through change notices; only a new group
      // needs reading here.
      if (groupChanged) {
        replyingTo.value = null;
        void loadSuggestions();
        void loadGroupPanel();
        void loadGroupLanguage();
      }
      if (next.selectedMemberId && next.selectedMemberId !== selectedMemberId.value) void this.select(next.selectedMemberId);
    },
    /**
     * Shows a member. `seen` is how the page named them: a member picked from the chat's
     * member list may have no message read yet, and gets a record so staff can tag them.
     */
    async select(memberId: string | null, seen?: { site: string; externalId: string; name: string; at?: number }) {
      // A name on the page may be a nick its member took by renaming: their card, not a new one.
      if (memberId && seen) {
        try {
          memberId = (await client.request('resolveMember', { site: seen.site, externalId: seen.externalId, ...(seen.at !== undefined ? { at: seen.at } : {}) })).memberId;
          // A record made for it below is made under the member's own key.
          if (memberId.startsWith(`${seen.site}:`)) seen = { ...seen, externalId: memberId.slice(seen.site.length + 1) };
        } catch {
          // Not resolved: the name's own member, as before.
        }
      }
      batch(() => {
        selectedMemberId.value = memberId;
        error.value = null;
        history.focusMessageId.value = null;
      });
      await Promise.all([loadCard(), refreshTags()]);
      if (memberId && seen && !card.value && selectedMemberId.value === memberId) {
        try {
          await client.request('ensureMember', { site: seen.site, externalId: seen.externalId, name: seen.name });
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
