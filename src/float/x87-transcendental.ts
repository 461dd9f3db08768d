// The x87 transcendental instructions: FSIN, FCOS, FSINCOS, FPTAN, FPATAN, F2XM1, FYL2X, FYL2XP1.
//
// Each result is computed in wide fixed-point BigInt arithmetic (these instructions are rare and
// slow on hardware too, so BigInt is acceptable here) and rounded once under the rounding
// control. Hardware results are within an ulp but not always correctly rounded; how often Miros
// differs from this machine is measured by tests/float/x87-vectors.test.ts and reported in
// tests/float-vectors/README.md. Argument reduction of FSIN/FCOS/FSINCOS/FPTAN uses the
// hardware's own approximation of π (see PI_REDUCTION), which is what programs observe for large
// arguments.

import { FLAG_DE, FLAG_IE, FLAG_PE, FLAG_UE, FLAG_ZE } from './exceptions.ts';
import { INDEFINITE_HI } from './extended.ts';
import { EXP_BIAS, EXP_MAX, Format } from './soft-float.ts';
import { Kind, type Unpacked } from './unpacked.ts';
import { SW_C2, X87Math } from './x87-math.ts';

/** Fraction bits of the working precision beyond what the operand's magnitude needs. */
const GUARD_BITS = 160;

let piBits = 0;
let piFixed = 0n;
/** π with `bits` fraction bits (Machin's formula, cached). */
function pi(bits: number): bigint {
  if (bits > piBits) {
    const b = bits + 64;
    const atanInverse = (n: bigint): bigint => {
      let term = (1n << BigInt(b)) / n;
      let sum = term;
      const n2 = n * n;
      for (let k = 1n; term !== 0n; k++) {
        term /= n2;
        const t = term / (2n * k + 1n);
        sum += k & 1n ? -t : t;
      }
      return sum;
    };
    piFixed = 16n * atanInverse(5n) - 4n * atanInverse(239n);
    piBits = b;
  }
  return piFixed >> BigInt(piBits - bits);
}

/**
 * The π the hardware's FSIN/FCOS/FPTAN reduce their argument with: 66 significant bits
 * (0xC90FDAA22168C234C >> 2), per the manuals' "66-bit approximation of π", which the recorded
 * vectors confirm for large arguments.
 */
const PI_REDUCTION_SIGNIFICAND = 0xc90fdaa22168c234cn >> 2n;
const PI_REDUCTION_SHIFT = 64; // value = significand × 2^-64

function reductionPi(bits: number): bigint {
  return bits >= PI_REDUCTION_SHIFT
    ? PI_REDUCTION_SIGNIFICAND << BigInt(bits - PI_REDUCTION_SHIFT)
    : PI_REDUCTION_SIGNIFICAND >> BigInt(PI_REDUCTION_SHIFT - bits);
}

function mul(a: bigint, b: bigint, f: bigint): bigint {
  return (a * b) >> f;
}

function div(a: bigint, b: bigint, f: bigint): bigint {
  return (a << f) / b;
}

function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << BigInt((n.toString(2).length >> 1) + 1);
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/** sin and cos of |r| ≤ π/4 in fixed point (f fraction bits), by their Taylor series. */
function sinCosSmall(r: bigint, f: bigint): [bigint, bigint] {
  const one = 1n << f;
  const r2 = mul(r, r, f);
  let s = r;
  let term = r;
  for (let n = 2n; term !== 0n; n += 2n) {
    term = -mul(term, r2, f) / (n * (n + 1n));
    s += term;
  }
  let c = one;
  term = one;
  for (let n = 1n; term !== 0n; n += 2n) {
    term = -mul(term, r2, f) / (n * (n + 1n));
    c += term;
  }
  return [s, c];
}

/** atan(t) for t ≥ 0 in fixed point. */
function atan(t: bigint, f: bigint): bigint {
  const one = 1n << f;
  if (t > one) return (pi(Number(f)) >> 1n) - atan(div(one, t, f), f);
  // Halve the angle until t < 2^-5: atan(t) = 2·atan(t / (1 + √(1 + t²))).
  let doublings = 0n;
  while (t > one >> 5n) {
    const root = isqrt((one + mul(t, t, f)) << f);
    t = div(t, one + root, f);
    doublings++;
  }
  const t2 = mul(t, t, f);
  let sum = t;
  let term = t;
  for (let n = 3n; term !== 0n; n += 2n) {
    term = -mul(term, t2, f);
    sum += term / n;
    if (term / n === 0n) break;
  }
  return sum << doublings;
}

