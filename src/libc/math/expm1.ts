// expm1 as glibc 2.36 computes it on this machine: fdlibm's s_expm1.c (x = k·ln2 + r with a
// correction term c, a rational approximation of expm1(r) from a degree-5 polynomial in r²/2,
// then 2^k scaling by adding k to the exponent field), as the FMA build __expm1_fma
// (libm+0x6fc30, the IFUNC's choice) contracts it: x - t·ln2_hi, the polynomial's Horner steps,
// 3 - r1·hfx, 6 - x·t, x·e - hxs, x·(e - c) - c, 0.5·(x - e) - 0.5 and 1 + 2·(x - e) are single
// fused operations; k = (int)(invln2·x ± 0.5) is not.
//
// errno: ERANGE on overflow (x > 709.78…), set by __expm1 itself (there is no wrapper).

import { fromWords, highWord, lowWord, withHighWord } from './bit-views.ts';
import { fma } from './error-free.ts';
import { ERANGE, mathStatus } from './exact.ts';
import { FE_INEXACT, FE_OVERFLOW, FE_UNDERFLOW } from './fenv.ts';

const O_THRESHOLD = fromWords(0x40862e42, 0xfefa39ef);
const LN2_HI = fromWords(0x3fe62e42, 0xfee00000);
const LN2_LO = fromWords(0x3dea39ef, 0x35793c76);
const INV_LN2 = fromWords(0x3ff71547, 0x652b82fe);
const Q1 = fromWords(0xbfa11111, 0x111110f4);
const Q2 = fromWords(0x3f5a01a0, 0x19fe5585);
const Q3 = fromWords(0xbf14ce19, 0x9eaadbb7);
const Q4 = fromWords(0x3ed0cfca, 0x86e65239);
const Q5 = fromWords(0xbe8afdb7, 0x6e09c32d);
const DBL_MIN = 2 ** -1022;

export function expm1(x: number): number {
  const high = highWord(x);
  const negative = high < 0;
  const hx = high & 0x7fffffff;
  let k = 0;
  let c = 0;
  let r = x;
  if (hx >= 0x4043687a) {
    // |x| >= 56·ln2
    if (hx >= 0x40862e42) {
      if (hx >= 0x7ff00000) {
        if (((hx & 0xfffff) | lowWord(x)) !== 0) return x + x; // NaN
        return negative ? -1 : x;
      }
      if (x > O_THRESHOLD) {
        mathStatus.errno = ERANGE;
        mathStatus.exceptions |= FE_OVERFLOW | FE_INEXACT;
        return Number.POSITIVE_INFINITY;
      }
    }
    if (negative) {
      // tiny - 1: -1 with inexact
      mathStatus.exceptions |= FE_INEXACT;
      return -1;
    }
  }
  if (hx > 0x3fd62e42) {
    // |x| > ln2/2: reduce
    let hi: number;
    let lo: number;
    if (hx < 0x3ff0a2b2) {
      if (!negative) {
        hi = x - LN2_HI;
        lo = LN2_LO;
        k = 1;
      } else {
        hi = x + LN2_HI;
        lo = -LN2_LO;
        k = -1;
      }
    } else {
      k = Math.trunc(INV_LN2 * x + (negative ? -0.5 : 0.5));
      hi = fma(-k, LN2_HI, x); // exact for the k this range gives
      lo = k * LN2_LO;
    }
    r = hi - lo;
    c = hi - r - lo;
  } else if (hx < 0x3c900000) {
    // |x| < 2^-54: x, inexact unless zero (huge + x), underflow below the normal range
    if (x !== 0) {
      mathStatus.exceptions |= FE_INEXACT;
      if (Math.abs(x) < DBL_MIN) mathStatus.exceptions |= FE_UNDERFLOW;
    }
    return x;
  }
  mathStatus.exceptions |= FE_INEXACT;
  const hfx = r * 0.5;
  const hxs = r * hfx;
  const r2 = fma(hxs, Q3, Q2);
  const r3 = fma(hxs, Q5, Q4);
  const h2 = hxs * hxs;
  const r1Start = fma(hxs, Q1, 1);
  const h4 = h2 * h2;
  const r1 = fma(h4, r3, fma(h2, r2, r1Start));
  const t = fma(-r1, hfx, 3);
  let e = ((r1 - t) / fma(-r, t, 6)) * hxs;
  if (k === 0) return r - fma(e, r, -hxs);
  e = fma(e - c, r, -c) - hxs;
  if (k === -1) return fma(r - e, 0.5, -0.5);
  if (k === 1) {
    if (r < -0.25) return (e - (r + 0.5)) * -2;
    return fma(r - e, 2, 1);
  }
  if (k <= -2 || k > 56) {
    // exp(x) - 1 is exp(x) to double precision: scale 1 - (e - r) by 2^k, then subtract 1.
    const y = 1 - (e - r);
    return withHighWord(y, (highWord(y) + (k << 20)) | 0) - 1;
  }
  let y: number;
  if (k < 20) {
    const t1 = fromWords(0x3ff00000 - (0x200000 >> k), 0); // 1 - 2^-k
    y = t1 - (e - r);
  } else {
    const t2 = fromWords((0x3ff - k) << 20, 0); // 2^-k
    y = r - (e + t2) + 1;
  }
  return withHighWord(y, (highWord(y) + (k << 20)) | 0);
}
