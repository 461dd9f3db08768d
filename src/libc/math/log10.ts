// log10 as glibc 2.36 computes it on this machine: e_log10.c (x = 2^k·m with m in [1, 2), or
// [0.5, 1) with k + 1 when k < 0, then y·log10_2lo + ivln10·log(m) + y·log10_2hi with y = k),
// compiled without fused operations; its log call goes through the IFUNC to __log_fma, which
// ./log.ts reproduces.
//
// errno and flags come from the old-style wrapper log10@GLIBC_2.2.5 (w_log10_compat.c): for
// x <= 0 it raises divide-by-zero (x = ±0) or invalid (x < 0) itself and returns what
// __kernel_standard gives: -HUGE_VAL with ERANGE, or the constant NAN — positive, unlike the
// default NaN of SSE arithmetic — with EDOM. The binding below writes that NaN's bits.

import type { LibcFunction } from '../exports/binding-types.ts';
import { fromWords, highWord, lowWord } from './bit-views.ts';
import { EDOM, ERANGE, mathStatus } from './exact.ts';
import { FE_DIVBYZERO, FE_INEXACT, FE_INVALID } from './fenv.ts';
import { log } from './log.ts';
import { begin, finish, returnNaN } from './math-binding.ts';
import { hasSignalingNaN } from './signaling-nan.ts';

const TWO54 = 2 ** 54;
const IVLN10 = fromWords(0x3fdbcb7b, 0x1526e50e);
const LOG10_2HI = fromWords(0x3fd34413, 0x509f6000);
const LOG10_2LO = fromWords(0x3d59fef3, 0x11f12b36);

/** __ieee754_log10 for x > 0 or NaN (the wrapper, log10 below, answers x <= 0): flags only. */
function log10Kernel(input: number): number {
  if (!(input < Number.POSITIVE_INFINITY)) return input + input; // +inf, NaN
  let x = input;
  let k = 0;
  if (x < 2 ** -1022) {
    k = -54;
    x *= TWO54; // subnormal: scale up exactly
  }
  const hx = highWord(x);
  k += (hx >> 20) - 1023;
  const i = k < 0 ? 1 : 0;
  const y = k + i;
  const m = fromWords((hx & 0x000fffff) | ((0x3ff - i) << 20), lowWord(x));
  const z = y * LOG10_2LO + IVLN10 * log(m);
  // log(1) = 0 is exact; every other sum rounds (log10_2lo has all 53 significand bits).
  if (y !== 0) mathStatus.exceptions |= FE_INEXACT;
  return z + y * LOG10_2HI;
}

export function log10(x: number): number {
  if (x <= 0) {
    if (x === 0) {
      mathStatus.errno = ERANGE;
      mathStatus.exceptions |= FE_DIVBYZERO;
      return Number.NEGATIVE_INFINITY;
    }
    mathStatus.errno = EDOM;
    mathStatus.exceptions |= FE_INVALID;
    return Number.NaN;
  }
  return log10Kernel(x);
}

export const log10Entry: LibcFunction = (f, libc) => {
  begin(f.cpu);
  const x = f.double(0);
  const r = hasSignalingNaN(f.cpu, 1) ? Number.NaN : log10(x);
  if (Number.isNaN(r) && x < 0) {
    // __kernel_standard's NAN: 0x7ff8000000000000.
    f.cpu.xmmU32[0] = 0;
    f.cpu.xmmU32[1] = 0x7ff80000;
  } else if (Number.isNaN(r)) returnNaN(f.cpu, false, 1);
  else f.returnDouble(r);
  finish(f, libc, r, 'log10');
  return undefined;
};
