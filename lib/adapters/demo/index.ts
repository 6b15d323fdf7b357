import { toGroupRef } from '../../model/chat-event-check';
import { insertIntoComposer } from '../composer';
import type { ChatAdapter } from '../types';
import { parseDemoAuthor, parseDemoRow } from './parse';
import { DEMO_SELECTORS as S } from './selectors';

export const demoAdapter: ChatAdapter = {
  id: 'demo',
  label: 'GroupSteward demo chat',
  verified: true,
  rowSelector: S.row,
  matches(_url, root) {
    return root.querySelector(S.app) !== null;
  },
  currentGroup(root) {
    const chat = root.querySelector<HTMLElement>(S.app);
    const id = chat?.dataset.groupId;
    if (!chat || !id) return null;
    return toGroupRef(id, chat.querySelector(S.title)?.textContent?.trim() ?? '');
  },
  messageContainer(root) {
    return root.querySelector(S.messageList);
  },
  parseRow(row) {
    return parseDemoRow(row);
  },
  authorAt(target) {
    return parseDemoAuthor(target.closest(S.clickableAuthor));
  },
  authorElements(root) {
    return [...root.querySelectorAll(`${S.row} ${S.author}`)].flatMap((element) => {
      const author = parseDemoAuthor(element);
      return author ? [{ element, author }] : [];
    });
  },
  composer(root) {
    return root.querySelector<HTMLElement>(S.composer);
  },
  openDirectMessage(root, author) {
    const button = [...root.querySelectorAll<HTMLElement>(S.dmButton)].find((b) => b.dataset.userId === author.externalId);
    if (!button) return false;
    button.click();
    return true;
  },
  directMessageOpen(root, author) {
    // The demo names a member's DM conversation "dm-<their id>".
    return root.querySelector<HTMLElement>(S.app)?.dataset.groupId === `dm-${author.externalId}`;
  },
  insertText(root, text) {
    const composer = this.composer(root);
    return composer ? insertIntoComposer(composer, text) : { ok: false, missed: 'composer' };
  },
};
