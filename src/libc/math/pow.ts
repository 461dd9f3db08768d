// pow as glibc 2.36 computes it on this machine: the FMA variant (__pow_fma at libm+0x6f250,
// selected by pow's IFUNC at libm+0x2b5f0) of ARM optimized-routines' algorithm. log(x) is
// computed in two doubles (hi + lo, about 68 bits) with a 128-entry table (invc, logc,
// logctail) and a degree-7 polynomial; y·log(x) is split exactly into ehi + elo with a fused
// multiply-subtract; exp(ehi + elo) reuses exp's 128-entry table with the tail folded into r.
// Every fused operation of the compiled code (GCC contracted a·b + c into FMA where the source
// has none) is an exact `fma` here, in the same order, read off the disassembly.
//
// errno as the wrapper pow@@GLIBC_2.29 (libm+0x392b0) applies it: a non-finite result of finite
// arguments is EDOM (NaN) or ERANGE, a zero result of finite non-zero x and finite y is ERANGE.
// Flags as the native code raises them (inexact on the approximating path, divide-by-zero for
// 0^negative, invalid for a negative x with a non-integer y, overflow/underflow at the ends).

import { tableDouble } from './bit-views.ts';
import { fma } from './error-free.ts';
import { EDOM, ERANGE, mathStatus } from './exact.ts';
import { FE_DIVBYZERO, FE_INEXACT, FE_INVALID, FE_OVERFLOW, FE_UNDERFLOW } from './fenv.ts';
import { EXP_DATA } from './tables/exp-data.ts';
import { POW_LOG_DATA } from './tables/pow-log-data.ts';

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

// ---- __pow_log_data ----
const LN2_HI = tableDouble(POW_LOG_DATA, 0);
const LN2_LO = tableDouble(POW_LOG_DATA, 1);
const A0 = tableDouble(POW_LOG_DATA, 2);
const A1 = tableDouble(POW_LOG_DATA, 3);
const A2 = tableDouble(POW_LOG_DATA, 4);
const A3 = tableDouble(POW_LOG_DATA, 5);
const A4 = tableDouble(POW_LOG_DATA, 6);
const A5 = tableDouble(POW_LOG_DATA, 7);
const A6 = tableDouble(POW_LOG_DATA, 8);
const INVC = new Float64Array(128);
const LOGC = new Float64Array(128);
const LOGCTAIL = new Float64Array(128);
for (let i = 0; i < 128; i++) {
  INVC[i] = tableDouble(POW_LOG_DATA, 9 + 4 * i);
  LOGC[i] = tableDouble(POW_LOG_DATA, 11 + 4 * i);
  LOGCTAIL[i] = tableDouble(POW_LOG_DATA, 12 + 4 * i);
}

// ---- __exp_data (shared with exp) ----
const INV_LN2_N = tableDouble(EXP_DATA, 0);
const NEG_LN2_HI_N = tableDouble(EXP_DATA, 1);
const NEG_LN2_LO_N = tableDouble(EXP_DATA, 2);
const C2 = tableDouble(EXP_DATA, 3);
const C3 = tableDouble(EXP_DATA, 4);
const C4 = tableDouble(EXP_DATA, 5);
const C5 = tableDouble(EXP_DATA, 6);
const SHIFT = tableDouble(EXP_DATA, 7);
const TAIL = new Float64Array(128);
const SCALE_HIGH = new Int32Array(128);
const SCALE_LOW = new Uint32Array(128);
for (let i = 0; i < 128; i++) {
  TAIL[i] = tableDouble(EXP_DATA, 14 + 2 * i);
  SCALE_HIGH[i] = EXP_DATA[2 * (15 + 2 * i)]! | 0;
  SCALE_LOW[i] = EXP_DATA[2 * (15 + 2 * i) + 1]!;
}

/** The high word of OFF = 0x3fe6955500000000: z = x/2^k lands in [OFF, 2·OFF), about [0.7, 1.4). */
const OFF_HIGH = 0x3fe69555;
const ONE_HIGH = 0x3ff00000;
const TWO_52 = 2 ** 52;
const TWO_1009 = 2 ** 1009;
const TWO_M1022 = 2 ** -1022;
const TWO_769 = 2 ** 769;
const TWO_M767 = 2 ** -767;
/** The high-word bit exp_inline's sign bias sets (SIGN_BIAS << 45 lands on bit 63). */
const SIGN_BIT = 0x80000000;

/** The low part of the last logInline (its `tail` output). */
let logTail = 0;

