// strtod, strtof and strtold as glibc 2.36 parses and rounds: decimal and hexadecimal input,
// inf/infinity/nan/nan(n-char-sequence) with glibc's payload rule, correct rounding in the current
// rounding mode, ERANGE for overflow and for tiny inexact results (x86 detects tininess after
// rounding), and arbitrarily long inputs.
//
// Exact arithmetic uses BigInt: parsing is rare next to printing, inputs are short, and BigInt's
// native multiplication and division beat hand-written limbs here. Simple decimal inputs in the
// default rounding mode take Clinger's fast path (one exact double operation) and allocate nothing.

import { RoundingMode } from '../../stdio/format/format-io.ts';
import { digitValue, isCSpace } from './strtol.ts';

/** The binary formats strto* produce. */
export interface BinaryFormat {
  /** Significand bits, including the leading one. */
  precision: number;
  minExponent: number;
  maxExponent: number;
  /** Bits of NaN payload glibc's SET_NAN_PAYLOAD keeps. */
  payloadBits: number;
}

export const SINGLE: BinaryFormat = { precision: 24, minExponent: -126, maxExponent: 127, payloadBits: 22 };
export const DOUBLE: BinaryFormat = { precision: 53, minExponent: -1022, maxExponent: 1023, payloadBits: 51 };
export const EXTENDED: BinaryFormat = { precision: 64, minExponent: -16382, maxExponent: 16383, payloadBits: 62 };

/** Result of one parse; reused. `bits*` hold the IEEE encoding of the result. */
export class FloatParse {
  /** Offset where parsing stopped (endptr). */
  end = 0;
  /** ERANGE was raised. */
  rangeError = false;
  /**
   * Encoding: float -> bitsLow; double -> bitsHigh:bitsLow; long double -> signExponent and the
   * 64-bit significand bitsHigh:bitsLow (explicit integer bit).
   */
  bitsHigh = 0;
  bitsLow = 0;
  signExponent = 0;

  /** The result as a JS number (float and double formats). NaN payloads are lost here. */
  toNumber(format: BinaryFormat): number {
    if (format === SINGLE) {
      scratch.setUint32(0, this.bitsLow, true);
      return scratch.getFloat32(0, true);
    }
    scratch.setUint32(0, this.bitsLow, true);
    scratch.setUint32(4, this.bitsHigh, true);
    return scratch.getFloat64(0, true);
  }
}

const scratch = new DataView(new ArrayBuffer(8));
/** Digits kept exactly; later ones only matter as "non-zero" (enough for every long double). */
const MAX_SIGNIFICANT_DIGITS = 12000;
const MAX_HEX_DIGITS = 40;
const POWERS_OF_TEN = [
  1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21,
  1e22,
];

function lower(c: number): number {
  return c | 0x20;
}

/** Case-insensitive match of the ASCII lowercase `word` at bytes[i..]. */
function matchWord(bytes: Uint8Array, i: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) if (lower(bytes[i + k]) !== word.charCodeAt(k)) return false;
  return true;
}

function isHexDigit(c: number): boolean {
  return digitValue(c) < 16;
}

function isDecimalDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** Reads an exponent after 'e'/'p' at bytes[i] (sign and digits); returns [value, end] or null when no digits. */
function readExponent(bytes: Uint8Array, i: number): [number, number] | null {
  let negative = false;
  if (bytes[i] === 0x2d || bytes[i] === 0x2b) {
    negative = bytes[i] === 0x2d;
    i++;
  }
  if (!isDecimalDigit(bytes[i])) return null;
  let value = 0;
  while (isDecimalDigit(bytes[i])) {
    if (value < 1e12) value = value * 10 + (bytes[i] - 0x30);
    i++;
  }
  return [negative ? -value : value, i];
}

