// sinh, cosh, tanh, asinh, acosh and atanh as glibc 2.36 computes them on this machine: the
// fdlibm-derived dbl-64 sources (e_sinh.c, e_cosh.c, s_tanh.c, s_asinh.c, e_acosh.c, e_atanh.c),
// compiled without fused operations, on top of the FMA variants of exp, expm1, log and log1p
// that their internal calls reach through IRELATIVE slots (./exp.ts, ./expm1.ts, ./log.ts,
// ./log1p.ts). Their flags are those of the arithmetic and of those calls.
//
// errno comes from the old-style wrappers (w_*_compat.c) through __kernel_standard: sinh and
// cosh overflow → ±HUGE_VAL with ERANGE; acosh(x < 1) → 0/0 with EDOM; atanh(|x| > 1) → 0/0 with
// EDOM, atanh(±1) → x/0 (±inf, divide-by-zero) with ERANGE. tanh and asinh have no error cases.

import { fromWords, highWord, lowWord } from './bit-views.ts';
import { EDOM, ERANGE, mathStatus } from './exact.ts';
import { exp } from './exp.ts';
import { expm1 } from './expm1.ts';
import { FE_DIVBYZERO, FE_INEXACT, FE_INVALID, FE_OVERFLOW, FE_UNDERFLOW } from './fenv.ts';
import { log } from './log.ts';
import { log1pKernel } from './log1p.ts';

const DBL_MIN = 2 ** -1022;
/** ln2, 0x3fe62e42_fefa39ef (fdlibm writes 6.93147180559945286227e-01). */
const LN2 = fromWords(0x3fe62e42, 0xfefa39ef);

/** A tiny x returned as is: inexact unless zero, underflow below the normal range (math_check_force_underflow). */
function tinyResult(x: number): number {
  if (x !== 0) {
    mathStatus.exceptions |= FE_INEXACT;
    if (Math.abs(x) < DBL_MIN) mathStatus.exceptions |= FE_UNDERFLOW;
  }
  return x;
}

/** |x| at or below the overflow threshold 0x408633ce_8fb9f87d (where exp(|x|/2)² still fits). */
function belowOverflowThreshold(ix: number, x: number): boolean {
  return ix < 0x408633ce || (ix === 0x408633ce && lowWord(x) <= 0x8fb9f87d);
}

function overflow(negative: boolean): number {
  mathStatus.errno = ERANGE;
  mathStatus.exceptions |= FE_OVERFLOW | FE_INEXACT;
  return negative ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
}

export function sinh(x: number): number {
  const jx = highWord(x);
  const ix = jx & 0x7fffffff;
  if (ix >= 0x7ff00000) return x + x;
  const h = jx < 0 ? -0.5 : 0.5;
  if (ix < 0x40360000) {
    // |x| < 22
    if (ix < 0x3e300000) return tinyResult(x); // |x| < 2^-28: shuge + x > 1
    const t = expm1(Math.abs(x));
    if (ix < 0x3ff00000) return h * (2 * t - (t * t) / (t + 1));
    return h * (t + t / (t + 1));
  }
  if (ix < 0x40862e42) return h * exp(Math.abs(x)); // |x| in [22, log(DBL_MAX)]
  if (belowOverflowThreshold(ix, x)) {
    const w = exp(0.5 * Math.abs(x));
    const t = h * w;
    return t * w;
  }
  return overflow(jx < 0);
}

export function cosh(x: number): number {
  const ix = highWord(x) & 0x7fffffff;
  if (ix < 0x40360000) {
    if (ix < 0x3fd62e43) {
      // |x| < ln2/2: 1 + expm1(|x|)²/(2·exp(|x|)); below 2^-55 exactly 1, no flag
      if (ix < 0x3c800000) return 1;
      const t = expm1(Math.abs(x));
      const w = 1 + t;
      return 1 + (t * t) / (w + w);
    }
    const t = exp(Math.abs(x));
    return 0.5 * t + 0.5 / t;
  }
  if (ix < 0x40862e42) return 0.5 * exp(Math.abs(x));
  if (belowOverflowThreshold(ix, x)) {
    const w = exp(0.5 * Math.abs(x));
    const t = 0.5 * w;
    return t * w;
  }
  if (ix >= 0x7ff00000) return x * x;
  return overflow(false);
}

