// IEEE single-precision operations that raise the SSE exception flags a native float operation
// raises (into mathStatus.exceptions), for the fdlibm-style float functions whose flags come from
// their intermediate steps (an underflowing polynomial term, an inexact division…) rather than from
// one final rounding. Each result is computed in double and rounded once to float: for +, -, ×, ÷
// and √ of floats that double rounding is harmless (53 ≥ 2·24 + 2), and the float results are
// glibc's bits. Tininess is detected after rounding, as x86 does.
//
// In the directed rounding modes (mathStatus.roundingMode, MXCSR's mode at the call) each
// operation also knows on which side of the double the exact value lies (the error-free sum, an
// fma remainder, or nothing for an exact product) and steps the nearest float to the mode's side.

import { RoundingMode } from '../stdio/format/format-io.ts';
import { floatBits, floatFromBits } from './bit-views.ts';
import { errorTerm, fma, twoProduct, twoSum } from './error-free.ts';
import { mathStatus } from './exact.ts';
import { FE_DIVBYZERO, FE_INEXACT, FE_INVALID, FE_OVERFLOW, FE_UNDERFLOW } from './fenv.ts';

const fr = Math.fround;
const FLT_MIN = 2 ** -126;
/** Below this magnitude an exact value still rounds (to 24 bits, exponent unbounded) under FLT_MIN: tiny. */
const TINY_BELOW = FLT_MIN * (1 - 2 ** -25);

/** Rounds the value v (exact, or a double already rounded harmlessly) to float, raising what that rounding raises. */
function roundRaising(v: number, inexact: boolean): number {
  const r = fr(v);
  if (r !== v || inexact) {
    if (Number.isNaN(v)) return r;
    let flags = FE_INEXACT;
    if (!Number.isFinite(r) && Number.isFinite(v)) flags |= FE_OVERFLOW;
    else if (Math.abs(v) < TINY_BELOW) flags |= FE_UNDERFLOW;
    mathStatus.exceptions |= flags;
  }
  return r;
}

/** The float next to r (finite or infinite, not NaN) away from zero (+1) or toward zero (-1). */
function step(r: number, awayFromZero: boolean): number {
  if (r === 0) return awayFromZero ? floatFromBits(1) * (Object.is(r, -0) ? -1 : 1) : r;
  return floatFromBits(floatBits(r) + (awayFromZero ? 1 : -1));
}

/** Tiny after rounding in the current directed mode: |exact| under FLT_MIN once rounded to 24 bits, exponent unbounded. */
function tinyDirected(v: number, magnitudeError: number, awayFromZero: boolean): boolean {
  const m = Math.abs(v);
  if (m > FLT_MIN || (m === FLT_MIN && magnitudeError >= 0)) return false;
  // The largest 24-bit value under FLT_MIN is FLT_MIN - 2^-150: from above it only rounding away reaches FLT_MIN.
  const last = FLT_MIN - 2 ** -150;
  const aboveLast = m > last || (m === last && magnitudeError > 0);
  return !(aboveLast && awayFromZero);
}

/**
 * Rounds to float the exact value v + ε, where v is its nearest double and `errorSign` the sign of
 * ε (0: v is exact), in the current rounding mode, raising inexact, overflow and underflow.
 */
function roundInMode(v: number, errorSign: number): number {
  const mode = mathStatus.roundingMode;
  if (mode === RoundingMode.ToNearest) return roundRaising(v, errorSign !== 0);
  const nearest = fr(v);
  const d = v - nearest; // exact; ±∞ when v overflowed to an infinity
  const side = d !== 0 ? Math.sign(d) : errorSign; // the exact value's side of `nearest`
  if (side === 0) return nearest;
  const negative = v < 0;
  // the exact value's side relative to |nearest|: +1 farther from zero
  const outward = negative ? -side : side;
  const awayFromZero = (mode === RoundingMode.Upward && !negative) || (mode === RoundingMode.Downward && negative);
  let r = nearest;
  if (outward > 0 && awayFromZero) r = step(nearest, true);
  else if (outward < 0 && !awayFromZero) r = step(nearest, false);
  let flags = FE_INEXACT;
  if (Math.abs(v) >= 2 ** 128 || !Number.isFinite(r)) flags |= FE_OVERFLOW;
  else if (tinyDirected(v, negative ? -errorSign : errorSign, awayFromZero)) flags |= FE_UNDERFLOW;
  mathStatus.exceptions |= flags;
  return r;
}

/** An exact zero sum of non-zero or unlike-signed operands: -0 rounding downward, +0 otherwise. */
function zeroSum(a: number, b: number): number {
  if (Object.is(a, b)) return a; // ±0 + ±0 of one sign keeps it
  return mathStatus.roundingMode === RoundingMode.Downward ? -0 : 0;
}

/**
 * A double rounded to float (a conversion cvtsd2ss) in the current mode, raising what that
 * rounding raises, and inexact also when `inexactBefore` says an earlier double step rounded.
 */
export function toFloat(d: number, inexactBefore = false): number {
  if (Number.isNaN(d)) return d;
  const r = Number.isFinite(d) ? roundInMode(d, 0) : d;
  if (inexactBefore) mathStatus.exceptions |= FE_INEXACT;
  return r;
}

// ---- double steps of the float functions computed in double (cbrtf, hypotf, exp10f, tanf's
// reduction): JavaScript's own operations when rounding to nearest; in a directed mode the nearest
// double stepped to the mode's side of the exact value. They raise no flags (the callers know
// which results were exact).

const f64 = new Float64Array(1);
const words = new Uint32Array(f64.buffer);