export function parseFloatNumber(
  bytes: Uint8Array,
  start: number,
  format: BinaryFormat,
  mode: number,
  out: FloatParse,
): void {
  out.rangeError = false;
  let i = start;
  while (isCSpace(bytes[i])) i++;
  let negative = false;
  if (bytes[i] === 0x2d) {
    negative = true;
    i++;
  } else if (bytes[i] === 0x2b) {
    i++;
  }
  // inf, infinity, nan, nan(...)
  if (matchWord(bytes, i, 'inf')) {
    out.end = matchWord(bytes, i, 'infinity') ? i + 8 : i + 3;
    encodeSpecial(out, format, negative, false, 0n);
    return;
  }
  if (matchWord(bytes, i, 'nan')) {
    i += 3;
    let payload = 0n;
    if (bytes[i] === 0x28) {
      let j = i + 1;
      while (digitValue(bytes[j]) < 36 || bytes[j] === 0x5f) j++;
      if (bytes[j] === 0x29) {
        payload = nanPayload(bytes, i + 1, j);
        // glibc reads the payload with strtoull, whose overflow ERANGE leaks into errno.
        if (payload < 0n) {
          out.rangeError = true;
          payload = (1n << 64n) - 1n;
        }
        i = j + 1;
      }
    }
    out.end = i;
    encodeSpecial(out, format, negative, true, payload);
    return;
  }
  if (bytes[i] === 0x30 && lower(bytes[i + 1]) === 0x78) {
    const digits = i + 2;
    if (isHexDigit(bytes[digits]) || (bytes[digits] === 0x2e && isHexDigit(bytes[digits + 1]))) {
      parseHex(bytes, digits, negative, format, mode, out);
    } else {
      // "0x" without hex digits is the number 0 followed by "x...".
      out.end = i + 1;
      encodeZero(out, format, negative);
    }
    return;
  }
  parseDecimal(bytes, i, start, negative, format, mode, out);
}

function parseDecimal(
  bytes: Uint8Array,
  i: number,
  start: number,
  negative: boolean,
  format: BinaryFormat,
  mode: number,
  out: FloatParse,
): void {
  // Significant digits (leading zeros dropped), the decimal exponent, and a sticky flag for
  // non-zero digits past MAX_SIGNIFICANT_DIGITS.
  let digitText = '';
  let fastValue = 0;
  let significant = 0;
  let sticky = false;
  let exponent = 0;
  let sawDigit = false;
  let afterPoint = false;
  for (; ; i++) {
    const c = bytes[i];
    if (isDecimalDigit(c)) {
      sawDigit = true;
      if (afterPoint) exponent--;
      if (significant === 0 && c === 0x30) continue;
      if (significant < MAX_SIGNIFICANT_DIGITS) {
        if (significant < 15) fastValue = fastValue * 10 + (c - 0x30);
        else {
          if (significant === 15) digitText = String(fastValue);
          digitText += String.fromCharCode(c);
        }
        significant++;
      } else {
        exponent++;
        if (c !== 0x30) sticky = true;
      }
    } else if (c === 0x2e && !afterPoint) {
      afterPoint = true;
    } else {
      break;
    }
  }
  if (!sawDigit) {
    out.end = start;
    encodeZero(out, format, false);
    return;
  }
  if (lower(bytes[i]) === 0x65) {
    const e = readExponent(bytes, i + 1);
    if (e !== null) {
      exponent += e[0];
      i = e[1];
    }
  }
  out.end = i;
  if (significant === 0) {
    encodeZero(out, format, negative);
    return;
  }
  if (
    mode === RoundingMode.ToNearest &&
    format === DOUBLE &&
    significant <= 15 &&
    !sticky &&
    exponent >= -22 &&
    exponent <= 22
  ) {
    const value = exponent >= 0 ? fastValue * POWERS_OF_TEN[exponent] : fastValue / POWERS_OF_TEN[-exponent];
    scratch.setFloat64(0, negative ? -value : value, true);
    out.bitsLow = scratch.getUint32(0, true);
    out.bitsHigh = scratch.getUint32(4, true);
    return;
  }
  // Magnitude: 10^(magnitude-1) <= value < 10^magnitude.
  const magnitude = significant + exponent;
  if (magnitude > 4940) {
    encodeOverflow(out, format, negative, mode);
    return;
  }
  if (magnitude < -4960) {
    roundAndEncode(1n, -20000, true, negative, format, mode, out);
    return;
  }
  const digits = digitText === '' ? BigInt(fastValue) : BigInt(digitText);
  if (exponent >= 0) {
    roundAndEncode(digits * 10n ** BigInt(exponent), 0, sticky, negative, format, mode, out);
    return;
  }
  const divisor = 10n ** BigInt(-exponent);
  const shift = Math.max(0, format.precision + 4 - (bitLength(digits) - bitLength(divisor)));
  const scaled = digits << BigInt(shift);
  const quotient = scaled / divisor;
  const remainder = scaled - quotient * divisor;
  roundAndEncode(quotient, -shift, sticky || remainder !== 0n, negative, format, mode, out);
}

