#!/usr/bin/env node
// `miros readelf -s -W` of libc.so.6 end to end (Node start, bundle load, parse, format, write),
// beside GNU readelf on the same file and a bare `node` start for reference. Each figure is the
// minimum of N runs (this machine has heavy CPU steal from other tenants); the median is shown
// too, with the load average before and after, so a reader can judge the noise.
//
//   node scripts/build.mjs && node bench/readelf.mjs [--runs N] [--file PATH] [--options=-s,-W]
//
// Also checks that the two listings agree (runs of blanks folded), so the timing is of the same work.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const miros = join(repo, 'bin', 'miros');
const args = process.argv.slice(2);
const optionValue = (name, fallback) => {
  const i = args.findIndex((a) => a === name || a.startsWith(`${name}=`));
  if (i < 0) return fallback;
  return args[i].includes('=') ? args[i].slice(name.length + 1) : args[i + 1];
};
const runs = Number(optionValue('--runs', 10));
const file = optionValue('--file', '/usr/lib/x86_64-linux-gnu/libc.so.6');
const options = optionValue('--options', '-s,-W').split(',');

if (!existsSync(join(repo, 'dist', 'miros.mjs'))) {
  console.error('bench/readelf: dist/miros.mjs is missing; run `node scripts/build.mjs` first');
  process.exit(1);
}
if (!existsSync(file)) {
  console.error(`bench/readelf: ${file} does not exist`);
  process.exit(1);
}

// CPU time (user + system) is read through GNU time when it is installed: on a machine whose
// other tenants steal the CPU, it says more about the work done than wall time does.
const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const cpuFile = join(tmpdir(), `miros-bench-readelf-${process.pid}`);

/** One run, its stdout discarded through a pipe as a user's `| grep` would: wall and CPU ms. */
function timeOnce(command, commandArgs) {
  const [file, argv] = gnuTime
    ? [gnuTime, ['-f', '%U %S', '-o', cpuFile, command, ...commandArgs]]
    : [command, commandArgs];
  const started = process.hrtime.bigint();
  const result = spawnSync(file, argv, { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30 });
  const wall = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${command} ${commandArgs.join(' ')}: exit ${result.status}`);
  let cpu = Number.NaN;
  if (gnuTime) {
    const [user, system] = readFileSync(cpuFile, 'utf8').trim().split(/\s+/).map(Number);
    cpu = (user + system) * 1000;
  }
  return { wall, cpu };
}

function measure(label, command, commandArgs) {
  const samples = [];
  for (let i = 0; i < runs; i++) samples.push(timeOnce(command, commandArgs));
  const walls = samples.map((s) => s.wall).sort((a, b) => a - b);
  const cpus = samples.map((s) => s.cpu).sort((a, b) => a - b);
  const median = walls[Math.floor(walls.length / 2)];
  const ms = (n) => `${n.toFixed(0).padStart(5)} ms`;
  const cpu = gnuTime ? `   CPU (user+sys) min ${ms(cpus[0])}` : '';
  console.log(`${label.padEnd(34)} wall min ${ms(walls[0])}   median ${ms(median)}${cpu}`);
  return walls[0];
}

const fold = (text) => text.split('\n').map((line) => line.replace(/[ \t]+/g, ' ').trimEnd());
let gnu;
try {
  gnu = execFileSync('readelf', [...options, file], { encoding: 'utf8', maxBuffer: 1 << 30 });
} catch {
  console.log('GNU readelf not found: timing Miros alone');
}
const ours = execFileSync(miros, ['readelf', ...options, file], { encoding: 'utf8', maxBuffer: 1 << 30 });
const lines = fold(ours);
if (gnu !== undefined) {
  const theirs = fold(gnu);
  const differing = lines.filter((line, i) => line !== theirs[i]).length + Math.max(0, theirs.length - lines.length);
  console.log(`listing: ${lines.length} lines, ${differing} differing from GNU readelf`);
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
console.log(`${runs} runs each; load average before: ${load()} (${file})`);
const mirosMs = measure(`bin/miros readelf ${options.join(' ')}`, miros, ['readelf', ...options, file]);
if (gnu !== undefined) measure(`GNU readelf ${options.join(' ')}`, 'readelf', [...options, file]);
const nodeMs = measure('node -e 0 (Node start alone)', process.execPath, ['-e', '0']);
console.log(`load average after: ${load()}`);
console.log(`miros readelf beyond Node's own start: ${(mirosMs - nodeMs).toFixed(0)} ms`);
rmSync(cpuFile, { force: true });
