// The soft-float core shared by the x87 (80-bit extended) and the SSE slow paths (float32/float64).
//
// Numbers are handled unpacked: a sign (0/1), an exponent biased by 16383 (the extended format's
// bias, whatever the destination format; it may go below 1 or above 0x7ffe in intermediate
// results), and a 64-bit significand with an explicit integer bit as two uint32 halves `hi:lo`,
// plus `ext`, 32 further bits below the significand whose lowest bit is "sticky" (set when anything
// non-zero was shifted out further down). No BigInt here: these paths run in long-double loops.
//
// One `SoftFloat` object is the working state of an operation: the rounding control, the exception
// flags it raised, whether the last rounding incremented the magnitude (x87 C1), and the result.
// Operations write the result fields instead of returning objects, so nothing is allocated.

import { FLAG_OE, FLAG_PE, FLAG_UE, Rounding } from './exceptions.ts';

export const EXP_BIAS = 16383;
export const EXP_MAX = 0x7fff;

/**
 * Destination formats of rounding: the significand precision and the exponent range (biased by
 * 16383) of normal numbers. The x87 rounds to 24 or 53 bits under precision control but keeps the
 * extended exponent range.
 */
export const enum Format {
  Float32 = 0,
  Float64 = 1,
  Extended24 = 2,
  Extended53 = 3,
  Extended64 = 4,
}
const PRECISION = [24, 53, 24, 53, 64];
/** Smallest biased exponent of a normal number in each format. */
export const FORMAT_EMIN = [EXP_BIAS - 126, EXP_BIAS - 1022, 1, 1, 1];
/** Largest biased exponent of a finite number in each format. */
export const FORMAT_EMAX = [EXP_BIAS + 127, EXP_BIAS + 1023, 0x7ffe, 0x7ffe, 0x7ffe];

const TWO32 = 4294967296;

export class SoftFloat {
  /** Rounding control (Rounding.*). */
  rounding: Rounding = Rounding.NearestEven;
  /** SSE flush-to-zero: tiny results become zero (with UE and PE). */
  flushToZero = false;
  /** Underflow is masked: UE is then only raised when the tiny result is also inexact. */
  underflowMasked = true;
  /** Exception flags raised (FLAG_*), accumulated until the caller clears them. */
  flags = 0;
  /** The last rounding incremented the significand's magnitude (the x87's C1 after arithmetic). */
  roundedUp = 0;

  /** Result: sign, biased exponent, significand (integer bit 31 of `hi`; zero for zero/denormal). */
  sign = 0;
  exp = 0;
  hi = 0;
  lo = 0;
  /** Bits below the significand during an operation (bit 0 sticky). */
  ext = 0;

  /** High half of the last `mul32` (the low half is its return value). */
  private mulHigh = 0;

  // ---- rounding ----

  /**
   * Rounds the working value sign/exp/hi:lo:ext (normalized: hi bit 31 set, or all zero) to
   * `format` under the current rounding control, handling overflow, underflow and denormal
   * results as the hardware does (tininess is detected after rounding). Leaves the rounded
   * value in sign/exp/hi/lo; a denormal result has exp = the format's minimum and hi bit 31 clear.
   */
  roundPack(sign: number, exp: number, hi: number, lo: number, ext: number, format: Format): void {
    this.sign = sign;
    this.roundedUp = 0;
    const emin = FORMAT_EMIN[format]!;
    const emax = FORMAT_EMAX[format]!;
    const precision = PRECISION[format]!;
    if ((hi | lo | ext) === 0) {
      this.exp = 0;
      this.hi = 0;
      this.lo = 0;
      return;
    }
    if (exp < emin) {
      // Tiny after rounding: rounding to `precision` bits with an unbounded exponent stays below
      // 2^emin. Only a value just under 2^emin that rounds up to it is not tiny.
      let tiny = true;
      if (exp === emin - 1) {
        this.roundSignificand(sign, hi, lo, ext, precision);
        if (this.exp !== 0) tiny = false;
      }
      if (tiny && this.flushToZero) {
        this.flags |= FLAG_UE | FLAG_PE;
        this.exp = 0;
        this.hi = 0;
        this.lo = 0;
        return;
      }
      this.shiftRightJam(hi, lo, ext, emin - exp);
      const inexact = this.roundSignificand(sign, this.hi, this.lo, this.ext, precision);
      if (this.exp !== 0) {
        // The denormal rounded up to the smallest normal.
        this.hi = 0x80000000;
        this.lo = 0;
      }
      this.exp = this.hi === 0 && this.lo === 0 ? 0 : emin;
      if (inexact) this.flags |= FLAG_PE;
      if (tiny && (inexact || !this.underflowMasked)) this.flags |= FLAG_UE;
      return;
    }
    const inexact = this.roundSignificand(sign, hi, lo, ext, precision);
    if (this.exp !== 0) {
      // Carry out of the significand: 1.111…1 rounded up to 10.000…0.
      this.hi = 0x80000000;
      this.lo = 0;
      exp++;
    }
    if (exp > emax) {
      this.overflow(sign, format);
      return;
    }
    this.exp = exp;
    if (inexact) this.flags |= FLAG_PE;
  }

