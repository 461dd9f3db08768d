// Small system functions libstdc++ and Rust's std import: get_nprocs/get_nprocs_conf, getentropy,
// the arc4random family (glibc 2.36: getrandom-backed), sendfile, fchmodat, utimensat/futimens,
// statvfs/fstatvfs (statfs converted as glibc's internal_statvfs).
import { AT_FDCWD, AtFlag } from '../../kernel/abi/flags.ts';
import { Errno } from '../../kernel/errno.ts';
import { S_IFLNK, S_IFMT } from '../../kernel/fs/stat.ts';
import type { CallFrame } from '../abi/call-frame.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { checkRead, checkWrite } from '../runtime/guest-access.ts';
import { Sys } from '../runtime/kernel-call.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { sysconf } from './sysconf.ts';

/**
 * System calls not (yet) in runtime/kernel-call.ts's Sys table, which belongs to another part:
 * to be moved there.
 */
const SC_NPROCESSORS_CONF = 83;
const SC_NPROCESSORS_ONLN = 84;
const ST_MODE = 24;
/** Largest getentropy request (glibc and the BSDs). */
const GETENTROPY_MAX = 256;
const STATVFS_SIZE = 112;
/** statfs's f_flags bit saying the flags are valid (the kernel always sets it since 2.6.36). */
const ST_VALID = 0x20;

/** getrandom until `length` bytes are written (EINTR retried), as getentropy and arc4random_buf do. */
function fillRandom(libc: LibcProcess, buffer: number, length: number): number {
  let done = 0;
  while (done < length) {
    const n = libc.sys(Sys.getrandom, buffer + done, length - done, 0);
    if (n === -Errno.EINTR) continue;
    if (n < 0) return n;
    done += n;
  }
  return 0;
}

function getentropy(libc: LibcProcess, buffer: number, length: number): number {
  if (length > GETENTROPY_MAX) {
    libc.errno = Errno.EIO;
    return -1;
  }
  return libc.sysResult(fillRandom(libc, buffer, length));
}

function random32(libc: LibcProcess): number {
  const at = libc.scratch;
  if (fillRandom(libc, at, 4) < 0) libc.fatal('Fatal glibc error: cannot get entropy for arc4random\n');
  return libc.memory.view.getUint32(at, true);
}

/** arc4random_uniform: uniform in [0, upper) by rejection (no modulo bias); 0 for upper < 2. */
function arc4randomUniform(libc: LibcProcess, upper: number): number {
  if (upper <= 1) return 0;
  const limit = 4294967296 - (4294967296 % upper);
  for (;;) {
    const value = random32(libc);
    if (value < limit) return value % upper;
  }
}

/** fchmodat: AT_SYMLINK_NOFOLLOW works only on what is not a symbolic link (EOPNOTSUPP, as glibc). */
function fchmodat(f: CallFrame, libc: LibcProcess): number {
  return changeMode(libc, f.int(0), f.ptr(1), f.uint(2), f.int(3));
}

/** fchmodat's work; lchmod is glibc's fchmodat(AT_FDCWD, path, mode, AT_SYMLINK_NOFOLLOW). */
function changeMode(libc: LibcProcess, directory: number, path: number, mode: number, flags: number): number {
  if (flags & ~AtFlag.SYMLINK_NOFOLLOW) {
    libc.errno = Errno.EINVAL;
    return -1;
  }
  if (flags & AtFlag.SYMLINK_NOFOLLOW) {
    const stat = libc.scratch;
    const result = libc.sys(Sys.newfstatat, directory, path, stat, AtFlag.SYMLINK_NOFOLLOW);
    if (result < 0) return libc.sysResult(result);
    if ((libc.memory.view.getUint32(stat + ST_MODE, true) & S_IFMT) === S_IFLNK) {
      libc.errno = Errno.EOPNOTSUPP;
      return -1;
    }
  }
  return libc.sysResult(libc.sys(Sys.fchmodat, directory, path, mode));
}

/** statvfs from statfs: glibc's field mapping (f_frsize defaults to f_bsize, f_favail = f_ffree). */
function statvfsFrom(libc: LibcProcess, statfsResult: number, statfs: number, buffer: number): number {
  if (statfsResult < 0) return libc.sysResult(statfsResult);
  checkWrite(libc.memory, buffer, STATVFS_SIZE);
  const view = libc.memory.view;
  const u64 = (offset: number) => view.getBigUint64(statfs + offset, true);
  const set = (offset: number, value: bigint) => view.setBigUint64(buffer + offset, value, true);
  const bsize = u64(8);
  const frsize = u64(72);
  set(0, bsize);
  set(8, frsize !== 0n ? frsize : bsize);
  set(16, u64(16));
  set(24, u64(24));
  set(32, u64(32));
  set(40, u64(40));
  set(48, u64(48));
  set(56, u64(48));
  set(64, BigInt(view.getUint32(statfs + 56, true)));
  const flags = u64(80);
  set(72, flags & BigInt(ST_VALID) ? flags ^ BigInt(ST_VALID) : flags);
  set(80, u64(64));
  libc.memory.bytes.fill(0, buffer + 88, buffer + STATVFS_SIZE);
  return 0;
}

