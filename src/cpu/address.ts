// Effective addresses of memory operands, bound once per decoded instruction.
//
// Guest addresses are 64-bit but the address space is 4 GiB (src/memory/address-space.ts): an
// address must come out as a uint32-valued JS number, and anything else faults the way Linux
// reports it (a canonical address above 4 GiB is simply unmapped: SEGV_MAPERR with that address;
// a non-canonical one is a #GP: SIGSEGV with si_code SI_KERNEL and si_addr 0).
//
// Fast path: the address as a double, `hi * 2^32 + lo + disp`. Both parts are exact, and their sum
// is exact whenever it lands in [0, 2^32), so `(a >>> 0) === a` decides validity with one compare.
// When it does not (a fault, or an address that wraps modulo 2^64), `exactAddress` recomputes it
// with 32-bit halves.

import { type Instruction, MEM_BASE_RIP, MEM_NONE, Segment } from '../x86/instruction.ts';
import type { Cpu } from './cpu.ts';
import { GuestFault } from './guest-fault.ts';

const TWO32 = 4294967296;

/** Computes the address of the instruction's memory operand for the current registers. */
export type AddressFn = (cpu: Cpu) => number;

/**
 * What the exact (slow) computation of a memory operand's address needs of its instruction (the
 * code generator passes the instruction itself).
 */
export interface MemoryOperand {
  readonly memBase: number;
  readonly memIndex: number;
  readonly memScale: number;
  readonly memDisp: number;
  readonly memDispHigh: number;
  readonly segment: Segment;
  /** The instruction's address (a #GP's message names it). */
  readonly address: number;
}

// Binding runs once per decoded instruction, ~4,500 times in a static hello world, in V8's
// unoptimised code where every allocation lands on a fresh page of the young generation (issue 4).
// So each form of address has its own small factory whose closure captures exactly what it needs:
// a function whose variables any closure captures allocates a context for all of them on entry,
// whichever branch then runs. The block builder decodes into a reused instruction, so nothing here
// may keep the instruction: the slow path gets the operand's parts instead.

/** Binds the memory operand of `inst` to a function computing its (checked) address. */
export function bindAddress(inst: Instruction): AddressFn {
  const segment = inst.segment;
  if (segment === Segment.FS || segment === Segment.GS) return bindSegmented(inst, segment === Segment.FS);
  if (inst.addressSize === 4) return bindAddress32(inst);
  const base = inst.memBase;
  const index = inst.memIndex;
  const disp = inst.memDisp;
  if (base === MEM_BASE_RIP || (base === MEM_NONE && index === MEM_NONE)) {
    const target = absoluteTarget(inst);
    return inSpace(target) ? constantAddress(target) : faultingAddress(target, inst.address);
  }
  if (index === MEM_NONE)
    return disp === 0 ? baseAddress(base * 2, inst.address) : baseDispAddress(base * 2, disp, inst.address);
  if (base === MEM_NONE) return indexAddress(index * 2, inst.memScale, disp, inst.address);
  return baseIndexAddress(base * 2, index * 2, inst.memScale, disp, inst.address);
}

/**
 * The address of a memory operand that names no register (rip-relative, moffs, a SIB byte without
 * base and index) when it is valid and no segment base applies, else -1: a binder can then keep the
 * number instead of an address closure.
 */
export function fixedAddress(inst: Instruction): number {
  const segment = inst.segment;
  if (segment === Segment.FS || segment === Segment.GS || inst.addressSize === 4) return -1;
  if (inst.memBase !== MEM_BASE_RIP && (inst.memBase !== MEM_NONE || inst.memIndex !== MEM_NONE)) return -1;
  const target = absoluteTarget(inst);
  return inSpace(target) ? target : -1;
}

/** A rip-relative or absolute operand's address as an exact number (64-bit address size). */
function absoluteTarget(inst: Instruction): number {
  // memDisp is the signed low half and memDispHigh its sign extension (or a moffs's high half):
  // the value is (memDisp >>> 0) + memDispHigh * 2^32. When the high half is the sign, that is
  // memDisp itself, and the sum stays in small integers: unoptimised code boxes every
  // intermediate outside them (16 bytes each).
  const disp = inst.memDisp;
  const offset = inst.memDispHigh === disp >> 31 ? disp : (disp >>> 0) + inst.memDispHigh * TWO32;
  return inst.memBase === MEM_BASE_RIP ? inst.address + inst.length + offset : offset;
}

/** Whether an exact address lies in the 4 GiB space (compares only: no boxed intermediate). */
function inSpace(address: number): boolean {
  return address >= 0 && address < TWO32;
}

function constantAddress(target: number): AddressFn {
  return () => target;
}

function faultingAddress(target: number, at: number): AddressFn {
  return () => faultAt(target, at);
}