function parseHex(
  bytes: Uint8Array,
  i: number,
  negative: boolean,
  format: BinaryFormat,
  mode: number,
  out: FloatParse,
): void {
  let value = 0n;
  let kept = 0;
  let binaryExponent = 0;
  let sticky = false;
  let afterPoint = false;
  for (; ; i++) {
    const c = bytes[i];
    const d = digitValue(c);
    if (d < 16) {
      if (kept === 0 && d === 0) {
        if (afterPoint) binaryExponent -= 4;
        continue;
      }
      if (kept < MAX_HEX_DIGITS) {
        value = (value << 4n) | BigInt(d);
        kept++;
        if (afterPoint) binaryExponent -= 4;
      } else {
        if (!afterPoint) binaryExponent += 4;
        if (d !== 0) sticky = true;
      }
    } else if (c === 0x2e && !afterPoint) {
      afterPoint = true;
    } else {
      break;
    }
  }
  if (lower(bytes[i]) === 0x70) {
    const e = readExponent(bytes, i + 1);
    if (e !== null) {
      binaryExponent += e[0];
      i = e[1];
    }
  }
  out.end = i;
  if (value === 0n) {
    encodeZero(out, format, negative);
    return;
  }
  if (binaryExponent > 40000) {
    encodeOverflow(out, format, negative, mode);
    return;
  }
  if (binaryExponent < -40000) {
    roundAndEncode(1n, -80000, true, negative, format, mode, out);
    return;
  }
  roundAndEncode(value, binaryExponent, sticky, negative, format, mode, out);
}

function bitLength(value: bigint): number {
  return value === 0n ? 0 : value.toString(2).length;
}

/** glibc's round_away for one rounding decision. */
function roundAway(negative: boolean, odd: boolean, half: boolean, more: boolean, mode: number): boolean {
  switch (mode) {
    case RoundingMode.Downward:
      return negative && (half || more);
    case RoundingMode.Upward:
      return !negative && (half || more);
    case RoundingMode.TowardZero:
      return false;
    default:
      return half && (odd || more);
  }
}

/**
 * Rounds (q + d) * 2^scale, where 0 <= d < 1 is non-zero exactly when `sticky`, to the format,
 * and encodes it. When sticky, q must carry at least precision + 2 bits.
 */
function roundAndEncode(
  q: bigint,
  scale: number,
  sticky: boolean,
  negative: boolean,
  format: BinaryFormat,
  mode: number,
  out: FloatParse,
): void {
  const p = format.precision;
  const bits = bitLength(q);
  const leading = bits - 1 + scale;
  if (leading > format.maxExponent + 1) {
    encodeOverflow(out, format, negative, mode);
    return;
  }
  // Position of the result's last bit: fixed at minExponent - p + 1 for subnormals.
  const lsb = Math.max(leading - p + 1, format.minExponent - p + 1);
  const drop = lsb - scale;
  let mantissa: bigint;
  let half = false;
  let more = sticky;
  if (drop <= 0) {
    mantissa = q << BigInt(-drop);
  } else {
    mantissa = q >> BigInt(drop);
    half = ((q >> BigInt(drop - 1)) & 1n) === 1n;
    if (!more && drop > 1) {
      let below = q & ((1n << BigInt(drop - 1)) - 1n);
      // glibc's round_and_return, when only the leading bit is left to round (a value between
      // half and all of the smallest subnormal), forgets the bit just below the full-precision
      // mantissa: 0x1.000001p-150 becomes 0 in strtof. Replicated.
      const forgotten = bits - p - 1;
      if (leading === format.minExponent - p && forgotten >= 0) below &= ~(1n << BigInt(forgotten));
      more = below !== 0n;
    }
  }
  const inexact = half || more;
  let tiny = leading < format.minExponent;
  if (tiny && leading === format.minExponent - 1 && inexact) {
    // Tininess after rounding: would rounding to full precision reach the smallest normal?
    const normalDrop = drop - 1;
    let normal = q >> BigInt(Math.max(normalDrop, 0));
    if (normalDrop > 0) {
      const h = ((q >> BigInt(normalDrop - 1)) & 1n) === 1n;
      const m = sticky || (normalDrop > 1 && (q & ((1n << BigInt(normalDrop - 1)) - 1n)) !== 0n);
      if (roundAway(negative, (normal & 1n) === 1n, h, m, mode)) normal++;
      if (normal >> BigInt(p) === 1n) tiny = false;
    }
  }
  if (roundAway(negative, (mantissa & 1n) === 1n, half, more, mode)) mantissa++;
  let resultLsb = lsb;
  if (mantissa >> BigInt(p) === 1n) {
    mantissa >>= 1n;
    resultLsb++;
  }
  if (tiny && inexact) out.rangeError = true;
  if (mantissa === 0n) {
    encodeZero(out, format, negative);
    out.rangeError = true;
    return;
  }
  const resultLeading = bitLength(mantissa) - 1 + resultLsb;
  if (resultLeading > format.maxExponent) {
    encodeOverflow(out, format, negative, mode);
    return;
  }
  const subnormal = mantissa >> BigInt(p - 1) === 0n;
  const biased = subnormal ? 0 : resultLeading - format.minExponent + 1;
  encodeFinite(out, format, negative, biased, mantissa);
}

