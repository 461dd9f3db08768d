// The x87 80-bit extended ("long double") value as its raw fields. The float engineer's soft-float
// (src/float/) did not exist when the libc cores were written; this is the minimal shape they
// exchange long doubles in. It is the memory layout: bytes 0-7 the significand (explicit integer
// bit 63), bytes 8-9 the sign (bit 15) and biased exponent (bits 0-14).

export interface Float80 {
  /** Sign bit (15) and biased exponent (bits 0-14), as stored in bytes 8-9. */
  signExponent: number;
  /** Significand bits 63..32 (bit 31 of this word is the explicit integer bit), unsigned. */
  high: number;
  /** Significand bits 31..0, unsigned. */
  low: number;
}

export const FLOAT80_EXPONENT_BIAS = 16383;
export const FLOAT80_EXPONENT_MASK = 0x7fff;

export function float80(signExponent: number, high: number, low: number): Float80 {
  return { signExponent, high: high >>> 0, low: low >>> 0 };
}

/** Reads a long double from 10 bytes of little-endian memory. */
export function readFloat80(view: DataView, offset: number): Float80 {
  return float80(view.getUint16(offset + 8, true), view.getUint32(offset + 4, true), view.getUint32(offset, true));
}

export function writeFloat80(view: DataView, offset: number, value: Float80): void {
  view.setUint32(offset, value.low, true);
  view.setUint32(offset + 4, value.high, true);
  view.setUint16(offset + 8, value.signExponent, true);
}
