// Bit instructions: bt bts btr btc, bsf bsr, tzcnt lzcnt popcnt.
// Undefined flags as this machine's CPU sets them (tests/cpu-vectors).

import { type Instruction, OperandKind } from '../x86/instruction.ts';
import { bindAddress, checkAddress } from './address.ts';
import type { Cpu } from './cpu.ts';
import { CF, materializeFlags, PF, parity, setArithmeticFlags, ZF } from './flags.ts';
import { bindReader, bindReader64, isRegister } from './operands.ts';
import type { Exec } from './registry.ts';

export const enum BitOp {
  Test = 0,
  Set = 1,
  Reset = 2,
  Complement = 3,
}

function applyBit(word: number, bit: number, op: BitOp): number {
  const m = 1 << bit;
  return op === BitOp.Set ? word | m : op === BitOp.Reset ? word & ~m : op === BitOp.Complement ? word ^ m : word;
}

function setCarry(cpu: Cpu, carry: number): void {
  const f = materializeFlags(cpu);
  setArithmeticFlags(cpu, (f & ~CF & 0x8d5) | carry);
}

/** bt/bts/btr/btc with a register or immediate bit offset, on a register or a memory bit string. */
export function bindBitTest(inst: Instruction, op: BitOp): Exec {
  const dst = inst.operands[0]!;
  const src = inst.operands[1]!;
  const size = dst.size;
  const bits = size * 8;
  const immediateOffset = src.kind !== OperandKind.Register;
  if (isRegister(dst)) {
    const d = dst.reg * 2;
    const readOffset = bindReader(inst, 1, 4);
    return (cpu) => {
      const offset = readOffset(cpu) & (bits - 1);
      const g = cpu.gpr;
      const w = offset >= 32 ? d + 1 : d;
      const bit = offset & 31;
      const word = size === 2 ? g[d]! & 0xffff : g[w]!;
      setCarry(cpu, (word >>> bit) & 1);
      if (op !== BitOp.Test) {
        if (size === 2) g[d] = (g[d]! & ~0xffff) | (applyBit(word, bit, op) & 0xffff);
        else g[w] = applyBit(g[w]!, bit, op);
        if (size === 4) g[d + 1] = 0;
      }
    };
  }
  const address = bindAddress(inst);
  const readOffset64 = immediateOffset ? null : bindReader64(inst, 1);
  const immediateBit = immediateOffset ? inst.imm & (bits - 1) : 0;
  return (cpu) => {
    // A register offset is signed and may reach outside the operand: address the byte holding it.
    let offset = immediateBit;
    if (readOffset64 !== null) {
      const lo = readOffset64(cpu);
      offset = size === 2 ? (lo << 16) >> 16 : size === 4 ? lo : cpu.hi * 4294967296 + (lo >>> 0);
    }
    const byteIndex = Math.floor(offset / 8);
    const bit = offset - byteIndex * 8;
    const ea = checkAddress(address(cpu) + byteIndex);
    const m = cpu.memory;
    const byte = m.read8(ea);
    if (op !== BitOp.Test) m.write8(ea, applyBit(byte, bit, op));
    setCarry(cpu, (byte >>> bit) & 1);
  };
}

export function trailingZeros32(v: number): number {
  return v === 0 ? 32 : 31 - Math.clz32(v & -v);
}

export function popCount32(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

export const enum ScanOp {
  Bsf = 0,
  Bsr = 1,
  Tzcnt = 2,
  Lzcnt = 3,
  Popcnt = 4,
}

/** bsf/bsr/tzcnt/lzcnt/popcnt: a count of operand 1 into register operand 0. */
export function bindBitScan(inst: Instruction, op: ScanOp): Exec {
  const dst = inst.operands[0]!;
  const size = dst.size;
  const bits = size * 8;
  const d = dst.reg * 2;
  const read64 = bindReader64(inst, 1);
  const read = bindReader(inst, 1, size === 8 ? 4 : size);
  return (cpu) => {
    let lo: number;
    let hi = 0;
    if (size === 8) {
      lo = read64(cpu);
      hi = cpu.hi;
    } else {
      lo = read(cpu);
    }
    const zero = (lo | hi) === 0;
    let result: number;
    switch (op) {
      case ScanOp.Bsf:
      case ScanOp.Bsr: {
        if (zero) {
          // Source 0: destination unchanged; this CPU sets ZF and PF and clears the rest.
          setArithmeticFlags(cpu, ZF | PF);
          return;
        }
        if (op === ScanOp.Bsf) result = lo !== 0 ? trailingZeros32(lo) : 32 + trailingZeros32(hi);
        else result = hi !== 0 ? 63 - Math.clz32(hi) : 31 - Math.clz32(lo);
        // The "undefined" flags: PF of the index, the others clear (recorded on this CPU).
        setArithmeticFlags(cpu, parity(result));
        break;
      }
      case ScanOp.Tzcnt:
        result = zero ? bits : lo !== 0 ? trailingZeros32(lo) : 32 + trailingZeros32(hi);
        setArithmeticFlags(cpu, (zero ? CF : 0) | (result === 0 ? ZF : 0));
        break;
      case ScanOp.Lzcnt:
        result = size === 8 ? (hi !== 0 ? Math.clz32(hi) : 32 + Math.clz32(lo)) : Math.clz32(lo) - (32 - bits);
        setArithmeticFlags(cpu, (zero ? CF : 0) | (result === 0 ? ZF : 0));
        break;
      default:
        result = popCount32(lo) + popCount32(hi);
        setArithmeticFlags(cpu, zero ? ZF : 0);
        break;
    }
    const g = cpu.gpr;
    if (size === 2) g[d] = (g[d]! & ~0xffff) | result;
    else {
      g[d] = result;
      g[d + 1] = 0;
    }
  };
}
