#!/usr/bin/env node
// Start-up cost of bin/miros end to end (Node start, loading the command's chunks, the work,
// exit): `--help`, `readelf -s -W` of libc.so.6 (issue 2 §6: well under a second) and static hello
// worlds under `run` (issue 4: under 150 ms and 100 MB), beside Node's own floor (`node -e ''`)
// and the native tools. Each command runs N times, interleaved with the others so a burst of CPU
// steal from other tenants hits all of them alike; the figures are the minimum wall time, the
// minimum CPU time (user + system), the maximum peak RSS and the minimum count of minor page faults,
// read through GNU time. Faults are shown because on this VM a first touch of a fresh page costs
// 14-16 us (a loop touching 64 MiB of new memory), so the memory a start-up touches is a large part
// of its time: `node -e ''` makes about 1,860, a static glibc hello world under Miros about 6,670
// (2026-11-28). Unlike the times, the count hardly varies with the machine's load.
//
//   node scripts/build.mjs && node bench/startup.mjs [--runs N]
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const miros = join(repo, 'bin', 'miros');
const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 10;
if (!(runs >= 1)) {
  console.error('usage: node bench/startup.mjs [--runs N]');
  process.exit(2);
}
if (!existsSync(join(repo, 'dist', 'miros.mjs'))) {
  console.error('bench/startup: dist/miros.mjs is missing; run `node scripts/build.mjs` first');
  process.exit(1);
}
const gnuTime = '/usr/bin/time';
if (!existsSync(gnuTime)) {
  console.error('bench/startup: /usr/bin/time is missing (apt-get install time)');
  process.exit(1);
}

const libc = '/usr/lib/x86_64-linux-gnu/libc.so.6';
const program = (name) => join(repo, 'tests', 'programs', 'bin', name);
const node = process.execPath;
// [label, command, arguments, goal]; rows whose file is absent are left out with a note.
// bin/miros runs as users run it (its first line starts Node with NODE_EXTRA_CA_CERTS emptied, see
// the file); Node's floor is shown both ways when that variable is set here.
const withoutCertificates = { ...process.env, NODE_EXTRA_CA_CERTS: '' };
const rows = [
  ["node -e ''  (Node's floor)", node, ['-e', '']],
  ...(process.env.NODE_EXTRA_CA_CERTS
    ? [["node -e ''  (no CA certificates, as bin/miros starts)", node, ['-e', ''], { env: withoutCertificates }]]
    : []),
  ['miros --help', miros, ['--help']],
  ['miros readelf -s -W libc.so.6', miros, ['readelf', '-s', '-W', libc], { ms: 1000, needs: libc }],
  ['readelf -s -W libc.so.6  (GNU)', 'readelf', ['-s', '-W', libc], { needs: libc }],
  ...[
    ['hello.musl-static-O2', program('hello.musl-static-O2')],
    // The static glibc hello of bench/run.mjs: glibc's start-up (IRELATIVE, tunables, TLS) runs
    // 32,600 guest instructions before main, musl's about 1,400.
    ['hello (glibc static)', join(repo, 'bench', 'programs', 'bin', 'hello')],
  ].flatMap(([name, path]) => [
    [`miros run ${name}`, miros, ['run', path], { ms: 150, mb: 100, needs: path }],
    [`${name}  (native)`, path, [], { needs: path }],
  ]),
  ['miros run crash segv  (crash report)', miros, ['run', join(repo, 'tests/run/fixtures/crash'), 'segv']],
].filter(([label, , , goal]) => {
  if (!goal?.needs || existsSync(goal.needs)) return true;
  console.log(`(${label}: ${goal.needs} is absent, left out)`);
  return false;
});

const timeFile = join(tmpdir(), `miros-bench-startup-${process.pid}`);
function timeOnce(command, commandArgs, env) {
  spawnSync(gnuTime, ['-f', '%e %U %S %M %R', '-o', timeFile, command, ...commandArgs], {
    stdio: 'ignore',
    maxBuffer: 1 << 30,
    env: env ?? process.env,
  });
  const [wall, user, system, rssKiB, minorFaults] = readFileSync(timeFile, 'utf8')
    .trim()
    .split('\n')
    .at(-1)
    .split(/\s+/)
    .map(Number);
  return { wall: wall * 1000, cpu: (user + system) * 1000, rss: rssKiB / 1024, faults: minorFaults };
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
console.log(`${runs} runs each, interleaved; load average before: ${load()}`);
const best = rows.map(() => ({ wall: Infinity, cpu: Infinity, rss: 0, faults: Infinity }));
for (let r = 0; r < runs; r++) {
  rows.forEach(([, command, commandArgs, options], i) => {
    const t = timeOnce(command, commandArgs, options?.env);
    best[i].wall = Math.min(best[i].wall, t.wall);
    best[i].cpu = Math.min(best[i].cpu, t.cpu);
    best[i].rss = Math.max(best[i].rss, t.rss);
    best[i].faults = Math.min(best[i].faults, t.faults);
  });
}
rmSync(timeFile, { force: true });

const width = Math.max(...rows.map(([label]) => label.length));
for (const [i, [label, , , goal]] of rows.entries()) {
  const b = best[i];
  const verdicts = [];
  if (goal?.ms) verdicts.push(`${b.wall < goal.ms ? 'met' : 'NOT met'}: < ${goal.ms} ms`);
  if (goal?.mb) verdicts.push(`${b.rss < goal.mb ? 'met' : 'NOT met'}: < ${goal.mb} MB`);
  console.log(
    `${label.padEnd(width)}  wall min ${b.wall.toFixed(0).padStart(5)} ms  CPU min ${b.cpu.toFixed(0).padStart(5)} ms` +
      `  peak RSS ${b.rss.toFixed(1).padStart(6)} MB  faults ${String(b.faults).padStart(6)}` +
      `${verdicts.length ? `   (${verdicts.join(', ')})` : ''}`,
  );
}
console.log(`load average after: ${load()} (GNU time's resolution is 10 ms)`);
