// klogctl (<sys/klog.h>): glibc's wrapper of the syslog system call (103), errno set on failure.
// Miros's kernel keeps no kernel log: the call fails with ENOSYS (MIROS_DEBUG names it).
import type { FunctionTable } from '../exports/binding-types.ts';

const SYSLOG = 103;

export const KERNEL_LOG_FUNCTIONS: FunctionTable = {
  klogctl: (f, libc) => libc.sysResult(libc.sys(SYSLOG, f.int(0), f.ptr(1), f.int(2))),
};
