// sys/stat.h, fcntl.h, sys/mman.h, poll.h, sys/uio.h, sys/resource.h, sys/utsname.h, sched.h and
// the rest of unistd.h that glibc implements as a thin system-call wrapper: -1 and errno on
// failure, the kernel's structures passed through as is (on x86-64 glibc's struct stat, rlimit,
// rusage, utsname, pollfd and iovec are the kernel's layouts). Where glibc 2.36 does more than
// the bare call (fstat's EBADF, ppoll's timeout copy, gethostname's truncation,
// sched_getaffinity's zero fill, fcntl's F_GETOWN) the comment says so.

import { AT_FDCWD, AtFlag, Fcntl, OpenFlag, Seek } from '../../kernel/abi/flags.ts';
import { Errno } from '../../kernel/errno.ts';
import type { CallFrame } from '../abi/call-frame.ts';
import type { HostGenerator } from '../abi/host-region.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { cancellableSyscall } from '../pthread/cancel-cleanup.ts';
import { checkRead, checkWrite, cStringLength } from '../runtime/guest-access.ts';
import { Sys } from '../runtime/kernel-call.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { tailSyscall } from '../signal/guest-code.ts';
import { runIo, type StreamIo, waitingCall } from '../stdio/stream-io.ts';
import { sysconf } from './sysconf.ts';

/** creat(path, mode) is open(path, OpenFlag.CREAT|O_WRONLY|O_TRUNC, mode). */
const O_CREAT_WRONLY_TRUNC = 0o1101;
const F_OWNER_PGRP = 2;
const KERNEL_SIGSET_SIZE = 8;
/** __xstat's version argument: _STAT_VER_KERNEL (0) and _STAT_VER_LINUX (1) are the x86-64 ones. */
const STAT_VERSION_LINUX = 1;
const UTSNAME_FIELD = 65;
const PAGE_SIZE = 4096;

/**
 * System calls the syscall() function refuses: they replace or duplicate the calling CPU context,
 * which a libc host call (no syscall instruction to resume after) cannot express.
 */
const CONTEXT_SWITCHING_SYSCALLS: ReadonlySet<number> = new Set([
  Sys.rt_sigreturn,
  Sys.clone,
  Sys.fork,
  Sys.vfork,
  Sys.execve,
  Sys.execveat,
  Sys.clone3,
]);

/** openat's mode argument is read only when the flags create a file (glibc's __OPEN_NEEDS_MODE). */
function openMode(f: CallFrame, flags: number, index: number): number {
  return flags & OpenFlag.CREAT || (flags & OpenFlag.TMPFILE) === OpenFlag.TMPFILE ? f.uint(index) : 0;
}

/** stat, lstat and fstatat are all newfstatat (glibc 2.33+ on x86-64). */
function newfstatat(libc: LibcProcess, dirfd: number, path: number, buffer: number, flags: number): number {
  return libc.sysResult(libc.sys(Sys.newfstatat, dirfd, path, buffer, flags));
}

/** fstat as glibc 2.36: a negative descriptor is EBADF before any system call. */
function fstat(libc: LibcProcess, fd: number, buffer: number): number {
  if (fd < 0) {
    libc.errno = Errno.EBADF;
    return -1;
  }
  return libc.sysResult(libc.sys(Sys.fstat, fd, buffer));
}

/** The pre-2.33 __xstat family: only the kernel's struct stat version is accepted. */
function statVersionOk(libc: LibcProcess, version: number): boolean {
  if (version === 0 || version === STAT_VERSION_LINUX) return true;
  libc.errno = Errno.EINVAL;
  return false;
}

/**
 * fcntl as glibc: the third argument is always fetched as a pointer-sized value (the kernel
 * narrows it per command), and F_GETOWN goes through F_GETOWN_EX so that a process group owner
 * comes back negative instead of being confused with an error.
 */