/** log(x) = result + logTail for the positive normal x with bits (high, low). */
function logInline(high: number, low: number): number {
  // tmp = ix - OFF: only the high word changes (OFF's low word is 0).
  const tmpHigh = (high - OFF_HIGH) | 0;
  const i = (tmpHigh >>> 13) & 127;
  const kd = tmpHigh >> 20;
  u32[1] = (high - (tmpHigh & 0xfff00000)) | 0;
  u32[0] = low;
  const z = f64[0]!;
  const t1 = fma(kd, LN2_HI, LOGC[i]!);
  const lo1 = fma(kd, LN2_LO, LOGCTAIL[i]!);
  const r = fma(z, INVC[i]!, -1.0);
  const ar = r * A0;
  const a12 = fma(r, A2, A1);
  const a34 = fma(r, A4, A3);
  const t2 = r + t1;
  const ar2 = r * ar;
  const ar3 = r * ar2;
  const lo3 = fma(ar, r, -ar2);
  const lo2 = t1 - t2 + r;
  const a56 = fma(r, A6, A5);
  const hi = t2 + ar2;
  const lo4 = t2 - hi + ar2;
  const q = fma(ar2, fma(a56, ar2, a34), a12);
  const lo = fma(ar3, q, lo1 + lo2 + lo3 + lo4);
  const y = hi + lo;
  logTail = hi - y + lo;
  return y;
}

function overflow(negative: boolean): number {
  mathStatus.errno = ERANGE;
  mathStatus.exceptions |= FE_OVERFLOW | FE_INEXACT;
  return negative ? -TWO_769 * TWO_769 : TWO_769 * TWO_769;
}

function underflow(negative: boolean): number {
  mathStatus.errno = ERANGE;
  mathStatus.exceptions |= FE_UNDERFLOW | FE_INEXACT;
  return negative ? -TWO_M767 * TWO_M767 : TWO_M767 * TWO_M767;
}

/** scale + scale·tmp for results whose exponent needs care (|ehi| at least 512). */
function specialCase(tmp: number, high: number, low: number, k: number): number {
  if ((k & 0x80000000) === 0) {
    // k > 0: scale's exponent may have overflowed by up to 460; build it 1009 binades low.
    u32[1] = (high - (1009 << 20)) | 0;
    u32[0] = low;
    const scale = f64[0]!;
    const y = TWO_1009 * fma(scale, tmp, scale);
    if (!Number.isFinite(y)) {
      mathStatus.errno = ERANGE;
      mathStatus.exceptions |= FE_OVERFLOW | FE_INEXACT;
    }
    return y;
  }
  // k < 0: the subnormal range, computed so that it rounds once. scale carries the sign.
  const adjusted = (high + (1022 << 20)) | 0;
  u32[1] = adjusted;
  u32[0] = low;
  const scale = f64[0]!;
  const product = scale * tmp;
  let y = scale + product;
  if (Math.abs(y) < 1.0) {
    const one = y < 0 ? -1.0 : 1.0;
    let lo = scale - y + product;
    const hi = y + one;
    lo = one - hi + y + lo;
    y = lo + hi - one;
    if (y === 0) y = (adjusted & SIGN_BIT) !== 0 ? -0 : 0;
    mathStatus.exceptions |= FE_UNDERFLOW | FE_INEXACT;
  }
  y *= TWO_M1022;
  if (y === 0) mathStatus.errno = ERANGE;
  return y;
}

/** exp(x + xtail), negated when `negative`. */
function expInline(x: number, xtail: number, negative: boolean): number {
  f64[0] = x;
  const xHigh = u32[1]!;
  let abstop = (xHigh >>> 20) & 0x7ff;
  if ((abstop - 0x3c9) >>> 0 > 0x3e) {
    if (abstop < 0x3c9) {
      // |x| < 2^-54: the result is ±(1 + x), avoiding a spurious underflow.
      if (x !== 0) mathStatus.exceptions |= FE_INEXACT;
      const one = 1.0 + x;
      return negative ? -one : one;
    }
    if (abstop >= 0x409) return xHigh >>> 31 === 1 ? underflow(negative) : overflow(negative);
    abstop = 0;
  }
  mathStatus.exceptions |= FE_INEXACT;
  let kd = fma(x, INV_LN2_N, SHIFT);
  f64[0] = kd;
  const k = u32[0]! | 0;
  kd -= SHIFT;
  let r = fma(kd, NEG_LN2_HI_N, x);
  r = fma(kd, NEG_LN2_LO_N, r);
  r = xtail + r;
  const i = k & 127;
  const high = (SCALE_HIGH[i]! + (k << 13) + (negative ? SIGN_BIT : 0)) | 0;
  const low = SCALE_LOW[i]!;
  const c23 = fma(r, C3, C2);
  const tailR = r + TAIL[i]!;
  const r2 = r * r;
  const c45 = fma(r, C5, C4);
  const tmp = fma(c45, r2 * r2, fma(c23, r2, tailR));
  if (abstop === 0) return specialCase(tmp, high, low, k);
  u32[1] = high;
  u32[0] = low;
  const scale = f64[0]!;
  return fma(tmp, scale, scale);
}

/**
 * Whether y (finite, non-zero, given by its bits) is an integer: 0 not an integer, 1 odd,
 * 2 even.
 */
