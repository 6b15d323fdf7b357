import { type ChangeKind, type ChangeNotice, changeNotice, chatChangeNotice } from '../messaging/changes';
import type { ParsedInput, RequestName, RequestOutput } from '../messaging/protocol';
import type { Handlers, RequestSender } from '../messaging/server';
import { memberKey } from '../model/ids';

type ChangeOf<N extends RequestName> = (input: ParsedInput<N>, output: RequestOutput<N>) => ChangeNotice | null;

const EVERYTHING: ChangeKind[] = ['messages', 'members', 'tags', 'notes', 'cases', 'suggestions', 'templates', 'rules', 'groups', 'settings', 'profiles'];

/**
 * What each request that writes changes, as a `changed` notice. Requests not listed only
 * read. Kept as one table beside the handlers (rather than calls inside each of them) so
 * the handlers stay about storage and a new writer is one line here.
 */
export const CHANGE_EFFECTS: { [N in RequestName]?: ChangeOf<N> } = {
  ingest: (input, output) => {
    if (output.stored === 0) return null;
    const kinds: ChangeKind[] = ['messages', 'members'];
    if (output.suggestions > 0 || (output.decisions ?? 0) > 0) kinds.push('suggestions', 'cases');
    // A staff message seen sent can complete an action taken in another conversation (a
    // private reminder is sent in the member's DM, its case belongs to the group) and about
    // another member than its author: those rare batches tell every view to re-read.
    if ((output.decisions ?? 0) > 0) return changeNotice(kinds, null, []);
    // The members the messages went to: a renamed nick's messages are its member's (lib/identity/nicks.ts).
    return chatChangeNotice(kinds, output.groupId, output.memberIds ?? input.events.map((e) => memberKey(input.site, e.author.externalId)));
  },
  ensureMember: (_input, output) => changeNotice(['members'], null, [output.id]),
  setMemberProfile: (input) => changeNotice(['members'], null, [input.memberId]),
  addTag: (input) => changeNotice(['tags', 'members'], null, input.memberIds),
  removeTag: (input) => changeNotice(['tags', 'members'], null, [input.memberId]),
  updateTag: () => changeNotice(['tags']),
  addNote: (input) => changeNotice(['notes'], null, [input.memberId]),
  editNote: (_input, output) => changeNotice(['notes'], null, [output.memberId]),
  deleteNote: () => changeNotice(['notes']),
  setGroupRules: (input) => changeNotice(['groups'], input.groupId),
  startAction: (_input, output) => changeNotice(['suggestions'], output.groupId, [output.memberId]),
  cancelAction: (input) => changeNotice(['suggestions'], input.groupId),
  confirmAction: (_input, output) => changeNotice(['cases', 'suggestions'], output.groupId, [output.memberId]),
  dismissMessage: (_input, output) => changeNotice(['cases', 'suggestions'], output.groupId, [output.memberId]),
  flagMessage: (_input, output) => changeNotice(['cases', 'suggestions'], output.groupId, [output.memberId]),
  decideProposal: (input, output) => (output.decision === 'approved' ? changeNotice(['rules', 'suggestions'], input.groupId) : null),
  addAllowPhrase: (input) => changeNotice(['rules', 'suggestions'], input.groupId),
  removeAllowPhrase: (input) => changeNotice(['rules', 'suggestions'], input.groupId),
  revokeWarnings: (input, output) => (output.revoked > 0 ? changeNotice(['cases', 'suggestions'], input.groupId, [input.memberId]) : null),
  saveRule: () => changeNotice(['rules', 'suggestions']),
  setRuleEnabled: () => changeNotice(['rules', 'suggestions']),
  deleteRule: () => changeNotice(['rules', 'suggestions']),
  importTeamPack: () => changeNotice(EVERYTHING),
  saveTemplate: () => changeNotice(['templates']),
  deleteTemplate: () => changeNotice(['templates']),
  saveSiteProfile: () => changeNotice(['profiles']),
  deleteSiteProfile: () => changeNotice(['profiles']),
  importSiteProfiles: (_input, output) => (output.added + output.replaced > 0 ? changeNotice(['profiles']) : null),
  importBackup: () => changeNotice(EVERYTHING),
  forgetMember: (input) => changeNotice(['members', 'messages', 'notes', 'cases', 'tags'], null, [input.memberId]),
  updateSettings: () => changeNotice(['settings']),
  // The width dragged in one tab reaches the sidebars of the others.
  setSidebarState: () => changeNotice(['settings']),
  restoreDefaults: (input) =>
    changeNotice(input.section === 'templates' ? ['templates'] : input.section === 'rules' ? ['rules', 'suggestions'] : ['settings']),
  setGroupLanguage: (input) => changeNotice(['groups'], input.groupId),
  markQuestion: (input) => changeNotice(['groups'], input.groupId),
  saveGroupHealthConfig: (input) => changeNotice(['groups'], input.groupId),
};

