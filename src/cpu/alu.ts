// Integer arithmetic and logic: add adc sub sbb cmp and or xor test inc dec neg not.
//
// Semantics are small functions over int32 words that return the result and record the lazy flags
// (./flags.ts); 8/16-bit operands are zero-extended numbers and results are masked, 32-bit ones
// int32, 64-bit ones come as (lo, hi) pairs and return lo with hi in `cpu.hi`. A later code
// generator calls the same functions; the binders below only choose operand access.

import type { Instruction } from '../x86/instruction.ts';
import { type AddressFn, bindAddress, exactBaseDisp, fixedAddress, isBaseDisplacement } from './address.ts';
import type { Cpu } from './cpu.ts';
import { CF, carryFlag, LazyOp } from './flags.ts';
import { load32, load64, store32, store64 } from './memory-access.ts';
import {
  bindReader,
  bindReader64,
  bindWriter,
  immediateHigh,
  immediateValue,
  isImmediate,
  isMemory,
  isRegister,
  type Reader,
  type Writer,
} from './operands.ts';
import type { Exec } from './registry.ts';
import { SharedClosures } from './shared-closures.ts';

const TWO32 = 4294967296;

// ---- semantics ----

function record(cpu: Cpu, op: LazyOp, a: number, b: number, r: number): void {
  cpu.lazyOp = op;
  cpu.lazyA = a;
  cpu.lazyB = b;
  cpu.lazyR = r;
}

function record64(cpu: Cpu, op: LazyOp, aLo: number, aHi: number, bLo: number, bHi: number, lo: number, hi: number) {
  cpu.lazyOp = op;
  cpu.lazyA = aLo;
  cpu.lazyAHi = aHi;
  cpu.lazyB = bLo;
  cpu.lazyBHi = bHi;
  cpu.lazyR = lo;
  cpu.lazyRHi = hi;
  cpu.hi = hi;
}

export function add8(cpu: Cpu, a: number, b: number): number {
  const r = (a + b) & 0xff;
  record(cpu, LazyOp.Add8, a, b, r);
  return r;
}
export function add16(cpu: Cpu, a: number, b: number): number {
  const r = (a + b) & 0xffff;
  record(cpu, LazyOp.Add16, a, b, r);
  return r;
}
export function add32(cpu: Cpu, a: number, b: number): number {
  const r = (a + b) | 0;
  record(cpu, LazyOp.Add32, a, b, r);
  return r;
}
export function add64(cpu: Cpu, aLo: number, aHi: number, bLo: number, bHi: number): number {
  const s = (aLo >>> 0) + (bLo >>> 0);
  const lo = s | 0;
  const hi = (aHi + bHi + (s > 0xffffffff ? 1 : 0)) | 0;
  record64(cpu, LazyOp.Add64, aLo, aHi, bLo, bHi, lo, hi);
  return lo;
}

export function adc8(cpu: Cpu, a: number, b: number): number {
  const r = (a + b + carryFlag(cpu)) & 0xff;
  record(cpu, LazyOp.Adc8, a, b, r);
  return r;
}
export function adc16(cpu: Cpu, a: number, b: number): number {
  const r = (a + b + carryFlag(cpu)) & 0xffff;
  record(cpu, LazyOp.Adc16, a, b, r);
  return r;
}
export function adc32(cpu: Cpu, a: number, b: number): number {
  const r = (a + b + carryFlag(cpu)) | 0;
  record(cpu, LazyOp.Adc32, a, b, r);
  return r;
}
export function adc64(cpu: Cpu, aLo: number, aHi: number, bLo: number, bHi: number): number {
  const s = (aLo >>> 0) + (bLo >>> 0) + carryFlag(cpu);
  const lo = s | 0;
  const hi = (aHi + bHi + (s > 0xffffffff ? 1 : 0)) | 0;
  record64(cpu, LazyOp.Adc64, aLo, aHi, bLo, bHi, lo, hi);
  return lo;
}

