// expf, exp2f, exp10f, logf, log2f and powf as glibc 2.36 computes them on this machine: ARM's
// optimized-routines algorithms, evaluated in double with small tables (./tables/float-data.ts)
// and rounded once to float. This CPU has FMA, so glibc's IFUNCs pick the variants compiled with
// -mfma (expf at libm+0x72ba0, exp2f 0x72ab0, logf 0x72db0, log2f 0x72ca0, powf 0x72ec0); the
// compiler contracted some a·b + c into fused operations there, and exactly those go through the
// exact `fma` below (read off the disassembly, instruction by instruction).
//
// Each function returns a double that is already a float value (the binding's Math.fround keeps
// it), and reports errno and the exception flags its native code raises through `mathStatus`.

import { RoundingMode } from '../stdio/format/format-io.ts';
import { floatBits, floatFromBits, tableDouble } from './bit-views.ts';
import { fma } from './error-free.ts';
import { EDOM, ERANGE, mathStatus } from './exact.ts';
import { FE_DIVBYZERO, FE_INEXACT, FE_INVALID, FE_OVERFLOW, FE_UNDERFLOW } from './fenv.ts';
import { addDouble, fmaDouble, mul, mulDouble, subDouble, toFloat as toFloatInMode } from './float-arithmetic.ts';
import { EXP2F_DATA, LOG2F_DATA, LOGF_DATA, POWF_LOG2_DATA } from './tables/float-data.ts';

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** 2^(i/32)'s bits minus i << 47 (so adding k << 47 gives 2^(k/32)), as high and low words. */
const EXP2_TAB_HIGH = new Int32Array(32);
const EXP2_TAB_LOW = new Uint32Array(32);
for (let i = 0; i < 32; i++) {
  EXP2_TAB_HIGH[i] = EXP2F_DATA[2 * i]! | 0;
  EXP2_TAB_LOW[i] = EXP2F_DATA[2 * i + 1]!;
}
const SHIFT_SCALED = tableDouble(EXP2F_DATA, 32);
const EXP2_C0 = tableDouble(EXP2F_DATA, 33);
const EXP2_C1 = tableDouble(EXP2F_DATA, 34);
const EXP2_C2 = tableDouble(EXP2F_DATA, 35);
const INV_LN2_SCALED = tableDouble(EXP2F_DATA, 36);
const EXP_C0 = tableDouble(EXP2F_DATA, 37);
const EXP_C1 = tableDouble(EXP2F_DATA, 38);
const EXP_C2 = tableDouble(EXP2F_DATA, 39);
const EXP_SHIFT = tableDouble(EXP2F_DATA, 40);

/** A log table: 16 (invc, logc) pairs then the polynomial. */
interface LogTable {
  invc: Float64Array;
  logc: Float64Array;
  poly: Float64Array;
}
function logTable(table: Uint32Array, polyLength: number): LogTable {
  const t: LogTable = { invc: new Float64Array(16), logc: new Float64Array(16), poly: new Float64Array(polyLength) };
  for (let i = 0; i < 16; i++) {
    t.invc[i] = tableDouble(table, 2 * i);
    t.logc[i] = tableDouble(table, 2 * i + 1);
  }
  for (let i = 0; i < polyLength; i++) t.poly[i] = tableDouble(table, 32 + i);
  return t;
}
const LOGF = logTable(LOGF_DATA, 4); // poly[0] is ln2
const LOGF_LN2 = LOGF.poly[0]!;
const LOGF_A0 = LOGF.poly[1]!;
const LOGF_A1 = LOGF.poly[2]!;
const LOGF_A2 = LOGF.poly[3]!;
const LOG2F = logTable(LOG2F_DATA, 4);
const LOG2F_A0 = LOG2F.poly[0]!;
const LOG2F_A1 = LOG2F.poly[1]!;
const LOG2F_A2 = LOG2F.poly[2]!;
const LOG2F_A3 = LOG2F.poly[3]!;
const POWF = logTable(POWF_LOG2_DATA, 5);
const POWF_A0 = POWF.poly[0]!;
const POWF_A1 = POWF.poly[1]!;
const POWF_A2 = POWF.poly[2]!;
const POWF_A3 = POWF.poly[3]!;
const POWF_A4 = POWF.poly[4]!;

