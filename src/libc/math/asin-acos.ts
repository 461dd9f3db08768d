// asin and acos as glibc 2.36 computes them on this machine: the IBM Accurate Mathematical
// Library's dbl-64 e_asin.c (its multi-precision slow paths gone since 2.35) in the FMA variant the
// IFUNC picks on a CPU with FMA and AVX2 (__asin_fma at libm+0x6d350, __acos_fma at +0x6da60).
// Every fma() below is one vfmadd/vfnmadd of that disassembly (the compiler contracted a·b + c),
// and every other rounding operation one SSE operation, all in the caller's rounding mode (e_asin.c
// does not switch to nearest, so directed modes give other bits natively): ./float-arithmetic.ts's
// double operations. Negations, |x| and scalings by powers of two are exact and written plainly.
//
// Paths by |x| (as the high word k): below 2^-26 asin(x) = x (acos below 2^-55 is pi/2); to 1/8
// an odd polynomial; to 0.96875 a Taylor expansion around the start of the segment |x| falls in
// (asncs, read from libm.so.6; five regions whose segments have 5 to 9 coefficients); to 1,
// asin(x) = pi/2 - 2 asin(sqrt((1 - |x|)/2)) with the square root by a Newton step from a table
// seed and the same odd polynomial.
//
// Flags as native: inexact for every computed result; x itself (tiny asin), pi/2 (tiny acos) and
// the values at ±1 raise nothing, but a subnormal x raises underflow+inexact in asin (glibc's
// math_check_force_underflow). |x| > 1 (infinities too) is the compat wrapper's domain error:
// NaN with EDOM and invalid.

import { tableDouble } from './bit-views.ts';
import { EDOM, mathStatus } from './exact.ts';
import { FE_INEXACT, FE_INVALID, FE_UNDERFLOW } from './fenv.ts';
import {
  addDouble as add,
  divDouble as div,
  fmaDouble as fma,
  mulDouble as mul,
  subDouble as sub,
} from './float-arithmetic.ts';
import { ASIN_INROOT, ASNCS } from './tables/asin-data.ts';

const SEGMENTS = new Float64Array(2568);
for (let i = 0; i < SEGMENTS.length; i++) SEGMENTS[i] = tableDouble(ASNCS, i);
const INROOT = new Float64Array(128);
for (let i = 0; i < INROOT.length; i++) INROOT[i] = tableDouble(ASIN_INROOT, i);

const HP0 = 1.5707963267948966; // pi/2 rounded
const HP1 = 6.123233995736766e-17; // pi/2 - HP0
const PI = Math.PI; // 2 HP0, acos(-1)
// asin(x) ≈ x + x³(f1 + x²(f2 + … + x² f6)) (uasncs.h)
const F1 = 0.1666666666666641;
const F2 = 0.07500000000261227;
const F3 = 0.044642856142105974;
const F4 = 0.03038212685821193;
const F5 = 0.022355121102652562;
const F6 = 0.018138290340456505;
// 1/sqrt refinement polynomial (uasncs.h rt0..rt3)
const RT0 = 0.9999999998599908;
const RT1 = 0.4999999994959554;
const RT2 = 0.3750175008673452;
const RT3 = 0.31252362655451865;
const T24 = 16777216;
const T27 = 134217728;
const DBL_MIN = 2 ** -1022;

const scratch = new DataView(new ArrayBuffer(8));
function highWord(x: number): number {
  scratch.setFloat64(0, x);
  return scratch.getInt32(0);
}

/** f1 + v(f2 + … + v f6), Horner with fused steps. */
function oddPolynomial(v: number): number {
  let p = fma(F6, v, F5);
  p = fma(p, v, F4);
  p = fma(p, v, F3);
  p = fma(p, v, F2);
  return fma(p, v, F1);
}

/** The segment (first table index) and polynomial length of 0.125 <= |x| < 0.96875 by its high word k. */
function segmentOf(k: number): { n: number; top: number } {
  if (k < 0x3fd00000) return { n: 11 * ((k & 0xfffff) >> 15), top: 6 };
  if (k < 0x3fe00000) return { n: 11 * ((k & 0xfffff) >> 14) + 352, top: 6 };
  if (k < 0x3fe80000) return { n: 1056 + ((k & 0xfe000) >> 11) * 3, top: 7 };
  if (k < 0x3fed8000) return { n: 992 + ((k & 0xfe000) >> 13) * 13, top: 8 };
  if (k < 0x3fee8000) return { n: 884 + ((k & 0xfe000) >> 13) * 14, top: 9 };
  return { n: 768 + ((k & 0xfe000) >> 13) * 15, top: 10 };
}