export function sub8(cpu: Cpu, a: number, b: number): number {
  const r = (a - b) & 0xff;
  record(cpu, LazyOp.Sub8, a, b, r);
  return r;
}
export function sub16(cpu: Cpu, a: number, b: number): number {
  const r = (a - b) & 0xffff;
  record(cpu, LazyOp.Sub16, a, b, r);
  return r;
}
export function sub32(cpu: Cpu, a: number, b: number): number {
  const r = (a - b) | 0;
  record(cpu, LazyOp.Sub32, a, b, r);
  return r;
}
export function sub64(cpu: Cpu, aLo: number, aHi: number, bLo: number, bHi: number): number {
  const s = (aLo >>> 0) - (bLo >>> 0);
  const lo = s | 0;
  const hi = (aHi - bHi - (s < 0 ? 1 : 0)) | 0;
  record64(cpu, LazyOp.Sub64, aLo, aHi, bLo, bHi, lo, hi);
  return lo;
}

export function sbb8(cpu: Cpu, a: number, b: number): number {
  const r = (a - b - carryFlag(cpu)) & 0xff;
  record(cpu, LazyOp.Sbb8, a, b, r);
  return r;
}
export function sbb16(cpu: Cpu, a: number, b: number): number {
  const r = (a - b - carryFlag(cpu)) & 0xffff;
  record(cpu, LazyOp.Sbb16, a, b, r);
  return r;
}
export function sbb32(cpu: Cpu, a: number, b: number): number {
  const r = (a - b - carryFlag(cpu)) | 0;
  record(cpu, LazyOp.Sbb32, a, b, r);
  return r;
}
export function sbb64(cpu: Cpu, aLo: number, aHi: number, bLo: number, bHi: number): number {
  const s = (aLo >>> 0) - (bLo >>> 0) - carryFlag(cpu);
  const lo = s | 0;
  const hi = (aHi - bHi - (s < 0 ? 1 : 0)) | 0;
  record64(cpu, LazyOp.Sbb64, aLo, aHi, bLo, bHi, lo, hi);
  return lo;
}

function logic(cpu: Cpu, op: LazyOp, r: number): number {
  cpu.lazyOp = op;
  cpu.lazyR = r;
  return r;
}
function logic64(cpu: Cpu, lo: number, hi: number): number {
  cpu.lazyOp = LazyOp.Logic64;
  cpu.lazyR = lo;
  cpu.lazyRHi = hi;
  cpu.hi = hi;
  return lo;
}

export const and8 = (cpu: Cpu, a: number, b: number): number => logic(cpu, LazyOp.Logic8, a & b);
export const and16 = (cpu: Cpu, a: number, b: number): number => logic(cpu, LazyOp.Logic16, a & b);
export const and32 = (cpu: Cpu, a: number, b: number): number => logic(cpu, LazyOp.Logic32, a & b);
export const and64 = (cpu: Cpu, aLo: number, aHi: number, bLo: number, bHi: number): number =>
  logic64(cpu, aLo & bLo, aHi & bHi);
export const or8 = (cpu: Cpu, a: number, b: number): number => logic(cpu, LazyOp.Logic8, a | b);
export const or16 = (cpu: Cpu, a: number, b: number): number => logic(cpu, LazyOp.Logic16, a | b);
export const or32 = (cpu: Cpu, a: number, b: number): number => logic(cpu, LazyOp.Logic32, a | b);
export const or64 = (cpu: Cpu, aLo: number, aHi: number, bLo: number, bHi: number): number =>
  logic64(cpu, aLo | bLo, aHi | bHi);
export const xor8 = (cpu: Cpu, a: number, b: number): number => logic(cpu, LazyOp.Logic8, a ^ b);
export const xor16 = (cpu: Cpu, a: number, b: number): number => logic(cpu, LazyOp.Logic16, a ^ b);
export const xor32 = (cpu: Cpu, a: number, b: number): number => logic(cpu, LazyOp.Logic32, a ^ b);
export const xor64 = (cpu: Cpu, aLo: number, aHi: number, bLo: number, bHi: number): number =>
  logic64(cpu, aLo ^ bLo, aHi ^ bHi);

/** INC/DEC leave CF alone: it is moved into `flags`, where the Inc/Dec records read it. */
function keepCarry(cpu: Cpu): void {
  cpu.flags = (cpu.flags & ~CF) | carryFlag(cpu);
}

