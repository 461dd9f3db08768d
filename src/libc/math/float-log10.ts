// log10f as glibc 2.36 computes it on this machine: flt-32 e_log10f.c (x = 2^k·m, then
// y·log10_2lo + ivln10·logf(m) + y·log10_2hi in float arithmetic) on the FMA logf
// (./float-exp-log.ts, reached through an IRELATIVE slot). errno and flags from the old-style
// wrapper log10f@GLIBC_2.2.5: for x <= 0 it raises divide-by-zero (±0) or invalid (x < 0) and
// returns __kernel_standard_f's -HUGE_VALF with ERANGE or its positive NAN with EDOM; the
// binding writes that NaN's bits (0x7fc00000), which SSE arithmetic would not give.

import type { LibcFunction } from '../exports/binding-types.ts';
import { floatBits, floatFromBits } from './bit-views.ts';
import { EDOM, ERANGE, mathStatus } from './exact.ts';
import { FE_DIVBYZERO, FE_INEXACT, FE_INVALID } from './fenv.ts';
import { logf } from './float-exp-log.ts';
import { begin, finish, returnNaN } from './math-binding.ts';

const fr = Math.fround;
const TWO25 = 2 ** 25;
const IVLN10 = floatFromBits(0x3ede5bd9);
const LOG10_2HI = floatFromBits(0x3e9a2080);
const LOG10_2LO = floatFromBits(0x355427db);

export function log10f(input: number): number {
  let x = fr(input);
  if (x <= 0) {
    mathStatus.errno = x === 0 ? ERANGE : EDOM;
    mathStatus.exceptions |= x === 0 ? FE_DIVBYZERO : FE_INVALID;
    return x === 0 ? Number.NEGATIVE_INFINITY : Number.NaN;
  }
  let hx = floatBits(x) | 0;
  let k = 0;
  if (hx < 0x00800000) {
    if (hx < 0) return Number.NaN; // a negative NaN: (x - x)/(x - x)
    k = -25;
    x = fr(x * TWO25); // subnormal: scale up exactly
    hx = floatBits(x) | 0;
  }
  if (hx >= 0x7f800000) return x + x;
  k += (hx >> 23) - 127;
  const i = k < 0 ? 1 : 0;
  const y = k + i;
  const m = floatFromBits((hx & 0x007fffff) | ((0x7f - i) << 23));
  const z = fr(fr(y * LOG10_2LO) + fr(IVLN10 * fr(logf(m))));
  if (y !== 0) mathStatus.exceptions |= FE_INEXACT;
  return fr(z + fr(y * LOG10_2HI));
}

export const log10fEntry: LibcFunction = (f, libc) => {
  begin(f.cpu);
  const x = f.float(0);
  const r = Math.fround(log10f(x));
  if (Number.isNaN(r) && x < 0) f.cpu.xmmU32[0] = 0x7fc00000;
  else if (Number.isNaN(r)) returnNaN(f.cpu, true, 1);
  else f.returnFloat(r);
  finish(f, libc, r, 'log10f');
  return undefined;
};
