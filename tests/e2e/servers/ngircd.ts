import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort, makeTempDir, removeTempDir, startProcess, waitForPort } from './process';

export interface IrcServer {
  host: string;
  port: number;
  /** Server name ngircd announces (the Lounge shows it as the network name when none is set). */
  name: string;
  stop(): Promise<void>;
}

/**
 * Debian's ngIRCd on loopback, in the foreground, from a throwaway config. Penalties are
 * off (`MaxPenaltyTime = 0`) so a test sender may burst a thousand lines without being
 * throttled or killed for flooding; the assertions are about exactly-once, not speed.
 */
export async function startNgircd(): Promise<IrcServer> {
  const dir = await makeTempDir('gs-ngircd-');
  const port = await freePort();
  const name = 'irc.groupsteward.test';
  const config = join(dir, 'ngircd.conf');
  await writeFile(
    config,
    `[Global]
  Name = ${name}
  Info = GroupSteward test IRC server
  Listen = 127.0.0.1
  Ports = ${port}
  MotdPhrase = GroupSteward test server
  PidFile = ${join(dir, 'ngircd.pid')}
[Limits]
  MaxConnections = 0
  MaxConnectionsIP = 0
  MaxJoins = 0
  MaxNickLength = 30
  MaxPenaltyTime = 0
  PingTimeout = 600
  PongTimeout = 600
[Options]
  DNS = no
  Ident = no
  PAM = no
  OperCanUseMode = yes
[Operator]
  Name = steward
  Password = steward
`,
  );
  const child = startProcess('/usr/sbin/ngircd', ['-n', '-f', config]);
  try {
    await waitForPort(port, 'ngircd', child);
  } catch (error) {
    await child.stop();
    await removeTempDir(dir);
    throw error;
  }
  return {
    host: '127.0.0.1',
    port,
    name,
    async stop() {
      await child.stop();
      await removeTempDir(dir);
    },
  };
}