/** ln(x) for x > 0 in fixed point: k·ln2 + 2·atanh((m−1)/(m+1)), m ∈ [1, 2). */
function ln(x: bigint, f: bigint): bigint {
  const one = 1n << f;
  const k = BigInt(x.toString(2).length) - 1n - f;
  const m = k >= 0n ? x >> k : x << -k;
  return k * ln2(f) + atanhTimes2(div(m - one, m + one, f), f);
}

/**
 * 2·atanh(z) for |z| < 1 in fixed point. atanh is odd, so a negative z is done as −2·atanh(−z):
 * the series' powers are then positive and shrink to 0 (a negative power, floored by `mul`, would
 * settle at −1 and the loop would never end — FYL2XP1 of a negative x hung that way).
 */
function atanhTimes2(z: bigint, f: bigint): bigint {
  if (z < 0n) return -atanhTimes2(-z, f);
  const z2 = mul(z, z, f);
  let sum = z;
  let power = z;
  for (let n = 3n; power !== 0n; n += 2n) {
    power = mul(power, z2, f);
    sum += power / n;
  }
  return 2n * sum;
}

let ln2Bits = 0n;
let ln2Fixed = 0n;
function ln2(f: bigint): bigint {
  if (f > ln2Bits) {
    const b = f + 64n;
    ln2Fixed = atanhTimes2((1n << b) / 3n, b);
    ln2Bits = b;
  }
  return ln2Fixed >> (ln2Bits - f);
}

/** e^y − 1 for |y| < 1 in fixed point. */
function expm1(y: bigint, f: bigint): bigint {
  let sum = 0n;
  let term = 1n << f;
  for (let n = 1n; ; n++) {
    term = mul(term, y, f) / n;
    if (term === 0n) break;
    sum += term;
  }
  return sum;
}

/** How roundFixed treats a value that is exactly representable (see there). */
const enum Inexact {
  Above,
  Below,
  AsIs,
}

export class X87Transcendental extends X87Math {
  /** Set when FSIN/FCOS/FSINCOS/FPTAN found the operand out of range (|x| ≥ 2^63): C2. */
  outOfRange = false;

  /** Fixed-point value of a finite unpacked operand with `f` fraction bits (exact when possible). */
  private fixed(u: Unpacked, f: number): bigint {
    const mant = (BigInt(u.hi) << 32n) | BigInt(u.lo);
    const shift = f + (u.exp - EXP_BIAS) - 63;
    const v = shift >= 0 ? mant << BigInt(shift) : mant >> BigInt(-shift);
    return u.sign ? -v : v;
  }

  /** Fraction bits that keep GUARD_BITS of relative precision for a value of exponent ≥ exp. */
  private bitsFor(exp: number): number {
    return GUARD_BITS + Math.max(0, EXP_BIAS - exp);
  }

  /**
   * Rounds fixed-point v (f fraction bits) to extended precision into the result. How an exactly
   * representable v is treated (the hardware never knows its result is exact: PE is always set):
   * `Inexact.Above` rounds as if just above it, `Below` just below it (in magnitude), `AsIs` as
   * itself.
   */
  private roundFixed(v: bigint, f: number, inexact = Inexact.Above): void {
    const sign = v < 0n ? 1 : 0;
    if (v === 0n) {
      this.setResult(sign, 0, 0, 0);
      return;
    }
    let mag = sign ? -v : v;
    if (inexact === Inexact.Below) {
      // FYL2X/FYL2XP1 with a negative logarithm: the internal value lies a little *below* the
      // exact one in magnitude even when that is representable: 16445·2^-16445 (x and y the
      // smallest denormal) comes out with PE and C1 = 1 under round-to-nearest, −1.5·log2(2^-16382)
      // one ulp under 24573 rounding down, y·log2(1 − 0.5) with C1 = 1. So the value rounded is v
      // less half a unit of its last fixed-point bit. With a positive logarithm an exact product
      // is exact (log2(2)·−max is −max, not −∞, rounding down); elsewhere an exact v rounds as if
      // just above it (sin x of a tiny x is x rounding down).
      mag = (mag << 1n) - 1n;
      f += 1;
    }
    const length = mag.toString(2).length;
    let hi: number;
    let lo: number;
    let ext: number;
    if (length > 96) {
      const drop = BigInt(length - 96);
      const top = mag >> drop;
      const sticky = (mag & ((1n << drop) - 1n)) !== 0n ? 1 : 0;
      hi = Number(top >> 64n);
      lo = Number((top >> 32n) & 0xffffffffn);
      ext = (Number(top & 0xffffffffn) | sticky) >>> 0;
    } else {
      const top = mag << BigInt(96 - length);
      hi = Number(top >> 64n);
      lo = Number((top >> 32n) & 0xffffffffn);
      ext = Number(top & 0xffffffffn);
    }
    // Anything computed this way is inexact (the functions are transcendental).
    if (inexact !== Inexact.AsIs) ext = (ext | 1) >>> 0;
    this.roundPack(sign, length - 1 - f + EXP_BIAS, hi, lo, ext, Format.Extended64);
    this.packResult();
    // PE always, and UE with it for a denormal result (tiny and, as far as the hardware knows,
    // inexact: log2(2) times the largest denormal).
    this.flags |= FLAG_PE | ((this.se & 0x7fff) === 0 && (this.hi | this.lo) !== 0 ? FLAG_UE : 0);
  }

