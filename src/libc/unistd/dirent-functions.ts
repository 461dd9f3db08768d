// dirent.h: directory streams over getdents64, with glibc 2.36's behaviour. DIR is opaque to
// programs (only dirfd looks inside, and it is a function), so Miros lays it out its own way: a
// malloc'ed header followed by the getdents64 buffer. On x86-64 glibc's struct dirent and dirent64
// are the kernel's linux_dirent64 (d_ino, d_off, d_reclen, d_type, d_name), so readdir returns
// a pointer straight into the buffer, as glibc does.
import type { CallFrame } from '../abi/call-frame.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { checkWrite, loadPointer, storePointer } from '../runtime/guest-access.ts';
import { Sys } from '../runtime/kernel-call.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { strcmp } from '../string/string-functions.ts';
import { returnHalves } from './wide-result.ts';

/** DIR header fields (byte offsets). */
const enum Dir {
  fd = 0,
  /** Bytes of valid getdents64 data in the buffer. */
  size = 4,
  /** Offset of the next record in the buffer. */
  offset = 8,
  /** telldir's position: the d_off of the last record returned (64 bits, low half first). */
  positionLow = 16,
  positionHigh = 20,
  buffer = 32,
}

/** glibc's directory buffer size (at least 32 KiB). */
const BUFFER_SIZE = 32768;
const DIR_SIZE = Dir.buffer + BUFFER_SIZE;

const AT_FDCWD = -100;
const O_RDONLY = 0;
const O_WRONLY = 1;
const O_ACCMODE = 3;
const O_NONBLOCK = 0o4000;
const O_DIRECTORY = 0o200000;
const O_CLOEXEC = 0o2000000;
const F_GETFL = 3;
const S_IFMT = 0o170000;
const S_IFDIR = 0o040000;
const SEEK_SET = 0;
const ENOENT = 2;
const ENOMEM = 12;
const ENOTDIR = 20;
const EINVAL = 22;

/** A DIR for an open directory descriptor, or 0 (ENOMEM) if malloc fails (fdopendir without its checks). */
export function newDirectoryStream(libc: LibcProcess, fd: number): number {
  const dir = libc.heap.allocate(DIR_SIZE);
  if (dir === 0) {
    libc.errno = ENOMEM;
    return 0;
  }
  const view = libc.memory.view;
  view.setInt32(dir + Dir.fd, fd, true);
  view.setUint32(dir + Dir.size, 0, true);
  view.setUint32(dir + Dir.offset, 0, true);
  view.setUint32(dir + Dir.positionLow, 0, true);
  view.setUint32(dir + Dir.positionHigh, 0, true);
  return dir;
}

/** opendir as glibc: "" is ENOENT; the directory is opened O_RDONLY|O_NONBLOCK|O_DIRECTORY|O_CLOEXEC. */
function opendir(f: CallFrame, libc: LibcProcess): number {
  return openDirectoryAt(libc, AT_FDCWD, f.ptr(0));
}

/** glibc's __opendirat: opendir relative to directory descriptor `dirFd` (scandirat). */
export function openDirectoryAt(libc: LibcProcess, dirFd: number, path: number): number {
  if (libc.memory.read8(path) === 0) {
    libc.errno = ENOENT;
    return 0;
  }
  const fd = libc.sys(Sys.openat, dirFd, path, O_RDONLY | O_NONBLOCK | O_DIRECTORY | O_CLOEXEC, 0);
  if (fd < 0) {
    libc.errno = -fd;
    return 0;
  }
  const dir = newDirectoryStream(libc, fd);
  if (dir === 0) libc.sys(Sys.close, fd);
  return dir;
}

/** fdopendir as glibc: the descriptor must be a directory (ENOTDIR) open for reading (EINVAL). */
function fdopendir(f: CallFrame, libc: LibcProcess): number {
  const fd = f.int(0);
  const stat = libc.scratch;
  const statResult = libc.sys(Sys.fstat, fd, stat);
  if (statResult < 0) {
    libc.errno = -statResult;
    return 0;
  }
  if ((libc.memory.read32(stat + 24) & S_IFMT) !== S_IFDIR) {
    libc.errno = ENOTDIR;
    return 0;
  }
  const flags = libc.sys(Sys.fcntl, fd, F_GETFL);
  if (flags < 0) {
    libc.errno = -flags;
    return 0;
  }
  if ((flags & O_ACCMODE) === O_WRONLY) {
    libc.errno = EINVAL;
    return 0;
  }
  return newDirectoryStream(libc, fd);
}

/**
 * readdir/readdir64: the next record, refilling the buffer from getdents64 when it is used up.
 * At the end NULL with errno untouched; ENOENT from getdents64 (a directory deleted while open)
 * also counts as the end, as in glibc. Records with d_ino 0 are skipped.
 */
function readdir(f: CallFrame, libc: LibcProcess): number {
  return readDirectory(libc, f.ptr(0));
}

