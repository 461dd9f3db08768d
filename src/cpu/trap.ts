// A synchronous exception raised by executing guest code — what the hardware would raise and
// Linux would turn into a signal: #PF → SIGSEGV, #DE → SIGFPE, #UD → SIGILL, int3 → SIGTRAP,
// #GP (e.g. a non-canonical address, misaligned movaps) → SIGSEGV/SIGBUS as Linux reports them.
//
// The CPU throws it out of `run()` with the registers as they were before the faulting instruction
// (rip = its address), so the kernel can deliver the signal to a handler or write a crash report.

export class CpuTrap extends Error {
  constructor(
    /** Signal number (SIGSEGV = 11, SIGFPE = 8, SIGILL = 4, SIGTRAP = 5, SIGBUS = 7). */
    readonly signal: number,
    /** si_code (SEGV_MAPERR, FPE_INTDIV, ILL_ILLOPN, TRAP_BRKPT, SI_KERNEL, …). */
    readonly code: number,
    /** si_addr: the faulting data address for SIGSEGV/SIGBUS, the instruction address otherwise. */
    readonly faultAddress: number,
    /** Address of the instruction that trapped. */
    readonly rip: number,
    /** What happened, for the crash report ("write at 0x0: not mapped", "unsupported instruction …"). */
    readonly detail: string,
  ) {
    super(detail);
  }
}
