// String instructions: movs stos lods cmps scas, with rep / repe / repne.
//
// Each element is done in order and rSI/rDI/rCX are written back even when an element faults, so a
// fault in the middle of `rep movs` leaves the registers describing the completed part — as the
// hardware does (the kernel then restarts the instruction). Large forward `rep movs`/`rep stos`
// over accessible memory (memcpy/memset in libcs) take a bulk path: one permission check per page
// and a typed-array copy or fill.

import { PAGE_READ, PAGE_WRITE } from '../memory/address-space.ts';
import { type Instruction, RepeatPrefix, Segment } from '../x86/instruction.ts';
import { checkAddress } from './address.ts';
import { SUB } from './alu.ts';
import type { Cpu } from './cpu.ts';
import { arithmeticFlags, DF, ZF } from './flags.ts';
import { load64, store64 } from './memory-access.ts';
import type { Exec } from './registry.ts';

export const enum StringOp {
  Movs = 0,
  Stos = 1,
  Lods = 2,
  Cmps = 3,
  Scas = 4,
}

const TWO32 = 4294967296;
const RCX = 2;
const RSI = 12;
const RDI = 14;

/** Element-count threshold above which rep movs/stos use the bulk path. */
const BULK_MIN_BYTES = 64;

function readPointer(cpu: Cpu, w: number, wide: boolean): number {
  return wide ? cpu.gpr[w + 1]! * TWO32 + (cpu.gpr[w]! >>> 0) : cpu.gpr[w]! >>> 0;
}

function writePointer(cpu: Cpu, w: number, value: number, wide: boolean): void {
  if (wide) {
    cpu.gpr[w] = (value % TWO32) | 0;
    cpu.gpr[w + 1] = Math.floor(value / TWO32) | 0;
  } else {
    cpu.gpr[w] = value | 0;
    cpu.gpr[w + 1] = 0;
  }
}

export function bindStringInstruction(inst: Instruction, op: StringOp): Exec {
  const size = op === StringOp.Stos || op === StringOp.Scas ? inst.operands[1]!.size : inst.operands[0]!.size;
  const wide = inst.addressSize === 8;
  const rep = inst.rep;
  const seg = inst.segment;
  const sourceSegment = seg === Segment.FS ? 1 : seg === Segment.GS ? 2 : 0;
  return (cpu) => execute(cpu, op, size, wide, rep, sourceSegment);
}

