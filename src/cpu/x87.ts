// The x87 instructions (D8–DF, FXSAVE/FXRSTOR): loads and stores of every memory format,
// arithmetic with its reversed and popping forms, compares, FCMOVcc, constants, stack management,
// control/status/environment instructions, and the transcendentals — over the 80-bit soft-float
// of src/float. State: `cpu.x87` (./x87-state.ts).
//
// Stack faults behave as the hardware's with IE masked: reading an empty register raises IE and SF
// with C1 = 0 and computes with the real indefinite; pushing onto a full one raises IE, SF, C1 = 1
// and pushes the indefinite. An exception left unmasked by the control word sets ES/B; the next
// waiting x87 instruction then raises #MF, which Linux delivers as SIGFPE.

import { FLAG_DE, FLAG_IE, FLAG_OE, FLAG_PE, FLAG_UE, FLAG_ZE } from '../float/exceptions.ts';
import { INDEFINITE_HI, Relation } from '../float/extended.ts';
import { relationCodes } from '../float/x87-math.ts';
import { AccessKind } from '../memory/fault.ts';
import { Code } from '../x86/codes.ts';
import { type Instruction, OperandKind } from '../x86/instruction.ts';
import { bindAddress } from './address.ts';
import type { Cpu } from './cpu.ts';
import { CF, PF, setArithmeticFlags, testCondition, ZF } from './flags.ts';
import { GuestFault, SIGFPE } from './guest-fault.ts';
import { load16, load32, load64, store16, store32, store64 } from './memory-access.ts';
import type { Exec, HandlerRegistry } from './registry.ts';
import { SW_BUSY, SW_C1, SW_CONDITION, SW_ES, SW_IE, SW_SF, type X87State } from './x87-state.ts';
import { registerX87Transcendentals } from './x87-transcendental.ts';

// ---- exceptions ----

const FPE_FLTDIV = 3;
const FPE_FLTOVF = 4;
const FPE_FLTUND = 5;
const FPE_FLTRES = 6;
const FPE_FLTINV = 7;

/** #MF for a pending unmasked exception: SIGFPE with Linux's si_code for the first flag. */
function pendingFault(x: X87State): GuestFault {
  const f = x.status & ~x.control & 0x3f;
  const code =
    f & FLAG_IE
      ? FPE_FLTINV
      : f & FLAG_ZE
        ? FPE_FLTDIV
        : f & FLAG_OE
          ? FPE_FLTOVF
          : f & (FLAG_UE | FLAG_DE)
            ? FPE_FLTUND
            : f & FLAG_PE
              ? FPE_FLTRES
              : 0;
  return new GuestFault(
    SIGFPE,
    code,
    null,
    `x87 floating-point exception (status word 0x${x.statusWord().toString(16)})`,
  );
}

/** Waiting instructions first deliver a pending unmasked exception. */
function checkPending(x: X87State): void {
  if (x.status & SW_ES) throw pendingFault(x);
}

/**
 * Folds the engine's flags into the status word after an operation (C1 = rounded up when
 * `c1`), and reports whether the result may be written (not for unmasked IE, DE or ZE).
 */
function raise(x: X87State, c1: boolean): boolean {
  const m = x.math;
  const flags = m.flags;
  let status = x.status | flags;
  if (c1) status = (status & ~SW_C1) | (m.roundedUp ? SW_C1 : 0);
  const unmasked = flags & ~x.control & 0x3f;
  if (unmasked !== 0) status |= SW_ES | SW_BUSY;
  x.status = status;
  return (unmasked & (FLAG_IE | FLAG_DE | FLAG_ZE)) === 0;
}

function stackUnderflow(x: X87State): void {
  x.status = (x.status | SW_IE | SW_SF) & ~SW_C1;
  if (!(x.control & FLAG_IE)) x.status |= SW_ES | SW_BUSY;
}

function stackOverflow(x: X87State): void {
  x.status |= SW_IE | SW_SF | SW_C1;
  if (!(x.control & FLAG_IE)) x.status |= SW_ES | SW_BUSY;
}

function isEmpty(x: X87State, r: number): boolean {
  return ((x.empty >> r) & 1) !== 0;
}

function setRegister(x: X87State, r: number, se: number, hi: number, lo: number): void {
  x.se[r] = se;
  x.hi[r] = hi;
  x.lo[r] = lo;
  x.empty &= ~(1 << r);
}

function setIndefinite(x: X87State, r: number): void {
  setRegister(x, r, 0xffff, INDEFINITE_HI, 0);
}

/** Pushes the engine's result (m.se/hi/lo). */
function pushResult(x: X87State): void {
  const m = x.math;
  push(x, m.se, m.hi, m.lo);
}

function push(x: X87State, se: number, hi: number, lo: number): void {
  const r = (x.top - 1) & 7;
  if (!isEmpty(x, r)) {
    stackOverflow(x);
    if (!(x.control & FLAG_IE)) return;
    x.top = r;
    setIndefinite(x, r);
    return;
  }
  x.top = r;
  setRegister(x, r, se, hi, lo);
}

