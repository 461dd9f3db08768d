// The double libm functions beyond exp/exp2/log/log2 (pow, then the trigonometric, inverse,
// hyperbolic… families as they land), by name: spread into MATH_FUNCTIONS (./math-functions.ts).
import type { FunctionTable } from '../exports/binding-types.ts';
import { pow } from './pow.ts';
import { doubleBinaryQuietingSignaling } from './signaling-nan.ts';

export const DOUBLE_FUNCTIONS: FunctionTable = {
  pow: doubleBinaryQuietingSignaling('pow', pow),
  __pow_finite: doubleBinaryQuietingSignaling('pow', pow),
};
