// Every libm function Miros libc exports, by name (merged into the export table by
// ../exports/implementations.ts).
import type { FunctionTable } from '../exports/binding-types.ts';
import { checkWrite } from '../runtime/guest-access.ts';
import { DOUBLE_FUNCTIONS } from './double-functions.ts';
import { fmaf as fmaFloat, fma as fused } from './error-free.ts';
import { EXACT_FUNCTIONS } from './exact-functions.ts';
import { exp, exp2 } from './exp.ts';
import { FENV_FUNCTIONS } from './fenv.ts';
import { FLOAT_FUNCTIONS } from './float-functions.ts';
import { FLOAT80_EXPONENT_MASK, type Float80, float80, readFloat80 } from './float80.ts';
import { IEEE_FUNCTIONS } from './ieee-bindings.ts';
import { log, log2 } from './log.ts';
import { begin, doubleUnary, finish, returnNaN } from './math-binding.ts';
import { MORE_FUNCTIONS } from './more-functions.ts';
import { TRIG_FUNCTIONS } from './trig-functions.ts';

/** Bit 30 of a long double's high significand word: set in a quiet NaN. */
const QUIET_BIT = 0x40000000;
/** Biased exponent of a long double in [0.5, 1). */
const HALF_EXPONENT = 0x3ffe;

/**
 * frexpl (glibc's ldbl-96 s_frexpl.c): x = m · 2^e with |m| in [0.5, 1). Zero, infinities and
 * NaNs come back as x + x (a signalling NaN quietened) with e = 0; a denormal is normalised first.
 * The long double argument is in memory above the return address (System V class MEMORY).
 */
function frexpl(x: Float80): { m: Float80; e: number } {
  const sign = x.signExponent & 0x8000;
  const biased = x.signExponent & FLOAT80_EXPONENT_MASK;
  if (biased === FLOAT80_EXPONENT_MASK)
    return {
      m: float80(x.signExponent, x.high | (x.low !== 0 || (x.high & 0x7fffffff) !== 0 ? QUIET_BIT : 0), x.low),
      e: 0,
    };
  let high = x.high;
  let low = x.low;
  if (high === 0 && low === 0) return { m: x, e: 0 };
  let exponent = biased === 0 ? 1 : biased;
  // Denormals (and unnormals): shift the significand up until its integer bit is set.
  while ((high & 0x80000000) === 0) {
    high = ((high << 1) | (low >>> 31)) >>> 0;
    low = (low << 1) >>> 0;
    exponent--;
  }
  return { m: float80(sign | HALF_EXPONENT, high, low), e: exponent - HALF_EXPONENT };
}

export const MATH_FUNCTIONS: FunctionTable = {
  ...EXACT_FUNCTIONS,
  ...FENV_FUNCTIONS,
  // IEEE 754 / TS 18661 functions: nextup, fmaximum, totalorder, payloads, fromfp, fadd… (./ieee-bindings.ts)
  ...IEEE_FUNCTIONS,
  // double block (pow, trigonometric, inverse, hyperbolic…: ./double-functions.ts)
  ...DOUBLE_FUNCTIONS,
  ...TRIG_FUNCTIONS,
  exp: doubleUnary('exp', exp),
  __exp_finite: doubleUnary('exp', exp),
  exp2: doubleUnary('exp2', exp2),
  __exp2_finite: doubleUnary('exp2', exp2),
  log: doubleUnary('log', log),
  __log_finite: doubleUnary('log', log),
  log2: doubleUnary('log2', log2),
  __log2_finite: doubleUnary('log2', log2),
  // float and long double block (./float-functions.ts)
  ...FLOAT_FUNCTIONS,
  ...MORE_FUNCTIONS,
  frexpl: (f, libc) => {
    const { m, e } = frexpl(readFloat80(libc.memory.view, f.sp + 8));
    const exponentAt = f.ptr(0);
    checkWrite(libc.memory, exponentAt, 4);
    libc.memory.view.setInt32(exponentAt, e, true);
    f.returnLongDouble(m);
    return undefined;
  },
  fma: (f, libc) => {
    begin(f.cpu);
    const r = fused(f.double(0), f.double(1), f.double(2));
    if (Number.isNaN(r)) returnNaN(f.cpu, false, 3);
    else f.returnDouble(r);
    finish(f, libc, r, 'fma');
    return undefined;
  },
  fmaf: (f, libc) => {
    begin(f.cpu);
    const r = fmaFloat(f.float(0), f.float(1), f.float(2));
    if (Number.isNaN(r)) returnNaN(f.cpu, true, 3);
    else f.returnFloat(r);
    finish(f, libc, r, 'fmaf');
    return undefined;
  },
};