function execute(cpu: Cpu, op: StringOp, size: number, wide: boolean, rep: RepeatPrefix, sourceSegment: number): void {
  const g = cpu.gpr;
  let count = 1;
  if (rep !== RepeatPrefix.None) {
    count = readPointer(cpu, RCX, wide);
    if (count === 0) return;
  }
  const step = (cpu.flags & DF) !== 0 ? -size : size;
  const segBase = sourceSegment === 1 ? cpu.fsBase : sourceSegment === 2 ? cpu.gsBase : 0;
  let si = readPointer(cpu, RSI, wide);
  let di = readPointer(cpu, RDI, wide);
  const usesSi = op === StringOp.Movs || op === StringOp.Lods || op === StringOp.Cmps;
  const usesDi = op !== StringOp.Lods;
  const wrap = wide ? (v: number) => v : (v: number) => v >>> 0;
  let done = 0;
  try {
    if (rep !== RepeatPrefix.None && step > 0 && count * size >= BULK_MIN_BYTES) {
      if (op === StringOp.Movs) done = bulkMove(cpu, si + segBase, di, count, size);
      else if (op === StringOp.Stos) done = bulkStore(cpu, di, count, size);
      si = wrap(si + done * size);
      di = wrap(di + done * size);
    }
    const m = cpu.memory;
    for (; done < count; ) {
      switch (op) {
        case StringOp.Movs: {
          const from = checkAddress(si + segBase);
          const to = checkAddress(di);
          if (size === 8) store64(cpu, to, load64(cpu, from), cpu.hi);
          else if (size === 4) m.write32(to, m.read32(from));
          else if (size === 2) m.write16(to, m.read16(from));
          else m.write8(to, m.read8(from));
          break;
        }
        case StringOp.Stos: {
          const to = checkAddress(di);
          if (size === 8) store64(cpu, to, g[0]!, g[1]!);
          else if (size === 4) m.write32(to, g[0]!);
          else if (size === 2) m.write16(to, g[0]! & 0xffff);
          else m.write8(to, g[0]! & 0xff);
          break;
        }
        case StringOp.Lods: {
          const from = checkAddress(si + segBase);
          if (size === 8) {
            g[0] = load64(cpu, from);
            g[1] = cpu.hi;
          } else if (size === 4) {
            g[0] = m.read32(from);
            g[1] = 0;
          } else if (size === 2) g[0] = (g[0]! & ~0xffff) | m.read16(from);
          else g[0] = (g[0]! & ~0xff) | m.read8(from);
          break;
        }
        default: {
          // cmps compares [rsi] with [rdi]; scas compares rAX with [rdi].
          const to = checkAddress(di);
          if (size === 8) {
            let aLo: number;
            let aHi: number;
            if (op === StringOp.Cmps) {
              aLo = load64(cpu, checkAddress(si + segBase));
              aHi = cpu.hi;
            } else {
              aLo = g[0]!;
              aHi = g[1]!;
            }
            const bLo = load64(cpu, to);
            SUB.op64(cpu, aLo, aHi, bLo, cpu.hi);
          } else {
            const read = (a: number) => (size === 4 ? m.read32(a) : size === 2 ? m.read16(a) : m.read8(a));
            const mask = size === 4 ? -1 : size === 2 ? 0xffff : 0xff;
            const a = op === StringOp.Cmps ? read(checkAddress(si + segBase)) : g[0]! & mask;
            const b = read(to);
            if (size === 4) SUB.op32(cpu, a, b);
            else if (size === 2) SUB.op16(cpu, a, b);
            else SUB.op8(cpu, a, b);
          }
          break;
        }
      }
      done++;
      if (usesSi) si = wrap(si + step);
      if (usesDi) di = wrap(di + step);
      if (rep === RepeatPrefix.None) break;
      if (op === StringOp.Cmps || op === StringOp.Scas) {
        const zf = (arithmeticFlags(cpu) & ZF) !== 0;
        if (rep === RepeatPrefix.Rep ? !zf : zf) break;
      }
    }
  } finally {
    if (usesSi) writePointer(cpu, RSI, si, wide);
    if (usesDi) writePointer(cpu, RDI, di, wide);
    if (rep !== RepeatPrefix.None) writePointer(cpu, RCX, count - done, wide);
  }
}

/**
 * Copies as many whole elements as possible with one typed-array copy, when the ranges are
 * accessible and a forward element-by-element copy would give the same bytes (no overlap where
 * the destination is ahead of the source). Returns the elements done (0: use the slow path).
 */
function bulkMove(cpu: Cpu, from: number, to: number, count: number, size: number): number {
  const bytes = count * size;
  if (from >>> 0 !== from || to >>> 0 !== to || from + bytes > TWO32 || to + bytes > TWO32) return 0;
  if (to > from && to < from + bytes) return 0;
  const m = cpu.memory;
  if (!m.isAccessible(from, bytes, PAGE_READ) || !m.isAccessible(to, bytes, PAGE_WRITE)) return 0;
  m.slowWriteCheck(to, bytes);
  m.bytes.copyWithin(to, from, from + bytes);
  return count;
}

function bulkStore(cpu: Cpu, to: number, count: number, size: number): number {
  const bytes = count * size;
  if (to >>> 0 !== to || to + bytes > TWO32) return 0;
  const m = cpu.memory;
  if (!m.isAccessible(to, bytes, PAGE_WRITE)) return 0;
  m.slowWriteCheck(to, bytes);
  const g = cpu.gpr;
  const lo = g[0]!;
  if (size === 1 || (size === 2 && ((lo ^ (lo >> 8)) & 0xff) === 0) || (size >= 4 && uniformBytes(lo, g[1]!, size))) {
    m.bytes.fill(lo & 0xff, to, to + bytes);
    return count;
  }
  const v = m.view;
  for (let a = to, end = to + bytes; a < end; a += size) {
    if (size === 2) v.setUint16(a, lo & 0xffff, true);
    else {
      v.setInt32(a, lo, true);
      if (size === 8) v.setInt32(a + 4, g[1]!, true);
    }
  }
  return count;
}

function uniformBytes(lo: number, hi: number, size: number): boolean {
  const b = lo & 0xff;
  const pattern = b | (b << 8) | (b << 16) | (b << 24);
  return lo === pattern && (size === 4 || hi === pattern);
}
