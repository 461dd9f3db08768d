// %e %E %f %F %g %G as glibc's __printf_fp prints them: exact digits, the last one rounded from
// the true remainder in the current rounding mode, then glibc's padding rules.

import type { ConversionSpec } from './conversion-spec.ts';
import { DecimalExpansion } from './decimal-expansion.ts';
import { FloatKind, type FloatValue } from './float-value.ts';
import { RoundingMode } from './format-io.ts';
import type { FormatOutput } from './format-output.ts';

const DIGIT_0 = 0x30;
const expansion = new DecimalExpansion();

/** The digits after the ones taken so far, pulled from the integer part then the fraction. */
class DigitStream {
  private integerPosition = 0;
  private readonly chunk = new Uint8Array(9);
  private chunkPosition = 9;
  private pendingZeros = 0;

  start(): void {
    this.integerPosition = 0;
    this.chunkPosition = 9;
    this.pendingZeros = expansion.skippedZeros;
  }

  /** The next digit, or -1 when every remaining digit is known to be 0. */
  next(): number {
    if (this.integerPosition < expansion.integerLength) return expansion.integerDigits[this.integerPosition++];
    if (this.chunkPosition < 9) return this.chunk[this.chunkPosition++];
    if (this.pendingZeros > 0) {
      this.pendingZeros--;
      return 0;
    }
    if (expansion.fractionIsZero()) return -1;
    let value = expansion.nextFractionChunk();
    const chunk = this.chunk;
    for (let i = 8; i >= 0; i--) {
      const q = Math.floor(value / 10);
      chunk[i] = value - q * 10;
      value = q;
    }
    this.chunkPosition = 1;
    return chunk[0];
  }

  skipPendingZeros(): void {
    this.pendingZeros = 0;
  }

  /** Skips the integer part (for %f, which copies it whole). */
  skipInteger(): void {
    this.integerPosition = expansion.integerLength;
  }

  restIsZero(): boolean {
    const digits = expansion.integerDigits;
    for (let i = this.integerPosition; i < expansion.integerLength; i++) if (digits[i] !== 0) return false;
    for (let i = this.chunkPosition; i < 9; i++) if (this.chunk[i] !== 0) return false;
    return expansion.fractionIsZero();
  }
}

const stream = new DigitStream();

/** glibc's round_away: whether rounding moves the magnitude up. */
function roundAway(negative: boolean, lastOdd: boolean, halfBit: boolean, moreBits: boolean, mode: number): boolean {
  switch (mode) {
    case RoundingMode.Downward:
      return negative && (halfBit || moreBits);
    case RoundingMode.Upward:
      return !negative && (halfBit || moreBits);
    case RoundingMode.TowardZero:
      return false;
    default:
      return halfBit && (lastOdd || moreBits);
  }
}

/**
 * Digit buffer: values 0-9. Position 0 is kept free for a carry out of the first digit, so the
 * digits live in digits[first .. first+stored), followed (logically) by zeroTail zeros.
 */
let digits = new Uint8Array(2048);
let first = 1;
let stored = 0;
let zeroTail = 0;

function ensureDigits(count: number): void {
  if (count + 2 > digits.length) {
    const bigger = new Uint8Array(Math.max(count + 2, digits.length * 2));
    bigger.set(digits);
    digits = bigger;
  }
}

/** Appends up to `count` digits from the stream; the ones past the stream's end become zeroTail. */
function takeDigits(count: number): void {
  ensureDigits(first + stored + Math.min(count, 20000));
  for (let i = 0; i < count; i++) {
    const d = stream.next();
    if (d < 0) {
      zeroTail += count - i;
      return;
    }
    if (first + stored + 1 >= digits.length) ensureDigits((first + stored) * 2);
    digits[first + stored++] = d;
  }
}

