// The double libm functions beyond exp/exp2/log/log2 (pow, cbrt, hypot, then the trigonometric,
// inverse, hyperbolic… families as they land), by name: spread into MATH_FUNCTIONS
// (./math-functions.ts).
import type { FunctionTable } from '../exports/binding-types.ts';
import { cbrt } from './cbrt.ts';
import { hypot } from './hypot.ts';
import { pow } from './pow.ts';
import { doubleBinaryQuietingSignaling, doubleUnaryQuietingSignaling } from './signaling-nan.ts';

export const DOUBLE_FUNCTIONS: FunctionTable = {
  pow: doubleBinaryQuietingSignaling('pow', pow),
  __pow_finite: doubleBinaryQuietingSignaling('pow', pow),
  cbrt: doubleUnaryQuietingSignaling('cbrt', cbrt),
  hypot: doubleBinaryQuietingSignaling('hypot', hypot),
  __hypot_finite: doubleBinaryQuietingSignaling('hypot', hypot),
};
