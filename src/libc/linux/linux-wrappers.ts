// Thin wrappers over Linux system calls that glibc exports under their own names and that many
// /usr/bin programs import: memfd_create, prctl, flock, getpgrp, faccessat (and euidaccess/eaccess),
// the extended-attribute family, eventfd with glibc's eventfd_read/eventfd_write, timerfd,
// signalfd, and epoll (its waits from guest code, as read and poll: other threads run, signals
// interrupt). Each passes its arguments through and maps -errno to errno, as glibc's
// INLINE_SYSCALL wrappers do; the kernel layer decides the behaviour.
import type { CallFrame } from '../abi/call-frame.ts';
import { guestCall, type HostGenerator } from '../abi/host-region.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { cancellableSyscall } from '../pthread/cancel-cleanup.ts';
import { checkWrite } from '../runtime/guest-access.ts';
import { Sys } from '../runtime/kernel-call.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { guestCode, tailSyscall } from '../signal/guest-code.ts';

/** x86-64 numbers of the calls here that runtime/kernel-call.ts's Sys table (another part's) lacks. */
const enum LinuxSys {
  flock = 73,
  getpgrp = 111,
  prctl = 157,
  setxattr = 188,
  lsetxattr = 189,
  fsetxattr = 190,
  getxattr = 191,
  lgetxattr = 192,
  fgetxattr = 193,
  listxattr = 194,
  llistxattr = 195,
  flistxattr = 196,
  removexattr = 197,
  lremovexattr = 198,
  fremovexattr = 199,
  signalfd4 = 289,
  epoll_create = 213,
  epoll_wait = 232,
  epoll_ctl = 233,
  epoll_pwait = 281,
  epoll_create1 = 291,
  epoll_pwait2 = 441,
  timerfd_create = 283,
  timerfd_settime = 286,
  timerfd_gettime = 287,
  eventfd2 = 290,
  memfd_create = 319,
  faccessat2 = 439,
}

/** A wrapper taking `count` integer arguments straight from the registers (64-bit each). */
function passThrough(nr: number, count: number) {
  return (f: CallFrame, libc: LibcProcess) => {
    const a = [0, 0, 0, 0, 0];
    for (let i = 0; i < count; i++) a[i] = f.long(i);
    return libc.sysResult(libc.sys(nr, a[0], a[1], a[2], a[3], a[4]));
  };
}

const EVENTFD_COUNTER_SIZE = 8;

/**
 * eventfd_read and eventfd_write: one read or write of the 8-byte counter, 0 when it moved all 8
 * bytes, else -1 (errno from the call). From guest code, as read and write are: a read that blocks
 * on an empty counter lets the other threads run, and a signal can interrupt it.
 */
function* eventfdTransfer(libc: LibcProcess, nr: number, fd: number, buffer: number): HostGenerator {
  const result = yield guestCall(
    guestCode(libc).syscallFunction,
    [nr, fd, buffer, EVENTFD_COUNTER_SIZE],
    nr === Sys.read ? 'eventfd_read' : 'eventfd_write',
  );
  if (result < 0) return libc.sysResult(result);
  return result === EVENTFD_COUNTER_SIZE ? 0 : -1;
}

/** eventfd_write's value goes through the red zone below the caller's stack pointer. */
function* eventfdWrite(f: CallFrame, libc: LibcProcess): HostGenerator {
  const buffer = f.sp - 64;
  checkWrite(libc.memory, buffer, EVENTFD_COUNTER_SIZE);
  libc.memory.view.setBigUint64(buffer, f.u64(1), true);
  return yield* eventfdTransfer(libc, Sys.write, f.int(0), buffer);
}

