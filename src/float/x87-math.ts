// The x87's operations beyond the basic arithmetic: conversions to and from memory formats
// (float32/float64, int16/32/64, 18-digit packed BCD), FRNDINT, FSCALE, FXTRACT, FPREM/FPREM1,
// FXAM and FTST, with the hardware's exception flags and condition codes.

import { FLAG_DE, FLAG_IE, FLAG_ZE, Rounding } from './exceptions.ts';
import { compareOrdered, ExtendedMath, INDEFINITE_HI, Relation } from './extended.ts';
import { EXP_BIAS, EXP_MAX, Format } from './soft-float.ts';
import { Kind } from './unpacked.ts';

/** Condition-code bits of the x87 status word. */
export const SW_C0 = 0x100;
export const SW_C1 = 0x200;
export const SW_C2 = 0x400;
export const SW_C3 = 0x4000;

/**
 * FPREM/FPREM1 with an exponent difference D of 64 or more reduce it partially: the quotient taken
 * is that of the dividend over divisor × 2^(D − N), N+1 bits long. The manual leaves N between 32
 * and 63; the recorded vectors show this machine uses N = 32 + D mod 32.
 */
const PARTIAL_REMAINDER_BASE = 32;

export class X87Math extends ExtendedMath {
  /** FPREM/FPREM1/FXAM/FTST condition codes (SW_C* bits) of the last such operation. */
  conditionCodes = 0;
  /** Second result of FXTRACT (the exponent, pushed below the significand): se/hi/lo. */
  se2 = 0;
  hi2 = 0;
  lo2 = 0;

  // ---- loads: exact, with IE for signaling NaNs and DE for denormals ----

  private loadUnpacked(): void {
    const a = this.a;
    if (a.kind === Kind.SignalingNaN) this.flags |= FLAG_IE;
    if (a.denormal) this.flags |= FLAG_DE;
    switch (a.kind) {
      case Kind.Zero:
        this.setResult(a.sign, 0, 0, 0);
        return;
      case Kind.Infinity:
        this.setResult(a.sign, EXP_MAX, 0x80000000, 0);
        return;
      case Kind.QuietNaN:
      case Kind.SignalingNaN:
        this.setResult(a.sign, EXP_MAX, a.hi | 0x40000000, a.lo);
        return;
      default:
        // Finite; a float denormal is a normal number in the extended format.
        if (a.exp <= 0) {
          this.roundPack(a.sign, a.exp, a.hi, a.lo, 0, Format.Extended64);
          this.packResult();
        } else this.setResult(a.sign, a.exp, a.hi, a.lo);
    }
  }

  /** FLD m32fp. */
  loadFloat32(bits: number): void {
    this.a.setFloat32(bits);
    this.loadUnpacked();
  }

  /** FLD m64fp (high and low words). */
  loadFloat64(high: number, low: number): void {
    this.a.setFloat64(high, low);
    this.loadUnpacked();
  }

  /** FILD: a signed integer given as int32 halves (sign-extended for 16/32-bit sources). */
  loadInteger(lo: number, hi: number): void {
    let sign = 0;
    let mh = hi >>> 0;
    let ml = lo >>> 0;
    if (hi < 0) {
      sign = 1;
      ml = (~ml + 1) >>> 0;
      mh = (~mh + (ml === 0 ? 1 : 0)) >>> 0;
    }
    if ((mh | ml) === 0) {
      this.setResult(0, 0, 0, 0);
      return;
    }
    const exp = this.normalize(EXP_BIAS + 63, mh, ml, 0);
    this.setResult(sign, exp, this.hi, this.lo);
  }

  /** FBLD: 18 packed BCD digits (bytes 0–8, least significant first) and the sign in byte 9. */
  loadBcd(bytes: Uint8Array): void {
    // Invalid digits are undefined by the manual; weighting each nibble by its position, as here,
    // is what the recorded hardware does.
    let value = 0n;
    for (let i = 8; i >= 0; i--) {
      const b = bytes[i]!;
      value = value * 100n + BigInt((b >> 4) * 10 + (b & 15));
    }
    const lo = Number(value & 0xffffffffn);
    const hi = Number(value >> 32n);
    this.loadInteger(lo, hi);
    if ((bytes[9]! & 0x80) !== 0) this.setResult(1, this.se, this.hi, this.lo);
  }

