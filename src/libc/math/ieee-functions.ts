// The IEEE 754-2008 / TS 18661-1 operations of math.h that glibc 2.36 exports (nextup, nextdown,
// canonicalize, the fmaximum family and fmaxmag/fminmag, totalorder, NaN payloads, nan(),
// fromfp, llogb, significand, scalb), on raw bits (./ieee-bits.ts) so that NaN payloads, their
// signs and signaling bits come out as glibc's. Each reports errno and the exception flags it
// raises through `mathStatus` (exceptions are exactly the flags raised: the bindings in
// ./ieee-bindings.ts derive nothing from errno).
import { EDOM, ERANGE, mathStatus } from './exact.ts';
import { FE_INEXACT, FE_INVALID } from './fenv.ts';
import {
  anySignaling,
  BINARY32,
  bitsToNumber,
  exactValue,
  type IeeeFormat,
  isInfiniteBits,
  isNaNBits,
  isNegativeBits,
  isSignalingBits,
  magnitudeBits,
  numberToBits,
  propagateNaN,
} from './ieee-bits.ts';
import { roundExact } from './round-exact.ts';

/** x + x on a NaN: quieted, invalid when it was signaling. */
function quietNaN(f: IeeeFormat, x: bigint): bigint {
  if (isSignalingBits(f, x)) mathStatus.exceptions |= FE_INVALID;
  return x | f.quietBit;
}

/** x + y with a NaN among them: SSE's choice of NaN, invalid for a signaling operand. */
function addNaNs(f: IeeeFormat, x: bigint, y: bigint): bigint {
  if (anySignaling(f, x, y)) mathStatus.exceptions |= FE_INVALID;
  return propagateNaN(f, x, y)!;
}

/** nextup: the least value above x (-0 and +0 go to the least subnormal, -inf to -max). */
export function nextUp(f: IeeeFormat, x: bigint): bigint {
  if (isNaNBits(f, x)) return quietNaN(f, x);
  if (magnitudeBits(f, x) === 0n) return 1n;
  if (x === f.exponentMask) return x;
  return isNegativeBits(f, x) ? x - 1n : x + 1n;
}

/** nextdown(x) = -nextup(-x) (a NaN keeps its sign: it is negated twice). */
export function nextDown(f: IeeeFormat, x: bigint): bigint {
  if (isNaNBits(f, x)) return quietNaN(f, x);
  return nextUp(f, x ^ f.sign) ^ f.sign;
}

/** canonicalize's stored value: every binary32/64 encoding is canonical; a signaling NaN is quieted. */
export function canonical(f: IeeeFormat, x: bigint): bigint {
  return isNaNBits(f, x) ? quietNaN(f, x) : x;
}

/** Which of the maximum/minimum operations. */
export interface Extremum {
  /** Maximum (else minimum). */
  max: boolean;
  /** Compare magnitudes first (the _mag forms, fmaxmag/fminmag). */
  magnitude: boolean;
  /** A number wins over a quiet NaN (the _num forms, fmaxmag/fminmag). */
  number: boolean;
  /** fmaxmag/fminmag (TS 18661-1's original): ties go to fmax/fmin, which do not order ±0. */
  legacy: boolean;
}

/** Whether a is greater than b, -0 below +0 (neither a NaN). */
function above(f: IeeeFormat, a: bigint, b: bigint): boolean {
  const x = bitsToNumber(f, a);
  const y = bitsToNumber(f, b);
  if (x !== y) return x > y;
  return !isNegativeBits(f, a) && isNegativeBits(f, b);
}

/** fmaximum, fminimum, their _num, _mag and _mag_num forms, fmaxmag and fminmag. */
export function extremum(f: IeeeFormat, op: Extremum, x: bigint, y: bigint): bigint {
  const xNaN = isNaNBits(f, x);
  const yNaN = isNaNBits(f, y);
  if (xNaN || yNaN) {
    if (!op.number || (xNaN && yNaN) || anySignaling(f, x, y)) {
      if (op.number && !op.legacy) {
        // The _num forms return the number even for a signaling NaN, raising invalid; of two
        // NaNs, y quieted.
        if (anySignaling(f, x, y)) mathStatus.exceptions |= FE_INVALID;
        return xNaN && yNaN ? y | f.quietBit : xNaN ? y : x;
      }
      return addNaNs(f, x, y);
    }
    return xNaN ? y : x;
  }
  if (op.magnitude) {
    const ax = bitsToNumber(f, magnitudeBits(f, x));
    const ay = bitsToNumber(f, magnitudeBits(f, y));
    if (ax !== ay) return ax > ay === op.max ? x : y;
  }
  if (op.legacy) {
    // fmax/fmin: x if strictly beyond y, else y (so equal values, ±0 included, give y).
    const a = bitsToNumber(f, x);
    const b = bitsToNumber(f, y);
    return (op.max ? a > b : a < b) ? x : y;
  }
  return above(f, x, y) === op.max ? x : y;
}

