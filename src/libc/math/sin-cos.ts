// sin, cos and sincos as glibc 2.36 computes them on this machine: the IBM Accurate Mathematical
// Library's dbl-64 s_sin.c / s_sincos.c (no slow paths since 2.28) in the FMA variants the IFUNCs
// pick on a CPU with FMA and AVX2 (__sin_fma at libm+0x702c0, __cos_fma 0x70ad0, __sincos_fma
// 0x712d0). The compiler contracted a·b + c into fused multiply-adds; every fma() below is one
// vfmadd/vfnmadd/vfmsub of that disassembly, in its operand order, computed exactly by
// ./error-free.ts.
//
// Structure: |x| < 0.855469 directly; up to 2.426265 as a function of pi/2 - |x|; up to
// 105414350 reduced by pi/2 in double-double (reduceSinCos); beyond by __branred (./branred.ts).
// The reduced a + da is evaluated by doSin (Taylor polynomial below 0.126, else the table of
// sin/cos of i/128 with corrections, __sincostab read from libm.so.6) or doCos. glibc computes in
// round-to-nearest whatever the caller's mode (SET_RESTORE_ROUND_53BIT), so the mode is ignored.
//
// Flags as native: inexact for every computed result; sin(x) = x for |x| < 2^-26 raises nothing
// but underflow+inexact for a subnormal (math_check_force_underflow); cos(x) = 1 for |x| < 2^-27
// raises nothing; an infinity gives NaN, invalid and EDOM.

import { highWord, lowWord, tableDouble } from './bit-views.ts';
import { branred, branredHigh, branredLow } from './branred.ts';
import { fma } from './error-free.ts';
import { EDOM, mathStatus } from './exact.ts';
import { FE_INEXACT, FE_INVALID, FE_UNDERFLOW } from './fenv.ts';
import { SINCOSTAB } from './tables/trig-data.ts';

/** sn, ssn, cs, ccs for each i/128, i = 0..109. */
const TABLE = new Float64Array(440);
for (let i = 0; i < 440; i++) TABLE[i] = tableDouble(SINCOSTAB, i);

// Taylor coefficients of sin (usncs.h s1..s5).
const S1 = -0.16666666666666666;
const S2 = 0.008333333333332329;
const S3 = -0.00019841269834414642;
const S4 = 2.755729806860771e-6;
const S5 = -2.5022014848318398e-8;
// Short polynomials around the table points (s_sin.c sn3, sn5, cs2, cs4, cs6).
const SN3 = -0.16666666666666488;
const SN5 = 0.008333332142857223;
const CS2 = 0.5;
const CS4 = -0.04166666666666644;
const CS6 = 0.001388888740079376;
/** 1.5·2^45: |x| + BIG rounds |x| to a multiple of 1/128, whose index is the low word. */
const BIG = 52776558133248;
const HP0 = 1.5707963267948966; // pi/2 high
const HP1 = 6.123233995736766e-17; // pi/2 - HP0
// pi/2 in pieces for reduceSinCos: MP1 + MP2 + PP3 + PP4.
const MP1 = 1.5707963407039642;
const MP2 = -1.3909067564377153e-8;
const PP3 = -4.97899623147991e-17;
const PP4 = -1.9034889620193266e-25;
const HPINV = 0.6366197723675814; // 2/pi
const TOINT = 6755399441055744; // 1.5·2^52
const DBL_MIN = 2 ** -1022;

/** sin(x + dx) for |x| <= ~pi/4 (s_sin.c do_sin). */
function doSin(x: number, dx: number): number {
  const ax = Math.abs(x);
  if (ax < 0.126) {
    // TAYLOR_SIN: x + ((POLYNOMIAL(xx)·x - dx/2)·xx + dx)
    const xx = x * x;
    let p = fma(xx, S5, S4);
    p = fma(xx, p, S3);
    p = fma(xx, p, S2);
    p = fma(xx, p, S1);
    return x + fma(xx, fma(p, x, -(0.5 * dx)), dx);
  }
  if (x <= 0) dx = -dx;
  const u = BIG + ax;
  const k = lowWord(u) << 2;
  const r = ax - (u - BIG);
  const rr = r * r;
  const s = r + fma(r * rr, fma(rr, SN5, SN3), dx);
  const c = fma(r, dx, rr * fma(rr, fma(rr, CS6, CS4), CS2));
  const sn = TABLE[k]!;
  const cor = fma(s, TABLE[k + 2]!, fma(-c, sn, fma(s, TABLE[k + 3]!, TABLE[k + 1]!)));
  const result = sn + cor;
  return x < 0 ? -result : result;
}