  /** Common special cases of the trigonometric instructions; returns true when handled. */
  private trigSpecial(se: number, hi: number, lo: number): boolean {
    const a = this.a;
    a.setExtended(se, hi, lo);
    this.outOfRange = false;
    this.roundedUp = 0;
    if (this.propagateNaN1(a)) return true;
    if (a.kind === Kind.Infinity) {
      this.setIndefinite();
      return true;
    }
    if (a.kind === Kind.Finite && a.exp >= EXP_BIAS + 63) {
      this.outOfRange = true;
      this.setResult(a.sign, a.exp, a.hi, a.lo);
      return true;
    }
    if (a.denormal) this.flags |= FLAG_DE;
    return false;
  }

  /**
   * sin x and tan x of a denormal (or pseudo-denormal) x: this machine returns x itself, normalized
   * if it can be, whatever the rounding control (not x ± an ulp, nor C1), with PE, and UE when the
   * result is denormal.
   */
  private denormalIdentity(): void {
    const a = this.a;
    this.roundPack(a.sign, a.exp, a.hi, a.lo, 0, Format.Extended64);
    this.packResult();
    this.roundedUp = 0;
    this.flags |= FLAG_PE | ((this.se & 0x7fff) === 0 ? FLAG_UE : 0);
  }

  /** sin and cos of the operand (reduced modulo the hardware's π/2), fixed point. */
  private sinCos(): [bigint, bigint, number] {
    const a = this.a;
    const f = this.bitsFor(a.exp);
    const F = BigInt(f);
    const x = this.fixed(a, f);
    const halfPi = reductionPi(f + 64) >> 1n;
    // k = nearest integer to x / (π/2), remainder r = x − k·π/2 with |r| ≤ π/4.
    const x64 = x << 64n;
    let k = x64 / halfPi;
    let r = x64 - k * halfPi;
    if (2n * (r < 0n ? -r : r) > halfPi) {
      const step = r < 0n ? -1n : 1n;
      k += step;
      r -= step * halfPi;
    }
    const [s, c] = sinCosSmall(r >> 64n, F);
    return [s, c, Number(((k % 4n) + 4n) % 4n)];
  }

  /** FSIN. */
  sin(se: number, hi: number, lo: number): void {
    if (this.trigSpecial(se, hi, lo)) return;
    const a = this.a;
    if (a.kind === Kind.Zero) {
      this.setResult(a.sign, 0, 0, 0);
      return;
    }
    if (a.denormal) {
      this.denormalIdentity();
      return;
    }
    const [s, c, q] = this.sinCos();
    const v = q === 0 ? s : q === 1 ? c : q === 2 ? -s : -c;
    this.roundFixed(v, this.bitsFor(a.exp));
  }

  /** FCOS. */
  cos(se: number, hi: number, lo: number): void {
    if (this.trigSpecial(se, hi, lo)) return;
    const a = this.a;
    if (a.kind === Kind.Zero) {
      this.setResult(0, EXP_BIAS, 0x80000000, 0);
      return;
    }
    const [s, c, q] = this.sinCos();
    const v = q === 0 ? c : q === 1 ? -s : q === 2 ? -c : s;
    this.roundFixed(v, this.bitsFor(a.exp));
  }