/** totalorder's key: the bits as a signed integer, negative values' magnitude bits reversed. */
function totalKey(f: IeeeFormat, x: bigint): bigint {
  const magnitude = magnitudeBits(f, x);
  return isNegativeBits(f, x) ? -magnitude - 1n : magnitude;
}

export function totalOrder(f: IeeeFormat, x: bigint, y: bigint): number {
  return totalKey(f, x) <= totalKey(f, y) ? 1 : 0;
}

export function totalOrderMagnitude(f: IeeeFormat, x: bigint, y: bigint): number {
  return magnitudeBits(f, x) <= magnitudeBits(f, y) ? 1 : 0;
}

/** getpayload: the payload bits (below the quiet bit) as a value; -1 for a value that is not a NaN. */
export function getPayload(f: IeeeFormat, x: bigint): bigint {
  return numberToBits(f, isNaNBits(f, x) ? Number(x & (f.quietBit - 1n)) : -1);
}

/**
 * setpayload/setpayloadsig: a NaN whose payload is the integer value `payload`, or +0 and a
 * non-zero return when it is not a valid payload (not a non-negative integer, too large, or 0 for
 * a signaling NaN, whose bits would be infinity's).
 */
export function setPayload(f: IeeeFormat, payload: bigint, signaling: boolean): { result: bigint; status: number } {
  const invalid = { result: 0n, status: 1 };
  if (isNaNBits(f, payload) || isInfiniteBits(f, payload) || isNegativeBits(f, payload)) return invalid;
  const value = exactValue(f, payload);
  if (value.significand === 0n) return signaling ? invalid : { result: f.exponentMask | f.quietBit, status: 0 };
  let integer: bigint;
  if (value.exponent >= 0) integer = value.significand << BigInt(value.exponent);
  else {
    const shift = BigInt(-value.exponent);
    if ((value.significand & ((1n << shift) - 1n)) !== 0n) return invalid;
    integer = value.significand >> shift;
  }
  if (integer >= f.quietBit) return invalid;
  return { result: f.exponentMask | (signaling ? 0n : f.quietBit) | integer, status: 0 };
}

/**
 * nan(tag): NAN, with the tag's value as payload when the whole tag is a number in C's base-0
 * syntax (decimal, 0x hexadecimal, 0 octal) made only of letters, digits and underscores.
 */
export function nanFromTag(f: IeeeFormat, tag: string): bigint {
  const quiet = f.exponentMask | f.quietBit;
  if (!/^[0-9A-Za-z_]*$/.test(tag)) return quiet;
  let value: bigint;
  if (/^0[xX][0-9A-Fa-f]+$/.test(tag)) value = BigInt(`0x${tag.slice(2)}`);
  else if (/^0[0-7]*$/.test(tag)) value = tag.length > 1 ? BigInt(`0o${tag.slice(1)}`) : 0n;
  else if (/^[1-9][0-9]*$/.test(tag)) value = BigInt(tag);
  else if (tag === '') value = 0n;
  else return quiet;
  // strtoull saturates at ULLONG_MAX with ERANGE (left in errno).
  if (value >= 1n << 64n) {
    value = (1n << 64n) - 1n;
    mathStatus.errno = ERANGE;
  }
  // The value's low bits go over the whole fraction, quiet bit included (which stays set).
  return quiet | (value & f.fractionMask);
}

/** llogb's special results (x86's FP_LLOGB0 and FP_LLOGBNAN are LONG_MIN). */
const LONG_MIN = -(1n << 63n);
const LONG_MAX = (1n << 63n) - 1n;