export function inc(cpu: Cpu, a: number, size: number): number {
  keepCarry(cpu);
  const r = size === 1 ? (a + 1) & 0xff : size === 2 ? (a + 1) & 0xffff : (a + 1) | 0;
  record(cpu, size === 1 ? LazyOp.Inc8 : size === 2 ? LazyOp.Inc16 : LazyOp.Inc32, a, 1, r);
  return r;
}
export function inc64(cpu: Cpu, lo: number, hi: number): number {
  keepCarry(cpu);
  const rlo = (lo + 1) | 0;
  const rhi = rlo === 0 ? (hi + 1) | 0 : hi;
  record64(cpu, LazyOp.Inc64, lo, hi, 1, 0, rlo, rhi);
  return rlo;
}
export function dec(cpu: Cpu, a: number, size: number): number {
  keepCarry(cpu);
  const r = size === 1 ? (a - 1) & 0xff : size === 2 ? (a - 1) & 0xffff : (a - 1) | 0;
  record(cpu, size === 1 ? LazyOp.Dec8 : size === 2 ? LazyOp.Dec16 : LazyOp.Dec32, a, 1, r);
  return r;
}
export function dec64(cpu: Cpu, lo: number, hi: number): number {
  keepCarry(cpu);
  const rlo = (lo - 1) | 0;
  const rhi = lo === 0 ? (hi - 1) | 0 : hi;
  record64(cpu, LazyOp.Dec64, lo, hi, 1, 0, rlo, rhi);
  return rlo;
}

// ---- binders ----

type Op32 = (cpu: Cpu, a: number, b: number) => number;
type Op64 = (cpu: Cpu, aLo: number, aHi: number, bLo: number, bHi: number) => number;

/** One binary operation at the four widths. */
export interface BinaryOp {
  op8(cpu: Cpu, a: number, b: number): number;
  op16(cpu: Cpu, a: number, b: number): number;
  op32(cpu: Cpu, a: number, b: number): number;
  op64(cpu: Cpu, aLo: number, aHi: number, bLo: number, bHi: number): number;
  /** The operation's register-to-register closures, made once and shared (see `bindBinary`). */
  readonly registerPairs: SharedClosures<Exec>;
}

export const ADD: BinaryOp = {
  op8: add8,
  op16: add16,
  op32: add32,
  op64: add64,
  registerPairs: new SharedClosures(64),
};
export const ADC: BinaryOp = {
  op8: adc8,
  op16: adc16,
  op32: adc32,
  op64: adc64,
  registerPairs: new SharedClosures(64),
};
export const SUB: BinaryOp = {
  op8: sub8,
  op16: sub16,
  op32: sub32,
  op64: sub64,
  registerPairs: new SharedClosures(64),
};
export const SBB: BinaryOp = {
  op8: sbb8,
  op16: sbb16,
  op32: sbb32,
  op64: sbb64,
  registerPairs: new SharedClosures(64),
};
export const AND: BinaryOp = {
  op8: and8,
  op16: and16,
  op32: and32,
  op64: and64,
  registerPairs: new SharedClosures(64),
};
export const OR: BinaryOp = { op8: or8, op16: or16, op32: or32, op64: or64, registerPairs: new SharedClosures(64) };
export const XOR: BinaryOp = {
  op8: xor8,
  op16: xor16,
  op32: xor32,
  op64: xor64,
  registerPairs: new SharedClosures(64),
};

// Binding runs once per decoded instruction in V8's unoptimised start-up code, where every byte
// allocated is a fresh page sooner (issue 4). So each form has a small factory whose closure
// captures exactly what it runs on (a function with a captured variable allocates a context for
// all of them whatever branch runs); a base + displacement memory source is computed in the
// closure itself; and register-to-register forms, which depend only on the operation and the two
// register numbers, are made once and shared.

/**
 * Binds `dst = dst op src` (or, with `writeBack` false, just the flags of it: cmp, test) for the
 * instruction's two operands.
 */
