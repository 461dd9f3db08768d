// Lazy arithmetic flags.
//
// Most instructions set CF/PF/AF/ZF/SF/OF and most of those flags are never read: the next
// flag-writing instruction overwrites them. So the hot arithmetic instructions (add, adc, sub,
// sbb, cmp, neg, and/or/xor/test, inc, dec) only record WHAT happened — an operation kind with its
// operand size (`LazyOp`), the two operands and the result — and a flag is computed when read.
// Conditions (jcc/setcc/cmovcc) are evaluated straight from that record: after `cmp a, b`, `jl`
// is just `a < b`.
//
// Other flag writers (shifts, rotates, multiplies, bit scans, …) compute their flags at once and
// store them with `setArithmeticFlags`, which sets `lazyOp` to `LazyOp.None`.
//
// State, on the Cpu (fields rather than a typed array: V8 keeps them as unboxed small integers):
//   lazyOp                      LazyOp (kind * 4 + size index), LazyOp.None when `flags` is exact
//   lazyA/lazyAHi, lazyB/lazyBHi, lazyR/lazyRHi   operands and result; 8/16-bit values are kept
//                               zero-extended in the low word, 32-bit as int32, 64-bit as int32 halves
//   flags                       RFLAGS; its arithmetic bits are valid only when lazyOp is None,
//                               except CF, which INC/DEC keep there (they leave CF unchanged).

import type { Cpu } from './cpu.ts';
import { multiplySigned64, product } from './multiply.ts';

export const CF = 0x1;
export const PF = 0x4;
export const AF = 0x10;
export const ZF = 0x40;
export const SF = 0x80;
export const TF = 0x100;
export const IF = 0x200;
export const DF = 0x400;
export const OF = 0x800;
export const AC = 0x40000;
export const ID = 0x200000;
/** The six status flags that arithmetic writes. */
export const ARITH_FLAGS = CF | PF | AF | ZF | SF | OF;
/** RFLAGS bits user code can change with popf (IF and IOPL are the kernel's). */
export const USER_FLAGS = ARITH_FLAGS | TF | DF | AC | ID;
/** RFLAGS of a new process: IF and the always-one bit 1. */
export const INITIAL_RFLAGS = 0x202;

/** Operation kinds of the lazy record; the LazyOp value is kind * 4 + size index (0:8 1:16 2:32 3:64). */
export const enum LazyKind {
  None = 0,
  Add = 1,
  Adc = 2,
  Sub = 3,
  Sbb = 4,
  Logic = 5,
  Inc = 6,
  Dec = 7,
  /** Truncating multiply (imul r64, r/m64 [, imm]): CF=OF when the full product does not fit. */
  Mul = 8,
}

export const enum LazyOp {
  None = 0,
  Add8 = 4,
  Add16 = 5,
  Add32 = 6,
  Add64 = 7,
  Adc8 = 8,
  Adc16 = 9,
  Adc32 = 10,
  Adc64 = 11,
  Sub8 = 12,
  Sub16 = 13,
  Sub32 = 14,
  Sub64 = 15,
  Sbb8 = 16,
  Sbb16 = 17,
  Sbb32 = 18,
  Sbb64 = 19,
  Logic8 = 20,
  Logic16 = 21,
  Logic32 = 22,
  Logic64 = 23,
  Inc8 = 24,
  Inc16 = 25,
  Inc32 = 26,
  Inc64 = 27,
  Dec8 = 28,
  Dec16 = 29,
  Dec32 = 30,
  Dec64 = 31,
  Mul64 = 35,
}

/** Size index (0:8 1:16 2:32 3:64 bits) of an operand size in bytes. */
export function sizeIndex(size: number): number {
  return size === 8 ? 3 : size === 4 ? 2 : size === 2 ? 1 : 0;
}

/** PF of a result: set when its low byte has an even number of one bits. */
export function parity(value: number): number {
  const v = value ^ (value >>> 4);
  return ((0x9669 >>> (v & 0xf)) & 1) * PF;
}

/** ZF, SF and PF of a result of `bits` width (8, 16, 32) given zero-extended or int32. */
export function szpFlags(result: number, bits: number): number {
  const top = (result >>> (bits - 1)) & 1;
  const masked = bits === 32 ? result : result & ((1 << bits) - 1);
  return (masked === 0 ? ZF : 0) | (top ? SF : 0) | parity(result);
}

/** ZF, SF and PF of a 64-bit result. */
export function szpFlags64(lo: number, hi: number): number {
  return ((lo | hi) === 0 ? ZF : 0) | (hi < 0 ? SF : 0) | parity(lo);
}

/** Replaces the six status flags with `bits` (eager flag writers). */
export function setArithmeticFlags(cpu: Cpu, bits: number): void {
  cpu.flags = (cpu.flags & ~ARITH_FLAGS) | bits;
  cpu.lazyOp = LazyOp.None;
}

/**
 * The six status flags as bits, computed from the lazy record. For 8/16-bit operations the values
 * are shifted so that the operation's sign bit is bit 31, then the 32-bit formulas apply.
 */