/** The unbiased exponent of a finite non-zero value (subnormals normalised). */
function exponentOf(f: IeeeFormat, x: bigint): number {
  const v = exactValue(f, x);
  return v.exponent + v.significand.toString(2).length - 1;
}

/** llogb: the exponent as a long; 0, infinities and NaNs are domain errors. */
export function llogb(f: IeeeFormat, x: bigint): bigint {
  if (isNaNBits(f, x) || magnitudeBits(f, x) === 0n) {
    mathStatus.errno = EDOM;
    mathStatus.exceptions |= FE_INVALID;
    return LONG_MIN;
  }
  if (isInfiniteBits(f, x)) {
    mathStatus.errno = EDOM;
    mathStatus.exceptions |= FE_INVALID;
    return LONG_MAX;
  }
  return BigInt(exponentOf(f, x));
}

/**
 * significand: x scaled into [1, 2). Zeros, infinities and NaNs come back (a NaN quieted) with
 * ilogb's domain error: EDOM and invalid.
 */
export function significand(f: IeeeFormat, x: bigint): bigint {
  if (isNaNBits(f, x) || magnitudeBits(f, x) === 0n || isInfiniteBits(f, x)) {
    mathStatus.errno = EDOM;
    mathStatus.exceptions |= FE_INVALID;
    // scalbf's exponent argument (float)-INT_MAX is inexact.
    if (f === BINARY32 && isInfiniteBits(f, x)) mathStatus.exceptions |= FE_INEXACT;
    return isNaNBits(f, x) ? x | f.quietBit : x;
  }
  const v = exactValue(f, x);
  const length = v.significand.toString(2).length;
  const fraction = (v.significand << (f.fractionBits + 1n - BigInt(length))) & f.fractionMask;
  return (x & f.sign) | (BigInt(f.bias) << f.fractionBits) | fraction;
}

/** fromfp's rounding directions (FP_INT_*). */
export const enum FromFpRounding {
  Upward = 0,
  Downward = 1,
  TowardZero = 2,
  ToNearestFromZero = 3,
  ToNearest = 4,
}

/** What fromfp, ufromfp, fromfpx and ufromfpx differ in. */
export interface FromFp {
  unsigned: boolean;
  /** The x forms raise inexact when the result is not x. */
  inexact: boolean;
}

/** x rounded to an integer in a direction: the integer and whether it differs from x. */
function roundToInteger(f: IeeeFormat, x: bigint, rounding: number): { integer: bigint; exact: boolean } {
  const v = exactValue(f, x);
  if (v.exponent >= 0) {
    const integer = v.significand << BigInt(v.exponent);
    return { integer: v.negative ? -integer : integer, exact: true };
  }
  const shift = BigInt(-v.exponent);
  let magnitude = v.significand >> shift;
  const remainder = v.significand & ((1n << shift) - 1n);
  const half = 1n << (shift - 1n);
  if (remainder !== 0n) {
    let up: boolean;
    switch (rounding) {
      case FromFpRounding.Upward:
        up = !v.negative;
        break;
      case FromFpRounding.Downward:
        up = v.negative;
        break;
      case FromFpRounding.TowardZero:
        up = false;
        break;
      case FromFpRounding.ToNearestFromZero:
        up = remainder >= half;
        break;
      case FromFpRounding.ToNearest:
        up = remainder > half || (remainder === half && (magnitude & 1n) === 1n);
        break;
      default:
        // Not a rounding direction: glibc truncates (measured).
        up = false;
    }
    if (up) magnitude++;
  }
  return { integer: v.negative ? -magnitude : magnitude, exact: remainder === 0n };
}

/**
 * fromfp(x, round, width) and its forms: x rounded in the given direction, as an integer of
 * `width` bits (at most 64). NaNs, infinities, width 0 and results out of range are domain errors:
 * invalid, EDOM, and the range's end on x's side.
 */
