// atan2 as glibc 2.36 computes it on this machine: the IBM Accurate Mathematical Library's dbl-64
// e_atan2.c (no multi-precision slow path since 2.35) in the FMA variant the IFUNC picks on a CPU
// with FMA and AVX2 (__ieee754_atan2_fma at libm+0x6e1d0), behind the atan2 wrapper (libm+0x128c0:
// ERANGE for a zero result of a non-zero y and finite x). Every fma() below is one
// vfmadd/vfnmadd/vfmsub of that disassembly, computed exactly by ./error-free.ts.
//
// After the special operands (zeros, infinities) and exponent gaps of 57 or more (±pi/2, ±pi or
// y/x outright), u = min/max of |x|, |y| is formed in double-double (u + du) and atan(u) taken by
// atan's odd polynomial below 1/16 or the cij Taylor table (atan.ts's, identical in libm.so.6),
// then placed in its octant: atan(u), pi/2 - atan(u), pi/2 + atan(u) or pi - atan(u), signed as y.
// Computed in round-to-nearest whatever the caller's mode (SET_RESTORE_ROUND).
//
// Flags as native: constants (special operands, huge gaps) raise nothing; a tiny y/x raises what
// the division raises, plus underflow+inexact below DBL_MIN; every other result raises inexact.

import { CIJ, oddPolynomial, row, taylor } from './atan.ts';
import { highWord } from './bit-views.ts';
import { fma } from './error-free.ts';
import { ERANGE, mathStatus } from './exact.ts';
import { FE_INEXACT, FE_UNDERFLOW } from './fenv.ts';

const HPI = 1.5707963267948966;
const HPI1 = 6.123233995736766e-17; // pi/2 - HPI
const OPI = Math.PI;
const OPI1 = 1.2246467991473532e-16; // pi - OPI
const QPI = 0.7853981633974483;
const TQPI = 2.356194490192345;
const INV16 = 0.0625;
const TWO500 = 2 ** 500;
const TWOM500 = 2 ** -500;
const DBL_MIN = 2 ** -1022;
const TWOM900 = 2 ** -900;
const TWO600 = 2 ** 600;
/** 57·16^5: an exponent gap (in high-word units) beyond which one argument is negligible. */
const EXPONENT_GAP = 59768832;

/** |r| signed as y (signArctan2's copysign; y is neither zero nor NaN where it is called). */
function signed(y: number, r: number): number {
  return y < 0 ? -r : r;
}

