// log as glibc 2.36 computes it on this machine: the FMA variant (__log_fma at libm+0x6eda0) of
// ARM optimized-routines' algorithm. Near 1 (x in [1 - 2^-4, 1 + 0x1.09p-4)) a degree-11
// polynomial in r = x - 1 with r split into high and low halves; elsewhere x = 2^k·z,
// r = z·invc - 1 (one fused operation, exact by the table's design), log = k·ln2 + logc + log1p(r)
// with a degree-5 polynomial. Every fused multiply-add of the compiled code is an exact `fma`
// here, in the same order.
//
// errno as the wrapper (log@@GLIBC_2.29): ERANGE for ±0 (pole, -inf, divide-by-zero), EDOM for
// x < 0 (NaN, invalid); NaN arguments propagate without errno.

import { fma } from './error-free.ts';
import { EDOM, ERANGE, mathStatus } from './exact.ts';
import { FE_DIVBYZERO, FE_INEXACT, FE_INVALID } from './fenv.ts';
import { LOG_DATA, LOG2_DATA } from './tables/log-data.ts';

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

function dataDouble(i: number, table: Uint32Array = LOG_DATA): number {
  u32[1] = table[2 * i]!;
  u32[0] = table[2 * i + 1]!;
  return f64[0]!;
}

const LN2_HI = dataDouble(0);
const LN2_LO = dataDouble(1);
const A0 = dataDouble(2);
const A1 = dataDouble(3);
const A2 = dataDouble(4);
const A3 = dataDouble(5);
const A4 = dataDouble(6);
const B = Array.from({ length: 11 }, (_, i) => dataDouble(7 + i));
const [B0, B1, B2, B3, B4, B5, B6, B7, B8, B9, B10] = B as [
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
];
const INVC = new Float64Array(128);
const LOGC = new Float64Array(128);
for (let i = 0; i < 128; i++) {
  INVC[i] = dataDouble(18 + 2 * i);
  LOGC[i] = dataDouble(19 + 2 * i);
}

/** asuint64(1 - 2^-4) and the width of the near-1 interval, as high words (the low words are 0). */
const NEAR_ONE_LOW = 0x3fee0000;
const NEAR_ONE_WIDTH = 0x30900; // (asuint64(1 + 0x1.09p-4) - LO) >> 32
/** OFF = 0x3fe6000000000000: z lands in [OFF, 2·OFF) so the table covers [0.6875, 1.375). */
const OFF_HIGH = 0x3fe60000;
const TWO_27 = 134217728;
const TWO_52 = 4503599627370496;

/** log(x) for x near 1: the polynomial path (x ≠ 1). */
function logNearOne(x: number): number {
  const r = x - 1.0;
  const r2 = r * r;
  const r3 = r * r2;
  const p1 = fma(r2, B3, fma(r, B2, B1));
  const p2 = fma(r2, B6, fma(r, B5, B4));
  const p3 = fma(r3, B10, fma(r2, B9, fma(r, B8, B7)));
  const p = fma(fma(p3, r3, p2), r3, p1);
  // r split at 2^27 so rhi·rhi is exact: rhi = r + w - w with w = r·2^27, both steps fused.
  const t = fma(r, TWO_27, r);
  const rhi = fma(-TWO_27, r, t);
  const rlo = r - rhi;
  const rhi2 = rhi * rhi;
  const hi = fma(rhi2, B0, r);
  let lo = fma(rhi2, B0, r - hi);
  lo = fma(B0 * rlo, r + rhi, lo);
  return hi + fma(p, r3, lo);
}

export function log(x: number): number {
  f64[0] = x;
  let high = u32[1]!;
  let low = u32[0]!;
  if ((high - NEAR_ONE_LOW) >>> 0 < NEAR_ONE_WIDTH) {
    if (x === 1) return 0;
    mathStatus.exceptions |= FE_INEXACT;
    return logNearOne(x);
  }
  const top = high >>> 16;
  if ((top - 0x0010) >>> 0 >= 0x7ff0 - 0x0010) {
    if (x === 0) {
      mathStatus.errno = ERANGE;
      mathStatus.exceptions |= FE_DIVBYZERO;
      return Number.NEGATIVE_INFINITY;
    }
    if (x === Number.POSITIVE_INFINITY) return x;
    if (Number.isNaN(x)) return x;
    if (x < 0) {
      mathStatus.errno = EDOM;
      mathStatus.exceptions |= FE_INVALID;
      return Number.NaN;
    }
    // Subnormal: normalize, taking 52 off the exponent.
    f64[0] = x * TWO_52;
    high = (u32[1]! - (52 << 20)) | 0;
    low = u32[0]!;
  }
  mathStatus.exceptions |= FE_INEXACT;
  // tmp = ix - OFF (64-bit; the low word is untouched since OFF's low word is 0).
  const tmpHigh = (high - OFF_HIGH) | 0;
  const i = (tmpHigh >>> 13) & 127;
  const k = tmpHigh >> 20;
  // iz = ix - (tmp & 0xfff << 52): z = x / 2^k, in [OFF, 2·OFF).
  u32[1] = (high - (tmpHigh & 0xfff00000)) | 0;
  u32[0] = low;
  const z = f64[0]!;
  const r = fma(z, INVC[i]!, -1.0);
  const kd = k;
  const w = fma(kd, LN2_HI, LOGC[i]!);
  const p12 = fma(r, A2, A1);
  const hi = r + w;
  const r2 = r * r;
  const lo = fma(kd, LN2_LO, w - hi + r);
  const rr2 = r * r2;
  const p = fma(fma(r, A4, A3), r2, p12);
  const y = fma(rr2, p, fma(r2, A0, lo));
  return y + hi;
}

