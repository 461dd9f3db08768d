// sinf, cosf and sincosf as glibc 2.36 computes them on this machine (ARM's optimized-routines:
// reduction by pi/2 in double, with the 4/pi bits of __inv_pio4 for |x| >= 120, and small
// polynomials from __sincosf_table). The FMA variants the IFUNCs pick (sinf at libm+0x73720, cosf
// 0x73280, sincosf 0x734b0) fuse the operations marked fma below, as their disassembly does; the
// three share one reduction and the two polynomials, choosing by quadrant which one they evaluate.

import { floatBits, tableDouble } from './bit-views.ts';
import { fma } from './error-free.ts';
import { EDOM, mathStatus } from './exact.ts';
import { FE_INEXACT, FE_INVALID, FE_UNDERFLOW } from './fenv.ts';
import { addDouble, mulDouble } from './float-arithmetic.ts';
import { INV_PIO4_WORDS, PI63, SINCOSF_DATA } from './tables/float-data.ts';

/** The two 14-double sincos_t entries, by byte offset / 8 (entry 1 at index 14). */
const T = new Float64Array(28);
for (let i = 0; i < 28; i++) T[i] = tableDouble(SINCOSF_DATA, i);
/** The first table entry's 2^24·2/pi and pi/2 (tanf's reduction shares them: ./float-tan.ts). */
export const HPI_INV = T[4]!;
export const HPI = T[5]!;
const SCALE_PI63 = tableDouble(PI63, 0);
/** __inv_pio4 as 32-bit words. */
const INV_PIO4 = new Uint32Array(24);
for (let j = 0; j < 24; j++) INV_PIO4[j] = INV_PIO4_WORDS[2 * (j >> 1) + ((j & 1) === 1 ? 0 : 1)]!;

/** The sine polynomial on x (already signed) with x2 = x·x; `p` is the entry's first index. */
function sinPoly(x: number, x2: number, p: number): number {
  const x3 = x2 * x;
  const a = fma(x2, T[p + 12]!, T[p + 10]!);
  const x5 = x3 * x2;
  const s = fma(x3, T[p + 8]!, x);
  return fma(x5, a, s);
}

function cosPoly(x2: number, p: number): number {
  const x4 = x2 * x2;
  const b = fma(x2, T[p + 7]!, T[p + 6]!);
  const c = fma(x2, T[p + 13]!, T[p + 11]!);
  const x6 = x2 * x4;
  const d = fma(x4, T[p + 9]!, b);
  return fma(x6, c, d);
}

/** The 64-bit product of two uint32s: high word left in `productHigh`, low word returned. */
let productHigh = 0;
function multiply(a: number, b: number): number {
  const aLow = a & 0xffff;
  const aHigh = a >>> 16;
  const bLow = b & 0xffff;
  const bHigh = b >>> 16;
  const ll = aLow * bLow;
  const mid1 = aHigh * bLow;
  const mid2 = aLow * bHigh;
  const hh = aHigh * bHigh;
  const lowSum = ll + ((mid1 & 0xffff) + (mid2 & 0xffff)) * 65536;
  const low = lowSum >>> 0;
  productHigh = (hh + Math.floor(mid1 / 65536) + Math.floor(mid2 / 65536) + Math.floor(lowSum / 4294967296)) >>> 0;
  return low;
}

/** Quadrant of the last large reduction. */
export let largeQuadrant = 0;

/** reduce_large: x mod pi/2 for |x| >= 120 from 96 bits of 4/pi, as a double; quadrant in largeQuadrant. */
export function reduceLarge(xi: number): number {
  const at = (xi >>> 26) & 15;
  const shift = (xi >>> 23) & 7;
  const m = (((xi & 0x7fffff) | 0x800000) << shift) >>> 0;
  const res0 = Math.imul(m, INV_PIO4[at]!) >>> 0;
  const res1Low = multiply(m, INV_PIO4[at + 4]!);
  const res1High = productHigh;
  multiply(m, INV_PIO4[at + 8]!);
  const res2High = productHigh;
  // (res0 << 32 | res2 >> 32) + res1, modulo 2^64.
  let low = res2High + res1Low;
  const carry = low >= 4294967296 ? 1 : 0;
  low >>>= 0;
  let high = (res0 + res1High + carry) >>> 0;
  // n = (value + 2^61) >> 62; value -= n << 62.
  const n = ((high + 0x20000000) >>> 0) >>> 30;
  high = (high - ((n << 30) >>> 0)) | 0;
  largeQuadrant = n;
  // (int64_t) to double, then the product: rounded in the current mode (./float-arithmetic.ts)
  return mulDouble(addDouble(high * 4294967296, low), SCALE_PI63);
}

