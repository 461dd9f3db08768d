// Makes the V8 code cache of a CommonJS bundle of Miros (bin/cached-bundle.cjs says why and how it
// is loaded): compiles the bundle exactly as bin/miros does, runs the programs start-up is measured
// on (issue 4: static hello worlds under `miros run`), and writes the bytecode of every function
// they ran to `<bundle>.cache`. Run by scripts/build.mjs in a process of its own, with stdout and
// stderr discarded (the guests print).
//
//   node scripts/train-code-cache.mjs dist/cached/miros-<hash>.cjs
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import cachedBundle from '../bin/cached-bundle.cjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundlePath = process.argv[2];
if (bundlePath === undefined) {
  console.error('usage: node scripts/train-code-cache.mjs <bundle.cjs>');
  process.exit(2);
}

// Static glibc and musl hello worlds (glibc's start-up runs 32,600 instructions, musl's 1,400).
const programs = ['bench/programs/bin/hello', 'tests/programs/bin/hello.musl-static-O2']
  .map((path) => join(repo, path))
  .filter((path) => existsSync(path));

const { exports, script } = cachedBundle.loadBundle(bundlePath);
for (const program of programs) {
  const status = await exports.main(['run', program]);
  if (status !== 0) throw new Error(`train-code-cache: miros run ${program} exited ${status}`);
}

// The JIT raises TurboFan's inlining budget when it compiles its first block (src/cpu/jit/
// block-compiler.ts), and V8 stamps a cache with a hash of the flags that differ from their
// defaults: a cache made now would be rejected by every fresh process. Back to V8's default (920)
// before the cache is made; scripts/build.mjs checks that a fresh process accepts it.
setFlagsFromString('--max-inlined-bytecode-size-cumulative=920');
// `miros run` also delays optimisation at start-up (src/host/optimisation-budget.ts): V8's default
// interrupt budget (Node 20), which a short training run never gets back by itself.
setFlagsFromString('--interrupt-budget=67584');
const cachePath = `${bundlePath}.cache`;
writeFileSync(`${cachePath}.${process.pid}.tmp`, script.createCachedData());
renameSync(`${cachePath}.${process.pid}.tmp`, cachePath);
