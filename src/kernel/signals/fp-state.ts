// The floating-point state a signal frame carries: the 512-byte FXSAVE image (struct
// _fpstate_64), which is what Linux writes on a CPU without XSAVE — and the CPU Miros emulates
// reports no XSAVE in CPUID. Laid out as the SDM's FXSAVE table: FCW, FSW, abridged FTW, FOP,
// (FIP, FDP zero: a user-mode program never sees them meaningfully), MXCSR, MXCSR_MASK, ST0–7
// in stack order at 32 + 16·i, XMM0–15 at 160 + 16·i.

import type { Cpu } from '../../cpu/cpu.ts';

export const FP_STATE_SIZE = 512;
/** FXSAVE's MXCSR_MASK on this machine (DAZ supported): the bits FXRSTOR accepts. */
const MXCSR_MASK = 0xffff;
/** MXCSR after reset / in a fresh signal handler. */
const MXCSR_DEFAULT = 0x1f80;

/** Writes the CPU's x87/SSE state into `view` at `offset` (512 bytes). */
export function saveFpState(cpu: Cpu, view: DataView, offset: number): void {
  const x = cpu.x87;
  for (let i = 0; i < FP_STATE_SIZE; i += 4) view.setUint32(offset + i, 0);
  view.setUint16(offset, x.control, true);
  view.setUint16(offset + 2, x.statusWord(), true);
  view.setUint8(offset + 4, ~x.empty & 0xff);
  view.setUint16(offset + 6, x.lastOpcode, true);
  view.setUint32(offset + 24, cpu.mxcsr, true);
  view.setUint32(offset + 28, MXCSR_MASK, true);
  for (let i = 0; i < 8; i++) {
    const r = (x.top + i) & 7;
    view.setUint32(offset + 32 + i * 16, x.lo[r]!, true);
    view.setUint32(offset + 36 + i * 16, x.hi[r]!, true);
    view.setUint16(offset + 40 + i * 16, x.se[r]!, true);
  }
  for (let i = 0; i < 64; i++) view.setInt32(offset + 160 + i * 4, cpu.xmm[i]!, true);
}

/**
 * Loads the state from an FXSAVE image. Returns false (nothing changed) when MXCSR has reserved
 * bits set: Linux then fails the sigreturn with SIGSEGV, as FXRSTOR would fault.
 */
export function restoreFpState(cpu: Cpu, view: DataView, offset: number): boolean {
  const mxcsr = view.getUint32(offset + 24, true);
  if ((mxcsr & ~MXCSR_MASK) !== 0) return false;
  const x = cpu.x87;
  x.setControl(view.getUint16(offset, true));
  x.setStatusWord(view.getUint16(offset + 2, true));
  x.empty = ~view.getUint8(offset + 4) & 0xff;
  x.lastOpcode = view.getUint16(offset + 6, true) & 0x7ff;
  cpu.mxcsr = mxcsr;
  for (let i = 0; i < 8; i++) {
    const r = (x.top + i) & 7;
    x.lo[r] = view.getUint32(offset + 32 + i * 16, true);
    x.hi[r] = view.getUint32(offset + 36 + i * 16, true);
    x.se[r] = view.getUint16(offset + 40 + i * 16, true);
  }
  for (let i = 0; i < 64; i++) cpu.xmm[i] = view.getInt32(offset + 160 + i * 4, true);
  return true;
}

/** The state a handler starts with (Linux's init_fpstate): FNINIT, default MXCSR, zero XMM. */
export function resetFpState(cpu: Cpu): void {
  cpu.x87.reset();
  for (let r = 0; r < 8; r++) {
    cpu.x87.lo[r] = 0;
    cpu.x87.hi[r] = 0;
    cpu.x87.se[r] = 0;
  }
  cpu.mxcsr = MXCSR_DEFAULT;
  cpu.xmm.fill(0, 0, 64);
}