export function bindBinary(inst: Instruction, alu: BinaryOp, writeBack: boolean): Exec {
  const dst = inst.operands[0]!;
  const src = inst.operands[1]!;
  const size = dst.size;
  if (size !== 8 && size !== 4) return bindBinaryNarrow(inst, alu, writeBack, size);
  const wide = size === 8;
  if (isRegister(dst)) {
    const d2 = dst.reg * 2;
    if (isRegister(src)) return binaryRegisterPair(alu, writeBack, wide, d2, src.reg * 2);
    if (isImmediate(src)) {
      if (wide) {
        const lo = immediateValue(inst, src, 8);
        const hi = immediateHigh(inst, src);
        return writeBack ? updateImmediate64(alu.op64, d2, lo, hi) : compareImmediate64(alu.op64, d2, lo, hi);
      }
      const imm = immediateValue(inst, src, 4);
      return writeBack ? updateImmediate32(alu.op32, d2, imm) : compareImmediate32(alu.op32, d2, imm);
    }
    if (isBaseDisplacement(inst)) {
      const b2 = inst.memBase * 2;
      const disp = inst.memDisp;
      const at = inst.address;
      if (wide)
        return writeBack ? updateBaseDisp64(alu.op64, d2, b2, disp, at) : compareBaseDisp64(alu.op64, d2, b2, disp, at);
      return writeBack ? updateBaseDisp32(alu.op32, d2, b2, disp, at) : compareBaseDisp32(alu.op32, d2, b2, disp, at);
    }
    const address = bindAddress(inst);
    if (wide) return writeBack ? updateMemory64(alu.op64, d2, address) : compareMemory64(alu.op64, d2, address);
    return writeBack ? updateMemory32(alu.op32, d2, address) : compareMemory32(alu.op32, d2, address);
  }
  if (!writeBack && isImmediate(src)) {
    const fixed = fixedAddress(inst);
    if (fixed >= 0) {
      return wide
        ? compareFixedImmediate64(alu.op64, fixed, immediateValue(inst, src, 8), immediateHigh(inst, src))
        : compareFixedImmediate32(alu.op32, fixed, immediateValue(inst, src, 4));
    }
  }
  const address = bindAddress(inst);
  if (wide) {
    const readSrc = bindReader64(inst, 1);
    return writeBack ? memoryUpdate64(alu.op64, address, readSrc) : memoryCompare64(alu.op64, address, readSrc);
  }
  if (isImmediate(src)) {
    const imm = immediateValue(inst, src, 4);
    return writeBack
      ? memoryUpdateImmediate32(alu.op32, address, imm)
      : memoryCompareImmediate32(alu.op32, address, imm);
  }
  const readSrc = bindReader(inst, 1, 4);
  return writeBack ? memoryUpdate32(alu.op32, address, readSrc) : memoryCompare32(alu.op32, address, readSrc);
}

function binaryRegisterPair(alu: BinaryOp, writeBack: boolean, wide: boolean, d2: number, s2: number): Exec {
  const row = (writeBack ? 32 : 0) + (wide ? 16 : 0) + (d2 >> 1);
  let exec = alu.registerPairs.get(row, s2 >> 1);
  if (exec === undefined) {
    if (wide) exec = writeBack ? updateRegister64(alu.op64, d2, s2) : compareRegister64(alu.op64, d2, s2);
    else exec = writeBack ? updateRegister32(alu.op32, d2, s2) : compareRegister32(alu.op32, d2, s2);
    alu.registerPairs.set(row, s2 >> 1, exec);
  }
  return exec;
}

// xor r, r / sub r, r: the zeroing idiom still sets the flags.
function updateRegister32(op: Op32, d2: number, s2: number): Exec {
  return (cpu) => {
    const g = cpu.gpr;
    g[d2] = op(cpu, g[d2]!, g[s2]!);
    g[d2 + 1] = 0;
  };
}

function compareRegister32(op: Op32, d2: number, s2: number): Exec {
  return (cpu) => {
    op(cpu, cpu.gpr[d2]!, cpu.gpr[s2]!);
  };
}

function updateImmediate32(op: Op32, d2: number, imm: number): Exec {
  return (cpu) => {
    const g = cpu.gpr;
    g[d2] = op(cpu, g[d2]!, imm);
    g[d2 + 1] = 0;
  };
}

