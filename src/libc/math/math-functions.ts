// Every libm function Miros libc exports, by name (merged into the export table by
// ../exports/implementations.ts).
import type { FunctionTable } from '../exports/binding-types.ts';
import { fmaf as fmaFloat, fma as fused } from './error-free.ts';
import { EXACT_FUNCTIONS } from './exact-functions.ts';
import { exp, exp2 } from './exp.ts';
import { FENV_FUNCTIONS } from './fenv.ts';
import { log, log2 } from './log.ts';
import { begin, doubleUnary, finish, returnNaN } from './math-binding.ts';

export const MATH_FUNCTIONS: FunctionTable = {
  ...EXACT_FUNCTIONS,
  ...FENV_FUNCTIONS,
  exp: doubleUnary('exp', exp),
  __exp_finite: doubleUnary('exp', exp),
  exp2: doubleUnary('exp2', exp2),
  __exp2_finite: doubleUnary('exp2', exp2),
  log: doubleUnary('log', log),
  __log_finite: doubleUnary('log', log),
  log2: doubleUnary('log2', log2),
  __log2_finite: doubleUnary('log2', log2),
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