export function arithmeticFlags(cpu: Cpu): number {
  const op = cpu.lazyOp;
  if (op === LazyOp.None) return cpu.flags & ARITH_FLAGS;
  const kind = op >> 2;
  const wide = (op & 3) === 3;
  const shift = wide ? 0 : 32 - (8 << (op & 3));
  // Sign-position words: the high halves for 64-bit operations.
  const a = wide ? cpu.lazyAHi : cpu.lazyA << shift;
  const b = wide ? cpu.lazyBHi : cpu.lazyB << shift;
  const r = wide ? cpu.lazyRHi : cpu.lazyR << shift;
  const low = cpu.lazyR;
  let bits = ((wide ? low | r : r) === 0 ? ZF : 0) | (r < 0 ? SF : 0) | parity(low);
  switch (kind) {
    case LazyKind.Add:
    case LazyKind.Adc:
      bits |= (((a & b) | ((a | b) & ~r)) >>> 31) * CF;
      bits |= (((a ^ r) & (b ^ r)) >>> 31) * OF;
      bits |= (cpu.lazyA ^ cpu.lazyB ^ low) & AF;
      break;
    case LazyKind.Sub:
    case LazyKind.Sbb:
      bits |= (((~a & b) | (~(a ^ b) & r)) >>> 31) * CF;
      bits |= (((a ^ b) & (a ^ r)) >>> 31) * OF;
      bits |= (cpu.lazyA ^ cpu.lazyB ^ low) & AF;
      break;
    case LazyKind.Logic:
      break;
    case LazyKind.Inc:
      bits |= cpu.flags & CF;
      bits |= ((~a & r) >>> 31) * OF;
      bits |= (cpu.lazyA ^ 1 ^ low) & AF;
      break;
    case LazyKind.Dec:
      bits |= cpu.flags & CF;
      bits |= ((a & ~r) >>> 31) * OF;
      bits |= (cpu.lazyA ^ 1 ^ low) & AF;
      break;
    case LazyKind.Mul: {
      // This CPU leaves ZF clear after a multiply; SF and PF follow the (low) result.
      bits &= ~ZF;
      multiplySigned64(cpu.lazyA, cpu.lazyAHi, cpu.lazyB, cpu.lazyBHi);
      const sign = product[1]! >> 31;
      if (product[2] !== sign || product[3] !== sign) bits |= CF | OF;
      break;
    }
  }
  return bits;
}

/** RFLAGS with the status flags materialised. */
export function readRflags(cpu: Cpu): number {
  return (cpu.flags & ~ARITH_FLAGS) | arithmeticFlags(cpu);
}

/** Sets RFLAGS (all bits given; callers mask what the guest may change). */
export function writeRflags(cpu: Cpu, value: number): void {
  cpu.flags = value | 2;
  cpu.lazyOp = LazyOp.None;
}

/** Materialises the lazy record into `flags` (before an instruction changes only some flags). */
export function materializeFlags(cpu: Cpu): number {
  const f = readRflags(cpu);
  cpu.flags = f;
  cpu.lazyOp = LazyOp.None;
  return f;
}

// ---- single flags, fast paths for the common record kinds ----

/** CF as 0 or 1. */
export function carryFlag(cpu: Cpu): number {
  switch (cpu.lazyOp) {
    case LazyOp.None:
    case LazyOp.Inc8:
    case LazyOp.Inc16:
    case LazyOp.Inc32:
    case LazyOp.Inc64:
    case LazyOp.Dec8:
    case LazyOp.Dec16:
    case LazyOp.Dec32:
    case LazyOp.Dec64:
      return cpu.flags & CF;
    case LazyOp.Logic8:
    case LazyOp.Logic16:
    case LazyOp.Logic32:
    case LazyOp.Logic64:
      return 0;
    case LazyOp.Sub8:
    case LazyOp.Sub16:
      return cpu.lazyA < cpu.lazyB ? 1 : 0;
    case LazyOp.Sub32:
      return cpu.lazyA >>> 0 < cpu.lazyB >>> 0 ? 1 : 0;
    case LazyOp.Add32:
      return cpu.lazyR >>> 0 < cpu.lazyA >>> 0 ? 1 : 0;
    default:
      return arithmeticFlags(cpu) & CF;
  }
}

function zeroFlag(cpu: Cpu): boolean {
  const op = cpu.lazyOp;
  if (op === LazyOp.None) return (cpu.flags & ZF) !== 0;
  if (op === LazyOp.Mul64) return false;
  return ((op & 3) === 3 ? cpu.lazyR | cpu.lazyRHi : cpu.lazyR) === 0;
}

function signFlag(cpu: Cpu): boolean {
  const op = cpu.lazyOp;
  if (op === LazyOp.None) return (cpu.flags & SF) !== 0;
  switch (op & 3) {
    case 0:
      return (cpu.lazyR & 0x80) !== 0;
    case 1:
      return (cpu.lazyR & 0x8000) !== 0;
    case 2:
      return cpu.lazyR < 0;
    default:
      return cpu.lazyRHi < 0;
  }
}

