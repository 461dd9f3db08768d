// SSE floating-point semantics under MXCSR, one lane at a time, over the vector register file.
//
// Lanes are addressed by index into the CPU's views over the XMM bytes (`xmmF32`/`xmmF64` and the
// Int32Array `xmm`, whose words 2i and 2i+1 are float64 lane i): a handler passes destination and
// source lane indices, and the functions here read the sources, compute, write the destination
// and raise MXCSR flags. Destination and a source may be the same lane.
//
// Hot path: with round-to-nearest, every exception masked and PE already raised (it is sticky, and
// nearly every program raises it early), a result that is a normal finite number from operands
// that are not denormal is exactly JavaScript's double arithmetic (float32 through Math.fround:
// double rounding is innocuous for +, −, ×, ÷ and √ of float32 operands). Everything else — NaNs,
// infinities, denormals, tiny or huge results, other rounding modes, DAZ/FTZ, the first inexact
// result — goes through the soft-float core, which reproduces the hardware bit for bit.

import { ALL_FLAGS, FLAG_DE, FLAG_IE, FLAG_PE, FLAG_ZE, Rounding } from './exceptions.ts';
import { compareOrdered, ExtendedMath, Relation } from './extended.ts';
import { EXP_BIAS, EXP_MAX, Format } from './soft-float.ts';
import { APPROX_TABLE_DIGITS, rcpTableText, rsqrtTableText } from './sse-approx-tables.ts';
import { Kind, type Unpacked } from './unpacked.ts';

/** What the SSE functions need of the CPU: the vector register file views and MXCSR. */
export interface VectorFile {
  /** 4 words per 128-bit register; float64 lane i is words 2i (low) and 2i+1 (high). */
  xmm: Int32Array;
  xmmF32: Float32Array;
  xmmF64: Float64Array;
  mxcsr: number;
}

/** MXCSR bits. */
export const MXCSR_DAZ = 0x40;
export const MXCSR_FTZ = 0x8000;
export const MXCSR_MASK_SHIFT = 7;
export const MXCSR_RC_SHIFT = 13;
/** Bits of MXCSR that must read RC=nearest, all masks set and PE set for the fast path. */
const FAST_MASK = 0x7fa0;
const FAST_BITS = 0x1fa0;

const MIN_NORMAL64 = 2.2250738585072014e-308;
const MAX64 = Number.MAX_VALUE;
const MIN_NORMAL32 = 1.1754943508222875e-38;
const MAX32 = 3.4028234663852886e38;

export const enum SseOp {
  Add = 0,
  Sub = 1,
  Mul = 2,
  Div = 3,
}

/** cmpps/cmpss predicates 0–7. */
export const enum ComparePredicate {
  Equal = 0,
  Less = 1,
  LessEqual = 2,
  Unordered = 3,
  NotEqual = 4,
  NotLess = 5,
  NotLessEqual = 6,
  Ordered = 7,
}

/**
 * Thrown when an operation raises an exception that MXCSR leaves unmasked (the hardware's #XM,
 * which Linux delivers as SIGFPE). `flags` are the unmasked exception flags.
 */
export class SimdFloatingPointException extends Error {
  constructor(readonly flags: number) {
    super('SIMD floating-point exception');
  }
}

/** The soft-float engine behind the slow paths; one per thread of execution is enough. */
class SseEngine extends ExtendedMath {
  /** Packed result of the last operation: float64 high/low words or float32 bits (in `outLo`). */
  outHi = 0;
  outLo = 0;

  /** Loads MXCSR's controls into the engine and clears its flags. */
  begin(mxcsr: number): void {
    this.rounding = (mxcsr >>> MXCSR_RC_SHIFT) & 3;
    this.flushToZero = (mxcsr & MXCSR_FTZ) !== 0;
    this.underflowMasked = (mxcsr & 0x800) !== 0;
    this.flags = 0;
  }

