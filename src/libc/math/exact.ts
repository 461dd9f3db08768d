// The math.h functions whose results are exact (or exactly defined by IEEE 754): rounding to
// integers, remainders, scaling, decomposition, sign and neighbour operations, sqrt. Any correct
// implementation gives glibc's bits; what needs care is signed zeros, NaNs, the rounding mode and
// which calls set errno (glibc's wrappers: EDOM for domain errors, ERANGE for overflow/underflow).
//
// A function reports errno through `mathStatus.errno` (0 = untouched); the libc binding clears it
// before the call and applies it after.

import { RoundingMode } from '../stdio/format/format-io.ts';

export const EDOM = 33;
export const ERANGE = 34;

export const mathStatus = {
  /** errno the last call set, or 0. */
  errno: 0,
  /** Floating-point exception flags (FE_*) the call raises beyond those errno implies (see math-binding.ts). */
  exceptions: 0,
  /** Rounding mode for rint/nearbyint/lrint (RC encoding). */
  roundingMode: RoundingMode.ToNearest as number,
};

const view = new DataView(new ArrayBuffer(8));
const TWO_52 = 4503599627370496;
const TWO_23 = 8388608;
export const INT_MIN = -2147483648;
export const INT_MAX = 2147483647;
/** What cvt(t)sd2si produces for values out of range ("integer indefinite"): -2^63. */
const TWO_63 = 2 ** 63;
const INTEGER_INDEFINITE = -TWO_63;

function highWord(x: number): number {
  view.setFloat64(0, x, true);
  return view.getUint32(4, true);
}

function fromWords(high: number, low: number): number {
  view.setUint32(0, low >>> 0, true);
  view.setUint32(4, high >>> 0, true);
  return view.getFloat64(0, true);
}

function signBit(x: number): boolean {
  return highWord(x) >>> 31 === 1;
}

export function fabs(x: number): number {
  return Math.abs(x);
}

export function copysign(x: number, y: number): number {
  return signBit(x) === signBit(y) ? x : -x;
}

export function floor(x: number): number {
  return Math.floor(x);
}

export function ceil(x: number): number {
  return Math.ceil(x);
}

export function trunc(x: number): number {
  return Math.trunc(x);
}

/** round: halfway cases away from zero. */
export function round(x: number): number {
  const t = Math.trunc(x);
  if (Math.abs(x - t) >= 0.5) return t + (x < 0 ? -1 : 1);
  return t;
}

/** roundeven: halfway cases to even. */
export function roundeven(x: number): number {
  const t = Math.trunc(x);
  const d = Math.abs(x - t);
  if (d > 0.5 || (d === 0.5 && t % 2 !== 0)) return t + (x < 0 ? -1 : 1);
  return t;
}

/** rint and nearbyint: to an integer in the current rounding mode (sign of zero kept). */
export function rint(x: number): number {
  switch (mathStatus.roundingMode) {
    case RoundingMode.Downward:
      return Math.floor(x);
    case RoundingMode.Upward:
      return Math.ceil(x);
    case RoundingMode.TowardZero:
      return Math.trunc(x);
    default: {
      if (!(Math.abs(x) < TWO_52)) return x;
      // Adding and removing 2^52 rounds to an integer in round-to-nearest-even.
      const r = x >= 0 ? x + TWO_52 - TWO_52 : x - TWO_52 + TWO_52;
      return r === 0 ? (signBit(x) ? -0 : 0) : r;
    }
  }
}

/** lrint/llrint: rint to a 64-bit integer; out of range gives the x86 integer indefinite (and FE_INVALID). */
export function lrint(x: number): number {
  const r = rint(x);
  return r >= -TWO_63 && r < TWO_63 ? r : INTEGER_INDEFINITE;
}

export function lround(x: number): number {
  const r = round(x);
  return r >= -TWO_63 && r < TWO_63 ? r : INTEGER_INDEFINITE;
}

/** fmod: JavaScript's % is exactly C's fmod (exact, sign of x). */
export function fmod(x: number, y: number): number {
  if ((y === 0 || !Number.isFinite(x)) && !Number.isNaN(x) && !Number.isNaN(y)) mathStatus.errno = EDOM;
  return x % y;
}

/** remquo's quotient (its low bits, with the sign of x/y). */
export let lastQuotient = 0;

