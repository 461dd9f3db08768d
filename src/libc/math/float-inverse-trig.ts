// atanf, atan2f, asinf and acosf as glibc 2.36 computes them on this machine: the flt-32 sources
// s_atanf.c, e_atan2f.c, e_asinf.c and e_acosf.c (fdlibm in float arithmetic; libm.so.6 has no
// FMA variant of them) with every operation rounded to float and raising its flags as SSE does
// (./float-arithmetic.ts), and the errno of the compat wrappers w_asinf_compat.c, w_acosf_compat.c
// (|x| > 1: EDOM with invalid) and w_atan2f_compat.c (a zero result from a non-zero y and a
// finite x: ERANGE).

import { floatBits, floatFromBits } from './bit-views.ts';
import { EDOM, ERANGE, mathStatus } from './exact.ts';
import { FE_INEXACT, FE_INVALID, FE_UNDERFLOW } from './fenv.ts';
import { add, div, mul, sqrt, sub } from './float-arithmetic.ts';

const fr = Math.fround;
const FLT_MIN = 2 ** -126;
const ONE = 1;
const TINY = fr(1e-30);

/** fdlibm's "huge + x > one" and math_check_force_underflow for a tiny x returned as it is. */
function tinyArgument(x: number): number {
  if (x !== 0) {
    mathStatus.exceptions |= FE_INEXACT;
    if (Math.abs(x) < FLT_MIN) mathStatus.exceptions |= FE_UNDERFLOW;
  }
  return x;
}

/** A float's bits with the low 12 significand bits cleared (fdlibm's split of s into a head). */
function head(x: number): number {
  return floatFromBits(floatBits(x) & 0xfffff000);
}

// ---- atanf ----

const ATAN_HI = [fr(4.6364760399e-1), fr(7.8539812565e-1), fr(9.8279368877e-1), fr(1.5707962513)];
const ATAN_LO = [fr(5.012158244e-9), fr(3.7748947079e-8), fr(3.447321717e-8), fr(7.5497894159e-8)];
const AT = [
  3.3333334327e-1, -2.0000000298e-1, 1.4285714924e-1, -1.1111110449e-1, 9.0908870101e-2, -7.6918758452e-2,
  6.6610731184e-2, -5.8335702866e-2, 4.9768779427e-2, -3.6531571299e-2, 1.6285819933e-2,
].map(fr);

export function atanf(input: number): number {
  let x = fr(input);
  const hx = floatBits(x) | 0;
  const ix = hx & 0x7fffffff;
  let id: number;
  if (ix >= 0x4c000000) {
    // |x| >= 2^25: ±pi/2 (the sum is inexact)
    if (ix > 0x7f800000) return x + x;
    return hx > 0 ? add(ATAN_HI[3]!, ATAN_LO[3]!) : sub(-ATAN_HI[3]!, ATAN_LO[3]!);
  }
  if (ix < 0x3ee00000) {
    // |x| < 0.4375
    if (ix < 0x31000000) return tinyArgument(x);
    id = -1;
  } else {
    x = Math.abs(x);
    if (ix < 0x3f980000) {
      if (ix < 0x3f300000) {
        id = 0;
        x = div(sub(mul(2, x), ONE), add(2, x));
      } else {
        id = 1;
        x = div(sub(x, ONE), add(x, ONE));
      }
    } else if (ix < 0x401c0000) {
      id = 2;
      x = div(sub(x, 1.5), add(ONE, mul(1.5, x)));
    } else {
      id = 3;
      x = div(-1, x);
    }
  }
  const z = mul(x, x);
  const w = mul(z, z);
  const a = AT;
  const s1 = mul(
    z,
    add(a[0]!, mul(w, add(a[2]!, mul(w, add(a[4]!, mul(w, add(a[6]!, mul(w, add(a[8]!, mul(w, a[10]!)))))))))),
  );
  const s2 = mul(w, add(a[1]!, mul(w, add(a[3]!, mul(w, add(a[5]!, mul(w, add(a[7]!, mul(w, a[9]!)))))))));
  if (id < 0) return sub(x, mul(x, add(s1, s2)));
  const r = sub(ATAN_HI[id]!, sub(sub(mul(x, add(s1, s2)), ATAN_LO[id]!), x));
  return hx < 0 ? -r : r;
}

// ---- atan2f ----

const PI_O_4 = fr(7.8539818525e-1);
const PI_O_2 = fr(1.5707963705);
const PI = fr(3.141592741);
const PI_LO = fr(-8.7422776573e-8);

function ieee754Atan2f(y: number, x: number): number {
  const hx = floatBits(x) | 0;
  const ix = hx & 0x7fffffff;
  const hy = floatBits(y) | 0;
  const iy = hy & 0x7fffffff;
  if (ix > 0x7f800000 || iy > 0x7f800000) return x + y;
  if (hx === 0x3f800000) return atanf(y);
  const m = ((hy >>> 31) & 1) | ((hx >>> 30) & 2);
  if (iy === 0) {
    if (m < 2) return y;
    return m === 2 ? add(PI, TINY) : sub(-PI, TINY);
  }
  if (ix === 0) return hy < 0 ? sub(-PI_O_2, TINY) : add(PI_O_2, TINY);
  if (ix === 0x7f800000) {
    if (iy === 0x7f800000) {
      if (m === 0) return add(PI_O_4, TINY);
      if (m === 1) return sub(-PI_O_4, TINY);
      if (m === 2) return add(mul(3, PI_O_4), TINY);
      return sub(mul(-3, PI_O_4), TINY);
    }
    if (m === 0) return 0;
    if (m === 1) return -0;
    return m === 2 ? add(PI, TINY) : sub(-PI, TINY);
  }
  if (iy === 0x7f800000) return hy < 0 ? sub(-PI_O_2, TINY) : add(PI_O_2, TINY);
  const k = (iy - ix) >> 23;
  let z: number;
  if (k > 60) z = add(PI_O_2, mul(0.5, PI_LO));
  else if (hx < 0 && k < -60) z = 0;
  else z = atanf(Math.abs(div(y, x)));
  if (m === 0) return z;
  if (m === 1) return -z;
  if (m === 2) return sub(PI, sub(z, PI_LO));
  return sub(sub(z, PI_LO), PI);
}