  // ---- stores (they report no DE for denormal operands) ----

  /** FST m32fp: float32 bits of the rounded value (returned); flags, C1 in roundedUp. */
  storeFloat32(se: number, hi: number, lo: number): number {
    const a = this.a;
    a.setExtended(se, hi, lo);
    this.roundedUp = 0;
    if (a.kind === Kind.Unsupported) {
      this.flags |= FLAG_IE;
      return 0xffc00000 | 0;
    }
    if (a.isNaN()) {
      if (a.kind === Kind.SignalingNaN) this.flags |= FLAG_IE;
      return (a.sign << 31) | 0x7fc00000 | ((a.hi >>> 8) & 0x3fffff);
    }
    if (a.kind === Kind.Infinity) return (a.sign << 31) | 0x7f800000;
    if (a.kind === Kind.Zero) return a.sign << 31;
    this.roundPack(a.sign, a.exp, a.hi, a.lo, 0, Format.Float32);
    let field: number;
    if (this.exp === EXP_MAX) field = 0xff;
    else if ((this.hi & 0x80000000) === 0) field = 0;
    else field = this.exp - EXP_BIAS + 127;
    return (this.sign << 31) | (field << 23) | ((this.hi >>> 8) & 0x7fffff);
  }

  /** FST m64fp: the float64's low word is returned, its high word left in `storeHigh`. */
  storeFloat64(se: number, hi: number, lo: number): number {
    const a = this.a;
    a.setExtended(se, hi, lo);
    this.roundedUp = 0;
    if (a.kind === Kind.Unsupported) {
      this.flags |= FLAG_IE;
      this.storeHigh = 0xfff80000 | 0;
      return 0;
    }
    if (a.isNaN()) {
      if (a.kind === Kind.SignalingNaN) this.flags |= FLAG_IE;
      this.storeHigh = (a.sign << 31) | 0x7ff80000 | ((a.hi >>> 11) & 0x7ffff);
      return (a.hi << 21) | (a.lo >>> 11) | 0;
    }
    if (a.kind === Kind.Infinity || a.kind === Kind.Zero) {
      this.storeHigh = (a.sign << 31) | (a.kind === Kind.Infinity ? 0x7ff00000 : 0);
      return 0;
    }
    this.roundPack(a.sign, a.exp, a.hi, a.lo, 0, Format.Float64);
    let field: number;
    if (this.exp === EXP_MAX) field = 0x7ff;
    else if ((this.hi & 0x80000000) === 0) field = 0;
    else field = this.exp - EXP_BIAS + 1023;
    this.storeHigh = (this.sign << 31) | (field << 20) | ((this.hi >>> 11) & 0xfffff);
    return (this.hi << 21) | (this.lo >>> 11) | 0;
  }

  /** High word of the last 64-bit store result. */
  storeHigh = 0;

  /**
   * FIST/FISTP (rounding control) or FISTTP (`truncate`) to a `bits`-bit integer: the low word is
   * returned, the high word left in `storeHigh`. Invalid: IE and the integer indefinite.
   */
  storeInteger(se: number, hi: number, lo: number, bits: number, truncate: boolean): number {
    const a = this.a;
    a.setExtended(se, hi, lo);
    const saved = this.rounding;
    if (truncate) this.rounding = Rounding.TowardZero;
    const ok = this.integerFromUnpacked(a, bits);
    this.rounding = saved;
    if (!ok) {
      this.flags |= FLAG_IE;
      this.roundedUp = 0;
      this.storeHigh = bits === 64 ? 0x80000000 | 0 : 0;
      return bits === 16 ? 0x8000 : bits === 32 ? 0x80000000 | 0 : 0;
    }
    this.storeHigh = this.intHi;
    return bits === 16 ? this.intLo & 0xffff : this.intLo;
  }

