// A guest memory access that the address space refuses: the CPU turns it into SIGSEGV
// with si_addr = the faulting address and si_code as Linux sets it.

/** si_code values for SIGSEGV (asm-generic/siginfo.h). */
export const SEGV_MAPERR = 1; // address not mapped
export const SEGV_ACCERR = 2; // mapped, but the access is not permitted

export const enum AccessKind {
  Read = 0,
  Write = 1,
  Execute = 2,
}

export class MemoryFault extends Error {
  constructor(
    /** The first address of the access that is not permitted (a JS number, may exceed 2^32). */
    readonly address: number,
    readonly code: typeof SEGV_MAPERR | typeof SEGV_ACCERR,
    readonly access: AccessKind,
  ) {
    // A negative address is a sign-extended 64-bit one: show its two's complement, never `0x-…`.
    const shown = address < 0 ? BigInt.asUintN(64, BigInt(Math.trunc(address))) : address;
    super(
      `${['read', 'write', 'execute'][access]} at 0x${shown.toString(16)}: ${code === SEGV_MAPERR ? 'not mapped' : 'permission denied'}`,
    );
  }
}
