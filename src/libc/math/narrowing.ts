// The narrowing operations fadd, fsub, fmul, fdiv, ffma and fsqrt: double arguments, the exact
// result rounded once to float in the current rounding mode (TS 18661-1). The exact result is
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
  isInfiniteBits,
  isNaNBits,
  isNegativeBits,
  isSignalingBits,
} from './ieee-bits.ts';
import { roundExact } from './round-exact.ts';

export type NarrowOperation = 'add' | 'sub' | 'mul' | 'div' | 'sqrt' | 'fma';

const FLOAT_SIGN = 0x80000000n;
const FLOAT_INFINITY = 0x7f800000n;
/** The default NaN of an invalid operation (SSE's, negative). */
const FLOAT_DEFAULT_NAN = 0xffc00000n;
const PRECISION = 24;

/** A double NaN as cvtsd2ss stores it: the top fraction bits, quieted. */
function narrowNaN(x: bigint): bigint {
  return (x >> 32n) & FLOAT_SIGN
    ? FLOAT_SIGN | narrowNaN(x & ~(1n << 63n))
    : FLOAT_INFINITY | 0x400000n | ((x >> 29n) & 0x7fffffn);
}

function invalid(): bigint {
  mathStatus.exceptions |= FE_INVALID;
  mathStatus.errno = EDOM;
  return FLOAT_DEFAULT_NAN;
}

function infinity(negative: boolean): bigint {
  return (negative ? FLOAT_SIGN : 0n) | FLOAT_INFINITY;
}

/** Sign of an exact zero sum of operands with these signs: -0 only for -0 + -0, or when rounding down. */
function zeroSumSign(a: boolean, b: boolean): bigint {
  return (a && b) || (a !== b && mathStatus.roundingMode === RoundingMode.Downward) ? FLOAT_SIGN : 0n;
}

interface Term {
  negative: boolean;
  significand: bigint;
  exponent: number;
}

/** The exact sum of two terms as one term (its significand may be 0). */
function addTerms(a: Term, b: Term): Term {
  const low = Math.min(a.exponent, b.exponent);
  const value = (t: Term): bigint => (t.negative ? -1n : 1n) * (t.significand << BigInt(t.exponent - low));
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

/** a + b for finite terms, with ERANGE when a non-zero sum rounds to zero. */
function finiteSum(a: Term, b: Term): bigint {
  const sum = addTerms(a, b);
  if (sum.significand === 0n) {
    return zeroSumSign(a.negative, b.negative);
  }
  return rounded(sum, false);
}

/** A non-zero exact value rounded, with glibc's ERANGE for an overflow or a result of zero. */
function rounded(t: Term, sticky: boolean): bigint {
  const r = roundExact(BINARY32, t.negative, t.significand, t.exponent, sticky);
  if ((r & ~FLOAT_SIGN) === 0n || (r & ~FLOAT_SIGN) === FLOAT_INFINITY) mathStatus.errno = ERANGE;
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

/** fadd, fsub, fmul, fdiv, ffma or fsqrt on double bits: the float result's bits. */
export function narrow(op: NarrowOperation, args: bigint[]): bigint {
  if (op !== 'fma') return narrowOperation(op, args);
  // glibc 2.36's ffma has no errno wrapper: only the flags tell.
  const r = narrowOperation(op, args);
  mathStatus.errno = 0;
  return r;
}

function narrowOperation(op: NarrowOperation, args: bigint[]): bigint {
  const f = BINARY64;
  if (args.some((a) => isNaNBits(f, a))) {
    if (args.some((a) => isSignalingBits(f, a))) mathStatus.exceptions |= FE_INVALID;
    // The fused multiply-add (VFMADD213SD) takes the NaN of its factors y, x before z's.
    const order = op === 'fma' ? [args[1]!, args[0]!, args[2]!] : args;
    return narrowNaN(order.find((a) => isNaNBits(f, a))! | f.quietBit);
  }
  const [x, y, z] = args as [bigint, bigint, bigint];
  const term = (a: bigint): Term => exactValue(f, a);
  const infinite = (a: bigint): boolean => isInfiniteBits(f, a);
  const zero = (a: bigint): boolean => (a & ~f.sign) === 0n;
  const negative = (a: bigint): boolean => isNegativeBits(f, a);
  switch (op) {
    case 'sub':
      return narrowOperation('add', [x, y ^ f.sign]);
    case 'add':
      if (infinite(x) || infinite(y)) {
        if (infinite(x) && infinite(y) && negative(x) !== negative(y)) return invalid();
        return infinity(infinite(x) ? negative(x) : negative(y));
      }
      return finiteSum(term(x), term(y));
    case 'mul': {
      const sign = negative(x) !== negative(y);
      if (infinite(x) || infinite(y)) return zero(x) || zero(y) ? invalid() : infinity(sign);
      if (zero(x) || zero(y)) return sign ? FLOAT_SIGN : 0n;
      return rounded(product(term(x), term(y)), false);
    }
    case 'div': {
      const sign = negative(x) !== negative(y);
      if (infinite(x)) return infinite(y) ? invalid() : infinity(sign);
      if (infinite(y) || zero(x)) return zero(y) ? invalid() : sign ? FLOAT_SIGN : 0n;
      if (zero(y)) {
        mathStatus.exceptions |= FE_DIVBYZERO;
        mathStatus.errno = ERANGE;
        return infinity(sign);
      }
      const a = term(x);
      const b = term(y);
      // Enough quotient bits for the float and its rounding bit, the rest in the sticky bit.
      const scale = bitLength(b.significand) + PRECISION + 2;
      const dividend = a.significand << BigInt(scale);
      const quotient = dividend / b.significand;
      const sticky = quotient * b.significand !== dividend;
      return rounded({ negative: sign, significand: quotient, exponent: a.exponent - b.exponent - scale }, sticky);
    }
    case 'sqrt': {
      if (zero(x)) return negative(x) ? FLOAT_SIGN : 0n;
      if (negative(x)) return invalid();
      if (infinite(x)) return FLOAT_INFINITY;
      const a = term(x);
      // An even exponent and at least 2·(24 + 2) significand bits.
      let shift = Math.max(0, 2 * (PRECISION + 2) - bitLength(a.significand));
      if ((a.exponent - shift) % 2 !== 0) shift++;
      const n = a.significand << BigInt(shift);
      const root = integerSquareRoot(n);
      return rounded({ negative: false, significand: root, exponent: (a.exponent - shift) / 2 }, root * root !== n);
    }
    case 'fma': {
      const sign = negative(x) !== negative(y);
      if (infinite(x) || infinite(y)) {
        if (zero(x) || zero(y)) return invalid();
        if (infinite(z) && negative(z) !== sign) return invalid();
        return infinity(sign);
      }
      if (infinite(z)) return infinity(negative(z));
      const p = product(term(x), term(y));
      if (p.significand === 0n || zero(z)) {
        if (p.significand === 0n && zero(z)) return zeroSumSign(sign, negative(z));
        if (p.significand === 0n) return rounded(term(z), false);
      }
      const sum = addTerms(p, term(z));
      if (sum.significand === 0n) return zeroSumSign(sign, negative(z));
      return rounded(sum, false);
    }
  }
}