  /** Applies DAZ: a denormal operand becomes a zero of the same sign, without DE. */
  daz(u: Unpacked): void {
    if (u.denormal) {
      u.kind = Kind.Zero;
      u.denormal = false;
    }
  }

  /** SSE NaN rule for two operands: the first NaN operand, quieted; SNaN raises IE. */
  nan2(a: Unpacked, b: Unpacked): boolean {
    const aNaN = a.isNaN();
    if (!aNaN && !b.isNaN()) return false;
    if (a.kind === Kind.SignalingNaN || b.kind === Kind.SignalingNaN) this.flags |= FLAG_IE;
    const pick = aNaN ? a : b;
    this.sign = pick.sign;
    this.exp = EXP_MAX;
    this.hi = (pick.hi | 0x40000000) >>> 0;
    this.lo = pick.lo;
    return true;
  }

  nan1(a: Unpacked): boolean {
    if (!a.isNaN()) return false;
    if (a.kind === Kind.SignalingNaN) this.flags |= FLAG_IE;
    this.sign = a.sign;
    this.exp = EXP_MAX;
    this.hi = (a.hi | 0x40000000) >>> 0;
    this.lo = a.lo;
    return true;
  }

  /** The working result as float64 words in outHi/outLo. */
  packF64(): void {
    const hi = this.hi;
    const lo = this.lo;
    let field: number;
    if (this.exp === EXP_MAX) field = 0x7ff;
    else if ((hi & 0x80000000) === 0) field = 0;
    else field = this.exp - EXP_BIAS + 1023;
    this.outHi = (this.sign << 31) | (field << 20) | ((hi >>> 11) & 0xfffff);
    this.outLo = (hi << 21) | (lo >>> 11) | 0;
  }

  /** The working result as float32 bits in outLo. */
  packF32(): void {
    const hi = this.hi;
    let field: number;
    if (this.exp === EXP_MAX) field = 0xff;
    else if ((hi & 0x80000000) === 0) field = 0;
    else field = this.exp - EXP_BIAS + 127;
    this.outLo = (this.sign << 31) | (field << 23) | ((hi >>> 8) & 0x7fffff);
  }

  /** a op b on unpacked operands (after DAZ), rounded to `format`, NaNs by the SSE rules. */
  arith(op: SseOp, a: Unpacked, b: Unpacked, format: Format): void {
    if (this.nan2(a, b)) return;
    const denormal = a.denormal || b.denormal;
    switch (op) {
      case SseOp.Add:
        this.addUnpacked(a, b, b.sign, format);
        break;
      case SseOp.Sub:
        this.addUnpacked(a, b, b.sign ^ 1, format);
        break;
      case SseOp.Mul:
        this.mulUnpacked(a, b, format);
        break;
      default:
        this.divUnpacked(a, b, format);
    }
    // DE is reported unless the operation was invalid or a division by zero.
    if (denormal && (this.flags & (FLAG_IE | FLAG_ZE)) === 0) this.flags |= FLAG_DE;
  }
}

const engine = new SseEngine();
const ua = engine.a;
const ub = engine.b;

/** Ends a slow-path operation: merges flags into MXCSR, raising unmasked exceptions first. */
function finish(v: VectorFile): void {
  const flags = engine.flags;
  if (flags === 0) return;
  const unmasked = flags & ~(v.mxcsr >>> MXCSR_MASK_SHIFT) & ALL_FLAGS;
  v.mxcsr |= flags;
  if (unmasked !== 0) unmaskedExceptionHook(unmasked);
}

let unmaskedExceptionHook: (flags: number) => never = (flags) => {
  throw new SimdFloatingPointException(flags);
};

/**
 * Sets what happens when an operation raises an exception MXCSR leaves unmasked (the CPU throws
 * its #XM fault). The destination is not written (except for lanes of packed operations that
 * were already done).
 */
export function setUnmaskedExceptionHook(hook: (flags: number) => never): void {
  unmaskedExceptionHook = hook;
}

