// Data movement: mov movzx movsx movsxd lea xchg cmovcc setcc bswap movbe cbw/cwde/cdqe
// cwd/cdq/cqo, and the flag-register moves (pushf/popf live in ./stack.ts).

import { type Instruction, MEM_BASE_RIP, MEM_NONE, OperandKind } from '../x86/instruction.ts';
import { type AddressFn, bindAddress, exactBaseDisp, fixedAddress, isBaseDisplacement } from './address.ts';
import type { Cpu } from './cpu.ts';
import { CONDITIONS } from './flags.ts';
import { load16, load32, load64, store16, store32, store64 } from './memory-access.ts';
import {
  bindReader,
  bindReader64,
  bindWriter,
  bindWriter64,
  immediateHigh,
  immediateValue,
  isImmediate,
  isMemory,
  isRegister,
  type Reader,
  registerWriter,
  signExtend,
  type Writer,
} from './operands.ts';
import type { Exec } from './registry.ts';
import { SharedClosures } from './shared-closures.ts';

const TWO32 = 4294967296;

// Binding runs once per decoded instruction in V8's unoptimised start-up code, where every byte
// allocated is a fresh page sooner (issue 4). So each form has a small factory whose closure
// captures exactly what it runs on (a function with a captured variable allocates a context for all
// of them whatever branch runs), the commonest memory forms compute their address themselves
// instead of calling an address closure, and register-to-register forms, whose closure depends
// only on the two register numbers, are made once per pair and shared.

/** mov dst, src (general registers, memory, immediates; moffs forms too). */
export function bindMov(inst: Instruction): Exec {
  const dst = inst.operands[0]!;
  const src = inst.operands[1]!;
  const size = dst.size;
  if (size !== 8 && size !== 4) return bindMovNarrow(inst, size);
  const wide = size === 8;
  if (isRegister(dst)) {
    const d2 = dst.reg * 2;
    if (isRegister(src)) return movRegisterPair(wide, d2, src.reg * 2);
    if (isImmediate(src)) {
      return wide
        ? movImmediate64(d2, immediateValue(inst, src, 8), immediateHigh(inst, src))
        : movImmediate32(d2, immediateValue(inst, src, 4));
    }
    const fixed = fixedAddress(inst);
    if (fixed >= 0) return wide ? loadFixed64(d2, fixed) : loadFixed32(d2, fixed);
    if (isBaseDisplacement(inst)) {
      const b2 = inst.memBase * 2;
      return wide
        ? loadBaseDisp64(d2, b2, inst.memDisp, inst.address)
        : loadBaseDisp32(d2, b2, inst.memDisp, inst.address);
    }
    return wide ? load64Into(d2, bindAddress(inst)) : load32Into(d2, bindAddress(inst));
  }
  if (isRegister(src)) {
    const s2 = src.reg * 2;
    const fixed = fixedAddress(inst);
    if (fixed >= 0) return wide ? storeFixed64(s2, fixed) : storeFixed32(s2, fixed);
    if (isBaseDisplacement(inst)) {
      const b2 = inst.memBase * 2;
      return wide
        ? storeBaseDisp64(s2, b2, inst.memDisp, inst.address)
        : storeBaseDisp32(s2, b2, inst.memDisp, inst.address);
    }
    return wide ? store64From(bindAddress(inst), s2) : store32From(bindAddress(inst), s2);
  }
  if (isBaseDisplacement(inst)) {
    const b2 = inst.memBase * 2;
    return wide
      ? storeImmediateBaseDisp64(b2, inst.memDisp, inst.address, immediateValue(inst, src, 8), immediateHigh(inst, src))
      : storeImmediateBaseDisp32(b2, inst.memDisp, inst.address, immediateValue(inst, src, 4));
  }
  return wide
    ? storeImmediate64(bindAddress(inst), immediateValue(inst, src, 8), immediateHigh(inst, src))
    : storeImmediate32(bindAddress(inst), immediateValue(inst, src, 4));
}

/** mov of 8 or 16 bits: generic operand access. */
function bindMovNarrow(inst: Instruction, size: number): Exec {
  return movThrough(bindReader(inst, 1, size), bindWriter(inst, 0, size));
}

function movThrough(read: Reader, write: Writer): Exec {
  return (cpu) => write(cpu, read(cpu));
}

/** The shared mov r, r closures: row (64-bit ? 16 : 0) + destination, column source. */
const registerMoves = new SharedClosures<Exec>(32);

