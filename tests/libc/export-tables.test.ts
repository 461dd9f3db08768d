// The libc parts' function tables are merged by spreading them into one object
// (src/libc/exports/implementations.ts), where a name defined by two parts silently keeps only
// the later one. Each name must have exactly one implementation.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const exportsDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'libc', 'exports');
const source = readFileSync(join(exportsDir, 'implementations.ts'), 'utf8');

describe('libc function tables', () => {
  it('define each exported name in one part only', async () => {
    const owners = new Map<string, string>();
    const clashes: string[] = [];
    for (const [, names, from] of source.matchAll(/import \{ ([^}]+) \} from '([^']+)'/g)) {
      const tables = names!
        .split(',')
        .map((name) => name.trim())
        .filter((name) => name.endsWith('_FUNCTIONS'));
      if (tables.length === 0) continue;
      const module = (await import(join(exportsDir, from!))) as Record<string, Record<string, unknown>>;
      for (const table of tables)
        for (const name of Object.keys(module[table]!)) {
          const owner = owners.get(name);
          if (owner !== undefined) clashes.push(`${name}: ${owner} and ${table}`);
          else owners.set(name, table);
        }
    }
    expect(owners.size).toBeGreaterThan(800);
    expect(clashes).toEqual([]);
  });
});