function pop(x: X87State): void {
  x.empty |= 1 << x.top;
  x.top = (x.top + 1) & 7;
}

/** Writes the engine's result to physical register r. */
function writeResult(x: X87State, r: number): void {
  const m = x.math;
  setRegister(x, r, m.se, m.hi, m.lo);
}

// ---- operand sources ----

/** Memory operand formats of arithmetic and compares. */
const enum Source {
  Float32 = 0,
  Float64 = 1,
  Int16 = 2,
  Int32 = 3,
}

/** Converts a memory operand into the engine's result registers (m.se/hi/lo); flags as FLD. */
function loadSource(cpu: Cpu, kind: Source, ea: number): void {
  const m = cpu.x87.math;
  switch (kind) {
    case Source.Float32:
      m.loadFloat32(load32(cpu, ea));
      return;
    case Source.Float64: {
      const lo = load64(cpu, ea);
      m.loadFloat64(cpu.hi, lo);
      return;
    }
    case Source.Int16: {
      const v = (load16(cpu, ea) << 16) >> 16;
      m.loadInteger(v, v < 0 ? -1 : 0);
      return;
    }
    default: {
      const v = load32(cpu, ea);
      m.loadInteger(v, v < 0 ? -1 : 0);
    }
  }
}

function memorySource(inst: Instruction): Source {
  const size = inst.operands[0]!.size;
  const integer =
    inst.code === Code.FIADD ||
    inst.code === Code.FISUB ||
    inst.code === Code.FISUBR ||
    inst.code === Code.FIMUL ||
    inst.code === Code.FIDIV ||
    inst.code === Code.FIDIVR ||
    inst.code === Code.FICOM ||
    inst.code === Code.FICOMP;
  if (integer) return size === 2 ? Source.Int16 : Source.Int32;
  return size === 4 ? Source.Float32 : Source.Float64;
}

// ---- arithmetic ----

const enum Op {
  Add = 0,
  Sub = 1,
  SubR = 2,
  Mul = 3,
  Div = 4,
  DivR = 5,
}

/** dest op src (reversed forms: src op dest) into the engine's result. */
function compute(
  x: X87State,
  op: Op,
  dSe: number,
  dHi: number,
  dLo: number,
  sSe: number,
  sHi: number,
  sLo: number,
): void {
  const m = x.math;
  m.flags = 0;
  const f = x.format;
  switch (op) {
    case Op.Add:
      m.add(dSe, dHi, dLo, sSe, sHi, sLo, false, f);
      return;
    case Op.Sub:
      m.add(dSe, dHi, dLo, sSe, sHi, sLo, true, f);
      return;
    case Op.SubR:
      m.add(sSe, sHi, sLo, dSe, dHi, dLo, true, f);
      return;
    case Op.Mul:
      m.mul(dSe, dHi, dLo, sSe, sHi, sLo, f);
      return;
    case Op.Div:
      m.div(dSe, dHi, dLo, sSe, sHi, sLo, f);
      return;
    default:
      m.div(sSe, sHi, sLo, dSe, dHi, dLo, f);
  }
}

function bindArithmetic(inst: Instruction, op: Op, popAfter: boolean): Exec {
  const first = inst.operands[0]!;
  if (first.kind === OperandKind.Memory) {
    const kind = memorySource(inst);
    const address = bindAddress(inst);
    return (cpu) => {
      const x = cpu.x87;
      checkPending(x);
      const ea = address(cpu);
      const d = x.top;
      const m = x.math;
      m.flags = 0;
      loadSource(cpu, kind, ea);
      const loadFlags = m.flags;
      if (isEmpty(x, d)) {
        stackUnderflow(x);
        if (x.control & FLAG_IE) setIndefinite(x, d);
        return;
      }
      compute(x, op, x.se[d]!, x.hi[d]!, x.lo[d]!, m.se, m.hi, m.lo);
      m.flags |= loadFlags;
      if (raise(x, true)) writeResult(x, d);
    };
  }
  // Register forms: dest = operand 0, src = operand 1 (both ST(i)); FADDP with no operands is ST(1), ST(0).
  const di = inst.operandCount > 0 ? first.reg : 1;
  const si = inst.operandCount > 1 ? inst.operands[1]!.reg : 0;
  return (cpu) => {
    const x = cpu.x87;
    checkPending(x);
    const d = (x.top + di) & 7;
    const s = (x.top + si) & 7;
    if (isEmpty(x, d) || isEmpty(x, s)) {
      stackUnderflow(x);
      if (x.control & FLAG_IE) setIndefinite(x, d);
    } else {
      compute(x, op, x.se[d]!, x.hi[d]!, x.lo[d]!, x.se[s]!, x.hi[s]!, x.lo[s]!);
      if (raise(x, true)) writeResult(x, d);
    }
    if (popAfter) pop(x);
  };
}

// ---- compares ----

function setCompareCodes(x: X87State, rel: Relation): void {
  x.status = (x.status & ~SW_CONDITION) | relationCodes(rel);
}