export function atan2f(yInput: number, xInput: number): number {
  const y = fr(yInput);
  const x = fr(xInput);
  const z = ieee754Atan2f(y, x);
  if (z === 0 && y !== 0 && Number.isFinite(x)) mathStatus.errno = ERANGE;
  return z;
}

// ---- asinf ----

const PIO2_HI = floatFromBits(0x3fc90fdb);
const PIO2_LO = floatFromBits(0xb33bbd2e);
const PIO4_HI = floatFromBits(0x3f490fdb);
const P0 = fr(1.666675248e-1);
const P1 = fr(7.495297643e-2);
const P2 = fr(4.547037598e-2);
const P3 = fr(2.417951451e-2);
const P4 = fr(4.21663088e-2);

function asinPolynomial(t: number): number {
  return mul(t, add(P0, mul(t, add(P1, mul(t, add(P2, mul(t, add(P3, mul(t, P4)))))))));
}

/** The compat wrappers' domain error: NaN with invalid and EDOM. */
function domainError(): number {
  mathStatus.errno = EDOM;
  mathStatus.exceptions |= FE_INVALID;
  return Number.NaN;
}

export function asinf(input: number): number {
  const x = fr(input);
  const hx = floatBits(x) | 0;
  const ix = hx & 0x7fffffff;
  if (ix === 0x3f800000) return add(mul(x, PIO2_HI), mul(x, PIO2_LO));
  if (ix > 0x3f800000) {
    if (ix > 0x7f800000) return x + x;
    return domainError();
  }
  if (ix < 0x3f000000) {
    if (ix < 0x32000000) return tinyArgument(x);
    const t = mul(x, x);
    const w = asinPolynomial(t);
    return add(x, mul(x, w));
  }
  // 0.5 <= |x| < 1
  const w = sub(ONE, Math.abs(x));
  let t = mul(w, 0.5);
  let p = asinPolynomial(t);
  const s = sqrt(t);
  if (ix >= 0x3f79999a) {
    t = sub(PIO2_HI, sub(mul(2, add(s, mul(s, p))), PIO2_LO));
  } else {
    const sHead = head(s);
    const c = div(sub(t, mul(sHead, sHead)), add(s, sHead));
    const r = p;
    p = sub(mul(mul(2, s), r), sub(PIO2_LO, mul(2, c)));
    const q = sub(PIO4_HI, mul(2, sHead));
    t = sub(PIO4_HI, sub(p, q));
  }
  return hx > 0 ? t : -t;
}

// ---- acosf ----

const ACOS_PI = fr(3.1415925026);
const ACOS_PIO2_HI = fr(1.5707962513);
const ACOS_PIO2_LO = fr(7.5497894159e-8);
const PS = [1.6666667163e-1, -3.2556581497e-1, 2.0121252537e-1, -4.0055535734e-2, 7.9153501429e-4, 3.4793309169e-5].map(
  fr,
);
const QS = [-2.4033949375, 2.0209457874, -6.8828397989e-1, 7.7038154006e-2].map(fr);

/** p(z)/q(z) of fdlibm's acos rational approximation. */
function acosRatio(z: number): number {
  const p = mul(
    z,
    add(PS[0]!, mul(z, add(PS[1]!, mul(z, add(PS[2]!, mul(z, add(PS[3]!, mul(z, add(PS[4]!, mul(z, PS[5]!)))))))))),
  );
  const q = add(ONE, mul(z, add(QS[0]!, mul(z, add(QS[1]!, mul(z, add(QS[2]!, mul(z, QS[3]!))))))));
  return div(p, q);
}

export function acosf(input: number): number {
  const x = fr(input);
  const hx = floatBits(x) | 0;
  const ix = hx & 0x7fffffff;
  if (ix === 0x3f800000) {
    if (hx > 0) return 0;
    return add(ACOS_PI, mul(2, ACOS_PIO2_LO));
  }
  if (ix > 0x3f800000) {
    if (ix > 0x7f800000) return x + x;
    return domainError();
  }
  if (ix < 0x3f000000) {
    if (ix <= 0x32800000) return add(ACOS_PIO2_HI, ACOS_PIO2_LO);
    const z = mul(x, x);
    const r = acosRatio(z);
    return sub(ACOS_PIO2_HI, sub(x, sub(ACOS_PIO2_LO, mul(x, r))));
  }
  if (hx < 0) {
    const z = mul(add(ONE, x), 0.5);
    const r0 = acosRatio(z);
    const s = sqrt(z);
    const w = sub(mul(r0, s), ACOS_PIO2_LO);
    return sub(ACOS_PI, mul(2, add(s, w)));
  }
  const z = mul(sub(ONE, x), 0.5);
  const s = sqrt(z);
  const df = head(s);
  const c = div(sub(z, mul(df, df)), add(s, df));
  const r = acosRatio(z);
  const w = add(mul(r, s), c);
  return mul(2, add(df, w));
}
