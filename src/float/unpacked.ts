// Operands taken apart for the soft-float operations: what kind of number, and for finite
// non-zero ones sign, biased exponent (denormals normalized, so it can be below 1) and the
// significand with its integer bit set.

import { EXP_BIAS } from './soft-float.ts';

export const enum Kind {
  Zero = 0,
  /** Finite and non-zero (normal, denormal or pseudo-denormal: `denormal` tells). */
  Finite = 1,
  Infinity = 2,
  QuietNaN = 3,
  SignalingNaN = 4,
  /**
   * An 80-bit encoding the x87 no longer supports (unnormal, pseudo-NaN, pseudo-infinity): using
   * one as an operand is an invalid operation.
   */
  Unsupported = 5,
}

export class Unpacked {
  kind: Kind = Kind.Zero;
  sign = 0;
  exp = 0;
  hi = 0;
  lo = 0;
  /** A denormal (or pseudo-denormal) operand: raises DE when an arithmetic operation uses it. */
  denormal = false;

  isNaN(): boolean {
    return this.kind === Kind.QuietNaN || this.kind === Kind.SignalingNaN;
  }

  /** From the 80-bit encoding: sign+exponent word and significand halves. */
  setExtended(se: number, hi: number, lo: number): void {
    const exp = se & 0x7fff;
    this.sign = (se >>> 15) & 1;
    this.hi = hi >>> 0;
    this.lo = lo >>> 0;
    this.denormal = false;
    if (exp === 0x7fff) {
      this.exp = exp;
      if ((hi & 0x80000000) === 0) this.kind = Kind.Unsupported;
      else if ((hi & 0x7fffffff) === 0 && lo === 0) this.kind = Kind.Infinity;
      else this.kind = hi & 0x40000000 ? Kind.QuietNaN : Kind.SignalingNaN;
      return;
    }
    if (exp === 0) {
      if (hi === 0 && lo === 0) {
        this.kind = Kind.Zero;
        this.exp = 0;
        return;
      }
      // Denormal (integer bit clear) or pseudo-denormal (set): both scale as exponent 1.
      this.kind = Kind.Finite;
      this.denormal = true;
      this.normalizeFrom(1);
      return;
    }
    this.exp = exp;
    this.kind = hi & 0x80000000 ? Kind.Finite : Kind.Unsupported;
  }

  /** From float64 bits (high and low words). */
  setFloat64(high: number, low: number): void {
    const exp = (high >>> 20) & 0x7ff;
    this.sign = high >>> 31;
    this.denormal = false;
    // Significand aligned with its integer bit at 63: 52 fraction bits go to bits 62..11.
    this.hi = (0x80000000 | ((high & 0xfffff) << 11) | (low >>> 21)) >>> 0;
    this.lo = (low << 11) >>> 0;
    if (exp === 0x7ff) {
      this.exp = 0x7fff;
      const fraction = (high & 0xfffff) | low;
      if (fraction === 0) this.kind = Kind.Infinity;
      else this.kind = high & 0x80000 ? Kind.QuietNaN : Kind.SignalingNaN;
      return;
    }
    if (exp === 0) {
      this.hi = (this.hi & 0x7fffffff) >>> 0;
      if (this.hi === 0 && this.lo === 0) {
        this.kind = Kind.Zero;
        this.exp = 0;
        return;
      }
      this.kind = Kind.Finite;
      this.denormal = true;
      this.normalizeFrom(EXP_BIAS - 1022);
      return;
    }
    this.kind = Kind.Finite;
    this.exp = exp - 1023 + EXP_BIAS;
  }

  /** From float32 bits. */
  setFloat32(bits: number): void {
    const exp = (bits >>> 23) & 0xff;
    this.sign = bits >>> 31;
    this.denormal = false;
    this.hi = (0x80000000 | ((bits & 0x7fffff) << 8)) >>> 0;
    this.lo = 0;
    if (exp === 0xff) {
      this.exp = 0x7fff;
      if ((bits & 0x7fffff) === 0) this.kind = Kind.Infinity;
      else this.kind = bits & 0x400000 ? Kind.QuietNaN : Kind.SignalingNaN;
      return;
    }
    if (exp === 0) {
      this.hi = (this.hi & 0x7fffffff) >>> 0;
      if (this.hi === 0) {
        this.kind = Kind.Zero;
        this.exp = 0;
        return;
      }
      this.kind = Kind.Finite;
      this.denormal = true;
      this.normalizeFrom(EXP_BIAS - 126);
      return;
    }
    this.kind = Kind.Finite;
    this.exp = exp - 127 + EXP_BIAS;
  }

  /** Shifts the significand up until its integer bit is set, starting from exponent `exp`. */
  private normalizeFrom(exp: number): void {
    let hi = this.hi;
    let lo = this.lo;
    if (hi === 0) {
      hi = lo;
      lo = 0;
      exp -= 32;
    }
    const shift = Math.clz32(hi);
    if (shift !== 0) {
      hi = ((hi << shift) | (lo >>> (32 - shift))) >>> 0;
      lo = (lo << shift) >>> 0;
      exp -= shift;
    }
    this.hi = hi;
    this.lo = lo;
    this.exp = exp;
  }
}