function comiFlags(rel: Relation): number {
  return rel === Relation.Less ? CF : rel === Relation.Equal ? ZF : rel === Relation.Unordered ? ZF | PF | CF : 0;
}

/** FCOM/FUCOM/FICOM (pops: 0, 1 or 2), against ST(i) or memory; FCOMI forms set EFLAGS. */
function bindCompare(inst: Instruction, quiet: boolean, pops: number, eflags: boolean): Exec {
  const first = inst.operands[0];
  if (first && first.kind === OperandKind.Memory) {
    const kind = memorySource(inst);
    const address = bindAddress(inst);
    return (cpu) => {
      const x = cpu.x87;
      checkPending(x);
      const ea = address(cpu);
      const m = x.math;
      m.flags = 0;
      loadSource(cpu, kind, ea);
      const loadFlags = m.flags;
      const d = x.top;
      if (isEmpty(x, d)) {
        stackUnderflow(x);
        setCompareCodes(x, Relation.Unordered);
      } else {
        // Compare with the operand as loaded (a signaling NaN source still signals in the compare).
        const r = m.compare(x.se[d]!, x.hi[d]!, x.lo[d]!, m.se, m.hi, m.lo, quiet);
        m.flags |= loadFlags;
        raise(x, false);
        setCompareCodes(x, r);
      }
      for (let i = 0; i < pops; i++) pop(x);
    };
  }
  const si = eflags ? inst.operands[1]!.reg : inst.operandCount > 0 ? first!.reg : 1;
  return (cpu) => {
    const x = cpu.x87;
    checkPending(x);
    const d = x.top;
    const s = (x.top + si) & 7;
    let rel: Relation;
    if (isEmpty(x, d) || isEmpty(x, s)) {
      stackUnderflow(x);
      rel = Relation.Unordered;
    } else {
      const m = x.math;
      m.flags = 0;
      rel = m.compare(x.se[d]!, x.hi[d]!, x.lo[d]!, x.se[s]!, x.hi[s]!, x.lo[s]!, quiet);
      raise(x, false);
    }
    if (eflags) {
      x.status &= ~SW_C1;
      setArithmeticFlags(cpu, comiFlags(rel));
    } else setCompareCodes(x, rel);
    for (let i = 0; i < pops; i++) pop(x);
  };
}

// ---- loads and stores ----

function readExtended(cpu: Cpu, ea: number): void {
  const mem = cpu.memory;
  if (!mem.readable(ea, 10)) mem.fault(ea, 10, AccessKind.Read);
  const v = mem.view;
  const m = cpu.x87.math;
  m.lo = v.getUint32(ea, true);
  m.hi = v.getUint32(ea + 4, true);
  m.se = v.getUint16(ea + 8, true);
}

function writeExtended(cpu: Cpu, ea: number, se: number, hi: number, lo: number): void {
  const mem = cpu.memory;
  if (!mem.plainWritable(ea, 10)) mem.slowWriteCheck(ea, 10);
  const v = mem.view;
  v.setUint32(ea, lo >>> 0, true);
  v.setUint32(ea + 4, hi >>> 0, true);
  v.setUint16(ea + 8, se & 0xffff, true);
}

function bindLoad(inst: Instruction): Exec {
  const first = inst.operands[0]!;
  if (first.kind === OperandKind.Register) {
    const si = first.reg;
    return (cpu) => {
      const x = cpu.x87;
      checkPending(x);
      const s = (x.top + si) & 7;
      if (isEmpty(x, s)) {
        stackUnderflow(x);
        if (x.control & FLAG_IE) push(x, 0xffff, INDEFINITE_HI, 0);
        return;
      }
      push(x, x.se[s]!, x.hi[s]!, x.lo[s]!);
    };
  }
  const address = bindAddress(inst);
  const size = first.size;
  return (cpu) => {
    const x = cpu.x87;
    checkPending(x);
    const ea = address(cpu);
    const m = x.math;
    m.flags = 0;
    if (size === 10) readExtended(cpu, ea);
    else loadSource(cpu, size === 4 ? Source.Float32 : Source.Float64, ea);
    if (raise(x, false)) pushResult(x);
  };
}

function bindIntegerLoad(inst: Instruction): Exec {
  const address = bindAddress(inst);
  const size = inst.operands[0]!.size;
  return (cpu) => {
    const x = cpu.x87;
    checkPending(x);
    const ea = address(cpu);
    const m = x.math;
    if (size === 8) {
      const lo = load64(cpu, ea);
      m.loadInteger(lo, cpu.hi);
    } else loadSource(cpu, size === 2 ? Source.Int16 : Source.Int32, ea);
    pushResult(x);
  };
}

function bindBcdLoad(inst: Instruction): Exec {
  const address = bindAddress(inst);
  return (cpu) => {
    const x = cpu.x87;
    checkPending(x);
    const bytes = cpu.memory.readBytes(address(cpu), 10);
    x.math.loadBcd(bytes);
    pushResult(x);
  };
}

