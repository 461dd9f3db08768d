// exp10 as glibc 2.36's e_exp10.c compiles on this machine (no IFUNC; __exp10_finite at
// libm+0x32810): x split into a high part with 26 significant bits and the rest, so that
// 10^x = exp(xhi·ln10_hi) · exp(xlo·ln10 + xhi·ln10_lo), both exps glibc's (./exp.ts, the FMA
// variant its internal calls reach). Outside (-332, 309] the result is 0 or inf outright, below
// 2^-56 in magnitude it is 1. errno as the exp10 wrapper: ERANGE for an infinite or zero result
// of a finite x.

import { ERANGE, mathStatus } from './exact.ts';
import { exp } from './exp.ts';
import { FE_INEXACT, FE_OVERFLOW, FE_UNDERFLOW } from './fenv.ts';

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

const LOWEST = -332.0; // DBL_MIN_10_EXP - DBL_DIG - 10
const HIGHEST = 309.0; // DBL_MAX_10_EXP + 1
const TINY = 2 ** -56;
const LN10 = Math.LN10; // M_LN10, the same double libm stores (0x1.26bb1bbb55516p+1)
const LN10_HIGH = 2.3025850653648376; // 0x1.26bb1b8p+1: 26 bits, so xhi·LN10_HIGH is exact
const LN10_LOW = 2.7629208037533617e-8;
const DBL_MIN = 2 ** -1022;

function core(x: number): number {
  if (!Number.isFinite(x)) return exp(x);
  if (x < LOWEST) {
    mathStatus.exceptions |= FE_UNDERFLOW | FE_INEXACT;
    return 0;
  }
  if (x > HIGHEST) {
    mathStatus.exceptions |= FE_OVERFLOW | FE_INEXACT;
    return Number.POSITIVE_INFINITY;
  }
  if (Math.abs(x) < TINY) return 1.0;
  f64[0] = x;
  u32[0] = u32[0]! & 0xf8000000;
  const xHigh = f64[0]!;
  const expLow = (x - xHigh) * LN10 + xHigh * LN10_LOW;
  const a = exp(xHigh * LN10_HIGH);
  const b = exp(expLow);
  const r = a * b;
  // The product's own flags: overflow, or a tiny (and in practice inexact) result.
  if (!Number.isFinite(r) && Number.isFinite(a)) mathStatus.exceptions |= FE_OVERFLOW | FE_INEXACT;
  else if (Math.abs(r) < DBL_MIN && a !== 0) mathStatus.exceptions |= FE_UNDERFLOW | FE_INEXACT;
  return r;
}

export function exp10(x: number): number {
  const r = core(x);
  if ((!Number.isFinite(r) || r === 0) && Number.isFinite(x)) mathStatus.errno = ERANGE;
  return r;
}
