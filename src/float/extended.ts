// 80-bit extended-precision arithmetic as the x87 performs it: the basic operations under
// precision control (24/53/64 bits) and rounding control, with the x87's rules for NaNs,
// unsupported encodings, denormal operands and exception flags.
//
// Operands come in as the 80-bit encoding (sign+exponent word, significand halves); results go to
// `se`/`hi`/`lo` of this object (see `ExtendedResult`), flags accumulate in `flags`, and
// `roundedUp` is the x87's C1 after a rounded result.

import { FLAG_DE, FLAG_IE, FLAG_PE, FLAG_ZE, Rounding } from './exceptions.ts';
import { EXP_BIAS, EXP_MAX, type Format, SoftFloat } from './soft-float.ts';
import { Kind, Unpacked } from './unpacked.ts';

/** The "real indefinite" QNaN produced by invalid operations: negative, quiet, empty payload. */
export const INDEFINITE_SE = 0xffff;
export const INDEFINITE_HI = 0xc0000000;

/** Result of comparisons, as FCOM's condition codes order them. */
export const enum Relation {
  Less = 0,
  Equal = 1,
  Greater = 2,
  Unordered = 3,
}

export class ExtendedMath extends SoftFloat {
  readonly a = new Unpacked();
  readonly b = new Unpacked();
  /** Result sign+exponent word (the significand is in `hi`/`lo`). */
  se = 0;

  // ---- results ----

  /** Packs the rounded working value into se/hi/lo (denormals and zero get exponent 0). */
  protected packResult(): void {
    const exp = this.exp === EXP_MAX || (this.hi & 0x80000000) !== 0 ? this.exp : 0;
    this.se = (this.sign << 15) | exp;
  }

  setResult(sign: number, se: number, hi: number, lo: number): void {
    this.sign = sign;
    this.se = (sign << 15) | (se & 0x7fff);
    this.exp = se & 0x7fff;
    this.hi = hi >>> 0;
    this.lo = lo >>> 0;
  }

  /** The invalid-operation result: IE and the real indefinite. */
  setIndefinite(): void {
    this.flags |= FLAG_IE;
    this.setResult(1, 0x7fff, INDEFINITE_HI, 0);
  }

  protected setZero(sign: number): void {
    this.setResult(sign, 0, 0, 0);
  }

  protected setInfinity(sign: number): void {
    this.setResult(sign, 0x7fff, 0x80000000, 0);
  }

  /** Rounds a finite unpacked operand to the format (used when the other operand is zero). */
  protected roundOperand(u: Unpacked, format: Format): void {
    this.roundPack(u.sign, u.exp, u.hi, u.lo, 0, format);
    this.packResult();
  }

  /**
   * NaN and unsupported-operand handling of two-operand operations; returns true when it set the
   * result. The x87's rules: an unsupported encoding or an SNaN is invalid; of two NaNs the quiet
   * one wins over a signaling one, else the one with the larger significand; a NaN result is quiet.
   */
  protected propagateNaN2(a: Unpacked, b: Unpacked): boolean {
    if (a.kind === Kind.Unsupported || b.kind === Kind.Unsupported) {
      this.setIndefinite();
      return true;
    }
    const aNaN = a.isNaN();
    const bNaN = b.isNaN();
    if (!aNaN && !bNaN) return false;
    if (a.kind === Kind.SignalingNaN || b.kind === Kind.SignalingNaN) this.flags |= FLAG_IE;
    let pick = a;
    if (aNaN && bNaN) {
      if (a.kind !== b.kind) pick = a.kind === Kind.QuietNaN ? a : b;
      else {
        const ah = a.hi & 0x3fffffff;
        const bh = b.hi & 0x3fffffff;
        if (bh > ah || (bh === ah && (b.lo > a.lo || (b.lo === a.lo && b.sign < a.sign)))) pick = b;
      }
    } else if (bNaN) pick = b;
    this.setResult(pick.sign, 0x7fff, pick.hi | 0x40000000, pick.lo);
    return true;
  }

  /** One-operand version: unsupported → indefinite, SNaN → IE and quieted. */
  protected propagateNaN1(a: Unpacked): boolean {
    if (a.kind === Kind.Unsupported) {
      this.setIndefinite();
      return true;
    }
    if (!a.isNaN()) return false;
    if (a.kind === Kind.SignalingNaN) this.flags |= FLAG_IE;
    this.setResult(a.sign, 0x7fff, a.hi | 0x40000000, a.lo);
    return true;
  }

  // ---- arithmetic ----