function loadF64(u: Unpacked, v: VectorFile, lane: number): void {
  u.setFloat64(v.xmm[2 * lane + 1]!, v.xmm[2 * lane]!);
}
function loadF32(u: Unpacked, v: VectorFile, lane: number): void {
  u.setFloat32(v.xmm[lane]!);
}

// ---- arithmetic ----

/** Scalar/lane float64 arithmetic: lane d = lane a op lane b. */
export function arithF64(v: VectorFile, op: SseOp, d: number, a: number, b: number): void {
  const f = v.xmmF64;
  const x = f[a]!;
  const y = f[b]!;
  if ((v.mxcsr & FAST_MASK) === FAST_BITS) {
    const r = op === SseOp.Add ? x + y : op === SseOp.Sub ? x - y : op === SseOp.Mul ? x * y : x / y;
    const m = Math.abs(r);
    if (
      m >= MIN_NORMAL64 &&
      m <= MAX64 &&
      (x === 0 || Math.abs(x) >= MIN_NORMAL64) &&
      (y === 0 || Math.abs(y) >= MIN_NORMAL64)
    ) {
      f[d] = r;
      return;
    }
  }
  const mxcsr = v.mxcsr;
  engine.begin(mxcsr);
  loadF64(ua, v, a);
  loadF64(ub, v, b);
  if (mxcsr & MXCSR_DAZ) {
    engine.daz(ua);
    engine.daz(ub);
  }
  engine.arith(op, ua, ub, Format.Float64);
  engine.packF64();
  finish(v);
  v.xmm[2 * d] = engine.outLo;
  v.xmm[2 * d + 1] = engine.outHi;
}

/** Scalar/lane float32 arithmetic: lane d = lane a op lane b. */
export function arithF32(v: VectorFile, op: SseOp, d: number, a: number, b: number): void {
  const f = v.xmmF32;
  const x = f[a]!;
  const y = f[b]!;
  if ((v.mxcsr & FAST_MASK) === FAST_BITS) {
    const r = Math.fround(op === SseOp.Add ? x + y : op === SseOp.Sub ? x - y : op === SseOp.Mul ? x * y : x / y);
    const m = Math.abs(r);
    if (
      m >= MIN_NORMAL32 &&
      m <= MAX32 &&
      (x === 0 || Math.abs(x) >= MIN_NORMAL32) &&
      (y === 0 || Math.abs(y) >= MIN_NORMAL32)
    ) {
      f[d] = r;
      return;
    }
  }
  const mxcsr = v.mxcsr;
  engine.begin(mxcsr);
  loadF32(ua, v, a);
  loadF32(ub, v, b);
  if (mxcsr & MXCSR_DAZ) {
    engine.daz(ua);
    engine.daz(ub);
  }
  engine.arith(op, ua, ub, Format.Float32);
  engine.packF32();
  finish(v);
  v.xmm[d] = engine.outLo;
}

export function sqrtF64(v: VectorFile, d: number, a: number): void {
  const x = v.xmmF64[a]!;
  if ((v.mxcsr & FAST_MASK) === FAST_BITS && x >= MIN_NORMAL64 && x <= MAX64) {
    v.xmmF64[d] = Math.sqrt(x);
    return;
  }
  engine.begin(v.mxcsr);
  loadF64(ua, v, a);
  if (v.mxcsr & MXCSR_DAZ) engine.daz(ua);
  sqrtSlow(Format.Float64);
  engine.packF64();
  finish(v);
  v.xmm[2 * d] = engine.outLo;
  v.xmm[2 * d + 1] = engine.outHi;
}

export function sqrtF32(v: VectorFile, d: number, a: number): void {
  const x = v.xmmF32[a]!;
  if ((v.mxcsr & FAST_MASK) === FAST_BITS && x >= MIN_NORMAL32 && x <= MAX32) {
    v.xmmF32[d] = Math.fround(Math.sqrt(x));
    return;
  }
  engine.begin(v.mxcsr);
  loadF32(ua, v, a);
  if (v.mxcsr & MXCSR_DAZ) engine.daz(ua);
  sqrtSlow(Format.Float32);
  engine.packF32();
  finish(v);
  v.xmm[d] = engine.outLo;
}

