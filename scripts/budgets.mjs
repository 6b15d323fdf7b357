#!/usr/bin/env node
// Size budgets, measured on the built files (gzip -9, as a store or a cache would serve them):
// the content script runs in every chat tab, the sidebar page loads with every chat.
// Prints each size and its budget; exits 1 when one is over. Last line is JSON.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const dir = process.argv[2] ?? '.output/chrome-mv3';
const KB = 1024;
const BUDGETS = [
  // No zod in the content script: adapters build events with a hand check that a property
  // test keeps equal to the zod/mini schema, and the background parses every request in full.
  { name: 'content script', entry: 'content-scripts/chat.js', limit: 25 * KB },
  { name: 'sidebar page', entry: 'sidebar.html', limit: 80 * KB },
  // Runs at document_start on every chat page, before the page's own scripts: it only makes
  // room for the sidebar (lib/content/early-room.ts); most of it is WXT's content script runtime.
  { name: 'room script', entry: 'content-scripts/room.js', limit: 6 * KB },
];

/** The file and everything it loads: scripts, module preloads, styles, static imports. */
function closure(entry) {
  const seen = new Set();
  const visit = (relative) => {
    const file = path.join(dir, relative.replace(/^\//, ''));
    if (seen.has(file)) return;
    if (!existsSync(file)) throw new Error(`${relative}: not in ${dir} (build first: npx wxt build)`);
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    if (file.endsWith('.html')) {
      for (const [, ref] of text.matchAll(/(?:src|href)="(\/[^"]+\.(?:js|css))"/g)) visit(ref);
    } else if (file.endsWith('.js')) {
      const base = path.posix.dirname(relative.replace(/^\//, ''));
      for (const [, ref] of text.matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+\.js)"/g)) visit(path.posix.join(base, ref));
    }
  };
  visit(entry);
  return [...seen];
}

const results = BUDGETS.map(({ name, entry, limit, goal = limit }) => {
  const files = closure(entry);
  const raw = files.reduce((n, f) => n + readFileSync(f).length, 0);
  const gzip = files.reduce((n, f) => n + gzipSync(readFileSync(f), { level: 9 }).length, 0);
  return { name, files: files.length, raw, gzip, limit, goal, ok: gzip <= limit };
});
for (const r of results) {
  console.log(
    `${r.ok ? 'ok  ' : 'OVER'} ${r.name.padEnd(15)} ${(r.gzip / KB).toFixed(1).padStart(6)} KB gzip (budget ${(r.limit / KB).toFixed(0)} KB${r.goal < r.limit ? `, goal ${(r.goal / KB).toFixed(0)} KB` : ''}; ${(r.raw / KB).toFixed(1)} KB raw, ${r.files} file${r.files === 1 ? '' : 's'})`,
  );
}
console.log(JSON.stringify({ budgets: results.map(({ name, gzip, raw, limit, goal, ok }) => ({ name, gzip, raw, limit, goal, ok })) }));
process.exit(results.every((r) => r.ok) ? 0 : 1);