// The closures below run in unoptimised code too (a block runs as closures until it is hot), where
// every arithmetic result outside 32-bit small integers is a fresh 16-byte heap number: with the
// high words tested for zero first, an address below 2^31 costs none and one above (the stack)
// the sum itself, where `hi * 2^32 + lo + disp` made three or four. A register with a non-zero high
// word (a wrap-around, a fault) takes the exact path.

function baseAddress(b2: number, at: number): AddressFn {
  return (cpu) => {
    const g = cpu.gpr;
    return g[b2 + 1] === 0 ? g[b2]! >>> 0 : exactBaseDisp(cpu, b2, 0, at);
  };
}

function baseDispAddress(b2: number, disp: number, at: number): AddressFn {
  return (cpu) => {
    const g = cpu.gpr;
    const a = (g[b2]! >>> 0) + disp;
    return g[b2 + 1] === 0 && a >= 0 && a < TWO32 ? a : exactBaseDisp(cpu, b2, disp, at);
  };
}

function indexAddress(i2: number, scale: number, disp: number, at: number): AddressFn {
  return (cpu) => {
    const g = cpu.gpr;
    const a = (g[i2]! >>> 0) * scale + disp;
    if (g[i2 + 1] === 0 && a >= 0 && a < TWO32) return a;
    // A negative index (high word -1) still has a fast path.
    const wide = (g[i2 + 1]! * TWO32 + (g[i2]! >>> 0)) * scale + disp;
    return wide >>> 0 === wide ? wide : exactSum(cpu, MEM_NONE, i2 >> 1, scale, disp, disp >> 31, Segment.None, at);
  };
}

function baseIndexAddress(b2: number, i2: number, scale: number, disp: number, at: number): AddressFn {
  return (cpu) => {
    const g = cpu.gpr;
    const a = (g[b2]! >>> 0) + (g[i2]! >>> 0) * scale + disp;
    if (g[b2 + 1] === 0 && g[i2 + 1] === 0 && a >= 0 && a < TWO32) return a;
    // A negative index (high word -1) still has a fast path.
    const wide = (g[b2 + 1]! + g[i2 + 1]! * scale) * TWO32 + a;
    return wide >>> 0 === wide ? wide : exactSum(cpu, b2 >> 1, i2 >> 1, scale, disp, disp >> 31, Segment.None, at);
  };
}

/**
 * With an FS or GS override (thread-local variables): the sum before the segment base as a double
 * (exact as the fast paths above), plus the base, checked.
 */
function bindSegmented(inst: Instruction, fs: boolean): AddressFn {
  const base = inst.memBase;
  const index = inst.memIndex;
  if (inst.addressSize === 4) return segmentedWrapped(bindAddress32(inst), fs, inst);
  if (base === MEM_BASE_RIP || (base === MEM_NONE && index === MEM_NONE)) {
    return segmentedFixed(absoluteTarget(inst), fs, base, inst.memDisp, inst.memDispHigh, inst.address);
  }
  const b2 = base === MEM_NONE ? -1 : base * 2;
  const i2 = index === MEM_NONE ? -1 : index * 2;
  return segmentedRegisters(b2, i2, inst.memScale, inst.memDisp, fs, inst.address);
}

/** 0x67 with a segment: the wrapped 32-bit sum plus the base (rare: one general closure). */
function segmentedWrapped(unsegmented: AddressFn, fs: boolean, inst: Instruction): AddressFn {
  const parts = memoryOperandOf(inst);
  return (cpu) => {
    const a = unsegmented(cpu) + (fs ? cpu.fsBase : cpu.gsBase);
    return a >>> 0 === a ? a : exactAddress(cpu, parts);
  };
}

function segmentedFixed(
  target: number,
  fs: boolean,
  base: number,
  disp: number,
  dispHigh: number,
  at: number,
): AddressFn {
  return (cpu) => {
    const a = target + (fs ? cpu.fsBase : cpu.gsBase);
    return a >>> 0 === a ? a : exactSum(cpu, base, MEM_NONE, 1, disp, dispHigh, fs ? Segment.FS : Segment.GS, at);
  };
}

function segmentedRegisters(b2: number, i2: number, scale: number, disp: number, fs: boolean, at: number): AddressFn {
  return (cpu) => {
    const g = cpu.gpr;
    let hi = 0;
    let lo = disp;
    if (b2 >= 0) {
      hi = g[b2 + 1]!;
      lo += g[b2]! >>> 0;
    }
    if (i2 >= 0) {
      hi += g[i2 + 1]! * scale;
      lo += (g[i2]! >>> 0) * scale;
    }
    const a = hi * TWO32 + lo + (fs ? cpu.fsBase : cpu.gsBase);
    if (a >>> 0 === a) return a;
    const segment = fs ? Segment.FS : Segment.GS;
    return exactSum(
      cpu,
      b2 < 0 ? MEM_NONE : b2 >> 1,
      i2 < 0 ? MEM_NONE : i2 >> 1,
      scale,
      disp,
      disp >> 31,
      segment,
      at,
    );
  };
}