function fcntl(f: CallFrame, libc: LibcProcess): number | undefined | HostGenerator {
  const fd = f.int(0);
  const command = f.int(1);
  if (command === Fcntl.GETOWN) {
    const owner = libc.scratch;
    const result = libc.sys(Sys.fcntl, fd, Fcntl.GETOWN_EX, owner);
    if (result < 0) return libc.sysResult(result);
    const type = libc.memory.read32(owner) | 0;
    const pid = libc.memory.read32(owner + 4) | 0;
    return type === F_OWNER_PGRP ? -pid : pid;
  }
  // A lock that must wait for another process's unlock waits in guest code, where the
  // scheduler runs the others and a signal interrupts it (EINTR), as any program's fcntl.
  if (command === Fcntl.SETLKW || command === Fcntl.OFD_SETLKW)
    return cancellableSyscall(f, libc, Sys.fcntl, fd, command, f.ptr(2));
  return libc.sysResult(libc.sys(Sys.fcntl, fd, command, f.ptr(2)));
}

/** lockf's commands (<unistd.h>). */
const enum Lockf {
  ULOCK = 0,
  LOCK = 1,
  TLOCK = 2,
  TEST = 3,
}
const F_RDLCK = 0;
const F_WRLCK = 1;
const F_UNLCK = 2;
/** struct flock: short l_type, short l_whence, off_t l_start, off_t l_len, pid_t l_pid. */
const FLOCK_SIZE = 32;

/**
 * lockf (and lockf64, the same on x86-64) as glibc builds it on fcntl: a record lock of `len`
 * bytes from the current offset (to the end of the file and beyond when 0, before it when
 * negative); F_TEST asks F_GETLK with a read lock and fails with EACCES when another process holds
 * a conflicting one.
 */
function lockf(f: CallFrame, libc: LibcProcess): number | HostGenerator {
  const fd = f.int(0);
  const command = f.int(1);
  const length = f.long(2);
  const lock = libc.scratch;
  const memory = libc.memory;
  memory.bytes.fill(0, lock, lock + FLOCK_SIZE);
  memory.write16(lock + 2, Seek.CUR);
  memory.write32(lock + 16, length | 0);
  memory.write32(lock + 20, Math.floor(length / 4294967296) | 0);
  switch (command) {
    case Lockf.TEST: {
      memory.write16(lock, F_RDLCK);
      const result = libc.sys(Sys.fcntl, fd, Fcntl.GETLK, lock);
      if (result < 0) return libc.sysResult(result);
      if (memory.read16(lock) === F_UNLCK || memory.read32(lock + 24) === libc.sys(Sys.getpid)) return 0;
      libc.errno = Errno.EACCES;
      return -1;
    }
    case Lockf.ULOCK:
      memory.write16(lock, F_UNLCK);
      return libc.sysResult(libc.sys(Sys.fcntl, fd, Fcntl.SETLK, lock));
    case Lockf.LOCK:
      memory.write16(lock, F_WRLCK);
      // Waits (for another process's unlock) from guest code; the retried call reads the
      // struct again from the scratch area, which the waiting thread's process then must not
      // reuse from another thread (not yet guarded).
      return runIo(waitForLock(libc, fd, lock));
    case Lockf.TLOCK:
      memory.write16(lock, F_WRLCK);
      return libc.sysResult(libc.sys(Sys.fcntl, fd, Fcntl.SETLK, lock));
    default:
      libc.errno = Errno.EINVAL;
      return -1;
  }
}

function* waitForLock(libc: LibcProcess, fd: number, lock: number): StreamIo {
  return libc.sysResult(yield* waitingCall(libc, Sys.fcntl, fd, Fcntl.SETLKW, lock));
}

/**
 * ppoll as glibc: the timeout is copied first, so the kernel's remaining-time update never reaches
 * the caller's const struct; the call is made from guest code (as poll), so other threads run
 * while it waits and a signal its mask lets through interrupts it.
 */
function ppoll(f: CallFrame, libc: LibcProcess): number | undefined | HostGenerator {
  let timeout = f.ptr(2);
  if (timeout !== 0) {
    checkRead(libc.memory, timeout, 16);
    // Below the caller's stack pointer is this call's own (the callee's red zone): per thread,
    // so a blocked ppoll cannot have its copy overwritten by another thread.
    const copy = f.sp - 64;
    checkWrite(libc.memory, copy, 16);
    libc.memory.bytes.copyWithin(copy, timeout, timeout + 16);
    timeout = copy;
  }
  const mask = f.ptr(3);
  return cancellableSyscall(
    f,
    libc,
    Sys.ppoll,
    f.ptr(0),
    f.ulong(1),
    timeout,
    mask,
    mask === 0 ? 0 : KERNEL_SIGSET_SIZE,
  );
}

