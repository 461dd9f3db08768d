// The double libm functions beyond exp/exp2/log/log2 (pow, cbrt, hypot, exp10, then the trigonometric,
// inverse, hyperbolic… families as they land), by name: spread into MATH_FUNCTIONS
// (./math-functions.ts).
import type { FunctionTable } from '../exports/binding-types.ts';
import { cbrt } from './cbrt.ts';
import { exp10 } from './exp10.ts';
import { hypot } from './hypot.ts';
import { pow } from './pow.ts';
import { doubleBinaryQuietingSignaling, doubleUnaryQuietingSignaling } from './signaling-nan.ts';

export const DOUBLE_FUNCTIONS: FunctionTable = {
  pow: doubleBinaryQuietingSignaling('pow', pow),
  __pow_finite: doubleBinaryQuietingSignaling('pow', pow),
  cbrt: doubleUnaryQuietingSignaling('cbrt', cbrt),
  hypot: doubleBinaryQuietingSignaling('hypot', hypot),
  __hypot_finite: doubleBinaryQuietingSignaling('hypot', hypot),
  exp10: doubleUnaryQuietingSignaling('exp10', exp10),
  pow10: doubleUnaryQuietingSignaling('exp10', exp10),
  __exp10_finite: doubleUnaryQuietingSignaling('exp10', exp10),
};