  /** FBSTP: the value rounded to an integer as 10 bytes of packed BCD into `out`. */
  storeBcd(se: number, hi: number, lo: number, out: Uint8Array): void {
    const a = this.a;
    a.setExtended(se, hi, lo);
    const ok = this.integerFromUnpacked(a, 64);
    let magnitude = 0n;
    if (ok) {
      magnitude = (BigInt(this.intHi) << 32n) | BigInt(this.intLo >>> 0);
      if (magnitude < 0n) magnitude = -magnitude;
    }
    if (!ok || magnitude > 999999999999999999n) {
      // The packed-BCD indefinite.
      this.flags |= FLAG_IE;
      this.flags &= ~0x20;
      this.roundedUp = 0;
      out.fill(0);
      out[7] = 0xc0;
      out[8] = 0xff;
      out[9] = 0xff;
      return;
    }
    for (let i = 0; i < 9; i++) {
      const low = Number(magnitude % 10n);
      magnitude /= 10n;
      const high = Number(magnitude % 10n);
      magnitude /= 10n;
      out[i] = low | (high << 4);
    }
    out[9] = a.sign ? 0x80 : 0;
  }

  // ---- FRNDINT, FSCALE, FXTRACT ----

  /** FRNDINT: round to an integral value under the rounding control (C1 = rounded up). */
  roundInt(se: number, hi: number, lo: number): void {
    const a = this.a;
    a.setExtended(se, hi, lo);
    this.roundedUp = 0;
    if (this.propagateNaN1(a)) return;
    if (a.denormal) this.flags |= FLAG_DE;
    this.roundToIntegral(a);
    this.packResult();
  }

  /** FSCALE: a × 2^trunc(b), rounded as extended precision only when out of range. */
  scale(aSe: number, aHi: number, aLo: number, bSe: number, bHi: number, bLo: number): void {
    const a = this.a;
    const b = this.b;
    a.setExtended(aSe, aHi, aLo);
    b.setExtended(bSe, bHi, bLo);
    this.roundedUp = 0;
    if (this.propagateNaN2(a, b)) return;
    if (a.denormal || b.denormal) this.flags |= FLAG_DE;
    if (b.kind === Kind.Infinity) {
      if (b.sign === 0) {
        if (a.kind === Kind.Zero) this.setIndefinite();
        else this.setResult(a.sign, EXP_MAX, 0x80000000, 0);
      } else if (a.kind === Kind.Infinity) this.setIndefinite();
      else this.setResult(a.sign, 0, 0, 0);
      return;
    }
    if (a.kind === Kind.Zero || a.kind === Kind.Infinity) {
      this.setResult(a.sign, a.kind === Kind.Zero ? 0 : EXP_MAX, a.kind === Kind.Zero ? 0 : 0x80000000, 0);
      return;
    }
    // trunc(b), saturated far beyond the exponent range.
    let n = 0;
    if (b.kind === Kind.Finite && b.exp >= EXP_BIAS) {
      const e = b.exp - EXP_BIAS;
      n = e >= 20 ? 1 << 20 : Math.floor((b.hi >>> 0) / 2 ** (31 - e));
      if (b.sign) n = -n;
    }
    this.roundPack(a.sign, a.exp + n, a.hi, a.lo, 0, Format.Extended64);
    this.packResult();
  }

  /** FXTRACT: significand (se/hi/lo, with exponent 0x3fff) and exponent as a value (se2/hi2/lo2). */
  extract(se: number, hi: number, lo: number): void {
    const a = this.a;
    a.setExtended(se, hi, lo);
    if (this.propagateNaN1(a)) {
      this.se2 = this.se;
      this.hi2 = this.hi;
      this.lo2 = this.lo;
      return;
    }
    if (a.kind === Kind.Zero) {
      this.flags |= FLAG_ZE;
      this.setResult(1, EXP_MAX, 0x80000000, 0);
      this.keepSecond();
      this.setResult(a.sign, 0, 0, 0);
      return;
    }
    if (a.kind === Kind.Infinity) {
      this.setResult(0, EXP_MAX, 0x80000000, 0);
      this.keepSecond();
      this.setResult(a.sign, EXP_MAX, 0x80000000, 0);
      return;
    }
    if (a.denormal) this.flags |= FLAG_DE;
    const e = a.exp - EXP_BIAS;
    this.loadInteger(e, e < 0 ? -1 : 0);
    this.keepSecond();
    this.setResult(a.sign, EXP_BIAS, a.hi, a.lo);
  }

