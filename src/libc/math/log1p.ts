// log1p as glibc 2.36 computes it on this machine: fdlibm's s_log1p.c (1 + x = 2^k·(1 + f) with a
// correction term c for the rounding of 1 + x, then log(1 + f) = f - (hfsq - s·(hfsq + R)) with
// s = f/(2 + f) and a degree-7 polynomial R in s²), as its FMA build __log1p_fma (libm+0x6ffe0,
// picked by the IRELATIVE the wrapper calls through) fuses it: R's Horner pairs, z·Lp1 + z2·R2,
// k·ln2_lo + c and the final k·ln2_hi - (…) are single fused operations.
//
// `log1pKernel` is __log1p (flags only: asinh, atanh… call it); `log1p` adds the wrapper's errno:
// ERANGE for x = -1 (-inf, divide-by-zero), EDOM for x < -1 (NaN, invalid).

import { fromWords, highWord, withHighWord } from './bit-views.ts';
import { fma } from './error-free.ts';
import { EDOM, ERANGE, mathStatus } from './exact.ts';
import { FE_DIVBYZERO, FE_INEXACT, FE_INVALID, FE_UNDERFLOW } from './fenv.ts';

const LN2_HI = fromWords(0x3fe62e42, 0xfee00000);
const LN2_LO = fromWords(0x3dea39ef, 0x35793c76);
const LP1 = fromWords(0x3fe55555, 0x55555593);
const LP2 = fromWords(0x3fd99999, 0x9997fa04);
const LP3 = fromWords(0x3fd24924, 0x94229359);
const LP4 = fromWords(0x3fcc71c5, 0x1d8e78af);
const LP5 = fromWords(0x3fc74664, 0x96cb03de);
const LP6 = fromWords(0x3fc39a09, 0xd078c69f);
const LP7 = fromWords(0x3fc2f112, 0xdf3e5244);
const TWO_THIRDS = fromWords(0x3fe55555, 0x55555555);
const DBL_MIN = 2 ** -1022;

export function log1pKernel(x: number): number {
  const hx = highWord(x);
  const ax = hx & 0x7fffffff;
  let k = 1;
  let f = 0;
  let c = 0;
  let hu = 0;
  if (hx < 0x3fda827a) {
    if (ax >= 0x3ff00000) {
      // x <= -1, -inf or a negative NaN.
      if (x === -1) {
        mathStatus.exceptions |= FE_DIVBYZERO;
        return Number.NEGATIVE_INFINITY;
      }
      if (!Number.isNaN(x)) mathStatus.exceptions |= FE_INVALID;
      return Number.NaN;
    }
    if (ax < 0x3e200000) {
      // |x| < 2^-29: x - x²/2 (x alone below 2^-54); two54 + x raises inexact.
      if (x === 0) return x;
      mathStatus.exceptions |= FE_INEXACT;
      if (ax < 0x3c900000) {
        if (Math.abs(x) < DBL_MIN) mathStatus.exceptions |= FE_UNDERFLOW;
        return x;
      }
      return x - x * x * 0.5;
    }
    if (hx > 0 || hx <= (0xbfd2bec3 | 0)) {
      // -0.2929 < x < 0.41422: f = x exactly.
      k = 0;
      f = x;
      hu = 1;
    }
  } else if (hx >= 0x7ff00000) return x + x;
  mathStatus.exceptions |= FE_INEXACT;
  if (k !== 0) {
    let u: number;
    if (hx < 0x43400000) {
      u = 1 + x;
      hu = highWord(u);
      k = (hu >> 20) - 1023;
      c = (k > 0 ? 1 - (u - x) : x - (u - 1)) / u; // the rounding error of 1 + x, relative
    } else {
      u = x;
      hu = hx;
      k = (hu >> 20) - 1023;
      c = 0;
    }
    hu &= 0x000fffff;
    if (hu < 0x6a09e) u = withHighWord(u, hu | 0x3ff00000);
    else {
      k += 1;
      u = withHighWord(u, hu | 0x3fe00000);
      hu = (0x00100000 - hu) >> 2;
    }
    f = u - 1;
  }
  const hfsq = 0.5 * f * f;
  if (hu === 0) {
    // |f| < 2^-20
    if (f === 0) {
      if (k === 0) return 0;
      return fma(k, LN2_HI, fma(k, LN2_LO, c));
    }
    const r = hfsq * fma(-f, TWO_THIRDS, 1);
    if (k === 0) return f - r;
    return fma(k, LN2_HI, -(r - fma(k, LN2_LO, c) - f));
  }
  const s = f / (2 + f);
  const z = s * s;
  const z2 = z * z;
  const z4 = z2 * z2;
  const z6 = z2 * z4;
  const r2 = fma(z, LP3, LP2);
  const r3 = fma(z, LP5, LP4);
  const r4 = fma(z, LP7, LP6);
  const r = fma(z6, r4, fma(z4, r3, fma(z, LP1, z2 * r2)));
  const t = s * (hfsq + r);
  if (k === 0) return f - (hfsq - t);
  return fma(k, LN2_HI, -(hfsq - (fma(k, LN2_LO, c) + t) - f));
}

export function log1p(x: number): number {
  if (x <= -1) mathStatus.errno = x === -1 ? ERANGE : EDOM;
  return log1pKernel(x);
}