  /** Masked overflow: infinity or the largest finite value, depending on rounding and sign. */
  private overflow(sign: number, format: Format): void {
    this.flags |= FLAG_OE | FLAG_PE;
    const r = this.rounding;
    if (r === Rounding.NearestEven || (r === Rounding.Up && sign === 0) || (r === Rounding.Down && sign === 1)) {
      this.exp = EXP_MAX;
      this.hi = 0x80000000;
      this.lo = 0;
      this.roundedUp = 1;
    } else {
      this.exp = FORMAT_EMAX[format]!;
      const precision = PRECISION[format]!;
      this.hi = precision >= 32 ? 0xffffffff : (0xffffffff << (32 - precision)) >>> 0;
      this.lo = precision === 64 ? 0xffffffff : precision > 32 ? (0xffffffff << (64 - precision)) >>> 0 : 0;
      this.roundedUp = 0;
    }
  }

  /**
   * Rounds hi:lo:ext to `precision` significant bits (counting from bit 63) under the rounding
   * control. Result in this.hi/this.lo; this.exp = 1 when the increment carried out of bit 63
   * (the caller renormalizes), else 0. Sets roundedUp. Returns whether the value was inexact.
   */
  protected roundSignificand(sign: number, hi: number, lo: number, ext: number, precision: number): boolean {
    // `rest` is the discarded part's top word relative to the half-ulp point; `restLow` says
    // whether anything below it is non-zero.
    let half: number;
    let rest: number;
    let restLow: boolean;
    let lsb: number;
    if (precision === 64) {
      half = 0x80000000;
      rest = ext >>> 0;
      restLow = false;
      lsb = lo & 1;
    } else if (precision === 53) {
      half = 0x400;
      rest = lo & 0x7ff;
      restLow = ext !== 0;
      lsb = (lo >>> 11) & 1;
    } else {
      half = 0x80;
      rest = hi & 0xff;
      restLow = lo !== 0 || ext !== 0;
      lsb = (hi >>> 8) & 1;
    }
    const inexact = rest !== 0 || restLow;
    let increment = false;
    if (inexact) {
      switch (this.rounding) {
        case Rounding.NearestEven:
          increment = rest > half || (rest === half && (restLow || lsb === 1));
          break;
        case Rounding.Down:
          increment = sign === 1;
          break;
        case Rounding.Up:
          increment = sign === 0;
          break;
        default:
          increment = false;
      }
    }
    // Truncate to the precision.
    if (precision === 53) lo = (lo & ~0x7ff) >>> 0;
    else if (precision === 24) {
      hi = (hi & ~0xff) >>> 0;
      lo = 0;
    }
    this.exp = 0;
    if (increment) {
      this.roundedUp = 1;
      if (precision === 24) {
        hi += 0x100;
      } else {
        lo += precision === 64 ? 1 : 0x800;
        if (lo >= TWO32) {
          lo -= TWO32;
          hi += 1;
        }
      }
      if (hi >= TWO32) {
        hi -= TWO32;
        this.exp = 1;
      }
    } else {
      this.roundedUp = 0;
    }
    this.hi = hi >>> 0;
    this.lo = lo >>> 0;
    return inexact;
  }

  // ---- significand arithmetic (results in this.hi/lo/ext) ----

