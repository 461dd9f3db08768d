// Bundles the TypeScript sources into dist/miros.mjs, the file bin/miros runs, plus the chunks
// it imports on demand (dist/chunks/). Bundling lets esbuild inline `const enum` values across
// files, which the CPU's hot paths rely on. Code splitting keeps start-up short: each subcommand
// is a dynamic import (src/cli/commands.ts), so `miros --help` compiles only the CLI and `miros
// readelf` only the CLI and the ELF reader, not the CPU, kernel, linker and libc that `run` needs.
import { readdirSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { build } from 'esbuild';

const chunkDir = 'dist/chunks';

const result = await build({
  entryPoints: { miros: 'src/cli/main.ts' },
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  metafile: true,
  logLevel: 'warning',
});

// Chunks of earlier builds are removed once they are an hour old: a bin/miros started before this
// build (a test, another engineer's run) may still import the chunks its dist/miros.mjs named.
const current = new Set(Object.keys(result.metafile.outputs).map((path) => basename(path)));
const hourAgo = Date.now() - 3_600_000;
for (const name of readdirSync(chunkDir)) {
  const path = join(chunkDir, name);
  if (!current.has(name) && statSync(path).mtimeMs < hourAgo) rmSync(path, { force: true });
}