/** remainder: x - n*y with n = x/y rounded to nearest even, exactly; EDOM for y = 0 or infinite x. */
export function remainder(x: number, y: number): number {
  if ((y === 0 || !Number.isFinite(x)) && !Number.isNaN(x) && !Number.isNaN(y)) mathStatus.errno = EDOM;
  return remquo(x, y);
}

/**
 * remquo as glibc's dbl-64 version computes it (no errno): reduce modulo 8|y|, peel off 4|y| and
 * 2|y| (exact, Sterbenz), then round the quotient with two half-|y| comparisons, which lands
 * ties on an even quotient. The quotient it reports can reach 8.
 */
export function remquo(x: number, y: number): number {
  lastQuotient = 0;
  if (Number.isNaN(x) || Number.isNaN(y) || !Number.isFinite(x) || y === 0) return Number.NaN;
  if (!Number.isFinite(y)) return x;
  const negativeX = signBit(x);
  const quotientNegative = negativeX !== signBit(y);
  const ay = Math.abs(y);
  if (ay <= Number.MAX_VALUE / 8) x = x % (8 * ay);
  let ax = Math.abs(x);
  if (ax === ay) {
    lastQuotient = quotientNegative ? -1 : 1;
    return 0 * x;
  }
  let q = 0;
  if (ay <= Number.MAX_VALUE / 4 && ax >= 4 * ay) {
    ax -= 4 * ay;
    q += 4;
  }
  if (ay <= Number.MAX_VALUE / 2 && ax >= 2 * ay) {
    ax -= 2 * ay;
    q += 2;
  }
  if (ay < 2 ** -1021) {
    if (ax + ax > ay) {
      ax -= ay;
      q++;
      if (ax + ax >= ay) {
        ax -= ay;
        q++;
      }
    }
  } else {
    const half = 0.5 * ay;
    if (ax > half) {
      ax -= ay;
      q++;
      if (ax >= half) {
        ax -= ay;
        q++;
      }
    }
  }
  lastQuotient = quotientNegative ? -q : q;
  return negativeX ? -ax : ax;
}

/** frexp: mantissa in [0.5, 1) (the exponent goes to lastExponent). */
export let lastExponent = 0;

export function frexp(x: number): number {
  lastExponent = 0;
  if (x === 0 || !Number.isFinite(x)) return x;
  let high = highWord(x);
  let scaled = x;
  let bias = 0;
  if (((high >>> 20) & 0x7ff) === 0) {
    scaled = x * 2 ** 64;
    bias = -64;
    high = highWord(scaled);
  }
  const exponent = ((high >>> 20) & 0x7ff) - 1022;
  lastExponent = exponent + bias;
  view.setFloat64(0, scaled, true);
  const low = view.getUint32(0, true);
  return fromWords((high & 0x800fffff) | (1022 << 20), low);
}

/** scalbn/ldexp: x * 2^n with a single rounding; ERANGE when a finite non-zero x overflows or becomes 0. */
export function scalbn(x: number, n: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  let y = x;
  if (n > 1023) {
    y *= 2 ** 1023;
    n -= 1023;
    if (n > 1023) {
      y *= 2 ** 1023;
      n -= 1023;
      if (n > 1023) n = 1023;
    }
  } else if (n < -1022) {
    // Scale by 2^-1022 * 2^53 steps so only the last multiplication can round (no double rounding).
    y *= 2 ** -1022 * 2 ** 53;
    n += 1022 - 53;
    if (n < -1022) {
      y *= 2 ** -1022 * 2 ** 53;
      n += 1022 - 53;
      if (n < -1022) n = -1022;
    }
  }
  const result = y * 2 ** n;
  if (!Number.isFinite(result) || result === 0) mathStatus.errno = ERANGE;
  return result;
}

/** modf: the fraction; the integral part goes to lastIntegral. */
export let lastIntegral = 0;

export function modf(x: number): number {
  const t = Math.trunc(x);
  lastIntegral = t;
  if (!Number.isFinite(x)) return Number.isNaN(x) ? x : signBit(x) ? -0 : 0;
  const f = x - t;
  return f === 0 ? (signBit(x) ? -0 : 0) : f;
}

