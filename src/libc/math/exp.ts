// exp and exp2 as glibc 2.36 computes them on this machine (the algorithm of ARM's
// optimized-routines: x = k/N·ln2 + r with N = 128, 2^(k/N) from a table of 2^(i/N) with a tail
// correction, a degree-5 polynomial in r). The operation order, and for exp the fused multiply-adds
// of the FMA variant glibc's IFUNC selects on this CPU (__exp_fma at libm+0x6ebb0), are
// reproduced one by one; fused operations go through the exact `fma` (./error-free.ts). exp2 has
// no FMA variant (plain SSE2 at exp2+0): it uses separate multiplies and adds.
//
// errno: exp's wrapper sets ERANGE for an infinite or zero result of a finite x; exp2 sets it in
// its overflow/underflow paths. Flags: inexact for every inexact result, overflow/underflow at the
// ends (raised through mathStatus.exceptions).

import { fma } from './error-free.ts';
import { ERANGE, mathStatus } from './exact.ts';
import { FE_INEXACT, FE_OVERFLOW, FE_UNDERFLOW } from './fenv.ts';
import { EXP_DATA } from './tables/exp-data.ts';

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** Word i of __exp_data as a double. */
function dataDouble(i: number): number {
  u32[1] = EXP_DATA[2 * i]!;
  u32[0] = EXP_DATA[2 * i + 1]!;
  return f64[0]!;
}

const INV_LN2_N = dataDouble(0);
const NEG_LN2_HI_N = dataDouble(1);
const NEG_LN2_LO_N = dataDouble(2);
const C2 = dataDouble(3);
const C3 = dataDouble(4);
const C4 = dataDouble(5);
const C5 = dataDouble(6);
const SHIFT = dataDouble(7);
const EXP2_SHIFT = dataDouble(8);
const E2C1 = dataDouble(9);
const E2C2 = dataDouble(10);
const E2C3 = dataDouble(11);
const E2C4 = dataDouble(12);
const E2C5 = dataDouble(13);
/** tab[2i] (tail) as doubles, and tab[2i+1] (scale bits) as high/low words. */
const TAIL = new Float64Array(128);
const SCALE_HIGH = new Int32Array(128);
const SCALE_LOW = new Uint32Array(128);
for (let i = 0; i < 128; i++) {
  TAIL[i] = dataDouble(14 + 2 * i);
  SCALE_HIGH[i] = EXP_DATA[2 * (15 + 2 * i)]! | 0;
  SCALE_LOW[i] = EXP_DATA[2 * (15 + 2 * i) + 1]!;
}

const TWO_1009 = 2 ** 1009;
const TWO_M1022 = 2 ** -1022;
/** The upper word of exp's and exp2's top-12-bit thresholds. */
const TOP_TINY = 0x3c9; // top12(0x1p-54)
const TOP_RANGE = 0x3f; // top12(512) - top12(0x1p-54)
const TOP_1024 = 0x409;

/** k (the integer in kd's low significand bits) of the last reduction. */
let reductionK = 0;

function highOf(x: number): number {
  f64[0] = x;
  return u32[1]!;
}

/** scale = 2^(k/N) as bits: the table's word plus k in the exponent field; `exponentAdjust` is added to the high word. */
function scaleOf(k: number, exponentAdjust: number): number {
  const i = k & 127;
  u32[0] = SCALE_LOW[i]!;
  u32[1] = (SCALE_HIGH[i]! + (k << 13) + exponentAdjust) | 0;
  return f64[0]!;
}

/**
 * Results whose exponent needs care (|x| beyond 512 for exp): the scale is built 1009 binades
 * low (k > 0) or 1022 binades high (k < 0) and corrected after, with the subnormal range
 * computed in a way that rounds only once.
 */
function specialCase(tmp: number, k: number, fused: boolean): number {
  if (k >= 0) {
    const scale = scaleOf(k, -(1009 << 20));
    const y = fused ? fma(scale, tmp, scale) : scale + scale * tmp;
    return TWO_1009 * y;
  }
  const scale = scaleOf(k, 1022 << 20);
  let y = scale + scale * tmp;
  if (y < 1.0) {
    let lo = scale - y + scale * tmp;
    const hi = 1.0 + y;
    lo = 1.0 - hi + y + lo;
    y = hi + lo - 1.0;
    if (y === 0) y = 0;
    mathStatus.exceptions |= FE_UNDERFLOW | FE_INEXACT;
  }
  return TWO_M1022 * y;
}

