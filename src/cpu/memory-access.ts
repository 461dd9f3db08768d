// Guest memory accesses of the CPU, by width. Addresses come from ./address.ts (uint32-valued).
//
// Each access checks the permission byte of its page(s) once for the whole width before touching
// anything, so an access that straddles into a forbidden page faults without a partial write —
// as the hardware does. Values travel as int32 words; 64-bit values as the low word with the high
// word in `cpu.hi` (loads) or as two arguments (stores).

import { AccessKind } from '../memory/fault.ts';
import type { Cpu } from './cpu.ts';
import { GuestFault } from './guest-fault.ts';

export function load8(cpu: Cpu, ea: number): number {
  return cpu.memory.read8(ea);
}

export function load16(cpu: Cpu, ea: number): number {
  return cpu.memory.read16(ea);
}

export function load32(cpu: Cpu, ea: number): number {
  return cpu.memory.read32(ea);
}

/** Loads 64 bits: returns the low word, leaves the high word in `cpu.hi`. */
export function load64(cpu: Cpu, ea: number): number {
  const m = cpu.memory;
  if (!m.readable(ea, 8)) m.fault(ea, 8, AccessKind.Read);
  cpu.hi = m.view.getInt32(ea + 4, true);
  return m.view.getInt32(ea, true);
}

export function store8(cpu: Cpu, ea: number, value: number): void {
  cpu.memory.write8(ea, value);
}

export function store16(cpu: Cpu, ea: number, value: number): void {
  cpu.memory.write16(ea, value);
}

export function store32(cpu: Cpu, ea: number, value: number): void {
  cpu.memory.write32(ea, value);
}

export function store64(cpu: Cpu, ea: number, lo: number, hi: number): void {
  const m = cpu.memory;
  if (!m.plainWritable(ea, 8)) m.slowWriteCheck(ea, 8);
  m.view.setInt32(ea, lo, true);
  m.view.setInt32(ea + 4, hi, true);
}

export function loadF32(cpu: Cpu, ea: number): number {
  const m = cpu.memory;
  if (!m.readable(ea, 4)) m.fault(ea, 4, AccessKind.Read);
  return m.view.getFloat32(ea, true);
}

export function loadF64(cpu: Cpu, ea: number): number {
  const m = cpu.memory;
  if (!m.readable(ea, 8)) m.fault(ea, 8, AccessKind.Read);
  return m.view.getFloat64(ea, true);
}

export function storeF32(cpu: Cpu, ea: number, value: number): void {
  const m = cpu.memory;
  if (!m.plainWritable(ea, 4)) m.slowWriteCheck(ea, 4);
  m.view.setFloat32(ea, value, true);
}

export function storeF64(cpu: Cpu, ea: number, value: number): void {
  const m = cpu.memory;
  if (!m.plainWritable(ea, 8)) m.slowWriteCheck(ea, 8);
  m.view.setFloat64(ea, value, true);
}

/** Raises #GP (SIGSEGV, SI_KERNEL) when a 16-byte SSE memory operand is not 16-byte aligned. */
export function checkAligned16(ea: number): void {
  if ((ea & 15) !== 0) throw GuestFault.generalProtection(`misaligned 16-byte access at 0x${ea.toString(16)}`);
}

/** Loads 16 bytes at `ea` into the four words at `words[offset..offset+3]`. */
export function loadWords128(cpu: Cpu, ea: number, words: Int32Array, offset: number): void {
  const m = cpu.memory;
  if (!m.readable(ea, 16)) m.fault(ea, 16, AccessKind.Read);
  const v = m.view;
  words[offset] = v.getInt32(ea, true);
  words[offset + 1] = v.getInt32(ea + 4, true);
  words[offset + 2] = v.getInt32(ea + 8, true);
  words[offset + 3] = v.getInt32(ea + 12, true);
}

/** Stores the four words at `words[offset..offset+3]` to 16 bytes at `ea`. */
export function storeWords128(cpu: Cpu, ea: number, words: Int32Array, offset: number): void {
  const m = cpu.memory;
  if (!m.plainWritable(ea, 16)) m.slowWriteCheck(ea, 16);
  const v = m.view;
  v.setInt32(ea, words[offset]!, true);
  v.setInt32(ea + 4, words[offset + 1]!, true);
  v.setInt32(ea + 8, words[offset + 2]!, true);
  v.setInt32(ea + 12, words[offset + 3]!, true);
}

/** Loads XMM register `reg` from 16 bytes at `ea`. */
export function loadXmm(cpu: Cpu, ea: number, reg: number): void {
  loadWords128(cpu, ea, cpu.xmm, reg * 4);
}

/** Stores XMM register `reg` to 16 bytes at `ea`. */
export function storeXmm(cpu: Cpu, ea: number, reg: number): void {
  storeWords128(cpu, ea, cpu.xmm, reg * 4);
}