// ---- log2: __log2_fma (libm+0x6eff0), the same structure with 64 table entries and the result
// scaled by 1/ln2 in two parts. No wrapper: errno comes from the special cases alone. ----

const INV_LN2_HI = dataDouble(0, LOG2_DATA);
const INV_LN2_LO = dataDouble(1, LOG2_DATA);
const L2A0 = dataDouble(2, LOG2_DATA);
const L2A1 = dataDouble(3, LOG2_DATA);
const L2A2 = dataDouble(4, LOG2_DATA);
const L2A3 = dataDouble(5, LOG2_DATA);
const L2A4 = dataDouble(6, LOG2_DATA);
const L2A5 = dataDouble(7, LOG2_DATA);
const L2B0 = dataDouble(8, LOG2_DATA);
const L2B1 = dataDouble(9, LOG2_DATA);
const L2B2 = dataDouble(10, LOG2_DATA);
const L2B3 = dataDouble(11, LOG2_DATA);
const L2B4 = dataDouble(12, LOG2_DATA);
const L2B5 = dataDouble(13, LOG2_DATA);
const L2B6 = dataDouble(14, LOG2_DATA);
const L2B7 = dataDouble(15, LOG2_DATA);
const L2B8 = dataDouble(16, LOG2_DATA);
const L2B9 = dataDouble(17, LOG2_DATA);
const INVC2 = new Float64Array(64);
const LOGC2 = new Float64Array(64);
for (let i = 0; i < 64; i++) {
  INVC2[i] = dataDouble(18 + 2 * i, LOG2_DATA);
  LOGC2[i] = dataDouble(19 + 2 * i, LOG2_DATA);
}
/** log2's near-1 interval: [1 - 0x1.5b51p-5, 1 + 0x1.6ab2p-5), as high words. */
const LOG2_NEAR_LOW = 0x3feea4af;
const LOG2_NEAR_WIDTH = 0x210aa;

function log2NearOne(x: number): number {
  const r = x - 1.0;
  const hi = r * INV_LN2_HI;
  const r2 = r * r;
  let lo = fma(r, INV_LN2_HI, -hi);
  const r4 = r2 * r2;
  const q01 = fma(r, L2B1, L2B0);
  lo = fma(r, INV_LN2_LO, lo);
  const y = fma(q01, r2, hi);
  lo = fma(q01, r2, hi - y) + lo;
  const q23 = fma(r, L2B3, L2B2);
  const q2345 = fma(fma(r, L2B5, L2B4), r2, q23);
  const q6789 = fma(fma(r, L2B9, L2B8), r2, fma(r, L2B7, L2B6));
  const q = fma(q6789, r4, q2345);
  return y + fma(q, r4, lo);
}

export function log2(x: number): number {
  f64[0] = x;
  let high = u32[1]!;
  let low = u32[0]!;
  if ((high - LOG2_NEAR_LOW) >>> 0 < LOG2_NEAR_WIDTH) {
    if (x === 1) return 0;
    mathStatus.exceptions |= FE_INEXACT;
    return log2NearOne(x);
  }
  const top = high >>> 16;
  if ((top - 0x0010) >>> 0 >= 0x7ff0 - 0x0010) {
    // The same special cases as log (pole at 0, invalid below it, subnormals normalized).
    if (x === 0 || x === Number.POSITIVE_INFINITY || Number.isNaN(x) || x < 0) return log(x);
    f64[0] = x * TWO_52;
    high = (u32[1]! - (52 << 20)) | 0;
    low = u32[0]!;
  }
  const tmpHigh = (high - OFF_HIGH) | 0;
  const i = (tmpHigh >>> 14) & 63;
  const k = tmpHigh >> 20;
  u32[1] = (high - (tmpHigh & 0xfff00000)) | 0;
  u32[0] = low;
  const z = f64[0]!;
  const r = fma(z, INVC2[i]!, -1.0);
  const t3 = k + LOGC2[i]!;
  // log2 of a power of two is exact (r = 0 and logc = 0).
  if (r !== 0 || t3 !== k) mathStatus.exceptions |= FE_INEXACT;
  const p01 = fma(r, L2A1, L2A0);
  const t1 = INV_LN2_HI * r;
  const t2 = fma(r, INV_LN2_LO, fma(INV_LN2_HI, r, -t1));
  const hi = t1 + t3;
  const r2 = r * r;
  const lo = t3 - hi + t1 + t2;
  const p23 = fma(r, L2A3, L2A2);
  const r4 = r2 * r2;
  const p45 = fma(r, L2A5, L2A4);
  const p = fma(p45, r4, fma(p23, r2, p01));
  return fma(r2, p, lo) + hi;
}