export function fmin(x: number, y: number): number {
  if (Number.isNaN(x)) return y;
  if (Number.isNaN(y)) return x;
  return x <= y ? x : y;
}

export function fmax(x: number, y: number): number {
  if (Number.isNaN(x)) return y;
  if (Number.isNaN(y)) return x;
  return x >= y ? x : y;
}

export function fdim(x: number, y: number): number {
  if (Number.isNaN(x) || Number.isNaN(y)) return x + y;
  if (!(x > y)) return 0;
  const r = x - y;
  if (!Number.isFinite(r) && Number.isFinite(x) && Number.isFinite(y)) mathStatus.errno = ERANGE;
  return r;
}

/** nextafter: ERANGE when the result overflows or is subnormal/zero (from a non-zero x). */
export function nextafter(x: number, y: number): number {
  if (Number.isNaN(x) || Number.isNaN(y)) return x + y;
  if (x === y) return y;
  if (x === 0) return y > 0 ? 5e-324 : -5e-324; // glibc sets no errno here
  view.setFloat64(0, x, true);
  let low = view.getUint32(0, true);
  let high = view.getUint32(4, true);
  // Moving away from zero increments the magnitude bits.
  if (x > 0 === y > x) {
    low = (low + 1) >>> 0;
    if (low === 0) high++;
  } else {
    if (low === 0) high--;
    low = (low - 1) >>> 0;
  }
  const r = fromWords(high, low);
  if (!Number.isFinite(r) || Math.abs(r) < 2.2250738585072014e-308) mathStatus.errno = ERANGE;
  return r;
}

export function ilogb(x: number): number {
  if (x === 0 || Number.isNaN(x)) {
    mathStatus.errno = EDOM;
    return INT_MIN;
  }
  if (!Number.isFinite(x)) {
    mathStatus.errno = EDOM;
    return INT_MAX;
  }
  frexp(x);
  return lastExponent - 1;
}

export function logb(x: number): number {
  if (x === 0) return Number.NEGATIVE_INFINITY;
  if (!Number.isFinite(x)) return Math.abs(x);
  frexp(x);
  return lastExponent - 1;
}

/** sqrt: IEEE sqrt is correctly rounded (sqrtsd; V8's Math.sqrt uses it); sqrt(x < 0) is EDOM. */
export function sqrt(x: number): number {
  if (x < 0) mathStatus.errno = EDOM;
  return Math.sqrt(x);
}

// ---- float versions: every operation above is exact, so rounding its double result to float
// (or computing in double and rounding once, for sqrt) gives the float result. ----------------

export function sqrtf(x: number): number {
  if (x < 0) mathStatus.errno = EDOM;
  return Math.fround(Math.sqrt(x));
}

/** rintf in round-to-nearest needs its own 2^23 constant. */
export function rintf(x: number): number {
  if (mathStatus.roundingMode !== RoundingMode.ToNearest) return rint(x);
  if (!(Math.abs(x) < TWO_23)) return x;
  const r = x >= 0 ? Math.fround(Math.fround(x + TWO_23) - TWO_23) : Math.fround(Math.fround(x - TWO_23) + TWO_23);
  return r === 0 ? (signBit(x) ? -0 : 0) : r;
}

export function scalbnf(x: number, n: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  // A float times 2^n in double is exact for |n| <= 1000 beyond the float range; one fround rounds.
  const clamped = Math.max(-400, Math.min(400, n));
  const result = Math.fround(x * 2 ** clamped);
  if (!Number.isFinite(result) || result === 0) mathStatus.errno = ERANGE;
  return result;
}

export function nextafterf(x: number, y: number): number {
  if (Number.isNaN(x) || Number.isNaN(y)) return Math.fround(x + y);
  if (x === y) return y;
  const f = new DataView(new ArrayBuffer(4));
  if (x === 0) {
    f.setUint32(0, y > 0 ? 1 : 0x80000001, true);
    return f.getFloat32(0, true);
  }
  f.setFloat32(0, x, true);
  let bits = f.getUint32(0, true);
  bits = x > 0 === y > x ? bits + 1 : bits - 1;
  f.setUint32(0, bits >>> 0, true);
  const r = f.getFloat32(0, true);
  if (!Number.isFinite(r) || Math.abs(r) < 1.1754943508222875e-38) mathStatus.errno = ERANGE;
  return r;
}