/** cos(x + dx) for |x| <= ~pi/4 (s_sin.c do_cos). */
function doCos(x: number, dx: number): number {
  if (x < 0) dx = -dx;
  const ax = Math.abs(x);
  const u = BIG + ax;
  const k = lowWord(u) << 2;
  const r = ax - (u - BIG) + dx;
  const rr = r * r;
  const s = fma(r * rr, fma(rr, SN5, SN3), r);
  const c = rr * fma(rr, fma(rr, CS6, CS4), CS2);
  const cor = fma(-s, TABLE[k]!, fma(-c, TABLE[k + 2]!, fma(-s, TABLE[k + 1]!, TABLE[k + 3]!)));
  return TABLE[k + 2]! + cor;
}

/** The low part of the last reduction (reduceSinCos or branred). */
let reducedLow = 0;

/** x = n·pi/2 + (a + da) for |x| < 105414350 (s_sin.c reduce_sincos); returns a, n mod 4 in reducedQuadrant. */
let reducedQuadrant = 0;
function reduceSinCos(x: number): number {
  const t = fma(x, HPINV, TOINT);
  const xn = t - TOINT;
  reducedQuadrant = lowWord(t) & 3;
  const y = fma(-xn, MP2, fma(-xn, MP1, x));
  const t2 = fma(-xn, PP3, y);
  let db = fma(-PP3, xn, y - t2);
  const b = fma(-xn, PP4, t2);
  db += fma(-xn, PP4, t2 - b);
  reducedLow = db;
  return b;
}

/** Reduces |x| >= 2.426265 (finite): returns a, with da in reducedLow and n in reducedQuadrant. */
function reduce(x: number, k: number): number {
  if (k < 0x419921fb) return reduceSinCos(x);
  reducedQuadrant = branred(x);
  reducedLow = branredLow;
  return branredHigh;
}

/** sin (n = quadrant) or cos (n + 1) of a + da (s_sin.c do_sincos). */
function quadrant(a: number, da: number, n: number): number {
  const r = (n & 1) !== 0 ? doCos(a, da) : doSin(a, da);
  return (n & 2) !== 0 ? -r : r;
}

/** NaN for a NaN or infinite argument: x / x, with EDOM and invalid for an infinity. */
function notFinite(x: number): number {
  if (!Number.isNaN(x)) {
    mathStatus.errno = EDOM;
    mathStatus.exceptions |= FE_INVALID;
  }
  return Number.NaN;
}

export function sin(x: number): number {
  const k = highWord(x) & 0x7fffffff;
  if (k < 0x3e500000) {
    if (Math.abs(x) < DBL_MIN && x !== 0) mathStatus.exceptions |= FE_UNDERFLOW | FE_INEXACT;
    return x;
  }
  if (k >= 0x7ff00000) return notFinite(x);
  mathStatus.exceptions |= FE_INEXACT;
  if (k < 0x3feb6000) return doSin(x, 0);
  if (k < 0x400368fd) {
    const r = doCos(HP0 - Math.abs(x), HP1);
    return x < 0 ? -r : r;
  }
  const a = reduce(x, k);
  return quadrant(a, reducedLow, reducedQuadrant);
}

export function cos(x: number): number {
  const k = highWord(x) & 0x7fffffff;
  if (k < 0x3e400000) return 1.0;
  if (k >= 0x7ff00000) return notFinite(x);
  mathStatus.exceptions |= FE_INEXACT;
  if (k < 0x3feb6000) return doCos(x, 0);
  if (k < 0x400368fd) {
    const y = HP0 - Math.abs(x);
    const a = y + HP1;
    return doSin(a, y - a + HP1);
  }
  const a = reduce(x, k);
  return quadrant(a, reducedLow, reducedQuadrant + 1);
}

/** The cosine computed by the last sincos call. */
export let sincosCos = 0;

/** sincos (s_sincos.c): returns sin(x) and leaves cos(x) in sincosCos. */
export function sincos(x: number): number {
  const k = highWord(x) & 0x7fffffff;
  if (k < 0x3e400000) {
    if (Math.abs(x) < DBL_MIN && x !== 0) mathStatus.exceptions |= FE_UNDERFLOW | FE_INEXACT;
    sincosCos = 1.0;
    return x;
  }
  if (k >= 0x7ff00000) {
    sincosCos = notFinite(x);
    return sincosCos;
  }
  mathStatus.exceptions |= FE_INEXACT;
  if (k < 0x3feb6000) {
    sincosCos = doCos(x, 0);
    return doSin(x, 0);
  }
  if (k < 0x400368fd) {
    const y = HP0 - Math.abs(x);
    const a = y + HP1;
    const da = y - a + HP1;
    sincosCos = doSin(a, da);
    const s = doCos(a, da);
    return x < 0 ? -s : s;
  }
  let a = reduce(x, k);
  let da = reducedLow;
  const n = reducedQuadrant;
  if (n === 1 || n === 2) {
    a = -a;
    da = -da;
  }
  const s = doSin(a, da);
  let c = doCos(a, da);
  if ((n & 2) !== 0) c = -c;
  // Odd quadrants swap the two results.
  if ((n & 1) !== 0) {
    sincosCos = s;
    return c;
  }
  sincosCos = c;
  return s;
}
