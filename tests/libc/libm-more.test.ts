// Replays tests/libc/data/libm-more.expected (glibc 2.36 on this machine, recorded natively by
// generators/libm-more.c: special arguments in full; float sweeps over every 16381st bit pattern
// and double streams of xorshift32 draws, each as one hash per block of calls) through Miros's
// implementations: result bits, errno and exception flags. Each function's count of mismatching
// special cases plus mismatching blocks must equal its entry in KNOWN_MISMATCHES (zero unless
// listed with a reason). `/tmp/libm-more -v name` prints the native calls of a block to find one.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { erf, erfc } from '../../src/libc/math/erf.ts';
import { mathStatus } from '../../src/libc/math/exact.ts';
import { expm1 } from '../../src/libc/math/expm1.ts';
import { coshf, sinhf, tanhf } from '../../src/libc/math/float-hyperbolic.ts';
import { expm1f, log1pf } from '../../src/libc/math/float-log1p-expm1.ts';
import { log10f } from '../../src/libc/math/float-log10.ts';
import { cosf, sincosf, sincosfCos } from '../../src/libc/math/float-trig.ts';
import { acosh, asinh, atanh, cosh, sinh, tanh } from '../../src/libc/math/hyperbolic.ts';
import { log1p } from '../../src/libc/math/log1p.ts';
import { log10 } from '../../src/libc/math/log10.ts';
import {
  compareBlocks,
  expectKnownMismatches,
  FE_INVALID,
  floatBitsOf,
  floatCall,
  floatCallStatus,
  floatFromBits,
  type HashSection,
  hashStep,
  hex8,
  isSignalingFloat,
  type KnownMismatches,
  readSweepData,
  runFloatCall,
  sweepArgument,
  xorshift32,
} from './support/libm-float-sweep.ts';

type Fn = (x: number) => number;
/** Float functions (argument and result rounded to float); sincosf hashes its sine, then its cosine. */
const FLOAT_FUNCTIONS: Record<string, Fn> = { cosf, sincosf, log1pf, expm1f, sinhf, coshf, tanhf, log10f };
const DOUBLE_FUNCTIONS: Record<string, Fn> = { log1p, expm1, log10, sinh, cosh, tanh, asinh, acosh, atanh, erf, erfc };
const KNOWN_MISMATCHES: KnownMismatches = {};

const f64 = new Float64Array(1);
const w64 = new Uint32Array(f64.buffer);

/** The outcome of one call as the generator hashes it: result words, then errno << 8 | flags. */
const words = new Uint32Array(3);
let wordCount = 0;
function runFloat(name: string, fn: Fn, bits: number): void {
  runFloatCall(() => fn(floatFromBits(bits)), isSignalingFloat(bits));
  words[0] = floatCall.bits;
  wordCount = 1;
  if (name === 'sincosf') words[wordCount++] = floatBitsOf(Math.fround(sincosfCos));
  words[wordCount++] = floatCallStatus();
}
function runDouble(fn: Fn, high: number, low: number): void {
  mathStatus.errno = 0;
  mathStatus.exceptions = 0;
  w64[1] = high;
  w64[0] = low;
  const signaling = (high & 0x7fffffff) >= 0x7ff00000 && ((high & 0xfffff) | low) !== 0 && (high & 0x80000) === 0;
  // The binding (signaling-nan.ts) answers a signaling NaN itself: quieted, invalid raised.
  const r = signaling ? Number.NaN : fn(f64[0]!);
  let flags = mathStatus.exceptions;
  if (signaling) flags |= FE_INVALID;
  if (Number.isNaN(r)) {
    words[0] = 0x7ff80000;
    words[1] = 0;
  } else {
    f64[0] = r;
    words[0] = w64[1]!;
    words[1] = w64[0]!;
  }
  words[2] = (mathStatus.errno << 8) | flags;
  wordCount = 3;
}

function hashCall(h: number): number {
  for (let i = 0; i < wordCount; i++) h = hashStep(h, words[i]!);
  return h;
}
function describeCall(): string {
  const hex = Array.from(words.subarray(0, wordCount - 1), hex8).join(' ');
  const status = words[wordCount - 1]!;
  return `${hex} ${status >> 8} ${(status & 0xff).toString(16)}`;
}

const data = readSweepData(join(import.meta.dirname, 'data', 'libm-more.expected'), ['sweep', 'stream']);

function checkSection(section: HashSection, fn: Fn, failures: string[]): void {
  const h = section.header;
  const sweep = h[0] === 'sweep';
  const next = xorshift32(sweep ? 0 : Number(h[2]));
  const low = Number(h[3]);
  const span = Number(h[4]) - low + 1;
  const sign = Number(h[5]);
  compareBlocks(
    section,
    (i, hash) => {
      if (sweep) runFloat(section.name, fn, sweepArgument(section, i));
      else {
        const a = next();
        const hi = next();
        const lo = next();
        const exponent = low + (a % span);
        const s = sign === 0 ? hi & 0x80000000 : sign === 1 ? 0 : 0x80000000;
        runDouble(fn, (s | (exponent << 20) | (hi & 0xfffff)) >>> 0, lo);
      }
      return hashCall(hash);
    },
    failures,
  );
}

function checkFunction(name: string, fn: Fn, isFloat: boolean): void {
  const failures: string[] = [];
  for (const c of data.specials.get(name) ?? []) {
    const x = c[0]!;
    if (isFloat) runFloat(name, fn, Number.parseInt(x, 16));
    else runDouble(fn, Number.parseInt(x.slice(0, 8), 16), Number.parseInt(x.slice(8), 16));
    const expected = c.slice(1).join(' ');
    let actual = describeCall();
    if (!isFloat) actual = actual.replace(' ', ''); // a double's two words as one hex field
    if (actual !== expected) failures.push(`${name}(${x}): glibc ${expected}, miros ${actual}`);
  }
  const sections = data.sections.filter((s) => s.name === name);
  expect(sections.length).toBeGreaterThan(0);
  for (const section of sections) checkSection(section, fn, failures);
  expectKnownMismatches(name, failures, KNOWN_MISMATCHES);
}

describe('more libm functions against glibc 2.36 (bits, errno, flags)', () => {
  for (const [name, fn] of Object.entries(FLOAT_FUNCTIONS)) it(name, () => checkFunction(name, fn, true));
  for (const [name, fn] of Object.entries(DOUBLE_FUNCTIONS)) it(name, () => checkFunction(name, fn, false));
});
