/**
 * Selectors of Converse.js 14 (verified against 14.0 with Prosody 0.12, see
 * tests/e2e/converse.test.ts). Converse 14 renders Lit elements into the light DOM (no
 * shadow roots), so ordinary selectors and the reader's document observer reach them.
 * Keys are what health reports name.
 */
export const CONVERSE_SELECTORS = {
  root: 'converse-root, #conversejs',
  /** The open groupchat: other chat boxes stay in the DOM with `.hidden`. */
  room: 'converse-muc[jid]:not(.hidden)',
  title: '.chatbox-title__text',
  messageList: 'converse-message-history',
  /**
   * A chat message row. Info rows (`.chat-info`: "x has been kicked out by y", nickname
   * changes) carry no id, no actor attributes and only translated prose, so they are not
   * rows; removal sentences are read only to tell a removal from a leave (removals.ts).
   * Join and leave are never rows in Converse 14 (see index.ts).
   */
  row: 'converse-message-history .message.chat-msg[data-msgid][data-from]',
  author: '.chat-msg__author',
  body: 'converse-chat-message-body, .chat-msg__text',
  retracted: '.chat-msg--retracted, .retracted',
  clickableAuthor: '.chat-msg__author, .show-msg-author-modal, converse-avatar.chat-msg__avatar',
  /** The group's composer; the room's sidebar may show a private chat's composer too. */
  composer: 'converse-muc-bottom-panel textarea.chat-textarea',
  /**
   * A private chat with one occupant (XEP-0045 room PMs), shown in the room's own sidebar
   * after clicking the occupant: its nick, its rows (inside it) and its own composer.
   */
  privateChat: 'converse-muc-occupant',
  privateNick: '.occupant-details-nickname',
  privateComposer: 'converse-occupant-bottom-panel textarea.chat-textarea',
  /** One occupant in the list; its link opens the private chat. */
  occupantItem: '.occupant-list li.occupant',
  occupantLink: 'a',
  /** Converse's own notices ("x has been kicked out by y"): translated prose, no ids. */
  infoRow: 'converse-message-history .message.chat-info',
  infoText: '.chat-info__message',
  /** The room's occupant list: the only place Converse 14 shows who joined and left. */
  occupantNick: '.occupant-list li.occupant .occupant-nick',
  occupantNickInItem: '.occupant-nick',
} as const;