function sqrtSlow(format: Format): void {
  if (engine.nan1(ua)) return;
  if (ua.denormal && ua.sign === 0) engine.flags |= FLAG_DE;
  engine.sqrtUnpacked(ua, format);
}

// ---- min / max ----

/**
 * MINSS/MINSD/MAXSS/MAXSD lane: the first operand if it is strictly less (greater), else the
 * second — so a NaN in either, or two zeros, give the second operand. Any NaN raises IE.
 */
export function minMaxF64(v: VectorFile, max: boolean, d: number, a: number, b: number): void {
  const mxcsr = v.mxcsr;
  engine.begin(mxcsr);
  loadF64(ua, v, a);
  loadF64(ub, v, b);
  const pick = minMaxPick(max, mxcsr);
  const lane = pick === 0 ? a : b;
  const u = pick === 0 ? ua : ub;
  finish(v);
  if (u.kind === Kind.Zero && (mxcsr & MXCSR_DAZ) !== 0 && isDenormalF64(v, lane)) {
    v.xmm[2 * d] = 0;
    v.xmm[2 * d + 1] = u.sign << 31;
    return;
  }
  const lo = v.xmm[2 * lane]!;
  const hi = v.xmm[2 * lane + 1]!;
  v.xmm[2 * d] = lo;
  v.xmm[2 * d + 1] = hi;
}

export function minMaxF32(v: VectorFile, max: boolean, d: number, a: number, b: number): void {
  const mxcsr = v.mxcsr;
  engine.begin(mxcsr);
  loadF32(ua, v, a);
  loadF32(ub, v, b);
  const pick = minMaxPick(max, mxcsr);
  const lane = pick === 0 ? a : b;
  const u = pick === 0 ? ua : ub;
  finish(v);
  if (u.kind === Kind.Zero && (mxcsr & MXCSR_DAZ) !== 0 && (v.xmm[lane]! & 0x7fffffff) !== 0) {
    v.xmm[d] = u.sign << 31;
    return;
  }
  v.xmm[d] = v.xmm[lane]!;
}

function isDenormalF64(v: VectorFile, lane: number): boolean {
  return ((v.xmm[2 * lane + 1]! & 0x7fffffff) | v.xmm[2 * lane]!) !== 0;
}

/** 0: the first operand is the result, 1: the second. Unpacked operands in ua/ub. */
function minMaxPick(max: boolean, mxcsr: number): number {
  if (mxcsr & MXCSR_DAZ) {
    engine.daz(ua);
    engine.daz(ub);
  }
  if (ua.isNaN() || ub.isNaN()) {
    engine.flags |= FLAG_IE;
    return 1;
  }
  if (ua.denormal || ub.denormal) engine.flags |= FLAG_DE;
  const rel = compareUnpackedValues(ua, ub);
  if (max) return rel === Relation.Greater ? 0 : 1;
  return rel === Relation.Less ? 0 : 1;
}

function compareUnpackedValues(a: Unpacked, b: Unpacked): Relation {
  return compareOrdered(a, b);
}

// ---- comparisons ----

/** The predicates that signal (raise IE) on quiet NaNs too. */
function signaling(predicate: number): boolean {
  return predicate === 1 || predicate === 2 || predicate === 5 || predicate === 6;
}

function predicateHolds(predicate: number, rel: Relation): boolean {
  switch (predicate & 7) {
    case ComparePredicate.Equal:
      return rel === Relation.Equal;
    case ComparePredicate.Less:
      return rel === Relation.Less;
    case ComparePredicate.LessEqual:
      return rel === Relation.Less || rel === Relation.Equal;
    case ComparePredicate.Unordered:
      return rel === Relation.Unordered;
    case ComparePredicate.NotEqual:
      return rel !== Relation.Equal;
    case ComparePredicate.NotLess:
      return rel !== Relation.Less;
    case ComparePredicate.NotLessEqual:
      return rel !== Relation.Less && rel !== Relation.Equal;
    default:
      return rel !== Relation.Unordered;
  }
}

