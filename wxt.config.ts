import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

// The demo chat and the locally run real clients (The Lounge, Converse.js) live on
// loopback; every other site is asked for at runtime through optional permissions, so
// the extension never holds <all_urls> by default.
const LOOPBACK_MATCHES = ['http://localhost/*', 'http://127.0.0.1/*'];
// Asked for only when staff turn on the desktop notification on a miss (see README, Permissions).
const MISS_NOTIFICATION_PERMISSIONS = ['notifications', 'alarms'];

export default defineConfig({
  imports: false,
  vite: () => ({ plugins: [preact()] }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // scripting: content scripts for the sites of the user's own site profiles.
    permissions: ['storage', 'activeTab', 'scripting'],
    host_permissions: LOOPBACK_MATCHES,
    // Sites the user adds through a site profile are granted at runtime.
    ...(browser === 'firefox'
      ? { optional_permissions: ['https://*/*', 'http://*/*', ...MISS_NOTIFICATION_PERMISSIONS] }
      : { optional_permissions: MISS_NOTIFICATION_PERMISSIONS, optional_host_permissions: ['https://*/*', 'http://*/*'] }),
    commands: {
      'toggle-sidebar': {
        suggested_key: { default: 'Alt+Shift+G' },
        description: '__MSG_commandToggleSidebar__',
      },
      'focus-tag-input': {
        suggested_key: { default: 'Alt+Shift+T' },
        description: '__MSG_commandTagMember__',
      },
    },
    // The sidebar is framed into chat pages. Chrome: `use_dynamic_url` serves it under a
    // per-session id only our content script learns (runtime.getURL), so a site can neither
    // probe for the extension by fetching it nor frame its own copy. Firefox (MV2) already
    // uses a random per-install UUID for the extension's origin.
    // setup.js: loaded by the content script (dynamic import) when a person starts setup;
    // slash.js: the "/" template picker, loaded at the first "/" in a composer.
    web_accessible_resources:
      browser === 'firefox'
        ? ['sidebar.html', 'setup.js', 'slash.js']
        : [{ resources: ['sidebar.html', 'setup.js', 'slash.js'], matches: ['http://*/*', 'https://*/*'], use_dynamic_url: true }],
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            // Nothing leaves the browser: chat data stays in IndexedDB unless the user exports it.
            gecko: { id: 'groupsteward@example.org', data_collection_permissions: { required: ['none'] } },
          },
        }
      : {}),
  }),
});