/** FST/FSTP to ST(i) or memory (m32fp, m64fp, m80fp). */
function bindStore(inst: Instruction, popAfter: boolean): Exec {
  const first = inst.operands[0]!;
  if (first.kind === OperandKind.Register) {
    const di = first.reg;
    return (cpu) => {
      const x = cpu.x87;
      checkPending(x);
      const s = x.top;
      const d = (x.top + di) & 7;
      if (isEmpty(x, s)) {
        stackUnderflow(x);
        if (x.control & FLAG_IE) setIndefinite(x, d);
      } else {
        x.status &= ~SW_C1;
        setRegister(x, d, x.se[s]!, x.hi[s]!, x.lo[s]!);
      }
      if (popAfter) pop(x);
    };
  }
  const address = bindAddress(inst);
  const size = first.size;
  return (cpu) => {
    const x = cpu.x87;
    checkPending(x);
    const ea = address(cpu);
    const s = x.top;
    const m = x.math;
    m.flags = 0;
    let se = x.se[s]!;
    let hi = x.hi[s]!;
    let lo = x.lo[s]!;
    if (isEmpty(x, s)) {
      stackUnderflow(x);
      if (!(x.control & FLAG_IE)) return;
      se = 0xffff;
      hi = INDEFINITE_HI;
      lo = 0;
    }
    if (size === 10) {
      writeExtended(cpu, ea, se, hi, lo);
      x.status &= ~SW_C1;
    } else if (size === 4) {
      const bits = m.storeFloat32(se, hi, lo);
      if (!raise(x, true)) return;
      store32(cpu, ea, bits);
    } else {
      const low = m.storeFloat64(se, hi, lo);
      if (!raise(x, true)) return;
      store64(cpu, ea, low, m.storeHigh);
    }
    if (popAfter) pop(x);
  };
}

/** FIST/FISTP (rounding control) and FISTTP (truncating) to m16/m32/m64. */
function bindIntegerStore(inst: Instruction, popAfter: boolean, truncate: boolean): Exec {
  const address = bindAddress(inst);
  const size = inst.operands[0]!.size;
  const bits = size * 8;
  return (cpu) => {
    const x = cpu.x87;
    checkPending(x);
    const ea = address(cpu);
    const s = x.top;
    const m = x.math;
    m.flags = 0;
    let low: number;
    if (isEmpty(x, s)) {
      stackUnderflow(x);
      if (!(x.control & FLAG_IE)) return;
      low = bits === 16 ? 0x8000 : bits === 32 ? 0x80000000 | 0 : 0;
      m.storeHigh = bits === 64 ? 0x80000000 | 0 : 0;
    } else {
      low = m.storeInteger(x.se[s]!, x.hi[s]!, x.lo[s]!, bits, truncate);
      if (!raise(x, true)) return;
    }
    if (bits === 16) store16(cpu, ea, low);
    else if (bits === 32) store32(cpu, ea, low);
    else store64(cpu, ea, low, m.storeHigh);
    if (popAfter) pop(x);
  };
}

function bindBcdStore(inst: Instruction): Exec {
  const address = bindAddress(inst);
  const out = new Uint8Array(10);
  return (cpu) => {
    const x = cpu.x87;
    checkPending(x);
    const ea = address(cpu);
    const s = x.top;
    const m = x.math;
    m.flags = 0;
    if (isEmpty(x, s)) {
      stackUnderflow(x);
      if (!(x.control & FLAG_IE)) return;
      out.fill(0);
      out[7] = 0xc0;
      out[8] = 0xff;
      out[9] = 0xff;
    } else {
      m.storeBcd(x.se[s]!, x.hi[s]!, x.lo[s]!, out);
      if (!raise(x, true)) return;
    }
    cpu.memory.writeBytes(ea, out);
    pop(x);
  };
}

// ---- constants ----

/**
 * FLD1/FLDZ/FLDPI/…: the constants' significands beyond 64 bits decide their rounding under RC:
 * [sign+exp, hi, lo, roundedUpInNearest, roundUpInUp] — nearest rounds up where the next bits are
 * above one half, "up" rounds up whenever they are not all zero.
 */
const CONSTANTS: Record<number, [number, number, number, number, number]> = {
  [Code.FLD1]: [0x3fff, 0x80000000, 0, 0, 0],
  [Code.FLDZ]: [0, 0, 0, 0, 0],
  [Code.FLDPI]: [0x4000, 0xc90fdaa2, 0x2168c234, 1, 1],
  [Code.FLDL2T]: [0x4000, 0xd49a784b, 0xcd1b8afe, 0, 1],
  [Code.FLDL2E]: [0x3fff, 0xb8aa3b29, 0x5c17f0bb, 1, 1],
  [Code.FLDLG2]: [0x3ffd, 0x9a209a84, 0xfbcff798, 1, 1],
  [Code.FLDLN2]: [0x3ffe, 0xb17217f7, 0xd1cf79ab, 1, 1],
};

