// The slow path of stack addresses: rsp + delta outside [0, 2^32) either wraps modulo 2^64 into
// the address space (returned) or faults as Linux reports it.

import type { Cpu } from './cpu.ts';
import { GuestFault, SEGV_MAPERR } from './guest-fault.ts';

const TWO32 = 4294967296;

export function exactStackAddress(cpu: Cpu, delta: number): number {
  const lo = (cpu.gpr[8]! >>> 0) + delta;
  const hi = (cpu.gpr[9]! + Math.floor(lo / TWO32)) | 0;
  const lo32 = lo >>> 0;
  if (hi === 0) return lo32;
  const top = hi >> 15;
  if (top === 0 || top === -1) {
    const address = (hi >>> 0) * TWO32 + lo32;
    throw GuestFault.segv(address, SEGV_MAPERR, `stack access at 0x${address.toString(16)}: not mapped`);
  }
  throw GuestFault.generalProtection('non-canonical stack pointer');
}