/** The table index's origin: 0x3f330000 is the float just below 0.7, where subinterval 0 starts. */
const LOG_OFF = 0x3f330000;
const FLT_MIN = 2 ** -126;
/** Scale for rounding to float's 24 bits with an unbounded exponent (x86 detects tininess after rounding). */
const TINY_SCALE = 2 ** 64;

/**
 * The float result of a double `y` (finite), with the flags the final cvtsd2ss raises: inexact
 * when it rounds (or `inexact` says an earlier step did), underflow for a tiny inexact result.
 */
function toFloat(y: number, inexact: boolean): number {
  const r = Math.fround(y);
  if (r !== y) {
    let flags = FE_INEXACT;
    if (Math.abs(r) <= FLT_MIN && Math.abs(Math.fround(y * TINY_SCALE)) < FLT_MIN * TINY_SCALE) flags |= FE_UNDERFLOW;
    else if (!Number.isFinite(r)) flags |= FE_OVERFLOW;
    mathStatus.exceptions |= flags;
  } else if (inexact) mathStatus.exceptions |= FE_INEXACT;
  return r;
}

// glibc's error paths (math_errf.c): a float product that overflows or underflows, and errno.
function overflow(negative: boolean): number {
  mathStatus.errno = ERANGE;
  mathStatus.exceptions |= FE_OVERFLOW | FE_INEXACT;
  return negative ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
}
/** __math_uflowf: 0x1p-95f squared, zero. */
function underflow(negative: boolean): number {
  mathStatus.errno = ERANGE;
  mathStatus.exceptions |= FE_UNDERFLOW | FE_INEXACT;
  return negative ? -0 : 0;
}
/** __math_may_uflowf: 0x1.4p-75f squared, the smallest subnormal. */
function mayUnderflow(negative: boolean): number {
  mathStatus.errno = ERANGE;
  mathStatus.exceptions |= FE_UNDERFLOW | FE_INEXACT;
  return negative ? -(2 ** -149) : 2 ** -149;
}
function divideByZero(negative: boolean): number {
  mathStatus.errno = ERANGE;
  mathStatus.exceptions |= FE_DIVBYZERO;
  return negative ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
}
/** __math_invalidf: (x - x) / (x - x); errno EDOM unless x is a NaN (the binding gives NaNs their bits). */
function invalid(x: number): number {
  if (!Number.isNaN(x)) {
    mathStatus.errno = EDOM;
    mathStatus.exceptions |= FE_INVALID;
  }
  return Number.NaN;
}

/** s = 2^(k/32) for the k in kd's low bits (kd = value + shift), plus `bias` in k's sign position. */
function scaleOf(kd: number, bias: number): number {
  f64[0] = kd;
  const ki = u32[0]! + bias;
  const i = ki & 31;
  // t = tab[i] + (ki << 47): only ki's low 17 bits reach the high word.
  u32[0] = EXP2_TAB_LOW[i]!;
  u32[1] = (EXP2_TAB_HIGH[i]! + (ki << 15)) | 0;
  return f64[0]!;
}

export function expf(x: number): number {
  const ix = floatBits(x);
  const abstop = (ix >>> 20) & 0x7ff;
  if (abstop >= 0x42b) {
    // |x| >= 88 or NaN.
    if (ix === 0xff800000) return 0;
    if (abstop >= 0x7f8) return x + x;
    if (x > 88.72283172607422 /* 0x1.62e42ep6 */) return squareWithErrno(2 ** 97);
    if (x < -103.97207641601562 /* 0x1.9fe368p6 */) return squareWithErrno(2 ** -95);
    if (x < -103.27892303466797 /* 0x1.9d1d9ep6 */) return squareWithErrno(1.25 * 2 ** -75);
  }
  // every step in the current rounding mode (JavaScript's own operations rounding to nearest)
  let kd = fmaDouble(INV_LN2_SCALED, x, EXP_SHIFT);
  const s = scaleOf(kd, 0);
  kd = subDouble(kd, EXP_SHIFT);
  const r = fmaDouble(INV_LN2_SCALED, x, -kd);
  const z = fmaDouble(EXP_C0, r, EXP_C1);
  const r2 = mulDouble(r, r);
  let y = fmaDouble(EXP_C2, r, 1);
  y = fmaDouble(z, r2, y);
  y = mulDouble(y, s);
  if (mathStatus.roundingMode === RoundingMode.ToNearest) return toFloat(y, x !== 0);
  return toFloatInMode(y, x !== 0);
}

