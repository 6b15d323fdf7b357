/** Selectors of the bundled demo chat (demo/app.js). Keys are what health reports name. */
export const DEMO_SELECTORS = {
  app: '#app.app .chat',
  title: '.chat-title',
  messageList: '.message-list',
  row: '.message-canvas > .row[data-msg-id]',
  author: '.author[data-user-id]',
  text: '.text',
  time: 'time[datetime]',
  staffBadge: '.role-badge',
  clickableAuthor: '.author[data-user-id], .avatar[data-user-id], .member[data-user-id]',
  composer: 'textarea.composer-input',
  memberName: '.member-name',
  /** The member list's "direct message" button of one member. */
  dmButton: '.member-list .dm-button[data-user-id]',
} as const;