function movRegisterPair(wide: boolean, d2: number, s2: number): Exec {
  const row = (wide ? 16 : 0) + (d2 >> 1);
  let exec = registerMoves.get(row, s2 >> 1);
  if (exec === undefined) {
    exec = wide ? movRegister64(d2, s2) : movRegister32(d2, s2);
    registerMoves.set(row, s2 >> 1, exec);
  }
  return exec;
}

function movRegister64(d2: number, s2: number): Exec {
  return (cpu) => {
    const g = cpu.gpr;
    g[d2] = g[s2]!;
    g[d2 + 1] = g[s2 + 1]!;
  };
}

function movRegister32(d2: number, s2: number): Exec {
  return (cpu) => {
    const g = cpu.gpr;
    g[d2] = g[s2]!;
    g[d2 + 1] = 0;
  };
}

function movImmediate64(d2: number, lo: number, hi: number): Exec {
  return (cpu) => {
    cpu.gpr[d2] = lo;
    cpu.gpr[d2 + 1] = hi;
  };
}

function movImmediate32(d2: number, v: number): Exec {
  return (cpu) => {
    cpu.gpr[d2] = v;
    cpu.gpr[d2 + 1] = 0;
  };
}

function loadFixed64(d2: number, ea: number): Exec {
  return (cpu) => {
    const lo = load64(cpu, ea);
    cpu.gpr[d2] = lo;
    cpu.gpr[d2 + 1] = cpu.hi;
  };
}

function loadFixed32(d2: number, ea: number): Exec {
  return (cpu) => {
    const v = load32(cpu, ea);
    cpu.gpr[d2] = v;
    cpu.gpr[d2 + 1] = 0;
  };
}

function loadBaseDisp64(d2: number, b2: number, disp: number, at: number): Exec {
  return (cpu) => {
    const g = cpu.gpr;
    let ea = (g[b2]! >>> 0) + disp;
    if (g[b2 + 1] !== 0 || ea < 0 || ea >= TWO32) ea = exactBaseDisp(cpu, b2, disp, at);
    const lo = load64(cpu, ea);
    g[d2] = lo;
    g[d2 + 1] = cpu.hi;
  };
}

function loadBaseDisp32(d2: number, b2: number, disp: number, at: number): Exec {
  return (cpu) => {
    const g = cpu.gpr;
    let ea = (g[b2]! >>> 0) + disp;
    if (g[b2 + 1] !== 0 || ea < 0 || ea >= TWO32) ea = exactBaseDisp(cpu, b2, disp, at);
    const v = load32(cpu, ea);
    g[d2] = v;
    g[d2 + 1] = 0;
  };
}

function load64Into(d2: number, address: AddressFn): Exec {
  return (cpu) => {
    const lo = load64(cpu, address(cpu));
    cpu.gpr[d2] = lo;
    cpu.gpr[d2 + 1] = cpu.hi;
  };
}

function load32Into(d2: number, address: AddressFn): Exec {
  return (cpu) => {
    const v = load32(cpu, address(cpu));
    cpu.gpr[d2] = v;
    cpu.gpr[d2 + 1] = 0;
  };
}

function storeFixed64(s2: number, ea: number): Exec {
  return (cpu) => store64(cpu, ea, cpu.gpr[s2]!, cpu.gpr[s2 + 1]!);
}

function storeFixed32(s2: number, ea: number): Exec {
  return (cpu) => store32(cpu, ea, cpu.gpr[s2]!);
}

function storeBaseDisp64(s2: number, b2: number, disp: number, at: number): Exec {
  return (cpu) => {
    const g = cpu.gpr;
    let ea = (g[b2]! >>> 0) + disp;
    if (g[b2 + 1] !== 0 || ea < 0 || ea >= TWO32) ea = exactBaseDisp(cpu, b2, disp, at);
    store64(cpu, ea, g[s2]!, g[s2 + 1]!);
  };
}

function storeBaseDisp32(s2: number, b2: number, disp: number, at: number): Exec {
  return (cpu) => {
    const g = cpu.gpr;
    let ea = (g[b2]! >>> 0) + disp;
    if (g[b2 + 1] !== 0 || ea < 0 || ea >= TWO32) ea = exactBaseDisp(cpu, b2, disp, at);
    store32(cpu, ea, g[s2]!);
  };
}

function store64From(address: AddressFn, s2: number): Exec {
  return (cpu) => store64(cpu, address(cpu), cpu.gpr[s2]!, cpu.gpr[s2 + 1]!);
}

