// Decoder throughput: decodes the whole .text of libc.so.6 (or the ELF file given) instruction by
// instruction, as `miros objdump` and the CPU do, and prints millions of instructions per second
// (the minimum time of N passes: the machine is shared and noisy). Goal: ≥ 5 M instructions/s.
// Also the cost of the decoder's lazy start-up: the first pass (cold slots) separately.
//
//   node bench/decode.mjs [elf-file] [passes]
//
// Bundles bench/decode/throughput.ts with esbuild first, as scripts/build.mjs does for bin/miros
// (const enums inlined, one module).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const file = process.argv[2] ?? '/lib/x86_64-linux-gnu/libc.so.6';
const passes = Number(process.argv[3] ?? 5);
const bundled = await build({
  entryPoints: [join(import.meta.dirname, 'decode', 'throughput.ts')],
  bundle: true,
  write: false,
  format: 'esm',
  platform: 'node',
  target: 'node20',
});
const dir = mkdtempSync(join(tmpdir(), 'miros-bench-decode-'));
const bundlePath = join(dir, 'throughput.mjs');
writeFileSync(bundlePath, bundled.outputFiles[0].text);
try {
  const { runThroughput } = await import(pathToFileURL(bundlePath).href);
  runThroughput(file, passes);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