function compareImmediate32(op: Op32, d2: number, imm: number): Exec {
  return (cpu) => {
    op(cpu, cpu.gpr[d2]!, imm);
  };
}

function updateBaseDisp32(op: Op32, d2: number, b2: number, disp: number, at: number): Exec {
  return (cpu) => {
    const g = cpu.gpr;
    let ea = (g[b2]! >>> 0) + disp;
    if (g[b2 + 1] !== 0 || ea < 0 || ea >= TWO32) ea = exactBaseDisp(cpu, b2, disp, at);
    const b = load32(cpu, ea);
    g[d2] = op(cpu, g[d2]!, b);
    g[d2 + 1] = 0;
  };
}

function compareBaseDisp32(op: Op32, d2: number, b2: number, disp: number, at: number): Exec {
  return (cpu) => {
    const g = cpu.gpr;
    let ea = (g[b2]! >>> 0) + disp;
    if (g[b2 + 1] !== 0 || ea < 0 || ea >= TWO32) ea = exactBaseDisp(cpu, b2, disp, at);
    op(cpu, g[d2]!, load32(cpu, ea));
  };
}

function updateMemory32(op: Op32, d2: number, address: AddressFn): Exec {
  return (cpu) => {
    const b = load32(cpu, address(cpu));
    const g = cpu.gpr;
    g[d2] = op(cpu, g[d2]!, b);
    g[d2 + 1] = 0;
  };
}

function compareMemory32(op: Op32, d2: number, address: AddressFn): Exec {
  return (cpu) => {
    op(cpu, cpu.gpr[d2]!, load32(cpu, address(cpu)));
  };
}

/** cmp/test of a rip-relative dword with an immediate. */
function compareFixedImmediate32(op: Op32, ea: number, imm: number): Exec {
  return (cpu) => {
    op(cpu, load32(cpu, ea), imm);
  };
}

/** cmp/test of a rip-relative qword with an immediate. */
function compareFixedImmediate64(op: Op64, ea: number, lo: number, hi: number): Exec {
  return (cpu) => {
    const aLo = load64(cpu, ea);
    op(cpu, aLo, cpu.hi, lo, hi);
  };
}

function memoryUpdate32(op: Op32, address: AddressFn, readSrc: Reader): Exec {
  return (cpu) => {
    const ea = address(cpu);
    store32(cpu, ea, op(cpu, load32(cpu, ea), readSrc(cpu)));
  };
}

function memoryCompare32(op: Op32, address: AddressFn, readSrc: Reader): Exec {
  return (cpu) => {
    op(cpu, load32(cpu, address(cpu)), readSrc(cpu));
  };
}

function memoryUpdateImmediate32(op: Op32, address: AddressFn, imm: number): Exec {
  return (cpu) => {
    const ea = address(cpu);
    store32(cpu, ea, op(cpu, load32(cpu, ea), imm));
  };
}

function memoryCompareImmediate32(op: Op32, address: AddressFn, imm: number): Exec {
  return (cpu) => {
    op(cpu, load32(cpu, address(cpu)), imm);
  };
}

function updateRegister64(op: Op64, d2: number, s2: number): Exec {
  return (cpu) => {
    const g = cpu.gpr;
    g[d2] = op(cpu, g[d2]!, g[d2 + 1]!, g[s2]!, g[s2 + 1]!);
    g[d2 + 1] = cpu.hi;
  };
}

function compareRegister64(op: Op64, d2: number, s2: number): Exec {
  return (cpu) => {
    const g = cpu.gpr;
    op(cpu, g[d2]!, g[d2 + 1]!, g[s2]!, g[s2 + 1]!);
  };
}

function updateImmediate64(op: Op64, d2: number, lo: number, hi: number): Exec {
  return (cpu) => {
    const g = cpu.gpr;
    g[d2] = op(cpu, g[d2]!, g[d2 + 1]!, lo, hi);
    g[d2 + 1] = cpu.hi;
  };
}

function compareImmediate64(op: Op64, d2: number, lo: number, hi: number): Exec {
  return (cpu) => {
    const g = cpu.gpr;
    op(cpu, g[d2]!, g[d2 + 1]!, lo, hi);
  };
}