function store32From(address: AddressFn, s2: number): Exec {
  return (cpu) => store32(cpu, address(cpu), cpu.gpr[s2]!);
}

function storeImmediateBaseDisp64(b2: number, disp: number, at: number, lo: number, hi: number): Exec {
  return (cpu) => {
    const g = cpu.gpr;
    let ea = (g[b2]! >>> 0) + disp;
    if (g[b2 + 1] !== 0 || ea < 0 || ea >= TWO32) ea = exactBaseDisp(cpu, b2, disp, at);
    store64(cpu, ea, lo, hi);
  };
}

function storeImmediateBaseDisp32(b2: number, disp: number, at: number, v: number): Exec {
  return (cpu) => {
    const g = cpu.gpr;
    let ea = (g[b2]! >>> 0) + disp;
    if (g[b2 + 1] !== 0 || ea < 0 || ea >= TWO32) ea = exactBaseDisp(cpu, b2, disp, at);
    store32(cpu, ea, v);
  };
}

function storeImmediate64(address: AddressFn, lo: number, hi: number): Exec {
  return (cpu) => store64(cpu, address(cpu), lo, hi);
}

function storeImmediate32(address: AddressFn, v: number): Exec {
  return (cpu) => store32(cpu, address(cpu), v);
}

/** movzx/movsx/movsxd: widen operand 1 into the register operand 0. */
export function bindExtend(inst: Instruction, signed: boolean): Exec {
  const dst = inst.operands[0]!;
  const from = inst.operands[1]!.size;
  const to = dst.size;
  const read = bindReader(inst, 1, from);
  const d2 = dst.reg * 2;
  if (to === 8) return signed ? signExtendInto64(read, d2, from) : zeroExtendInto(read, d2);
  if (to === 4) return signed ? signExtendInto32(read, d2, from) : zeroExtendInto(read, d2);
  return extendThrough(registerWriter(dst, to), read, from, signed);
}

/** movzx into a 32- or 64-bit register: the value, the high word zeroed. */
function zeroExtendInto(read: Reader, d2: number): Exec {
  return (cpu) => {
    cpu.gpr[d2] = read(cpu);
    cpu.gpr[d2 + 1] = 0;
  };
}

function signExtendInto64(read: Reader, d2: number, from: number): Exec {
  return (cpu) => {
    const v = signExtend(read(cpu), from);
    cpu.gpr[d2] = v;
    cpu.gpr[d2 + 1] = v >> 31;
  };
}

function signExtendInto32(read: Reader, d2: number, from: number): Exec {
  return (cpu) => {
    cpu.gpr[d2] = signExtend(read(cpu), from);
    cpu.gpr[d2 + 1] = 0;
  };
}

function extendThrough(write: Writer, read: Reader, from: number, signed: boolean): Exec {
  return signed ? (cpu) => write(cpu, signExtend(read(cpu), from)) : (cpu) => write(cpu, read(cpu));
}

/** lea: the address itself, truncated to the operand size (address-size wraps included). */
export function bindLea(inst: Instruction): Exec {
  const dst = inst.operands[0]!;
  const d2 = dst.reg * 2;
  const size = dst.size;
  const base = inst.memBase;
  const disp = inst.memDisp;
  if (size === 8 && inst.addressSize === 8) {
    if (base === MEM_BASE_RIP) {
      // A rip-relative displacement is a sign-extended int32: the sum stays a small integer in the
      // common case (unoptimised code boxes intermediates outside them), and its high half is 0
      // unless the instruction sits at the very top of the space or bottom.
      const target = inst.address + inst.length + disp;
      const high = target >= 0 && target < TWO32 ? 0 : Math.floor(target / TWO32) | 0;
      return movImmediate64(d2, target | 0, high);
    }
    // A displacement is sign-extended (lea has no moffs form): memDispHigh is disp's sign.
    if (inst.memIndex === MEM_NONE && base !== MEM_NONE) return leaBaseDisp64(d2, base * 2, disp);
    return leaGeneral64(d2, base, inst.memIndex, inst.memScale, disp, inst.memDispHigh);
  }
  if (base === MEM_BASE_RIP) {
    const low = (inst.address + inst.length + disp) | 0;
    if (size === 8) return movImmediate64(d2, low, 0);
    if (size === 4) return movImmediate32(d2, low);
  }
  const low = leaLow(base, inst.memIndex, inst.memScale, disp, inst.address + inst.length);
  if (size === 4 || size === 8) return leaLowInto(d2, low);
  return leaLowThrough(registerWriter(dst, size), low);
}