export function tanh(x: number): number {
  const jx = highWord(x);
  const ix = jx & 0x7fffffff;
  if (ix >= 0x7ff00000) return jx >= 0 ? 1 / x + 1 : 1 / x - 1; // ±1, or the NaN
  let z: number;
  if (ix < 0x40360000) {
    if (x === 0) return x;
    if (ix < 0x3c800000) {
      // |x| < 2^-55: x·(1 + x), where 1 + x rounds
      mathStatus.exceptions |= FE_INEXACT;
      if (Math.abs(x) < DBL_MIN) mathStatus.exceptions |= FE_UNDERFLOW;
      return x * (1 + x);
    }
    if (ix >= 0x3ff00000) {
      const t = expm1(2 * Math.abs(x));
      z = 1 - 2 / (t + 2);
    } else {
      const t = expm1(-2 * Math.abs(x));
      z = -t / (t + 2);
    }
  } else {
    mathStatus.exceptions |= FE_INEXACT; // 1 - tiny
    z = 1;
  }
  return jx >= 0 ? z : -z;
}

export function asinh(x: number): number {
  const ix = highWord(x) & 0x7fffffff;
  if (ix < 0x3e300000) return tinyResult(x); // |x| < 2^-28: huge + x > 1
  let w: number;
  if (ix > 0x41b00000) {
    if (ix >= 0x7ff00000) return x + x;
    w = log(Math.abs(x)) + LN2; // |x| > 2^28
  } else {
    const xa = Math.abs(x);
    if (ix > 0x40000000) w = log(2 * xa + 1 / (Math.sqrt(xa * xa + 1) + xa));
    else {
      const t = xa * xa;
      w = log1pKernel(xa + t / (1 + Math.sqrt(1 + t)));
    }
  }
  mathStatus.exceptions |= FE_INEXACT;
  return x < 0 ? -w : w;
}

/** __ieee754_acosh (the 64-bit-word e_acosh.c) for x >= 1 or NaN; the wrapper handles x < 1. */
function acoshKernel(x: number): number {
  if (Number.isNaN(x)) return x + x;
  const hx = highWord(x);
  const lx = lowWord(x);
  if (hx >= 0x41b00000) {
    if (hx >= 0x7ff00000) return x + x;
    return log(x) + LN2; // x >= 2^28: log(2x)
  }
  if (hx === 0x3ff00000 && lx === 0) return 0;
  mathStatus.exceptions |= FE_INEXACT;
  if (hx > 0x40000000 || (hx === 0x40000000 && lx !== 0)) {
    // 2 < x < 2^28
    const t = x * x;
    return log(2 * x - 1 / (x + Math.sqrt(t - 1)));
  }
  const t = x - 1; // 1 < x <= 2
  return log1pKernel(t + Math.sqrt(2 * t + t * t));
}

export function acosh(x: number): number {
  if (x < 1) {
    mathStatus.errno = EDOM;
    mathStatus.exceptions |= FE_INVALID;
    return Number.NaN;
  }
  return acoshKernel(x);
}

export function atanh(x: number): number {
  const xa = Math.abs(x);
  if (xa >= 1) {
    if (xa > 1) {
      mathStatus.errno = EDOM;
      mathStatus.exceptions |= FE_INVALID;
      return Number.NaN;
    }
    mathStatus.errno = ERANGE;
    mathStatus.exceptions |= FE_DIVBYZERO;
    return x / 0;
  }
  if (Number.isNaN(x)) return x + x;
  let t: number;
  if (xa < 0.5) {
    if (xa < 2 ** -28) return tinyResult(x); // huge + x raises inexact
    t = xa + xa;
    t = 0.5 * log1pKernel(t + (t * xa) / (1 - xa));
  } else t = 0.5 * log1pKernel((xa + xa) / (1 - xa));
  mathStatus.exceptions |= FE_INEXACT;
  return x < 0 ? -t : t;
}
