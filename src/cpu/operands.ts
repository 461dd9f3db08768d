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
import { type AddressFn, bindAddress } from './address.ts';
import type { Cpu } from './cpu.ts';
import { load8, load16, load32, load64, store8, store16, store32, store64 } from './memory-access.ts';
import { SharedClosures } from './shared-closures.ts';

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

// Binding runs once per decoded instruction in V8's unoptimised start-up code (issue 4): each
// reader and writer comes from a small factory whose closure captures exactly what it runs on (a
// binder whose variables any closure captures allocates a context for all of them), and the
// register ones, which depend only on the register and width, are made once and shared.

/** Shared register readers and writers: row width * 2 + high byte, column the register. */
const registerReaders = new SharedClosures<Reader>(6);
const registerWriters = new SharedClosures<Writer>(6);
const registerReaders64 = new SharedClosures<Reader>(1);
const registerWriters64 = new SharedClosures<Writer64>(1);

/** The table row of a register operand: 0/1 for a low/high byte, 2 for 16 bits, 4 for 32 bits. */
function registerRow(op: Operand, size: number): number {
  if (size === 1) return op.regClass === RegisterClass.GPRHigh8 ? 1 : 0;
  return size === 2 ? 2 : 4;
}

/** A reader for operand `index` of `inst`, `size` bytes wide (1, 2 or 4). */
export function bindReader(inst: Instruction, index: number, size: number): Reader {
  const op = inst.operands[index]!;
  switch (op.kind) {
    case OperandKind.Register: {
      const w = op.reg * 2;
      const row = registerRow(op, size);
      let read = registerReaders.get(row, op.reg);
      if (read === undefined) {
        read = row === 0 ? readByte(w) : row === 1 ? readHighByte(w) : row === 2 ? readWord(w) : readDword(w);
        registerReaders.set(row, op.reg, read);
      }
      return read;
    }
    case OperandKind.Memory:
      return memoryReader(bindAddress(inst), size);
    case OperandKind.Immediate:
    case OperandKind.Constant:
      return constantReader(immediateValue(inst, op, size));
    default:
      throw new Error(`cpu: operand ${index} of code ${inst.code} is not readable as an integer`);
  }
}

function readByte(w: number): Reader {
  return (cpu) => cpu.gpr[w]! & 0xff;
}

function readHighByte(w: number): Reader {
  return (cpu) => (cpu.gpr[w]! >> 8) & 0xff;
}

function readWord(w: number): Reader {
  return (cpu) => cpu.gpr[w]! & 0xffff;
}

function readDword(w: number): Reader {
  return (cpu) => cpu.gpr[w]!;
}

function memoryReader(address: AddressFn, size: number): Reader {
  if (size === 1) return (cpu) => load8(cpu, address(cpu));
  if (size === 2) return (cpu) => load16(cpu, address(cpu));
  return (cpu) => load32(cpu, address(cpu));
}

function constantReader(v: number): Reader {
  return () => v;
}

/** A writer for operand `index` of `inst`, `size` bytes wide (1, 2 or 4). */
export function bindWriter(inst: Instruction, index: number, size: number): Writer {
  const op = inst.operands[index]!;
  if (op.kind === OperandKind.Memory) return memoryWriter(bindAddress(inst), size);
  if (op.kind !== OperandKind.Register) throw new Error(`cpu: operand ${index} of code ${inst.code} is not writable`);
  return registerWriter(op, size);
}

function memoryWriter(address: AddressFn, size: number): Writer {
  if (size === 1) return (cpu, v) => store8(cpu, address(cpu), v);
  if (size === 2) return (cpu, v) => store16(cpu, address(cpu), v);
  return (cpu, v) => store32(cpu, address(cpu), v);
}

/** A writer for a general register operand of `size` bytes (1, 2 or 4). */
export function registerWriter(op: Operand, size: number): Writer {
  const w = op.reg * 2;
  const row = registerRow(op, size);
  let write = registerWriters.get(row, op.reg);
  if (write === undefined) {
    write = row === 0 ? writeByte(w) : row === 1 ? writeHighByte(w) : row === 2 ? writeWord(w) : writeDword(w);
    registerWriters.set(row, op.reg, write);
  }
  return write;
}

function writeByte(w: number): Writer {
  return (cpu, v) => {
    cpu.gpr[w] = (cpu.gpr[w]! & ~0xff) | (v & 0xff);
  };
}

function writeHighByte(w: number): Writer {
  return (cpu, v) => {
    cpu.gpr[w] = (cpu.gpr[w]! & ~0xff00) | ((v & 0xff) << 8);
  };
}

function writeWord(w: number): Writer {
  return (cpu, v) => {
    cpu.gpr[w] = (cpu.gpr[w]! & ~0xffff) | (v & 0xffff);
  };
}

function writeDword(w: number): Writer {
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
      const r = op.reg;
      let read = registerReaders64.get(0, r);
      if (read === undefined) {
        read = readQword(r * 2);
        registerReaders64.set(0, r, read);
      }
      return read;
    }
    case OperandKind.Memory:
      return memoryReader64(bindAddress(inst));
    case OperandKind.Immediate:
    case OperandKind.Constant:
      return constantReader64(immediateValue(inst, op, 8), immediateHigh(inst, op));
    default:
      throw new Error(`cpu: operand ${index} of code ${inst.code} is not readable as an integer`);
  }
}

function readQword(w: number): Reader {
  return (cpu) => {
    cpu.hi = cpu.gpr[w + 1]!;
    return cpu.gpr[w]!;
  };
}

function memoryReader64(address: AddressFn): Reader {
  return (cpu) => load64(cpu, address(cpu));
}

function constantReader64(lo: number, hi: number): Reader {
  return (cpu) => {
    cpu.hi = hi;
    return lo;
  };
}

/** A writer of a 64-bit operand. */
export function bindWriter64(inst: Instruction, index: number): Writer64 {
  const op = inst.operands[index]!;
  if (op.kind === OperandKind.Memory) return memoryWriter64(bindAddress(inst));
  if (op.kind !== OperandKind.Register) throw new Error(`cpu: operand ${index} of code ${inst.code} is not writable`);
  const r = op.reg;
  let write = registerWriters64.get(0, r);
  if (write === undefined) {
    write = writeQword(r * 2);
    registerWriters64.set(0, r, write);
  }
  return write;
}

function memoryWriter64(address: AddressFn): Writer64 {
  return (cpu, lo, hi) => store64(cpu, address(cpu), lo, hi);
}

function writeQword(w: number): Writer64 {
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