function updateBaseDisp64(op: Op64, d2: number, b2: number, disp: number, at: number): Exec {
  return (cpu) => {
    const g = cpu.gpr;
    let ea = (g[b2]! >>> 0) + disp;
    if (g[b2 + 1] !== 0 || ea < 0 || ea >= TWO32) ea = exactBaseDisp(cpu, b2, disp, at);
    const bLo = load64(cpu, ea);
    g[d2] = op(cpu, g[d2]!, g[d2 + 1]!, bLo, cpu.hi);
    g[d2 + 1] = cpu.hi;
  };
}

function compareBaseDisp64(op: Op64, d2: number, b2: number, disp: number, at: number): Exec {
  return (cpu) => {
    const g = cpu.gpr;
    let ea = (g[b2]! >>> 0) + disp;
    if (g[b2 + 1] !== 0 || ea < 0 || ea >= TWO32) ea = exactBaseDisp(cpu, b2, disp, at);
    const bLo = load64(cpu, ea);
    op(cpu, g[d2]!, g[d2 + 1]!, bLo, cpu.hi);
  };
}

function updateMemory64(op: Op64, d2: number, address: AddressFn): Exec {
  return (cpu) => {
    const bLo = load64(cpu, address(cpu));
    const g = cpu.gpr;
    g[d2] = op(cpu, g[d2]!, g[d2 + 1]!, bLo, cpu.hi);
    g[d2 + 1] = cpu.hi;
  };
}

function compareMemory64(op: Op64, d2: number, address: AddressFn): Exec {
  return (cpu) => {
    const bLo = load64(cpu, address(cpu));
    const g = cpu.gpr;
    op(cpu, g[d2]!, g[d2 + 1]!, bLo, cpu.hi);
  };
}

function memoryUpdate64(op: Op64, address: AddressFn, readSrc: Reader): Exec {
  return (cpu) => {
    const ea = address(cpu);
    const aLo = load64(cpu, ea);
    const aHi = cpu.hi;
    const bLo = readSrc(cpu);
    const lo = op(cpu, aLo, aHi, bLo, cpu.hi);
    store64(cpu, ea, lo, cpu.hi);
  };
}

function memoryCompare64(op: Op64, address: AddressFn, readSrc: Reader): Exec {
  return (cpu) => {
    const aLo = load64(cpu, address(cpu));
    const aHi = cpu.hi;
    const bLo = readSrc(cpu);
    op(cpu, aLo, aHi, bLo, cpu.hi);
  };
}

/** 8 and 16 bits: operand access by size in the closure (rarer forms, one closure each). */
function bindBinaryNarrow(inst: Instruction, alu: BinaryOp, writeBack: boolean, size: number): Exec {
  const op = size === 1 ? alu.op8 : alu.op16;
  const src = inst.operands[1]!;
  if (isMemory(inst.operands[0]!) && isImmediate(src)) {
    const imm = immediateValue(inst, src, size);
    const fixed = fixedAddress(inst);
    if (!writeBack && fixed >= 0) return compareFixedNarrow(op, fixed, imm, size);
    const address = bindAddress(inst);
    return writeBack
      ? narrowMemoryUpdate(op, address, constantOperand(imm), size)
      : narrowMemoryCompareImmediate(op, address, imm, size);
  }
  const readSrc = bindReader(inst, 1, size);
  if (isMemory(inst.operands[0]!)) {
    const address = bindAddress(inst);
    return writeBack ? narrowMemoryUpdate(op, address, readSrc, size) : narrowMemoryCompare(op, address, readSrc, size);
  }
  const readDst = bindReader(inst, 0, size);
  if (!writeBack) return narrowCompare(op, readDst, readSrc);
  return narrowUpdate(op, readDst, readSrc, bindWriter(inst, 0, size));
}

/** cmp/test of a byte or word at a fixed address (rip-relative) with an immediate. */
function compareFixedNarrow(op: Op32, ea: number, imm: number, size: number): Exec {
  return (cpu) => {
    op(cpu, size === 1 ? cpu.memory.read8(ea) : cpu.memory.read16(ea), imm);
  };
}