/** A copy of the operand's parts for the slow path of the rare forms that keep one. */
function memoryOperandOf(inst: Instruction): MemoryOperand {
  return {
    memBase: inst.memBase,
    memIndex: inst.memIndex,
    memScale: inst.memScale,
    memDisp: inst.memDisp,
    memDispHigh: inst.memDispHigh,
    segment: inst.segment,
    address: inst.address,
  };
}

/** 0x67: the address is computed modulo 2^32, then zero-extended (never faults by itself). */
function bindAddress32(inst: Instruction): AddressFn {
  const base = inst.memBase;
  const index = inst.memIndex;
  const disp = inst.memDisp;
  if (base === MEM_BASE_RIP) return constantAddress((inst.address + inst.length + disp) >>> 0);
  const b2 = base === MEM_NONE ? -1 : base * 2;
  const i2 = index === MEM_NONE ? -1 : index * 2;
  const scale = inst.memScale;
  return (cpu) => {
    const g = cpu.gpr;
    return ((b2 >= 0 ? g[b2]! : 0) + (i2 >= 0 ? g[i2]! * scale : 0) + disp) >>> 0;
  };
}

/** The slow path of a base + displacement address (`b2` the base's word index), for fused binders. */
export function exactBaseDisp(cpu: Cpu, b2: number, disp: number, at: number): number {
  return exactSum(cpu, b2 >> 1, MEM_NONE, 1, disp, disp >> 31, Segment.None, at);
}

/**
 * The operand's address computed exactly modulo 2^64 from 32-bit halves: returns it when it lies
 * in the 4 GiB space (an address that wrapped), otherwise raises the fault Linux would.
 */
export function exactAddress(cpu: Cpu, inst: MemoryOperand): number {
  return exactSum(
    cpu,
    inst.memBase,
    inst.memIndex,
    inst.memScale,
    inst.memDisp,
    inst.memDispHigh,
    inst.segment,
    inst.address,
  );
}

/** `exactAddress` of an operand given by its parts (`at`: the instruction's address, for messages). */
function exactSum(
  cpu: Cpu,
  base: number,
  index: number,
  scale: number,
  disp: number,
  dispHigh: number,
  segment: Segment,
  at: number,
): number {
  const g = cpu.gpr;
  let lo = disp >>> 0;
  let hi = dispHigh;
  if (base !== MEM_NONE && base !== MEM_BASE_RIP) {
    lo += g[base * 2]! >>> 0;
    hi += g[base * 2 + 1]!;
  }
  if (index !== MEM_NONE) {
    lo += (g[index * 2]! >>> 0) * scale;
    hi += g[index * 2 + 1]! * scale;
  }
  if (segment === Segment.FS || segment === Segment.GS) {
    const segBase = segment === Segment.FS ? cpu.fsBase : cpu.gsBase;
    lo += segBase % TWO32;
    hi += Math.floor(segBase / TWO32);
  }
  const carry = Math.floor(lo / TWO32);
  const hi32 = (hi + carry) | 0;
  const lo32 = lo >>> 0;
  if (hi32 === 0) return lo32;
  return faultAt((hi32 >>> 0) * TWO32 + lo32, at, hi32);
}

/**
 * Returns `address` (a JS number computed by a handler) when it lies in the 4 GiB space, else
 * raises the fault Linux would. Exact for |address| < 2^53, which covers computed pointers.
 */
export function checkAddress(address: number): number {
  if (address >>> 0 === address) return address;
  const wrapped = address < 0 ? address + 2 ** 64 : address;
  return faultAt(wrapped, -1, Math.floor(wrapped / TWO32) | 0);
}

/**
 * Raises the fault for an address outside the 4 GiB space: SEGV_MAPERR at the address when it is
 * canonical (bits 63..47 all equal), #GP (SI_KERNEL, si_addr 0) otherwise.
 */
function faultAt(address: number, at: number, hi32?: number): never {
  const high = hi32 ?? Math.floor(address / TWO32) | 0;
  const top = high >> 15;
  if (top === 0 || top === -1) {
    throw GuestFault.segv(address < 0 ? address + 2 ** 64 : address, 1, `address 0x${hex64(address)} not mapped`);
  }
  throw GuestFault.generalProtection(
    `non-canonical address${at < 0 ? '' : ` in the instruction at 0x${at.toString(16)}`}`,
  );
}

function hex64(address: number): string {
  return (address < 0 ? address + 2 ** 64 : address).toString(16);
}

/**
 * Whether the operand is a base register plus a displacement (or none), with no index, no segment
 * base and 64-bit addressing: the commonest form, which binders may fuse with their access using
 * `exactBaseDisp` for the slow path.
 */
export function isBaseDisplacement(inst: Instruction): boolean {
  const segment = inst.segment;
  return (
    inst.memIndex === MEM_NONE &&
    inst.memBase !== MEM_NONE &&
    inst.memBase !== MEM_BASE_RIP &&
    inst.addressSize === 8 &&
    segment !== Segment.FS &&
    segment !== Segment.GS
  );
}