  private keepSecond(): void {
    this.se2 = this.se;
    this.hi2 = this.hi;
    this.lo2 = this.lo;
  }

  // ---- FPREM / FPREM1 ----

  /**
   * FPREM (`nearest` false: quotient truncated) or FPREM1 (quotient rounded to nearest even) of
   * a by b. The remainder is exact. conditionCodes: C2 set for a partial remainder; otherwise
   * C0, C3, C1 are bits 2, 1, 0 of the quotient.
   */
  remainder(aSe: number, aHi: number, aLo: number, bSe: number, bHi: number, bLo: number, nearest: boolean): void {
    const a = this.a;
    const b = this.b;
    a.setExtended(aSe, aHi, aLo);
    b.setExtended(bSe, bHi, bLo);
    this.conditionCodes = 0;
    this.roundedUp = 0;
    if (this.propagateNaN2(a, b)) return;
    if (a.kind === Kind.Infinity || b.kind === Kind.Zero) {
      this.setIndefinite();
      return;
    }
    if (a.denormal || b.denormal) this.flags |= FLAG_DE;
    if (a.kind === Kind.Zero || b.kind === Kind.Infinity) {
      this.setResult(a.sign, a.exp === 0 ? 0 : a.exp, a.hi, a.lo);
      if (a.kind === Kind.Finite) {
        this.roundPack(a.sign, a.exp, a.hi, a.lo, 0, Format.Extended64);
        this.packResult();
      }
      return;
    }
    let d = a.exp - b.exp;
    let partial = false;
    if (d >= 64) {
      partial = true;
      d = PARTIAL_REMAINDER_BASE + (d % PARTIAL_REMAINDER_BASE);
    }
    // Long division of a's significand by b's over d+1 quotient bits: rem stays below 2·b.
    let rh = a.hi;
    let rl = a.lo;
    let top = 0;
    let q = 0; // low bits of the quotient (enough for C0/C3/C1 and rounding)
    if (d < 0) {
      // |a| < |b|: quotient 0 (FPREM1 may still round it to 1 below).
      q = 0;
    } else {
      for (let i = 0; i <= d; i++) {
        q = (q << 1) & 0xff;
        if (top !== 0 || rh > b.hi || (rh === b.hi && rl >= b.lo)) {
          let nl = rl - b.lo;
          let borrow = 0;
          if (nl < 0) {
            nl += 4294967296;
            borrow = 1;
          }
          rh = (rh - b.hi - borrow) >>> 0;
          rl = nl;
          top = 0;
          q |= 1;
        }
        if (i < d) {
          top = rh >>> 31;
          rh = ((rh << 1) | (rl >>> 31)) >>> 0;
          rl = (rl << 1) >>> 0;
        }
      }
    }
    // Remainder magnitude: rh:rl × 2^(b.exp − 63 − 16383) (for d ≥ 0); for d < 0 it is |a|.
    let sign = a.sign;
    let remExp = d < 0 ? a.exp : b.exp;
    if (nearest && !partial) {
      // Round the quotient to nearest: compare 2·rem with b (rem = a when d < 0).
      let cmp: number;
      if (d < -1) cmp = -1;
      else if (d === -1) {
        cmp = rh > b.hi || (rh === b.hi && rl > b.lo) ? 1 : rh === b.hi && rl === b.lo ? 0 : -1;
      } else {
        const twiceTop = rh >>> 31;
        const th = ((rh << 1) | (rl >>> 31)) >>> 0;
        const tl = (rl << 1) >>> 0;
        cmp = twiceTop || th > b.hi || (th === b.hi && tl > b.lo) ? 1 : th === b.hi && tl === b.lo ? 0 : -1;
      }
      if (cmp > 0 || (cmp === 0 && (q & 1) === 1)) {
        // rem ← b − rem (scaled to b's exponent), sign flips, quotient + 1.
        q = (q + 1) & 0xff;
        let xh = rh;
        let xl = rl;
        if (d < 0) {
          // Align a (exponent a.exp = b.exp − 1) to b's exponent.
          xl = ((rh << 31) | (rl >>> 1)) >>> 0;
          xh = rh >>> 1;
          const lost = rl & 1;
          // b − a/2 exactly needs one more bit: do it with an extension word.
          let el = lost ? 0x80000000 : 0;
          let ext = -el;
          let borrow = 0;
          if (ext < 0) {
            ext += 4294967296;
            borrow = 1;
          }
          let nl = b.lo - xl - borrow;
          borrow = 0;
          if (nl < 0) {
            nl += 4294967296;
            borrow = 1;
          }
          const nh = b.hi - xh - borrow;
          el = ext;
          sign ^= 1;
          remExp = b.exp;
          this.finishRemainder(sign, remExp, nh >>> 0, nl >>> 0, el >>> 0, q, false);
          return;
        }
        let nl = b.lo - xl;
        let borrow = 0;
        if (nl < 0) {
          nl += 4294967296;
          borrow = 1;
        }
        rh = (b.hi - xh - borrow) >>> 0;
        rl = nl;
        sign ^= 1;
      }
    }
    if (d < 0 && !(nearest && !partial && q !== 0)) {
      // Nothing was subtracted: the result is a itself.
      this.finishRemainder(sign, a.exp, a.hi, a.lo, 0, 0, false);
      return;
    }
    this.finishRemainder(sign, partial ? b.exp + (a.exp - b.exp - d) : remExp, rh, rl, 0, q, partial);
  }