function relate(mxcsr: number, quiet: boolean): Relation {
  if (mxcsr & MXCSR_DAZ) {
    engine.daz(ua);
    engine.daz(ub);
  }
  if (ua.isNaN() || ub.isNaN()) {
    if (!quiet || ua.kind === Kind.SignalingNaN || ub.kind === Kind.SignalingNaN) engine.flags |= FLAG_IE;
    return Relation.Unordered;
  }
  if (ua.denormal || ub.denormal) engine.flags |= FLAG_DE;
  return compareUnpackedValues(ua, ub);
}

/** CMPSD/CMPPD lane: all ones when the predicate holds, else zero. */
export function compareF64(v: VectorFile, predicate: number, d: number, a: number, b: number): void {
  engine.begin(v.mxcsr);
  loadF64(ua, v, a);
  loadF64(ub, v, b);
  const rel = relate(v.mxcsr, !signaling(predicate));
  finish(v);
  const mask = predicateHolds(predicate, rel) ? -1 : 0;
  v.xmm[2 * d] = mask;
  v.xmm[2 * d + 1] = mask;
}

export function compareF32(v: VectorFile, predicate: number, d: number, a: number, b: number): void {
  engine.begin(v.mxcsr);
  loadF32(ua, v, a);
  loadF32(ub, v, b);
  const rel = relate(v.mxcsr, !signaling(predicate));
  finish(v);
  v.xmm[d] = predicateHolds(predicate, rel) ? -1 : 0;
}

/** COMISD/UCOMISD: returns the relation (the caller sets ZF/PF/CF); `quiet` for UCOMIS. */
export function comiF64(v: VectorFile, a: number, b: number, quiet: boolean): Relation {
  engine.begin(v.mxcsr);
  loadF64(ua, v, a);
  loadF64(ub, v, b);
  const rel = relate(v.mxcsr, quiet);
  finish(v);
  return rel;
}

export function comiF32(v: VectorFile, a: number, b: number, quiet: boolean): Relation {
  engine.begin(v.mxcsr);
  loadF32(ua, v, a);
  loadF32(ub, v, b);
  const rel = relate(v.mxcsr, quiet);
  finish(v);
  return rel;
}

// ---- conversions between float formats ----

/** CVTSS2SD lane: float32 lane a → float64 lane d (exact; SNaN quieted with IE; DE). */
export function f32ToF64(v: VectorFile, d: number, a: number): void {
  const bits = v.xmm[a]!;
  engine.begin(v.mxcsr);
  ua.setFloat32(bits);
  if (v.mxcsr & MXCSR_DAZ) engine.daz(ua);
  if (!engine.nan1(ua)) {
    if (ua.denormal) engine.flags |= FLAG_DE;
    setUnpackedResult(ua);
  }
  engine.packF64();
  finish(v);
  v.xmm[2 * d] = engine.outLo;
  v.xmm[2 * d + 1] = engine.outHi;
}

/** CVTSD2SS lane: float64 lane a → float32 lane d, rounded under MXCSR. */
export function f64ToF32(v: VectorFile, d: number, a: number): void {
  engine.begin(v.mxcsr);
  loadF64(ua, v, a);
  if (v.mxcsr & MXCSR_DAZ) engine.daz(ua);
  if (!engine.nan1(ua)) {
    if (ua.denormal) engine.flags |= FLAG_DE;
    roundUnpacked(ua, Format.Float32);
  }
  engine.packF32();
  finish(v);
  v.xmm[d] = engine.outLo;
}

function setUnpackedResult(u: Unpacked): void {
  engine.sign = u.sign;
  if (u.kind === Kind.Zero) {
    engine.exp = 0;
    engine.hi = 0;
    engine.lo = 0;
  } else if (u.kind === Kind.Infinity) {
    engine.exp = EXP_MAX;
    engine.hi = 0x80000000;
    engine.lo = 0;
  } else {
    engine.exp = u.exp;
    engine.hi = u.hi;
    engine.lo = u.lo;
  }
}