function bindConstant(inst: Instruction): Exec {
  const [se, hi, lo, nearestUp, upUp] = CONSTANTS[inst.code]!;
  return (cpu) => {
    const x = cpu.x87;
    checkPending(x);
    const rc = (x.control >> 10) & 3;
    const up = rc === 0 ? nearestUp : rc === 2 ? upUp : 0;
    x.status &= ~SW_C1;
    push(x, se, hi, (lo + up) >>> 0);
  };
}

// ---- one-operand operations on ST(0) ----

type UnaryOp = (x: X87State, se: number, hi: number, lo: number) => void;

/** Applies `op` to ST(0) and writes the engine result back (C1 = rounded up when `c1`). */
function bindUnary(op: UnaryOp, c1: boolean): Exec {
  return (cpu) => {
    const x = cpu.x87;
    checkPending(x);
    const r = x.top;
    if (isEmpty(x, r)) {
      stackUnderflow(x);
      if (x.control & FLAG_IE) setIndefinite(x, r);
      return;
    }
    x.math.flags = 0;
    op(x, x.se[r]!, x.hi[r]!, x.lo[r]!);
    if (raise(x, c1)) writeResult(x, r);
  };
}

/** Two-operand operations on ST(0) and ST(1) whose result replaces ST(0) (FSCALE, FPREM…). */
function bindWithSt1(op: (x: X87State, a: number, b: number) => void, c1: boolean): Exec {
  return (cpu) => {
    const x = cpu.x87;
    checkPending(x);
    const a = x.top;
    const b = (x.top + 1) & 7;
    if (isEmpty(x, a) || isEmpty(x, b)) {
      stackUnderflow(x);
      if (x.control & FLAG_IE) setIndefinite(x, a);
      return;
    }
    x.math.flags = 0;
    op(x, a, b);
    if (raise(x, c1)) writeResult(x, a);
  };
}

// ---- environment ----

/** FNSTENV/FNSAVE environment (28 bytes, 32-bit layout as Linux x86-64 programs see it). */
/** The 28-byte protected-mode FNSTENV image (also what fegetenv stores, src/libc/math/fenv.ts). */
export function writeEnvironment(x: X87State, out: DataView): void {
  out.setUint32(0, 0xffff0000 | x.control, true);
  out.setUint32(4, 0xffff0000 | x.statusWord(), true);
  out.setUint32(8, 0xffff0000 | x.tagWord(), true);
  out.setUint32(12, 0, true); // FPU instruction pointer
  out.setUint32(16, x.lastOpcode << 16, true); // opcode (bits 16–26) and CS selector
  out.setUint32(20, 0, true); // FPU data pointer
  out.setUint32(24, 0xffff0000, true);
}

function readEnvironment(x: X87State, v: DataView): void {
  x.setControl(v.getUint16(0, true));
  x.setStatusWord(v.getUint16(4, true));
  x.setTagWord(v.getUint16(8, true));
  x.lastOpcode = (v.getUint32(16, true) >>> 16) & 0x7ff;
}

function bindEnvironment(inst: Instruction, save: boolean, registers: boolean): Exec {
  const address = bindAddress(inst);
  const size = registers ? 108 : 28;
  const buffer = new Uint8Array(size);
  const view = new DataView(buffer.buffer);
  return (cpu) => {
    const x = cpu.x87;
    const ea = address(cpu);
    if (save) {
      writeEnvironment(x, view);
      if (registers) {
        for (let i = 0; i < 8; i++) {
          const r = (x.top + i) & 7;
          view.setUint32(28 + i * 10, x.lo[r]!, true);
          view.setUint32(32 + i * 10, x.hi[r]!, true);
          view.setUint16(36 + i * 10, x.se[r]!, true);
        }
      }
      cpu.memory.writeBytes(ea, buffer);
      // FNSTENV masks all exceptions; FNSAVE reinitializes the unit.
      if (registers) x.reset();
      else x.setControl(x.control | 0x3f);
      return;
    }
    buffer.set(cpu.memory.readBytes(ea, size));
    readEnvironment(x, view);
    if (registers) {
      for (let i = 0; i < 8; i++) {
        const r = (x.top + i) & 7;
        x.lo[r] = view.getUint32(28 + i * 10, true);
        x.hi[r] = view.getUint32(32 + i * 10, true);
        x.se[r] = view.getUint16(36 + i * 10, true);
      }
    }
  };
}

/** MXCSR bits FXRSTOR/LDMXCSR accept (DAZ included): this machine's MXCSR_MASK. */
const MXCSR_MASK = 0xffff;

