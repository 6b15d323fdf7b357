import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser, createProfile } from '@puppeteer/browsers';

/**
 * Drives Debian's Firefox ESR through Marionette, Firefox's own automation protocol.
 *
 * Not WebDriver BiDi (what puppeteer and playwright use for Firefox): Firefox's remote agent
 * leaves out every browsing context with an extension principal ("until we support debugging
 * webextensions", bug 1755014), so BiDi lists the sidebar frame only as about:blank and no
 * script or click reaches it. Marionette switches into frames by the browsing context tree,
 * extension frames included, and its clicks and keys are trusted input.
 *
 * The wire format: `<byte length>:<JSON>`; commands `[0, id, name, params]`, replies
 * `[1, id, error, result]`.
 */

export const FIREFOX = ['/usr/bin/firefox-esr', '/usr/bin/firefox'].find((path) => existsSync(path)) ?? null;

export interface ElementRef {
  id: string;
}

const ELEMENT_KEY = 'element-6066-11e4-a52e-4f735466cecf';

export class MarionetteError extends Error {
  constructor(
    readonly command: string,
    readonly error: string,
    message: string,
  ) {
    super(`${command}: ${error}: ${message}`);
  }
}

export class Marionette {
  private buffer = Buffer.alloc(0);
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void; command: string }>();

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('close', () => {
      for (const pending of this.waiting.values()) pending.reject(new Error(`${pending.command}: Firefox closed the connection`));
      this.waiting.clear();
    });
  }

  static async connect(port: number): Promise<Marionette> {
    const socket = connect(port, '127.0.0.1');
    const client = new Marionette(socket);
    // The server speaks first (its protocol level); nothing is sent before that.
    await new Promise<void>((resolve, reject) => {
      socket.once('data', () => resolve());
      socket.once('error', reject);
    });
    return client;
  }

  private receive(chunk: Buffer) {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const colon = this.buffer.indexOf(0x3a);
      if (colon < 0) return;
      const length = Number(this.buffer.subarray(0, colon).toString());
      if (this.buffer.length < colon + 1 + length) return;
      const packet = JSON.parse(this.buffer.subarray(colon + 1, colon + 1 + length).toString()) as unknown;
      this.buffer = this.buffer.subarray(colon + 1 + length);
      if (!Array.isArray(packet)) continue; // the greeting
      const [, id, error, result] = packet as [number, number, { error: string; message: string } | null, unknown];
      const pending = this.waiting.get(id);
      if (!pending) continue;
      this.waiting.delete(id);
      if (error) pending.reject(new MarionetteError(pending.command, error.error, error.message));
      else pending.resolve(result);
    }
  }

  command<T = unknown>(name: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = ++this.nextId;
    const body = JSON.stringify([0, id, name, params]);
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject, command: name });
      this.socket.write(`${Buffer.byteLength(body)}:${body}`);
    });
  }

  /** Runs `body` (a function body; `arguments[i]` are the args) in the current frame; its return value. */
  async execute<T>(body: string, ...args: unknown[]): Promise<T> {
    return (await this.command<{ value: T }>('WebDriver:ExecuteScript', { script: body, args })).value;
  }

  async find(css: string): Promise<ElementRef | null> {
    // Marionette answers FindElements with the bare list (other commands wrap theirs in `value`).
    const found = await this.command<Array<Record<string, string>>>('WebDriver:FindElements', { using: 'css selector', value: css });
    const first = found[0];
    return first ? { id: first[ELEMENT_KEY] as string } : null;
  }

  /** A trusted click at the element's centre (scrolled into view first). */
  click(element: ElementRef) {
    return this.command('WebDriver:ElementClick', { id: element.id });
  }

  /** Trusted key events typing `text` into the element. */
  type(element: ElementRef, text: string) {
    return this.command('WebDriver:ElementSendKeys', { id: element.id, text });
  }

  /** Into the child frame whose document is at `pathname` (by the browsing context tree, not the DOM). */
  async switchToFrameAt(pathname: string): Promise<boolean> {
    await this.command('WebDriver:SwitchToParentFrame').catch(() => undefined);
    await this.command('WebDriver:SwitchToFrame', { id: null });
    for (let index = 0; ; index++) {
      try {
        await this.command('WebDriver:SwitchToFrame', { id: index });
      } catch {
        await this.command('WebDriver:SwitchToFrame', { id: null });
        return false;
      }
      if ((await this.execute<string>('return location.pathname')) === pathname) return true;
      await this.command('WebDriver:SwitchToFrame', { id: null });
    }
  }

  toTop() {
    return this.command('WebDriver:SwitchToFrame', { id: null });
  }

  close() {
    this.socket.destroy();
  }
}

export interface LaunchedFirefox {
  marionette: Marionette;
  close(): Promise<void>;
}

/** Headless Firefox on a fresh profile, Marionette on a free port, a session open. */
export async function launchFirefox(executable: string, preferences: Record<string, unknown> = {}): Promise<LaunchedFirefox> {
  const profile = await mkdtemp(join(tmpdir(), 'gs-firefox-'));
  // puppeteer's Firefox preferences (no first-run pages, updates or telemetry) plus port 0:
  // Marionette then picks a free port and writes it into the profile.
  await createProfile(Browser.FIREFOX, { path: profile, preferences: { 'marionette.port': 0, ...preferences } });
  const child: ChildProcess = spawn(executable, ['--headless', '--marionette', '--no-remote', '--profile', profile], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const portFile = join(profile, 'MarionetteActivePort');
  let port = 0;
  while (!port) {
    if (child.exitCode !== null) throw new Error(`Firefox exited (code ${child.exitCode}) before Marionette listened`);
    port = Number((await readFile(portFile, 'utf8').catch(() => '')).trim()) || 0;
    if (!port) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const marionette = await Marionette.connect(port);
  await marionette.command('WebDriver:NewSession', { capabilities: { alwaysMatch: { acceptInsecureCerts: true } } });
  return {
    marionette,
    async close() {
      await marionette.command('Marionette:Quit', { flags: ['eForceQuit'] }).catch(() => undefined);
      marionette.close();
      if (child.exitCode === null) child.kill();
      await exited;
      await rm(profile, { recursive: true, force: true });
    },
  };
}
