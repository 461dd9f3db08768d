// Replays tests/libc/data/libm-double.expected (glibc 2.36 results, errno and exception flags of
// the double functions beyond exp/log, recorded natively by generators/libm-double.c) through
// Miros's implementations. Each function's mismatch count must equal its entry in
// KNOWN_MISMATCHES (zero unless listed there with the reason).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cbrt } from '../../src/libc/math/cbrt.ts';
import { exp10 } from '../../src/libc/math/exp10.ts';
import { hypot } from '../../src/libc/math/hypot.ts';
import { pow } from '../../src/libc/math/pow.ts';
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

type Fn = (...args: number[]) => number;
const FUNCTIONS: Record<string, Fn> = { pow: pow as Fn, cbrt: cbrt as Fn, hypot: hypot as Fn, exp10: exp10 as Fn };
/** Functions whose results are known to differ from glibc's in some recorded cases, and why. */
const KNOWN_MISMATCHES: Record<string, { count: number; reason: string }> = {};

const lines = readFileSync(join(import.meta.dirname, 'data', 'libm-double.expected'), 'utf8').split('\n');

const cases = new ReplayCases();
for (let i = 0; i < lines.length; i++) {
  const f = lines[i]!.split(' ');
  if (f[0] === '=') {
    const arity = f.length - 5;
    const hexArgs = f.slice(2, 2 + arity);
    const expected = `${canonical(f[2 + arity]!)} ${f[3 + arity]} ${f[4 + arity]}`;
    cases.add(f[1]!, { args: hexArgs.map(fromHex), expected, signaling: hexArgs.some(signalingBits) });
  } else if (f[0] === '@' && f.length === 5) {
    const draw = makeDraw(SEED);
    const [low, high] = [Number(f[3]), Number(f[4])];
    for (let n = Number(f[2]); n > 0; n--)
      cases.add(f[1]!, { args: [draw(low, high)], expected: streamResult(lines[++i]!) });
  } else if (f[0] === '@') {
    const [xLow, xHigh, yLow, yHigh, mode] = f.slice(3).map(Number) as [number, number, number, number, number];
    const draw = makeDraw(SEED ^ BigInt(xLow * 0x10001 + yHigh * 0x101 + mode));
    for (let n = Number(f[2]); n > 0; n--) {
      let x = draw(xLow, xHigh);
      let y = draw(yLow, yHigh);
      if (mode & 1) x = Math.abs(x);
      if (mode & 2) y = Math.trunc(y);
      cases.add(f[1]!, { args: [x, y], expected: streamResult(lines[++i]!) });
    }
  }
}

replay('double libm functions against glibc 2.36 (bits, errno, flags)', cases, FUNCTIONS, KNOWN_MISMATCHES);
