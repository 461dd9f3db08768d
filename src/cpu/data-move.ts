// Data movement: mov movzx movsx movsxd lea xchg cmovcc setcc bswap movbe cbw/cwde/cdqe
// cwd/cdq/cqo, and the flag-register moves (pushf/popf live in ./stack.ts).

import { type Instruction, OperandKind } from '../x86/instruction.ts';
import { bindAddress } from './address.ts';
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
  registerWriter,
  signExtend,
} from './operands.ts';
import type { Exec } from './registry.ts';

/** mov dst, src (general registers, memory, immediates; moffs forms too). */
export function bindMov(inst: Instruction): Exec {
  const dst = inst.operands[0]!;
  const src = inst.operands[1]!;
  const size = dst.size;
  if (size === 8) {
    if (isRegister(dst)) {
      const d = dst.reg * 2;
      if (isRegister(src)) {
        const s = src.reg * 2;
        return (cpu) => {
          const g = cpu.gpr;
          g[d] = g[s]!;
          g[d + 1] = g[s + 1]!;
        };
      }
      if (isImmediate(src)) {
        const lo = immediateValue(inst, src, 8);
        const hi = immediateHigh(inst, src);
        return (cpu) => {
          cpu.gpr[d] = lo;
          cpu.gpr[d + 1] = hi;
        };
      }
      const address = bindAddress(inst);
      return (cpu) => {
        const lo = load64(cpu, address(cpu));
        cpu.gpr[d] = lo;
        cpu.gpr[d + 1] = cpu.hi;
      };
    }
    const address = bindAddress(inst);
    if (isRegister(src)) {
      const s = src.reg * 2;
      return (cpu) => store64(cpu, address(cpu), cpu.gpr[s]!, cpu.gpr[s + 1]!);
    }
    const lo = immediateValue(inst, src, 8);
    const hi = immediateHigh(inst, src);
    return (cpu) => store64(cpu, address(cpu), lo, hi);
  }
  if (size === 4) {
    if (isRegister(dst)) {
      const d = dst.reg * 2;
      if (isRegister(src)) {
        const s = src.reg * 2;
        return (cpu) => {
          const g = cpu.gpr;
          g[d] = g[s]!;
          g[d + 1] = 0;
        };
      }
      if (isImmediate(src)) {
        const v = immediateValue(inst, src, 4);
        return (cpu) => {
          cpu.gpr[d] = v;
          cpu.gpr[d + 1] = 0;
        };
      }
      const address = bindAddress(inst);
      return (cpu) => {
        const v = load32(cpu, address(cpu));
        cpu.gpr[d] = v;
        cpu.gpr[d + 1] = 0;
      };
    }
    const address = bindAddress(inst);
    if (isRegister(src)) {
      const s = src.reg * 2;
      return (cpu) => store32(cpu, address(cpu), cpu.gpr[s]!);
    }
    const v = immediateValue(inst, src, 4);
    return (cpu) => store32(cpu, address(cpu), v);
  }
  const read = bindReader(inst, 1, size);
  const write = bindWriter(inst, 0, size);
  return (cpu) => write(cpu, read(cpu));
}

/** movzx/movsx/movsxd: widen operand 1 into the register operand 0. */
export function bindExtend(inst: Instruction, signed: boolean): Exec {
  const dst = inst.operands[0]!;
  const src = inst.operands[1]!;
  const from = src.size;
  const to = dst.size;
  const read = bindReader(inst, 1, from);
  const d = dst.reg * 2;
  if (to === 8) {
    return signed
      ? (cpu) => {
          const v = signExtend(read(cpu), from);
          cpu.gpr[d] = v;
          cpu.gpr[d + 1] = v >> 31;
        }
      : (cpu) => {
          cpu.gpr[d] = read(cpu);
          cpu.gpr[d + 1] = 0;
        };
  }
  if (to === 4) {
    return signed
      ? (cpu) => {
          cpu.gpr[d] = signExtend(read(cpu), from);
          cpu.gpr[d + 1] = 0;
        }
      : (cpu) => {
          cpu.gpr[d] = read(cpu);
          cpu.gpr[d + 1] = 0;
        };
  }
  const write = registerWriter(dst, to);
  return signed ? (cpu) => write(cpu, signExtend(read(cpu), from)) : (cpu) => write(cpu, read(cpu));
}

/** lea: the address itself, truncated to the operand size (address-size wraps included). */
export function bindLea(inst: Instruction): Exec {
  const dst = inst.operands[0]!;
  const d = dst.reg * 2;
  const size = dst.size;
  const computeLo = leaLow(inst);
  if (size === 8) {
    const computeHi = leaHigh(inst);
    return (cpu) => {
      const hi = computeHi(cpu);
      cpu.gpr[d] = computeLo(cpu);
      cpu.gpr[d + 1] = hi;
    };
  }
  if (size === 4) {
    return (cpu) => {
      cpu.gpr[d] = computeLo(cpu);
      cpu.gpr[d + 1] = 0;
    };
  }
  const write = registerWriter(dst, size);
  return (cpu) => write(cpu, computeLo(cpu) & 0xffff);
}

/**
 * The low 32 bits of an address computation (no segment base, no checks: lea is arithmetic).
 * Everything is exact as doubles below 2^53, then truncated.
 */
function leaLow(inst: Instruction): (cpu: Cpu) => number {
  const b = inst.memBase;
  const x = inst.memIndex;
  const scale = inst.memScale;
  const disp = inst.memDisp;
  if (b === 16) {
    const v = (inst.address + inst.length + disp) | 0;
    return () => v;
  }
  if (b >= 0 && x >= 0) return (cpu) => (cpu.gpr[b * 2]! + cpu.gpr[x * 2]! * scale + disp) | 0;
  if (b >= 0) return (cpu) => (cpu.gpr[b * 2]! + disp) | 0;
  if (x >= 0) return (cpu) => (cpu.gpr[x * 2]! * scale + disp) | 0;
  return () => disp | 0;
}

/** The high 32 bits of a 64-bit address computation (with the carry out of the low half). */
function leaHigh(inst: Instruction): (cpu: Cpu) => number {
  const b = inst.memBase;
  const x = inst.memIndex;
  const scale = inst.memScale;
  const disp = inst.memDisp;
  const dispHigh = inst.memDispHigh;
  if (inst.addressSize === 4) return () => 0;
  if (b === 16) {
    const target = inst.address + inst.length + (disp >>> 0) + dispHigh * 4294967296;
    const hi = Math.floor(target / 4294967296) | 0;
    return () => hi;
  }
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
    return (hi + Math.floor(lo / 4294967296)) | 0;
  };
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
