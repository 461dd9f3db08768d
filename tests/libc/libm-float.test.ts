// Replays tests/libc/data/libm-float.expected (glibc 2.36's float functions on this machine,
// recorded natively by generators/libm-float.c: special arguments in full, sweeps over every
// 16381st float bit pattern and pseudo-random powf pairs as one hash per block of 8192 calls)
// through Miros's implementations. Each function's count of mismatching special cases plus
// mismatching blocks must equal its entry in KNOWN_MISMATCHES (zero unless listed with a reason).
// A block mismatch names the block; `/tmp/libm-float -v name` prints the native calls to find it.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mathStatus } from '../../src/libc/math/exact.ts';
import { cbrtf, hypotfBits } from '../../src/libc/math/float-cbrt-hypot.ts';
import { erfcf, erff } from '../../src/libc/math/float-erf.ts';
import { exp2f, exp10f, expf, log2f, logf, powfBits } from '../../src/libc/math/float-exp-log.ts';
import { acoshf, asinhf, atanhf } from '../../src/libc/math/float-inverse-hyperbolic.ts';
import { acosf, asinf, atan2f, atanf } from '../../src/libc/math/float-inverse-trig.ts';
import { log1pf } from '../../src/libc/math/float-log1p-expm1.ts';
import { tanf } from '../../src/libc/math/float-tan.ts';
import { sinf } from '../../src/libc/math/float-trig.ts';
import { RoundingMode } from '../../src/libc/stdio/format/format-io.ts';
import {
  compareBlocks,
  describeFloatCall,
  expectKnownMismatches,
  floatBitsOf,
  floatCall,
  floatCallStatus,
  floatFromBits,
  type HashSection,
  hashStep,
  isSignalingFloat,
  type KnownMismatches,
  readSweepData,
  runFloatCall,
  sweepArgument,
  xorshift32,
} from './support/libm-float-sweep.ts';

/** Each function takes its arguments' bits (powf and hypotf need them to see signaling NaNs). */
type Fn = (x: number, y: number) => number;
const FUNCTIONS: Record<string, Fn> = {
  expf: (x) => expf(floatFromBits(x)),
  exp2f: (x) => exp2f(floatFromBits(x)),
  logf: (x) => logf(floatFromBits(x)),
  log2f: (x) => log2f(floatFromBits(x)),
  powf: powfBits,
  sinf: (x) => sinf(floatFromBits(x)),
  atanf: (x) => atanf(floatFromBits(x)),
  atan2f: (x, y) => atan2f(floatFromBits(x), floatFromBits(y)),
  asinf: (x) => asinf(floatFromBits(x)),
  acosf: (x) => acosf(floatFromBits(x)),
  asinhf: (x) => asinhf(floatFromBits(x)),
  acoshf: (x) => acoshf(floatFromBits(x)),
  atanhf: (x) => atanhf(floatFromBits(x)),
  tanf: (x) => tanf(floatFromBits(x)),
  erff: (x) => erff(floatFromBits(x)),
  erfcf: (x) => erfcf(floatFromBits(x)),
  cbrtf: (x) => cbrtf(floatFromBits(x)),
  exp10f: (x) => exp10f(floatFromBits(x)),
  hypotf: hypotfBits,
  /** In the directed modes only here (libm-more.test.ts has its nearest sweep). */
  log1pf: (x) => log1pf(floatFromBits(x)),
};
/** Functions taking two arguments (their special cases and pairs carry both). */
const BINARY = new Set(['powf', 'atan2f', 'hypotf']);
const KNOWN_MISMATCHES: KnownMismatches = {};

function run(fn: Fn, xBits: number, yBits: number): void {
  runFloatCall(() => fn(xBits, yBits), isSignalingFloat(xBits) || isSignalingFloat(yBits));
}

/** The generator's argument draws for "pairs" sections (see draw() there). */
function drawPair(kind: number, next: () => number): [number, number] {
  const a = next();
  const b = next();
  if (kind === 0) return [a, b];
  if (kind === 1)
    return [
      ((a & 0x807fffff) | ((107 + (((a >>> 23) & 0xff) % 40)) << 23)) >>> 0,
      ((b & 0x807fffff) | ((119 + (((b >>> 23) & 0xff) % 16)) << 23)) >>> 0,
    ];
  const x = (0x80000000 | (a & 0x7fffff) | ((123 + (((a >>> 23) & 0xff) % 8)) << 23)) >>> 0;
  return [x, floatBitsOf((b % 128) - 64)];
}

const data = readSweepData(join(import.meta.dirname, 'data', 'libm-float.expected'), [
  'sweep',
  'pairs',
  'msweep',
  'mpairs',
]);

/** The rounding modes "msweep" sections name. */
const MODES: Record<string, RoundingMode> = {
  downward: RoundingMode.Downward,
  upward: RoundingMode.Upward,
  towardzero: RoundingMode.TowardZero,
};

function checkSection(section: HashSection, fn: Fn, failures: string[]): void {
  // "msweep" and "mpairs" sections name a rounding mode before the fields of a "sweep" or "pairs"
  const inMode = section.header[0]!.startsWith('m');
  const [kind, name, ...rest] = section.header;
  const header = inMode ? [kind!.slice(1), name!, ...rest.slice(1)] : section.header;
  const pairs = header[0] === 'pairs';
  const shifted = { ...section, header };
  const pairKind = Number(header[2]);
  const next = xorshift32(pairs ? Number(header[3]) : 0);
  mathStatus.roundingMode = inMode ? MODES[section.header[2]!]! : RoundingMode.ToNearest;
  try {
    compareBlocks(
      section,
      (i, h) => {
        if (pairs) {
          const [x, y] = drawPair(pairKind, next);
          run(fn, x, y);
        } else run(fn, sweepArgument(shifted, i), 0);
        return hashStep(hashStep(h, floatCall.bits), floatCallStatus());
      },
      failures,
    );
  } finally {
    mathStatus.roundingMode = RoundingMode.ToNearest;
  }
}

describe('float libm functions against glibc 2.36 (bits, errno, flags)', () => {
  for (const [name, fn] of Object.entries(FUNCTIONS)) {
    it(name, () => {
      const failures: string[] = [];
      const arity = BINARY.has(name) ? 2 : 1;
      for (const c of data.specials.get(name) ?? []) {
        const x = Number.parseInt(c[0]!, 16);
        const y = arity === 2 ? Number.parseInt(c[1]!, 16) : 0;
        const expected = c.slice(arity).join(' ');
        run(fn, x, y);
        const actual = describeFloatCall();
        if (actual !== expected)
          failures.push(`${name}(${c.slice(0, arity).join(', ')}): glibc ${expected}, miros ${actual}`);
      }
      const sections = data.sections.filter((s) => s.name === name);
      expect(sections.length).toBeGreaterThan(0);
      for (const section of sections) checkSection(section, fn, failures);
      expectKnownMismatches(name, failures, KNOWN_MISMATCHES);
    });
  }
});
