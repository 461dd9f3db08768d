// tan as glibc 2.36 computes it on this machine: the IBM Accurate Mathematical Library's dbl-64
// s_tan.c (no slow paths since 2.35) in the FMA variant the IFUNC picks on a CPU with FMA and AVX2
// (__tan_fma at libm+0x71ac0). Every fma() below is one vfmadd/vfnmadd/vfmsub of that
// disassembly (the compiler contracted a·b + c, and dla.h's EMULV is an fma there), computed
// exactly by ./error-free.ts.
//
// Paths by |x|: below 1.259e-8 tan(x) = x; to 0.0608 an odd polynomial; to 0.787 the table xfg of
// tan/cot at points (i + 15.5)/256 (TAN_XFG, read from libm.so.6) with a rational correction;
// beyond, x reduced by pi/2 (three-piece pi/2 up to 25, four-piece up to 1e8, __branred after:
// ./branred.ts) and the same two kernels on the reduced a + da, as tan for an even quadrant and
// -cot for an odd one (a double-double division by the polynomial for small a). Computed in
// round-to-nearest whatever the caller's mode (SET_RESTORE_ROUND_53BIT).
//
// Flags as native: inexact for every computed result; tan(x) = x raises nothing but
// underflow+inexact for a subnormal; an infinity gives NaN, invalid and EDOM.

import { highWord, lowWord, tableDouble } from './bit-views.ts';
import { branred, branredHigh, branredLow } from './branred.ts';
import { fma } from './error-free.ts';
import { EDOM, mathStatus } from './exact.ts';
import { FE_INEXACT, FE_INVALID, FE_UNDERFLOW } from './fenv.ts';
import { TAN_XFG } from './tables/trig-data.ts';

/** xfg[i] = x_i, tan(x_i), cot(x_i), (unused) at 4i. */
const XFG = new Float64Array(186 * 4);
for (let i = 0; i < XFG.length; i++) XFG[i] = tableDouble(TAN_XFG, i);

// Odd polynomial for small arguments (utan.h d3..d11).
const D3 = 0.3333333333333333;
const D5 = 0.1333333333332673;
const D7 = 0.05396825411095433;
const D9 = 0.021869380598167253;
const D11 = 0.008896546349534924;
// tan(z) - z ≈ z^3 (E0 + z^2 E1) around a table point (utan.h e0, e1).
const E0 = 0.3333333333332254;
const E1 = 0.13333354920669913;
const MINUS_15_5 = -15.5; // mfftnhf: 256·|x| - 15.5 truncated is the table index
const G1 = 1.2589993048095494e-8;
const G2 = 0.060799986124038696; // also gy2
const G3 = 0.7869997024536133;
const G4 = 25.0;
const G5 = 100000000.0;
// pi/2 in pieces: MP1 + MP2 + MP3 (to 25), MP1 + MP2 + PP3 + PP4 (to 1e8).
const MP1 = 1.5707963407039642;
const MP2 = -1.3909067564377153e-8;
const MP3 = -4.9789962505147994e-17;
const PP3 = -4.97899623147991e-17;
const PP4 = -1.9034889620193266e-25;
const HPINV = 0.6366197723675814;
const TOINT = 6755399441055744;
const DBL_MIN = 2 ** -1022;

/** The odd polynomial's correction for a + da: da + a^3·(D3 + a^2(D5 + …)). */
function polynomial(a: number, da: number): number {
  const a2 = a * a;
  let t = fma(a2, D11, D9);
  t = fma(a2, t, D7);
  t = fma(a2, t, D5);
  t = fma(a2, t, D3);
  return fma(a * a2, t, da);
}

/** -cot(a + t2) for small a: 1/(a + t2) as dla.h's EADD then DIV2 (1, 0, b, db), negated. */
function minusCotangent(a: number, t2: number): number {
  const b = a + t2;
  const db = Math.abs(a) > Math.abs(t2) ? a - b + t2 : t2 - b + a;
  const c = 1.0 / b;
  const u = c * b;
  const uu = fma(c, b, -u);
  const cc = fma(-db, c, 1.0 - u - uu + 0.0) / b;
  const z = c + cc;
  const zz = c - z + cc;
  return -(zz + z);
}

/**
 * The table kernel on the reduced ya + yya (ya = |a| in (0.0608, 0.787]), sy the sign of a:
 * tan (odd false) or -cot (odd true).
 */
function tableKernel(ya: number, yya: number, sy: number, odd: boolean): number {
  const i = 4 * Math.trunc(fma(ya, 256, MINUS_15_5));
  const z = ya - XFG[i]! + yya;
  const z2 = z * z;
  const pz = fma(z * z2, fma(z2, E1, E0), z);
  const fi = XFG[i + 1]!;
  const gi = XFG[i + 2]!;
  const num = (fi + gi) * pz;
  if (odd) return (gi - num / (pz + fi)) * -sy;
  return (num / (gi - pz) + fi) * sy;
}

/** tan or -cot of the reduced a + da. */
function reduced(a: number, da: number, odd: boolean): number {
  const negative = a < 0;
  const ya = negative ? -a : a;
  if (ya <= G2) {
    const t2 = polynomial(a, da);
    return odd ? minusCotangent(a, t2) : a + t2;
  }
  return tableKernel(ya, negative ? -da : da, negative ? -1 : 1, odd);
}

export function tan(x: number): number {
  if ((highWord(x) & 0x7ff00000) === 0x7ff00000) {
    if (!Number.isNaN(x)) {
      mathStatus.errno = EDOM;
      mathStatus.exceptions |= FE_INVALID;
    }
    return Number.NaN;
  }
  const w = Math.abs(x);
  if (w <= G1) {
    if (w < DBL_MIN && w !== 0) mathStatus.exceptions |= FE_UNDERFLOW | FE_INEXACT;
    return x;
  }
  mathStatus.exceptions |= FE_INEXACT;
  if (w <= G2) return polynomial(x, x);
  // (w - x_i) + 0 is w - x_i: the difference of two positive doubles is never -0.
  if (w <= G3) return tableKernel(w, 0, x < 0 ? -1 : 1, false);
  let a: number;
  let da: number;
  let odd: boolean;
  if (w <= G5) {
    const t = fma(x, HPINV, TOINT);
    const xn = t - TOINT;
    odd = (lowWord(t) & 1) !== 0;
    const t1 = fma(-xn, MP2, fma(-xn, MP1, x));
    if (w <= G4) {
      a = fma(-xn, MP3, t1);
      da = fma(-xn, MP3, t1 - a);
    } else {
      const t3 = fma(-xn, PP3, t1);
      const d = fma(-xn, PP3, t1 - t3);
      const b = fma(-xn, PP4, t3);
      const sum = d + fma(-xn, PP4, t3 - b);
      a = b + sum;
      da = Math.abs(b) > Math.abs(sum) ? b - a + sum : sum - a + b;
    }
  } else {
    odd = (branred(x) & 1) !== 0;
    const b = branredHigh;
    const db = branredLow;
    a = b + db;
    da = Math.abs(b) > Math.abs(db) ? b - a + db : db - a + b;
  }
  return reduced(a, da, odd);
}
