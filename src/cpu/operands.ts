// Operand access bound once per instruction: closures that read or write one operand of a given
// width. Values of 8/16-bit operands are zero-extended numbers, 32-bit ones int32, 64-bit ones the
// low word with the high word in `cpu.hi`.
//
// Register writes follow x86-64: an 8/16-bit write keeps the rest of the register, a 32-bit write
// zeroes the high half, a 64-bit write sets both.
//
// Hot instruction forms (32/64-bit register/immediate/memory) are specialised in their families;
// these generic closures serve the less frequent forms.

import { type Instruction, type Operand, OperandKind, RegisterClass } from '../x86/instruction.ts';
import { bindAddress } from './address.ts';
import type { Cpu } from './cpu.ts';
import { load8, load16, load32, load64, store8, store16, store32, store64 } from './memory-access.ts';

export type Reader = (cpu: Cpu) => number;
export type Writer = (cpu: Cpu, value: number) => void;
/** Writes a 64-bit value given as halves. */
export type Writer64 = (cpu: Cpu, lo: number, hi: number) => void;

/** Index in `cpu.gpr` of the word holding an 8-bit register, and the bit shift within it. */
export function byteRegister(op: Operand): { index: number; shift: number } {
  return op.regClass === RegisterClass.GPRHigh8 ? { index: op.reg * 2, shift: 8 } : { index: op.reg * 2, shift: 0 };
}

export function isRegister(op: Operand): boolean {
  return op.kind === OperandKind.Register;
}

export function isMemory(op: Operand): boolean {
  return op.kind === OperandKind.Memory;
}

export function isImmediate(op: Operand): boolean {
  return op.kind === OperandKind.Immediate || op.kind === OperandKind.Constant;
}

/** The value of an immediate or constant operand, truncated to `size` bytes (int32 for 4 and 8). */
export function immediateValue(inst: Instruction, op: Operand, size: number): number {
  const v = op.kind === OperandKind.Constant ? op.reg : inst.imm;
  return size === 1 ? v & 0xff : size === 2 ? v & 0xffff : v | 0;
}

/** High word of a 64-bit immediate operand. */
export function immediateHigh(inst: Instruction, op: Operand): number {
  return op.kind === OperandKind.Constant ? 0 : inst.immHigh;
}

/** A reader for operand `index` of `inst`, `size` bytes wide (1, 2 or 4). */
export function bindReader(inst: Instruction, index: number, size: number): Reader {
  const op = inst.operands[index]!;
  switch (op.kind) {
    case OperandKind.Register: {
      if (size === 1) {
        const { index: w, shift } = byteRegister(op);
        return shift === 0 ? (cpu) => cpu.gpr[w]! & 0xff : (cpu) => (cpu.gpr[w]! >> 8) & 0xff;
      }
      const w = op.reg * 2;
      return size === 2 ? (cpu) => cpu.gpr[w]! & 0xffff : (cpu) => cpu.gpr[w]!;
    }
    case OperandKind.Memory: {
      const address = bindAddress(inst);
      if (size === 1) return (cpu) => load8(cpu, address(cpu));
      if (size === 2) return (cpu) => load16(cpu, address(cpu));
      return (cpu) => load32(cpu, address(cpu));
    }
    case OperandKind.Immediate:
    case OperandKind.Constant: {
      const v = immediateValue(inst, op, size);
      return () => v;
    }
    default:
      throw new Error(`cpu: operand ${index} of code ${inst.code} is not readable as an integer`);
  }
}

/** A writer for operand `index` of `inst`, `size` bytes wide (1, 2 or 4). */
export function bindWriter(inst: Instruction, index: number, size: number): Writer {
  const op = inst.operands[index]!;
  if (op.kind === OperandKind.Memory) {
    const address = bindAddress(inst);
    if (size === 1) return (cpu, v) => store8(cpu, address(cpu), v);
    if (size === 2) return (cpu, v) => store16(cpu, address(cpu), v);
    return (cpu, v) => store32(cpu, address(cpu), v);
  }
  if (op.kind !== OperandKind.Register) throw new Error(`cpu: operand ${index} of code ${inst.code} is not writable`);
  return registerWriter(op, size);
}

/** A writer for a general register operand of `size` bytes (1, 2 or 4). */
export function registerWriter(op: Operand, size: number): Writer {
  if (size === 1) {
    const { index: w, shift } = byteRegister(op);
    return shift === 0
      ? (cpu, v) => {
          cpu.gpr[w] = (cpu.gpr[w]! & ~0xff) | (v & 0xff);
        }
      : (cpu, v) => {
          cpu.gpr[w] = (cpu.gpr[w]! & ~0xff00) | ((v & 0xff) << 8);
        };
  }
  const w = op.reg * 2;
  if (size === 2) {
    return (cpu, v) => {
      cpu.gpr[w] = (cpu.gpr[w]! & ~0xffff) | (v & 0xffff);
    };
  }
  return (cpu, v) => {
    cpu.gpr[w] = v;
    cpu.gpr[w + 1] = 0;
  };
}

/** A reader of a 64-bit operand: returns the low word, leaves the high word in `cpu.hi`. */
export function bindReader64(inst: Instruction, index: number): Reader {
  const op = inst.operands[index]!;
  switch (op.kind) {
    case OperandKind.Register: {
      const w = op.reg * 2;
      return (cpu) => {
        cpu.hi = cpu.gpr[w + 1]!;
        return cpu.gpr[w]!;
      };
    }
    case OperandKind.Memory: {
      const address = bindAddress(inst);
      return (cpu) => load64(cpu, address(cpu));
    }
    case OperandKind.Immediate:
    case OperandKind.Constant: {
      const lo = immediateValue(inst, op, 8);
      const hi = immediateHigh(inst, op);
      return (cpu) => {
        cpu.hi = hi;
        return lo;
      };
    }
    default:
      throw new Error(`cpu: operand ${index} of code ${inst.code} is not readable as an integer`);
  }
}

/** A writer of a 64-bit operand. */
export function bindWriter64(inst: Instruction, index: number): Writer64 {
  const op = inst.operands[index]!;
  if (op.kind === OperandKind.Memory) {
    const address = bindAddress(inst);
    return (cpu, lo, hi) => store64(cpu, address(cpu), lo, hi);
  }
  if (op.kind !== OperandKind.Register) throw new Error(`cpu: operand ${index} of code ${inst.code} is not writable`);
  const w = op.reg * 2;
  return (cpu, lo, hi) => {
    cpu.gpr[w] = lo;
    cpu.gpr[w + 1] = hi;
  };
}

/** Sign-extends a value of `size` bytes (1, 2, 4) to int32. */
export function signExtend(value: number, size: number): number {
  return size === 1 ? (value << 24) >> 24 : size === 2 ? (value << 16) >> 16 : value | 0;
}

/** Mask of a `size`-byte value (size 1, 2; 4 gives -1). */
export function sizeMask(size: number): number {
  return size === 1 ? 0xff : size === 2 ? 0xffff : -1;
}
