import { insertIntoComposer, submitComposer } from '../composer';
import type { ChatAdapter } from '../types';
import { parseLoungeAuthor, parseLoungeGroup, parseLoungeRow } from './parse';
import { THELOUNGE_SELECTORS as S } from './selectors';

/**
 * The Lounge (https://thelounge.chat), the self-hosted web IRC client. Verified end to end
 * against 4.5.2 with ngIRCd. The composer is a plain textarea that sends on Enter
 * (`keypress`); `insertText` only fills it.
 */
export const theLoungeAdapter: ChatAdapter = {
  id: 'thelounge',
  label: 'The Lounge (IRC)',
  verified: true,
  rowSelector: S.row,
  matches(_url, root) {
    // Detected by its DOM, not by host or port: The Lounge runs wherever it is deployed.
    return root.querySelector(S.manifest) !== null && root.querySelector(S.app) !== null;
  },
  currentGroup(root) {
    return parseLoungeGroup(root);
  },
  messageContainer(root) {
    return root.querySelector(S.messageList);
  },
  parseRow(row) {
    return parseLoungeRow(row);
  },
  authorAt(target) {
    return parseLoungeAuthor(target.closest(S.clickableAuthor));
  },
  authorElements(root) {
    return [...root.querySelectorAll(`${S.row} .from ${S.user}`)].flatMap((element) => {
      const author = parseLoungeAuthor(element);
      return author ? [{ element, author }] : [];
    });
  },
  composer(root) {
    return root.querySelector<HTMLElement>(S.composer);
  },
  /**
   * IRC's own way to open a private query: `/query nick`, which The Lounge runs as a command
   * and never sends to the channel. Only with an empty composer, so a draft is never sent.
   */
  openDirectMessage(root, author) {
    const composer = this.composer(root) as HTMLTextAreaElement | null;
    if (composer?.value.trim() !== '' || !/^[^\s,]+$/.test(author.name)) return false;
    if (!composer) return false;
    const inserted = insertIntoComposer(composer, `/query ${author.name}`);
    return inserted.ok && submitComposer(composer);
  },
  directMessageOpen(root, author) {
    const view = root.querySelector(S.queryView);
    return view?.getAttribute('aria-label')?.trim().toLowerCase() === author.name.toLowerCase();
  },
  insertText(root, text) {
    const composer = this.composer(root);
    return composer ? insertIntoComposer(composer, text) : { ok: false, missed: 'composer' };
  },
};
