import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('the data-testid table in docs/architecture.md', () => {
  // Tests outside this repository drive the product through these hooks only: a hook the UI
  // carries but the table leaves out is one nobody can rely on.
  it('lists every hook the UI carries', () => {
    const table = readFileSync(join(ROOT, 'docs/architecture.md'), 'utf8');
    const hooks = new Set<string>();
    for (const file of ['components', 'entrypoints', 'lib'].flatMap((d) => sources(join(ROOT, d)))) {
      for (const match of readFileSync(file, 'utf8').matchAll(/data-testid="(gs-[a-z0-9-]+)"/g)) hooks.add(match[1] as string);
    }
    expect(hooks.size).toBeGreaterThan(100);
    expect([...hooks].filter((hook) => !table.includes(`\`${hook}\``)).sort()).toEqual([]);
  });
});