function invalid(y: number): number {
  if (!Number.isNaN(y)) {
    mathStatus.errno = EDOM;
    mathStatus.exceptions |= FE_INVALID;
  }
  return Number.NaN;
}

/** Tiny arguments come back unchanged; below 2^-126 the squared argument is converted to force underflow. */
function tiny(y: number, abstop: number): number {
  if ((abstop & 0x7f8) === 0 && y !== 0) mathStatus.exceptions |= FE_UNDERFLOW | FE_INEXACT;
  return y;
}

/** The quadrant's sign and table entry for the reduced argument, as the three functions pick them. */
let quadrant = 0;
let reduced = 0;
/**
 * Reduces y (|y| >= pi/4, finite) by pi/2: `reduced` gets the remainder times the quadrant's sign
 * (±1, so its square is the remainder's), `quadrant` the quotient; returns the first index of the
 * table entry the quadrant selects.
 */
function reduce(y: number, xi: number, abstop: number): number {
  if (abstop < 0x42f) {
    const n = ((Math.trunc(y * HPI_INV) | 0) + 0x800000) >> 24;
    quadrant = n;
    reduced = fma(-n, HPI, y) * T[n & 3]!;
    return (n & 2) !== 0 ? 14 : 0;
  }
  const r = reduceLarge(xi);
  quadrant = largeQuadrant;
  // The sign of a large argument is folded into the quadrant that picks sign and entry.
  const q = largeQuadrant + (xi >>> 31);
  reduced = r * T[q & 3]!;
  return (q & 2) !== 0 ? 14 : 0;
}

export function sinf(y: number): number {
  const xi = floatBits(y);
  const abstop = (xi >>> 20) & 0x7ff;
  if (abstop < 0x3f4) {
    if (abstop < 0x398) return tiny(y, abstop);
    mathStatus.exceptions |= FE_INEXACT;
    return Math.fround(sinPoly(y, y * y, 0));
  }
  if (abstop > 0x7f7) return invalid(y);
  const p = reduce(y, xi, abstop);
  const x = reduced;
  mathStatus.exceptions |= FE_INEXACT;
  if ((quadrant & 1) !== 0) return Math.fround(cosPoly(x * x, p));
  return Math.fround(sinPoly(x, x * x, p));
}

export function cosf(y: number): number {
  const xi = floatBits(y);
  const abstop = (xi >>> 20) & 0x7ff;
  if (abstop < 0x3f4) {
    // Below 2^-12 the result is 1 with no flag raised (glibc returns the constant).
    if (abstop < 0x398) return 1;
    mathStatus.exceptions |= FE_INEXACT;
    return Math.fround(cosPoly(y * y, 0));
  }
  if (abstop > 0x7f7) return invalid(y);
  const p = reduce(y, xi, abstop);
  const x = reduced;
  mathStatus.exceptions |= FE_INEXACT;
  if ((quadrant & 1) === 0) return Math.fround(cosPoly(x * x, p));
  return Math.fround(sinPoly(x, x * x, p));
}

/** sincosf's cosine, left by `sincosf` (which returns the sine). */
export let sincosfCos = 0;

export function sincosf(y: number): number {
  const xi = floatBits(y);
  const abstop = (xi >>> 20) & 0x7ff;
  if (abstop < 0x3f4) {
    if (abstop < 0x398) {
      sincosfCos = 1;
      return tiny(y, abstop);
    }
    mathStatus.exceptions |= FE_INEXACT;
    const x2 = y * y;
    sincosfCos = Math.fround(cosPoly(x2, 0));
    return Math.fround(sinPoly(y, x2, 0));
  }
  if (abstop > 0x7f7) {
    sincosfCos = Number.NaN;
    return invalid(y);
  }
  const p = reduce(y, xi, abstop);
  const x = reduced;
  mathStatus.exceptions |= FE_INEXACT;
  const x2 = x * x;
  const s = Math.fround(sinPoly(x, x2, p));
  const c = Math.fround(cosPoly(x2, p));
  // Odd quadrants swap the two results.
  if ((quadrant & 1) === 0) {
    sincosfCos = c;
    return s;
  }
  sincosfCos = s;
  return c;
}