  private finishRemainder(
    sign: number,
    exp: number,
    hi: number,
    lo: number,
    ext: number,
    q: number,
    partial: boolean,
  ): void {
    if ((hi | lo | ext) === 0) {
      this.setResult(sign, 0, 0, 0);
    } else {
      const e = this.normalize(exp, hi, lo, ext);
      this.roundPack(sign, e, this.hi, this.lo, this.ext, Format.Extended64);
      this.packResult();
    }
    this.roundedUp = 0;
    this.conditionCodes = partial
      ? SW_C2
      : ((q & 4) !== 0 ? SW_C0 : 0) | ((q & 2) !== 0 ? SW_C3 : 0) | ((q & 1) !== 0 ? SW_C1 : 0);
  }

  // ---- classification ----

  /** FXAM of a non-empty register: C3 C2 C0 class, C1 the sign. */
  examine(se: number, hi: number, lo: number): number {
    const a = this.a;
    a.setExtended(se, hi, lo);
    const sign = a.sign ? SW_C1 : 0;
    switch (a.kind) {
      case Kind.Unsupported:
        return sign;
      case Kind.QuietNaN:
      case Kind.SignalingNaN:
        return sign | SW_C0;
      case Kind.Infinity:
        return sign | SW_C2 | SW_C0;
      case Kind.Zero:
        return sign | SW_C3;
      default:
        return sign | (a.denormal ? SW_C3 | SW_C2 : SW_C2);
    }
  }

  /** FTST: compares with +0.0 (any NaN is invalid): the relation. */
  test(se: number, hi: number, lo: number): Relation {
    return this.compare(se, hi, lo, 0, 0, 0, false);
  }
}

/** The compare relation as FCOM's C3 C2 C0 bits. */
export function relationCodes(rel: Relation): number {
  return rel === Relation.Less
    ? SW_C0
    : rel === Relation.Equal
      ? SW_C3
      : rel === Relation.Unordered
        ? SW_C3 | SW_C2 | SW_C0
        : 0;
}

void compareOrdered;
void INDEFINITE_HI;
