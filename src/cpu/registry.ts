// The handler registry: which function executes each decoded instruction.
//
// HANDLER API (also in src/cpu/README.md)
//
//   A handler is registered per instruction identity (`Code` from src/x86/codes.ts) as a BINDER:
//
//     registry.define(Code.ADDSD, (inst) => { ...inspect inst once...; return (cpu) => { ... } });
//
//   The binder runs once per decoded instruction (the CPU caches decoded instructions per address)
//   and returns an `Exec`, a closure specialised for that instance: read the operand kinds,
//   registers, sizes and immediates from `inst` in the binder, capture them as constants, and
//   keep the returned closure free of decoding work. Choose different closures for different
//   forms (register vs memory source, operand size) instead of testing them on every execution.
//
//   Inside an Exec:
//   - general registers: `cpu.gpr` (Int32Array; register r's low half at [2r], high half at [2r+1]);
//     helpers in ./registers.ts read/write by size (a 32-bit write zeroes the high half).
//   - XMM registers: `cpu.xmm` (Int32Array, 4 words per register), and views over the same bytes:
//     `cpu.xmmF32`, `cpu.xmmF64`, `cpu.xmmU8`, `cpu.xmmI16`, `cpu.xmmU16`, `cpu.xmmU32`
//     (register x lane i = index x * lanes + i, little-endian lanes as the hardware has them).
//   - memory: bind the operand's address with `bindAddress(inst)` (./address.ts) in the binder; at
//     run time `const ea = address(cpu)` gives a checked guest address; then ./memory-access.ts
//     (`load32`, `load64` (+ `cpu.hi`), `loadF32`, `loadF64`, `loadXmm`/`storeXmm` with or without
//     the 16-byte alignment check, `store*`) or `cpu.memory` (AddressSpace) directly. Faults are
//     thrown by those functions and become SIGSEGV with the right si_addr/si_code.
//     Do all memory reads and checks before changing any register, so a fault leaves the
//     registers as they were (the run loop reports the instruction's own address).
//   - flags: ./flags.ts — `setArithmeticFlags(cpu, CF|ZF|…)` for eager writers (comiss sets ZF/PF/CF
//     that way), `readRflags`/`testCondition` to read them.
//   - MXCSR: `cpu.mxcsr` (a number; 0x1f80 at reset). The x87 unit: `cpu.x87` (./x87-state.ts).
//   - traps: `throw GuestFault.invalidOpcode(...)`, `.divideError(...)`, `.generalProtection(...)`,
//     or `new GuestFault(SIGFPE, FPE_FLTDIV, null, 'detail')` (./guest-fault.ts). `null` as the
//     address means "the faulting instruction's address". The run loop adds rip and the count.
//   - 64-bit results from helpers come back as the low half with the high half in `cpu.hi`.
//
//   An instruction that may change rip (branches, calls, syscall, traps that resume elsewhere) must
//   be defined with `{ endsBlock: true }` and must set `cpu.rip` itself when it jumps; other
//   instructions never touch rip (the run loop advances it).

import type { Instruction } from '../x86/instruction.ts';
import type { Cpu } from './cpu.ts';

/** Executes one bound instruction. */
export type Exec = (cpu: Cpu) => void;

/** Binds a decoded instruction to its Exec, once. */
export type Binder = (inst: Instruction) => Exec;

export interface HandlerOptions {
  /** The instruction may transfer control: it ends a straight-line block. */
  endsBlock?: boolean;
}

export class HandlerRegistry {
  private readonly binders: (Binder | undefined)[] = [];
  /**
   * Per code: 1 when its instructions may transfer control, 0 when they may not; a code without a
   * handler has no entry and ends a block too (its Exec traps). What the block builder asks of
   * every decoded instruction, in one lookup: start-up builds blocks in baseline code, where two
   * method calls cost some hundreds of host instructions.
   */
  private readonly blockBreakers: number[] = [];

  /** Registers the binder for instruction identity `code`; defining a code twice is an error. */
  define(code: number, bind: Binder, options: HandlerOptions = {}): void {
    if (this.binders[code] !== undefined) throw new Error(`cpu: a handler for code ${code} is already defined`);
    this.binders[code] = bind;
    this.blockBreakers[code] = options.endsBlock ? 1 : 0;
  }

  /** Registers one binder for several codes. */
  defineAll(codes: readonly number[], bind: Binder, options: HandlerOptions = {}): void {
    for (const code of codes) this.define(code, bind, options);
  }

  binder(code: number): Binder | undefined {
    return this.binders[code];
  }

  /** Whether `code` has a handler. */
  has(code: number): boolean {
    return this.binders[code] !== undefined;
  }

  /** Whether an instruction of `code` ends its block: it may transfer control, or has no handler. */
  breaksBlock(code: number): boolean {
    return this.blockBreakers[code] !== 0;
  }
}
