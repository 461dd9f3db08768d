// atan as glibc 2.36 computes it on this machine: the IBM Accurate Mathematical Library's dbl-64
// s_atan.c (no multi-precision slow path since 2.35) in the FMA variant the IFUNC picks on a CPU
// with FMA and AVX2 (__atan_fma at libm+0x6f890). Every fma() below is one vfmadd/vfnmadd/vfmsub
// of that disassembly (the compiler contracted a·b + c, and dla.h's EMULV is an fma there),
// computed exactly by ./error-free.ts.
//
// Paths by u = |x|: below 1.29e-8 atan(x) = x; to 1/16 an odd polynomial; to 1 a Taylor
// expansion around the nearest of 241 points (ATAN_CIJ, read from libm.so.6); to 16 the same on
// 1/u with pi/2 - atan(1/u); to 5.8e15 the odd polynomial on 1/u; beyond, ±pi/2 outright.
// Computed in round-to-nearest whatever the caller's mode (SET_RESTORE_ROUND).
//
// Flags as native: inexact for every computed result; x itself (tiny) and ±pi/2 (huge or
// infinite x) raise nothing, but a subnormal x raises underflow+inexact.

import { tableDouble } from './bit-views.ts';
import { fma } from './error-free.ts';
import { mathStatus } from './exact.ts';
import { FE_INEXACT, FE_UNDERFLOW } from './fenv.ts';
import { ATAN_CIJ } from './tables/trig-data.ts';

/** Also atan2's table (its copy in libm.so.6, uatan2.tbl at 0xb5dc0, is identical). */
export const CIJ = new Float64Array(241 * 7);
for (let i = 0; i < CIJ.length; i++) CIJ[i] = tableDouble(ATAN_CIJ, i);

// Odd polynomial (atnat.h d3..d13).
const D3 = -0.3333333333333333;
const D5 = 0.19999999999998855;
const D7 = -0.14285714283953163;
const D9 = 0.11111109821886427;
const D11 = -0.09090424391727987;
const D13 = 0.07601836584380736;
const A = 1.2904777690891933e-8;
const B = 0.0625;
const C = 1.0;
const D = 16.0;
const E = 5805361265115136.0;
const HPI = 1.5707963267948966;
const HPI1 = 6.123233995736766e-17; // pi/2 - HPI
const TWO52 = 4503599627370496;
const DBL_MIN = 2 ** -1022;

/** d3 + v(d5 + v(… + v d13)): atan(x) ≈ x + x·v·oddPolynomial(v) with v = x²; atan2 shares it. */
export function oddPolynomial(v: number): number {
  let p = fma(v, D13, D11);
  p = fma(v, p, D9);
  p = fma(v, p, D7);
  p = fma(v, p, D5);
  return fma(v, p, D3);
}

/** The row (times 7) of the table point nearest t in [1/16, 1]. */
export function row(t: number): number {
  return 7 * (fma(t, 256, TWO52) - TWO52 - 16);
}

/** c2 + z(c3 + z(c4 + z(c5 + z c6))) of row r; atan2 shares it. */
export function taylor(r: number, z: number): number {
  let p = fma(z, CIJ[r + 6]!, CIJ[r + 5]!);
  p = fma(z, p, CIJ[r + 4]!);
  p = fma(z, p, CIJ[r + 3]!);
  return fma(z, p, CIJ[r + 2]!);
}

export function atan(x: number): number {
  if (Number.isNaN(x)) return x;
  const u = Math.abs(x);
  if (u < C) {
    if (u < B) {
      if (u < A) {
        if (u < DBL_MIN && u !== 0) mathStatus.exceptions |= FE_UNDERFLOW | FE_INEXACT;
        return x;
      }
      mathStatus.exceptions |= FE_INEXACT;
      const v = x * x;
      return fma(x * v, oddPolynomial(v), x);
    }
    mathStatus.exceptions |= FE_INEXACT;
    const r = row(u);
    const z = u - CIJ[r]!;
    const y = fma(taylor(r, z), z, CIJ[r + 1]!);
    return x < 0 ? -y : y;
  }
  if (u < D) {
    mathStatus.exceptions |= FE_INEXACT;
    const w = 1 / u;
    const t1 = w * u;
    const t2 = fma(w, u, -t1);
    const r = row(w);
    const z = fma(1 - t1 - t2, w, w - CIJ[r]!);
    const yy = fma(-taylor(r, z), z, HPI1);
    const y = HPI - CIJ[r + 1]! + yy;
    return x < 0 ? -y : y;
  }
  if (u < E) {
    mathStatus.exceptions |= FE_INEXACT;
    const w = 1 / u;
    const v = w * w;
    const t1 = u * w;
    const t2 = fma(u, w, -t1);
    const yy = w * v * oddPolynomial(v);
    const ww = (1 - t1 - t2) * w;
    // ESUB (HPI, w, t3, cor)
    const t3 = HPI - w;
    const cor = HPI > Math.abs(w) ? HPI - t3 - w : HPI - (w + t3);
    const y = HPI1 + cor - ww - yy + t3;
    return x < 0 ? -y : y;
  }
  return x > 0 ? HPI : -HPI;
}