/** gethostname as glibc: uname's nodename, copied up to len bytes; ENAMETOOLONG when it did not fit with its NUL. */
function gethostname(libc: LibcProcess, name: number, length: number): number {
  const uts = libc.scratch;
  if (libc.sysResult(libc.sys(Sys.uname, uts)) < 0) return -1;
  const node = uts + UTSNAME_FIELD;
  const nodeLength = cStringLength(libc.memory, node) + 1;
  const copied = Math.min(length, nodeLength);
  checkWrite(libc.memory, name, copied);
  libc.memory.bytes.copyWithin(name, node, node + copied);
  if (nodeLength > length) {
    libc.errno = Errno.ENAMETOOLONG;
    return -1;
  }
  return 0;
}

/** sched_getaffinity as glibc: 0 on success, the mask bytes the kernel did not write set to zero. */
function schedGetaffinity(f: CallFrame, libc: LibcProcess): number {
  const size = f.ulong(1);
  const mask = f.ptr(2);
  const written = libc.sysResult(libc.sys(Sys.sched_getaffinity, f.int(0), size, mask));
  if (written < 0) return -1;
  if (written < size) {
    checkWrite(libc.memory, mask + written, size - written);
    libc.memory.bytes.fill(0, mask + written, mask + size);
  }
  return 0;
}

/** __sched_cpucount (CPU_COUNT): set bits in a cpu_set_t of `size` bytes. */
function cpuCount(libc: LibcProcess, size: number, set: number): number {
  checkRead(libc.memory, set, size);
  const bytes = libc.memory.bytes;
  let count = 0;
  for (let i = 0; i < size; i++) {
    let byte = bytes[set + i]!;
    while (byte !== 0) {
      byte &= byte - 1;
      count++;
    }
  }
  return count;
}

/**
 * syscall(): the number and six long arguments, -1 and errno for results in [-4095, -1]. The
 * call is made from guest code (tailSyscall), as glibc's syscall() executes the instruction: a
 * call that waits (a futex, as GLib's mutexes and conditions make through syscall()) lets the
 * other threads run and signals interrupt it; made on the host it could only wait for itself
 * (pkcon's GLib thread pool waited there for a thread that never got to run: a deadlock report).
 */
function syscall(f: CallFrame, libc: LibcProcess): number {
  const nr = f.long(0);
  if (CONTEXT_SWITCHING_SYSCALLS.has(nr)) {
    libc.fatal(
      `miros: syscall(${nr}) through libc's syscall() function is unsupported (it replaces the CPU context)\n`,
    );
  }
  return tailSyscall(f, libc, nr, f.long(1), f.long(2), f.long(3), f.long(4), f.long(5), f.long(6));
}

/** The bias of the getpriority system call's result (glibc's PZERO). */
const PZERO = 20;
const PRIO_PROCESS = 0;

/**
 * nice as glibc's: the current priority plus `increment` through setpriority (EACCES becomes
 * EPERM), then the new priority; errno is left as it was on success (a priority of -1 is valid).
 */
function nice(libc: LibcProcess, increment: number): number {
  const saved = libc.errno;
  const current = libc.sys(Sys.getpriority, PRIO_PROCESS, 0);
  if (current < 0) return libc.sysResult(current);
  const set = libc.sys(Sys.setpriority, PRIO_PROCESS, 0, PZERO - current + increment);
  if (set < 0) {
    libc.errno = set === -Errno.EACCES ? Errno.EPERM : -set;
    return -1;
  }
  libc.errno = saved;
  const now = libc.sys(Sys.getpriority, PRIO_PROCESS, 0);
  return now < 0 ? libc.sysResult(now) : PZERO - now;
}

