// The CPU alone on the cpu-micro programs, without `miros run`'s start-up: loads each static
// no-libc program (bench/cpu-micro/*) with the CPU tests' tiny loader, runs it to its exit and
// prints the CPU time (user+sys of this process, process.cpuUsage) of `cpu.run` only, the guest
// instructions and MIPS on CPU time. For measuring the interpreter and the hot-block tier: the
// machine is shared, so CPU time, minimum of N runs (each run in a fresh Cpu and block cache).
//
//   node_modules/.bin/esbuild --bundle --platform=node --format=esm bench/cpu-micro-inprocess.ts \
//     --outfile=/tmp/cpu-micro-inprocess.mjs && node /tmp/cpu-micro-inprocess.mjs [runs] [name...]
//   (MIROS_JIT=off|always|<n> as for miros run)
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ExitRequest, loadProgram, TestHost } from '../tests/cpu/harness.ts';

/** Instructions per cpu.run call (src/kernel/process.ts SLICE). */
const SLICE = 1 << 20;
const dir = join(import.meta.dirname ?? '.', 'cpu-micro');
const runs = Number(process.argv[2] ?? 3);
const names = process.argv.length > 3 ? process.argv.slice(3) : ['hash', 'sort', 'strings'];

for (const name of names) {
  const path = existsSync(join(dir, name)) ? join(dir, name) : join(process.cwd(), 'bench', 'cpu-micro', name);
  let best = Number.POSITIVE_INFINITY;
  let instructions = 0;
  let output = '';
  for (let r = 0; r < runs; r++) {
    const host = new TestHost();
    const cpu = loadProgram(path, host);
    const start = process.cpuUsage();
    try {
      // Slices of 2^20 instructions, as src/kernel/process.ts runs a thread: one budget of 1e12
      // (a heap number, not a Smi) was boxed on every call of a compiled block and made garbage
      // collection 14% of the sort profile, a cost `miros run` does not have.
      for (;;) cpu.run(SLICE);
    } catch (error) {
      if (!(error instanceof ExitRequest)) throw error;
    }
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1e6);
    instructions = cpu.instructionCount;
    output = host.output.trim().split('\n')[0] ?? '';
  }
  const mips = instructions / best / 1e6;
  process.stdout.write(
    `${name.padEnd(8)} cpu ${best.toFixed(2)} s  ${(instructions / 1e6).toFixed(1)} M instr  ${mips.toFixed(1)} MIPS  ${output}\n`,
  );
}
