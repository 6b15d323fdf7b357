import type { AuthorRef, ChatAdapter } from '../adapters/types';
import type { PrivateInsertReply } from '../messaging/page-protocol';

/** How long the chat gets to show the member's DM after it was asked to open it. */
export const DM_OPEN_TIMEOUT_MS = 5_000;

/**
 * Puts a private reminder into the member's direct conversation. The adapter opens the DM
 * the chat's own way; the text goes in only once the adapter says the DM is the one shown,
 * so a slow or failed switch can never leave the reminder in the group's composer.
 */
export async function insertPrivately(
  adapter: ChatAdapter,
  root: Document,
  author: AuthorRef,
  text: string,
  timeoutMs = DM_OPEN_TIMEOUT_MS,
): Promise<PrivateInsertReply> {
  if (!adapter.openDirectMessage || !adapter.directMessageOpen) return { ok: false, error: 'this chat cannot open a direct message', unsupported: true };
  if (!adapter.directMessageOpen(root, author) && !adapter.openDirectMessage(root, author)) {
    return { ok: false, error: 'could not open a direct message with this member here', unsupported: true };
  }
  const opened = await waitFor(root, () => adapter.directMessageOpen?.(root, author) ?? false, timeoutMs);
  if (!opened) return { ok: false, error: 'the direct message did not open', unsupported: true };
  const result = adapter.insertDirectText ? adapter.insertDirectText(root, author, text) : adapter.insertText(root, text);
  return result.ok ? { ok: true, method: result.method } : { ok: false, error: `composer not found (${result.missed})` };
}

function waitFor(root: Document, condition: () => boolean, timeoutMs: number): Promise<boolean> {
  if (condition()) return Promise.resolve(true);
  return new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (!condition()) return;
      finish(true);
    });
    const timer = setTimeout(() => finish(condition()), timeoutMs);
    function finish(value: boolean) {
      observer.disconnect();
      clearTimeout(timer);
      resolve(value);
    }
    observer.observe(root, { subtree: true, childList: true, attributes: true });
  });
}