/**
 * Wraps the handlers so that every request that wrote something announces it once it has
 * committed (the handler's promise resolved). A failed request announces nothing.
 */
export function withChangeNotices(
  handlers: Handlers,
  publish: (notice: ChangeNotice, sender: RequestSender) => void,
  /** Sees the sender of every request (the broadcaster learns the chat tabs from it). */
  observeSender?: (sender: RequestSender) => void,
): Handlers {
  const wrapped = {} as Record<RequestName, (input: unknown, sender: RequestSender) => unknown>;
  for (const name of Object.keys(handlers) as RequestName[]) {
    const effect = CHANGE_EFFECTS[name] as ((input: unknown, output: unknown) => ChangeNotice | null) | undefined;
    const handler = handlers[name] as (input: unknown, sender: RequestSender) => unknown;
    wrapped[name] = async (input, sender) => {
      observeSender?.(sender);
      const output = await handler(input, sender);
      const notice = effect?.(input, output);
      if (notice) publish(notice, sender);
      return output;
    };
  }
  return wrapped as Handlers;
}

export interface BroadcastDeps {
  /** runtime.sendMessage: reaches the extension's own pages (sidebar frames, options, popup). */
  sendToPages: (notice: ChangeNotice) => Promise<unknown>;
  /** tabs.sendMessage to the top frame: reaches the content script of a chat tab. */
  sendToTab: (tabId: number, notice: ChangeNotice) => Promise<unknown>;
  /** The extension's origin, to tell its own frames from content scripts among senders. */
  extensionOrigin: string;
}

/** What content scripts use: the slash picker (templates, settings, waiting customers) and badges. */
const CONTENT_SCRIPT_KINDS: readonly ChangeKind[] = ['templates', 'settings', 'tags', 'cases', 'messages', 'groups'];

/**
 * Delivers notices. Content scripts are reached by tab: the tabs that have sent a request
 * from a page (not from an extension frame) are the chat tabs; a tab that stopped answering
 * is forgotten. The set is refilled after the worker sleeps, as every chat tab reports
 * its reading status with each batch.
 */
export function createChangeBroadcaster(deps: BroadcastDeps) {
  const chatTabs = new Set<number>();
  return {
    chatTabs: chatTabs as ReadonlySet<number>,
    /** Notes which tabs run a content script, from the requests they send. */
    noteSender(sender: RequestSender) {
      const tabId = sender.tab?.id;
      if (tabId === undefined || sender.url?.startsWith(deps.extensionOrigin)) return;
      chatTabs.add(tabId);
    },
    publish(notice: ChangeNotice) {
      deps.sendToPages(notice).catch(() => {
        // No extension page is open: nobody to tell.
      });
      if (!notice.kinds.some((kind) => CONTENT_SCRIPT_KINDS.includes(kind))) return;
      for (const tabId of chatTabs) {
        deps.sendToTab(tabId, notice).catch(() => chatTabs.delete(tabId));
      }
    },
  };
}
