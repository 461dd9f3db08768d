// The stack: push pop pushf popf enter leave, and the push/pop primitives calls and returns use.
//
// rsp is a 64-bit register like any other; a push computes the new top, stores (which may fault),
// and only then updates rsp, so a fault leaves rsp unchanged.

import type { Instruction } from '../x86/instruction.ts';
import { checkAddress } from './address.ts';
import type { Cpu } from './cpu.ts';
import { readRflags, USER_FLAGS, writeRflags } from './flags.ts';
import { load16, load64, store16, store64 } from './memory-access.ts';
import {
  bindReader,
  bindReader64,
  bindWriter,
  bindWriter64,
  isRegister,
  type Reader,
  type Writer64,
} from './operands.ts';
import type { Exec } from './registry.ts';
import { exactStackAddress } from './stack-address.ts';

const RSP = 8;
const TWO32 = 4294967296;

/** rsp + delta as a checked address (delta small and signed). */
export function stackAddress(cpu: Cpu, delta: number): number {
  // Tested through the high word, so unoptimised code makes one heap number (the address, above
  // 2^31 on the stack) rather than three: see ./address.ts.
  const a = (cpu.gpr[RSP]! >>> 0) + delta;
  return cpu.gpr[RSP + 1] === 0 && a >= 0 && a < TWO32 ? a : exactStackAddress(cpu, delta);
}

/** Sets rsp to an address computed by `stackAddress` (which is in [0, 2^32)). */
export function setStackPointer(cpu: Cpu, address: number): void {
  cpu.gpr[RSP] = address | 0;
  cpu.gpr[RSP + 1] = 0;
}

/** Pushes a 64-bit value. */
export function push64(cpu: Cpu, lo: number, hi: number): void {
  const top = stackAddress(cpu, -8);
  store64(cpu, top, lo, hi);
  setStackPointer(cpu, top);
}

/** Pops a 64-bit value: returns the low word, the high word in `cpu.hi`. */
export function pop64(cpu: Cpu): number {
  const top = stackAddress(cpu, 0);
  const lo = load64(cpu, top);
  advanceStack(cpu, top, 8);
  return lo;
}

/** rsp = top + n, where top is the current (checked) rsp. */
function advanceStack(cpu: Cpu, top: number, n: number): void {
  const next = top + n;
  cpu.gpr[RSP] = next | 0;
  cpu.gpr[RSP + 1] = next >= TWO32 ? 1 : 0;
}

export function bindPush(inst: Instruction): Exec {
  const src = inst.operands[0]!;
  if (inst.operandSize === 2) {
    const read = bindReader(inst, 0, 2);
    return (cpu) => {
      const v = read(cpu);
      const top = stackAddress(cpu, -2);
      store16(cpu, top, v);
      setStackPointer(cpu, top);
    };
  }
  if (isRegister(src)) {
    // push r64 depends on the register only: one shared closure per register (binding runs in
    // unoptimised start-up code, where each allocated byte costs: issue 4).
    const r = src.reg;
    let exec = registerPushes[r];
    if (exec === undefined) {
      exec = pushRegister(r * 2);
      registerPushes[r] = exec;
    }
    return exec;
  }
  return pushThrough(bindReader64(inst, 0));
}

const registerPushes: (Exec | undefined)[] = [];
const registerPops: (Exec | undefined)[] = [];

function pushRegister(s2: number): Exec {
  return (cpu) => push64(cpu, cpu.gpr[s2]!, cpu.gpr[s2 + 1]!);
}

function pushThrough(read: Reader): Exec {
  return (cpu) => {
    const lo = read(cpu);
    push64(cpu, lo, cpu.hi);
  };
}

function popRegister(d2: number): Exec {
  return (cpu) => {
    const lo = pop64(cpu);
    cpu.gpr[d2] = lo;
    cpu.gpr[d2 + 1] = cpu.hi;
  };
}

