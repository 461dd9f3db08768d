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
 * What the exact (slow) computation of a memory operand's address needs of its instruction. The
 * bound closures keep this copy rather than the instruction: the block builder decodes into one
 * reused instruction (src/cpu/instruction-set.ts decodeAt), so a closure must not hold it.
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

/** Binds the memory operand of `inst` to a function computing its (checked) address. */
export function bindAddress(inst: Instruction): AddressFn {
  const segment = inst.segment;
  const operand = memoryOperandOf(inst);
  if (segment === Segment.FS || segment === Segment.GS) {
    const plain = bindUnsegmented(inst, operand);
    const fs = segment === Segment.FS;
    return (cpu) => {
      const a = plain(cpu) + (fs ? cpu.fsBase : cpu.gsBase);
      return a >>> 0 === a ? a : exactAddress(cpu, operand);
    };
  }
  return bindUnsegmented(inst, operand);
}

/**
 * Address before segment bases; with a segment override the result is checked by the caller, so
 * the unsegmented part returns raw values in that case.
 */
function bindUnsegmented(inst: Instruction, operand: MemoryOperand): AddressFn {
  const base = inst.memBase;
  const index = inst.memIndex;
  const scale = inst.memScale;
  const disp = inst.memDisp;
  const dispHigh = inst.memDispHigh;
  const segmented = inst.segment === Segment.FS || inst.segment === Segment.GS;

  if (inst.addressSize === 4) {
    // 0x67: the address is computed modulo 2^32, then zero-extended.
    const b2 = base === MEM_NONE || base === MEM_BASE_RIP ? -1 : base * 2;
    const i2 = index === MEM_NONE ? -1 : index * 2;
    const ripTarget = (inst.address + inst.length + disp) >>> 0;
    if (base === MEM_BASE_RIP) return () => ripTarget;
    return (cpu) => {
      const g = cpu.gpr;
      return ((b2 >= 0 ? g[b2]! : 0) + (i2 >= 0 ? g[i2]! * scale : 0) + disp) >>> 0;
    };
  }

  if (base === MEM_BASE_RIP) {
    // memDisp is the signed low half and memDispHigh its sign extension: the value is
    // (memDisp >>> 0) + memDispHigh * 2^32, so add the unsigned low half, not the signed one.
    const target = inst.address + inst.length + (disp >>> 0) + dispHigh * TWO32;
    if (segmented) return () => target;
    return target >>> 0 === target ? () => target : () => faultAt(target, operand);
  }

  if (index === MEM_NONE) {
    if (base === MEM_NONE) {
      // Absolute address (moffs, or a SIB byte without base and index).
      const target = dispHigh * TWO32 + (disp >>> 0);
      if (segmented) return () => target;
      return target >>> 0 === target ? () => target : () => faultAt(target, operand);
    }
    const lo = base * 2;
    const hi = lo + 1;
    if (segmented) return (cpu) => cpu.gpr[hi]! * TWO32 + (cpu.gpr[lo]! >>> 0) + disp;
    if (disp === 0) {
      return (cpu) => {
        const g = cpu.gpr;
        const a = g[hi]! * TWO32 + (g[lo]! >>> 0);
        return a >>> 0 === a ? a : exactAddress(cpu, operand);
      };
    }
    return (cpu) => {
      const g = cpu.gpr;
      const a = g[hi]! * TWO32 + (g[lo]! >>> 0) + disp;
      return a >>> 0 === a ? a : exactAddress(cpu, operand);
    };
  }

  const ilo = index * 2;
  const ihi = ilo + 1;
  if (base === MEM_NONE) {
    if (segmented) return (cpu) => (cpu.gpr[ihi]! * TWO32 + (cpu.gpr[ilo]! >>> 0)) * scale + disp;
    return (cpu) => {
      const g = cpu.gpr;
      const a = (g[ihi]! * TWO32 + (g[ilo]! >>> 0)) * scale + disp;
      return a >>> 0 === a ? a : exactAddress(cpu, operand);
    };
  }
  const blo = base * 2;
  const bhi = blo + 1;
  if (segmented) {
    return (cpu) => {
      const g = cpu.gpr;
      return (g[bhi]! + g[ihi]! * scale) * TWO32 + ((g[blo]! >>> 0) + (g[ilo]! >>> 0) * scale + disp);
    };
  }
  return (cpu) => {
    const g = cpu.gpr;
    const a = (g[bhi]! + g[ihi]! * scale) * TWO32 + ((g[blo]! >>> 0) + (g[ilo]! >>> 0) * scale + disp);
    return a >>> 0 === a ? a : exactAddress(cpu, operand);
  };
}

/**
 * The operand's address computed exactly modulo 2^64 from 32-bit halves: returns it when it lies
 * in the 4 GiB space (an address that wrapped), otherwise raises the fault Linux would.
 */
export function exactAddress(cpu: Cpu, inst: MemoryOperand): number {
  const g = cpu.gpr;
  let lo = inst.memDisp >>> 0;
  let hi = inst.memDispHigh;
  if (inst.memBase !== MEM_NONE && inst.memBase !== MEM_BASE_RIP) {
    lo += g[inst.memBase * 2]! >>> 0;
    hi += g[inst.memBase * 2 + 1]!;
  }
  if (inst.memIndex !== MEM_NONE) {
    lo += (g[inst.memIndex * 2]! >>> 0) * inst.memScale;
    hi += g[inst.memIndex * 2 + 1]! * inst.memScale;
  }
  if (inst.segment === Segment.FS || inst.segment === Segment.GS) {
    const segBase = inst.segment === Segment.FS ? cpu.fsBase : cpu.gsBase;
    lo += segBase % TWO32;
    hi += Math.floor(segBase / TWO32);
  }
  const carry = Math.floor(lo / TWO32);
  const hi32 = (hi + carry) | 0;
  const lo32 = lo >>> 0;
  if (hi32 === 0) return lo32;
  return faultAt((hi32 >>> 0) * TWO32 + lo32, inst, hi32);
}

/**
 * Returns `address` (a JS number computed by a handler) when it lies in the 4 GiB space, else
 * raises the fault Linux would. Exact for |address| < 2^53, which covers computed pointers.
 */
export function checkAddress(address: number): number {
  if (address >>> 0 === address) return address;
  const wrapped = address < 0 ? address + 2 ** 64 : address;
  return faultAt(wrapped, null, Math.floor(wrapped / TWO32) | 0);
}

/**
 * Raises the fault for an address outside the 4 GiB space: SEGV_MAPERR at the address when it is
 * canonical (bits 63..47 all equal), #GP (SI_KERNEL, si_addr 0) otherwise.
 */
function faultAt(address: number, inst: MemoryOperand | null, hi32?: number): never {
  const high = hi32 ?? Math.floor(address / TWO32) | 0;
  const top = high >> 15;
  if (top === 0 || top === -1) {
    throw GuestFault.segv(address < 0 ? address + 2 ** 64 : address, 1, `address 0x${hex64(address)} not mapped`);
  }
  throw GuestFault.generalProtection(`non-canonical address${inst === null ? '' : ` in ${describe(inst)}`}`);
}

function hex64(address: number): string {
  return (address < 0 ? address + 2 ** 64 : address).toString(16);
}

function describe(inst: MemoryOperand): string {
  return `the instruction at 0x${inst.address.toString(16)}`;
}
