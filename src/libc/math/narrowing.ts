// The narrowing operations fadd, fsub, fmul, fdiv, ffma and fsqrt: double arguments, the exact
// result rounded once to float in the current rounding mode (TS 18661-1); f32xaddf64 and the
// others of that form round once to double. The exact result is
// computed with bigints (sign · integer · 2^exponent, plus a sticky bit for quotients and roots),
// so no double rounding can creep in. Flags are IEEE's with tininess detected after rounding (as
// x86 does); errno is glibc 2.36's: EDOM for a NaN made from numbers, ERANGE for an overflow from
// finite operands (a division by zero included) and for a non-zero exact result rounded to zero;
// ffma sets none.
import { RoundingMode } from '../stdio/format/format-io.ts';
import { EDOM, ERANGE, mathStatus } from './exact.ts';
import { FE_DIVBYZERO, FE_INVALID } from './fenv.ts';
import {
  BINARY32,
  BINARY64,
  exactValue,
  type IeeeFormat,
  isInfiniteBits,
  isNaNBits,
  isNegativeBits,
  isSignalingBits,
} from './ieee-bits.ts';
import { roundExact } from './round-exact.ts';

export type NarrowOperation = 'add' | 'sub' | 'mul' | 'div' | 'sqrt' | 'fma';

/** A double NaN (quieted) in the target format: cvtsd2ss keeps the sign and the top fraction bits. */
function narrowNaN(t: IeeeFormat, x: bigint): bigint {
  if (t === BINARY64) return x;
  const sign = x & BINARY64.sign ? t.sign : 0n;
  return sign | t.exponentMask | ((x & BINARY64.fractionMask) >> (BINARY64.fractionBits - t.fractionBits));
}

/** An invalid operation: the default NaN (SSE's, negative) with EDOM. */
function invalid(t: IeeeFormat): bigint {
  mathStatus.exceptions |= FE_INVALID;
  mathStatus.errno = EDOM;
  return t.sign | t.exponentMask | t.quietBit;
}

function infinity(t: IeeeFormat, negative: boolean): bigint {
  return (negative ? t.sign : 0n) | t.exponentMask;
}

function signedZero(t: IeeeFormat, negative: boolean): bigint {
  return negative ? t.sign : 0n;
}

/** Sign of an exact zero sum of operands with these signs: -0 only for -0 + -0, or when rounding down. */
function zeroSum(t: IeeeFormat, a: boolean, b: boolean): bigint {
  return signedZero(t, (a && b) || (a !== b && mathStatus.roundingMode === RoundingMode.Downward));
}

interface Term {
  negative: boolean;
  significand: bigint;
  exponent: number;
}

/** The exact sum of two terms as one term (its significand may be 0). */
function addTerms(a: Term, b: Term): Term {
  const low = Math.min(a.exponent, b.exponent);
  const value = (term: Term): bigint => (term.negative ? -1n : 1n) * (term.significand << BigInt(term.exponent - low));
  const sum = value(a) + value(b);
  return { negative: sum < 0n, significand: sum < 0n ? -sum : sum, exponent: low };
}

function product(a: Term, b: Term): Term {
  return {
    negative: a.negative !== b.negative,
    significand: a.significand * b.significand,
    exponent: a.exponent + b.exponent,
  };
}

/** A non-zero exact value rounded, with glibc's ERANGE for an infinite result or a result of zero. */
function rounded(t: IeeeFormat, term: Term, sticky: boolean): bigint {
  const r = roundExact(t, term.negative, term.significand, term.exponent, sticky);
  const magnitude = r & ~t.sign;
  if (magnitude === 0n || magnitude === t.exponentMask) mathStatus.errno = ERANGE;
  return r;
}

function bitLength(x: bigint): number {
  return x.toString(2).length;
}

