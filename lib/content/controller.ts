import { insertConfirmed, submitComposer } from '../adapters/composer';
import type { ChatAdapter } from '../adapters/types';
import type { Client } from '../messaging/request-client';
import type { ContentRequestName } from '../messaging/content-client';
import type { CommandHandlers, PageContext, PageEventBody, PageEventName } from '../messaging/page-protocol';
import { groupKey, memberKey } from '../model/keys';
import { classifyIngestFailure } from './ingest-failure';
import { startReader, type ReaderStatus } from '../reader/reader';
import { insertPrivately } from './private-message';
import { mountSidebarFrame, type SidebarFrame } from './sidebar-frame';
import { startInlineBadges } from './inline-badges';
import { attachLazySlashPicker, type SlashModule } from './slash-loader';
import { formatTemplateDate } from '../templates/render';
import { throttle } from './throttle';
import type { Translate } from '../i18n/translate';
import { type ChangeNotice, touches } from '../messaging/changes';
import { KNOWN_VARIABLES } from '../templates/render';
import { templatesInLanguage } from '../templates/variants';

export interface ChatControllerDeps {
  adapter: ChatAdapter;
  document: Document;
  signal: AbortSignal;
  client: Client<ContentRequestName>;
  /** Sends a page event to this tab's sidebar (on its channel's port). */
  emit: <N extends PageEventName>(name: N, input: PageEventBody<N>) => void;
  /** The sidebar frame's URL; the channel is not in it (see sidebar-frame.ts). */
  sidebarSrc: string;
  /** Hands this tab's event channel (and its port) to a sidebar frame that loaded, by postMessage (channel-handover.ts). */
  handOverChannel: (frameWindow: Window) => void;
  sidebarOpen: boolean;
  toggleLabel: string;
  onSidebarOpenChange?: (open: boolean) => void;
  /** Signs templates ({staff}); from the options. */
  staffName: string;
  uiLanguage: 'zh' | 'en';
  /** In-page labels, in the language chosen in the options (replaced when it changes). */
  t: Translate;
  /** Opt-in: tags and warning counts drawn next to names in the page. */
  inlineBadges: boolean;
  /** Remembered sidebar width; dragging its edge changes it. */
  sidebarWidth?: number;
  onSidebarWidthChange?: (width: number) => void;
  /** Loads the "/" template picker (its own file, loaded at the first "/"; see slash-loader.ts). */
  loadSlashPicker: () => Promise<SlashModule>;
  /**
   * A sidebar frame already on the page (it offered setup before this adapter existed). Its
   * owner hands it the channel and removes it; this controller only uses it.
   */
  frame?: SidebarFrame;
}

/** What the content script needs from the settings; they reach an open tab without a reload. */
export interface LiveSettings {
  staffName: string;
  inlineBadges: boolean;
  sidebarWidth?: number;
  t: Translate;
}

/**
 * Everything the content script does on a chat page: reads it, reports status, keeps the
 * sidebar frame, turns clicks on authors into member selections and runs commands from
 * the sidebar and the background. The entrypoint only wires browser APIs into this.
 */
