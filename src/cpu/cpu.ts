// The x86-64 CPU. (Skeleton of the contract other parts rely on; the CPU engineer fills it in.)
import type { AddressSpace } from '../memory/address-space.ts';
import type { CpuHost } from './host.ts';

/** General-purpose register numbers, as encoded. */
export const enum Gpr {
  RAX = 0,
  RCX = 1,
  RDX = 2,
  RBX = 3,
  RSP = 4,
  RBP = 5,
  RSI = 6,
  RDI = 7,
  R8 = 8,
  R9 = 9,
  R10 = 10,
  R11 = 11,
  R12 = 12,
  R13 = 13,
  R14 = 14,
  R15 = 15,
}

export class Cpu {
  /** The 16 64-bit general registers as int32 halves: low half at [2*r], high half at [2*r+1]. */
  readonly gpr = new Int32Array(32);
  /** Address of the next instruction. */
  rip = 0;
  /** FS and GS segment bases (arch_prctl, wrfsbase); thread pointers. */
  fsBase = 0;
  gsBase = 0;

  constructor(
    readonly memory: AddressSpace,
    readonly host: CpuHost,
  ) {}
}