export function bindPop(inst: Instruction): Exec {
  const dst = inst.operands[0]!;
  if (inst.operandSize === 2) {
    const write = bindWriter(inst, 0, 2);
    return (cpu) => {
      const top = stackAddress(cpu, 0);
      const v = load16(cpu, top);
      advanceStack(cpu, top, 2);
      write(cpu, v);
    };
  }
  if (isRegister(dst)) {
    const r = dst.reg;
    let exec = registerPops[r];
    if (exec === undefined) {
      exec = popRegister(r * 2);
      registerPops[r] = exec;
    }
    return exec;
  }
  return popToMemory(bindWriter64(inst, 0));
}

/** pop to memory: the address is computed with the incremented rsp (SDM: "pop [rsp+8]"). */
function popToMemory(write: Writer64): Exec {
  return (cpu) => {
    const top = stackAddress(cpu, 0);
    const lo = load64(cpu, top);
    const hi = cpu.hi;
    const oldLo = cpu.gpr[RSP]!;
    const oldHi = cpu.gpr[RSP + 1]!;
    advanceStack(cpu, top, 8);
    try {
      write(cpu, lo, hi);
    } catch (error) {
      cpu.gpr[RSP] = oldLo;
      cpu.gpr[RSP + 1] = oldHi;
      throw error;
    }
  };
}

/** pushf: RFLAGS with VM and RF cleared (they are never set here). */
export function bindPushf(inst: Instruction): Exec {
  if (inst.operandSize === 2) {
    return (cpu) => {
      const top = stackAddress(cpu, -2);
      store16(cpu, top, readRflags(cpu) & 0xffff);
      setStackPointer(cpu, top);
    };
  }
  return (cpu) => push64(cpu, readRflags(cpu), 0);
}

/** popf: user code changes only the user-modifiable flags. */
export function bindPopf(inst: Instruction): Exec {
  if (inst.operandSize === 2) {
    return (cpu) => {
      const top = stackAddress(cpu, 0);
      const v = load16(cpu, top);
      advanceStack(cpu, top, 2);
      const old = readRflags(cpu);
      writeRflags(cpu, (old & ~0xffff) | (((v & USER_FLAGS) | (old & ~USER_FLAGS)) & 0xffff));
    };
  }
  return (cpu) => {
    const v = pop64(cpu);
    const old = readRflags(cpu);
    writeRflags(cpu, (v & USER_FLAGS) | (old & ~USER_FLAGS));
  };
}

/** leave: rsp = rbp; pop rbp. */
export function bindLeave(inst: Instruction): Exec {
  const size = inst.operandSize;
  return (cpu) => {
    const g = cpu.gpr;
    let frame = g[11]! * TWO32 + (g[10]! >>> 0);
    if (frame >>> 0 !== frame) frame = checkAddress(frame);
    if (size === 2) {
      const v = load16(cpu, frame);
      advanceStack(cpu, frame, 2);
      g[10] = (g[10]! & ~0xffff) | v;
      return;
    }
    const lo = load64(cpu, frame);
    advanceStack(cpu, frame, 8);
    g[10] = lo;
    g[11] = cpu.hi;
  };
}

/** enter imm16, imm8 (nesting level 0 and 1 as compilers emit; deeper levels copy frame pointers). */
export function bindEnter(inst: Instruction): Exec {
  const allocate = inst.imm & 0xffff;
  const level = inst.imm2 & 31;
  return (cpu) => {
    const g = cpu.gpr;
    const rbpLo = g[10]!;
    const rbpHi = g[11]!;
    let top = stackAddress(cpu, -8);
    store64(cpu, top, rbpLo, rbpHi);
    const frame = top;
    if (level > 0) {
      let source = rbpHi * TWO32 + (rbpLo >>> 0);
      for (let i = 1; i < level; i++) {
        source -= 8;
        const lo = load64(cpu, source);
        top -= 8;
        store64(cpu, top, lo, cpu.hi);
      }
      top -= 8;
      store64(cpu, top, frame, 0);
    }
    const newTop = top - allocate;
    if (newTop < 0) checkAddress(newTop);
    g[10] = frame;
    g[11] = 0;
    setStackPointer(cpu, newTop);
  };
}