function bindFxsave(inst: Instruction, save: boolean): Exec {
  const address = bindAddress(inst);
  const buffer = new Uint8Array(512);
  const view = new DataView(buffer.buffer);
  return (cpu) => {
    const x = cpu.x87;
    const ea = address(cpu);
    if ((ea & 15) !== 0) throw GuestFault.generalProtection(`fxsave/fxrstor: misaligned area at 0x${ea.toString(16)}`);
    if (save) {
      buffer.fill(0);
      view.setUint16(0, x.control, true);
      view.setUint16(2, x.statusWord(), true);
      buffer[4] = ~x.empty & 0xff; // abridged tag: 1 = not empty
      view.setUint16(6, x.lastOpcode, true);
      view.setUint32(24, cpu.mxcsr, true);
      view.setUint32(28, MXCSR_MASK, true);
      for (let i = 0; i < 8; i++) {
        const r = (x.top + i) & 7;
        view.setUint32(32 + i * 16, x.lo[r]!, true);
        view.setUint32(36 + i * 16, x.hi[r]!, true);
        view.setUint16(40 + i * 16, x.se[r]!, true);
      }
      for (let i = 0; i < 16 * 4; i++) view.setInt32(160 + i * 4, cpu.xmm[i]!, true);
      cpu.memory.writeBytes(ea, buffer);
      return;
    }
    buffer.set(cpu.memory.readBytes(ea, 512));
    const mxcsr = view.getUint32(24, true);
    if ((mxcsr & ~MXCSR_MASK) !== 0) throw GuestFault.generalProtection('fxrstor: reserved MXCSR bits set');
    x.setControl(view.getUint16(0, true));
    x.setStatusWord(view.getUint16(2, true));
    x.empty = ~buffer[4]! & 0xff;
    x.lastOpcode = view.getUint16(6, true) & 0x7ff;
    cpu.mxcsr = mxcsr;
    for (let i = 0; i < 8; i++) {
      const r = (x.top + i) & 7;
      x.lo[r] = view.getUint32(32 + i * 16, true);
      x.hi[r] = view.getUint32(36 + i * 16, true);
      x.se[r] = view.getUint16(40 + i * 16, true);
    }
    for (let i = 0; i < 16 * 4; i++) cpu.xmm[i] = view.getInt32(160 + i * 4, true);
  };
}

// ---- registration ----

/** x86 condition codes tested by FCMOVcc. */
const FCMOV_CONDITIONS: [number, number][] = [
  [Code.FCMOVB, 2],
  [Code.FCMOVNB, 3],
  [Code.FCMOVE, 4],
  [Code.FCMOVNE, 5],
  [Code.FCMOVBE, 6],
  [Code.FCMOVNBE, 7],
  [Code.FCMOVU, 10],
  [Code.FCMOVNU, 11],
];

