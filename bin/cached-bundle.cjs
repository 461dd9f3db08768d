// Loads the CommonJS bundle of Miros (dist/cached/miros-<hash>.cjs, built by scripts/build.mjs) with
// its V8 code cache: the bytecode of every function a static hello world ran when the cache was made,
// so `miros run` starts without parsing and compiling that code again (issue 4: a static hello world
// under 150 ms). Node 20 has no code cache for ES modules, hence a CommonJS copy beside dist/miros.mjs.
//
// The bundle file is one function expression `(function (exports, require, module) {…})`, so the
// text V8 compiles is the file itself, byte for byte, in bin/miros and in scripts/train-code-cache.mjs
// (which makes the cache). V8 checks a cache against its version, its flags and the source's length
// only, not the source's content, so each bundle carries the hash of its content in its name and a
// cache belongs to one bundle name; dist/cached/current names the bundle of the latest build.
// A rejected cache (another Node version, other V8 flags) costs speed, never correctness: V8 then
// compiles the source as it would without one.
'use strict';
// CommonJS, as bin/miros is: Node loads a CommonJS entry ~10 ms faster than an ES module one.
const { closeSync, fstatSync, openSync, readFileSync, readSync } = require('node:fs');
const { createRequire } = require('node:module');
const { resolve } = require('node:path');
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

/**
 * Compiles and evaluates the bundle at `path` with its cache `path.cache` when there is one; returns
 * the bundle's exports (`main` of src/cli/main.ts) and the compiled script (to make a cache from).
 */
function loadBundle(path) {
  path = resolve(path);
  // One buffer holds the bundle's bytes until they are a string, then the cache's: fresh memory
  // costs a page fault per 4 KiB, and on this VM a fault costs 5-15 us (a 1.5 MB buffer ~3 ms).
  const sourceFd = openSync(path, 'r');
  let buffer;
  let source;
  try {
    const size = fstatSync(sourceFd).size;
    buffer = Buffer.allocUnsafe(size);
    // The bundle is ASCII (esbuild escapes everything else), so latin1 is its exact text.
    source = buffer.latin1Slice(0, readAll(sourceFd, buffer, size));
  } finally {
    closeSync(sourceFd);
  }
  let cachedData;
  let cacheFd;
  try {
    cacheFd = openSync(`${path}.cache`, 'r');
  } catch {
    cacheFd = undefined;
  }
  if (cacheFd !== undefined) {
    try {
      const size = fstatSync(cacheFd).size;
      if (size > buffer.length) buffer = Buffer.allocUnsafe(size);
      cachedData = buffer.subarray(0, readAll(cacheFd, buffer, size));
    } finally {
      closeSync(cacheFd);
    }
  }
  const script = new Script(source, { filename: path, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(path), module);
  return { exports: module.exports, script, cacheRejected: cachedData !== undefined && script.cachedDataRejected };
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

module.exports = { currentBundle, loadBundle };
