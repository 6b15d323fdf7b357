import { submitComposer } from '../adapters/composer';
import type { ChatAdapter } from '../adapters/types';
import type { Client } from '../messaging/client';
import { memberKey, groupKey } from '../model';
import { startReader, type ReaderStatus } from '../reader/reader';
import type { InsertReply, PageCommand, PageContext, PageEvent, PrivateInsertReply } from './bridge';
import { insertPrivately } from './private-message';
import { mountSidebarFrame, type SidebarFrame } from './sidebar-frame';
import { startInlineBadges } from './inline-badges';
import { attachSlashPicker } from './slash-picker';
import { formatTemplateDate } from '../templates/render';
import { throttle } from './throttle';

type PageEventBody = PageEvent extends infer E ? (E extends PageEvent ? Omit<E, 'gs' | 'channel'> : never) : never;

export interface ChatControllerDeps {
  adapter: ChatAdapter;
  document: Document;
  signal: AbortSignal;
  client: Client;
  /** Sends a page event to this tab's sidebar (runtime bus). */
  emit: (event: PageEventBody) => void;
  sidebarSrc: string;
  sidebarOpen: boolean;
  toggleLabel: string;
  onSidebarOpenChange?: (open: boolean) => void;
  /** Signs templates ({staff}); from the options. */
  staffName: string;
  uiLanguage: 'zh' | 'en';
  labels: { slashMissing: (names: string) => string; slashEmpty: string; warnings: (count: number) => string };
  /** Opt-in: tags and warning counts drawn next to names in the page. */
  inlineBadges: boolean;
}

/**
 * Everything the content script does on a chat page: reads it, reports status, keeps the
 * sidebar frame, turns clicks on authors into member selections and runs commands from
 * the sidebar and the background. The entrypoint only wires browser APIs into this.
 */
export function startChatController(deps: ChatControllerDeps) {
  const { adapter, document: doc, signal, client } = deps;
  let selectedMemberId: string | null = null;
  let selectedMemberName: string | null = null;
  let lastStatus: ReaderStatus | null = null;
  let frame: SidebarFrame | null = null;

  const context = (): PageContext => {
    const group = lastStatus?.group ?? adapter.currentGroup(doc);
    return {
      adapterId: adapter.id,
      adapterLabel: adapter.label,
      verified: adapter.verified,
      groupId: group ? groupKey(adapter.id, group.externalId) : null,
      groupTitle: group?.title ?? null,
      selectedMemberId,
      health: { state: lastStatus?.health.state ?? 'no-chat', misses: lastStatus?.health.misses ?? {} },
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
    deps.emit({ type: 'context', context: context() });
  }, 500);

  const reader = startReader({
    adapter,
    root: doc,
    signal,
    send: async (batch) => {
      await client.request('ingest', batch);
    },
    onStatus(status) {
      const groupChanged = status.group?.externalId !== lastStatus?.group?.externalId;
      lastStatus = status;
      if (groupChanged) deps.emit({ type: 'context', context: context() });
      reportStatus(status);
    },
  });

  frame = mountSidebarFrame({
    document: doc,
    src: deps.sidebarSrc,
    open: deps.sidebarOpen,
    toggleLabel: deps.toggleLabel,
    onOpenChange: deps.onSidebarOpenChange,
    onLoad: () => deps.emit({ type: 'context', context: context() }),
  });
  signal.addEventListener('abort', () => frame?.remove(), { once: true });

  const onClick = (event: Event) => {
    const target = event.target;
    if (!(target instanceof Element)) return;
    const author = adapter.authorAt(target);
    if (!author) return;
    const memberId = memberKey(adapter.id, author.externalId);
    if ((event as MouseEvent).shiftKey) {
      frame?.setOpen(true);
      deps.emit({ type: 'pick-member', memberId, site: adapter.id, externalId: author.externalId, name: author.name });
      return;
    }
    selectedMemberId = memberId;
    selectedMemberName = author.name;
    frame?.setOpen(true);
    deps.emit({ type: 'select-member', memberId: selectedMemberId, site: adapter.id, externalId: author.externalId, name: author.name });
  };
  // Capture phase: chat apps often stop propagation on their own name handlers.
  doc.addEventListener('click', onClick, { capture: true, signal });

  const slashPicker = attachSlashPicker({
    document: doc,
    signal,
    composer: () => adapter.composer(doc),
    loadTemplates: () => client.request('listTemplates', {}),
    values: () => ({
      member: selectedMemberName ?? undefined,
      group: (lastStatus?.group ?? adapter.currentGroup(doc))?.title,
      staff: deps.staffName || undefined,
      date: formatTemplateDate(Date.now(), deps.uiLanguage),
    }),
    labels: { missing: deps.labels.slashMissing, empty: deps.labels.slashEmpty },
  });

  const badges = deps.inlineBadges
    ? startInlineBadges({
        adapter,
        document: doc,
        signal,
        loadBadges: (memberIds) => client.request('getMemberBadges', { memberIds }),
        warningsLabel: deps.labels.warnings,
      })
    : null;

  return {
    reader,
    slashPicker,
    badges,
    /** Runs a command from the sidebar, popup or background; the reply goes back to the sender. */
    /** `test-profile` is not here: it must work on pages no adapter reads, so the entrypoint answers it. */
    handleCommand(
      command: Exclude<PageCommand, { type: 'test-profile' }>,
    ): PageContext | InsertReply | { open: boolean } | Promise<PrivateInsertReply> {
      switch (command.type) {
        case 'toggle-sidebar':
          frame?.toggle();
          return { open: frame?.open ?? false };
        case 'get-context':
          return context();
        case 'data-changed':
          badges?.invalidate();
          slashPicker.invalidate();
          return { open: frame?.open ?? false };
        case 'focus-tag-input':
          frame?.setOpen(true);
          frame?.focus();
          deps.emit({ type: 'focus-tag-input' });
          return { open: true };
        case 'insert-text': {
          const result = adapter.insertText(doc, command.text);
          if (!result.ok) return { ok: false, error: `composer not found (${result.missed})` };
          const sent = command.send ? (adapter.send?.(doc) ?? submitComposer(adapter.composer(doc))) : false;
          return { ok: true, method: result.method, sent };
        }
        case 'insert-private':
          return insertPrivately(adapter, doc, { externalId: command.externalId, name: command.name }, command.text);
      }
    },
    rescan: () => reader.rescan(),
  };
}