/** 2^xd (|xd| < 150) rounded to float, negated when `bias` carries powf's sign; r = 0 is exact. */
function exp2Inline(xd: number, bias: number, inexact: boolean): number {
  // every step in the current rounding mode (JavaScript's own operations rounding to nearest)
  let kd = addDouble(xd, SHIFT_SCALED);
  const s = scaleOf(kd, bias);
  kd = subDouble(kd, SHIFT_SCALED);
  const r = subDouble(xd, kd);
  const z = fmaDouble(EXP2_C0, r, EXP2_C1);
  const r2 = mulDouble(r, r);
  let y = fmaDouble(EXP2_C2, r, 1);
  y = fmaDouble(z, r2, y);
  y = mulDouble(y, s);
  if (mathStatus.roundingMode === RoundingMode.ToNearest) return toFloat(y, inexact || r !== 0);
  return toFloatInMode(y, inexact || r !== 0);
}

export function exp2f(x: number): number {
  const ix = floatBits(x);
  const abstop = (ix >>> 20) & 0x7ff;
  if (abstop >= 0x430) {
    // |x| >= 128 or NaN.
    if (ix === 0xff800000) return 0;
    if (abstop >= 0x7f8) return x + x;
    if (x > 0) return squareWithErrno(2 ** 97);
    if (x <= -150) return squareWithErrno(2 ** -95);
    if (x < -149) return squareWithErrno(1.25 * 2 ** -75);
  }
  return exp2Inline(x, 0, false);
}

/** log2(10)·32 (InvLn10N of e_exp10f.c). */
const INV_LN10_SCALED = 0x35269e12f346e2 * 2 ** -47;

/**
 * __math_oflowf, __math_uflowf, __math_may_uflowf for exp10f: the square of `half` (0x1p97f,
 * 0x1p-95f, 0x1.4p-75f), a float product rounded in the current mode, with ERANGE.
 */
function squareWithErrno(half: number): number {
  mathStatus.errno = ERANGE;
  return mul(half, half);
}

/**
 * exp10f (e_exp10f.c, exp10f@@GLIBC_2.32; libm.so.6 has no FMA variant, so every step is a
 * separate double operation, here rounded in the current mode: ./float-arithmetic.ts): 10^x =
 * 2^(k/32)·2^(r/32) with k + r = x·32·log2(10), the table and the scaled polynomial of expf.
 */
export function exp10f(x: number): number {
  const ix = floatBits(x);
  const abstop = (ix >>> 19) & 0xfff;
  if (abstop >= 0x843) {
    // |x| >= 38 or NaN.
    if (ix === 0xff800000) return 0;
    if (abstop >= 0xff0) return x + x;
    if (x > 0x268826a / 2 ** 20) return squareWithErrno(2 ** 97);
    if (x < -0x2d278d4 / 2 ** 20) return squareWithErrno(2 ** -95);
    if (x < -0x2cda7cf / 2 ** 20) return squareWithErrno(1.25 * 2 ** -75);
  }
  const z = mulDouble(INV_LN10_SCALED, x);
  let kd = addDouble(z, EXP_SHIFT);
  const s = scaleOf(kd, 0);
  kd = subDouble(kd, EXP_SHIFT);
  const r = subDouble(z, kd);
  const p = addDouble(mulDouble(EXP_C0, r), EXP_C1);
  const r2 = mulDouble(r, r);
  let y = addDouble(mulDouble(EXP_C2, r), 1);
  y = addDouble(mulDouble(p, r2), y);
  y = mulDouble(y, s);
  if (mathStatus.roundingMode === RoundingMode.ToNearest) return toFloat(y, x !== 0);
  return toFloatInMode(y, x !== 0);
}

