// log1pf and expm1f as glibc 2.36 computes them on this machine: the flt-32 sources s_log1pf.c
// and s_expm1f.c (fdlibm's log1p and expm1 in float arithmetic, Horner polynomials), compiled
// to plain SSE float operations. Each step rounds to float here (fr): a double operation on two
// floats rounded once to float is the float operation itself for + - * /; log1pf's steps go
// through ./float-arithmetic.ts, which also rounds them in the current rounding mode.
//
// errno: log1pf's wrapper sets ERANGE for x = -1 and EDOM for x < -1; expm1f sets ERANGE on
// overflow itself.

import { floatBits, floatFromBits } from './bit-views.ts';
import { EDOM, ERANGE, mathStatus } from './exact.ts';
import { FE_DIVBYZERO, FE_INEXACT, FE_INVALID, FE_OVERFLOW, FE_UNDERFLOW } from './fenv.ts';
import { add, div, mul, sub } from './float-arithmetic.ts';

const fr = Math.fround;
const LN2_HI = floatFromBits(0x3f317180);
const LN2_LO = floatFromBits(0x3717f7d1);
const LP1 = floatFromBits(0x3f2aaaab);
const LP2 = floatFromBits(0x3ecccccd);
const LP3 = floatFromBits(0x3e924925);
const LP4 = floatFromBits(0x3e638e29);
const LP5 = floatFromBits(0x3e3a3325);
const LP6 = floatFromBits(0x3e1cd04f);
const LP7 = floatFromBits(0x3e178897);
/** (float)0.66666666666666666 */
const TWO_THIRDS = floatFromBits(0x3f2aaaab);
const FLT_MIN = 2 ** -126;

export function log1pf(input: number): number {
  if (input <= -1) mathStatus.errno = input === -1 ? ERANGE : EDOM;
  const x = fr(input);
  const hx = floatBits(x) | 0;
  const ax = hx & 0x7fffffff;
  let k = 1;
  let f = 0;
  let c = 0;
  let hu = 0;
  if (hx < 0x3ed413d7) {
    if (ax >= 0x3f800000) {
      if (x === -1) {
        mathStatus.exceptions |= FE_DIVBYZERO;
        return Number.NEGATIVE_INFINITY;
      }
      if (!Number.isNaN(x)) mathStatus.exceptions |= FE_INVALID;
      return Number.NaN;
    }
    if (ax < 0x31000000) {
      // |x| < 2^-29: two25 + x raises inexact
      if (x === 0) return x;
      mathStatus.exceptions |= FE_INEXACT;
      if (ax < 0x24800000) {
        if (Math.abs(x) < FLT_MIN) mathStatus.exceptions |= FE_UNDERFLOW;
        return x;
      }
      return sub(x, mul(mul(x, x), 0.5));
    }
    if (hx > 0 || hx <= (0xbe95f61f | 0)) {
      k = 0;
      f = x;
      hu = 1;
    }
  }
  if (hx >= 0x7f800000) return x + x;
  mathStatus.exceptions |= FE_INEXACT;
  if (k !== 0) {
    let u: number;
    if (hx < 0x5a000000) {
      u = add(1, x);
      hu = floatBits(u);
      k = (hu >> 23) - 127;
      c = k > 0 ? sub(1, sub(u, x)) : sub(x, sub(u, 1));
      c = div(c, u);
    } else {
      u = x;
      hu = hx;
      k = (hu >> 23) - 127;
      c = 0;
    }
    hu &= 0x007fffff;
    if (hu < 0x3504f7) u = floatFromBits(hu | 0x3f800000);
    else {
      k += 1;
      u = floatFromBits(hu | 0x3f000000);
      hu = (0x00800000 - hu) >> 2;
    }
    f = sub(u, 1);
  }
  const hfsq = mul(mul(0.5, f), f);
  if (hu === 0) {
    if (f === 0) {
      if (k === 0) return 0;
      c = add(c, mul(k, LN2_LO));
      return add(mul(k, LN2_HI), c);
    }
    const r = mul(hfsq, sub(1, mul(TWO_THIRDS, f)));
    if (k === 0) return sub(f, r);
    return sub(mul(k, LN2_HI), sub(sub(r, add(mul(k, LN2_LO), c)), f));
  }
  const s = div(f, add(2, f));
  const z = mul(s, s);
  let p = add(LP6, mul(z, LP7));
  p = add(LP5, mul(z, p));
  p = add(LP4, mul(z, p));
  p = add(LP3, mul(z, p));
  p = add(LP2, mul(z, p));
  p = add(LP1, mul(z, p));
  const r = mul(z, p);
  const t = mul(s, add(hfsq, r));
  if (k === 0) return sub(f, sub(hfsq, t));
  return sub(mul(k, LN2_HI), sub(sub(hfsq, add(t, add(mul(k, LN2_LO), c))), f));
}