  /** a + b (or a − b when `subtract`), rounded to `format`. */
  add(aSe: number, aHi: number, aLo: number, bSe: number, bHi: number, bLo: number, subtract: boolean, format: Format) {
    const a = this.a;
    const b = this.b;
    a.setExtended(aSe, aHi, aLo);
    b.setExtended(bSe, bHi, bLo);
    this.roundedUp = 0;
    if (this.propagateNaN2(a, b)) return;
    if (a.denormal || b.denormal) this.flags |= FLAG_DE;
    this.addUnpacked(a, b, subtract ? b.sign ^ 1 : b.sign, format);
    this.packResult();
  }

  /** The sum of finite/infinite/zero a and b (with b's sign replaced by `bSign`), rounded. */
  addUnpacked(a: Unpacked, b: Unpacked, bSign: number, format: Format): void {
    const aSign = a.sign;
    if (a.kind === Kind.Infinity || b.kind === Kind.Infinity) {
      if (a.kind === Kind.Infinity && b.kind === Kind.Infinity && aSign !== bSign) {
        this.setIndefinite();
        return;
      }
      this.setInfinity(a.kind === Kind.Infinity ? aSign : bSign);
      return;
    }
    if (a.kind === Kind.Zero) {
      if (b.kind === Kind.Zero) {
        const sign = aSign === bSign ? aSign : this.rounding === Rounding.Down ? 1 : 0;
        this.roundPack(sign, 0, 0, 0, 0, format);
        return;
      }
      this.roundPack(bSign, b.exp, b.hi, b.lo, 0, format);
      return;
    }
    if (b.kind === Kind.Zero) {
      this.roundPack(aSign, a.exp, a.hi, a.lo, 0, format);
      return;
    }
    this.addMagnitudes(aSign, a.exp, a.hi, a.lo, bSign, b.exp, b.hi, b.lo, format);
  }

  /** Sum of two finite non-zero normalized values given as parts; rounds into the result. */
  protected addMagnitudes(
    aSign: number,
    aExp: number,
    aHi: number,
    aLo: number,
    bSign: number,
    bExp: number,
    bHi: number,
    bLo: number,
    format: Format,
  ): void {
    // Order by magnitude: x is the larger.
    let xSign = aSign;
    let xExp = aExp;
    let xHi = aHi;
    let xLo = aLo;
    let ySign = bSign;
    let yExp = bExp;
    let yHi = bHi;
    let yLo = bLo;
    if (bExp > aExp || (bExp === aExp && (bHi > aHi || (bHi === aHi && bLo > aLo)))) {
      xSign = bSign;
      xExp = bExp;
      xHi = bHi;
      xLo = bLo;
      ySign = aSign;
      yExp = aExp;
      yHi = aHi;
      yLo = aLo;
    }
    this.shiftRightJam(yHi, yLo, 0, xExp - yExp);
    yHi = this.hi;
    yLo = this.lo;
    const yExt = this.ext;
    if (xSign === ySign) {
      let lo = xLo + yLo;
      let hi = xHi + yHi;
      if (lo >= 4294967296) {
        lo -= 4294967296;
        hi += 1;
      }
      if (hi >= 4294967296) {
        // Carry: shift right one, jamming.
        hi -= 4294967296;
        const ext = ((lo << 31) | (yExt >>> 1) | (yExt & 1)) >>> 0;
        lo = ((hi << 31) | (lo >>> 1)) >>> 0;
        hi = ((hi >>> 1) | 0x80000000) >>> 0;
        this.roundPack(xSign, xExp + 1, hi, lo, ext, format);
        return;
      }
      this.roundPack(xSign, xExp, hi >>> 0, lo >>> 0, yExt, format);
      return;
    }
    // Subtraction of magnitudes: x − y ≥ 0.
    let ext = -yExt;
    let borrow = 0;
    if (ext < 0) {
      ext += 4294967296;
      borrow = 1;
    }
    let lo = xLo - yLo - borrow;
    borrow = 0;
    if (lo < 0) {
      lo += 4294967296;
      borrow = 1;
    }
    const hi = xHi - yHi - borrow;
    if ((hi | lo | ext) === 0) {
      // Exact cancellation: +0, or −0 when rounding down.
      this.roundPack(this.rounding === Rounding.Down ? 1 : 0, 0, 0, 0, 0, format);
      return;
    }
    const exp = this.normalize(xExp, hi >>> 0, lo >>> 0, ext >>> 0);
    this.roundPack(xSign, exp, this.hi, this.lo, this.ext, format);
  }

  /** a × b, rounded to `format`. */
  mul(aSe: number, aHi: number, aLo: number, bSe: number, bHi: number, bLo: number, format: Format): void {
    const a = this.a;
    const b = this.b;
    a.setExtended(aSe, aHi, aLo);
    b.setExtended(bSe, bHi, bLo);
    this.roundedUp = 0;
    if (this.propagateNaN2(a, b)) return;
    if (a.denormal || b.denormal) this.flags |= FLAG_DE;
    this.mulUnpacked(a, b, format);
    this.packResult();
  }