/**
 * Normalises a subnormal, negative, zero, infinite or NaN logf/log2f argument: returns the bits
 * to continue with, or -1 with the result in `specialResult`.
 */
let specialResult = 0;
function logSpecial(x: number, ix: number): number {
  if (ix << 1 === 0) {
    specialResult = divideByZero(true);
    return -1;
  }
  if (ix === 0x7f800000) {
    specialResult = x;
    return -1;
  }
  if (ix >>> 31 !== 0 || (ix << 1) >>> 0 >= 0xff000000) {
    specialResult = invalid(x);
    return -1;
  }
  return (floatBits(x * 8388608.0 /* 0x1p23 */) - (23 << 23)) >>> 0;
}

export function logf(x: number): number {
  let ix = floatBits(x);
  if (ix === 0x3f800000) return 0;
  if ((ix - 0x00800000) >>> 0 >= 0x7f800000 - 0x00800000) {
    ix = logSpecial(x, ix);
    if (ix < 0) return specialResult;
  }
  const tmp = (ix - LOG_OFF) | 0;
  const i = (tmp >>> 19) & 15;
  const k = tmp >> 23;
  const z = floatFromBits((ix - (tmp & 0xff800000)) >>> 0);
  // every step in the current rounding mode (JavaScript's own operations rounding to nearest)
  const r = fmaDouble(z, LOGF.invc[i]!, -1);
  const y0 = fmaDouble(k, LOGF_LN2, LOGF.logc[i]!);
  const r2 = mulDouble(r, r);
  let y = fmaDouble(r, LOGF_A1, LOGF_A2);
  y = fmaDouble(r2, LOGF_A0, y);
  y = fmaDouble(r2, y, addDouble(r, y0));
  if (mathStatus.roundingMode === RoundingMode.ToNearest) return toFloat(y, true);
  return toFloatInMode(y, true);
}

export function log2f(x: number): number {
  let ix = floatBits(x);
  if (ix === 0x3f800000) return 0;
  if ((ix - 0x00800000) >>> 0 >= 0x7f800000 - 0x00800000) {
    ix = logSpecial(x, ix);
    if (ix < 0) return specialResult;
  }
  const tmp = (ix - LOG_OFF) | 0;
  const i = (tmp >>> 19) & 15;
  const k = tmp >> 23;
  const z = floatFromBits((ix - (tmp & 0xff800000)) >>> 0);
  const logc = LOG2F.logc[i]!;
  // every step in the current rounding mode (JavaScript's own operations rounding to nearest)
  const r = fmaDouble(z, LOG2F.invc[i]!, -1);
  const y0 = addDouble(k, logc);
  let y = fmaDouble(r, LOG2F_A1, LOG2F_A2);
  const r2 = mulDouble(r, r);
  const p = fmaDouble(r, LOG2F_A3, y0);
  y = fmaDouble(r2, LOG2F_A0, y);
  y = fmaDouble(r2, y, p);
  // A power of two lands on the table entry (1, 0): every step is exact.
  if (mathStatus.roundingMode === RoundingMode.ToNearest) return toFloat(y, r !== 0 || logc !== 0);
  return toFloatInMode(y, r !== 0 || logc !== 0);
}

/** Whether the last powf logarithm was exact (x a power of two). */
let log2Exact = false;

/** log2 of the float with bits ix (normal, positive) in double, as powf's inline version. */
function powLog2(ix: number): number {
  const tmp = (ix - LOG_OFF) | 0;
  const i = (tmp >>> 19) & 15;
  const top = tmp & 0xff800000;
  const k = top >> 23;
  const z = floatFromBits((ix - top) >>> 0);
  const logc = POWF.logc[i]!;
  const r = fma(z, POWF.invc[i]!, -1);
  const y0 = k + logc;
  const y = fma(r, POWF_A0, POWF_A1);
  const p = fma(r, POWF_A2, POWF_A3);
  const r2 = r * r;
  let q = fma(r, POWF_A4, y0);
  const r4 = r2 * r2;
  q = fma(r2, p, q);
  log2Exact = r === 0 && logc === 0;
  return fma(y, r4, q);
}

