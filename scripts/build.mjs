// Bundles the TypeScript sources into dist/miros.mjs, the file bin/miros runs, plus the chunks
// it imports on demand (dist/chunks/). Bundling lets esbuild inline `const enum` values across
// files, which the CPU's hot paths rely on. Code splitting keeps start-up short: each subcommand
// is a dynamic import (src/cli/commands.ts), so `miros --help` compiles only the CLI and `miros
// readelf` only the CLI and the ELF reader, not the CPU, kernel, linker and libc that `run` needs.
//
// Then the same sources as two CommonJS bundles with V8 code caches (dist/cached/, loaded by
// bin/cached-bundle.cjs for `miros run`): ES modules have no code cache in Node 20, and compiling
// the CPU, kernel and decoder afresh was most of a static hello world's start-up (issue 4). The
// core bundle leaves the dynamic linker and libc to a second one (scripts/cached-bundles.mjs).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { build } from 'esbuild';
import nodeFlagsModule from '../bin/node-flags.cjs';
import { buildCachedBundles } from './cached-bundles.mjs';

const { mirosNodeFlags } = nodeFlagsModule;

const chunkDir = 'dist/chunks';
const cachedDir = 'dist/cached';

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

// The CommonJS bundles, core and on-demand (scripts/cached-bundles.mjs), each named by the hash of
// its text; the core's text names the on-demand bundle, so its hash covers both.
const bundleNameFor = (prefix, text) => `${prefix}-${createHash('sha256').update(text).digest('hex').slice(0, 16)}.cjs`;
const { coreText, onDemandText, onDemandFile } = await buildCachedBundles(process.cwd(), (text) =>
  bundleNameFor('miros-on-demand', text),
);
const bundleName = bundleNameFor('miros', coreText);
const bundlePath = join(cachedDir, bundleName);
const onDemandPath = join(cachedDir, onDemandFile);
mkdirSync(cachedDir, { recursive: true });
for (const [path, text] of [
  [onDemandPath, onDemandText],
  [bundlePath, coreText],
]) {
  writeFileSync(`${path}.${process.pid}.tmp`, text);
  renameSync(`${path}.${process.pid}.tmp`, path);
}
// Under bin/miros's V8 flags: V8 accepts a cache only under the flags it was made with.
const nodeFlags = mirosNodeFlags();
const train = spawnSync(process.execPath, [...nodeFlags, 'scripts/train-code-cache.mjs', bundlePath, onDemandPath], {
  stdio: ['ignore', 'ignore', 'pipe'],
  encoding: 'utf8',
});
if (train.status !== 0) throw new Error(`scripts/train-code-cache.mjs failed:\n${train.stderr}`);
// A cache a fresh process rejects would only slow `miros run` down, silently: check it here.
const check = spawnSync(
  process.execPath,
  [
    ...nodeFlags,
    '--input-type=module',
    '-e',
    `const { compileBundle } = await import('./bin/cached-bundle.cjs');
     const rejected = [${JSON.stringify(bundlePath)}, ${JSON.stringify(onDemandPath)}].filter((path) => {
       const { cacheFound, cacheRejected } = compileBundle(path);
       return !cacheFound || cacheRejected;
     });
     if (rejected.length > 0) console.error('missing or rejected: ' + rejected.join(', '));
     process.exitCode = rejected.length > 0 ? 3 : 0;`,
  ],
  { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' },
);
if (check.status !== 0) throw new Error(`V8 rejects a code cache:\n${check.stderr}`);
// `current` names the new core bundle only now that the caches are complete; bundles of earlier
// builds go after an hour, as chunks do.
writeFileSync(join(cachedDir, `current.${process.pid}.tmp`), `${bundleName}\n`);
renameSync(join(cachedDir, `current.${process.pid}.tmp`), join(cachedDir, 'current'));
for (const name of readdirSync(cachedDir)) {
  const path = join(cachedDir, name);
  // Another build may remove or rename a file between the listing and the stat.
  const modified = statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
  if (!name.startsWith(bundleName) && !name.startsWith(onDemandFile) && name !== 'current' && modified < hourAgo)
    rmSync(path, { force: true });
}
