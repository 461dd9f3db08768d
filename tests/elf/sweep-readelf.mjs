#!/usr/bin/env node
// Sweeps machine files through `miros readelf` and GNU readelf and reports every difference
// (lines compared with runs of blanks folded, as the acceptance test does). Not part of
// `npm test`: it is the bug-finding tool behind the sampled comparison in readelf.test.ts.
//
//   node scripts/build.mjs && node tests/elf/sweep-readelf.mjs [--options=-h,-lW] [--limit=N] [paths or dirs...]
//
// Defaults: every ELF file under /usr/bin, /usr/sbin, /usr/lib/x86_64-linux-gnu (recursively),
// and the options the issue names. Runs Miros in-process (dist/miros.mjs) to keep it fast.
import { execFileSync } from 'node:child_process';
import { closeSync, lstatSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../dist/miros.mjs';

const args = process.argv.slice(2);
const optionArg = args.find((a) => a.startsWith('--options='));
const limitArg = args.find((a) => a.startsWith('--limit='));
const optionSets = (optionArg ? optionArg.slice(10).split(',') : ['-h', '-lW', '-SW', '-sW', '-rW', '-d', '-n', '-V']).map(
  (o) => [o],
);
const limit = limitArg ? Number(limitArg.slice(8)) : Number.POSITIVE_INFINITY;
const roots = args.filter((a) => !a.startsWith('--'));
if (roots.length === 0) roots.push('/usr/bin', '/usr/sbin', '/usr/lib/x86_64-linux-gnu');

function isElf64(path) {
  try {
    const st = statSync(path);
    if (!st.isFile() || st.size < 64) return false;
    const fd = openSync(path, 'r');
    const head = Buffer.alloc(20);
    readSync(fd, head, 0, 20, 0);
    closeSync(fd);
    return head.readUInt32BE(0) === 0x7f454c46 && head[4] === 2 && head[5] === 1 && head.readUInt16LE(18) === 62;
  } catch {
    return false;
  }
}

// Symbolic links to directories are not followed (/usr/bin/X11 -> . would loop); links to files
// are, and files reached twice (hard or symbolic links) are compared once, by inode.
function* walk(path, top = true) {
  let st;
  try {
    st = lstatSync(path);
    if (st.isSymbolicLink()) {
      st = statSync(path);
      if (st.isDirectory() && !top) return;
    }
  } catch {
    return;
  }
  if (st.isDirectory()) {
    for (const entry of readdirSync(path).sort()) yield* walk(join(path, entry), false);
  } else if (isElf64(path)) yield path;
}

const fold = (text) => text.split('\n').map((l) => l.replace(/[ \t]+/g, ' ').trimEnd());

async function miros(argv) {
  let out = '';
  let err = '';
  const status = await main(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { out, err, status };
}

/** Lines of one listing missing from the other, both ways (a multiset difference: order-blind). */
function mismatchedLines(a, b) {
  const counts = new Map();
  for (const line of a) counts.set(line, (counts.get(line) ?? 0) + 1);
  for (const line of b) counts.set(line, (counts.get(line) ?? 0) - 1);
  let n = 0;
  for (const c of counts.values()) n += Math.abs(c);
  return n;
}

// Stopped early (SIGTERM, ^C), a sweep still says how far it got.
const summary = () => `${files} files, ${runs} runs, ${failures} differing; ${badLines} of ${lines} GNU lines mismatched`;
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    console.log(`\nstopped by ${signal} after ${summary()}`);
    process.exit(2);
  });
}

const seen = new Set();
let lines = 0;
let badLines = 0;
let files = 0;
let runs = 0;
let failures = 0;
const failuresByOption = new Map();
for (const root of roots) {
  for (const path of walk(root)) {
    const real = statSync(path);
    const key = `${real.dev}:${real.ino}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (files >= limit) break;
    files++;
    // Progress, so that a sweep stopped early still gives its figures so far.
    if (files % 50 === 0) {
      console.log(`PROGRESS ${files} files, ${runs} runs, ${failures} differing, ${badLines} of ${lines} lines mismatched`);
    }
    for (const options of optionSets) {
      runs++;
      let expected;
      try {
        expected = execFileSync('readelf', [...options, path], {
          encoding: 'utf8',
          maxBuffer: 1 << 30,
          stdio: ['ignore', 'pipe', 'ignore'],
        });
      } catch (error) {
        expected = error.stdout ?? '';
      }
      const actual = await miros(['readelf', ...options, path]);
      const a = fold(actual.out);
      const b = fold(expected);
      lines += b.length;
      badLines += mismatchedLines(a, b);
      let first = -1;
      for (let i = 0; i < Math.max(a.length, b.length); i++) {
        if (a[i] !== b[i]) {
          first = i;
          break;
        }
      }
      if (first >= 0 || actual.status !== 0) {
        failures++;
        const name = options.join(' ');
        failuresByOption.set(name, (failuresByOption.get(name) ?? 0) + 1);
        console.log(`DIFF ${name} ${path} (status ${actual.status}) ${actual.err.trim()}`);
        if (first >= 0) {
          console.log(`  line ${first + 1}\n  miros: ${a[first]}\n  gnu:   ${b[first]}`);
        }
      }
    }
  }
}
console.log(`\n${summary()}`);
for (const [name, count] of failuresByOption) console.log(`  ${name}: ${count}`);
process.exitCode = failures === 0 ? 0 : 1;