function roundUnpacked(u: Unpacked, format: Format): void {
  if (u.kind === Kind.Finite) engine.roundPack(u.sign, u.exp, u.hi, u.lo, 0, format);
  else setUnpackedResult(u);
}

// ---- conversions with integers ----

/** CVTSI2SD/CVTSI2SS and CVTDQ2PS/PD: a signed 32-bit integer to a float lane. */
export function int32ToFloat(v: VectorFile, d: number, value: number, double: boolean): void {
  if (double) {
    v.xmmF64[d] = value | 0;
    return;
  }
  const r = Math.fround(value | 0);
  if (r === (value | 0) || (v.mxcsr & FAST_MASK) === FAST_BITS) {
    v.xmmF32[d] = r;
    return;
  }
  int64ToFloat(v, d, value | 0, value < 0 ? -1 : 0, false);
}

/** CVTSI2SD/CVTSI2SS with a 64-bit source given as int32 halves. */
export function int64ToFloat(v: VectorFile, d: number, lo: number, hi: number, double: boolean): void {
  engine.begin(v.mxcsr);
  let sign = 0;
  let mh = hi >>> 0;
  let ml = lo >>> 0;
  if (hi < 0) {
    sign = 1;
    // Two's complement negation of the 64-bit magnitude.
    ml = (~ml + 1) >>> 0;
    mh = (~mh + (ml === 0 ? 1 : 0)) >>> 0;
  }
  if ((mh | ml) === 0) {
    engine.roundPack(sign, 0, 0, 0, 0, Format.Float64);
  } else {
    const exp = engine.normalize(EXP_BIAS + 63, mh, ml, 0);
    engine.roundPack(sign, exp, engine.hi, engine.lo, 0, double ? Format.Float64 : Format.Float32);
  }
  if (double) {
    engine.packF64();
    finish(v);
    v.xmm[2 * d] = engine.outLo;
    v.xmm[2 * d + 1] = engine.outHi;
  } else {
    engine.packF32();
    finish(v);
    v.xmm[d] = engine.outLo;
  }
}

/**
 * CVT(T)SS2SI/CVT(T)SD2SI and CVT(T)PS2DQ/PD2DQ lanes: the float lane (float64 when `double`) as a
 * signed integer of `bits` (32 or 64), rounded under MXCSR or truncated. Out of range or NaN:
 * IE and the integer indefinite (only the sign bit set). Returns the low word; the high word of
 * a 64-bit result is left in `floatToIntHigh`.
 */
export function floatToInt(v: VectorFile, a: number, double: boolean, bits: number, truncate: boolean): number {
  const mxcsr = v.mxcsr;
  if (double) {
    const x = v.xmmF64[a]!;
    if (bits === 32 && truncate && x > -2147483649 && x < 2147483648) {
      const r = x < 0 ? Math.ceil(x) : Math.floor(x);
      if (r === x || (mxcsr & FLAG_PE) !== 0) {
        if ((mxcsr & (FLAG_DE | MXCSR_DAZ)) !== 0 || x === 0 || Math.abs(x) >= MIN_NORMAL64) {
          floatToIntHigh = r < 0 ? -1 : 0;
          return r | 0;
        }
      }
    }
  }
  engine.begin(mxcsr);
  if (double) loadF64(ua, v, a);
  else loadF32(ua, v, a);
  if (mxcsr & MXCSR_DAZ) engine.daz(ua);
  const saved = engine.rounding;
  if (truncate) engine.rounding = Rounding.TowardZero;
  const ok = engine.integerFromUnpacked(ua, bits);
  engine.rounding = saved;
  let lo: number;
  let hi: number;
  if (!ok) {
    engine.flags = (engine.flags & ~FLAG_PE) | FLAG_IE;
    lo = bits === 32 ? 0x80000000 | 0 : 0;
    hi = bits === 32 ? -1 : 0x80000000 | 0;
    if (bits === 32) hi = 0;
  } else {
    lo = engine.intLo;
    hi = engine.intHi;
  }
  finish(v);
  floatToIntHigh = hi;
  return lo;
}

