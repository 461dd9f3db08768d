// What the CPU needs from the world around it. The kernel (src/kernel) implements it.
import type { Cpu } from './cpu.ts';

export interface CpuHost {
  /**
   * The guest executed SYSCALL. `cpu.rip` already points past the instruction. The host reads the
   * number and arguments from rax, rdi, rsi, rdx, r10, r8, r9 and writes the result to rax (rcx and
   * r11 are set by the CPU as the hardware does). It may throw to end the run (process exit).
   */
  syscall(cpu: Cpu): void;
}