function encodeFinite(
  out: FloatParse,
  format: BinaryFormat,
  negative: boolean,
  biased: number,
  mantissa: bigint,
): void {
  const sign = negative ? 1 : 0;
  if (format === EXTENDED) {
    out.signExponent = (sign << 15) | biased;
    out.bitsHigh = Number(mantissa >> 32n);
    out.bitsLow = Number(mantissa & 0xffffffffn);
    return;
  }
  const fractionBits = format.precision - 1;
  const fraction = mantissa & ((1n << BigInt(fractionBits)) - 1n);
  if (format === SINGLE) {
    out.bitsHigh = 0;
    out.bitsLow = ((sign << 31) | (biased << 23) | Number(fraction)) >>> 0;
    return;
  }
  out.bitsHigh = ((sign << 31) | (biased << 20) | Number(fraction >> 32n)) >>> 0;
  out.bitsLow = Number(fraction & 0xffffffffn);
}

function encodeZero(out: FloatParse, format: BinaryFormat, negative: boolean): void {
  encodeFinite(out, format, negative, 0, 0n);
}

/** Overflow: ERANGE and, as MAX_VALUE * MAX_VALUE would in this rounding mode, infinity or the largest finite value. */
function encodeOverflow(out: FloatParse, format: BinaryFormat, negative: boolean, mode: number): void {
  out.rangeError = true;
  const toInfinity =
    mode === RoundingMode.ToNearest ||
    (mode === RoundingMode.Upward && !negative) ||
    (mode === RoundingMode.Downward && negative);
  if (toInfinity) {
    encodeSpecial(out, format, negative, false, 0n);
    return;
  }
  const maxBiased = format.maxExponent - format.minExponent + 1;
  encodeFinite(out, format, negative, maxBiased, (1n << BigInt(format.precision)) - 1n);
}

function encodeSpecial(out: FloatParse, format: BinaryFormat, negative: boolean, nan: boolean, payload: bigint): void {
  const sign = negative ? 1 : 0;
  const masked = payload & ((1n << BigInt(format.payloadBits)) - 1n);
  if (format === EXTENDED) {
    out.signExponent = (sign << 15) | 0x7fff;
    const significand = nan ? (3n << 62n) | masked : 1n << 63n;
    out.bitsHigh = Number(significand >> 32n);
    out.bitsLow = Number(significand & 0xffffffffn);
    return;
  }
  if (format === SINGLE) {
    out.bitsHigh = 0;
    out.bitsLow = ((sign << 31) | 0x7f800000 | (nan ? 0x400000 | Number(masked) : 0)) >>> 0;
    return;
  }
  out.bitsHigh = ((sign << 31) | 0x7ff00000 | (nan ? 0x80000 | Number(masked >> 32n) : 0)) >>> 0;
  out.bitsLow = nan ? Number(masked & 0xffffffffn) : 0;
}

/** The n-char-sequence of nan(...) read as strtoull(…, 0) when it is entirely a number, else 0. */
function nanPayload(bytes: Uint8Array, start: number, end: number): bigint {
  let i = start;
  let base = 10;
  if (bytes[i] === 0x30) {
    if (lower(bytes[i + 1]) === 0x78 && isHexDigit(bytes[i + 2])) {
      base = 16;
      i += 2;
    } else base = 8;
  }
  let value = 0n;
  const limit = (1n << 64n) - 1n;
  for (; i < end; i++) {
    const d = digitValue(bytes[i]);
    if (d >= base) return 0n;
    value = value * BigInt(base) + BigInt(d);
    if (value > limit) value = limit + 1n;
  }
  return value > limit ? -1n : value; // -1: strtoull overflowed (ULLONG_MAX, ERANGE)
}
