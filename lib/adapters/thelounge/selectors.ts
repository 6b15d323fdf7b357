/**
 * Selectors of The Lounge 4.5 (verified against 4.5.2, see tests/e2e/thelounge.test.ts).
 * Keys are what health reports name.
 */
export const THELOUNGE_SELECTORS = {
  /** The Lounge's web manifest plus its Vue root identify it wherever it is deployed. */
  manifest: 'link[rel="manifest"][href$="thelounge.webmanifest"]',
  app: '#app > #viewport',
  chatContainer: '#chat-container',
  /** Only the active channel's view is rendered inside #chat. */
  chatView: '#chat .chat-view',
  title: '.header .title',
  /** The network that owns the active channel; its lobby row carries the network name. */
  activeNetwork: '.network:has(.channel-list-item.active)',
  networkLobby: '.channel-list-item[data-type="lobby"]',
  messageList: '.chat-view .messages',
  /**
   * One event row. Condensed status groups (`data-type="condensed"`) wrap the real rows,
   * which keep their ids, so the wrapper is left out. Types we do not read (mode, topic,
   * motd, error, ...) are left out too, so that they do not count as misses.
   */
  row: '.messages .msg[id^="msg-"]:is([data-type="message"], [data-type="action"], [data-type="notice"], [data-type="join"], [data-type="part"], [data-type="quit"], [data-type="kick"], [data-type="nick"])',
  time: '.time[aria-label]',
  content: '.content',
  user: '.user[data-name]',
  /** Parts of the content that are not the message text. */
  contentExtras: '.preview, .toggle-button, .toggle-content, .hostmask, .part-reason, .quit-reason',
  clickableAuthor: '.user[data-name]',
  composer: '#form textarea#input',
  /** A private query's view; its aria-label is the other person's nick. */
  queryView: '#chat .chat-view[data-type="query"]',
} as const;