function integerKind(high: number, low: number): number {
  const e = (high >>> 20) & 0x7ff;
  if (e < 0x3ff) return 0;
  if (e > 0x3ff + 52) return 2;
  // The bit of weight 1 is bit (0x3ff + 52 - e) of the 64-bit significand field.
  const unitBit = 0x3ff + 52 - e;
  if (unitBit >= 32) {
    const b = unitBit - 32;
    if (low !== 0 || (high & ((1 << b) - 1)) !== 0) return 0;
    return (high >>> b) & 1 ? 1 : 2;
  }
  if (unitBit > 0 && (low & ((1 << unitBit) - 1)) !== 0) return 0;
  return (low >>> unitBit) & 1 ? 1 : 2;
}

function isSignaling(high: number, low: number): boolean {
  return (high & 0x7ff00000) === 0x7ff00000 && (high & 0x80000) === 0 && ((high & 0x7ffff) !== 0 || low !== 0);
}

/** __pow_fma: the computation, with errno from the internal error paths. */
function powCore(x: number, y: number): number {
  f64[0] = x;
  let xHigh = u32[1]!;
  let xLow = u32[0]!;
  f64[0] = y;
  const yHigh = u32[1]!;
  const yLow = u32[0]!;
  let topx = xHigh >>> 20;
  const topy = yHigh >>> 20;
  let negative = false;
  if ((topx - 1) >>> 0 >= 0x7fe || ((topy & 0x7ff) - 0x3be) >>> 0 >= 0x80) {
    const yAbsHigh = yHigh & 0x7fffffff;
    const xAbsHigh = xHigh & 0x7fffffff;
    // zeroinfnan(y): y is ±0, ±inf or NaN.
    if (y === 0 || yAbsHigh >= 0x7ff00000) {
      if (y === 0) return isSignaling(xHigh, xLow) ? x + y : 1.0;
      if (x === 1) return isSignaling(yHigh, yLow) ? x + y : 1.0;
      if (Number.isNaN(x) || Number.isNaN(y)) return x + y;
      if (xAbsHigh === ONE_HIGH && xLow === 0) return 1.0;
      if (Math.abs(x) < 1 === (yHigh >>> 31 === 0)) return 0.0;
      return y * y;
    }
    if (x === 0 || xAbsHigh >= 0x7ff00000) {
      let x2 = x * x;
      let sign = false;
      if (xHigh >>> 31 === 1 && integerKind(yHigh, yLow) === 1) {
        x2 = -x2;
        sign = true;
      }
      if (x === 0 && yHigh >>> 31 === 1) {
        mathStatus.errno = ERANGE;
        mathStatus.exceptions |= FE_DIVBYZERO;
        return sign ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
      }
      if (yHigh >>> 31 === 1) return 1 / x2;
      return x2;
    }
    // Here x and y are finite and non-zero.
    if (xHigh >>> 31 === 1) {
      const kind = integerKind(yHigh, yLow);
      if (kind === 0) {
        mathStatus.errno = EDOM;
        mathStatus.exceptions |= FE_INVALID;
        return Number.NaN;
      }
      negative = kind === 1;
      xHigh &= 0x7fffffff;
      topx &= 0x7ff;
    }
    if (((topy & 0x7ff) - 0x3be) >>> 0 >= 0x80) {
      // |y| < 2^-65 (x^y rounds to 1 ± tiny) or |y| ≥ 2^63 (x^y is 0, 1 or inf). y is not odd here.
      if (xHigh === ONE_HIGH && xLow === 0) return 1.0;
      const above = xHigh > ONE_HIGH || (xHigh === ONE_HIGH && xLow !== 0);
      if ((topy & 0x7ff) < 0x3be) {
        mathStatus.exceptions |= FE_INEXACT;
        return above ? 1.0 + y : 1.0 - y;
      }
      return above === topy < 0x800 ? overflow(false) : underflow(false);
    }
    if (topx === 0) {
      // Subnormal x: normalize, taking 52 off the exponent.
      f64[0] = x * TWO_52;
      xHigh = ((u32[1]! & 0x7fffffff) - (52 << 20)) | 0;
      xLow = u32[0]!;
    }
  }
  const hi = logInline(xHigh, xLow);
  const lo = logTail;
  const ehi = y * hi;
  const elo = fma(y, lo, fma(hi, y, -ehi));
  return expInline(ehi, elo, negative);
}

export function pow(x: number, y: number): number {
  const r = powCore(x, y);
  // The wrapper's checks (w_pow_template.c).
  if (!Number.isFinite(r)) {
    if (Number.isFinite(x) && Number.isFinite(y)) mathStatus.errno = Number.isNaN(r) ? EDOM : ERANGE;
  } else if (r === 0 && Number.isFinite(x) && x !== 0 && Number.isFinite(y)) mathStatus.errno = ERANGE;
  return r;
}
