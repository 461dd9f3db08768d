// Replays tests/libc/data/libm-asin-acos.expected (glibc 2.36 results, errno and exception flags
// of asin and acos, recorded natively by generators/libm-asin-acos.c) through Miros's
// implementations. Each function's mismatch count must equal its entry in KNOWN_MISMATCHES
// (zero unless listed there with the reason).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { acos, asin } from '../../src/libc/math/asin-acos.ts';
import { mathStatus } from '../../src/libc/math/exact.ts';
import { RoundingMode } from '../../src/libc/stdio/format/format-io.ts';
import {
  canonical,
  fromHex,
  makeDraw,
  ReplayCases,
  replay,
  SEED,
  signalingBits,
  streamResult,
} from './support/libm-replay.ts';

const FUNCTIONS: Record<string, (...args: number[]) => number> = { asin, acos };
// The recordings in the directed modes (the generator sets the mode around each call; the binding
// passes MXCSR's mode to the functions in mathStatus.roundingMode).
const MODES = { upward: RoundingMode.Upward, downward: RoundingMode.Downward, towardzero: RoundingMode.TowardZero };
for (const [suffix, mode] of Object.entries(MODES))
  for (const [name, fn] of Object.entries({ asin, acos }))
    FUNCTIONS[`${name}.${suffix}`] = (x) => {
      mathStatus.roundingMode = mode;
      try {
        return fn(x!);
      } finally {
        mathStatus.roundingMode = RoundingMode.ToNearest;
      }
    };
/** Functions whose results are known to differ from glibc's in some recorded cases, and why. */
const KNOWN_MISMATCHES: Record<string, { count: number; reason: string }> = {};

const lines = readFileSync(join(import.meta.dirname, 'data', 'libm-asin-acos.expected'), 'utf8').split('\n');

const cases = new ReplayCases();
for (let i = 0; i < lines.length; i++) {
  const f = lines[i]!.split(' ');
  if (f[0] === '=') {
    cases.add(f[1]!, {
      args: [fromHex(f[2]!)],
      expected: `${canonical(f[3]!)} ${f[4]} ${f[5]}`,
      signaling: signalingBits(f[2]!),
    });
  } else if (f[0] === '@' || f[0] === '~') {
    // One stream per line of the generator, each restarting the generator's xorshift state; "~"
    // streams take d's sign times 1 - |d| (the path near ±1).
    const draw = makeDraw(SEED);
    const [low, high] = [Number(f[3]), Number(f[4])];
    for (let n = Number(f[2]); n > 0; n--) {
      const d = draw(low, high);
      const x = f[0] === '~' ? Math.sign(d) * (1 - Math.abs(d)) : d;
      cases.add(f[1]!, { args: [x], expected: streamResult(lines[++i]!) });
    }
  }
}

replay('double asin and acos against glibc 2.36 (bits, errno, flags)', cases, FUNCTIONS, KNOWN_MISMATCHES);
