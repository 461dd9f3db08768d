// Faults raised while executing one instruction. A handler throws a GuestFault; the run loop
// (cpu.ts) turns it into the public CpuTrap with the faulting instruction's address, after the
// registers have been left as they were before that instruction.

/** Signal numbers (x86-64 Linux). */
export const SIGILL = 4;
export const SIGTRAP = 5;
export const SIGBUS = 7;
export const SIGFPE = 8;
export const SIGSEGV = 11;

/** si_code values (asm-generic/siginfo.h). */
export const SI_KERNEL = 0x80;
export const ILL_ILLOPN = 2;
export const ILL_PRVOPC = 5;
export const FPE_INTDIV = 1;
export const FPE_INTOVF = 2;
export const TRAP_BRKPT = 1;
export const SEGV_MAPERR = 1;
export const SEGV_ACCERR = 2;

export class GuestFault extends Error {
  constructor(
    readonly signal: number,
    readonly code: number,
    /** si_addr; `null` means "the faulting instruction's address" (filled in by the run loop). */
    readonly faultAddress: number | null,
    readonly detail: string,
    /** The trap is reported after the instruction (int3), not before it. */
    readonly afterInstruction = false,
  ) {
    super(detail);
  }

  /** A page fault outside the address space (si_code SEGV_MAPERR/ACCERR, si_addr = address). */
  static segv(address: number, code: number, detail: string): GuestFault {
    return new GuestFault(SIGSEGV, code, address, detail);
  }

  /** #GP in user mode: Linux sends SIGSEGV with si_code SI_KERNEL and si_addr 0. */
  static generalProtection(detail: string): GuestFault {
    return new GuestFault(SIGSEGV, SI_KERNEL, 0, detail);
  }

  /** #UD: SIGILL, ILL_ILLOPN, si_addr = the instruction. */
  static invalidOpcode(detail: string): GuestFault {
    return new GuestFault(SIGILL, ILL_ILLOPN, null, detail);
  }

  /** #DE: SIGFPE, FPE_INTDIV, si_addr = the instruction. */
  static divideError(detail: string): GuestFault {
    return new GuestFault(SIGFPE, FPE_INTDIV, null, detail);
  }
}