function narrowMemoryCompareImmediate(op: Op32, address: AddressFn, imm: number, size: number): Exec {
  return (cpu) => {
    const ea = address(cpu);
    op(cpu, size === 1 ? cpu.memory.read8(ea) : cpu.memory.read16(ea), imm);
  };
}

function constantOperand(v: number): Reader {
  return () => v;
}

function narrowMemoryUpdate(op: Op32, address: AddressFn, readSrc: Reader, size: number): Exec {
  return (cpu) => {
    const ea = address(cpu);
    const m = cpu.memory;
    if (size === 1) m.write8(ea, op(cpu, m.read8(ea), readSrc(cpu)));
    else m.write16(ea, op(cpu, m.read16(ea), readSrc(cpu)));
  };
}

function narrowMemoryCompare(op: Op32, address: AddressFn, readSrc: Reader, size: number): Exec {
  return (cpu) => {
    const ea = address(cpu);
    op(cpu, size === 1 ? cpu.memory.read8(ea) : cpu.memory.read16(ea), readSrc(cpu));
  };
}

function narrowUpdate(op: Op32, readDst: Reader, readSrc: Reader, writeDst: Writer): Exec {
  return (cpu) => {
    const b = readSrc(cpu);
    writeDst(cpu, op(cpu, readDst(cpu), b));
  };
}

function narrowCompare(op: Op32, readDst: Reader, readSrc: Reader): Exec {
  return (cpu) => {
    op(cpu, readDst(cpu), readSrc(cpu));
  };
}

/** inc/dec/neg/not: one read-modify-write operand. `op64` returns lo and sets cpu.hi. */
export interface UnaryOp {
  op(cpu: Cpu, a: number, size: number): number;
  op64(cpu: Cpu, lo: number, hi: number): number;
}

export const INC: UnaryOp = { op: inc, op64: inc64 };
export const DEC: UnaryOp = { op: dec, op64: dec64 };
export const NEG: UnaryOp = {
  op: (cpu, a, size) => (size === 1 ? sub8(cpu, 0, a) : size === 2 ? sub16(cpu, 0, a) : sub32(cpu, 0, a)),
  op64: (cpu, lo, hi) => sub64(cpu, 0, 0, lo, hi),
};
export const NOT: UnaryOp = {
  op: (_cpu, a, size) => (size === 1 ? ~a & 0xff : size === 2 ? ~a & 0xffff : ~a),
  op64: (cpu, lo, hi) => {
    cpu.hi = ~hi;
    return ~lo;
  },
};

export function bindUnary(inst: Instruction, unary: UnaryOp): Exec {
  const dst = inst.operands[0]!;
  const size = dst.size;
  if (size === 8) {
    const op = unary.op64;
    if (isRegister(dst)) {
      const d = dst.reg * 2;
      return (cpu) => {
        const g = cpu.gpr;
        g[d] = op(cpu, g[d]!, g[d + 1]!);
        g[d + 1] = cpu.hi;
      };
    }
    const address = bindAddress(inst);
    return (cpu) => {
      const ea = address(cpu);
      const lo = load64(cpu, ea);
      const r = op(cpu, lo, cpu.hi);
      store64(cpu, ea, r, cpu.hi);
    };
  }
  const op = unary.op;
  if (size === 4 && isRegister(dst)) {
    const d = dst.reg * 2;
    return (cpu) => {
      const g = cpu.gpr;
      g[d] = op(cpu, g[d]!, 4);
      g[d + 1] = 0;
    };
  }
  if (isMemory(dst)) {
    const address = bindAddress(inst);
    const m = size;
    return (cpu) => {
      const ea = address(cpu);
      const mem = cpu.memory;
      if (m === 1) mem.write8(ea, op(cpu, mem.read8(ea), 1));
      else if (m === 2) mem.write16(ea, op(cpu, mem.read16(ea), 2));
      else mem.write32(ea, op(cpu, mem.read32(ea), 4));
    };
  }
  const read = bindReader(inst, 0, size);
  const write = bindWriter(inst, 0, size);
  return (cpu) => write(cpu, op(cpu, read(cpu), size));
}