export const FILE_SYSTEM_FUNCTIONS: FunctionTable = {
  // sys/stat.h (the GLIBC_2.33 names; struct stat is the kernel's).
  stat: (f, libc) => newfstatat(libc, AT_FDCWD, f.ptr(0), f.ptr(1), 0),
  stat64: (f, libc) => newfstatat(libc, AT_FDCWD, f.ptr(0), f.ptr(1), 0),
  lstat: (f, libc) => newfstatat(libc, AT_FDCWD, f.ptr(0), f.ptr(1), AtFlag.SYMLINK_NOFOLLOW),
  lstat64: (f, libc) => newfstatat(libc, AT_FDCWD, f.ptr(0), f.ptr(1), AtFlag.SYMLINK_NOFOLLOW),
  fstatat: (f, libc) => newfstatat(libc, f.int(0), f.ptr(1), f.ptr(2), f.int(3)),
  fstatat64: (f, libc) => newfstatat(libc, f.int(0), f.ptr(1), f.ptr(2), f.int(3)),
  fstat: (f, libc) => fstat(libc, f.int(0), f.ptr(1)),
  fstat64: (f, libc) => fstat(libc, f.int(0), f.ptr(1)),
  __xstat: (f, libc) => (statVersionOk(libc, f.int(0)) ? newfstatat(libc, AT_FDCWD, f.ptr(1), f.ptr(2), 0) : -1),
  __xstat64: (f, libc) => (statVersionOk(libc, f.int(0)) ? newfstatat(libc, AT_FDCWD, f.ptr(1), f.ptr(2), 0) : -1),
  __lxstat: (f, libc) =>
    statVersionOk(libc, f.int(0)) ? newfstatat(libc, AT_FDCWD, f.ptr(1), f.ptr(2), AtFlag.SYMLINK_NOFOLLOW) : -1,
  __lxstat64: (f, libc) =>
    statVersionOk(libc, f.int(0)) ? newfstatat(libc, AT_FDCWD, f.ptr(1), f.ptr(2), AtFlag.SYMLINK_NOFOLLOW) : -1,
  __fxstat: (f, libc) => (statVersionOk(libc, f.int(0)) ? fstat(libc, f.int(1), f.ptr(2)) : -1),
  __fxstat64: (f, libc) => (statVersionOk(libc, f.int(0)) ? fstat(libc, f.int(1), f.ptr(2)) : -1),
  __fxstatat: (f, libc) =>
    statVersionOk(libc, f.int(0)) ? newfstatat(libc, f.int(1), f.ptr(2), f.ptr(3), f.int(4)) : -1,
  __fxstatat64: (f, libc) =>
    statVersionOk(libc, f.int(0)) ? newfstatat(libc, f.int(1), f.ptr(2), f.ptr(3), f.int(4)) : -1,
  chmod: (f, libc) => libc.sysResult(libc.sys(Sys.chmod, f.ptr(0), f.uint(1))),
  fchmod: (f, libc) => libc.sysResult(libc.sys(Sys.fchmod, f.int(0), f.uint(1))),
  mkdirat: (f, libc) => libc.sysResult(libc.sys(Sys.mkdirat, f.int(0), f.ptr(1), f.uint(2))),

  // fcntl.h
  fcntl,
  fcntl64: fcntl,
  lockf,
  lockf64: lockf,
  openat: (f, libc) => {
    const flags = f.int(2);
    return libc.sysResult(libc.sys(Sys.openat, f.int(0), f.ptr(1), flags, openMode(f, flags, 3)));
  },
  openat64: (f, libc) => {
    const flags = f.int(2);
    return libc.sysResult(libc.sys(Sys.openat, f.int(0), f.ptr(1), flags, openMode(f, flags, 3)));
  },

  // sys/ioctl.h: the request and one pointer-sized argument, as glibc passes them.
  ioctl: (f, libc) => libc.sysResult(libc.sys(Sys.ioctl, f.int(0), f.uint(1), f.ptr(2))),

  // sys/mman.h: addresses come back as they are; MAP_FAILED is the -1 of an error.
  mmap: (f, libc) => libc.sysResult(libc.sys(Sys.mmap, f.ptr(0), f.ulong(1), f.int(2), f.int(3), f.int(4), f.long(5))),
  mmap64: (f, libc) =>
    libc.sysResult(libc.sys(Sys.mmap, f.ptr(0), f.ulong(1), f.int(2), f.int(3), f.int(4), f.long(5))),
  munmap: (f, libc) => libc.sysResult(libc.sys(Sys.munmap, f.ptr(0), f.ulong(1))),
  mprotect: (f, libc) => libc.sysResult(libc.sys(Sys.mprotect, f.ptr(0), f.ulong(1), f.int(2))),
  madvise: (f, libc) => libc.sysResult(libc.sys(Sys.madvise, f.ptr(0), f.ulong(1), f.int(2))),

  // poll.h
  // poll, readv and writev can wait: made from guest code (other threads run, signals interrupt).
  poll: (f, libc) => cancellableSyscall(f, libc, Sys.poll, f.ptr(0), f.ulong(1), f.int(2)),
  ppoll,

  // unistd.h
  lseek64: (f, libc) => libc.sysResult(libc.sys(Sys.lseek, f.int(0), f.long(1), f.int(2))),
  pread: (f, libc) => libc.sysResult(libc.sys(Sys.pread64, f.int(0), f.ptr(1), f.ulong(2), f.long(3))),
  pread64: (f, libc) => libc.sysResult(libc.sys(Sys.pread64, f.int(0), f.ptr(1), f.ulong(2), f.long(3))),
  pwrite: (f, libc) => libc.sysResult(libc.sys(Sys.pwrite64, f.int(0), f.ptr(1), f.ulong(2), f.long(3))),
  pwrite64: (f, libc) => libc.sysResult(libc.sys(Sys.pwrite64, f.int(0), f.ptr(1), f.ulong(2), f.long(3))),
  fchown: (f, libc) => libc.sysResult(libc.sys(Sys.fchown, f.int(0), f.uint(1), f.uint(2))),
  chown: (f, libc) => libc.sysResult(libc.sys(Sys.chown, f.ptr(0), f.uint(1), f.uint(2))),
  lchown: (f, libc) => libc.sysResult(libc.sys(Sys.lchown, f.ptr(0), f.uint(1), f.uint(2))),
  link: (f, libc) => libc.sysResult(libc.sys(Sys.link, f.ptr(0), f.ptr(1))),
  symlink: (f, libc) => libc.sysResult(libc.sys(Sys.symlink, f.ptr(0), f.ptr(1))),
  unlinkat: (f, libc) => libc.sysResult(libc.sys(Sys.unlinkat, f.int(0), f.ptr(1), f.int(2))),
  readlinkat: (f, libc) => libc.sysResult(libc.sys(Sys.readlinkat, f.int(0), f.ptr(1), f.ptr(2), f.ulong(3))),
  fchdir: (f, libc) => libc.sysResult(libc.sys(Sys.fchdir, f.int(0))),
  dup3: (f, libc) => libc.sysResult(libc.sys(Sys.dup3, f.int(0), f.int(1), f.int(2))),
  pipe2: (f, libc) => libc.sysResult(libc.sys(Sys.pipe2, f.ptr(0), f.int(1))),
  truncate: (f, libc) => libc.sysResult(libc.sys(Sys.truncate, f.ptr(0), f.long(1))),
  truncate64: (f, libc) => libc.sysResult(libc.sys(Sys.truncate, f.ptr(0), f.long(1))),
  ftruncate64: (f, libc) => libc.sysResult(libc.sys(Sys.ftruncate, f.int(0), f.long(1))),
  getpagesize: () => PAGE_SIZE,
  __getpagesize: () => PAGE_SIZE,
  sysconf: (f, libc) => sysconf(f, libc, f.int(0)),
  __sysconf: (f, libc) => sysconf(f, libc, f.int(0)),
  syscall,

  creat: (f, libc) => libc.sysResult(libc.sys(Sys.openat, AT_FDCWD, f.ptr(0), O_CREAT_WRONLY_TRUNC, f.uint(1))),
  creat64: (f, libc) => libc.sysResult(libc.sys(Sys.openat, AT_FDCWD, f.ptr(0), O_CREAT_WRONLY_TRUNC, f.uint(1))),
  fdatasync: (f, libc) => libc.sysResult(libc.sys(Sys.fdatasync, f.int(0))),
  fchownat: (f, libc) => libc.sysResult(libc.sys(Sys.fchownat, f.int(0), f.ptr(1), f.uint(2), f.uint(3), f.int(4))),
  renameat: (f, libc) => libc.sysResult(libc.sys(Sys.renameat, f.int(0), f.ptr(1), f.int(2), f.ptr(3))),
  linkat: (f, libc) => libc.sysResult(libc.sys(Sys.linkat, f.int(0), f.ptr(1), f.int(2), f.ptr(3), f.int(4))),
  symlinkat: (f, libc) => libc.sysResult(libc.sys(Sys.symlinkat, f.ptr(0), f.int(1), f.ptr(2))),
  getdents64: (f, libc) => libc.sysResult(libc.sys(Sys.getdents64, f.int(0), f.ptr(1), f.ulong(2))),

  // sys/statfs.h, sys/sysinfo.h: the kernel's structures on x86-64.
  statfs: (f, libc) => libc.sysResult(libc.sys(Sys.statfs, f.ptr(0), f.ptr(1))),
  statfs64: (f, libc) => libc.sysResult(libc.sys(Sys.statfs, f.ptr(0), f.ptr(1))),
  fstatfs: (f, libc) => libc.sysResult(libc.sys(Sys.fstatfs, f.int(0), f.ptr(1))),
  fstatfs64: (f, libc) => libc.sysResult(libc.sys(Sys.fstatfs, f.int(0), f.ptr(1))),
  sysinfo: (f, libc) => libc.sysResult(libc.sys(Sys.sysinfo, f.ptr(0))),

  // sys/uio.h
  readv: (f, libc) => cancellableSyscall(f, libc, Sys.readv, f.int(0), f.ptr(1), f.int(2)),
  writev: (f, libc) => cancellableSyscall(f, libc, Sys.writev, f.int(0), f.ptr(1), f.int(2)),

  // sys/utsname.h
  uname: (f, libc) => libc.sysResult(libc.sys(Sys.uname, f.ptr(0))),
  gethostname: (f, libc) => gethostname(libc, f.ptr(0), f.ulong(1)),

  // sys/resource.h
  // glibc's getpriority removes the kernel's bias (it returns 20 - nice, never negative).
  getpriority: (f, libc) => {
    const result = libc.sysResult(libc.sys(Sys.getpriority, f.int(0), f.uint(1)));
    return result >= 0 ? PZERO - result : result;
  },
  setpriority: (f, libc) => libc.sysResult(libc.sys(Sys.setpriority, f.int(0), f.uint(1), f.int(2))),
  nice: (f, libc) => nice(libc, f.int(0)),
  // posix_fadvise returns the error number and leaves errno alone, as POSIX says.
  posix_fadvise: (f, libc) => -libc.sys(Sys.fadvise64, f.int(0), f.long(1), f.long(2), f.int(3)),
  posix_fadvise64: (f, libc) => -libc.sys(Sys.fadvise64, f.int(0), f.long(1), f.long(2), f.int(3)),
  msync: (f, libc) => libc.sysResult(libc.sys(Sys.msync, f.ptr(0), f.ulong(1), f.int(2))),
  // posix_madvise returns the error number; POSIX_MADV_DONTNEED (4) is ignored, as glibc does:
  // Linux's MADV_DONTNEED would discard changes, which POSIX's advice must not.
  posix_madvise: (f, libc) => (f.int(2) === 4 ? 0 : -libc.sys(Sys.madvise, f.ptr(0), f.ulong(1), f.int(2))),
  copy_file_range: (f, libc) =>
    libc.sysResult(libc.sys(Sys.copy_file_range, f.int(0), f.ptr(1), f.int(2), f.ptr(3), f.ulong(4), f.uint(5))),
  sync: (_f, libc) => {
    libc.sys(Sys.sync);
    return undefined;
  },
  syncfs: (f, libc) => libc.sysResult(libc.sys(Sys.syncfs, f.int(0))),
  getrlimit: (f, libc) => libc.sysResult(libc.sys(Sys.getrlimit, f.int(0), f.ptr(1))),
  prlimit: (f, libc) => libc.sysResult(libc.sys(Sys.prlimit64, f.int(0), f.int(1), f.ptr(2), f.ptr(3))),
  prlimit64: (f, libc) => libc.sysResult(libc.sys(Sys.prlimit64, f.int(0), f.int(1), f.ptr(2), f.ptr(3))),
  getrlimit64: (f, libc) => libc.sysResult(libc.sys(Sys.getrlimit, f.int(0), f.ptr(1))),
  setrlimit: (f, libc) => libc.sysResult(libc.sys(Sys.setrlimit, f.int(0), f.ptr(1))),
  setrlimit64: (f, libc) => libc.sysResult(libc.sys(Sys.setrlimit, f.int(0), f.ptr(1))),
  getrusage: (f, libc) => libc.sysResult(libc.sys(Sys.getrusage, f.int(0), f.ptr(1))),

  // sched.h
  sched_getaffinity: schedGetaffinity,
  __sched_cpucount: (f, libc) => cpuCount(libc, f.ulong(0), f.ptr(1)),
};