function statvfs(libc: LibcProcess, path: number, buffer: number): number {
  const statfs = libc.scratch;
  return statvfsFrom(libc, libc.sys(Sys.statfs, path, statfs), statfs, buffer);
}

function fstatvfs(libc: LibcProcess, fd: number, buffer: number): number {
  const statfs = libc.scratch;
  return statvfsFrom(libc, libc.sys(Sys.fstatfs, fd, statfs), statfs, buffer);
}

const enum TimesFormat {
  /** struct utimbuf: actime, modtime in whole seconds. */
  Utimbuf = 0,
  /** struct timeval[2]: seconds and microseconds. */
  Timeval = 1,
}

/**
 * utime, utimes, lutimes, futimes and futimesat as glibc 2.36 makes them: the times converted to the two
 * timespecs of utimensat (NULL stays NULL: "now"), one utimensat call.
 */
function setTimesFrom(
  libc: LibcProcess,
  fd: number,
  path: number,
  times: number,
  format: TimesFormat,
  flags: number,
): number {
  let converted = 0;
  if (times !== 0) {
    const view = libc.memory.view;
    checkRead(libc.memory, times, format === TimesFormat.Utimbuf ? 16 : 32);
    converted = libc.scratch;
    checkWrite(libc.memory, converted, 32);
    for (let i = 0; i < 2; i++) {
      const seconds = view.getBigInt64(times + (format === TimesFormat.Utimbuf ? 8 * i : 16 * i), true);
      const nanoseconds = format === TimesFormat.Utimbuf ? 0n : view.getBigInt64(times + 16 * i + 8, true) * 1000n;
      view.setBigInt64(converted + 16 * i, seconds, true);
      view.setBigInt64(converted + 16 * i + 8, nanoseconds, true);
    }
  }
  return libc.sysResult(libc.sys(Sys.utimensat, fd, path, converted, flags));
}

export const SYSTEM_FUNCTIONS: FunctionTable = {
  get_nprocs: (f, libc) => sysconf(f, libc, SC_NPROCESSORS_ONLN),
  get_nprocs_conf: (f, libc) => sysconf(f, libc, SC_NPROCESSORS_CONF),
  getentropy: (f, libc) => getentropy(libc, f.ptr(0), f.ulong(1)),
  arc4random: (_f, libc) => random32(libc),
  arc4random_buf: (f, libc) => {
    if (fillRandom(libc, f.ptr(0), f.ulong(1)) < 0)
      libc.fatal('Fatal glibc error: cannot get entropy for arc4random\n');
    return undefined;
  },
  arc4random_uniform: (f, libc) => arc4randomUniform(libc, f.uint(0)),
  sendfile: (f, libc) => libc.sysResult(libc.sys(Sys.sendfile, f.int(0), f.int(1), f.ptr(2), f.ulong(3))),
  sendfile64: (f, libc) => libc.sysResult(libc.sys(Sys.sendfile, f.int(0), f.int(1), f.ptr(2), f.ulong(3))),
  fchmodat,
  lchmod: (f, libc) => changeMode(libc, AT_FDCWD, f.ptr(0), f.uint(1), AtFlag.SYMLINK_NOFOLLOW),
  utimensat: (f, libc) => libc.sysResult(libc.sys(Sys.utimensat, f.int(0), f.ptr(1), f.ptr(2), f.int(3))),
  utime: (f, libc) => setTimesFrom(libc, AT_FDCWD, f.ptr(0), f.ptr(1), TimesFormat.Utimbuf, 0),
  utimes: (f, libc) => setTimesFrom(libc, AT_FDCWD, f.ptr(0), f.ptr(1), TimesFormat.Timeval, 0),
  lutimes: (f, libc) => setTimesFrom(libc, AT_FDCWD, f.ptr(0), f.ptr(1), TimesFormat.Timeval, AtFlag.SYMLINK_NOFOLLOW),
  futimes: (f, libc) => setTimesFrom(libc, f.int(0), 0, f.ptr(1), TimesFormat.Timeval, 0),
  // futimesat(dirfd, path, times): utimes relative to dirfd; a NULL path is the descriptor itself (as futimes).
  futimesat: (f, libc) => setTimesFrom(libc, f.int(0), f.ptr(1), f.ptr(2), TimesFormat.Timeval, 0),
  futimens: (f, libc) => {
    // glibc: a negative descriptor is EBADF (the system call would read the NULL path as "now" on fd).
    if (f.int(0) < 0) {
      libc.errno = Errno.EBADF;
      return -1;
    }
    return libc.sysResult(libc.sys(Sys.utimensat, f.int(0), 0, f.ptr(1), 0));
  },
  statvfs: (f, libc) => statvfs(libc, f.ptr(0), f.ptr(1)),
  statvfs64: (f, libc) => statvfs(libc, f.ptr(0), f.ptr(1)),
  fstatvfs: (f, libc) => fstatvfs(libc, f.int(0), f.ptr(1)),
  fstatvfs64: (f, libc) => fstatvfs(libc, f.int(0), f.ptr(1)),
};