  /** Shifts hi:lo:ext right by `n` bits, or-ing everything shifted out into ext bit 0. */
  shiftRightJam(hi: number, lo: number, ext: number, n: number): void {
    if (n <= 0) {
      this.hi = hi;
      this.lo = lo;
      this.ext = ext;
    } else if (n < 32) {
      const sticky = ext << (32 - n) !== 0 ? 1 : 0;
      this.ext = ((lo << (32 - n)) | (ext >>> n) | sticky) >>> 0;
      this.lo = ((hi << (32 - n)) | (lo >>> n)) >>> 0;
      this.hi = hi >>> n;
    } else if (n === 32) {
      this.ext = (lo | (ext !== 0 ? 1 : 0)) >>> 0;
      this.lo = hi;
      this.hi = 0;
    } else if (n < 64) {
      const m = n - 32;
      const sticky = (lo << (32 - m)) | ext ? 1 : 0;
      this.ext = ((hi << (32 - m)) | (lo >>> m) | sticky) >>> 0;
      this.lo = hi >>> m;
      this.hi = 0;
    } else if (n === 64) {
      this.ext = (hi | ((lo | ext) !== 0 ? 1 : 0)) >>> 0;
      this.lo = 0;
      this.hi = 0;
    } else if (n < 96) {
      const m = n - 64;
      this.ext = ((hi >>> m) | ((hi << (32 - m)) | lo | ext ? 1 : 0)) >>> 0;
      this.lo = 0;
      this.hi = 0;
    } else {
      this.ext = (hi | lo | ext) !== 0 ? 1 : 0;
      this.lo = 0;
      this.hi = 0;
    }
  }

  /**
   * Normalizes hi:lo:ext so that bit 63 is set, decrementing `exp` by the shift; returns the new
   * exponent (the value must be non-zero).
   */
  normalize(exp: number, hi: number, lo: number, ext: number): number {
    if (hi === 0) {
      if (lo === 0) {
        hi = ext;
        lo = 0;
        ext = 0;
        exp -= 64;
      } else {
        hi = lo;
        lo = ext;
        ext = 0;
        exp -= 32;
      }
    }
    const shift = Math.clz32(hi);
    if (shift !== 0) {
      hi = ((hi << shift) | (lo >>> (32 - shift))) >>> 0;
      lo = ((lo << shift) | (ext >>> (32 - shift))) >>> 0;
      ext = (ext << shift) >>> 0;
      exp -= shift;
    }
    this.hi = hi;
    this.lo = lo;
    this.ext = ext;
    return exp;
  }

  /** 32×32-bit unsigned product: returns the low half, leaves the high half in mulHigh. */
  private mul32(a: number, b: number): number {
    const low = Math.imul(a, b) >>> 0;
    // a*b in double is within 2^11 of the exact product, so this rounds to the exact high half.
    this.mulHigh = Math.round((a * b - low) / TWO32);
    return low;
  }

  /**
   * 64×64-bit significand product, rounded to the working form: the top 64 bits in hi:lo, the next
   * 32 in ext (with the last 32 jammed into its sticky bit). Returns 1 when the product's top bit
   * is bit 127 (product ≥ 2^127), else 0 (the caller shifts its exponent accordingly).
   */
  mulSignificands(ah: number, al: number, bh: number, bl: number): number {
    const p0 = this.mul32(al, bl);
    const c0 = this.mulHigh;
    const lhLow = this.mul32(al, bh);
    const lhHigh = this.mulHigh;
    const hlLow = this.mul32(ah, bl);
    const hlHigh = this.mulHigh;
    const hhLow = this.mul32(ah, bh);
    const hhHigh = this.mulHigh;
    const s1 = c0 + lhLow + hlLow;
    const p1 = s1 % TWO32;
    const s2 = Math.floor(s1 / TWO32) + lhHigh + hlHigh + hhLow;
    const p2 = s2 % TWO32;
    const p3 = Math.floor(s2 / TWO32) + hhHigh;
    const sticky = p0 !== 0 ? 1 : 0;
    if (p3 >= 0x80000000) {
      this.hi = p3;
      this.lo = p2;
      this.ext = (p1 | sticky) >>> 0;
      return 1;
    }
    this.hi = ((p3 << 1) | (p2 >>> 31)) >>> 0;
    this.lo = ((p2 << 1) | (p1 >>> 31)) >>> 0;
    this.ext = ((p1 << 1) | sticky) >>> 0;
    return 0;
  }