/** 0 when the float with bits iy is not an integer, 1 when odd, 2 when even. */
function integerKind(iy: number): number {
  const e = (iy >>> 23) & 0xff;
  if (e < 0x7f) return 0;
  if (e > 0x7f + 23) return 2;
  if ((iy & ((1 << (0x7f + 23 - e)) - 1)) !== 0) return 0;
  if ((iy & (1 << (0x7f + 23 - e))) !== 0) return 1;
  return 2;
}

/** Zero, infinity or NaN, from the bits. */
function isZeroInfNaN(i: number): boolean {
  return (2 * i - 1) >>> 0 >= 2 * 0x7f800000 - 1;
}

function isSignalingBits(i: number): boolean {
  return (i & 0x7fffffff) > 0x7f800000 && (i & 0x400000) === 0;
}

/** powf's sign bias: k's bit 16, which flips the sign bit of the scale built from it. */
const SIGN_BIAS = 1 << 16;

export function powf(x: number, y: number): number {
  return powfBits(floatBits(x), floatBits(y));
}

/**
 * powf from the arguments' bits: a signaling NaN does not survive the trip through a JavaScript
 * number, and glibc tells it apart (powf(sNaN, 0) is a NaN, powf(qNaN, 0) is 1).
 */
export function powfBits(xBits: number, yBits: number): number {
  let ix = xBits >>> 0;
  const iy = yBits >>> 0;
  const x = floatFromBits(ix);
  const y = floatFromBits(iy);
  let bias = 0;
  if ((ix - 0x00800000) >>> 0 >= 0x7f800000 - 0x00800000 || isZeroInfNaN(iy)) {
    if (isZeroInfNaN(iy)) {
      if ((2 * iy) >>> 0 === 0) return isSignalingBits(ix) ? x + y : 1;
      if (ix === 0x3f800000) return isSignalingBits(iy) ? x + y : 1;
      if ((2 * ix) >>> 0 > 2 * 0x7f800000 || (2 * iy) >>> 0 > 2 * 0x7f800000) return x + y;
      if ((2 * ix) >>> 0 === 2 * 0x3f800000) return 1;
      if ((2 * ix) >>> 0 < 2 * 0x3f800000 === (iy >>> 31 === 0)) return 0;
      return y * y;
    }
    if (isZeroInfNaN(ix)) {
      let x2 = x * x;
      let negative = false;
      if (ix >>> 31 !== 0 && integerKind(iy) === 1) {
        x2 = -x2;
        negative = true;
      }
      if ((2 * ix) >>> 0 === 0 && iy >>> 31 !== 0) return divideByZero(negative);
      if (iy >>> 31 !== 0) return 1 / x2;
      return x2;
    }
    // x and y are non-zero finite.
    if (ix >>> 31 !== 0) {
      const kind = integerKind(iy);
      if (kind === 0) return invalid(x);
      if (kind === 1) bias = SIGN_BIAS;
      ix &= 0x7fffffff;
    }
    if (ix < 0x00800000) ix = ((floatBits(x * 8388608.0 /* 0x1p23 */) & 0x7fffffff) - (23 << 23)) >>> 0;
  }
  const logx = powLog2(ix);
  // y is a float and logx an integer when exact: the product is then exact too.
  const exact = log2Exact;
  const ylogx = y * logx;
  f64[0] = ylogx;
  if (((u32[1]! >>> 15) & 0xffff) >= 0x80be) {
    // |y·log2(x)| >= 126.
    const negative = bias !== 0;
    if (ylogx > 127.99999995700433 /* 0x1.fffffffd1d571p6 */) return overflow(negative);
    if (ylogx > 127.99999991400867 /* 0x1.fffffffa3aae2p6 */) {
      // 1 ± 2^-25 rounds away from 1 only when rounding away from zero in the result's direction.
      const mode = mathStatus.roundingMode;
      if (negative ? mode === RoundingMode.Downward : mode === RoundingMode.Upward) return overflow(negative);
    }
    if (ylogx <= -150) return underflow(negative);
    if (ylogx < -149) return mayUnderflow(negative);
  }
  return exp2Inline(ylogx, bias, !exact);
}
