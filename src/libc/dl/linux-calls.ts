// Linux-specific calls that Rust's std imports beside the dl functions: gettid (glibc 2.30) and
// statx (glibc 2.28), thin wrappers over the system calls as glibc's are (statx: glibc falls back
// to fstatat only on kernels without it, which Miros's is not).
import type { FunctionTable } from '../exports/binding-types.ts';
import { Sys } from '../runtime/kernel-call.ts';

export const LINUX_CALL_FUNCTIONS: FunctionTable = {
  gettid: (_f, libc) => libc.sys(Sys.gettid),
  statx: (f, libc) => libc.sysResult(libc.sys(Sys.statx, f.int(0), f.ptr(1), f.int(2), f.uint(3), f.ptr(4))),
};