  mulUnpacked(a: Unpacked, b: Unpacked, format: Format): void {
    const sign = a.sign ^ b.sign;
    if (a.kind === Kind.Infinity || b.kind === Kind.Infinity) {
      if (a.kind === Kind.Zero || b.kind === Kind.Zero) {
        this.setIndefinite();
        return;
      }
      this.setInfinity(sign);
      return;
    }
    if (a.kind === Kind.Zero || b.kind === Kind.Zero) {
      this.roundPack(sign, 0, 0, 0, 0, format);
      return;
    }
    const top = this.mulSignificands(a.hi, a.lo, b.hi, b.lo);
    this.roundPack(sign, a.exp + b.exp - EXP_BIAS + top, this.hi, this.lo, this.ext, format);
  }

  /** a ÷ b, rounded to `format`. */
  div(aSe: number, aHi: number, aLo: number, bSe: number, bHi: number, bLo: number, format: Format): void {
    const a = this.a;
    const b = this.b;
    a.setExtended(aSe, aHi, aLo);
    b.setExtended(bSe, bHi, bLo);
    this.roundedUp = 0;
    if (this.propagateNaN2(a, b)) return;
    // A division by zero reports ZE alone, even of a denormal.
    if ((a.denormal || b.denormal) && b.kind !== Kind.Zero) this.flags |= FLAG_DE;
    this.divUnpacked(a, b, format);
    this.packResult();
  }

  divUnpacked(a: Unpacked, b: Unpacked, format: Format): void {
    const sign = a.sign ^ b.sign;
    if (a.kind === Kind.Infinity) {
      if (b.kind === Kind.Infinity) this.setIndefinite();
      else this.setInfinity(sign);
      return;
    }
    if (b.kind === Kind.Infinity) {
      this.roundPack(sign, 0, 0, 0, 0, format);
      return;
    }
    if (b.kind === Kind.Zero) {
      if (a.kind === Kind.Zero) {
        this.setIndefinite();
        return;
      }
      this.flags |= FLAG_ZE;
      this.setInfinity(sign);
      return;
    }
    if (a.kind === Kind.Zero) {
      this.roundPack(sign, 0, 0, 0, 0, format);
      return;
    }
    const adjust = this.divSignificands(a.hi, a.lo, b.hi, b.lo);
    this.roundPack(sign, a.exp - b.exp + EXP_BIAS + adjust, this.hi, this.lo, this.ext, format);
  }

  /** √a, rounded to `format`. */
  sqrt(aSe: number, aHi: number, aLo: number, format: Format): void {
    const a = this.a;
    a.setExtended(aSe, aHi, aLo);
    this.roundedUp = 0;
    if (this.propagateNaN1(a)) return;
    // The square root of a negative denormal reports IE alone.
    if (a.denormal && a.sign === 0) this.flags |= FLAG_DE;
    this.sqrtUnpacked(a, format);
    this.packResult();
  }

  sqrtUnpacked(a: Unpacked, format: Format): void {
    if (a.kind === Kind.Zero) {
      this.roundPack(a.sign, 0, 0, 0, 0, format);
      return;
    }
    if (a.sign === 1) {
      this.setIndefinite();
      return;
    }
    if (a.kind === Kind.Infinity) {
      this.setInfinity(0);
      return;
    }
    const e = a.exp - EXP_BIAS;
    this.sqrtSignificand(a.hi, a.lo, (e & 1) !== 0);
    this.roundPack(0, EXP_BIAS + (e >> 1), this.hi, this.lo, this.ext, format);
  }

  // ---- integers ----

  /** Two's complement result of `integerFromUnpacked`. */
  intLo = 0;
  intHi = 0;

  /**
   * Rounds finite non-zero `u` to an integer magnitude under the rounding control: hi:lo, with the
   * inexactness returned in bit 0 and overflow (magnitude ≥ 2^64) in bit 1.
   */
  protected integerMagnitude(u: Unpacked): number {
    const shift = EXP_BIAS + 63 - u.exp;
    if (shift < 0) return 2;
    this.shiftRightJam(u.hi, u.lo, 0, shift);
    const inexact = this.roundSignificand(u.sign, this.hi, this.lo, this.ext, 64);
    if (this.exp !== 0) return 2 | (inexact ? 1 : 0);
    return inexact ? 1 : 0;
  }

