// fcntl.h's fallocate and posix_fallocate, sys/mman.h's mincore and stdio.h's renameat2, as glibc
// 2.36 issues them on x86-64 (off_t is 64-bit, so the *64 names are the same functions).
import type { CallFrame } from '../abi/call-frame.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { Sys } from '../runtime/kernel-call.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';

/** x86-64 numbers of the calls here that runtime/kernel-call.ts's Sys table (another part's) lacks. */
const enum FileSpaceSys {
  mincore = 27,
  fallocate = 285,
  renameat2 = 316,
}

const EBADF = 9;
const EINVAL = 22;
const EFBIG = 27;
const ESPIPE = 29;
const ENODEV = 19;
const EOPNOTSUPP = 95;
const F_GETFL = 3;
const O_APPEND = 0o2000;
const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFIFO = 0o010000;
/** struct stat (x86-64): st_mode and st_size. */
const STAT_MODE = 24;
const STAT_SIZE = 48;
/** struct statfs (x86-64): f_bsize follows the 8-byte f_type. */
const STATFS_BSIZE = 8;

/**
 * posix_fallocate's fallback when the file system cannot allocate (fallocate says EOPNOTSUPP): the
 * checks glibc makes, then one zero byte written in every block of the range that does not already
 * hold a non-zero byte there, blocks being the file system's (at most 4096 bytes, 512 when unknown).
 * Returns an error number, not -1.
 */
function allocateByWriting(libc: LibcProcess, fd: number, start: number, length: number): number {
  if (start < 0 || length < 0) return EINVAL;
  if (BigInt(start) + BigInt(length) > 0x7fffffffffffffffn) return EFBIG;
  // pwrite ignores the offset of a descriptor in append mode.
  const flags = libc.sys(Sys.fcntl, fd, F_GETFL, 0);
  if (flags < 0 || flags & O_APPEND) return EBADF;
  const stat = libc.scratch;
  if (libc.sys(Sys.fstat, fd, stat) < 0) return EBADF;
  const view = libc.memory.view;
  const type = view.getUint32(stat + STAT_MODE, true) & S_IFMT;
  if (type === S_IFIFO) return ESPIPE;
  if (type !== S_IFREG) return ENODEV;
  const size = Number(view.getBigInt64(stat + STAT_SIZE, true));
  if (length === 0) {
    if (size >= start) return 0;
    const truncated = libc.sys(Sys.ftruncate, fd, start);
    return truncated < 0 ? -truncated : 0;
  }
  const statfs = libc.scratch;
  const statfsResult = libc.sys(Sys.fstatfs, fd, statfs);
  if (statfsResult < 0) return -statfsResult;
  const blockSize = Number(view.getBigInt64(statfs + STATFS_BSIZE, true));
  const increment = blockSize === 0 ? 512 : Math.min(blockSize, 4096);
  const byte = libc.scratch;
  let remaining = length;
  for (let offset = start + ((length - 1) % increment); remaining > 0; offset += increment) {
    remaining -= increment;
    if (offset < size) {
      const read = libc.sys(Sys.pread64, fd, byte, 1, offset);
      if (read < 0) return -read;
      if (read === 1 && libc.memory.bytes[byte] !== 0) continue;
    }
    libc.memory.bytes[byte] = 0;
    const written = libc.sys(Sys.pwrite64, fd, byte, 1, offset);
    if (written < 0) return -written;
  }
  return 0;
}

/** posix_fallocate: fallocate mode 0, whose error is the result (errno untouched). */
function posixFallocate(f: CallFrame, libc: LibcProcess): number {
  const fd = f.int(0);
  const result = libc.sys(FileSpaceSys.fallocate, fd, 0, f.long(1), f.long(2));
  if (result >= 0) return 0;
  if (-result !== EOPNOTSUPP) return -result;
  return allocateByWriting(libc, fd, f.long(1), f.long(2));
}

function fallocate(f: CallFrame, libc: LibcProcess): number {
  return libc.sysResult(libc.sys(FileSpaceSys.fallocate, f.int(0), f.int(1), f.long(2), f.long(3)));
}

export const FILE_SPACE_FUNCTIONS: FunctionTable = {
  fallocate,
  fallocate64: fallocate,
  posix_fallocate: posixFallocate,
  posix_fallocate64: posixFallocate,
  mincore: (f, libc) => libc.sysResult(libc.sys(FileSpaceSys.mincore, f.ptr(0), f.ulong(1), f.ptr(2))),
  // renameat2 with no flags is renameat, which glibc calls then; flags go to renameat2.
  renameat2: (f, libc) => {
    const flags = f.uint(4);
    if (flags === 0) return libc.sysResult(libc.sys(Sys.renameat, f.int(0), f.ptr(1), f.int(2), f.ptr(3)));
    return libc.sysResult(libc.sys(FileSpaceSys.renameat2, f.int(0), f.ptr(1), f.int(2), f.ptr(3), flags));
  },
};