/** readdir on DIR `dir` (for the functions that walk directories: scandir, nftw…). */
export function readDirectory(libc: LibcProcess, dir: number): number {
  const memory = libc.memory;
  const view = memory.view;
  memory.read32(dir + Dir.positionHigh); // faults on a bad DIR pointer before anything else
  for (;;) {
    let offset = view.getUint32(dir + Dir.offset, true);
    if (offset >= view.getUint32(dir + Dir.size, true)) {
      const fd = view.getInt32(dir + Dir.fd, true);
      const bytes = libc.sys(Sys.getdents64, fd, dir + Dir.buffer, BUFFER_SIZE);
      if (bytes <= 0) {
        if (bytes < 0 && bytes !== -ENOENT) libc.errno = -bytes;
        return 0;
      }
      view.setUint32(dir + Dir.size, bytes, true);
      offset = 0;
    }
    const record = dir + Dir.buffer + offset;
    view.setUint32(dir + Dir.offset, offset + view.getUint16(record + 16, true), true);
    view.setUint32(dir + Dir.positionLow, view.getUint32(record + 8, true), true);
    view.setUint32(dir + Dir.positionHigh, view.getUint32(record + 12, true), true);
    if (view.getUint32(record, true) !== 0 || view.getUint32(record + 4, true) !== 0) return record;
  }
}

/**
 * readdir_r/readdir64_r (deprecated, still imported): the next record copied into `entry` (its
 * d_reclen bytes), *result = entry, 0; at the end *result = NULL and 0, or the error number of a
 * failed read (errno set too, as glibc's). Names longer than NAME_MAX, which glibc skips with
 * ENAMETOOLONG, do not occur: Linux file systems refuse them.
 */
function readdirR(libc: LibcProcess, dir: number, entry: number, result: number): number {
  const saved = libc.errno;
  libc.errno = 0;
  const record = readDirectory(libc, dir);
  const failed = libc.errno;
  if (failed === 0) libc.errno = saved;
  if (record === 0) {
    storePointer(libc.memory, result, 0);
    return failed;
  }
  const length = libc.memory.view.getUint16(record + 16, true);
  checkWrite(libc.memory, entry, length);
  libc.memory.bytes.copyWithin(entry, record, record + length);
  storePointer(libc.memory, result, entry);
  return 0;
}

/** closedir: frees the DIR and closes its descriptor; 0, or -1 with errno. */
export function closeDirectory(libc: LibcProcess, dir: number): number {
  if (dir === 0) {
    libc.errno = EINVAL;
    return -1;
  }
  const fd = libc.memory.read32(dir + Dir.fd);
  libc.heap.release(dir, 'closedir');
  return libc.sysResult(libc.sys(Sys.close, fd));
}

/** Back to `position` (0 for rewinddir): the descriptor seeks there and the buffer is emptied. */
function reposition(libc: LibcProcess, dir: number, low: number, high: number): void {
  const view = libc.memory.view;
  libc.memory.read32(dir + Dir.positionHigh);
  libc.sys(Sys.lseek, view.getInt32(dir + Dir.fd, true), (high | 0) * 4294967296 + low, SEEK_SET);
  view.setUint32(dir + Dir.size, 0, true);
  view.setUint32(dir + Dir.offset, 0, true);
  view.setUint32(dir + Dir.positionLow, low, true);
  view.setUint32(dir + Dir.positionHigh, high, true);
}

/** struct dirent's d_name offset (d_ino 8, d_off 8, d_reclen 2, d_type 1). */
/** struct dirent's d_name offset (d_ino 8, d_off 8, d_reclen 2, d_type 1): ftw, glob, alphasort, versionsort. */
export const D_NAME = 19;

/**
 * alphasort (scandir's comparator): strcoll of the two entries' names. Every locale Miros has
 * (C, POSIX, C.UTF-8) collates in byte order, so strcoll is strcmp here.
 */
function alphasort(libc: LibcProcess, a: number, b: number): number {
  const memory = libc.memory;
  return strcmp(
    memory,
    loadPointer(memory, a) + D_NAME,
    loadPointer(memory, b) + D_NAME,
    Number.POSITIVE_INFINITY,
    false,
  );
}

export const DIRENT_FUNCTIONS: FunctionTable = {
  alphasort: (f, libc) => alphasort(libc, f.ptr(0), f.ptr(1)),
  alphasort64: (f, libc) => alphasort(libc, f.ptr(0), f.ptr(1)),
  opendir,
  fdopendir,
  readdir,
  readdir64: readdir,
  readdir_r: (f, libc) => readdirR(libc, f.ptr(0), f.ptr(1), f.ptr(2)),
  readdir64_r: (f, libc) => readdirR(libc, f.ptr(0), f.ptr(1), f.ptr(2)),
  closedir: (f, libc) => closeDirectory(libc, f.ptr(0)),
  // glibc reads the field without a NULL check: a bad pointer faults (and the crash report says so).
  dirfd: (f, libc) => libc.memory.read32(f.ptr(0) + Dir.fd),
  rewinddir: (f, libc) => {
    reposition(libc, f.ptr(0), 0, 0);
    return undefined;
  },
  seekdir: (f, libc) => {
    const position = f.long(1);
    reposition(libc, f.ptr(0), position >>> 0, Math.floor(position / 4294967296) >>> 0);
    return undefined;
  },
  telldir: (f, libc) => {
    const dir = f.ptr(0);
    const low = libc.memory.read32(dir + Dir.positionLow) >>> 0;
    return returnHalves(f, low, libc.memory.read32(dir + Dir.positionHigh) >>> 0);
  },
};