  /**
   * `u` rounded to a signed integer of `bits` (16, 32 or 64) under the rounding control, as two's
   * complement in intLo/intHi (sign-extended). Returns false for NaNs, infinities, unsupported
   * encodings and values out of range (the caller stores the integer indefinite and raises IE);
   * otherwise raises PE when inexact and sets roundedUp.
   */
  integerFromUnpacked(u: Unpacked, bits: number): boolean {
    this.roundedUp = 0;
    if (u.kind === Kind.Zero) {
      this.intLo = 0;
      this.intHi = 0;
      return true;
    }
    if (u.kind !== Kind.Finite) return false;
    const r = this.integerMagnitude(u);
    if (r & 2) return false;
    let hi = this.hi;
    let lo = this.lo;
    // Range: up to 2^(bits-1) − 1, or 2^(bits-1) for negative values.
    const limitHi = bits === 64 ? 0x80000000 : 0;
    const limitLo = bits === 64 ? 0 : bits === 32 ? 0x80000000 : 0x8000;
    if (hi > limitHi || (hi === limitHi && lo > limitLo) || (u.sign === 0 && hi === limitHi && lo === limitLo)) {
      return false;
    }
    if (u.sign) {
      lo = (~lo + 1) >>> 0;
      hi = (~hi + (lo === 0 ? 1 : 0)) >>> 0;
    }
    if (bits < 64) hi = lo & 0x80000000 || (bits === 16 && lo & 0x8000) ? 0xffffffff : 0;
    if (bits === 16) lo = u.sign && lo !== 0 ? lo | 0xffff0000 : lo;
    this.intLo = lo | 0;
    this.intHi = hi | 0;
    if (r & 1) this.flags |= FLAG_PE;
    return true;
  }

  /**
   * `u` (not a NaN) rounded to an integral value in its own format under the rounding control
   * (FRNDINT, ROUNDSD): result in sign/exp/hi/lo; PE when inexact, roundedUp as C1.
   */
  roundToIntegral(u: Unpacked): void {
    this.roundedUp = 0;
    this.sign = u.sign;
    if (u.kind === Kind.Zero) {
      this.exp = 0;
      this.hi = 0;
      this.lo = 0;
      return;
    }
    if (u.kind === Kind.Infinity || u.exp >= EXP_BIAS + 63) {
      this.exp = u.kind === Kind.Infinity ? EXP_MAX : u.exp;
      this.hi = u.hi;
      this.lo = u.lo;
      return;
    }
    const sign = u.sign;
    const r = this.integerMagnitude(u);
    const roundedUp = this.roundedUp;
    if (r & 1) this.flags |= FLAG_PE;
    this.sign = sign;
    if ((this.hi | this.lo) === 0) {
      this.exp = 0;
      return;
    }
    this.exp = this.normalize(EXP_BIAS + 63, this.hi, this.lo, 0);
    this.roundedUp = roundedUp;
  }

  // ---- comparison ----

  /**
   * Compares a with b. `quiet` (FUCOM/FUCOMI) raises IE only for signaling NaNs; otherwise
   * (FCOM/FCOMI) any NaN is invalid. Unsupported encodings are invalid and unordered.
   */
  compare(aSe: number, aHi: number, aLo: number, bSe: number, bHi: number, bLo: number, quiet: boolean): Relation {
    const a = this.a;
    const b = this.b;
    a.setExtended(aSe, aHi, aLo);
    b.setExtended(bSe, bHi, bLo);
    return this.compareUnpacked(a, b, quiet);
  }

  protected compareUnpacked(a: Unpacked, b: Unpacked, quiet: boolean): Relation {
    if (a.kind === Kind.Unsupported || b.kind === Kind.Unsupported) {
      this.flags |= FLAG_IE;
      return Relation.Unordered;
    }
    if (a.isNaN() || b.isNaN()) {
      if (!quiet || a.kind === Kind.SignalingNaN || b.kind === Kind.SignalingNaN) this.flags |= FLAG_IE;
      return Relation.Unordered;
    }
    if (a.denormal || b.denormal) this.flags |= FLAG_DE;
    return compareOrdered(a, b);
  }
}

/** Order of two non-NaN unpacked values. */
export function compareOrdered(a: Unpacked, b: Unpacked): Relation {
  const aZero = a.kind === Kind.Zero;
  const bZero = b.kind === Kind.Zero;
  if (aZero && bZero) return Relation.Equal;
  if (a.sign !== b.sign) return a.sign ? Relation.Less : Relation.Greater;
  // Same sign: compare magnitudes (zero < finite < infinity), then flip for negatives.
  let m: number;
  if (aZero) m = -1;
  else if (bZero) m = 1;
  else if (a.kind === Kind.Infinity || b.kind === Kind.Infinity) {
    m = a.kind === b.kind ? 0 : a.kind === Kind.Infinity ? 1 : -1;
  } else if (a.exp !== b.exp) m = a.exp > b.exp ? 1 : -1;
  else if (a.hi !== b.hi) m = a.hi > b.hi ? 1 : -1;
  else if (a.lo !== b.lo) m = a.lo > b.lo ? 1 : -1;
  else m = 0;
  if (a.sign) m = -m;
  return m < 0 ? Relation.Less : m > 0 ? Relation.Greater : Relation.Equal;
}