/** High word of the last 64-bit `floatToInt` result. */
export let floatToIntHigh = 0;

// ---- rounding to an integral value (ROUNDSS/SD/PS/PD) ----

/**
 * ROUNDSx lane: `imm` bits 0–1 the rounding mode unless bit 2 (use MXCSR), bit 3 suppresses PE.
 */
export function roundF64(v: VectorFile, imm: number, d: number, a: number): void {
  engine.begin(v.mxcsr);
  loadF64(ua, v, a);
  roundIntegral(v.mxcsr, imm);
  engine.packF64();
  finish(v);
  v.xmm[2 * d] = engine.outLo;
  v.xmm[2 * d + 1] = engine.outHi;
}

export function roundF32(v: VectorFile, imm: number, d: number, a: number): void {
  engine.begin(v.mxcsr);
  loadF32(ua, v, a);
  roundIntegral(v.mxcsr, imm);
  engine.packF32();
  finish(v);
  v.xmm[d] = engine.outLo;
}

function roundIntegral(mxcsr: number, imm: number): void {
  if (mxcsr & MXCSR_DAZ) engine.daz(ua);
  if (engine.nan1(ua)) return;
  // ROUNDxx reports no DE for denormal inputs.
  if ((imm & 4) === 0) engine.rounding = imm & 3;
  engine.roundToIntegral(ua);
  if (imm & 8) engine.flags &= ~FLAG_PE;
}

// ---- approximations ----

/** The tables of ./sse-approx-tables.ts, built at the first RCPxx / RSQRTxx (most programs run none). */
let rcpTable: Uint32Array | undefined;
let rsqrtTable: Uint32Array | undefined;

/** A table from its text: four digits of APPROX_TABLE_DIGITS per entry, its bits shifted right by 11. */
function approxTable(text: string): Uint32Array {
  if (text.length % 4 !== 0) throw new Error('src/float/sse-approx-tables.ts: a table is not whole entries');
  const value = new Uint8Array(128).fill(0xff);
  for (let i = 0; i < APPROX_TABLE_DIGITS.length; i++) value[APPROX_TABLE_DIGITS.charCodeAt(i)] = i;
  const table = new Uint32Array(text.length / 4);
  for (let i = 0; i < table.length; i++) {
    let shifted = 0;
    for (let k = 0; k < 4; k++) {
      const digit = value[text.charCodeAt(4 * i + k)] ?? 0xff;
      if (digit === 0xff) throw new Error('src/float/sse-approx-tables.ts: a table has a character that is no digit');
      shifted = (shifted << 6) | digit;
    }
    table[i] = shifted << 11;
  }
  return table;
}

/** RCPSS/RCPPS lane: this machine's table approximation of 1/x; raises nothing. */
export function reciprocalF32(v: VectorFile, d: number, a: number): void {
  const bits = v.xmm[a]!;
  const sign = bits & 0x80000000;
  const exp = (bits >>> 23) & 0xff;
  if (exp === 0xff) {
    v.xmm[d] = bits & 0x7fffff ? bits | 0x400000 : sign; // NaN quieted; 1/±inf = ±0
    return;
  }
  if (exp === 0) {
    v.xmm[d] = sign | 0x7f800000; // zero and denormals: ±inf
    return;
  }
  rcpTable ??= approxTable(rcpTableText());
  const entry = rcpTable[(bits & 0x7fffff) >>> 12]!;
  const field = ((entry >>> 23) & 0xff) + 127 - exp;
  v.xmm[d] = field <= 0 ? sign : sign | (field << 23) | (entry & 0x7fffff);
}

