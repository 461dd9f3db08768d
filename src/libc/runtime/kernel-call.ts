// System calls made by Miros libc itself: straight to the kernel's handlers (src/kernel/syscalls/),
// with the dispatcher's conventions — -errno results, BLOCKED waits retried after waiting, signals
// that became pending delivered once the call is done — but without the guest syscall instruction.
import { BLOCKED } from '../../kernel/blocking.ts';
import { Errno, SyscallError } from '../../kernel/errno.ts';
import { waitOnHost } from '../../kernel/scheduler.ts';
import { deliverPendingSignals } from '../../kernel/signals/delivery.ts';
import { syscallHandlers, syscallName } from '../../kernel/syscalls/table.ts';
import type { Thread } from '../../kernel/thread.ts';
import { MemoryFault } from '../../memory/fault.ts';

/** System call numbers libc uses (x86-64). */
export const enum Sys {
  read = 0,
  write = 1,
  open = 2,
  close = 3,
  stat = 4,
  fstat = 5,
  lstat = 6,
  poll = 7,
  lseek = 8,
  mmap = 9,
  mprotect = 10,
  munmap = 11,
  brk = 12,
  rt_sigaction = 13,
  rt_sigprocmask = 14,
  rt_sigreturn = 15,
  ioctl = 16,
  pread64 = 17,
  pwrite64 = 18,
  readv = 19,
  writev = 20,
  access = 21,
  pipe = 22,
  select = 23,
  sched_yield = 24,
  mremap = 25,
  msync = 26,
  madvise = 28,
  dup = 32,
  dup2 = 33,
  nanosleep = 35,
  getpid = 39,
  sendfile = 40,
  clone = 56,
  fork = 57,
  vfork = 58,
  execve = 59,
  exit = 60,
  wait4 = 61,
  kill = 62,
  uname = 63,
  fcntl = 72,
  fsync = 74,
  fdatasync = 75,
  truncate = 76,
  ftruncate = 77,
  getcwd = 79,
  chdir = 80,
  fchdir = 81,
  rename = 82,
  mkdir = 83,
  rmdir = 84,
  link = 86,
  unlink = 87,
  symlink = 88,
  readlink = 89,
  chmod = 90,
  fchmod = 91,
  chown = 92,
  fchown = 93,
  lchown = 94,
  umask = 95,
  gettimeofday = 96,
  getrlimit = 97,
  getrusage = 98,
  sysinfo = 99,
  times = 100,
  getuid = 102,
  getgid = 104,
  geteuid = 107,
  getegid = 108,
  getppid = 110,
  getgroups = 115,
  setgroups = 116,
  mknod = 133,
  statfs = 137,
  fstatfs = 138,
  getpriority = 140,
  setpriority = 141,
  sched_setparam = 142,
  sched_getparam = 143,
  sched_setscheduler = 144,
  sched_getscheduler = 145,
  sched_get_priority_max = 146,
  sched_get_priority_min = 147,
  sched_rr_get_interval = 148,
  mlock = 149,
  munlock = 150,
  mlockall = 151,
  munlockall = 152,
  setrlimit = 160,
  sync = 162,
  settimeofday = 164,
  gettid = 186,
  readahead = 187,
  time = 201,
  sched_setaffinity = 203,
  sched_getaffinity = 204,
  getdents64 = 217,
  fadvise64 = 221,
  timer_create = 222,
  timer_settime = 223,
  timer_gettime = 224,
  timer_getoverrun = 225,
  timer_delete = 226,
  clock_settime = 227,
  clock_gettime = 228,
  clock_getres = 229,
  clock_nanosleep = 230,
  exit_group = 231,
  tgkill = 234,
  waitid = 247,
  openat = 257,
  mkdirat = 258,
  mknodat = 259,
  fchownat = 260,
  newfstatat = 262,
  unlinkat = 263,
  renameat = 264,
  linkat = 265,
  symlinkat = 266,
  readlinkat = 267,
  fchmodat = 268,
  faccessat = 269,
  pselect6 = 270,
  ppoll = 271,
  utimensat = 280,
  dup3 = 292,
  pipe2 = 293,
  preadv = 295,
  pwritev = 296,
  prlimit64 = 302,
  syncfs = 306,
  getrandom = 318,
  execveat = 322,
  copy_file_range = 326,
  preadv2 = 327,
  pwritev2 = 328,
  statx = 332,
  clone3 = 435,
  close_range = 436,
}

/**
 * Makes system call `nr` for `thread` if it can complete without waiting: the result or -errno,
 * or BLOCKED (nothing done: a handler that would wait has no effect yet) for the caller to make
 * the call again from guest code, where the wait lets other threads and processes run and
 * signals interrupt it (the streams' reads and writes, ../stdio/stream-io.ts).
 */
export function tryKernelCall(thread: Thread, nr: number, a0 = 0, a1 = 0, a2 = 0, a3 = 0): number {
  const handler = syscallHandlers[nr];
  if (handler === undefined) return -Errno.ENOSYS;
  let result: number;
  try {
    result = handler(thread, a0, a1, a2, a3, 0, 0);
  } catch (error) {
    if (error instanceof SyscallError) result = -error.errno;
    else if (error instanceof MemoryFault) result = -Errno.EFAULT;
    else throw error;
  }
  thread.restart = undefined;
  if (result === BLOCKED) {
    thread.wait = undefined;
    return BLOCKED;
  }
  if (thread.process.signalsArrived) deliverPendingSignals(thread);
  return result;
}

/** Makes system call `nr` for `thread`; returns the result or -errno. */
export function kernelCall(thread: Thread, nr: number, a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0): number {
  const handler = syscallHandlers[nr];
  if (handler === undefined) return -Errno.ENOSYS;
  let result: number;
  for (;;) {
    try {
      result = handler(thread, a0, a1, a2, a3, a4, a5);
    } catch (error) {
      if (error instanceof SyscallError) result = -error.errno;
      else if (error instanceof MemoryFault) result = -Errno.EFAULT;
      else throw error;
    }
    if (result !== BLOCKED) break;
    const wait = thread.wait;
    thread.wait = undefined;
    if (wait === undefined) throw new Error(`system call ${syscallName(nr)} blocked without saying on what`);
    waitOnHost(thread, wait, syscallName(nr));
  }
  thread.restart = undefined;
  if (thread.process.signalsArrived) deliverPendingSignals(thread);
  return result;
}
