import { execFile } from 'node:child_process';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { freePort, makeTempDir, removeTempDir, startProcess, waitForPort } from './process';

const run = promisify(execFile);

export interface XmppServer {
  /** XMPP domain of the users (loopback: "localhost"). */
  domain: string;
  mucDomain: string;
  c2sPort: number;
  httpPort: number;
  /** Same origin as the Converse page, so the browser needs no CORS. */
  websocketUrl: string;
  /** Directory Prosody serves at http://localhost:httpPort/ (for the Converse page). */
  wwwDir: string;
  register(user: string, password: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Debian's Prosody 0.12 from a throwaway config and data directory: c2s and HTTP on free
 * loopback ports, websocket, a MUC component and `http_files` serving `wwwDir` at "/".
 * As root it needs `run_as_root`; mod_smacks is off because xmpp.js fails against it.
 */
export async function startProsody(): Promise<XmppServer> {
  const dir = await makeTempDir('gs-prosody-');
  const dataDir = join(dir, 'data');
  const wwwDir = join(dir, 'www');
  await mkdir(dataDir, { recursive: true });
  await mkdir(wwwDir, { recursive: true });
  const c2sPort = await freePort();
  const httpPort = await freePort();
  const domain = 'localhost';
  const mucDomain = `conference.${domain}`;
  const config = join(dir, 'prosody.cfg.lua');
  await writeFile(
    config,
    `-- GroupSteward e2e: loopback only, throwaway data.
run_as_root = true
daemonize = false
pidfile = "${join(dir, 'prosody.pid')}"
data_path = "${dataDir}"
log = { { levels = { min = "warn" }, to = "console" } }
interfaces = { "127.0.0.1" }
c2s_ports = { ${c2sPort} }
c2s_direct_tls_ports = { }
s2s_ports = { }
http_ports = { ${httpPort} }
http_interfaces = { "127.0.0.1" }
https_ports = { }
https_interfaces = { }
admins = { }
modules_enabled = {
  "roster"; "saslauth"; "disco"; "carbons"; "pep"; "private"; "blocklist"; "vcard_legacy";
  "version"; "uptime"; "time"; "ping"; "register"; "posix";
  "http"; "websocket"; "http_files";
}
modules_disabled = { "s2s", "tls", "smacks", "offline", "c2s_direct_tls" }
authentication = "internal_plain"
storage = "internal"
allow_registration = false
c2s_require_encryption = false
s2s_require_encryption = false
allow_unencrypted_plain_auth = true
consider_websocket_secure = true
cross_domain_websocket = true
http_files_dir = "${wwwDir}"
http_paths = { files = "/"; websocket = "/xmpp-websocket" }
http_default_host = "${domain}"
limits = { c2s = { rate = "10mb/s" } }

VirtualHost "${domain}"

Component "${mucDomain}" "muc"
  restrict_room_creation = false
  muc_room_default_public = true
  muc_room_default_persistent = true
  muc_room_default_history_length = 20
  max_history_messages = 50
`,
  );
  const child = startProcess('/usr/bin/prosody', ['--config', config, '-F']);
  try {
    await waitForPort(c2sPort, 'prosody (c2s)', child);
    await waitForPort(httpPort, 'prosody (http)', child);
  } catch (error) {
    await child.stop();
    await removeTempDir(dir);
    throw error;
  }
  return {
    domain,
    mucDomain,
    c2sPort,
    httpPort,
    websocketUrl: `ws://localhost:${httpPort}/xmpp-websocket`,
    wwwDir,
    async register(user, password) {
      await run('/usr/bin/prosodyctl', ['--config', config, 'register', user, domain, password]);
    },
    async stop() {
      await child.stop();
      await removeTempDir(dir);
    },
  };
}

/** Links Converse's dist into the served directory, so the page loads it from "/dist/". */
export async function linkConverseDist(wwwDir: string): Promise<void> {
  await symlink(resolve('node_modules/converse.js/dist'), join(wwwDir, 'dist'));
}
