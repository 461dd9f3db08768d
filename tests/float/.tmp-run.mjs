// tests/float/vectors.ts
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
function loadVectors(name) {
  const raw = gunzipSync(readFileSync(new URL(`../float-vectors/data/${name}`, import.meta.url)));
  const firstNewline = raw.indexOf(10);
  const secondNewline = raw.indexOf(10, firstNewline + 1);
  const header = raw.subarray(0, firstNewline).toString("latin1").split(" ");
  const recordSize = Number(header[2]);
  const ops = raw.subarray(firstNewline + 1, secondNewline).toString("latin1").split(" ");
  const data = raw.subarray(secondNewline + 1);
  if (data.length % recordSize !== 0) throw new Error(`${name}: truncated vector file`);
  return { ops, recordSize, data, count: data.length / recordSize };
}
function hex(data, offset, size) {
  let s = "";
  for (let i = offset + size - 1; i >= offset; i--) s += data[i].toString(16).padStart(2, "0");
  return s;
}

// src/float/exceptions.ts
var FLAG_IE = 1;
var FLAG_DE = 2;
var FLAG_ZE = 4;
var FLAG_OE = 8;
var FLAG_UE = 16;
var FLAG_PE = 32;

// src/float/soft-float.ts
var EXP_BIAS = 16383;
var EXP_MAX = 32767;
var PRECISION = [24, 53, 24, 53, 64];
var FORMAT_EMIN = [EXP_BIAS - 126, EXP_BIAS - 1022, 1, 1, 1];
var FORMAT_EMAX = [EXP_BIAS + 127, EXP_BIAS + 1023, 32766, 32766, 32766];
var TWO32 = 4294967296;
var SoftFloat = class {
  /** Rounding control (Rounding.*). */
  rounding = 0 /* NearestEven */;
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
  mulHigh = 0;
  // ---- rounding ----
  /**
   * Rounds the working value sign/exp/hi:lo:ext (normalized: hi bit 31 set, or all zero) to
   * `format` under the current rounding control, handling overflow, underflow and denormal
   * results as the hardware does (tininess is detected after rounding). Leaves the rounded
   * value in sign/exp/hi/lo; a denormal result has exp = the format's minimum and hi bit 31 clear.
   */
  roundPack(sign, exp, hi, lo, ext, format) {
    this.sign = sign;
    this.roundedUp = 0;
    const emin = FORMAT_EMIN[format];
    const emax = FORMAT_EMAX[format];
    const precision = PRECISION[format];
    if ((hi | lo | ext) === 0) {
      this.exp = 0;
      this.hi = 0;
      this.lo = 0;
      return;
    }
    if (exp < emin) {
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
      const inexact2 = this.roundSignificand(sign, this.hi, this.lo, this.ext, precision);
      if (this.exp !== 0) {
        this.hi = 2147483648;
        this.lo = 0;
      }
      this.exp = this.hi === 0 && this.lo === 0 ? 0 : emin;
      if (inexact2) this.flags |= FLAG_PE;
      if (tiny && (inexact2 || !this.underflowMasked)) this.flags |= FLAG_UE;
      return;
    }
    const inexact = this.roundSignificand(sign, hi, lo, ext, precision);
    if (this.exp !== 0) {
      this.hi = 2147483648;
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
  overflow(sign, format) {
    this.flags |= FLAG_OE | FLAG_PE;
    const r = this.rounding;
    if (r === 0 /* NearestEven */ || r === 2 /* Up */ && sign === 0 || r === 1 /* Down */ && sign === 1) {
      this.exp = EXP_MAX;
      this.hi = 2147483648;
      this.lo = 0;
      this.roundedUp = 1;
    } else {
      this.exp = FORMAT_EMAX[format];
      const precision = PRECISION[format];
      this.hi = precision >= 32 ? 4294967295 : 4294967295 << 32 - precision >>> 0;
      this.lo = precision === 64 ? 4294967295 : precision > 32 ? 4294967295 << 64 - precision >>> 0 : 0;
      this.roundedUp = 0;
    }
  }
  /**
   * Rounds hi:lo:ext to `precision` significant bits (counting from bit 63) under the rounding
   * control. Result in this.hi/this.lo; this.exp = 1 when the increment carried out of bit 63
   * (the caller renormalizes), else 0. Sets roundedUp. Returns whether the value was inexact.
   */
  roundSignificand(sign, hi, lo, ext, precision) {
    let half;
    let rest;
    let restLow;
    let lsb;
    if (precision === 64) {
      half = 2147483648;
      rest = ext >>> 0;
      restLow = false;
      lsb = lo & 1;
    } else if (precision === 53) {
      half = 1024;
      rest = lo & 2047;
      restLow = ext !== 0;
      lsb = lo >>> 11 & 1;
    } else {
      half = 128;
      rest = hi & 255;
      restLow = lo !== 0 || ext !== 0;
      lsb = hi >>> 8 & 1;
    }
    const inexact = rest !== 0 || restLow;
    let increment = false;
    if (inexact) {
      switch (this.rounding) {
        case 0 /* NearestEven */:
          increment = rest > half || rest === half && (restLow || lsb === 1);
          break;
        case 1 /* Down */:
          increment = sign === 1;
          break;
        case 2 /* Up */:
          increment = sign === 0;
          break;
        default:
          increment = false;
      }
    }
    if (precision === 53) lo = (lo & ~2047) >>> 0;
    else if (precision === 24) {
      hi = (hi & ~255) >>> 0;
      lo = 0;
    }
    this.exp = 0;
    if (increment) {
      this.roundedUp = 1;
      if (precision === 24) {
        hi += 256;
      } else {
        lo += precision === 64 ? 1 : 2048;
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
  shiftRightJam(hi, lo, ext, n) {
    if (n <= 0) {
      this.hi = hi;
      this.lo = lo;
      this.ext = ext;
    } else if (n < 32) {
      const sticky = ext << 32 - n !== 0 ? 1 : 0;
      this.ext = (lo << 32 - n | ext >>> n | sticky) >>> 0;
      this.lo = (hi << 32 - n | lo >>> n) >>> 0;
      this.hi = hi >>> n;
    } else if (n === 32) {
      this.ext = (lo | (ext !== 0 ? 1 : 0)) >>> 0;
      this.lo = hi;
      this.hi = 0;
    } else if (n < 64) {
      const m = n - 32;
      const sticky = lo << 32 - m | ext ? 1 : 0;
      this.ext = (hi << 32 - m | lo >>> m | sticky) >>> 0;
      this.lo = hi >>> m;
      this.hi = 0;
    } else if (n === 64) {
      this.ext = (hi | ((lo | ext) !== 0 ? 1 : 0)) >>> 0;
      this.lo = 0;
      this.hi = 0;
    } else if (n < 96) {
      const m = n - 64;
      this.ext = (hi >>> m | (hi << 32 - m | lo | ext ? 1 : 0)) >>> 0;
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
  normalize(exp, hi, lo, ext) {
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
      hi = (hi << shift | lo >>> 32 - shift) >>> 0;
      lo = (lo << shift | ext >>> 32 - shift) >>> 0;
      ext = ext << shift >>> 0;
      exp -= shift;
    }
    this.hi = hi;
    this.lo = lo;
    this.ext = ext;
    return exp;
  }
  /** 32×32-bit unsigned product: returns the low half, leaves the high half in mulHigh. */
  mul32(a, b) {
    const low = Math.imul(a, b) >>> 0;
    this.mulHigh = Math.round((a * b - low) / TWO32);
    return low;
  }
  /**
   * 64×64-bit significand product, rounded to the working form: the top 64 bits in hi:lo, the next
   * 32 in ext (with the last 32 jammed into its sticky bit). Returns 1 when the product's top bit
   * is bit 127 (product ≥ 2^127), else 0 (the caller shifts its exponent accordingly).
   */
  mulSignificands(ah, al, bh, bl) {
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
    if (p3 >= 2147483648) {
      this.hi = p3;
      this.lo = p2;
      this.ext = (p1 | sticky) >>> 0;
      return 1;
    }
    this.hi = (p3 << 1 | p2 >>> 31) >>> 0;
    this.lo = (p2 << 1 | p1 >>> 31) >>> 0;
    this.ext = (p1 << 1 | sticky) >>> 0;
    return 0;
  }
  /**
   * Quotient of two normalized significands a/b: 64 bits in hi:lo and the next bits in ext with
   * the remainder's non-zeroness jammed into its sticky bit. Returns 0 when a ≥ b (quotient in
   * [1, 2)), else -1 (the quotient was taken of 2a: the caller decrements the exponent).
   */
  divSignificands(ah, al, bh, bl) {
    let adjust = 0;
    let top = 0;
    let rh = ah;
    let rl = al;
    if (ah < bh || ah === bh && al < bl) {
      top = rh >>> 31;
      rh = (rh << 1 | rl >>> 31) >>> 0;
      rl = rl << 1 >>> 0;
      adjust = -1;
    }
    let qh = 0;
    let ql = 0;
    let qe = 0;
    for (let i = 0; i < 66; i++) {
      if (top !== 0 || rh > bh || rh === bh && rl >= bl) {
        let nl = rl - bl;
        let borrow = 0;
        if (nl < 0) {
          nl += TWO32;
          borrow = 1;
        }
        rh = rh - bh - borrow >>> 0;
        rl = nl;
        if (i < 32) qh |= 1 << 31 - i;
        else if (i < 64) ql |= 1 << 63 - i;
        else qe |= 1 << 95 - i;
      }
      top = rh >>> 31;
      rh = (rh << 1 | rl >>> 31) >>> 0;
      rl = rl << 1 >>> 0;
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
  sqrtSignificand(mh, ml, oddExponent) {
    let w0;
    let w1;
    let w2;
    if (oddExponent) {
      w0 = mh;
      w1 = ml;
      w2 = 0;
    } else {
      w0 = mh >>> 1;
      w1 = (mh << 31 | ml >>> 1) >>> 0;
      w2 = ml << 31 >>> 0;
    }
    let rem2 = 0;
    let rem1 = 0;
    let rem0 = 0;
    let q2 = 0;
    let q1 = 0;
    let q0 = 0;
    for (let i = 0; i < 65; i++) {
      let digit;
      if (i < 16) digit = w0 >>> 30 - 2 * i & 3;
      else if (i < 32) digit = w1 >>> 62 - 2 * i & 3;
      else if (i < 48) digit = w2 >>> 94 - 2 * i & 3;
      else digit = 0;
      rem2 = (rem2 << 2 | rem1 >>> 30) >>> 0;
      rem1 = (rem1 << 2 | rem0 >>> 30) >>> 0;
      rem0 = (rem0 << 2 | digit) >>> 0;
      const t2 = (q2 << 2 | q1 >>> 30) >>> 0;
      const t1 = (q1 << 2 | q0 >>> 30) >>> 0;
      const t0 = (q0 << 2 | 1) >>> 0;
      const ge = rem2 > t2 || rem2 === t2 && (rem1 > t1 || rem1 === t1 && rem0 >= t0);
      q2 = (q2 << 1 | q1 >>> 31) >>> 0;
      q1 = (q1 << 1 | q0 >>> 31) >>> 0;
      q0 = (q0 << 1 | (ge ? 1 : 0)) >>> 0;
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
        rem2 = rem2 - t2 - borrow >>> 0;
        rem1 = d1;
        rem0 = d0;
      }
    }
    this.hi = (q2 << 31 | q1 >>> 1) >>> 0;
    this.lo = (q1 << 31 | q0 >>> 1) >>> 0;
    this.ext = ((q0 & 1) << 31 | ((rem2 | rem1 | rem0) !== 0 ? 1 : 0)) >>> 0;
  }
};

// src/float/unpacked.ts
var Unpacked = class {
  kind = 0 /* Zero */;
  sign = 0;
  exp = 0;
  hi = 0;
  lo = 0;
  /** A denormal (or pseudo-denormal) operand: raises DE when an arithmetic operation uses it. */
  denormal = false;
  isNaN() {
    return this.kind === 3 /* QuietNaN */ || this.kind === 4 /* SignalingNaN */;
  }
  /** From the 80-bit encoding: sign+exponent word and significand halves. */
  setExtended(se, hi, lo) {
    const exp = se & 32767;
    this.sign = se >>> 15 & 1;
    this.hi = hi >>> 0;
    this.lo = lo >>> 0;
    this.denormal = false;
    if (exp === 32767) {
      this.exp = exp;
      if ((hi & 2147483648) === 0) this.kind = 5 /* Unsupported */;
      else if ((hi & 2147483647) === 0 && lo === 0) this.kind = 2 /* Infinity */;
      else this.kind = hi & 1073741824 ? 3 /* QuietNaN */ : 4 /* SignalingNaN */;
      return;
    }
    if (exp === 0) {
      if (hi === 0 && lo === 0) {
        this.kind = 0 /* Zero */;
        this.exp = 0;
        return;
      }
      this.kind = 1 /* Finite */;
      this.denormal = true;
      this.normalizeFrom(1);
      return;
    }
    this.exp = exp;
    this.kind = hi & 2147483648 ? 1 /* Finite */ : 5 /* Unsupported */;
  }
  /** From float64 bits (high and low words). */
  setFloat64(high, low) {
    const exp = high >>> 20 & 2047;
    this.sign = high >>> 31;
    this.denormal = false;
    this.hi = (2147483648 | (high & 1048575) << 11 | low >>> 21) >>> 0;
    this.lo = low << 11 >>> 0;
    if (exp === 2047) {
      this.exp = 32767;
      const fraction = high & 1048575 | low;
      if (fraction === 0) this.kind = 2 /* Infinity */;
      else this.kind = high & 524288 ? 3 /* QuietNaN */ : 4 /* SignalingNaN */;
      return;
    }
    if (exp === 0) {
      this.hi = (this.hi & 2147483647) >>> 0;
      if (this.hi === 0 && this.lo === 0) {
        this.kind = 0 /* Zero */;
        this.exp = 0;
        return;
      }
      this.kind = 1 /* Finite */;
      this.denormal = true;
      this.normalizeFrom(EXP_BIAS - 1022);
      return;
    }
    this.kind = 1 /* Finite */;
    this.exp = exp - 1023 + EXP_BIAS;
  }
  /** From float32 bits. */
  setFloat32(bits) {
    const exp = bits >>> 23 & 255;
    this.sign = bits >>> 31;
    this.denormal = false;
    this.hi = (2147483648 | (bits & 8388607) << 8) >>> 0;
    this.lo = 0;
    if (exp === 255) {
      this.exp = 32767;
      if ((bits & 8388607) === 0) this.kind = 2 /* Infinity */;
      else this.kind = bits & 4194304 ? 3 /* QuietNaN */ : 4 /* SignalingNaN */;
      return;
    }
    if (exp === 0) {
      this.hi = (this.hi & 2147483647) >>> 0;
      if (this.hi === 0) {
        this.kind = 0 /* Zero */;
        this.exp = 0;
        return;
      }
      this.kind = 1 /* Finite */;
      this.denormal = true;
      this.normalizeFrom(EXP_BIAS - 126);
      return;
    }
    this.kind = 1 /* Finite */;
    this.exp = exp - 127 + EXP_BIAS;
  }
  /** Shifts the significand up until its integer bit is set, starting from exponent `exp`. */
  normalizeFrom(exp) {
    let hi = this.hi;
    let lo = this.lo;
    if (hi === 0) {
      hi = lo;
      lo = 0;
      exp -= 32;
    }
    const shift = Math.clz32(hi);
    if (shift !== 0) {
      hi = (hi << shift | lo >>> 32 - shift) >>> 0;
      lo = lo << shift >>> 0;
      exp -= shift;
    }
    this.hi = hi;
    this.lo = lo;
    this.exp = exp;
  }
};

// src/float/extended.ts
var INDEFINITE_HI = 3221225472;
var ExtendedMath = class extends SoftFloat {
  a = new Unpacked();
  b = new Unpacked();
  /** Result sign+exponent word (the significand is in `hi`/`lo`). */
  se = 0;
  // ---- results ----
  /** Packs the rounded working value into se/hi/lo (denormals and zero get exponent 0). */
  packResult() {
    const exp = this.exp === EXP_MAX || (this.hi & 2147483648) !== 0 ? this.exp : 0;
    this.se = this.sign << 15 | exp;
  }
  setResult(sign, se, hi, lo) {
    this.sign = sign;
    this.se = sign << 15 | se & 32767;
    this.exp = se & 32767;
    this.hi = hi >>> 0;
    this.lo = lo >>> 0;
  }
  /** The invalid-operation result: IE and the real indefinite. */
  setIndefinite() {
    this.flags |= FLAG_IE;
    this.setResult(1, 32767, INDEFINITE_HI, 0);
  }
  setZero(sign) {
    this.setResult(sign, 0, 0, 0);
  }
  setInfinity(sign) {
    this.setResult(sign, 32767, 2147483648, 0);
  }
  /** Rounds a finite unpacked operand to the format (used when the other operand is zero). */
  roundOperand(u, format) {
    this.roundPack(u.sign, u.exp, u.hi, u.lo, 0, format);
    this.packResult();
  }
  /**
   * NaN and unsupported-operand handling of two-operand operations; returns true when it set the
   * result. The x87's rules: an unsupported encoding or an SNaN is invalid; of two NaNs the quiet
   * one wins over a signaling one, else the one with the larger significand; a NaN result is quiet.
   */
  propagateNaN2(a, b) {
    if (a.kind === 5 /* Unsupported */ || b.kind === 5 /* Unsupported */) {
      this.setIndefinite();
      return true;
    }
    const aNaN = a.isNaN();
    const bNaN = b.isNaN();
    if (!aNaN && !bNaN) return false;
    if (a.kind === 4 /* SignalingNaN */ || b.kind === 4 /* SignalingNaN */) this.flags |= FLAG_IE;
    let pick = a;
    if (aNaN && bNaN) {
      if (a.kind !== b.kind) pick = a.kind === 3 /* QuietNaN */ ? a : b;
      else {
        const ah = a.hi & 1073741823;
        const bh = b.hi & 1073741823;
        if (bh > ah || bh === ah && (b.lo > a.lo || b.lo === a.lo && b.sign < a.sign)) pick = b;
      }
    } else if (bNaN) pick = b;
    this.setResult(pick.sign, 32767, pick.hi | 1073741824, pick.lo);
    return true;
  }
  /** One-operand version: unsupported → indefinite, SNaN → IE and quieted. */
  propagateNaN1(a) {
    if (a.kind === 5 /* Unsupported */) {
      this.setIndefinite();
      return true;
    }
    if (!a.isNaN()) return false;
    if (a.kind === 4 /* SignalingNaN */) this.flags |= FLAG_IE;
    this.setResult(a.sign, 32767, a.hi | 1073741824, a.lo);
    return true;
  }
  // ---- arithmetic ----
  /** a + b (or a − b when `subtract`), rounded to `format`. */
  add(aSe, aHi, aLo, bSe, bHi, bLo, subtract, format) {
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
  addUnpacked(a, b, bSign, format) {
    const aSign = a.sign;
    if (a.kind === 2 /* Infinity */ || b.kind === 2 /* Infinity */) {
      if (a.kind === 2 /* Infinity */ && b.kind === 2 /* Infinity */ && aSign !== bSign) {
        this.setIndefinite();
        return;
      }
      this.setInfinity(a.kind === 2 /* Infinity */ ? aSign : bSign);
      return;
    }
    if (a.kind === 0 /* Zero */) {
      if (b.kind === 0 /* Zero */) {
        const sign = aSign === bSign ? aSign : this.rounding === 1 /* Down */ ? 1 : 0;
        this.roundPack(sign, 0, 0, 0, 0, format);
        return;
      }
      this.roundPack(bSign, b.exp, b.hi, b.lo, 0, format);
      return;
    }
    if (b.kind === 0 /* Zero */) {
      this.roundPack(aSign, a.exp, a.hi, a.lo, 0, format);
      return;
    }
    this.addMagnitudes(aSign, a.exp, a.hi, a.lo, bSign, b.exp, b.hi, b.lo, format);
  }
  /** Sum of two finite non-zero normalized values given as parts; rounds into the result. */
  addMagnitudes(aSign, aExp, aHi, aLo, bSign, bExp, bHi, bLo, format) {
    let xSign = aSign;
    let xExp = aExp;
    let xHi = aHi;
    let xLo = aLo;
    let ySign = bSign;
    let yExp = bExp;
    let yHi = bHi;
    let yLo = bLo;
    if (bExp > aExp || bExp === aExp && (bHi > aHi || bHi === aHi && bLo > aLo)) {
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
      let lo2 = xLo + yLo;
      let hi2 = xHi + yHi;
      if (lo2 >= 4294967296) {
        lo2 -= 4294967296;
        hi2 += 1;
      }
      if (hi2 >= 4294967296) {
        hi2 -= 4294967296;
        const ext2 = (lo2 << 31 | yExt >>> 1 | yExt & 1) >>> 0;
        lo2 = (hi2 << 31 | lo2 >>> 1) >>> 0;
        hi2 = (hi2 >>> 1 | 2147483648) >>> 0;
        this.roundPack(xSign, xExp + 1, hi2, lo2, ext2, format);
        return;
      }
      this.roundPack(xSign, xExp, hi2 >>> 0, lo2 >>> 0, yExt, format);
      return;
    }
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
      this.roundPack(this.rounding === 1 /* Down */ ? 1 : 0, 0, 0, 0, 0, format);
      return;
    }
    const exp = this.normalize(xExp, hi >>> 0, lo >>> 0, ext >>> 0);
    this.roundPack(xSign, exp, this.hi, this.lo, this.ext, format);
  }
  /** a × b, rounded to `format`. */
  mul(aSe, aHi, aLo, bSe, bHi, bLo, format) {
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
  mulUnpacked(a, b, format) {
    const sign = a.sign ^ b.sign;
    if (a.kind === 2 /* Infinity */ || b.kind === 2 /* Infinity */) {
      if (a.kind === 0 /* Zero */ || b.kind === 0 /* Zero */) {
        this.setIndefinite();
        return;
      }
      this.setInfinity(sign);
      return;
    }
    if (a.kind === 0 /* Zero */ || b.kind === 0 /* Zero */) {
      this.roundPack(sign, 0, 0, 0, 0, format);
      return;
    }
    const top = this.mulSignificands(a.hi, a.lo, b.hi, b.lo);
    this.roundPack(sign, a.exp + b.exp - EXP_BIAS + top, this.hi, this.lo, this.ext, format);
  }
  /** a ÷ b, rounded to `format`. */
  div(aSe, aHi, aLo, bSe, bHi, bLo, format) {
    const a = this.a;
    const b = this.b;
    a.setExtended(aSe, aHi, aLo);
    b.setExtended(bSe, bHi, bLo);
    this.roundedUp = 0;
    if (this.propagateNaN2(a, b)) return;
    if ((a.denormal || b.denormal) && b.kind !== 0 /* Zero */) this.flags |= FLAG_DE;
    this.divUnpacked(a, b, format);
    this.packResult();
  }
  divUnpacked(a, b, format) {
    const sign = a.sign ^ b.sign;
    if (a.kind === 2 /* Infinity */) {
      if (b.kind === 2 /* Infinity */) this.setIndefinite();
      else this.setInfinity(sign);
      return;
    }
    if (b.kind === 2 /* Infinity */) {
      this.roundPack(sign, 0, 0, 0, 0, format);
      return;
    }
    if (b.kind === 0 /* Zero */) {
      if (a.kind === 0 /* Zero */) {
        this.setIndefinite();
        return;
      }
      this.flags |= FLAG_ZE;
      this.setInfinity(sign);
      return;
    }
    if (a.kind === 0 /* Zero */) {
      this.roundPack(sign, 0, 0, 0, 0, format);
      return;
    }
    const adjust = this.divSignificands(a.hi, a.lo, b.hi, b.lo);
    this.roundPack(sign, a.exp - b.exp + EXP_BIAS + adjust, this.hi, this.lo, this.ext, format);
  }
  /** √a, rounded to `format`. */
  sqrt(aSe, aHi, aLo, format) {
    const a = this.a;
    a.setExtended(aSe, aHi, aLo);
    this.roundedUp = 0;
    if (this.propagateNaN1(a)) return;
    if (a.denormal && a.sign === 0) this.flags |= FLAG_DE;
    this.sqrtUnpacked(a, format);
    this.packResult();
  }
  sqrtUnpacked(a, format) {
    if (a.kind === 0 /* Zero */) {
      this.roundPack(a.sign, 0, 0, 0, 0, format);
      return;
    }
    if (a.sign === 1) {
      this.setIndefinite();
      return;
    }
    if (a.kind === 2 /* Infinity */) {
      this.setInfinity(0);
      return;
    }
    const e = a.exp - EXP_BIAS;
    this.sqrtSignificand(a.hi, a.lo, (e & 1) !== 0);
    this.roundPack(0, EXP_BIAS + (e >> 1), this.hi, this.lo, this.ext, format);
  }
  // ---- comparison ----
  /**
   * Compares a with b. `quiet` (FUCOM/FUCOMI) raises IE only for signaling NaNs; otherwise
   * (FCOM/FCOMI) any NaN is invalid. Unsupported encodings are invalid and unordered.
   */
  compare(aSe, aHi, aLo, bSe, bHi, bLo, quiet) {
    const a = this.a;
    const b = this.b;
    a.setExtended(aSe, aHi, aLo);
    b.setExtended(bSe, bHi, bLo);
    return this.compareUnpacked(a, b, quiet);
  }
  compareUnpacked(a, b, quiet) {
    if (a.kind === 5 /* Unsupported */ || b.kind === 5 /* Unsupported */) {
      this.flags |= FLAG_IE;
      return 3 /* Unordered */;
    }
    if (a.isNaN() || b.isNaN()) {
      if (!quiet || a.kind === 4 /* SignalingNaN */ || b.kind === 4 /* SignalingNaN */) this.flags |= FLAG_IE;
      return 3 /* Unordered */;
    }
    if (a.denormal || b.denormal) this.flags |= FLAG_DE;
    return compareOrdered(a, b);
  }
};
function compareOrdered(a, b) {
  const aZero = a.kind === 0 /* Zero */;
  const bZero = b.kind === 0 /* Zero */;
  if (aZero && bZero) return 1 /* Equal */;
  if (a.sign !== b.sign) return a.sign ? 0 /* Less */ : 2 /* Greater */;
  let m;
  if (aZero) m = -1;
  else if (bZero) m = 1;
  else if (a.kind === 2 /* Infinity */ || b.kind === 2 /* Infinity */) {
    m = a.kind === b.kind ? 0 : a.kind === 2 /* Infinity */ ? 1 : -1;
  } else if (a.exp !== b.exp) m = a.exp > b.exp ? 1 : -1;
  else if (a.hi !== b.hi) m = a.hi > b.hi ? 1 : -1;
  else if (a.lo !== b.lo) m = a.lo > b.lo ? 1 : -1;
  else m = 0;
  if (a.sign) m = -m;
  return m < 0 ? 0 /* Less */ : m > 0 ? 2 /* Greater */ : 1 /* Equal */;
}

// tests/float/x87-model.ts
var X87_RECORD = { op: 0, eflags: 1, cw: 2, a: 4, b: 14, r0: 24, r1: 34, sw: 44 };
var PC_FORMAT = [2 /* Extended24 */, 2 /* Extended24 */, 3 /* Extended53 */, 4 /* Extended64 */];
var EXCEPTIONS = 63;
var C0 = 256;
var C1 = 512;
var C2 = 1024;
var C3 = 16384;
function f80Bytes(se, hi, lo) {
  const out = new Uint8Array(10);
  const v = new DataView(out.buffer);
  v.setUint32(0, lo >>> 0, true);
  v.setUint32(4, hi >>> 0, true);
  v.setUint16(8, se & 65535, true);
  return out;
}
function runX87(name, rec) {
  const v = new DataView(rec.buffer, rec.byteOffset, rec.byteLength);
  const cw = v.getUint16(X87_RECORD.cw, true);
  const aLo = v.getUint32(X87_RECORD.a, true);
  const aHi = v.getUint32(X87_RECORD.a + 4, true);
  const aSe = v.getUint16(X87_RECORD.a + 8, true);
  const bLo = v.getUint32(X87_RECORD.b, true);
  const bHi = v.getUint32(X87_RECORD.b + 4, true);
  const bSe = v.getUint16(X87_RECORD.b + 8, true);
  const m = new ExtendedMath();
  m.rounding = cw >> 10 & 3;
  const format = PC_FORMAT[cw >> 8 & 3];
  const result = () => f80Bytes(m.se, m.hi, m.lo);
  const arith = () => ({
    sw: m.flags | (m.roundedUp ? C1 : 0),
    swMask: EXCEPTIONS | C1,
    r0: result(),
    r1: null,
    eflags: 0
  });
  const compare = (rel, fcomi) => {
    if (fcomi) {
      const eflags = rel === 0 /* Less */ ? 1 : rel === 1 /* Equal */ ? 64 : rel === 3 /* Unordered */ ? 69 : 0;
      return { sw: m.flags, swMask: EXCEPTIONS, r0: null, r1: null, eflags };
    }
    const cc = rel === 0 /* Less */ ? C0 : rel === 1 /* Equal */ ? C3 : rel === 3 /* Unordered */ ? C0 | C2 | C3 : 0;
    return { sw: m.flags | cc, swMask: EXCEPTIONS | C0 | C2 | C3, r0: null, r1: null, eflags: 0 };
  };
  switch (name) {
    case "fadd":
      m.add(aSe, aHi, aLo, bSe, bHi, bLo, false, format);
      return arith();
    case "fsub":
      m.add(aSe, aHi, aLo, bSe, bHi, bLo, true, format);
      return arith();
    case "fmul":
      m.mul(aSe, aHi, aLo, bSe, bHi, bLo, format);
      return arith();
    case "fdiv":
      m.div(aSe, aHi, aLo, bSe, bHi, bLo, format);
      return arith();
    case "fsqrt":
      m.sqrt(aSe, aHi, aLo, format);
      return arith();
    case "fcom":
    case "fucom":
      return compare(m.compare(aSe, aHi, aLo, bSe, bHi, bLo, name === "fucom"), false);
    case "fcomi":
    case "fucomi":
      return compare(m.compare(aSe, aHi, aLo, bSe, bHi, bLo, name === "fucomi"), true);
    default:
      return void 0;
  }
}

// ../../tmp/x87check.ts
var f = loadVectors("x87.bin.gz");
var only = process.argv[2];
var stats = /* @__PURE__ */ new Map();
var shown = /* @__PURE__ */ new Map();
for (let i = 0; i < f.count; i++) {
  const rec = f.data.subarray(i * f.recordSize, (i + 1) * f.recordSize);
  const name = f.ops[rec[0]];
  if (only && !only.split(",").includes(name)) continue;
  const out = runX87(name, rec);
  if (!out) continue;
  const sw = rec.readUInt16LE(X87_RECORD.sw);
  let ok = (sw & out.swMask) === (out.sw & out.swMask);
  if (out.r0 && hex(out.r0, 0, 10) !== hex(rec, X87_RECORD.r0, 10)) ok = false;
  if (out.r1 && hex(out.r1, 0, 10) !== hex(rec, X87_RECORD.r1, 10)) ok = false;
  if (name.includes("comi") && out.eflags !== rec[1]) ok = false;
  const s = stats.get(name) ?? [0, 0];
  s[0]++;
  if (!ok) {
    s[1]++;
    const n = shown.get(name) ?? 0;
    if (n < Number(process.env.SHOW ?? 6)) {
      shown.set(name, n + 1);
      console.log(`${name} cw=${rec.readUInt16LE(2).toString(16)} a=${hex(rec, 4, 10)} b=${hex(rec, 14, 10)} hw: r0=${hex(rec, 24, 10)} r1=${hex(rec, 34, 10)} sw=${(sw & out.swMask).toString(16)} fl=${rec[1]} | miros: r0=${out.r0 ? hex(out.r0, 0, 10) : "-"} r1=${out.r1 ? hex(out.r1, 0, 10) : "-"} sw=${(out.sw & out.swMask).toString(16)} fl=${out.eflags}`);
    }
  }
  stats.set(name, s);
}
for (const [k, [n, bad]] of stats) console.log(k, n, "mismatches", bad);
