// Rounding an exact value, sign · integer · 2^exponent (and a sticky bit standing for anything
// non-zero below it), once to binary32 or binary64 in the current rounding mode, with IEEE's
// flags: inexact, overflow, and underflow for a tiny inexact result, tininess detected after
// rounding as x86 does (rounded to the format's precision with an unbounded exponent, below the
// least normal). The narrowing operations and scalb round through it.
import { RoundingMode } from '../stdio/format/format-io.ts';
import { mathStatus } from './exact.ts';
import { FE_INEXACT, FE_OVERFLOW, FE_UNDERFLOW } from './fenv.ts';
import type { IeeeFormat } from './ieee-bits.ts';

/** Whether dropping `remainder` (compared with `half` a unit) rounds the kept units away from zero. */
function roundsAway(negative: boolean, odd: boolean, remainder: bigint, half: bigint, sticky: boolean): boolean {
  const inexact = remainder !== 0n || sticky;
  switch (mathStatus.roundingMode) {
    case RoundingMode.Downward:
      return inexact && negative;
    case RoundingMode.Upward:
      return inexact && !negative;
    case RoundingMode.TowardZero:
      return false;
    default:
      return remainder > half || (remainder === half && (sticky || odd));
  }
}

/** The magnitude as a rounded count of 2^quantum units, and whether that was inexact. */
function roundAt(
  negative: boolean,
  significand: bigint,
  exponent: number,
  sticky: boolean,
  quantum: number,
): { units: bigint; inexact: boolean } {
  const shift = quantum - exponent;
  if (shift <= 0) return { units: significand << BigInt(-shift), inexact: sticky };
  const s = BigInt(shift);
  let units = significand >> s;
  const remainder = significand & ((1n << s) - 1n);
  if (roundsAway(negative, (units & 1n) === 1n, remainder, 1n << (s - 1n), sticky)) units++;
  return { units, inexact: remainder !== 0n || sticky };
}

/** ±significand · 2^exponent (+ sticky) rounded to the format's bits; significand must not be 0. */
export function roundExact(
  f: IeeeFormat,
  negative: boolean,
  significand: bigint,
  exponent: number,
  sticky: boolean,
): bigint {
  const fractionBits = Number(f.fractionBits);
  const precision = fractionBits + 1;
  const leastQuantum = 1 - f.bias - fractionBits;
  const sign = negative ? f.sign : 0n;
  const top = exponent + significand.toString(2).length - 1;
  let quantum = Math.max(top - precision + 1, leastQuantum);
  let { units, inexact } = roundAt(negative, significand, exponent, sticky, quantum);
  if (units === 1n << BigInt(precision)) {
    units >>= 1n;
    quantum++;
  }
  if (quantum + precision - 1 > f.bias) {
    mathStatus.exceptions |= FE_OVERFLOW | FE_INEXACT;
    const toInfinity =
      mathStatus.roundingMode === RoundingMode.ToNearest ||
      (mathStatus.roundingMode === RoundingMode.Upward && !negative) ||
      (mathStatus.roundingMode === RoundingMode.Downward && negative);
    // The largest finite value is the infinity's bits minus one.
    return sign | (toInfinity ? f.exponentMask : f.exponentMask - 1n);
  }
  if (inexact) {
    mathStatus.exceptions |= FE_INEXACT;
    const unbounded = roundAt(negative, significand, exponent, sticky, top - precision + 1);
    const roundedTop = top + (unbounded.units === 1n << BigInt(precision) ? 1 : 0);
    if (roundedTop < 1 - f.bias) mathStatus.exceptions |= FE_UNDERFLOW;
  }
  // Subnormals (units below 2^fractionBits at the least quantum) come out with a zero exponent field.
  return sign | ((BigInt(quantum - leastQuantum + 1) << f.fractionBits) + units - (1n << f.fractionBits));
}