/** rbase + disp as 64 bits: the low sum's carry or borrow goes into the high half. */
function leaBaseDisp64(d2: number, b2: number, disp: number): Exec {
  return (cpu) => {
    const g = cpu.gpr;
    const sum = (g[b2]! >>> 0) + disp;
    const hi = (g[b2 + 1]! + Math.floor(sum / TWO32)) | 0;
    g[d2] = sum | 0;
    g[d2 + 1] = hi;
  };
}

function leaGeneral64(d2: number, b: number, x: number, scale: number, disp: number, dispHigh: number): Exec {
  return (cpu) => {
    const g = cpu.gpr;
    let lo = disp >>> 0;
    let hi = dispHigh;
    if (b >= 0) {
      lo += g[b * 2]! >>> 0;
      hi += g[b * 2 + 1]!;
    }
    if (x >= 0) {
      lo += (g[x * 2]! >>> 0) * scale;
      hi += g[x * 2 + 1]! * scale;
    }
    g[d2] = lo | 0;
    g[d2 + 1] = (hi + Math.floor(lo / TWO32)) | 0;
  };
}

/** A 32-bit destination (or address size): the low word, the high word zeroed. */
function leaLowInto(d2: number, low: (cpu: Cpu) => number): Exec {
  return (cpu) => {
    cpu.gpr[d2] = low(cpu);
    cpu.gpr[d2 + 1] = 0;
  };
}

function leaLowThrough(write: Writer, low: (cpu: Cpu) => number): Exec {
  return (cpu) => write(cpu, low(cpu) & 0xffff);
}

/**
 * The low 32 bits of an address computation (no segment base, no checks: lea is arithmetic).
 * Everything is exact as doubles below 2^53, then truncated.
 */
function leaLow(b: number, x: number, scale: number, disp: number, next: number): (cpu: Cpu) => number {
  if (b === MEM_BASE_RIP) {
    const v = (next + disp) | 0;
    return () => v;
  }
  if (b >= 0 && x >= 0) return (cpu) => (cpu.gpr[b * 2]! + cpu.gpr[x * 2]! * scale + disp) | 0;
  if (b >= 0) return (cpu) => (cpu.gpr[b * 2]! + disp) | 0;
  if (x >= 0) return (cpu) => (cpu.gpr[x * 2]! * scale + disp) | 0;
  const v = disp | 0;
  return () => v;
}

/** xchg: swaps two operands (with memory it is implicitly locked — atomic by construction here). */
export function bindXchg(inst: Instruction): Exec {
  const a = inst.operands[0]!;
  const size = a.size;
  if (size === 8) {
    const readA = bindReader64(inst, 0);
    const readB = bindReader64(inst, 1);
    const writeA = bindWriter64(inst, 0);
    const writeB = bindWriter64(inst, 1);
    return (cpu) => {
      const aLo = readA(cpu);
      const aHi = cpu.hi;
      const bLo = readB(cpu);
      const bHi = cpu.hi;
      // Memory first: if the store faults, no register has changed.
      if (isMemory(a)) {
        writeA(cpu, bLo, bHi);
        writeB(cpu, aLo, aHi);
      } else {
        writeB(cpu, aLo, aHi);
        writeA(cpu, bLo, bHi);
      }
    };
  }
  const readA = bindReader(inst, 0, size);
  const readB = bindReader(inst, 1, size);
  const writeA = bindWriter(inst, 0, size);
  const writeB = bindWriter(inst, 1, size);
  const memoryFirst = isMemory(a);
  return (cpu) => {
    const va = readA(cpu);
    const vb = readB(cpu);
    if (memoryFirst) {
      writeA(cpu, vb);
      writeB(cpu, va);
    } else {
      writeB(cpu, va);
      writeA(cpu, vb);
    }
  };
}

/** cmovcc: the load happens (and may fault) whatever the condition; a 32-bit cmov always zero-extends. */
export function bindCmov(inst: Instruction, cc: number): Exec {
  const test = CONDITIONS[cc]!;
  const dst = inst.operands[0]!;
  const d = dst.reg * 2;
  const size = dst.size;
  if (size === 8) {
    const read = bindReader64(inst, 1);
    return (cpu) => {
      const lo = read(cpu);
      if (test(cpu)) {
        cpu.gpr[d] = lo;
        cpu.gpr[d + 1] = cpu.hi;
      }
    };
  }
  const read = bindReader(inst, 1, size);
  if (size === 4) {
    return (cpu) => {
      const v = read(cpu);
      if (test(cpu)) cpu.gpr[d] = v;
      cpu.gpr[d + 1] = 0;
    };
  }
  const write = registerWriter(dst, size);
  return (cpu) => {
    const v = read(cpu);
    if (test(cpu)) write(cpu, v);
  };
}