export function startChatController(deps: ChatControllerDeps) {
  const { adapter, document: doc, signal, client } = deps;
  let selectedMemberId: string | null = null;
  let lastStatus: ReaderStatus | null = null;
  let frame: SidebarFrame | null = null;
  let live: LiveSettings = { staffName: deps.staffName, inlineBadges: deps.inlineBadges, sidebarWidth: deps.sidebarWidth, t: deps.t };
  // Who the / picker answers, and the group's template language: read when the picker
  // opens after something changed in the group, not on every stored batch. A change marks
  // them stale instead of dropping them, so an open picker keeps the name it shows.
  let answering: { groupId: string | null; name: string | null } | null = null;
  let language: { groupId: string | null; value: 'zh' | 'en' } | null = null;
  let pickerContextStale = false;
  const currentGroupId = () => {
    const group = lastStatus?.group ?? adapter.currentGroup(doc);
    return group ? groupKey(adapter.id, group.externalId) : null;
  };
  const refreshPickerContext = async () => {
    const groupId = currentGroupId();
    if (!groupId) return;
    if (!pickerContextStale && answering?.groupId === groupId && language?.groupId === groupId) return;
    pickerContextStale = false;
    const answer = await client.request('getSlashContext', { groupId, fallback: deps.uiLanguage }).catch((error: unknown) => {
      pickerContextStale = true;
      throw error;
    });
    answering = { groupId, name: answer.answeringName };
    if (language?.value !== answer.language) slashPicker.invalidate();
    language = { groupId, value: answer.language };
  };

  const context = (): PageContext => {
    const group = lastStatus?.group ?? adapter.currentGroup(doc);
    return {
      adapterId: adapter.id,
      adapterLabel: adapter.label,
      verified: adapter.verified,
      groupId: group ? groupKey(adapter.id, group.externalId) : null,
      groupTitle: group?.title ?? null,
      selectedMemberId,
      health: { state: lastStatus?.health.state ?? 'no-chat', misses: lastStatus?.health.misses ?? {}, delivery: lastStatus?.health.delivery },
    };
  };

  const reportStatus = throttle((status: ReaderStatus) => {
    if (signal.aborted) return;
    const group = status.group;
    client
      .request('reportStatus', {
        adapterId: adapter.id,
        adapterLabel: adapter.label,
        verified: adapter.verified,
        groupId: group ? groupKey(adapter.id, group.externalId) : null,
        groupTitle: group?.title ?? null,
        messagesRead: status.messagesRead,
        health: status.health,
      })
      .catch(() => {
        // The popup's view is best-effort; reading goes on without it.
      });
    deps.emit('context', { context: context() });
  }, 500);

  const reader = startReader({
    adapter,
    root: doc,
    signal,
    // Resolves only once the background stored the batch; the reader keeps it until then.
    send: (batch) => client.request('ingest', batch),
    droppedIn: (reply) => (reply as { dropped?: number } | undefined)?.dropped ?? 0,
    classifyFailure: classifyIngestFailure,
    onStatus(status) {
      const groupChanged = status.group?.externalId !== lastStatus?.group?.externalId;
      lastStatus = status;
      if (groupChanged) deps.emit('context', { context: context() });
      reportStatus(status);
    },
  });

  if (deps.frame) {
    frame = deps.frame;
    deps.emit('context', { context: context() });
  } else {
    frame = mountSidebarFrame({
      document: doc,
      src: deps.sidebarSrc,
      open: deps.sidebarOpen,
      toggleLabel: deps.toggleLabel,
      resizeLabel: deps.t('sidebarResize'),
      width: deps.sidebarWidth,
      onWidthChange: deps.onSidebarWidthChange,
      onOpenChange: deps.onSidebarOpenChange,
      onLoad: (sidebarWindow) => {
        deps.handOverChannel(sidebarWindow);
        deps.emit('context', { context: context() });
      },
      roomAfter: reader.firstScan,
    });
    signal.addEventListener('abort', () => frame?.remove(), { once: true });
  }
  // App shells fixed to the viewport (Converse.js) are not narrowed by the page's margin: the
  // frame keeps those around the chat's own parts out from under the open sidebar.
  const stopKeepingClear = frame.keepClear(() => [adapter.messageContainer(doc), adapter.composer(doc)]);
  signal.addEventListener('abort', stopKeepingClear, { once: true });

  const onClick = (event: Event) => {
    // Only a person's click: a page script's synthetic clicks must not select members
    // (which creates member records) or add them to the bulk selection (issue #11, finding 4).
    if (!event.isTrusted) return;
    const target = event.target;
    if (!(target instanceof Element)) return;
    const author = adapter.authorAt(target);
    if (!author) return;
    const memberId = memberKey(adapter.id, author.externalId);
    // The row's time: a nick renamed since is resolved to whoever held it then (lib/identity/nicks.ts).
    const row = target.closest(adapter.rowSelector);
    const parsed = row ? adapter.parseRow(row, { now: Date.now() }) : null;
    const at = parsed?.ok ? { at: parsed.event.ts } : {};
    if ((event as MouseEvent).shiftKey) {
      frame?.setOpen(true);
      deps.emit('pick-member', { memberId, site: adapter.id, externalId: author.externalId, name: author.name, ...at });
      return;
    }
    selectedMemberId = memberId;
    frame?.setOpen(true);
    deps.emit('select-member', { memberId: selectedMemberId, site: adapter.id, externalId: author.externalId, name: author.name, ...at });
  };
  // Capture phase: chat apps often stop propagation on their own name handlers.
  doc.addEventListener('click', onClick, { capture: true, signal });

  const slashPicker = attachLazySlashPicker({
    document: doc,
    signal,
    composer: () => adapter.composer(doc),
    loadTemplates: async () => {
      await refreshPickerContext().catch(() => {});
      const all = await client.request('listTemplates', {});
      return language ? templatesInLanguage(all, language.value) : all;
    },
    prepare: refreshPickerContext,
    onInserted: (template) => {
      const groupId = currentGroupId();
      // Counting never stands in the way: the text is in the composer whatever happens here.
      if (groupId) void client.request('recordTemplateUse', { templateId: template.id, groupId, via: 'slash' }).catch(() => {});
    },
    values: () => ({
      // The member being answered: the latest customer waiting for a reply, never simply
      // whoever was clicked last. Shown above the list and editable in the form.
      member: answering?.name ?? undefined,
      group: (lastStatus?.group ?? adapter.currentGroup(doc))?.title,
      staff: live.staffName || undefined,
      date: formatTemplateDate(Date.now(), language?.value ?? deps.uiLanguage),
    }),
    labels: {
      missing: (names) => live.t('templateMissingValues', names),
      get empty() {
        return live.t('noTemplatesFound');
      },
      field: (name) => (KNOWN_VARIABLES.includes(name as never) ? live.t(`templateField_${name}`) : name),
      get formHint() {
        return live.t('templateFormHint');
      },
      answering: (name) => live.t('templateGuessedMember', name),
    },
  }, deps.loadSlashPicker);

  let badgesAbort: AbortController | null = null;
  let badges: ReturnType<typeof startInlineBadges> | null = null;
  const setBadges = (on: boolean) => {
    if (on === (badges !== null)) return;
    badgesAbort?.abort();
    badgesAbort = null;
    badges = null;
    if (!on) return;
    badgesAbort = new AbortController();
    signal.addEventListener('abort', () => badgesAbort?.abort(), { once: true });
    badges = startInlineBadges({
      adapter,
      document: doc,
      signal: badgesAbort.signal,
      loadBadges: (memberIds) => client.request('getMemberBadges', { memberIds }),
      warningsLabel: (count) => live.t('badgeWarnings', count),
    });
  };
  setBadges(live.inlineBadges);

  return {
    reader,
    slashPicker,
    get badges() {
      return badges;
    },
    /** A `changed` notice from the background. */
    onChange(notice: ChangeNotice) {
      if (touches(notice, 'templates')) slashPicker.invalidate();
      if (touches(notice, 'tags', 'cases')) badges?.invalidate();
      const groupId = currentGroupId();
      if (notice.groupId === null || notice.groupId === groupId) {
        if (touches(notice, 'messages', 'groups')) pickerContextStale = true;
      }
    },
    /** Settings changed in the options: labels, signature, badges and width follow without a reload. */
    applySettings(next: LiveSettings) {
      live = next;
      setBadges(next.inlineBadges);
      if (next.sidebarWidth !== undefined) frame?.setWidth(next.sidebarWidth);
      frame?.setLabels({ resize: next.t('sidebarResize'), toggle: next.t('commandToggleSidebar') });
      slashPicker.close();
    },
    /**
     * Commands from the sidebar, popup and background (page-protocol.ts). `test-profile` is
     * not here: it must work on pages no adapter reads, so the entrypoint answers it.
     */
    commands: {
      'toggle-sidebar': () => {
        frame?.toggle();
        return { open: frame?.open ?? false };
      },
      'get-context': () => context(),
      'data-changed': () => {
        badges?.invalidate();
        slashPicker.invalidate();
        return { open: frame?.open ?? false };
      },
      'focus-tag-input': () => {
        frame?.setOpen(true);
        frame?.focus();
        deps.emit('focus-tag-input', {});
        return { open: true };
      },
      'insert-text': async ({ text, send }) => {
        const composer = adapter.composer(doc);
        // A rich editor may drop text sent before it has a caret (see insertConfirmed).
        const result = composer && !send ? await insertConfirmed(composer, () => adapter.insertText(doc, text)) : adapter.insertText(doc, text);
        if (!result.ok) return { ok: false, error: `composer not found (${result.missed})` };
        const sent = send ? (adapter.send?.(doc) ?? submitComposer(adapter.composer(doc))) : false;
        return { ok: true, method: result.method, sent };
      },
      'insert-private': ({ externalId, name, text }) => insertPrivately(adapter, doc, { externalId, name }, text),
    } satisfies Omit<CommandHandlers, 'test-profile' | 'setup' | 'setup-saved' | 'confirm-channel'>,
    rescan: () => reader.rescan(),
    /** The first scan of the page has read its rows (see sidebar-frame.ts, roomAfter). */
    firstScan: reader.firstScan,
  };
}
