// CPU micro-benchmarks: static no-libc programs (bench/cpu-micro/*.c, binaries committed) run
// natively, under qemu-x86_64 and under `bin/miros run --stats`; prints the minimum wall time of N
// runs of each, the ratios, and Miros's guest instructions per second.
//
//   node bench/cpu-micro.mjs [runs]        (build first: node scripts/build.mjs)
//
// The machine is shared and noisy: times are minima over several runs.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const dir = join(import.meta.dirname, 'cpu-micro');
const runs = Number(process.argv[2] ?? 3);
const programs = readdirSync(dir)
  .filter((f) => f.endsWith('.c'))
  .map((f) => f.slice(0, -2));
const hasQemu = spawnSync('qemu-x86_64', ['--version']).status === 0;

function time(command, args) {
  let best = Number.POSITIVE_INFINITY;
  let result;
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    result = spawnSync(command, args, { encoding: 'latin1' });
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e9);
  }
  return { seconds: best, stdout: result.stdout, stderr: result.stderr };
}

if (!hasQemu) console.log('qemu-x86_64 not installed (apt-get install qemu-user): its column is empty');
console.log('program    native s   qemu s    miros s   miros/qemu  miros/native  guest MIPS  output');
for (const name of programs) {
  const binary = join(dir, name);
  if (!existsSync(binary)) {
    console.log(`${name}: not built (bench/cpu-micro/build.sh)`);
    continue;
  }
  const native = time(binary, []);
  const qemu = hasQemu ? time('qemu-x86_64', [binary]) : null;
  const miros = time(join(root, 'bin/miros'), ['run', '--stats', binary]);
  const stats = /instructions=(\d+) seconds=([\d.]+)/.exec(miros.stderr);
  const mips = stats ? Number(stats[1]) / miros.seconds / 1e6 : Number.NaN;
  const same = miros.stdout === native.stdout && (!qemu || qemu.stdout === native.stdout) ? 'same' : 'DIFFERENT';
  console.log(
    [
      name.padEnd(10),
      native.seconds.toFixed(3).padStart(8),
      (qemu ? qemu.seconds.toFixed(3) : '-').padStart(8),
      miros.seconds.toFixed(3).padStart(9),
      (qemu ? (miros.seconds / qemu.seconds).toFixed(1) : '-').padStart(11),
      (miros.seconds / native.seconds).toFixed(0).padStart(13),
      mips.toFixed(1).padStart(11),
      `  ${same}`,
    ].join(''),
  );
}
