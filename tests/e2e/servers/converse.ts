import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { linkConverseDist, type XmppServer } from './prosody';

export interface ConversePage {
  url: string;
  room: string;
}

/**
 * Writes the page that runs Converse.js 14 (an ES module) against `xmpp`, logged in as
 * `jid` and joined to `room` as `nick`, full-screen. Served by Prosody itself, so page and
 * websocket share an origin.
 */
export async function writeConversePage(
  xmpp: XmppServer,
  options: { jid: string; password: string; room: string; nick: string; file?: string },
): Promise<ConversePage> {
  await linkConverseDist(xmpp.wwwDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
  const file = options.file ?? 'index.html';
  const settings = {
    assets_path: '/dist/',
    websocket_url: xmpp.websocketUrl,
    jid: options.jid,
    password: options.password,
    auto_login: true,
    auto_reconnect: false,
    view_mode: 'fullscreen',
    auto_join_rooms: [{ jid: options.room, nick: options.nick }],
    nickname: options.nick,
    discover_connection_methods: false,
    loglevel: 'warn',
    play_sounds: false,
    show_desktop_notifications: false,
    allow_non_roster_messaging: true,
    persistent_store: 'IndexedDB',
    clear_cache_on_logout: true,
  };
  await writeFile(
    join(xmpp.wwwDir, file),
    `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>GroupSteward e2e: Converse.js</title>
<link rel="stylesheet" href="/dist/converse.min.css">
</head>
<body class="converse-fullscreen">
<script type="module">
import converse from '/dist/converse.min.js';
converse.initialize(${JSON.stringify(settings)});
</script>
</body>
</html>
`,
  );
  return { url: `http://localhost:${xmpp.httpPort}/${file}`, room: options.room };
}

/** Waits until Converse shows the room with its composer. */
export async function waitForConverseRoom(page: Page, room: string): Promise<void> {
  await page.locator(`converse-muc[jid="${room}"] .chat-textarea, converse-muc[jid="${room}"] textarea`).first().waitFor({ timeout: 60_000 });
}