/**
 * asin(u) - asin(x0) for u = |x| in the segment starting at x0 = asncs[n]: the linear term plus
 * xx²·(polynomial of asncs[n+2..n+top]) plus the low part asncs[n+top+1]; asncs[n+top+2] is
 * asin(x0)'s high part.
 */
function segmentSum(u: number, n: number, top: number): number {
  const xx = sub(u, SEGMENTS[n]!);
  let p = SEGMENTS[n + top]!;
  for (let i = top - 1; i >= 2; i--) p = fma(xx, p, SEGMENTS[n + i]!);
  p = fma(mul(xx, xx), p, SEGMENTS[n + top + 1]!);
  return fma(xx, SEGMENTS[n + 1]!, p);
}

/** The near-1 paths' z = (1 - |x|)/2 and its square root as y + cc (y with 24-bit or 27-bit rounding). */
let rootTail = 0;
function rootOfHalfComplement(z: number, acos: boolean): number {
  const kz = highWord(z);
  let t = INROOT[(kz & 0x1fffff) >> 14]! * 2 ** (511 - (kz >> 21));
  const r = fma(-mul(t, t), z, 1);
  t = mul(fma(fma(fma(RT3, r, RT2), r, RT1), r, RT0), t);
  const c = mul(z, t);
  const inner = fma(-c, t * 0.5, 1.5);
  const y = acos ? fma(-T27, c, fma(c, T27, c)) : sub(add(c, T24), T24);
  rootTail = div(fma(-y, y, z), fma(inner, c, y));
  return y;
}

function domainError(): number {
  mathStatus.errno = EDOM;
  mathStatus.exceptions |= FE_INVALID;
  return Number.NaN;
}

export function asin(x: number): number {
  if (Number.isNaN(x)) return x;
  const u = Math.abs(x);
  if (u > 1) return domainError();
  const k = highWord(x) & 0x7fffffff;
  if (k < 0x3e500000) {
    if (u < DBL_MIN && u !== 0) mathStatus.exceptions |= FE_UNDERFLOW | FE_INEXACT;
    return x;
  }
  if (u === 1) return x > 0 ? HP0 : -HP0;
  mathStatus.exceptions |= FE_INEXACT;
  if (k < 0x3fc00000) {
    const x2 = mul(x, x);
    return fma(oddPolynomial(x2), mul(x, x2), x);
  }
  let res: number;
  if (k < 0x3fef0000) {
    const { n, top } = segmentOf(k);
    res = add(segmentSum(u, n, top), SEGMENTS[n + top + 2]!);
  } else {
    const z = (1 - u) * 0.5; // exact: 1 - u by Sterbenz
    const y = rootOfHalfComplement(z, false);
    const cc = rootTail;
    const p = mul(oddPolynomial(z), z);
    const s = add(y, cc);
    const cor = fma(-(s + s), p, sub(HP1, 2 * cc));
    res = add(cor, sub(HP0, 2 * y));
  }
  return x > 0 ? res : -res;
}

export function acos(x: number): number {
  if (Number.isNaN(x)) return x;
  const u = Math.abs(x);
  if (u > 1) return domainError();
  const k = highWord(x) & 0x7fffffff;
  if (k < 0x3c880000) return HP0;
  if (u === 1) return x > 0 ? 0 : PI;
  mathStatus.exceptions |= FE_INEXACT;
  if (k < 0x3fc00000) {
    const x2 = mul(x, x);
    const p = oddPolynomial(x2);
    const r = sub(HP0, x);
    const cor = fma(-p, mul(x, x2), add(sub(sub(HP0, r), x), HP1));
    return add(r, cor);
  }
  if (k < 0x3fef0000) {
    const { n, top } = segmentOf(k);
    const t = segmentSum(u, n, top);
    const value = SEGMENTS[n + top + 2]!;
    return x > 0 ? add(sub(HP1, t), sub(HP0, value)) : add(add(t, HP1), add(value, HP0));
  }
  const z = (1 - u) * 0.5;
  const y = rootOfHalfComplement(z, true);
  const cc = rootTail;
  const q = mul(mul(oddPolynomial(z), z), add(y, cc));
  const res = x < 0 ? add(sub(sub(HP1, cc), q), sub(HP0, y)) : add(add(cc, q), y);
  return res + res;
}