  /** FPTAN: tan into the result (the handler then pushes 1.0). */
  tan(se: number, hi: number, lo: number): void {
    if (this.trigSpecial(se, hi, lo)) return;
    const a = this.a;
    if (a.kind === Kind.Zero) {
      this.setResult(a.sign, 0, 0, 0);
      return;
    }
    if (a.denormal) {
      this.denormalIdentity();
      return;
    }
    const [s, c, q] = this.sinCos();
    const f = this.bitsFor(a.exp);
    const F = BigInt(f);
    const v = q & 1 ? div(-c, s, F) : div(s, c, F);
    this.roundFixed(v, f);
  }

  /** FPATAN: atan2(y, x) (y = ST(1), x = ST(0)). */
  atan2(ySe: number, yHi: number, yLo: number, xSe: number, xHi: number, xLo: number): void {
    const y = this.a;
    const x = this.b;
    y.setExtended(ySe, yHi, yLo);
    x.setExtended(xSe, xHi, xLo);
    this.roundedUp = 0;
    if (this.propagateNaN2(y, x)) return;
    if (y.denormal || x.denormal) this.flags |= FLAG_DE;
    const f = GUARD_BITS + 64;
    const F = BigInt(f);
    const p = pi(f);
    // Zeros and infinities as IEEE atan2 defines them.
    if (y.kind === Kind.Zero || x.kind === Kind.Infinity || y.kind === Kind.Infinity || x.kind === Kind.Zero) {
      let v: bigint;
      if (y.kind === Kind.Infinity) {
        v = x.kind === Kind.Infinity ? (x.sign ? (3n * p) / 4n : p / 4n) : p / 2n;
      } else if (x.kind === Kind.Infinity || y.kind === Kind.Zero) {
        if (y.kind === Kind.Zero && x.kind !== Kind.Infinity && x.kind !== Kind.Zero && !x.sign) {
          this.setResult(y.sign, 0, 0, 0);
          return;
        }
        if (x.sign) v = p;
        else {
          // atan2(finite, +∞) = ±0 exactly: no PE or UE on this machine.
          this.setResult(y.sign, 0, 0, 0);
          return;
        }
      } else v = p / 2n; // x zero, y finite non-zero
      this.roundFixed(y.sign ? -v : v, f);
      return;
    }
    // Finite non-zero: atan(|y|/|x|), placed in the right quadrant. Scale so the quotient keeps
    // full relative precision even when it is tiny.
    const diff = y.exp - x.exp;
    const g = f + Math.max(0, -diff);
    const G = BigInt(g);
    const ym = (BigInt(y.hi) << 32n) | BigInt(y.lo);
    const xm = (BigInt(x.hi) << 32n) | BigInt(x.lo);
    const q = diff >= 0 ? (ym << (G + BigInt(diff))) / xm : (ym << G) / (xm << BigInt(-diff));
    let v = atan(q, G);
    if (x.sign) v = pi(g) - v;
    this.roundFixed(y.sign ? -v : v, g);
    void F;
  }

  /** F2XM1: 2^x − 1. */
  twoToXMinus1(se: number, hi: number, lo: number): void {
    const a = this.a;
    a.setExtended(se, hi, lo);
    this.roundedUp = 0;
    if (this.propagateNaN1(a)) return;
    if (a.kind === Kind.Zero) {
      this.setResult(a.sign, 0, 0, 0);
      return;
    }
    if (a.kind === Kind.Infinity) {
      if (a.sign) this.setResult(1, EXP_BIAS, 0x80000000, 0);
      else this.setResult(0, EXP_MAX, 0x80000000, 0);
      return;
    }
    if (a.denormal) this.flags |= FLAG_DE;
    if (a.exp >= EXP_BIAS) {
      // Outside the documented range −1…1 this machine returns the operand, except that ±1 give
      // the exact 1 and −0.5; all with PE.
      this.flags |= FLAG_PE;
      if (a.exp === EXP_BIAS && a.hi === 0x80000000 && a.lo === 0) {
        if (a.sign) this.setResult(1, EXP_BIAS - 1, 0x80000000, 0);
        else this.setResult(0, EXP_BIAS, 0x80000000, 0);
      } else this.setResult(a.sign, a.exp, a.hi, a.lo);
      return;
    }
    const f = this.bitsFor(a.exp);
    const F = BigInt(f);
    this.roundFixed(expm1(mul(this.fixed(a, f), ln2(F), F), F), f);
  }

