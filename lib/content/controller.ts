import { submitComposer } from '../adapters/composer';
import type { ChatAdapter } from '../adapters/types';
import type { Client } from '../messaging/request-client';
import type { ContentRequestName } from '../messaging/content-requests';
import type { CommandHandlers, PageContext, PageEventBody, PageEventName } from '../messaging/page-protocol';
import { groupKey, memberKey } from '../model/keys';
import { RequestError } from '../messaging/request-client';
import { refusedField } from '../reader/delivery';
import { startReader, type ReaderStatus } from '../reader/reader';
import { mountSidebarFrame, type SidebarFrame } from './sidebar-frame';
import { startInlineBadges } from './inline-badges';
import { attachSlashPicker } from './slash-picker';
import { formatTemplateDate } from '../templates/render';
import { throttle } from './throttle';
import { handOverChannel } from '../messaging/sidebar-channel';

export interface ChatControllerDeps {
  adapter: ChatAdapter;
  document: Document;
  signal: AbortSignal;
  client: Client<ContentRequestName>;
  /** Sends a page event to this tab's sidebar (runtime bus, on the sidebar's channel). */
  emit: <N extends PageEventName>(name: N, input: PageEventBody<N>) => void;
  /** The sidebar frame's URL; the channel is not in it (see sidebar-frame.ts). */
  sidebarSrc: string;
  /** This tab's event channel, handed to the real sidebar frame by postMessage. */
  channel: string;
  /** The origin the sidebar document has (see sidebarOrigin); the channel goes there only. */
  sidebarOrigin: string;
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
    classifyFailure(error) {
      if (error instanceof RequestError && error.code === 'invalid-input') return { kind: 'refused', field: refusedField(error.message) };
      if (error instanceof RequestError && error.code === 'quota') return { kind: 'quota' };
      return { kind: 'retry' };
    },
    onStatus(status) {
      const groupChanged = status.group?.externalId !== lastStatus?.group?.externalId;
      lastStatus = status;
      if (groupChanged) deps.emit('context', { context: context() });
      reportStatus(status);
    },
  });

  frame = mountSidebarFrame({
    document: doc,
    src: deps.sidebarSrc,
    open: deps.sidebarOpen,
    toggleLabel: deps.toggleLabel,
    onOpenChange: deps.onSidebarOpenChange,
    onLoad: (sidebarWindow) => {
      handOverChannel(sidebarWindow, deps.sidebarOrigin, deps.channel);
      deps.emit('context', { context: context() });
    },
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
      deps.emit('pick-member', { memberId, site: adapter.id, externalId: author.externalId, name: author.name });
      return;
    }
    selectedMemberId = memberId;
    selectedMemberName = author.name;
    frame?.setOpen(true);
    deps.emit('select-member', { memberId: selectedMemberId, site: adapter.id, externalId: author.externalId, name: author.name });
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
      'insert-text': ({ text, send }) => {
        const result = adapter.insertText(doc, text);
        if (!result.ok) return { ok: false, error: `composer not found (${result.missed})` };
        const sent = send ? (adapter.send?.(doc) ?? submitComposer(adapter.composer(doc))) : false;
        return { ok: true, method: result.method, sent };
      },
    } satisfies Omit<CommandHandlers, 'test-profile'>,
    rescan: () => reader.rescan(),
  };
}
