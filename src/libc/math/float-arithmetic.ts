// IEEE single-precision operations that raise the SSE exception flags a native float operation
// raises (into mathStatus.exceptions), for the fdlibm-style float functions whose flags come from
// their intermediate steps (an underflowing polynomial term, an inexact division…) rather than from
// one final rounding. Each result is computed in double and rounded once to float: for +, -, ×, ÷
// and √ of floats that double rounding is harmless (53 ≥ 2·24 + 2), and the float results are
// glibc's bits. Tininess is detected after rounding, as x86 does.

import { errorTerm, twoSum } from './error-free.ts';
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

/**
 * A double rounded to float (a conversion cvtsd2ss), raising what that rounding raises, and
 * inexact also when `inexactBefore` says an earlier double step rounded.
 */
export function toFloat(d: number, inexactBefore = false): number {
  if (Number.isNaN(d)) return d;
  const r = roundRaising(d, false);
  if (inexactBefore) mathStatus.exceptions |= FE_INEXACT;
  return r;
}

export function add(a: number, b: number): number {
  const s = a + b;
  if (Number.isNaN(s)) {
    if (!Number.isNaN(a) && !Number.isNaN(b)) mathStatus.exceptions |= FE_INVALID; // ∞ - ∞
    return s;
  }
  if (!Number.isFinite(s)) return roundRaising(s, false);
  twoSum(a, b);
  return roundRaising(s, errorTerm !== 0);
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
  return roundRaising(p, false);
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
  const r = fr(Math.sqrt(a));
  if (r * r !== a && Number.isFinite(a)) mathStatus.exceptions |= FE_INEXACT;
  return r;
}