export function fromFp(f: IeeeFormat, op: FromFp, x: bigint, rounding: number, requestedWidth: number): bigint {
  const width = BigInt(Math.min(requestedWidth, 64));
  const negative = isNegativeBits(f, x);
  const domainError = (): bigint => {
    mathStatus.errno = EDOM;
    mathStatus.exceptions |= FE_INVALID;
    if (width === 0n) return 0n;
    if (op.unsigned) return negative ? 0n : (1n << width) - 1n;
    return negative ? -(1n << (width - 1n)) : (1n << (width - 1n)) - 1n;
  };
  if (width === 0n || isNaNBits(f, x) || isInfiniteBits(f, x)) return domainError();
  const { integer, exact } = roundToInteger(f, x, rounding);
  const low = op.unsigned ? 0n : -(1n << (width - 1n));
  const high = op.unsigned ? (1n << width) - 1n : (1n << (width - 1n)) - 1n;
  if (integer < low || integer > high) return domainError();
  if (!exact && op.inexact) mathStatus.exceptions |= FE_INEXACT;
  return integer;
}

/** The maximum/minimum functions by their names without the f suffix. */
const extremumOf =
  (max: boolean, magnitude: boolean, number: boolean, legacy = false) =>
  (f: IeeeFormat, x: bigint, y: bigint): bigint =>
    extremum(f, { max, magnitude, number, legacy }, x, y);
export const EXTREMA: Readonly<Record<string, (f: IeeeFormat, x: bigint, y: bigint) => bigint>> = {
  fmaximum: extremumOf(true, false, false),
  fminimum: extremumOf(false, false, false),
  fmaximum_num: extremumOf(true, false, true),
  fminimum_num: extremumOf(false, false, true),
  fmaximum_mag: extremumOf(true, true, false),
  fminimum_mag: extremumOf(false, true, false),
  fmaximum_mag_num: extremumOf(true, true, true),
  fminimum_mag_num: extremumOf(false, true, true),
  fmaxmag: extremumOf(true, true, true, true),
  fminmag: extremumOf(false, true, true, true),
};

const TWO_31 = 2 ** 31;
const SCALB_LIMIT = 65000;

/** x · 2^n rounded once to the format in the current rounding mode, with IEEE's flags. */
function scaleRounded(f: IeeeFormat, x: bigint, n: number): bigint {
  if (magnitudeBits(f, x) === 0n || isInfiniteBits(f, x)) return x;
  const v = exactValue(f, x);
  return roundExact(f, v.negative, v.significand, v.exponent + n, false);
}

/**
 * scalb(x, fn) (the obsolete form with a floating exponent): fn must be an integer; beyond ±2^31
 * it acts as ±65000. glibc's wrapper sets EDOM for a NaN made from numbers, ERANGE for an
 * infinite result from finite arguments or a non-zero x scaled to zero.
 */
export function scalb(f: IeeeFormat, xBits: bigint, fnBits: bigint): bigint {
  if (isNaNBits(f, xBits) || isNaNBits(f, fnBits)) return addNaNs(f, xBits, fnBits);
  const defaultNaN = f.sign | f.exponentMask | f.quietBit;
  const xZero = magnitudeBits(f, xBits) === 0n;
  const xInfinite = isInfiniteBits(f, xBits);
  const fn = bitsToNumber(f, fnBits);
  let z: bigint;
  if (!Number.isFinite(fn)) {
    // x · fn for +inf, x / -fn for -inf: 0 · inf and inf / inf are invalid.
    if (fn > 0 ? xZero : xInfinite) z = defaultNaN;
    else if (fn > 0) z = xZero ? xBits : (xBits & f.sign) | f.exponentMask;
    else z = xInfinite ? defaultNaN : xBits & f.sign;
  } else if (Math.trunc(fn) !== fn) {
    // (fn - fn) / (fn - fn) after rint(fn) found a fraction.
    mathStatus.exceptions |= FE_INEXACT;
    z = defaultNaN;
  } else if (Math.abs(fn) >= TWO_31) z = scaleRounded(f, xBits, fn > SCALB_LIMIT ? SCALB_LIMIT : -SCALB_LIMIT);
  else z = scaleRounded(f, xBits, fn);
  if (z === defaultNaN) {
    mathStatus.exceptions |= FE_INVALID;
    mathStatus.errno = EDOM;
  } else if (isInfiniteBits(f, z) && !xInfinite && Number.isFinite(fn)) mathStatus.errno = ERANGE;
  else if (magnitudeBits(f, z) === 0n && !xZero && Number.isFinite(fn)) mathStatus.errno = ERANGE;
  return z;
}