function integerSquareRoot(n: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << BigInt(Math.ceil(bitLength(n) / 2));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/**
 * fadd, fsub, fmul, fdiv, ffma or fsqrt (target binary32) or f32xaddf64, f32xsubf64, f32xmulf64,
 * f32xdivf64 (target binary64) on double bits: the result's bits in the target format.
 */
export function narrow(op: NarrowOperation, args: bigint[], target: IeeeFormat = BINARY32): bigint {
  if (op !== 'fma') return narrowOperation(op, args, target);
  // glibc 2.36's ffma has no errno wrapper: only the flags tell.
  const r = narrowOperation(op, args, target);
  mathStatus.errno = 0;
  return r;
}

function narrowOperation(op: NarrowOperation, args: bigint[], t: IeeeFormat): bigint {
  const f = BINARY64;
  if (args.some((a) => isNaNBits(f, a))) {
    if (args.some((a) => isSignalingBits(f, a))) mathStatus.exceptions |= FE_INVALID;
    // The fused multiply-add (VFMADD213SD) takes the NaN of its factors y, x before z's.
    const order = op === 'fma' ? [args[1]!, args[0]!, args[2]!] : args;
    return narrowNaN(t, order.find((a) => isNaNBits(f, a))! | f.quietBit);
  }
  const precision = Number(t.fractionBits) + 1;
  const [x, y, z] = args as [bigint, bigint, bigint];
  const term = (a: bigint): Term => exactValue(f, a);
  const infinite = (a: bigint): boolean => isInfiniteBits(f, a);
  const zero = (a: bigint): boolean => (a & ~f.sign) === 0n;
  const negative = (a: bigint): boolean => isNegativeBits(f, a);
  switch (op) {
    case 'sub':
      return narrowOperation('add', [x, y ^ f.sign], t);
    case 'add': {
      if (infinite(x) || infinite(y)) {
        if (infinite(x) && infinite(y) && negative(x) !== negative(y)) return invalid(t);
        return infinity(t, infinite(x) ? negative(x) : negative(y));
      }
      const sum = addTerms(term(x), term(y));
      return sum.significand === 0n ? zeroSum(t, negative(x), negative(y)) : rounded(t, sum, false);
    }
    case 'mul': {
      const sign = negative(x) !== negative(y);
      if (infinite(x) || infinite(y)) return zero(x) || zero(y) ? invalid(t) : infinity(t, sign);
      if (zero(x) || zero(y)) return signedZero(t, sign);
      return rounded(t, product(term(x), term(y)), false);
    }
    case 'div': {
      const sign = negative(x) !== negative(y);
      if (infinite(x)) return infinite(y) ? invalid(t) : infinity(t, sign);
      if (infinite(y) || zero(x)) return zero(y) ? invalid(t) : signedZero(t, sign);
      if (zero(y)) {
        mathStatus.exceptions |= FE_DIVBYZERO;
        mathStatus.errno = ERANGE;
        return infinity(t, sign);
      }
      const a = term(x);
      const b = term(y);
      // Enough quotient bits for the result and its rounding bit, the rest in the sticky bit.
      const scale = bitLength(b.significand) + precision + 2;
      const dividend = a.significand << BigInt(scale);
      const quotient = dividend / b.significand;
      const sticky = quotient * b.significand !== dividend;
      return rounded(t, { negative: sign, significand: quotient, exponent: a.exponent - b.exponent - scale }, sticky);
    }
    case 'sqrt': {
      if (zero(x)) return signedZero(t, negative(x));
      if (negative(x)) return invalid(t);
      if (infinite(x)) return t.exponentMask;
      const a = term(x);
      // An even exponent and at least 2·(precision + 2) significand bits.
      let shift = Math.max(0, 2 * (precision + 2) - bitLength(a.significand));
      if ((a.exponent - shift) % 2 !== 0) shift++;
      const n = a.significand << BigInt(shift);
      const root = integerSquareRoot(n);
      return rounded(t, { negative: false, significand: root, exponent: (a.exponent - shift) / 2 }, root * root !== n);
    }
    case 'fma': {
      const sign = negative(x) !== negative(y);
      if (infinite(x) || infinite(y)) {
        if (zero(x) || zero(y)) return invalid(t);
        if (infinite(z) && negative(z) !== sign) return invalid(t);
        return infinity(t, sign);
      }
      if (infinite(z)) return infinity(t, negative(z));
      const p = product(term(x), term(y));
      const sum = addTerms(p, zero(z) ? { negative: negative(z), significand: 0n, exponent: 0 } : term(z));
      if (sum.significand === 0n) return zeroSum(t, sign, negative(z));
      return rounded(t, sum, false);
    }
  }
}
