// Control transfer: jmp jcc call ret loop/loope/loopne jrcxz/jecxz.
// All end their block (registered with endsBlock) and set `cpu.rip` when they jump.

import { Code } from '../x86/codes.ts';
import { type Instruction, OperandKind } from '../x86/instruction.ts';
import type { Cpu } from './cpu.ts';
import { CONDITIONS } from './flags.ts';
import { load64 } from './memory-access.ts';
import { bindReader64, type Reader } from './operands.ts';
import type { Exec } from './registry.ts';
import { pop64, push64, stackAddress } from './stack.ts';

const TWO32 = 4294967296;

/** A 64-bit target as a JS number (exact in the 4 GiB space; the fetch faults on anything else). */
function target(lo: number, hi: number): number {
  // hi = 0 first: in unoptimised code `0 * 2^32` is already a heap number (issue 4).
  return hi === 0 ? lo >>> 0 : hi * TWO32 + (lo >>> 0);
}

/** Splits a branch target number into halves for pushing (return addresses are < 2^53). */
// The return address's halves, as two functions rather than one returning a pair: destructuring
// a pair makes an array and an iterator in the unoptimised start-up code (issue 4).
function nextLow(inst: Instruction): number {
  return (inst.address + inst.length) | 0;
}

function nextHigh(inst: Instruction): number {
  return Math.floor((inst.address + inst.length) / TWO32) | 0;
}

/** A jmp the block continues through: nothing to do (one closure for all). */
const continueWithinBlock: Exec = () => {};

// Binders run once per decoded instruction in V8's unoptimised start-up code (issue 4): each
// form's closure comes from a small factory that captures exactly what it runs on (a binder whose
// variables any closure captures allocates a context for all of them, whichever form it returns).

export function bindJmp(inst: Instruction): Exec {
  const op = inst.operands[0]!;
  if (op.kind === OperandKind.RelativeBranch) return jumpTo(inst.branchTarget);
  return jumpThrough(bindReader64(inst, 0));
}

function jumpTo(to: number): Exec {
  return (cpu) => {
    cpu.rip = to;
  };
}

function jumpThrough(read: Reader): Exec {
  return (cpu) => {
    const lo = read(cpu);
    cpu.rip = target(lo, cpu.hi);
  };
}

export function bindJcc(inst: Instruction, cc: number): Exec {
  return jumpIf(CONDITIONS[cc]!, inst.branchTarget);
}

function jumpIf(test: (cpu: Cpu) => boolean, to: number): Exec {
  return (cpu) => {
    if (test(cpu)) cpu.rip = to;
  };
}

export function bindCall(inst: Instruction): Exec {
  const op = inst.operands[0]!;
  if (op.kind === OperandKind.RelativeBranch) return callTo(nextLow(inst), nextHigh(inst), inst.branchTarget);
  return callThrough(nextLow(inst), nextHigh(inst), bindReader64(inst, 0));
}

function callTo(retLo: number, retHi: number, to: number): Exec {
  return (cpu) => {
    push64(cpu, retLo, retHi);
    cpu.rip = to;
  };
}

function callThrough(retLo: number, retHi: number, read: Reader): Exec {
  return (cpu) => {
    const lo = read(cpu);
    const to = target(lo, cpu.hi);
    push64(cpu, retLo, retHi);
    cpu.rip = to;
  };
}

/**
 * A relative jmp or call the block cache decoded through (its target is the block's next
 * instruction): the call's push only, rip untouched — the run loop preset rip to the block's end,
 * and a later instruction that does not jump (a jcc not taken) must leave it there.
 */
export function bindTransferWithinBlock(inst: Instruction): Exec {
  if (inst.code === Code.JMP) return continueWithinBlock;
  return pushReturn(nextLow(inst), nextHigh(inst));
}

function pushReturn(retLo: number, retHi: number): Exec {
  return (cpu) => {
    push64(cpu, retLo, retHi);
  };
}

/** ret: one closure for all. */
const returnNear: Exec = (cpu) => {
  const lo = pop64(cpu);
  cpu.rip = target(lo, cpu.hi);
};

export function bindRet(inst: Instruction): Exec {
  const release = inst.operandCount > 0 ? inst.imm & 0xffff : 0;
  return release === 0 ? returnNear : returnReleasing(release);
}

/** ret imm16: pops the return address, then `release` more bytes. */
function returnReleasing(release: number): Exec {
  return (cpu) => {
    const top = stackAddress(cpu, 0);
    const lo = load64(cpu, top);
    const next = top + 8 + release;
    cpu.gpr[8] = next | 0;
    cpu.gpr[9] = next >= TWO32 ? 1 : 0;
    cpu.rip = target(lo, cpu.hi);
  };
}

/** loop/loope/loopne: decrement rCX (or ecx with 0x67) without touching flags, then test. */
export function bindLoop(inst: Instruction, condition: 'always' | 'equal' | 'notEqual'): Exec {
  const to = inst.branchTarget;
  const zf = CONDITIONS[4]!;
  const wide = inst.addressSize === 8;
  return (cpu) => {
    const g = cpu.gpr;
    const lo = (g[2]! - 1) | 0;
    g[2] = lo;
    let nonzero: boolean;
    if (wide) {
      if (lo === -1) g[3] = (g[3]! - 1) | 0;
      nonzero = (lo | g[3]!) !== 0;
    } else {
      g[3] = 0;
      nonzero = lo !== 0;
    }
    if (!nonzero) return;
    if (condition === 'always' || (condition === 'equal') === zf(cpu)) cpu.rip = to;
  };
}

/** jrcxz/jecxz. */
export function bindJrcxz(inst: Instruction): Exec {
  const to = inst.branchTarget;
  if (inst.addressSize === 4) {
    return (cpu) => {
      if (cpu.gpr[2] === 0) cpu.rip = to;
    };
  }
  return (cpu: Cpu) => {
    if ((cpu.gpr[2]! | cpu.gpr[3]!) === 0) cpu.rip = to;
  };
}