/** setcc: 1 or 0 into a byte. */
export function bindSetcc(inst: Instruction, cc: number): Exec {
  const test = CONDITIONS[cc]!;
  const write = bindWriter(inst, 0, 1);
  return (cpu) => write(cpu, test(cpu) ? 1 : 0);
}

/** bswap r32/r64 (bswap r16 is undefined; hardware zeroes the low word, as we do). */
export function bindBswap(inst: Instruction): Exec {
  const dst = inst.operands[0]!;
  const d = dst.reg * 2;
  if (dst.size === 8) {
    return (cpu) => {
      const g = cpu.gpr;
      const lo = g[d]!;
      g[d] = byteSwap32(g[d + 1]!);
      g[d + 1] = byteSwap32(lo);
    };
  }
  if (dst.size === 2) {
    return (cpu) => {
      cpu.gpr[d] = cpu.gpr[d]! & ~0xffff;
    };
  }
  return (cpu) => {
    cpu.gpr[d] = byteSwap32(cpu.gpr[d]!);
    cpu.gpr[d + 1] = 0;
  };
}

export function byteSwap32(v: number): number {
  return ((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24);
}

/** movbe: a load or store with the bytes reversed. */
export function bindMovbe(inst: Instruction): Exec {
  const dst = inst.operands[0]!;
  const src = inst.operands[1]!;
  const size = dst.size;
  const address = bindAddress(inst);
  if (dst.kind === OperandKind.Register) {
    const d = dst.reg * 2;
    if (size === 8) {
      return (cpu) => {
        const lo = load64(cpu, address(cpu));
        const hi = cpu.hi;
        cpu.gpr[d] = byteSwap32(hi);
        cpu.gpr[d + 1] = byteSwap32(lo);
      };
    }
    if (size === 4) {
      return (cpu) => {
        cpu.gpr[d] = byteSwap32(load32(cpu, address(cpu)));
        cpu.gpr[d + 1] = 0;
      };
    }
    return (cpu) => {
      const v = load16(cpu, address(cpu));
      cpu.gpr[d] = (cpu.gpr[d]! & ~0xffff) | ((v >> 8) & 0xff) | ((v & 0xff) << 8);
    };
  }
  const s = src.reg * 2;
  if (size === 8) return (cpu) => store64(cpu, address(cpu), byteSwap32(cpu.gpr[s + 1]!), byteSwap32(cpu.gpr[s]!));
  if (size === 4) return (cpu) => store32(cpu, address(cpu), byteSwap32(cpu.gpr[s]!));
  return (cpu) => {
    const v = cpu.gpr[s]!;
    store16(cpu, address(cpu), ((v >> 8) & 0xff) | ((v & 0xff) << 8));
  };
}

/** cbw/cwde/cdqe: sign-extend the low half of rAX into rAX. */
export function bindConvertAccumulator(inst: Instruction): Exec {
  switch (inst.operandSize) {
    case 2:
      return (cpu) => {
        cpu.gpr[0] = (cpu.gpr[0]! & ~0xffff) | (((cpu.gpr[0]! << 24) >> 24) & 0xffff);
      };
    case 4:
      return (cpu) => {
        cpu.gpr[0] = (cpu.gpr[0]! << 16) >> 16;
        cpu.gpr[1] = 0;
      };
    default:
      return (cpu) => {
        cpu.gpr[1] = cpu.gpr[0]! >> 31;
      };
  }
}

/** cwd/cdq/cqo: fill rDX with the sign of rAX. */
export function bindConvertToDouble(inst: Instruction): Exec {
  switch (inst.operandSize) {
    case 2:
      return (cpu) => {
        cpu.gpr[4] = (cpu.gpr[4]! & ~0xffff) | (((cpu.gpr[0]! << 16) >> 31) & 0xffff);
      };
    case 4:
      return (cpu) => {
        cpu.gpr[4] = cpu.gpr[0]! >> 31;
        cpu.gpr[5] = 0;
      };
    default:
      return (cpu) => {
        const sign = cpu.gpr[1]! >> 31;
        cpu.gpr[4] = sign;
        cpu.gpr[5] = sign;
      };
  }
}