function overflow(): number {
  mathStatus.errno = ERANGE;
  mathStatus.exceptions |= FE_OVERFLOW | FE_INEXACT;
  return Number.POSITIVE_INFINITY;
}

function underflow(): number {
  mathStatus.errno = ERANGE;
  mathStatus.exceptions |= FE_UNDERFLOW | FE_INEXACT;
  return 0;
}

/** k from kd's bits: kd = x·N/ln2 + 1.5·2^52 keeps k (two's complement) in its low word. */
function lowWordOf(kd: number): number {
  f64[0] = kd;
  return u32[0]! | 0;
}

export function exp(x: number): number {
  let abstop = (highOf(x) >>> 20) & 0x7ff;
  if ((abstop - TOP_TINY) >>> 0 > TOP_RANGE - 1) {
    if (abstop - TOP_TINY < 0) {
      if (x !== 0) mathStatus.exceptions |= FE_INEXACT;
      return 1.0 + x;
    }
    if (abstop >= TOP_1024) {
      if (x === Number.NEGATIVE_INFINITY) return 0;
      if (abstop >= 0x7ff) return 1.0 + x;
      return x < 0 ? underflow() : overflow();
    }
    abstop = 0;
  }
  mathStatus.exceptions |= FE_INEXACT;
  let kd = fma(x, INV_LN2_N, SHIFT);
  const k = lowWordOf(kd);
  reductionK = k;
  kd -= SHIFT;
  let r = fma(kd, NEG_LN2_HI_N, x);
  r = fma(kd, NEG_LN2_LO_N, r);
  const tail = TAIL[k & 127]!;
  const p23 = fma(r, C3, C2);
  const tailR = r + tail;
  const r2 = r * r;
  const p45 = fma(r, C5, C4);
  const low = fma(p23, r2, tailR);
  const tmp = fma(r2 * r2, p45, low);
  let y: number;
  if (abstop === 0) y = specialCase(tmp, k, true);
  else {
    const scale = scaleOf(k, 0);
    y = fma(scale, tmp, scale);
  }
  // The wrapper's check: an infinite or zero result of a finite x is a range error.
  if (!Number.isFinite(y) || y === 0) return y === 0 ? underflow() : overflow();
  return y;
}

export function exp2(x: number): number {
  let abstop = (highOf(x) >>> 20) & 0x7ff;
  if ((abstop - TOP_TINY) >>> 0 > TOP_RANGE - 1) {
    if (abstop - TOP_TINY < 0) {
      if (x !== 0) mathStatus.exceptions |= FE_INEXACT;
      return 1.0 + x;
    }
    if (abstop >= TOP_1024) {
      if (x === Number.NEGATIVE_INFINITY) return 0;
      if (abstop >= 0x7ff) return 1.0 + x;
      if (x > 0) return overflow();
      if (x <= -1075) return underflow();
    }
    if (Math.abs(x) > 928) abstop = 0;
  }
  const kd0 = x + EXP2_SHIFT;
  const k = lowWordOf(kd0);
  reductionK = k;
  const kd = kd0 - EXP2_SHIFT;
  const r = x - kd;
  // Exact only for integer x (r = 0 and the table entry 2^0 with no tail).
  if (r !== 0 || (k & 127) !== 0) mathStatus.exceptions |= FE_INEXACT;
  const tail = TAIL[k & 127]!;
  const r2 = r * r;
  const tmp = tail + r * E2C1 + r2 * (E2C2 + r * E2C3) + r2 * r2 * (E2C4 + r * E2C5);
  let y: number;
  if (abstop === 0) y = specialCase(tmp, k, false);
  else {
    const scale = scaleOf(k, 0);
    y = scale + scale * tmp;
  }
  if (y === 0) return underflow();
  if (!Number.isFinite(y)) return overflow();
  return y;
}

/** The k of the last reduction (for tests of the table path). */
export function lastReductionK(): number {
  return reductionK;
}
