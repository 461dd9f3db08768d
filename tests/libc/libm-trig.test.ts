// Replays tests/libc/data/libm-trig.expected (glibc 2.36 results, errno and exception flags of
// the double trigonometric functions, recorded natively by generators/libm-trig.c) through
// Miros's implementations. Each function's mismatch count must equal its entry in
// KNOWN_MISMATCHES (zero unless listed there with the reason).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { atan } from '../../src/libc/math/atan.ts';
import { atan2 } from '../../src/libc/math/atan2.ts';
import { cos, sin, sincos, sincosCos } from '../../src/libc/math/sin-cos.ts';
import { tan } from '../../src/libc/math/tan.ts';
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

const FUNCTIONS: Record<string, (...args: number[]) => number> = {
  sin,
  cos,
  'sincos.sin': sincos,
  'sincos.cos': (x) => {
    sincos(x);
    return sincosCos;
  },
  tan,
  atan,
  atan2: atan2 as (...args: number[]) => number,
};
/** Functions whose results are known to differ from glibc's in some recorded cases, and why. */
const KNOWN_MISMATCHES: Record<string, { count: number; reason: string }> = {};

const lines = readFileSync(join(import.meta.dirname, 'data', 'libm-trig.expected'), 'utf8').split('\n');

const cases = new ReplayCases();
for (let i = 0; i < lines.length; i++) {
  const f = lines[i]!.split(' ');
  if (f[0] === '=' && f.length === 6) {
    add(f[1]!, [f[2]!], `${canonical(f[3]!)} ${f[4]} ${f[5]}`);
  } else if (f[0] === '=') {
    add(f[1]!, [f[2]!, f[3]!], `${canonical(f[4]!)} ${f[5]} ${f[6]}`);
  } else if (f[0] === '@') {
    // One stream per line of the generator, each restarting the generator's xorshift state.
    const draw = makeDraw(SEED);
    const [low, high, low2, high2] = [Number(f[3]), Number(f[4]), Number(f[5]), Number(f[6])];
    for (let n = Number(f[2]); n > 0; n--) {
      const args = f.length === 7 ? [draw(low, high), draw(low2, high2)] : [draw(low, high)];
      cases.add(f[1]!, { args, expected: streamResult(lines[++i]!) });
    }
  }
}
function add(name: string, hexArgs: string[], expected: string): void {
  cases.add(name, { args: hexArgs.map(fromHex), expected, signaling: hexArgs.some(signalingBits) });
}

replay(
  'double trigonometric libm functions against glibc 2.36 (bits, errno, flags)',
  cases,
  FUNCTIONS,
  KNOWN_MISMATCHES,
);