  /** FYL2X (`plusOne` false): y·log2(x); FYL2XP1: y·log2(x + 1). x = ST(0), y = ST(1). */
  yLog2(xSe: number, xHi: number, xLo: number, ySe: number, yHi: number, yLo: number, plusOne: boolean): void {
    const x = this.a;
    const y = this.b;
    x.setExtended(xSe, xHi, xLo);
    y.setExtended(ySe, yHi, yLo);
    this.roundedUp = 0;
    if (this.propagateNaN2(x, y)) return;
    // The special cases below report neither DE nor (x = ±0 with y = ±∞) ZE on this machine.
    if (plusOne) {
      if (x.sign === 1 && x.kind === Kind.Infinity) {
        this.setIndefinite();
        return;
      }
      if (x.sign === 1 && x.kind === Kind.Finite && x.exp >= EXP_BIAS) {
        // x ≤ −1, outside the documented range: no invalid operation. y = ±0 or ±∞ give
        // y·log2(0⁺)'s sign (zero or infinity, no flags); any other y returns x itself with PE.
        if (y.kind === Kind.Zero) this.setResult(y.sign ^ 1, 0, 0, 0);
        else if (y.kind === Kind.Infinity) this.setResult(y.sign ^ 1, EXP_MAX, 0x80000000, 0);
        else {
          this.flags |= FLAG_PE | (y.denormal ? FLAG_DE : 0);
          this.setResult(x.sign, x.exp, x.hi, x.lo);
        }
        return;
      }
    } else {
      if (x.sign === 1 && x.kind !== Kind.Zero) {
        this.setIndefinite();
        return;
      }
      if (x.kind === Kind.Zero) {
        // log2(0) = −∞: y·(−∞), a division by zero unless y is infinite; 0·∞ is invalid.
        if (y.kind === Kind.Zero) {
          this.setIndefinite();
          return;
        }
        if (y.kind !== Kind.Infinity) this.flags |= FLAG_ZE;
        this.setResult(y.sign ^ 1, EXP_MAX, 0x80000000, 0);
        return;
      }
    }
    if (x.denormal || y.denormal) this.flags |= FLAG_DE;
    if (x.kind === Kind.Infinity) {
      if (y.kind === Kind.Zero) {
        this.setIndefinite();
        return;
      }
      this.setResult(y.sign, EXP_MAX, 0x80000000, 0);
      return;
    }
    const f = plusOne ? this.bitsFor(x.kind === Kind.Zero ? EXP_BIAS : x.exp) : GUARD_BITS + 16;
    const F = BigInt(f);
    let lg: bigint;
    if (x.kind === Kind.Zero) lg = 0n;
    else {
      if (!plusOne) {
        // log2(m × 2^e) = e + log2(m) with m ∈ [1, 2): the exponent stays out of the fixed point.
        const m = ((BigInt(x.hi) << 32n) | BigInt(x.lo)) << (F - 63n);
        lg = (BigInt(x.exp - EXP_BIAS) << F) + div(ln(m, F), ln2(F), F);
      } else if (x.exp < EXP_BIAS - 8) {
        // log(1 + x) for small x without cancellation: 2·atanh(x / (2 + x)).
        const xf = this.fixed(x, f);
        lg = div(atanhTimes2(div(xf, (2n << F) + xf, F), F), ln2(F), F);
      } else lg = div(ln((1n << F) + this.fixed(x, f), F), ln2(F), F);
    }
    if (y.kind === Kind.Infinity) {
      if (lg === 0n) {
        this.setIndefinite();
        return;
      }
      this.setResult(y.sign ^ (lg < 0n ? 1 : 0), EXP_MAX, 0x80000000, 0);
      return;
    }
    if (y.kind === Kind.Zero || lg === 0n) {
      // log2(1 + x) has x's sign (also when x is so small that lg came out 0).
      const sign = y.sign ^ (plusOne ? x.sign : lg < 0n ? 1 : 0);
      this.setResult(lg === 0n && y.kind !== Kind.Zero ? y.sign ^ (x.sign && plusOne ? 1 : 0) : sign, 0, 0, 0);
      return;
    }
    // y·lg with y exact: (ym × 2^(ye−63)) × lg.
    const ym = (BigInt(y.hi) << 32n) | BigInt(y.lo);
    let v = ym * lg;
    const scale = f + 63 - (y.exp - EXP_BIAS);
    if (y.sign) v = -v;
    this.roundFixed(v, scale, lg < 0n ? Inexact.Below : Inexact.AsIs);
  }
}

export { FLAG_IE, INDEFINITE_HI, SW_C2 };
