// The libm entries of the "more libm" step (log1p, expm1, log10, the hyperbolic and error
// functions), by name: spread into MATH_FUNCTIONS (./math-functions.ts). The float
// ones (cosf, sincosf…) are in ./float-functions.ts.
import type { FunctionTable } from '../exports/binding-types.ts';
import { erf, erfc } from './erf.ts';
import { expm1 } from './expm1.ts';
import { acosh, asinh, atanh, cosh, sinh, tanh } from './hyperbolic.ts';
import { log1p } from './log1p.ts';
import { log10Entry } from './log10.ts';
import { doubleUnaryQuietingSignaling } from './signaling-nan.ts';

export const MORE_FUNCTIONS: FunctionTable = {
  log1p: doubleUnaryQuietingSignaling('log1p', log1p),
  expm1: doubleUnaryQuietingSignaling('expm1', expm1),
  log10: log10Entry,
  __log10_finite: log10Entry,
  sinh: doubleUnaryQuietingSignaling('sinh', sinh),
  __sinh_finite: doubleUnaryQuietingSignaling('sinh', sinh),
  cosh: doubleUnaryQuietingSignaling('cosh', cosh),
  __cosh_finite: doubleUnaryQuietingSignaling('cosh', cosh),
  tanh: doubleUnaryQuietingSignaling('tanh', tanh),
  asinh: doubleUnaryQuietingSignaling('asinh', asinh),
  acosh: doubleUnaryQuietingSignaling('acosh', acosh),
  __acosh_finite: doubleUnaryQuietingSignaling('acosh', acosh),
  atanh: doubleUnaryQuietingSignaling('atanh', atanh),
  __atanh_finite: doubleUnaryQuietingSignaling('atanh', atanh),
  erf: doubleUnaryQuietingSignaling('erf', erf),
  erfc: doubleUnaryQuietingSignaling('erfc', erfc),
};
