// Makes a fresh Debian/Ubuntu machine ready for `npm run demo` and `npm test`: npm
// packages from the lockfile, and Debian packages for the browser, a CJK font and the
// chat servers the end-to-end tests run. Only Node built-ins here: this runs before
// node_modules exists.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Debian package → a file that proves it is installed. */
const APT_PACKAGES = {
  demo: { chromium: '/usr/bin/chromium', 'fonts-wqy-microhei': '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc' },
  test: {
    chromium: '/usr/bin/chromium',
    'fonts-wqy-microhei': '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
    ngircd: '/usr/sbin/ngircd',
    prosody: '/usr/bin/prosodyctl',
    'lua-unbound': '/usr/share/doc/lua-unbound',
    // The Firefox end-to-end test (tests/e2e/firefox.test.ts) runs the MV2 build in it.
    'firefox-esr': '/usr/bin/firefox-esr',
  },
};

function log(message) {
  console.log(`[setup] ${message}`);
}

export function ensureNodeModules() {
  const stamp = `${ROOT}node_modules/.package-lock.json`;
  if (existsSync(stamp) && existsSync(`${ROOT}node_modules/wxt`)) return;
  log('installing npm packages (npm ci)…');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: ROOT, stdio: 'inherit' });
}

export function ensureAptPackages(purpose) {
  const wanted = APT_PACKAGES[purpose];
  const missing = Object.entries(wanted)
    .filter(([, proof]) => !existsSync(proof))
    .map(([name]) => name);
  if (missing.length === 0) return;
  if (process.env.CHROME_PATH && purpose === 'demo' && missing.every((m) => m !== 'chromium' || existsSync(process.env.CHROME_PATH))) return;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (!hasApt) {
    throw new Error(
      `missing: ${missing.join(', ')}. This machine has no apt-get: install them with your package manager ` +
        '(or set CHROME_PATH to a Chromium or Chrome binary) and run again.',
    );
  }
  const asRoot = process.getuid?.() === 0 ? [] : ['sudo'];
  log(`installing Debian packages: ${missing.join(' ')}`);
  const run = (args) => execFileSync(asRoot[0] ?? args[0], asRoot.length ? args : args.slice(1), { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  run(['apt-get', 'update', '-qq']);
  run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...missing]);
}

export function chromiumPath() {
  return process.env.CHROME_PATH ?? '/usr/bin/chromium';
}
