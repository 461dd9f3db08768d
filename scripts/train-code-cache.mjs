// Makes the V8 code caches of the CommonJS bundles of Miros (bin/cached-bundle.cjs says why and how
// they are loaded): compiles the core bundle exactly as bin/miros does, runs the programs start-up
// is measured on (issue 4: static hello worlds under `miros run`) and writes the bytecode of every
// function they ran to `<core bundle>.cache`; then runs a dynamically linked hello world, which
// loads the on-demand bundle (dynamic linker and Miros libc), and writes `<on-demand bundle>.cache`.
// The core's cache is made before the dynamic program runs, so it holds only what a static program
// needs (every function in it is deserialised at each start). Run by scripts/build.mjs in a process
// of its own, with stdout and stderr discarded (the guests print).
//
//   node scripts/train-code-cache.mjs dist/cached/miros-<hash>.cjs dist/cached/miros-on-demand-<hash>.cjs
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import cachedBundle from '../bin/cached-bundle.cjs';
import nodeFlagsModule from '../bin/node-flags.cjs';

const { mirosNodeFlags } = nodeFlagsModule;

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const [bundlePath, onDemandPath] = process.argv.slice(2);
if (bundlePath === undefined || onDemandPath === undefined) {
  console.error('usage: node scripts/train-code-cache.mjs <core bundle.cjs> <on-demand bundle.cjs>');
  process.exit(2);
}

// Static glibc and musl hello worlds (glibc's start-up runs 32,600 instructions, musl's 1,400).
const staticPrograms = ['bench/programs/bin/hello', 'tests/programs/bin/hello.musl-static-O2'];
// A dynamically linked (glibc, PIE) hello world: its imports bind to Miros libc. It exits 3.
const dynamicProgram = 'tests/libc-runtime/bin/hello@O2-pie';

const { exports } = cachedBundle.loadBundle(bundlePath);
async function run(program, expectedStatus = 0) {
  const path = join(repo, program);
  if (!existsSync(path)) throw new Error(`train-code-cache: ${program} is missing`);
  const status = await exports.main(['run', path]);
  if (status !== expectedStatus) throw new Error(`train-code-cache: miros run ${program} exited ${status}`);
}

/** Writes the cache of a bundle this process compiled (under bin/miros's flags, see below). */
function writeCache(path) {
  const script = cachedBundle.compiledBundles.get(resolve(path));
  if (script === undefined) throw new Error(`train-code-cache: ${path} was never loaded`);
  // V8 stamps a cache with a hash of its flags and takes it only under the same ones, and a run
  // changes three: the JIT raises TurboFan's inlining budget when it compiles its first block (src/cpu/
  // jit/block-compiler.ts) and src/host/optimisation-budget.ts sets the interrupt budget (and, for a
  // long run, the code generator's --turbo-filter). Back to
  // V8's defaults, then bin/miros's own flags (the start-up interrupt budget among them), which
  // every `miros run` starts with; scripts/build.mjs checks that a fresh process accepts the cache.
  setFlagsFromString('--max-inlined-bytecode-size-cumulative=920');
  setFlagsFromString('--interrupt-budget=67584');
  setFlagsFromString('--turbo-filter=*');
  for (const flag of mirosNodeFlags()) setFlagsFromString(flag);
  const cachePath = `${path}.cache`;
  writeFileSync(`${cachePath}.${process.pid}.tmp`, script.createCachedData());
  renameSync(`${cachePath}.${process.pid}.tmp`, cachePath);
}

for (const program of staticPrograms) await run(program);
writeCache(bundlePath);
await run(dynamicProgram, 3);
writeCache(onDemandPath);