/** RSQRTSS/RSQRTPS lane: this machine's table approximation of 1/√x; raises nothing. */
export function reciprocalSqrtF32(v: VectorFile, d: number, a: number): void {
  const bits = v.xmm[a]!;
  const sign = bits & 0x80000000;
  const exp = (bits >>> 23) & 0xff;
  if (exp === 0xff) {
    if (bits & 0x7fffff) v.xmm[d] = bits | 0x400000;
    else v.xmm[d] = sign ? 0xffc00000 | 0 : 0;
    return;
  }
  if (exp === 0) {
    v.xmm[d] = sign | 0x7f800000; // zero and denormals: ±inf
    return;
  }
  if (sign) {
    v.xmm[d] = 0xffc00000 | 0;
    return;
  }
  // Inputs in [1, 2) have exponent 127 (odd), [2, 4) exponent 128: the table's two halves, whose
  // exponent fields are relative to those input exponents.
  const odd = exp & 1;
  rsqrtTable ??= approxTable(rsqrtTableText());
  const entry = rsqrtTable[(odd ? 0 : 1024) + ((bits & 0x7fffff) >>> 13)]!;
  const field = odd ? ((entry >>> 23) & 0xff) - (exp - 127) / 2 : ((entry >>> 23) & 0xff) + 1 - (exp - 128) / 2;
  v.xmm[d] = (field << 23) | (entry & 0x7fffff);
}

// ---- dot products (DPPS/DPPD) ----

/**
 * DPPS: register d = dot product of registers d and b under `imm` (products of lanes selected by
 * bits 4–7, +0 elsewhere; the sum stored in lanes selected by bits 0–3, +0 elsewhere). `t` is a
 * scratch register. The hardware sums in a different operand order for each destination lane,
 * which shows in which NaN comes out: lane i adds (p1+p0 | p0+p1 for odd i) and (p3+p2 | p2+p3),
 * the low pair first in lanes 0–1 and the high pair first in lanes 2–3.
 */
export function dotProductF32(v: VectorFile, imm: number, d: number, b: number, t: number): void {
  const x = v.xmm;
  const T = 4 * t;
  const D = 4 * d;
  for (let i = 0; i < 4; i++) {
    if (imm & (0x10 << i)) arithF32(v, SseOp.Mul, T + i, D + i, 4 * b + i);
    else x[T + i] = 0;
  }
  // Pair sums in d's lanes (its inputs are used up): low even/odd order, high even/odd order.
  arithF32(v, SseOp.Add, D, T + 1, T);
  arithF32(v, SseOp.Add, D + 1, T, T + 1);
  arithF32(v, SseOp.Add, D + 2, T + 3, T + 2);
  arithF32(v, SseOp.Add, D + 3, T + 2, T + 3);
  arithF32(v, SseOp.Add, T, D, D + 2);
  arithF32(v, SseOp.Add, T + 1, D + 1, D + 3);
  arithF32(v, SseOp.Add, T + 2, D + 2, D);
  arithF32(v, SseOp.Add, T + 3, D + 3, D + 1);
  for (let i = 0; i < 4; i++) x[D + i] = imm & (1 << i) ? x[T + i]! : 0;
}

/** DPPD: as DPPS over two float64 lanes; lane i adds its own product first. */
export function dotProductF64(v: VectorFile, imm: number, d: number, b: number, t: number): void {
  const x = v.xmm;
  for (let i = 0; i < 2; i++) {
    if (imm & (0x10 << i)) arithF64(v, SseOp.Mul, 2 * t + i, 2 * d + i, 2 * b + i);
    else {
      x[4 * t + 2 * i] = 0;
      x[4 * t + 2 * i + 1] = 0;
    }
  }
  arithF64(v, SseOp.Add, 2 * d, 2 * t, 2 * t + 1);
  arithF64(v, SseOp.Add, 2 * d + 1, 2 * t + 1, 2 * t);
  for (let i = 0; i < 2; i++) {
    if ((imm & (1 << i)) === 0) {
      x[4 * d + 2 * i] = 0;
      x[4 * d + 2 * i + 1] = 0;
    }
  }
}
