// asinhf, acoshf and atanhf as glibc 2.36 computes them on this machine: the flt-32 sources
// s_asinhf.c, e_acoshf.c and e_atanhf.c (fdlibm in float arithmetic, each operation rounded and
// raising its flags as SSE does: ./float-arithmetic.ts) on top of the FMA logf
// (./float-exp-log.ts, the IFUNC's choice, reached through the PLT) and log1pf
// (./float-log1p-expm1.ts). errno as the compat wrappers w_acoshf_compat.c (x < 1: EDOM) and
// w_atanhf_compat.c (|x| > 1: EDOM; |x| = 1: ±inf with ERANGE).

import { floatBits } from './bit-views.ts';
import { EDOM, ERANGE, mathStatus } from './exact.ts';
import { FE_DIVBYZERO, FE_INEXACT, FE_INVALID, FE_UNDERFLOW } from './fenv.ts';
import { add, div, mul, sqrt, sub } from './float-arithmetic.ts';
import { logf } from './float-exp-log.ts';
import { log1pf } from './float-log1p-expm1.ts';

const fr = Math.fround;
const FLT_MIN = 2 ** -126;
const LN2 = fr(6.9314718246e-1);

/** fdlibm's "huge + x" (inexact) and math_check_force_underflow for a tiny x returned as it is. */
function tinyArgument(x: number): number {
  if (x !== 0) {
    mathStatus.exceptions |= FE_INEXACT;
    if (Math.abs(x) < FLT_MIN) mathStatus.exceptions |= FE_UNDERFLOW;
  }
  return x;
}

function domainError(): number {
  mathStatus.errno = EDOM;
  mathStatus.exceptions |= FE_INVALID;
  return Number.NaN;
}

export function asinhf(input: number): number {
  const x = fr(input);
  const ix = floatBits(x) & 0x7fffffff;
  if (ix < 0x38000000) return tinyArgument(x); // |x| < 2^-14
  let w: number;
  if (ix > 0x47000000) {
    // |x| > 2^14: log(2|x|) as log|x| + ln 2
    if (ix >= 0x7f800000) return x + x;
    w = add(fr(logf(Math.abs(x))), LN2);
  } else {
    const xa = Math.abs(x);
    if (ix > 0x40000000) {
      // 2 < |x| <= 2^14
      w = fr(logf(add(mul(2, xa), div(1, add(sqrt(add(mul(xa, xa), 1)), xa)))));
    } else {
      const t = mul(xa, xa);
      w = fr(log1pf(add(xa, div(t, add(1, sqrt(add(1, t)))))));
    }
  }
  return x < 0 ? -w : w;
}

export function acoshf(input: number): number {
  const x = fr(input);
  const hx = floatBits(x) | 0;
  if (Number.isNaN(x)) return x;
  if (hx < 0x3f800000) return domainError(); // x < 1
  if (hx >= 0x4d800000) {
    // x > 2^28: log(2x)
    if (hx >= 0x7f800000) return x + x;
    return add(fr(logf(x)), LN2);
  }
  if (hx === 0x3f800000) return 0;
  if (hx > 0x40000000) {
    const t = mul(x, x);
    return fr(logf(sub(mul(2, x), div(1, add(x, sqrt(sub(t, 1)))))));
  }
  const t = sub(x, 1);
  return fr(log1pf(add(t, sqrt(add(mul(2, t), mul(t, t))))));
}

export function atanhf(input: number): number {
  const x = fr(input);
  const xa = Math.abs(x);
  if (Number.isNaN(x)) return x;
  let t: number;
  if (xa < 0.5) {
    if (xa < 2 ** -28) return tinyArgument(x);
    t = add(xa, xa);
    t = mul(0.5, fr(log1pf(add(t, div(mul(t, xa), sub(1, xa))))));
  } else if (xa < 1) {
    t = mul(0.5, fr(log1pf(div(add(xa, xa), sub(1, xa)))));
  } else if (xa > 1) {
    return domainError();
  } else {
    mathStatus.errno = ERANGE;
    mathStatus.exceptions |= FE_DIVBYZERO;
    return x / 0;
  }
  return x < 0 ? -t : t;
}