function core(y: number, x: number): number {
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.NaN;
  const ux = highWord(x);
  const uy = highWord(y);
  const xNegative = ux < 0;
  // y = ±0
  if (y === 0) {
    if (uy === 0) return xNegative ? OPI : 0;
    return xNegative ? -OPI : -0;
  }
  if (x === 0) return uy >= 0 ? HPI : -HPI;
  if (x === Number.POSITIVE_INFINITY) {
    if (y === Number.POSITIVE_INFINITY) return QPI;
    if (y === Number.NEGATIVE_INFINITY) return -QPI;
    return uy >= 0 ? 0 : -0;
  }
  if (x === Number.NEGATIVE_INFINITY) {
    if (y === Number.POSITIVE_INFINITY) return TQPI;
    if (y === Number.NEGATIVE_INFINITY) return -TQPI;
    return uy >= 0 ? OPI : -OPI;
  }
  if (y === Number.POSITIVE_INFINITY) return HPI;
  if (y === Number.NEGATIVE_INFINITY) return -HPI;

  let ax = Math.abs(x);
  let ay = Math.abs(y);
  const de = (uy & 0x7ff00000) - (ux & 0x7ff00000);
  if (de >= EXPONENT_GAP) return y > 0 ? HPI : -HPI;
  if (de <= -EXPONENT_GAP) {
    if (x > 0) {
      const z = ay / ax;
      // Inexact when ay - z·ax is not zero; below 2^-900 that remainder could round to zero, so
      // it is taken on ay and z scaled by 2^600 (both exactly).
      const scaled = ay < TWOM900;
      const remainder = scaled ? fma(-(z * TWO600), ax, ay * TWO600) : fma(-z, ax, ay);
      if (z === 0 || remainder !== 0) mathStatus.exceptions |= FE_INEXACT;
      const r = signed(y, z);
      if (Math.abs(r) < DBL_MIN) mathStatus.exceptions |= FE_UNDERFLOW | FE_INEXACT;
      return r;
    }
    return y > 0 ? OPI : -OPI;
  }
  mathStatus.exceptions |= FE_INEXACT;
  if (ax < TWOM500 || ay < TWOM500) {
    ax *= TWO500;
    ay *= TWO500;
  }
  if (ax > TWO500 || ay > TWO500) {
    ax *= TWOM500;
    ay *= TWOM500;
  }
  let u: number;
  let du: number;
  if (ay < ax) {
    u = ay / ax;
    const v = ax * u;
    du = (ay - v - fma(ax, u, -v)) / ax;
  } else {
    u = ax / ay;
    const v = ay * u;
    du = (ax - v - fma(ay, u, -v)) / ay;
  }
  if (x > 0) {
    if (ay < ax) {
      // (i) atan(u)
      if (u < INV16) {
        const v = u * u;
        return signed(y, u + fma(u * v, oddPolynomial(v), du));
      }
      const r = row(u);
      const t3 = u - CIJ[r]!;
      const v = t3 + du;
      const dv = Math.abs(t3) > Math.abs(du) ? t3 - v + du : du - v + t3;
      const t2 = CIJ[r + 2]!;
      let p = fma(v, CIJ[r + 6]!, CIJ[r + 5]!);
      p = fma(v, p, CIJ[r + 4]!);
      p = fma(v, p, CIJ[r + 3]!);
      const zz = fma(v, t2, fma(dv, t2, v * v * p));
      return signed(y, zz + CIJ[r + 1]!);
    }
    // (ii) pi/2 - atan(u)
    if (u < INV16) {
      const v = u * u;
      const zz = u * v * oddPolynomial(v);
      const t2 = HPI - u;
      const cor = HPI > Math.abs(u) ? HPI - t2 - u : HPI - (u + t2);
      return signed(y, HPI1 + cor - du - zz + t2);
    }
    const r = row(u);
    const v = u - CIJ[r]! + du;
    const zz = fma(-v, taylor(r, v), HPI1);
    return signed(y, HPI - CIJ[r + 1]! + zz);
  }
  if (ax < ay) {
    // (iii) pi/2 + atan(u)
    if (u < INV16) {
      const v = u * u;
      const zz = v * u * oddPolynomial(v);
      const t2 = u + HPI;
      const cor = HPI > Math.abs(u) ? HPI - t2 + u : u - t2 + HPI;
      return signed(y, HPI1 + cor + du + zz + t2);
    }
    const r = row(u);
    const v = u - CIJ[r]! + du;
    const zz = fma(v, taylor(r, v), HPI1);
    return signed(y, HPI + CIJ[r + 1]! + zz);
  }
  // (iv) pi - atan(u)
  if (u < INV16) {
    const v = u * u;
    const zz = u * v * oddPolynomial(v);
    const t2 = OPI - u;
    const cor = OPI > Math.abs(u) ? OPI - t2 - u : OPI - (u + t2);
    return signed(y, OPI1 + cor - du - zz + t2);
  }
  const r = row(u);
  const v = u - CIJ[r]! + du;
  const zz = fma(-v, taylor(r, v), OPI1);
  return signed(y, OPI - CIJ[r + 1]! + zz);
}

/** atan2(y, x) with the wrapper's errno. */
export function atan2(y: number, x: number): number {
  const z = core(y, x);
  if (z === 0 && y !== 0 && Number.isFinite(x)) mathStatus.errno = ERANGE;
  return z;
}
