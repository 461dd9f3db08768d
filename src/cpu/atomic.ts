// Atomic read-modify-write instructions: cmpxchg, cmpxchg8b, cmpxchg16b, xadd.
//
// Miros runs guest threads in instruction-counted slices on one host thread, so one instruction is
// atomic by construction; LOCK needs no extra work. The memory forms always write their
// destination (as the hardware's locked write cycle does), so a read-only page faults either way.

import type { Instruction } from '../x86/instruction.ts';
import { bindAddress } from './address.ts';
import { ADD, SUB } from './alu.ts';
import type { Cpu } from './cpu.ts';
import { materializeFlags, setArithmeticFlags, ZF } from './flags.ts';
import { checkAligned16, load64, store64 } from './memory-access.ts';
import { isMemory, registerWriter } from './operands.ts';
import type { Exec } from './registry.ts';

/** cmpxchg dst, src: if rAX == dst { dst = src } else { rAX = dst }; flags of cmp rAX, dst. */
export function bindCmpxchg(inst: Instruction): Exec {
  const dst = inst.operands[0]!;
  const src = inst.operands[1]!;
  const size = dst.size;
  const s = src.reg * 2;
  const memory = isMemory(dst);
  const address = memory ? bindAddress(inst) : null;
  const d = dst.reg * 2;
  if (size === 8) {
    return (cpu) => {
      const g = cpu.gpr;
      let ea = 0;
      let lo: number;
      let hi: number;
      if (address !== null) {
        ea = address(cpu);
        lo = load64(cpu, ea);
        hi = cpu.hi;
      } else {
        lo = g[d]!;
        hi = g[d + 1]!;
      }
      const aLo = g[0]!;
      const aHi = g[1]!;
      const equal = aLo === lo && aHi === hi;
      if (address !== null) {
        if (equal) store64(cpu, ea, g[s]!, g[s + 1]!);
        else store64(cpu, ea, lo, hi);
      } else if (equal) {
        g[d] = g[s]!;
        g[d + 1] = g[s + 1]!;
      }
      SUB.op64(cpu, aLo, aHi, lo, hi);
      if (!equal) {
        g[0] = lo;
        g[1] = hi;
      }
    };
  }
  const mask = size === 1 ? 0xff : size === 2 ? 0xffff : -1;
  const op = size === 1 ? SUB.op8 : size === 2 ? SUB.op16 : SUB.op32;
  const writeDst = memory ? null : registerWriter(dst, size);
  const writeAcc = registerWriter({ ...dst, reg: 0, regClass: 0 }, size);
  const readSrc = size === 1 ? byteReader(src) : (cpu: Cpu) => cpu.gpr[s]! & mask;
  const readDst = memory ? null : size === 1 ? byteReader(dst) : (cpu: Cpu) => cpu.gpr[d]! & mask;
  return (cpu) => {
    const m = cpu.memory;
    let ea = 0;
    let value: number;
    if (address !== null) {
      ea = address(cpu);
      value = size === 1 ? m.read8(ea) : size === 2 ? m.read16(ea) : m.read32(ea);
    } else {
      value = readDst!(cpu);
    }
    const acc = cpu.gpr[0]! & mask;
    const equal = acc === (value & mask);
    const result = equal ? readSrc(cpu) : value;
    if (address !== null) {
      if (size === 1) m.write8(ea, result);
      else if (size === 2) m.write16(ea, result);
      else m.write32(ea, result);
    } else if (equal) {
      writeDst!(cpu, result);
    }
    op(cpu, acc, value & mask);
    if (!equal) writeAcc(cpu, value);
  };
}

function byteReader(op: { regClass: number; reg: number }): (cpu: Cpu) => number {
  const w = op.reg * 2;
  return op.regClass === 1 ? (cpu) => (cpu.gpr[w]! >> 8) & 0xff : (cpu) => cpu.gpr[w]! & 0xff;
}

