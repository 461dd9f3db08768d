// Loads a CommonJS bundle of Miros (dist/cached/*.cjs, built by scripts/build.mjs) with its V8 code
// cache: the bytecode of every function a static hello world ran when the cache was made, so `miros
// run` starts without parsing and compiling that code again (issue 4: a static hello world under
// 150 ms). Node 20 has no code cache for ES modules, hence CommonJS copies beside dist/miros.mjs.
// There are two bundles (scripts/cached-bundles.mjs): the core one, which bin/miros loads, and the
// on-demand one (dynamic linker, Miros libc, the commands other than run), which the core loads
// through this module when a program needs it, handing over its module registry.
//
// A bundle file is one function expression `(function (exports, require, module, __filename,
// __dirname, __mirosCoreModules) {…})`, so the text V8 compiles is the file itself, byte for byte,
// in bin/miros and in scripts/train-code-cache.mjs (which makes the caches). V8 checks a cache
// against its version, its flags and the source's length only, not the source's content, so each
// bundle carries the hash of its content in its name and a cache belongs to one bundle name;
// dist/cached/current names the core bundle of the latest build (which names its on-demand bundle).
// A rejected cache (another Node version, other V8 flags) costs speed, never correctness: V8 then
// compiles the source as it would without one.
//
// Why not a V8 start-up snapshot (`node --build-snapshot`, then `node --snapshot-blob`): tried on
// 2026-11-28 with Node 20.20.2, it was slower. Starting from any user snapshot costs Node 20 some
// 45-60 ms more than its built-in one (`perf stat -r 10` task-clock, 4 alternating rounds: `node
// -e ''` 73-106 ms, an empty user snapshot 134-139 ms): Node reads the blob (4 MB even empty) into
// fresh memory and copies it again (node::SnapshotData::FromFile, a quarter of that start's
// cycles), and fresh memory costs a page fault per 4 KiB, 14-16 us each on this VM. That is more
// than all a snapshot could save: compiling the core bundle with its cache takes 31 ms and
// evaluating its modules 4 ms (minimum of 6 runs, time stamps around compileBundle and runBundle).
// And the snapshot holds less: the builder has no SharedArrayBuffer and no shared WebAssembly
// memory, so no program can run in it, and the functions a run needs are compiled from source
// afterwards instead of coming from a code cache. Core bundle evaluated into a snapshot, same
// rounds: glibc static hello 272-392 ms against 282-374 ms here, musl static hello 234-287 ms
// against 194-219 ms. V8 checks a snapshot's flags as it checks a cache's.
'use strict';
// CommonJS, as bin/miros is: Node loads a CommonJS entry ~10 ms faster than an ES module one.
const { closeSync, fstatSync, openSync, readFileSync, readSync } = require('node:fs');
// The CommonJS loader's own createRequire (what node:module exports): `require('node:module')` would
// load that module and 3 more (0.6 ms), which nothing else in a `miros run` needs.
const { createRequire } = module.constructor;
const { dirname, resolve } = require('node:path');
const { Script } = require('node:vm');

/** The path of the current bundle under `distDir`, or undefined when the build made none. */
function currentBundle(distDir) {
  let name;
  try {
    name = readFileSync(`${distDir}/cached/current`, 'latin1').trim();
  } catch {
    return undefined;
  }
  return `${distDir}/cached/${name}`;
}

/** The bundles this process has compiled, by path: scripts/train-code-cache.mjs makes their caches. */
const compiledBundles = new Map();

/**
 * Compiles and evaluates the bundle at `path` with its cache `path.cache` when there is one; returns
 * the bundle's exports (`main` of src/cli/main.ts for the core bundle), the compiled script (to
 * make a cache from) and the buffer the files were read through (free for the caller to reuse).
 */
function loadBundle(path) {
  return runBundle(compileBundle(path));
}

/**
 * Evaluates a bundle `compileBundle` compiled; `coreModules` is the core's module registry, which
 * the on-demand bundle takes the core's modules from (scripts/cached-bundles.mjs).
 */
function runBundle(compiled, coreModules) {
  const { path, script, buffer, cacheRejected } = compiled;
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(path), module, path, dirname(path), coreModules);
  return { exports: module.exports, script, buffer, cacheRejected };
}

/** Compiles the bundle at `path` with its cache, without running it; says whether there was a cache and V8 took it. */
function compileBundle(path) {
  path = resolve(path);
  // One buffer holds the bundle's bytes until they are a string, then the cache's: fresh memory
  // costs a page fault per 4 KiB, and on this VM a fault costs 14-18 us (a second 1.1 MB buffer for
  // the cache was 268 faults, ~4 ms). So it is made once, as large as the larger of the two files.
  const sourceFd = openSync(path, 'r');
  let cacheFd;
  try {
    cacheFd = openSync(`${path}.cache`, 'r');
  } catch {
    cacheFd = undefined;
  }
  let source;
  let cachedData;
  let buffer;
  try {
    const sourceSize = fstatSync(sourceFd).size;
    const cacheSize = cacheFd === undefined ? 0 : fstatSync(cacheFd).size;
    buffer = Buffer.allocUnsafe(Math.max(sourceSize, cacheSize));
    // The bundle is ASCII (esbuild escapes everything else), so latin1 is its exact text.
    source = buffer.latin1Slice(0, readAll(sourceFd, buffer, sourceSize));
    if (cacheFd !== undefined) cachedData = buffer.subarray(0, readAll(cacheFd, buffer, cacheSize));
  } finally {
    closeSync(sourceFd);
    if (cacheFd !== undefined) closeSync(cacheFd);
  }
  const script = new Script(source, { filename: path, cachedData });
  compiledBundles.set(path, script);
  // V8 has copied what it needs from the buffer: `buffer` is the caller's to reuse (bin/miros hands
  // it to the core for the program's own read, src/host/read-buffer.ts).
  return {
    path,
    script,
    buffer,
    cacheFound: cachedData !== undefined,
    cacheRejected: cachedData !== undefined && script.cachedDataRejected,
  };
}

/** Reads `size` bytes of `fd` into the start of `buffer`; returns how many it got (fewer at EOF). */
function readAll(fd, buffer, size) {
  let done = 0;
  while (done < size) {
    const n = readSync(fd, buffer, done, size - done, done);
    if (n === 0) break;
    done += n;
  }
  return done;
}

module.exports = { compileBundle, compiledBundles, currentBundle, loadBundle, runBundle };