/** The double next to v (finite, non-zero… or zero) away from zero or toward it. */
function stepDouble(v: number, awayFromZero: boolean): number {
  if (v === 0) return awayFromZero ? (Object.is(v, -0) ? -(2 ** -1074) : 2 ** -1074) : v;
  f64[0] = v;
  if (awayFromZero) {
    words[0] = (words[0]! + 1) >>> 0;
    if (words[0] === 0) words[1] = words[1]! + 1;
  } else {
    if (words[0] === 0) words[1] = words[1]! - 1;
    words[0] = (words[0]! - 1) >>> 0;
  }
  return f64[0]!;
}

/** The nearest double v of an exact value on side `errorSign` of it, rounded in the current directed mode. */
function directedDouble(v: number, errorSign: number): number {
  if (errorSign === 0 || !Number.isFinite(v)) return v;
  const mode = mathStatus.roundingMode;
  const negative = v < 0;
  const outward = negative ? -errorSign : errorSign;
  const awayFromZero = (mode === RoundingMode.Upward && !negative) || (mode === RoundingMode.Downward && negative);
  if (outward > 0 && awayFromZero) return stepDouble(v, true);
  if (outward < 0 && !awayFromZero) return stepDouble(v, false);
  return v;
}

export function addDouble(a: number, b: number): number {
  const s = a + b;
  if (mathStatus.roundingMode === RoundingMode.ToNearest || !Number.isFinite(s)) return s;
  if (s === 0) return zeroSum(a, b);
  twoSum(a, b);
  return directedDouble(s, Math.sign(errorTerm));
}

export function subDouble(a: number, b: number): number {
  return addDouble(a, -b);
}

export function mulDouble(a: number, b: number): number {
  const p = a * b;
  if (mathStatus.roundingMode === RoundingMode.ToNearest || !Number.isFinite(p) || p === 0) return p;
  twoProduct(a, b);
  return directedDouble(p, Math.sign(errorTerm));
}

export function divDouble(a: number, b: number): number {
  const q = a / b;
  if (mathStatus.roundingMode === RoundingMode.ToNearest || !Number.isFinite(q) || q === 0) return q;
  return directedDouble(q, Math.sign(fma(-q, b, a)) * Math.sign(b));
}

/** The sign of the exact sum of `terms` (Shewchuk's grow-expansion: its largest non-zero component's sign). */
function exactSumSign(terms: number[]): number {
  const expansion: number[] = [];
  for (const term of terms) {
    let q = term;
    for (let i = 0; i < expansion.length; i++) {
      const sum = twoSum(q, expansion[i]!);
      expansion[i] = errorTerm;
      q = sum;
    }
    expansion.push(q);
  }
  for (let i = expansion.length - 1; i >= 0; i--) if (expansion[i] !== 0) return Math.sign(expansion[i]!);
  return 0;
}

/** a·b + c with one rounding (vfmadd), in the current mode. */
export function fmaDouble(a: number, b: number, c: number): number {
  const r = fma(a, b, c);
  if (mathStatus.roundingMode === RoundingMode.ToNearest || !Number.isFinite(r)) return r;
  const high = twoProduct(a, b);
  const low = errorTerm;
  // exact - r = a·b + c - r = high + low + c - r
  return directedDouble(r, exactSumSign([high, low, c, -r]));
}

export function sqrtDouble(a: number): number {
  const q = Math.sqrt(a);
  if (mathStatus.roundingMode === RoundingMode.ToNearest || !Number.isFinite(q) || q === 0) return q;
  return directedDouble(q, Math.sign(fma(-q, q, a)));
}

export function add(a: number, b: number): number {
  const s = a + b;
  if (Number.isNaN(s)) {
    if (!Number.isNaN(a) && !Number.isNaN(b)) mathStatus.exceptions |= FE_INVALID; // ∞ - ∞
    return s;
  }
  if (!Number.isFinite(s)) return roundRaising(s, false);
  if (s === 0) return zeroSum(a, b);
  twoSum(a, b);
  return roundInMode(s, Math.sign(errorTerm));
}

export function sub(a: number, b: number): number {
  return add(a, -b);
}

export function mul(a: number, b: number): number {
  const p = a * b; // exact in double for float operands
  if (Number.isNaN(p)) {
    if (!Number.isNaN(a) && !Number.isNaN(b)) mathStatus.exceptions |= FE_INVALID; // 0 · ∞
    return p;
  }
  return roundInMode(p, 0);
}

export function div(a: number, b: number): number {
  const q = a / b;
  if (Number.isNaN(q)) {
    if (!Number.isNaN(a) && !Number.isNaN(b)) mathStatus.exceptions |= FE_INVALID; // 0/0, ∞/∞
    return q;
  }
  if (b === 0) {
    if (Number.isFinite(a)) mathStatus.exceptions |= FE_DIVBYZERO;
    return q;
  }
  if (!Number.isFinite(a) || !Number.isFinite(b)) return q;
  if (mathStatus.roundingMode !== RoundingMode.ToNearest) {
    // the exact quotient is q + (a - q·b)/b
    return roundInMode(q, Math.sign(fma(-q, b, a)) * Math.sign(b));
  }
  const r = fr(q);
  // r · b is exact in double (two floats): the quotient was exact when it gives a back.
  const exact = Number.isFinite(r) && r * b === a;
  return roundRaising(q, !exact);
}

export function sqrt(a: number): number {
  if (a < 0) {
    mathStatus.exceptions |= FE_INVALID;
    return Number.NaN;
  }
  if (mathStatus.roundingMode !== RoundingMode.ToNearest && a !== 0 && Number.isFinite(a)) {
    const q = Math.sqrt(a);
    return roundInMode(q, Math.sign(fma(-q, q, a)));
  }
  const r = fr(Math.sqrt(a));
  if (r * r !== a && Number.isFinite(a)) mathStatus.exceptions |= FE_INEXACT;
  return r;
}