  /**
   * Quotient of two normalized significands a/b: 64 bits in hi:lo and the next bits in ext with
   * the remainder's non-zeroness jammed into its sticky bit. Returns 0 when a ≥ b (quotient in
   * [1, 2)), else -1 (the quotient was taken of 2a: the caller decrements the exponent).
   */
  divSignificands(ah: number, al: number, bh: number, bl: number): number {
    let adjust = 0;
    // rem is a 65-bit value: top (0/1) : rh : rl.
    let top = 0;
    let rh = ah;
    let rl = al;
    if (ah < bh || (ah === bh && al < bl)) {
      top = rh >>> 31;
      rh = ((rh << 1) | (rl >>> 31)) >>> 0;
      rl = (rl << 1) >>> 0;
      adjust = -1;
    }
    let qh = 0;
    let ql = 0;
    let qe = 0;
    // 64 quotient bits plus 2 more (guard and round); the rest of the remainder is sticky.
    for (let i = 0; i < 66; i++) {
      if (top !== 0 || rh > bh || (rh === bh && rl >= bl)) {
        // rem -= b
        let nl = rl - bl;
        let borrow = 0;
        if (nl < 0) {
          nl += TWO32;
          borrow = 1;
        }
        rh = (rh - bh - borrow) >>> 0;
        rl = nl;
        if (i < 32) qh |= 1 << (31 - i);
        else if (i < 64) ql |= 1 << (63 - i);
        else qe |= 1 << (95 - i);
      }
      top = rh >>> 31;
      rh = ((rh << 1) | (rl >>> 31)) >>> 0;
      rl = (rl << 1) >>> 0;
    }
    if ((top | rh | rl) !== 0) qe |= 1;
    this.hi = qh >>> 0;
    this.lo = ql >>> 0;
    this.ext = qe >>> 0;
    return adjust;
  }

  /**
   * Square root of a normalized significand m = 1.f × 2^63 belonging to a value 1.f × 2^E:
   * `oddExponent` says E is odd, when the root is that of 2 × 1.f. The root, in [1, 2), is left
   * as 64 bits in hi:lo, its next bit in ext bit 31 and the remainder's non-zeroness in ext bit 0.
   */
  sqrtSignificand(mh: number, ml: number, oddExponent: boolean): void {
    // Digit-by-digit root of the radicand R = m × 2^66 (E odd) or m × 2^65 (E even), read as 65
    // two-bit digits from bit 129 down: the root then has exactly 65 bits. w0:w1:w2 hold the
    // radicand's top 96 bits (everything below is zero).
    let w0: number;
    let w1: number;
    let w2: number;
    if (oddExponent) {
      w0 = mh;
      w1 = ml;
      w2 = 0;
    } else {
      w0 = mh >>> 1;
      w1 = ((mh << 31) | (ml >>> 1)) >>> 0;
      w2 = (ml << 31) >>> 0;
    }
    // Remainder (up to 67 bits) as three words rem2:rem1:rem0 (rem2 small); root as three words.
    let rem2 = 0;
    let rem1 = 0;
    let rem0 = 0;
    let q2 = 0;
    let q1 = 0;
    let q0 = 0;
    for (let i = 0; i < 65; i++) {
      let digit: number;
      if (i < 16) digit = (w0 >>> (30 - 2 * i)) & 3;
      else if (i < 32) digit = (w1 >>> (62 - 2 * i)) & 3;
      else if (i < 48) digit = (w2 >>> (94 - 2 * i)) & 3;
      else digit = 0;
      // rem = rem*4 + digit
      rem2 = ((rem2 << 2) | (rem1 >>> 30)) >>> 0;
      rem1 = ((rem1 << 2) | (rem0 >>> 30)) >>> 0;
      rem0 = ((rem0 << 2) | digit) >>> 0;
      // trial = q*4 + 1
      const t2 = ((q2 << 2) | (q1 >>> 30)) >>> 0;
      const t1 = ((q1 << 2) | (q0 >>> 30)) >>> 0;
      const t0 = ((q0 << 2) | 1) >>> 0;
      const ge = rem2 > t2 || (rem2 === t2 && (rem1 > t1 || (rem1 === t1 && rem0 >= t0)));
      // q = q*2 + bit
      q2 = ((q2 << 1) | (q1 >>> 31)) >>> 0;
      q1 = ((q1 << 1) | (q0 >>> 31)) >>> 0;
      q0 = ((q0 << 1) | (ge ? 1 : 0)) >>> 0;
      if (ge) {
        let d0 = rem0 - t0;
        let borrow = 0;
        if (d0 < 0) {
          d0 += TWO32;
          borrow = 1;
        }
        let d1 = rem1 - t1 - borrow;
        borrow = 0;
        if (d1 < 0) {
          d1 += TWO32;
          borrow = 1;
        }
        rem2 = (rem2 - t2 - borrow) >>> 0;
        rem1 = d1;
        rem0 = d0;
      }
    }
    // 65 root bits in q2:q1:q0 (q2 holds bit 64). Top 64 → hi:lo, last bit → ext bit 31.
    this.hi = ((q2 << 31) | (q1 >>> 1)) >>> 0;
    this.lo = ((q1 << 31) | (q0 >>> 1)) >>> 0;
    this.ext = (((q0 & 1) << 31) | ((rem2 | rem1 | rem0) !== 0 ? 1 : 0)) >>> 0;
  }
}
