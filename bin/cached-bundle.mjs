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
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { Script } from 'node:vm';

/** The path of the current bundle under `distDir`, or undefined when the build made none. */
export function currentBundle(distDir) {
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
export function loadBundle(path) {
  path = resolve(path);
  // The bundle is ASCII (esbuild escapes everything else), so latin1 is its exact text.
  const source = readFileSync(path, 'latin1');
  let cachedData;
  try {
    cachedData = readFileSync(`${path}.cache`);
  } catch {
    cachedData = undefined;
  }
  const script = new Script(source, { filename: path, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(path), module);
  return { exports: module.exports, script, cacheRejected: cachedData !== undefined && script.cachedDataRejected };
}