/** Rounds the stored digits at their end from the digits still in the stream. Returns true on a carry out of the first digit. */
function roundStored(negative: boolean, mode: number): boolean {
  if (zeroTail > 0) return false; // the stream ended: the digits are exact
  const d = stream.next();
  if (d < 0) return false;
  const moreBits = (d !== 0 && d !== 5) || !stream.restIsZero();
  const last = stored > 0 ? digits[first + stored - 1] : 0;
  if (!roundAway(negative, (last & 1) === 1, d >= 5, moreBits, mode)) return false;
  let i = first + stored - 1;
  while (i >= first && digits[i] === 9) digits[i--] = 0;
  if (i >= first) {
    digits[i]++;
    return false;
  }
  // All nines: a new leading 1.
  first--;
  digits[first] = 1;
  stored++;
  if (first === 0) {
    digits.copyWithin(1, 0, stored);
    first = 1;
  }
  return true;
}

/**
 * Generates `count` significant digits from the first non-zero one; returns the decimal exponent
 * of the first digit (value = 0.d1d2... * 10^(exponent+1)), after rounding.
 */
function significantDigits(value: FloatValue, count: number, mode: number): number {
  stream.start();
  let exponent: number;
  if (expansion.integerLength > 0) {
    exponent = expansion.integerLength - 1;
  } else {
    // Skip the fraction's leading zeros.
    let zeros = expansion.skippedZeros;
    stream.skipPendingZeros();
    let d = stream.next();
    while (d === 0) {
      zeros++;
      d = stream.next();
    }
    exponent = -(zeros + 1);
    digits[first + stored++] = d;
    count--;
  }
  takeDigits(count);
  if (roundStored(value.negative, mode)) {
    exponent++;
    stored--; // keep the digit count: the last digit of 1000...0 drops off
  }
  return exponent;
}

/** Output text of the conversion before padding and sign. */
let body = new Uint8Array(512);
let bodyLength = 0;

function put(byte: number): void {
  if (bodyLength === body.length) {
    const bigger = new Uint8Array(body.length * 2);
    bigger.set(body);
    body = bigger;
  }
  body[bodyLength++] = byte;
}

function putDecimalPoint(point: Uint8Array): void {
  for (let i = 0; i < point.length; i++) put(point[i]);
}

/** Digit i of the significant digits (0-based), zero past the stored ones. */
function digitAt(i: number): number {
  return i < stored ? digits[first + i] : 0;
}

function putExponent(letter: number, exponent: number): void {
  put(letter);
  put(exponent < 0 ? 0x2d : 0x2b);
  const magnitude = Math.abs(exponent);
  if (magnitude < 10) put(DIGIT_0);
  const text = String(magnitude);
  for (let i = 0; i < text.length; i++) put(text.charCodeAt(i));
}