export function registerX87(r: HandlerRegistry): void {
  const arithmetic: [number, Op, boolean][] = [
    [Code.FADD, Op.Add, false],
    [Code.FADDP, Op.Add, true],
    [Code.FIADD, Op.Add, false],
    [Code.FSUB, Op.Sub, false],
    [Code.FSUBP, Op.Sub, true],
    [Code.FISUB, Op.Sub, false],
    [Code.FSUBR, Op.SubR, false],
    [Code.FSUBRP, Op.SubR, true],
    [Code.FISUBR, Op.SubR, false],
    [Code.FMUL, Op.Mul, false],
    [Code.FMULP, Op.Mul, true],
    [Code.FIMUL, Op.Mul, false],
    [Code.FDIV, Op.Div, false],
    [Code.FDIVP, Op.Div, true],
    [Code.FIDIV, Op.Div, false],
    [Code.FDIVR, Op.DivR, false],
    [Code.FDIVRP, Op.DivR, true],
    [Code.FIDIVR, Op.DivR, false],
  ];
  for (const [code, op, popAfter] of arithmetic) r.define(code, (inst) => bindArithmetic(inst, op, popAfter));

  r.define(Code.FCOM, (inst) => bindCompare(inst, false, 0, false));
  r.define(Code.FCOMP, (inst) => bindCompare(inst, false, 1, false));
  r.define(Code.FCOMPP, (inst) => bindCompare(inst, false, 2, false));
  r.define(Code.FUCOM, (inst) => bindCompare(inst, true, 0, false));
  r.define(Code.FUCOMP, (inst) => bindCompare(inst, true, 1, false));
  r.define(Code.FUCOMPP, (inst) => bindCompare(inst, true, 2, false));
  r.define(Code.FICOM, (inst) => bindCompare(inst, false, 0, false));
  r.define(Code.FICOMP, (inst) => bindCompare(inst, false, 1, false));
  r.define(Code.FCOMI, (inst) => bindCompare(inst, false, 0, true));
  r.define(Code.FCOMIP, (inst) => bindCompare(inst, false, 1, true));
  r.define(Code.FUCOMI, (inst) => bindCompare(inst, true, 0, true));
  r.define(Code.FUCOMIP, (inst) => bindCompare(inst, true, 1, true));
  r.define(Code.FTST, () => bindUnaryCodes((x, se, hi, lo) => relationCodes(x.math.test(se, hi, lo))));
  r.define(Code.FXAM, () => (cpu) => {
    const x = cpu.x87;
    const t = x.top;
    // Empty: C3 and C0 (C1 keeps the stale sign).
    const codes = isEmpty(x, t)
      ? 0x4100 | ((x.se[t]! & 0x8000) !== 0 ? SW_C1 : 0)
      : x.math.examine(x.se[t]!, x.hi[t]!, x.lo[t]!);
    x.status = (x.status & ~SW_CONDITION) | codes;
  });

  r.define(Code.FLD, bindLoad);
  r.define(Code.FILD, bindIntegerLoad);
  r.define(Code.FBLD, bindBcdLoad);
  r.define(Code.FST, (inst) => bindStore(inst, false));
  r.define(Code.FSTP, (inst) => bindStore(inst, true));
  r.define(Code.FIST, (inst) => bindIntegerStore(inst, false, false));
  r.define(Code.FISTP, (inst) => bindIntegerStore(inst, true, false));
  r.define(Code.FISTTP, (inst) => bindIntegerStore(inst, true, true));
  r.define(Code.FBSTP, bindBcdStore);
  for (const code of [Code.FLD1, Code.FLDZ, Code.FLDPI, Code.FLDL2T, Code.FLDL2E, Code.FLDLG2, Code.FLDLN2]) {
    r.define(code, bindConstant);
  }

  r.define(Code.FXCH, (inst) => {
    const si = inst.operandCount > 0 ? inst.operands[0]!.reg : 1;
    return (cpu) => {
      const x = cpu.x87;
      checkPending(x);
      const a = x.top;
      const b = (x.top + si) & 7;
      if (isEmpty(x, a) || isEmpty(x, b)) {
        stackUnderflow(x);
        if (!(x.control & FLAG_IE)) return;
        if (isEmpty(x, a)) setIndefinite(x, a);
        if (isEmpty(x, b)) setIndefinite(x, b);
      } else x.status &= ~SW_C1;
      const se = x.se[a]!;
      const hi = x.hi[a]!;
      const lo = x.lo[a]!;
      setRegister(x, a, x.se[b]!, x.hi[b]!, x.lo[b]!);
      setRegister(x, b, se, hi, lo);
    };
  });
  for (const [code, cc] of FCMOV_CONDITIONS) {
    r.define(code, (inst) => {
      const si = inst.operands[1]!.reg;
      return (cpu) => {
        const x = cpu.x87;
        checkPending(x);
        const s = (x.top + si) & 7;
        if (isEmpty(x, x.top) || isEmpty(x, s)) {
          stackUnderflow(x);
          if (x.control & FLAG_IE) setIndefinite(x, x.top);
          return;
        }
        if (testCondition(cpu, cc)) setRegister(x, x.top, x.se[s]!, x.hi[s]!, x.lo[s]!);
      };
    });
  }

  r.define(Code.FCHS, () =>
    bindUnary((x, se, hi, lo) => {
      x.math.setResult((se >> 15) ^ 1, se, hi, lo);
      x.status &= ~SW_C1;
    }, false),
  );
  r.define(Code.FABS, () =>
    bindUnary((x, se, hi, lo) => {
      x.math.setResult(0, se, hi, lo);
      x.status &= ~SW_C1;
    }, false),
  );
  r.define(Code.FSQRT, () => bindUnary((x, se, hi, lo) => x.math.sqrt(se, hi, lo, x.format), true));
  r.define(Code.FRNDINT, () => bindUnary((x, se, hi, lo) => x.math.roundInt(se, hi, lo), true));
  r.define(Code.FSCALE, () =>
    bindWithSt1((x, a, b) => x.math.scale(x.se[a]!, x.hi[a]!, x.lo[a]!, x.se[b]!, x.hi[b]!, x.lo[b]!), true),
  );
  const remainder = (nearest: boolean): Exec =>
    bindWithSt1((x, a, b) => {
      const m = x.math;
      m.remainder(x.se[a]!, x.hi[a]!, x.lo[a]!, x.se[b]!, x.hi[b]!, x.lo[b]!, nearest);
      x.status = (x.status & ~SW_CONDITION) | m.conditionCodes;
    }, false);
  r.define(Code.FPREM, () => remainder(false));
  r.define(Code.FPREM1, () => remainder(true));
  r.define(Code.FXTRACT, () => (cpu) => {
    const x = cpu.x87;
    checkPending(x);
    const t = x.top;
    if (isEmpty(x, t)) {
      stackUnderflow(x);
      if (!(x.control & FLAG_IE)) return;
      setIndefinite(x, t);
      push(x, 0xffff, INDEFINITE_HI, 0);
      return;
    }
    const m = x.math;
    m.flags = 0;
    m.extract(x.se[t]!, x.hi[t]!, x.lo[t]!);
    if (!raise(x, false)) return;
    // ST(0) becomes the exponent, then the significand is pushed.
    setRegister(x, t, m.se2, m.hi2, m.lo2);
    push(x, m.se, m.hi, m.lo);
  });

  r.define(Code.FINCSTP, () => (cpu) => {
    const x = cpu.x87;
    checkPending(x);
    x.top = (x.top + 1) & 7;
    x.status &= ~SW_C1;
  });
  r.define(Code.FDECSTP, () => (cpu) => {
    const x = cpu.x87;
    checkPending(x);
    x.top = (x.top - 1) & 7;
    x.status &= ~SW_C1;
  });
  r.define(Code.FFREE, (inst) => {
    const si = inst.operands[0]!.reg;
    return (cpu) => {
      const x = cpu.x87;
      checkPending(x);
      x.empty |= 1 << ((x.top + si) & 7);
    };
  });
  r.define(Code.FFREEP, (inst) => {
    const si = inst.operands[0]!.reg;
    return (cpu) => {
      const x = cpu.x87;
      checkPending(x);
      x.empty |= 1 << ((x.top + si) & 7);
      pop(x);
    };
  });

  // Control instructions. The FN forms do not wait; the waiting forms (FINIT, FCLEX, FSTCW…) are
  // FWAIT + FN form, and deliver a pending exception first.
  const control = (code: number, waits: boolean, run: (cpu: Cpu, x: X87State) => void) =>
    r.define(code, () => (cpu) => {
      const x = cpu.x87;
      if (waits) checkPending(x);
      run(cpu, x);
    });
  control(Code.FNINIT, false, (_cpu, x) => x.reset());
  control(Code.FINIT, true, (_cpu, x) => x.reset());
  const clear = (_cpu: Cpu, x: X87State) => {
    x.status &= ~(0x3f | SW_SF | SW_ES | SW_BUSY);
  };
  control(Code.FNCLEX, false, clear);
  control(Code.FCLEX, true, clear);
  for (const code of [Code.FNOP, Code.FDISI, Code.FNDISI, Code.FENI, Code.FNENI, Code.FSETPM, Code.FNSETPM]) {
    control(code, code !== Code.FNOP && code !== Code.FNDISI && code !== Code.FNENI && code !== Code.FNSETPM, () => {});
  }
  r.define(Code.FLDCW, (inst) => {
    const address = bindAddress(inst);
    return (cpu) => {
      const x = cpu.x87;
      checkPending(x);
      x.setControl(load16(cpu, address(cpu)));
      // Unmasking an exception whose flag is set makes it pending.
      if (x.status & ~x.control & 0x3f) x.status |= SW_ES | SW_BUSY;
      else x.status &= ~(SW_ES | SW_BUSY);
    };
  });
  const storeControl = (inst: Instruction, waits: boolean): Exec => {
    const address = bindAddress(inst);
    return (cpu) => {
      if (waits) checkPending(cpu.x87);
      store16(cpu, address(cpu), cpu.x87.control);
    };
  };
  r.define(Code.FNSTCW, (inst) => storeControl(inst, false));
  r.define(Code.FSTCW, (inst) => storeControl(inst, true));
  const storeStatus = (inst: Instruction, waits: boolean): Exec => {
    const first = inst.operands[0]!;
    if (first.kind === OperandKind.Register) {
      return (cpu) => {
        if (waits) checkPending(cpu.x87);
        cpu.gpr[0] = (cpu.gpr[0]! & ~0xffff) | cpu.x87.statusWord();
      };
    }
    const address = bindAddress(inst);
    return (cpu) => {
      if (waits) checkPending(cpu.x87);
      store16(cpu, address(cpu), cpu.x87.statusWord());
    };
  };
  r.define(Code.FNSTSW, (inst) => storeStatus(inst, false));
  r.define(Code.FSTSW, (inst) => storeStatus(inst, true));
  r.define(Code.FNSTENV, (inst) => bindEnvironment(inst, true, false));
  r.define(Code.FSTENV, (inst) => {
    const run = bindEnvironment(inst, true, false);
    return (cpu) => {
      checkPending(cpu.x87);
      run(cpu);
    };
  });
  r.define(Code.FLDENV, (inst) => bindEnvironment(inst, false, false));
  r.define(Code.FNSAVE, (inst) => bindEnvironment(inst, true, true));
  r.define(Code.FSAVE, (inst) => {
    const run = bindEnvironment(inst, true, true);
    return (cpu) => {
      checkPending(cpu.x87);
      run(cpu);
    };
  });
  r.define(Code.FRSTOR, (inst) => bindEnvironment(inst, false, true));
  r.define(Code.FXSAVE, (inst) => bindFxsave(inst, true));
  r.define(Code.FXRSTOR, (inst) => bindFxsave(inst, false));

  registerX87Transcendentals(r);
}

/** FTST-like: condition codes computed from ST(0) without changing it. */
function bindUnaryCodes(codes: (x: X87State, se: number, hi: number, lo: number) => number): Exec {
  return (cpu) => {
    const x = cpu.x87;
    checkPending(x);
    const t = x.top;
    if (isEmpty(x, t)) {
      stackUnderflow(x);
      x.status = (x.status & ~SW_CONDITION) | 0x4500;
      return;
    }
    x.math.flags = 0;
    const c = codes(x, x.se[t]!, x.hi[t]!, x.lo[t]!);
    raise(x, false);
    x.status = (x.status & ~SW_CONDITION) | c;
  };
}

export {
  checkPending as checkPendingX87,
  isEmpty as x87IsEmpty,
  pop as x87Pop,
  push as x87Push,
  raise as x87Raise,
  setIndefinite as x87SetIndefinite,
  stackUnderflow as x87StackUnderflow,
};