/** Signed "less": SF != OF. */
function lessFlag(cpu: Cpu): boolean {
  switch (cpu.lazyOp) {
    case LazyOp.Sub8:
      return cpu.lazyA << 24 < cpu.lazyB << 24;
    case LazyOp.Sub16:
      return cpu.lazyA << 16 < cpu.lazyB << 16;
    case LazyOp.Sub32:
      return cpu.lazyA < cpu.lazyB;
    case LazyOp.Sub64:
      return cpu.lazyAHi !== cpu.lazyBHi ? cpu.lazyAHi < cpu.lazyBHi : cpu.lazyA >>> 0 < cpu.lazyB >>> 0;
    case LazyOp.Logic8:
    case LazyOp.Logic16:
    case LazyOp.Logic32:
    case LazyOp.Logic64:
      return signFlag(cpu);
    default: {
      const f = arithmeticFlags(cpu);
      return ((f & SF) !== 0) !== ((f & OF) !== 0);
    }
  }
}

/** Unsigned "below or equal": CF or ZF. */
function belowOrEqualFlag(cpu: Cpu): boolean {
  switch (cpu.lazyOp) {
    case LazyOp.Sub8:
    case LazyOp.Sub16:
      return cpu.lazyA <= cpu.lazyB;
    case LazyOp.Sub32:
      return cpu.lazyA >>> 0 <= cpu.lazyB >>> 0;
    case LazyOp.Sub64:
      return cpu.lazyAHi !== cpu.lazyBHi ? cpu.lazyAHi >>> 0 < cpu.lazyBHi >>> 0 : cpu.lazyA >>> 0 <= cpu.lazyB >>> 0;
    default:
      return carryFlag(cpu) !== 0 || zeroFlag(cpu);
  }
}

/** Signed "less or equal": ZF or SF != OF. */
function lessOrEqualFlag(cpu: Cpu): boolean {
  switch (cpu.lazyOp) {
    case LazyOp.Sub8:
      return cpu.lazyA << 24 <= cpu.lazyB << 24;
    case LazyOp.Sub16:
      return cpu.lazyA << 16 <= cpu.lazyB << 16;
    case LazyOp.Sub32:
      return cpu.lazyA <= cpu.lazyB;
    case LazyOp.Sub64:
      return cpu.lazyAHi !== cpu.lazyBHi ? cpu.lazyAHi < cpu.lazyBHi : cpu.lazyA >>> 0 <= cpu.lazyB >>> 0;
    default:
      return zeroFlag(cpu) || lessFlag(cpu);
  }
}

/**
 * Evaluates condition code `cc` (0–15, the low nibble of jcc/setcc/cmovcc opcodes:
 * o no b ae e ne be a s ns p np l ge le g).
 */
export function testCondition(cpu: Cpu, cc: number): boolean {
  switch (cc) {
    case 0:
      return (arithmeticFlags(cpu) & OF) !== 0;
    case 1:
      return (arithmeticFlags(cpu) & OF) === 0;
    case 2:
      return carryFlag(cpu) !== 0;
    case 3:
      return carryFlag(cpu) === 0;
    case 4:
      return zeroFlag(cpu);
    case 5:
      return !zeroFlag(cpu);
    case 6:
      return belowOrEqualFlag(cpu);
    case 7:
      return !belowOrEqualFlag(cpu);
    case 8:
      return signFlag(cpu);
    case 9:
      return !signFlag(cpu);
    case 10:
      return (arithmeticFlags(cpu) & PF) !== 0;
    case 11:
      return (arithmeticFlags(cpu) & PF) === 0;
    case 12:
      return lessFlag(cpu);
    case 13:
      return !lessFlag(cpu);
    case 14:
      return lessOrEqualFlag(cpu);
    default:
      return !lessOrEqualFlag(cpu);
  }
}

/**
 * One predicate function per condition code, so a jcc/setcc/cmovcc handler can be bound to its
 * condition once (a monomorphic call instead of a switch on every execution).
 */
export const CONDITIONS: readonly ((cpu: Cpu) => boolean)[] = [
  (cpu) => (arithmeticFlags(cpu) & OF) !== 0,
  (cpu) => (arithmeticFlags(cpu) & OF) === 0,
  (cpu) => carryFlag(cpu) !== 0,
  (cpu) => carryFlag(cpu) === 0,
  zeroFlag,
  (cpu) => !zeroFlag(cpu),
  belowOrEqualFlag,
  (cpu) => !belowOrEqualFlag(cpu),
  signFlag,
  (cpu) => !signFlag(cpu),
  (cpu) => (arithmeticFlags(cpu) & PF) !== 0,
  (cpu) => (arithmeticFlags(cpu) & PF) === 0,
  lessFlag,
  (cpu) => !lessFlag(cpu),
  lessOrEqualFlag,
  (cpu) => !lessOrEqualFlag(cpu),
];
