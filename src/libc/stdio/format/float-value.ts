// A double or long double taken apart for printing: class, sign, and value = mantissa * 2^exponent.

import { FLOAT80_EXPONENT_MASK, type Float80 } from '../../math/float80.ts';

export const enum FloatKind {
  Zero,
  Finite,
  Infinite,
  NaN,
}

const bitsView = new DataView(new ArrayBuffer(8));

export class FloatValue {
  kind = FloatKind.Zero;
  negative = false;
  /** Significand bits 63..32 / 31..0 (unsigned): value = (high * 2^32 + low) * 2^exponent. */
  high = 0;
  low = 0;
  exponent = 0;
  isLongDouble = false;
  /** The biased exponent field as stored (11 bits for double, 15 for long double), for %a. */
  biasedExponent = 0;
  /** For a double: the 52 fraction bits as high (20 bits) and low words, for %a. */
  fractionHigh = 0;
  fractionLow = 0;
  /** For a long double: significand bits 63..32 exactly as stored, for %a. */
  rawHigh = 0;

  setDouble(value: number): void {
    bitsView.setFloat64(0, value, true);
    const hi = bitsView.getUint32(4, true);
    const lo = bitsView.getUint32(0, true);
    this.isLongDouble = false;
    this.negative = hi >>> 31 !== 0;
    const biased = (hi >>> 20) & 0x7ff;
    const fracHigh = hi & 0xfffff;
    this.biasedExponent = biased;
    this.fractionHigh = fracHigh;
    this.fractionLow = lo;
    if (biased === 0x7ff) {
      this.kind = fracHigh === 0 && lo === 0 ? FloatKind.Infinite : FloatKind.NaN;
    } else if (biased === 0) {
      this.kind = fracHigh === 0 && lo === 0 ? FloatKind.Zero : FloatKind.Finite;
      this.high = fracHigh;
      this.low = lo;
      this.exponent = -1074;
    } else {
      this.kind = FloatKind.Finite;
      this.high = fracHigh | 0x100000;
      this.low = lo;
      this.exponent = biased - 1075;
    }
  }

  /**
   * An x87 extended value. Encodings the x87 rejects (unnormals, pseudo-infinities and
   * pseudo-NaNs) compare unordered, so glibc's isnan() is true for them and printf prints "nan".
   */
  setLongDouble(value: Float80): void {
    const biased = value.signExponent & FLOAT80_EXPONENT_MASK;
    const high = value.high >>> 0;
    const low = value.low >>> 0;
    this.isLongDouble = true;
    this.negative = (value.signExponent & 0x8000) !== 0;
    this.biasedExponent = biased;
    this.high = high;
    this.low = low;
    this.rawHigh = high;
    const integerBit = high >>> 31;
    if (biased === FLOAT80_EXPONENT_MASK) {
      this.kind = integerBit === 1 && (high & 0x7fffffff) === 0 && low === 0 ? FloatKind.Infinite : FloatKind.NaN;
    } else if (biased === 0) {
      // Denormals: mantissa * 2^(1 - 16383 - 63). glibc's decimal conversion ignores the explicit
      // integer bit here, so a pseudo-denormal prints as if that bit were clear (%La shows it).
      this.high = high & 0x7fffffff;
      this.kind = this.high === 0 && low === 0 ? FloatKind.Zero : FloatKind.Finite;
      this.exponent = -16445;
    } else if (integerBit === 0) {
      this.kind = FloatKind.NaN;
    } else {
      this.kind = FloatKind.Finite;
      this.exponent = biased - 16383 - 63;
    }
  }
}