const O_THRESHOLD = floatFromBits(0x42b17180);
const INV_LN2 = floatFromBits(0x3fb8aa3b);
const Q1 = floatFromBits(0xbd088889);
const Q2 = floatFromBits(0x3ad00d01);
const Q3 = floatFromBits(0xb8a670cd);
const Q4 = floatFromBits(0x36867e54);
const Q5 = floatFromBits(0xb457edbb);

export function expm1f(input: number): number {
  const x0 = fr(input);
  const bits = floatBits(x0);
  const negative = bits >>> 31 === 1;
  const hx = bits & 0x7fffffff;
  if (hx >= 0x4195b844) {
    if (hx >= 0x42b17218) {
      if (hx > 0x7f800000) return x0 + x0;
      if (hx === 0x7f800000) return negative ? -1 : x0;
      if (x0 > O_THRESHOLD) {
        mathStatus.errno = ERANGE;
        mathStatus.exceptions |= FE_OVERFLOW | FE_INEXACT;
        return Number.POSITIVE_INFINITY;
      }
    }
    if (negative) {
      mathStatus.exceptions |= FE_INEXACT;
      return -1;
    }
  }
  let x = x0;
  let k = 0;
  let c = 0;
  if (hx > 0x3eb17218) {
    let hi: number;
    let lo: number;
    if (hx < 0x3f851592) {
      if (!negative) {
        hi = fr(x - LN2_HI);
        lo = LN2_LO;
        k = 1;
      } else {
        hi = fr(x + LN2_HI);
        lo = -LN2_LO;
        k = -1;
      }
    } else {
      k = Math.trunc(fr(fr(INV_LN2 * x) + (negative ? -0.5 : 0.5)));
      hi = fr(x - fr(k * LN2_HI));
      lo = fr(k * LN2_LO);
    }
    x = fr(hi - lo);
    c = fr(fr(hi - x) - lo);
  } else if (hx < 0x33000000) {
    if (x !== 0) {
      mathStatus.exceptions |= FE_INEXACT;
      if (Math.abs(x) < FLT_MIN) mathStatus.exceptions |= FE_UNDERFLOW;
    }
    return x;
  }
  mathStatus.exceptions |= FE_INEXACT;
  const hfx = fr(0.5 * x);
  const hxs = fr(x * hfx);
  let p = fr(Q4 + fr(hxs * Q5));
  p = fr(Q3 + fr(hxs * p));
  p = fr(Q2 + fr(hxs * p));
  p = fr(Q1 + fr(hxs * p));
  const r1 = fr(1 + fr(hxs * p));
  const t = fr(3 - fr(r1 * hfx));
  let e = fr(hxs * fr(fr(r1 - t) / fr(6 - fr(x * t))));
  if (k === 0) return fr(x - fr(fr(x * e) - hxs));
  e = fr(fr(x * fr(e - c)) - c);
  e = fr(e - hxs);
  if (k === -1) return fr(fr(0.5 * fr(x - e)) - 0.5);
  if (k === 1) {
    if (x < -0.25) return fr(-2 * fr(e - fr(x + 0.5)));
    return fr(1 + fr(2 * fr(x - e)));
  }
  if (k <= -2 || k > 56) {
    const y = fr(1 - fr(e - x));
    return fr(floatFromBits((floatBits(y) + (k << 23)) >>> 0) - 1);
  }
  let y: number;
  if (k < 23) {
    const t1 = floatFromBits(0x3f800000 - (0x1000000 >> k)); // 1 - 2^-k
    y = fr(t1 - fr(e - x));
  } else {
    const t2 = floatFromBits((0x7f - k) << 23); // 2^-k
    y = fr(fr(x - fr(e + t2)) + 1);
  }
  return floatFromBits((floatBits(y) + (k << 23)) >>> 0);
}