/** glibc's __chk_fail: the fortified caller's buffer is smaller than the length it passed. */
function bufferOverflow(libc: LibcProcess): never {
  libc.fatal('*** buffer overflow detected ***: terminated\n');
}

/** __open_2/__openat_2: fortified open without a mode argument, so OpenFlag.CREAT/OpenFlag.TMPFILE is a program bug. */
function checkOpenFlags(libc: LibcProcess, flags: number): number {
  if (flags & OpenFlag.CREAT || (flags & OpenFlag.TMPFILE) === OpenFlag.TMPFILE) {
    libc.fatal('*** invalid open call: OpenFlag.CREAT or OpenFlag.TMPFILE without mode ***: terminated\n');
  }
  return flags;
}

/** Size of struct pollfd (int fd; short events, revents). */
const POLLFD_SIZE = 8;

/**
 * The _FORTIFY_SOURCE entry points (_chk, _2): the same calls after glibc's check of the length
 * against the destination's known size (last argument).
 */
export const FORTIFIED_FILE_SYSTEM_FUNCTIONS: FunctionTable = {
  __read_chk: (f, libc) =>
    f.ulong(2) > f.ulong(3)
      ? bufferOverflow(libc)
      : cancellableSyscall(f, libc, Sys.read, f.int(0), f.ptr(1), f.ulong(2)),
  __pread64_chk: (f, libc) =>
    f.ulong(2) > f.ulong(4)
      ? bufferOverflow(libc)
      : libc.sysResult(libc.sys(Sys.pread64, f.int(0), f.ptr(1), f.ulong(2), f.long(3))),
  __pread_chk: (f, libc) =>
    f.ulong(2) > f.ulong(4)
      ? bufferOverflow(libc)
      : libc.sysResult(libc.sys(Sys.pread64, f.int(0), f.ptr(1), f.ulong(2), f.long(3))),
  __readlink_chk: (f, libc) =>
    f.ulong(2) > f.ulong(3)
      ? bufferOverflow(libc)
      : libc.sysResult(libc.sys(Sys.readlink, f.ptr(0), f.ptr(1), f.ulong(2))),
  __readlinkat_chk: (f, libc) =>
    f.ulong(3) > f.ulong(4)
      ? bufferOverflow(libc)
      : libc.sysResult(libc.sys(Sys.readlinkat, f.int(0), f.ptr(1), f.ptr(2), f.ulong(3))),
  __gethostname_chk: (f, libc) =>
    f.ulong(1) > f.ulong(2) ? bufferOverflow(libc) : gethostname(libc, f.ptr(0), f.ulong(1)),
  __poll_chk: (f, libc) =>
    Math.floor(f.ulong(3) / POLLFD_SIZE) < f.ulong(1)
      ? bufferOverflow(libc)
      : cancellableSyscall(f, libc, Sys.poll, f.ptr(0), f.ulong(1), f.int(2)),
  __ppoll_chk: (f, libc) => (Math.floor(f.ulong(4) / POLLFD_SIZE) < f.ulong(1) ? bufferOverflow(libc) : ppoll(f, libc)),
  __open_2: (f, libc) => libc.sysResult(libc.sys(Sys.openat, AT_FDCWD, f.ptr(0), checkOpenFlags(libc, f.int(1)), 0)),
  __open64_2: (f, libc) => libc.sysResult(libc.sys(Sys.openat, AT_FDCWD, f.ptr(0), checkOpenFlags(libc, f.int(1)), 0)),
  __openat_2: (f, libc) => libc.sysResult(libc.sys(Sys.openat, f.int(0), f.ptr(1), checkOpenFlags(libc, f.int(2)), 0)),
  __openat64_2: (f, libc) =>
    libc.sysResult(libc.sys(Sys.openat, f.int(0), f.ptr(1), checkOpenFlags(libc, f.int(2)), 0)),
};
