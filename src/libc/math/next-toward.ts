// nexttoward(x, long double y) and nexttowardf: the neighbour of x in y's direction, y compared
// exactly as an x87 extended value. As glibc 2.36 does it: a NaN comes from the x87 addition
// x + y (x87's choice between two NaNs); a result that overflows raises overflow
// and inexact with ERANGE, a subnormal or zero result underflow and inexact with ERANGE; stepping
// off zero raises underflow and inexact without errno.
import { ERANGE, mathStatus } from './exact.ts';
import { FE_INEXACT, FE_INVALID, FE_OVERFLOW, FE_UNDERFLOW } from './fenv.ts';
import { FLOAT80_EXPONENT_BIAS, FLOAT80_EXPONENT_MASK, type Float80 } from './float80.ts';
import {
  BINARY64,
  exactValue,
  type IeeeFormat,
  isInfiniteBits,
  isNaNBits,
  isNegativeBits,
  magnitudeBits,
} from './ieee-bits.ts';

const EXTENDED_QUIET = 1n << 62n;
const EXTENDED_INTEGER = 1n << 63n;

function extendedSignificand(y: Float80): bigint {
  return (BigInt(y.high) << 32n) | BigInt(y.low);
}

function isExtendedNaN(y: Float80): boolean {
  return (
    (y.signExponent & FLOAT80_EXPONENT_MASK) === FLOAT80_EXPONENT_MASK &&
    (extendedSignificand(y) & ~EXTENDED_INTEGER) !== 0n
  );
}

interface NaNOperand {
  negative: boolean;
  /** The extended significand (integer bit set), quiet bit as it was. */
  significand: bigint;
  signaling: boolean;
}

/**
 * x + y in the x87 unit with a NaN among them, stored back to x's format, as measured: a double x
 * is loaded (and quieted) first, a float x is a memory operand; a quiet NaN beats a signaling one,
 * else the larger significand wins, the positive one on a tie; a signaling operand raises invalid.
 */
function x87NaN(f: IeeeFormat, x: bigint, y: Float80): bigint {
  const shift = 63n - f.fractionBits;
  const operands: NaNOperand[] = [];
  if (isExtendedNaN(y)) {
    const significand = extendedSignificand(y);
    operands.push({
      negative: (y.signExponent & 0x8000) !== 0,
      significand,
      signaling: (significand & EXTENDED_QUIET) === 0n,
    });
  }
  if (isNaNBits(f, x)) {
    const signaling = (x & f.quietBit) === 0n;
    // The double is loaded into the x87 unit first (quieted there); the float is added from memory.
    const loaded = f === BINARY64;
    operands.push({
      negative: isNegativeBits(f, x),
      significand: EXTENDED_INTEGER | ((x & f.fractionMask) << shift) | (loaded ? EXTENDED_QUIET : 0n),
      signaling: signaling && !loaded,
    });
    if (signaling) mathStatus.exceptions |= FE_INVALID;
  }
  if (operands.some((o) => o.signaling)) mathStatus.exceptions |= FE_INVALID;
  let chosen = operands[0]!;
  const other = operands[1];
  if (other !== undefined) {
    if (chosen.signaling !== other.signaling) chosen = chosen.signaling ? other : chosen;
    else if (other.significand > chosen.significand) chosen = other;
    else if (other.significand === chosen.significand && !other.negative) chosen = other;
  }
  const fraction = ((chosen.significand | EXTENDED_QUIET) >> shift) & f.fractionMask;
  return (chosen.negative ? f.sign : 0n) | f.exponentMask | fraction;
}

/** sign · significand · 2^exponent, or an infinity. */
interface Exact {
  negative: boolean;
  significand: bigint;
  exponent: number;
  infinite: boolean;
}

function exactOfFormat(f: IeeeFormat, x: bigint): Exact {
  return { ...exactValue(f, x), infinite: isInfiniteBits(f, x) };
}

function exactOfExtended(y: Float80): Exact {
  const biased = y.signExponent & FLOAT80_EXPONENT_MASK;
  return {
    negative: (y.signExponent & 0x8000) !== 0,
    significand: extendedSignificand(y),
    exponent: (biased === 0 ? 1 : biased) - FLOAT80_EXPONENT_BIAS - 63,
    infinite: biased === FLOAT80_EXPONENT_MASK,
  };
}

/** -1, 0 or 1 as a is below, equal to or above b. */
function compare(a: Exact, b: Exact): number {
  const signed = (v: Exact, shift: number): bigint => {
    const m = v.infinite ? 1n << 20000n : v.significand << BigInt(shift);
    return v.negative ? -m : m;
  };
  const low = Math.min(a.exponent, b.exponent);
  const x = signed(a, a.exponent - low);
  const y = signed(b, b.exponent - low);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function nextToward(f: IeeeFormat, x: bigint, y: Float80): bigint {
  if (isNaNBits(f, x) || isExtendedNaN(y)) return x87NaN(f, x, y);
  const order = compare(exactOfFormat(f, x), exactOfExtended(y));
  const yNegative = (y.signExponent & 0x8000) !== 0;
  if (order === 0) return magnitudeBits(f, x) === 0n ? (yNegative ? f.sign : 0n) : x;
  if (magnitudeBits(f, x) === 0n) {
    mathStatus.exceptions |= FE_UNDERFLOW | FE_INEXACT;
    return (yNegative ? f.sign : 0n) | 1n;
  }
  // Away from zero when y is beyond x on x's side.
  const away = order < 0 !== isNegativeBits(f, x);
  const result = away ? x + 1n : x - 1n;
  const exponentField = result & f.exponentMask;
  if (exponentField === f.exponentMask) {
    mathStatus.exceptions |= FE_OVERFLOW | FE_INEXACT;
    mathStatus.errno = ERANGE;
  } else if (exponentField === 0n) {
    mathStatus.exceptions |= FE_UNDERFLOW | FE_INEXACT;
    mathStatus.errno = ERANGE;
  }
  return result;
}
