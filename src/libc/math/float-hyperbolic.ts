// sinhf, coshf and tanhf as glibc 2.36 computes them on this machine: the flt-32 sources
// e_sinhf.c, e_coshf.c and s_tanhf.c (fdlibm in float arithmetic, every step rounded to float
// here) on top of expm1f (./float-log1p-expm1.ts) and the FMA expf (./float-exp-log.ts).
// errno as the compat wrappers: sinhf/coshf overflow → ±HUGE_VALF with ERANGE.

import { floatBits } from './bit-views.ts';
import { ERANGE, mathStatus } from './exact.ts';
import { FE_INEXACT, FE_OVERFLOW, FE_UNDERFLOW } from './fenv.ts';
import { expf } from './float-exp-log.ts';
import { expm1f } from './float-log1p-expm1.ts';

const fr = Math.fround;
const FLT_MIN = 2 ** -126;

function overflow(negative: boolean): number {
  mathStatus.errno = ERANGE;
  mathStatus.exceptions |= FE_OVERFLOW | FE_INEXACT;
  return negative ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
}

export function sinhf(input: number): number {
  const x = fr(input);
  const jx = floatBits(x) | 0;
  const ix = jx & 0x7fffffff;
  if (ix >= 0x7f800000) return x + x;
  const h = jx < 0 ? -0.5 : 0.5;
  if (ix < 0x41b00000) {
    if (ix < 0x31800000) {
      // |x| < 2^-28: shuge + x > 1 returns x (inexact; underflow below FLT_MIN)
      if (x !== 0) {
        mathStatus.exceptions |= FE_INEXACT;
        if (Math.abs(x) < FLT_MIN) mathStatus.exceptions |= FE_UNDERFLOW;
      }
      return x;
    }
    const t = fr(expm1f(Math.abs(x)));
    if (ix < 0x3f800000) return fr(h * fr(fr(2 * t) - fr(fr(t * t) / fr(t + 1))));
    return fr(h * fr(t + fr(t / fr(t + 1))));
  }
  if (ix < 0x42b17180) return fr(h * fr(expf(Math.abs(x))));
  if (ix <= 0x42b2d4fc) {
    const w = fr(expf(fr(0.5 * Math.abs(x))));
    const t = fr(h * w);
    return fr(t * w);
  }
  return overflow(jx < 0);
}

export function coshf(input: number): number {
  const x = fr(input);
  const ix = floatBits(x) & 0x7fffffff;
  if (ix < 0x41b00000) {
    if (ix < 0x3eb17218) {
      // |x| < ln2/2: 1 + expm1(|x|)²/(2·exp(|x|)); below 2^-55 exactly 1, no flag
      if (ix < 0x24000000) return 1;
      const t = fr(expm1f(Math.abs(x)));
      const w = fr(1 + t);
      return fr(1 + fr(fr(t * t) / fr(w + w)));
    }
    const t = fr(expf(Math.abs(x)));
    return fr(fr(0.5 * t) + fr(0.5 / t));
  }
  if (ix < 0x42b17180) return fr(0.5 * fr(expf(Math.abs(x))));
  if (ix <= 0x42b2d4fc) {
    const w = fr(expf(fr(0.5 * Math.abs(x))));
    const t = fr(0.5 * w);
    return fr(t * w);
  }
  if (ix >= 0x7f800000) return x * x;
  return overflow(false);
}

export function tanhf(input: number): number {
  const x = fr(input);
  const jx = floatBits(x) | 0;
  const ix = jx & 0x7fffffff;
  if (ix >= 0x7f800000) return jx >= 0 ? 1 / x + 1 : 1 / x - 1;
  let z: number;
  if (ix < 0x41b00000) {
    if (ix === 0) return x;
    if (ix < 0x24000000) {
      mathStatus.exceptions |= FE_INEXACT;
      if (Math.abs(x) < FLT_MIN) mathStatus.exceptions |= FE_UNDERFLOW;
      return fr(x * fr(1 + x));
    }
    if (ix >= 0x3f800000) {
      const t = fr(expm1f(fr(2 * Math.abs(x))));
      z = fr(1 - fr(2 / fr(t + 2)));
    } else {
      const t = fr(expm1f(fr(-2 * Math.abs(x))));
      z = fr(-t / fr(t + 2));
    }
  } else {
    mathStatus.exceptions |= FE_INEXACT;
    z = 1;
  }
  return jx >= 0 ? z : -z;
}
