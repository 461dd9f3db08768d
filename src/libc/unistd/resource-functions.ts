// Process resources as thin glibc 2.36 wrappers: scheduling policy and priority ranges (sched.h),
// CPU affinity, memory locking (the mlock family), process times (times), supplementary groups,
// mknod/mknodat, readahead and close_range — -1 and errno on failure, the kernel's structures as
// they are (sched_param, tms, gid_t arrays have the kernel's layout on x86-64).
import { Errno } from '../../kernel/errno.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { Sys } from '../runtime/kernel-call.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';

const AT_FDCWD = -100;

/** mknodat as glibc: a dev_t that does not fit the kernel's 32-bit device number is EINVAL. */
function mknodat(libc: LibcProcess, dirfd: number, path: number, mode: number, device: number): number {
  if (device >= 2 ** 32) {
    libc.errno = Errno.EINVAL;
    return -1;
  }
  return libc.sysResult(libc.sys(Sys.mknodat, dirfd, path, mode, device));
}

export const RESOURCE_FUNCTIONS: FunctionTable = {
  sched_setparam: (f, libc) => libc.sysResult(libc.sys(Sys.sched_setparam, f.int(0), f.ptr(1))),
  sched_getparam: (f, libc) => libc.sysResult(libc.sys(Sys.sched_getparam, f.int(0), f.ptr(1))),
  sched_setscheduler: (f, libc) => libc.sysResult(libc.sys(Sys.sched_setscheduler, f.int(0), f.int(1), f.ptr(2))),
  sched_getscheduler: (f, libc) => libc.sysResult(libc.sys(Sys.sched_getscheduler, f.int(0))),
  sched_get_priority_max: (f, libc) => libc.sysResult(libc.sys(Sys.sched_get_priority_max, f.int(0))),
  sched_get_priority_min: (f, libc) => libc.sysResult(libc.sys(Sys.sched_get_priority_min, f.int(0))),
  sched_rr_get_interval: (f, libc) => libc.sysResult(libc.sys(Sys.sched_rr_get_interval, f.int(0), f.ptr(1))),
  sched_setaffinity: (f, libc) => libc.sysResult(libc.sys(Sys.sched_setaffinity, f.int(0), f.ulong(1), f.ptr(2))),
  mlock: (f, libc) => libc.sysResult(libc.sys(Sys.mlock, f.ptr(0), f.ulong(1))),
  munlock: (f, libc) => libc.sysResult(libc.sys(Sys.munlock, f.ptr(0), f.ulong(1))),
  mlockall: (f, libc) => libc.sysResult(libc.sys(Sys.mlockall, f.int(0))),
  munlockall: (_f, libc) => libc.sysResult(libc.sys(Sys.munlockall)),
  // times returns clock ticks, which may look negative; only -4095..-1 are errors.
  times: (f, libc) => libc.sysResult(libc.sys(Sys.times, f.ptr(0))),
  getgroups: (f, libc) => libc.sysResult(libc.sys(Sys.getgroups, f.int(0), f.ptr(1))),
  setgroups: (f, libc) => libc.sysResult(libc.sys(Sys.setgroups, f.ulong(0), f.ptr(1))),
  mknod: (f, libc) => mknodat(libc, AT_FDCWD, f.ptr(0), f.uint(1), f.ulong(2)),
  mknodat: (f, libc) => mknodat(libc, f.int(0), f.ptr(1), f.uint(2), f.ulong(3)),
  readahead: (f, libc) => libc.sysResult(libc.sys(Sys.readahead, f.int(0), f.long(1), f.ulong(2))),
  close_range: (f, libc) => libc.sysResult(libc.sys(Sys.close_range, f.uint(0), f.uint(1), f.int(2))),
};