/** Writes one %e/%f/%g conversion of `value`. */
export function formatDecimalFloat(
  out: FormatOutput,
  spec: ConversionSpec,
  value: FloatValue,
  mode: number,
  decimalPoint: Uint8Array,
): void {
  const conversion = spec.conversion;
  const upper = conversion === 0x45 || conversion === 0x46 || conversion === 0x47; // E F G
  const style = conversion | 0x20; // e f g
  if (value.kind === FloatKind.Infinite || value.kind === FloatKind.NaN) {
    writeSpecial(out, spec, value, upper);
    return;
  }
  first = 1;
  stored = 0;
  zeroTail = 0;
  bodyLength = 0;
  const isZero = value.kind === FloatKind.Zero;
  if (!isZero) expansion.load(value.high, value.low, value.exponent);
  const alt = spec.alt;
  if (style === 0x66) {
    const precision = spec.precision < 0 ? 6 : spec.precision;
    // Integer digits (at least one), then `precision` fraction digits.
    if (isZero || expansion.integerLength === 0) {
      digits[first + stored++] = 0;
    } else {
      ensureDigits(first + expansion.integerLength + 1);
      digits.set(expansion.integerDigits.subarray(0, expansion.integerLength), first);
      stored = expansion.integerLength;
    }
    let integerCount = stored;
    if (isZero) {
      zeroTail = precision;
    } else {
      stream.start();
      stream.skipInteger();
      takeDigits(precision);
      // A carry out of the first digit (9.99 -> 10.0) makes one more integer digit.
      if (roundStored(value.negative, mode)) integerCount++;
    }
    for (let i = 0; i < integerCount; i++) put(DIGIT_0 + digitAt(i));
    if (precision > 0 || alt) putDecimalPoint(decimalPoint);
    for (let i = integerCount; i < integerCount + precision; i++) put(DIGIT_0 + digitAt(i));
  } else if (style === 0x65) {
    const precision = spec.precision < 0 ? 6 : spec.precision;
    let exponent = 0;
    if (isZero) zeroTail = precision + 1;
    else exponent = significantDigits(value, precision + 1, mode);
    put(DIGIT_0 + digitAt(0));
    if (precision > 0 || alt) putDecimalPoint(decimalPoint);
    for (let i = 1; i <= precision; i++) put(DIGIT_0 + digitAt(i));
    putExponent(upper ? 0x45 : 0x65, exponent);
  } else {
    // %g: P significant digits; %e style when the exponent X (after rounding) is < -4 or >= P.
    const significant = spec.precision < 0 ? 6 : spec.precision === 0 ? 1 : spec.precision;
    let exponent = 0;
    if (isZero) zeroTail = significant;
    else exponent = significantDigits(value, significant, mode);
    // Without '#', trailing zeros of the fraction go.
    let kept = significant;
    if (!alt) {
      kept = Math.min(kept, stored);
      while (kept > 1 && digitAt(kept - 1) === 0) kept--;
    }
    if (exponent < -4 || exponent >= significant) {
      put(DIGIT_0 + digitAt(0));
      if (kept > 1 || alt) putDecimalPoint(decimalPoint);
      for (let i = 1; i < kept; i++) put(DIGIT_0 + digitAt(i));
      putExponent(upper ? 0x45 : 0x65, exponent);
    } else if (exponent >= 0) {
      for (let i = 0; i <= exponent; i++) put(DIGIT_0 + digitAt(i));
      if (kept > exponent + 1 || alt) putDecimalPoint(decimalPoint);
      for (let i = exponent + 1; i < kept; i++) put(DIGIT_0 + digitAt(i));
    } else {
      // 0.000ddd: the value is not zero here, so there is always a fraction.
      put(DIGIT_0);
      putDecimalPoint(decimalPoint);
      for (let i = exponent + 1; i < 0; i++) put(DIGIT_0);
      for (let i = 0; i < kept; i++) put(DIGIT_0 + digitAt(i));
    }
  }
  writePadded(out, spec, value.negative, body, bodyLength);
}

/** Sign, padding and body, in glibc's order for %e %f %g %a. */
export function writePadded(
  out: FormatOutput,
  spec: ConversionSpec,
  negative: boolean,
  text: Uint8Array,
  length: number,
): void {
  let width = spec.width;
  if (negative || spec.showsign || spec.space) width--;
  width -= length;
  if (!spec.left && spec.pad !== 0x30 && width > 0) out.pad(spec.pad, width);
  if (negative) out.byte(0x2d);
  else if (spec.showsign) out.byte(0x2b);
  else if (spec.space) out.byte(0x20);
  if (!spec.left && spec.pad === 0x30 && width > 0) out.pad(0x30, width);
  out.bytes(text, 0, length);
  if (spec.left && width > 0) out.pad(spec.pad, width);
}

const SPECIAL_TEXT = {
  inf: new Uint8Array([0x69, 0x6e, 0x66]),
  INF: new Uint8Array([0x49, 0x4e, 0x46]),
  nan: new Uint8Array([0x6e, 0x61, 0x6e]),
  NAN: new Uint8Array([0x4e, 0x41, 0x4e]),
};

/** inf and nan: padded with spaces whatever the '0' flag says. */
export function writeSpecial(out: FormatOutput, spec: ConversionSpec, value: FloatValue, upper: boolean): void {
  const text =
    value.kind === FloatKind.NaN
      ? upper
        ? SPECIAL_TEXT.NAN
        : SPECIAL_TEXT.nan
      : upper
        ? SPECIAL_TEXT.INF
        : SPECIAL_TEXT.inf;
  let width = spec.width;
  if (value.negative || spec.showsign || spec.space) width--;
  width -= 3;
  if (!spec.left && width > 0) out.pad(0x20, width);
  if (value.negative) out.byte(0x2d);
  else if (spec.showsign) out.byte(0x2b);
  else if (spec.space) out.byte(0x20);
  out.bytes(text, 0, 3);
  if (spec.left && width > 0) out.pad(0x20, width);
}
