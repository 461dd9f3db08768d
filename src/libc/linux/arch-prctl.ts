// arch_prctl (glibc 2.36 exports the bare system call): ARCH_SET_FS/GET_FS/SET_GS/GET_GS and the
// others the kernel knows; -1 and errno on failure.
import type { FunctionTable } from '../exports/binding-types.ts';

/** arch_prctl's system-call number (x86-64). */
const SYS_ARCH_PRCTL = 158;

export const ARCH_PRCTL_FUNCTIONS: FunctionTable = {
  arch_prctl: (f, libc) => libc.sysResult(libc.sys(SYS_ARCH_PRCTL, f.int(0), f.ulong(1))),
};