/** cmpxchg8b m64 / cmpxchg16b m128: compare rDX:rAX with memory, store rCX:rBX if equal. */
export function bindCmpxchgDouble(inst: Instruction, wide: boolean): Exec {
  const address = bindAddress(inst);
  if (!wide) {
    return (cpu) => {
      const ea = address(cpu);
      const lo = load64(cpu, ea);
      const hi = cpu.hi;
      const g = cpu.gpr;
      const equal = lo === g[0] && hi === g[4];
      if (equal) store64(cpu, ea, g[6]!, g[2]!);
      else store64(cpu, ea, lo, hi);
      const f = materializeFlags(cpu);
      setArithmeticFlags(cpu, (f & 0x8d5 & ~ZF) | (equal ? ZF : 0));
      if (!equal) {
        g[0] = lo;
        g[1] = 0;
        g[4] = hi;
        g[5] = 0;
      }
    };
  }
  return (cpu) => {
    const ea = address(cpu);
    checkAligned16(ea);
    const w0 = load64(cpu, ea);
    const w1 = cpu.hi;
    const w2 = load64(cpu, ea + 8);
    const w3 = cpu.hi;
    const g = cpu.gpr;
    const equal = w0 === g[0] && w1 === g[1] && w2 === g[4] && w3 === g[5];
    if (equal) {
      store64(cpu, ea, g[6]!, g[7]!);
      store64(cpu, ea + 8, g[2]!, g[3]!);
    } else {
      store64(cpu, ea, w0, w1);
    }
    const f = materializeFlags(cpu);
    setArithmeticFlags(cpu, (f & 0x8d5 & ~ZF) | (equal ? ZF : 0));
    if (!equal) {
      g[0] = w0;
      g[1] = w1;
      g[4] = w2;
      g[5] = w3;
    }
  };
}

/** xadd dst, src: dst = dst + src, src = old dst; flags of the add. */
export function bindXadd(inst: Instruction): Exec {
  const dst = inst.operands[0]!;
  const src = inst.operands[1]!;
  const size = dst.size;
  const s = src.reg * 2;
  const address = isMemory(dst) ? bindAddress(inst) : null;
  const d = dst.reg * 2;
  if (size === 8) {
    return (cpu) => {
      const g = cpu.gpr;
      let ea = 0;
      let lo: number;
      let hi: number;
      if (address !== null) {
        ea = address(cpu);
        lo = load64(cpu, ea);
        hi = cpu.hi;
      } else {
        lo = g[d]!;
        hi = g[d + 1]!;
      }
      const sum = ADD.op64(cpu, lo, hi, g[s]!, g[s + 1]!);
      const sumHi = cpu.hi;
      if (address !== null) store64(cpu, ea, sum, sumHi);
      g[s] = lo;
      g[s + 1] = hi;
      if (address === null) {
        g[d] = sum;
        g[d + 1] = sumHi;
      }
    };
  }
  const mask = size === 1 ? 0xff : size === 2 ? 0xffff : -1;
  const op = size === 1 ? ADD.op8 : size === 2 ? ADD.op16 : ADD.op32;
  const readSrc = size === 1 ? byteReader(src) : (cpu: Cpu) => cpu.gpr[s]! & mask;
  const readDst = size === 1 ? byteReader(dst) : (cpu: Cpu) => cpu.gpr[d]! & mask;
  const writeSrc = registerWriter(src, size);
  const writeDst = address === null ? registerWriter(dst, size) : null;
  return (cpu) => {
    const m = cpu.memory;
    let ea = 0;
    let value: number;
    if (address !== null) {
      ea = address(cpu);
      value = size === 1 ? m.read8(ea) : size === 2 ? m.read16(ea) : m.read32(ea);
    } else {
      value = readDst(cpu);
    }
    const sum = op(cpu, value, readSrc(cpu));
    if (address !== null) {
      if (size === 1) m.write8(ea, sum);
      else if (size === 2) m.write16(ea, sum);
      else m.write32(ea, sum);
      writeSrc(cpu, value);
    } else {
      writeSrc(cpu, value);
      writeDst!(cpu, sum);
    }
  };
}