export const LINUX_WRAPPER_FUNCTIONS: FunctionTable = {
  eventfd: (f, libc) => libc.sysResult(libc.sys(LinuxSys.eventfd2, f.uint(0), f.int(1))),
  eventfd_read: (f, libc) => eventfdTransfer(libc, Sys.read, f.int(0), f.ptr(1)),
  eventfd_write: eventfdWrite,
  // glibc's signalfd is signalfd4 with the kernel's sigset size.
  signalfd: (f, libc) => libc.sysResult(libc.sys(LinuxSys.signalfd4, f.int(0), f.ptr(1), 8, f.int(2))),
  epoll_create: (f, libc) => libc.sysResult(libc.sys(LinuxSys.epoll_create, f.int(0))),
  epoll_create1: (f, libc) => libc.sysResult(libc.sys(LinuxSys.epoll_create1, f.int(0))),
  epoll_ctl: (f, libc) => libc.sysResult(libc.sys(LinuxSys.epoll_ctl, f.int(0), f.int(1), f.int(2), f.ptr(3))),
  epoll_wait: (f, libc) => cancellableSyscall(f, libc, LinuxSys.epoll_wait, f.int(0), f.ptr(1), f.int(2), f.int(3)),
  // glibc passes the kernel's sigset size (8) with the mask.
  epoll_pwait: (f, libc) =>
    cancellableSyscall(f, libc, LinuxSys.epoll_pwait, f.int(0), f.ptr(1), f.int(2), f.int(3), f.ptr(4), 8),
  epoll_pwait2: (f, libc) =>
    cancellableSyscall(f, libc, LinuxSys.epoll_pwait2, f.int(0), f.ptr(1), f.int(2), f.ptr(3), f.ptr(4), 8),
  timerfd_create: (f, libc) => libc.sysResult(libc.sys(LinuxSys.timerfd_create, f.int(0), f.int(1))),
  timerfd_settime: (f, libc) =>
    libc.sysResult(libc.sys(LinuxSys.timerfd_settime, f.int(0), f.int(1), f.ptr(2), f.ptr(3))),
  timerfd_gettime: (f, libc) => libc.sysResult(libc.sys(LinuxSys.timerfd_gettime, f.int(0), f.ptr(1))),
  memfd_create: (f, libc) => libc.sysResult(libc.sys(LinuxSys.memfd_create, f.ptr(0), f.uint(1))),
  // prctl is variadic in C; glibc passes the four words after the option whatever they hold.
  prctl: passThrough(LinuxSys.prctl, 5),
  // getpgrp: tcsetpgrp's usual argument (job-control shells, less, vim).
  getpgrp: (_f, libc) => libc.sys(LinuxSys.getpgrp),
  // From guest code: a lock another process holds is waited for while the others run.
  flock: (f, libc) => tailSyscall(f, libc, LinuxSys.flock, f.int(0), f.int(1)),
  // faccessat: glibc 2.36 calls faccessat2 (which knows AT_EACCESS and AT_SYMLINK_NOFOLLOW) and
  // falls back only on kernels without it, which Miros's is not.
  faccessat: (f, libc) => libc.sysResult(libc.sys(LinuxSys.faccessat2, f.int(0), f.ptr(1), f.int(2), f.int(3))),
  // euidaccess/eaccess: glibc calls access() when the program is not set-user-ID or set-group-ID,
  // which a program Miros starts never is.
  euidaccess: (f, libc) => libc.sysResult(libc.sys(Sys.access, f.ptr(0), f.int(1))),
  eaccess: (f, libc) => libc.sysResult(libc.sys(Sys.access, f.ptr(0), f.int(1))),
  setxattr: passThrough(LinuxSys.setxattr, 5),
  lsetxattr: passThrough(LinuxSys.lsetxattr, 5),
  fsetxattr: passThrough(LinuxSys.fsetxattr, 5),
  getxattr: passThrough(LinuxSys.getxattr, 4),
  lgetxattr: passThrough(LinuxSys.lgetxattr, 4),
  fgetxattr: passThrough(LinuxSys.fgetxattr, 4),
  listxattr: passThrough(LinuxSys.listxattr, 3),
  llistxattr: passThrough(LinuxSys.llistxattr, 3),
  flistxattr: passThrough(LinuxSys.flistxattr, 3),
  removexattr: passThrough(LinuxSys.removexattr, 2),
  lremovexattr: passThrough(LinuxSys.lremovexattr, 2),
  fremovexattr: passThrough(LinuxSys.fremovexattr, 2),
};
