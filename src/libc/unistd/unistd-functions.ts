// unistd.h and fcntl.h: thin wrappers over the kernel's system calls with glibc's conventions
// (-1 and errno on failure; open() is openat(AT_FDCWD, …) as glibc issues it).
import type { FunctionTable } from '../exports/binding-types.ts';
import { cancellableSyscall } from '../pthread/cancel-cleanup.ts';
import { Sys } from '../runtime/kernel-call.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';

const AT_FDCWD = -100;
const EISDIR = 21;
const O_CREAT = 0o100;
const O_TMPFILE = 0o20200000;

export const UNISTD_FUNCTIONS: FunctionTable = {
  // read and write can wait (pipes, sockets, terminals): made from guest code, so other threads
  // run meanwhile and a signal interrupts them as natively (../signal/guest-code.ts).
  read: (f, libc) => cancellableSyscall(f, libc, Sys.read, f.int(0), f.ptr(1), f.ulong(2)),
  write: (f, libc) => cancellableSyscall(f, libc, Sys.write, f.int(0), f.ptr(1), f.ulong(2)),
  close: (f, libc) => libc.sysResult(libc.sys(Sys.close, f.int(0))),
  open: (f, libc) => {
    const flags = f.int(1);
    const mode = flags & O_CREAT || (flags & O_TMPFILE) === O_TMPFILE ? f.uint(2) : 0;
    return libc.sysResult(libc.sys(Sys.openat, AT_FDCWD, f.ptr(0), flags, mode));
  },
  open64: (f, libc) => {
    const flags = f.int(1);
    const mode = flags & O_CREAT || (flags & O_TMPFILE) === O_TMPFILE ? f.uint(2) : 0;
    return libc.sysResult(libc.sys(Sys.openat, AT_FDCWD, f.ptr(0), flags, mode));
  },
  lseek: (f, libc) => libc.sysResult(libc.sys(Sys.lseek, f.int(0), f.long(1), f.int(2))),
  unlink: (f, libc) => libc.sysResult(libc.sys(Sys.unlink, f.ptr(0))),
  remove: (f, libc) => {
    // glibc: unlink, and for a directory (EISDIR) rmdir.
    const unlinked = libc.sys(Sys.unlink, f.ptr(0));
    if (unlinked !== -EISDIR) return libc.sysResult(unlinked);
    return libc.sysResult(libc.sys(Sys.rmdir, f.ptr(0)));
  },
  access: (f, libc) => libc.sysResult(libc.sys(Sys.access, f.ptr(0), f.int(1))),
  dup: (f, libc) => libc.sysResult(libc.sys(Sys.dup, f.int(0))),
  dup2: (f, libc) => libc.sysResult(libc.sys(Sys.dup2, f.int(0), f.int(1))),
  pipe: (f, libc) => libc.sysResult(libc.sys(Sys.pipe, f.ptr(0))),
  getpid: (_f, libc) => libc.sys(Sys.getpid),
  getppid: (_f, libc) => libc.sys(Sys.getppid),
  getuid: (_f, libc) => libc.sys(Sys.getuid),
  geteuid: (_f, libc) => libc.sys(Sys.geteuid),
  getgid: (_f, libc) => libc.sys(Sys.getgid),
  getegid: (_f, libc) => libc.sys(Sys.getegid),
  isatty: (f, libc) => {
    const result = libc.sys(Sys.ioctl, f.int(0), 0x5401, libc.scratch);
    if (result < 0) {
      libc.errno = -result;
      return 0;
    }
    return 1;
  },
  getcwd: (f, libc) => getcwd(libc, f.ptr(0), f.ulong(1)),
  chdir: (f, libc) => libc.sysResult(libc.sys(Sys.chdir, f.ptr(0))),
  mkdir: (f, libc) => libc.sysResult(libc.sys(Sys.mkdir, f.ptr(0), f.uint(1))),
  rmdir: (f, libc) => libc.sysResult(libc.sys(Sys.rmdir, f.ptr(0))),
  rename: (f, libc) => libc.sysResult(libc.sys(Sys.rename, f.ptr(0), f.ptr(1))),
  fsync: (f, libc) => libc.sysResult(libc.sys(Sys.fsync, f.int(0))),
  ftruncate: (f, libc) => libc.sysResult(libc.sys(Sys.ftruncate, f.int(0), f.long(1))),
  umask: (f, libc) => libc.sys(Sys.umask, f.uint(0)),
  readlink: (f, libc) => libc.sysResult(libc.sys(Sys.readlink, f.ptr(0), f.ptr(1), f.ulong(2))),
  // From guest code: other threads run while it sleeps, and a handler interrupts it (EINTR).
  nanosleep: (f, libc) => cancellableSyscall(f, libc, Sys.nanosleep, f.ptr(0), f.ptr(1)),
  getrandom: (f, libc) => libc.sysResult(libc.sys(Sys.getrandom, f.ptr(0), f.ulong(1), f.uint(2))),
};

/**
 * getcwd as glibc's: with a NULL buffer it allocates one (of `size` bytes, or PATH_MAX when size
 * is 0, then cut to the path's length); a buffer with size 0 is EINVAL.
 */
export function getcwd(libc: LibcProcess, buffer: number, size: number): number {
  const PATH_MAX = 4096;
  const EINVAL = 22;
  const ENOENT = 2;
  if (buffer !== 0 && size === 0) {
    libc.errno = EINVAL;
    return 0;
  }
  const target = buffer !== 0 ? buffer : libc.heap.allocate(size === 0 ? PATH_MAX : size);
  if (target === 0) {
    libc.errno = 12; // ENOMEM
    return 0;
  }
  const result = libc.sys(Sys.getcwd, target, buffer !== 0 || size !== 0 ? size : PATH_MAX);
  // A cwd the root directory cannot reach (after chroot) comes as '(unreachable)/…': glibc fails
  // with ENOENT rather than return a path that is not absolute (BZ #22679).
  const unreachable = result > 0 && libc.memory.bytes[target] !== 0x2f;
  if (result < 0 || unreachable) {
    if (buffer === 0) libc.heap.release(target);
    libc.errno = unreachable ? ENOENT : -result;
    return 0;
  }
  if (buffer !== 0 || size !== 0) return target;
  const exact = libc.heap.allocate(result);
  if (exact === 0) return target;
  libc.memory.bytes.copyWithin(exact, target, target + result);
  libc.heap.release(target);
  return exact;
}
