// <fts.h>: fts_open, fts_read, fts_children, fts_set, fts_close and the fts64_ names (one ABI on
// x86-64), as glibc 2.36's io/fts.c walks a tree (the 4.4BSD algorithm): the FTS stream and each
// FTSENT live in guest memory with glibc's layouts, since programs read their fields directly.
//
//   FTS (72):     0 fts_cur  8 fts_child  16 fts_array  24 fts_dev  32 fts_path  40 fts_rfd
//                 44 fts_pathlen  48 fts_nitems  56 fts_compar  64 fts_options
//   FTSENT (112 + name): 0 fts_cycle  8 fts_parent  16 fts_link  24 fts_number  32 fts_pointer
//                 40 fts_accpath  48 fts_path  56 fts_errno  60 fts_symfd  64 fts_pathlen (u16)
//                 66 fts_namelen (u16)  72 fts_ino  80 fts_dev  88 fts_nlink  96 fts_level (s16)
//                 98 fts_info  100 fts_flags  102 fts_instr  104 fts_statp  112 fts_name
//
// An FTSENT is one malloc'd block with its name and (without FTS_NOSTAT) its struct stat after
// the name, 16-byte aligned; every entry's fts_path is the stream's one path buffer, which grows
// by realloc (then the paths of the entries still in use are moved, as glibc's fts_padjust does).
// Without FTS_NOCHDIR the walk changes into each directory it reads (checking that the directory
// opened is the one stat'ed: ENOENT otherwise) and returns through ".." or saved descriptors, so
// fts_accpath is the bare name; FTS_LOGICAL implies FTS_NOCHDIR. A directory's entries come in
// readdir order, or sorted with the program's comparison function (guest code, through qsort) —
// the roots too. Cycles (a directory that is its own ancestor) are FTS_DC; FTS_XDEV stops at other
// devices; fts_set's FTS_AGAIN, FTS_FOLLOW and FTS_SKIP act at the next fts_read.
import { AT_FDCWD } from '../../kernel/abi/flags.ts';
import { Errno } from '../../kernel/errno.ts';
import { S_IFDIR, S_IFLNK, S_IFMT, S_IFREG } from '../../kernel/fs/stat.ts';
import type { HostGenerator } from '../abi/host-region.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { cStringLength, loadPointer, storePointer } from '../runtime/guest-access.ts';
import { Sys } from '../runtime/kernel-call.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { realloc } from '../stdlib/malloc-functions.ts';
import { qsort } from '../stdlib/stdlib-functions.ts';
import { closeDirectory, D_NAME, openDirectoryAt, readDirectory } from '../unistd/dirent-functions.ts';

// fts_open options.
const FTS_COMFOLLOW = 0x1;
const FTS_LOGICAL = 0x2;
const FTS_NOCHDIR = 0x4;
const FTS_NOSTAT = 0x8;
const FTS_PHYSICAL = 0x10;
const FTS_SEEDOT = 0x20;
const FTS_XDEV = 0x40;
const FTS_OPTIONMASK = 0xff;
/** Private: fts_children(FTS_NAMEONLY) read names only; the stream is stopped. */
const FTS_NAMEONLY = 0x100;
const FTS_STOP = 0x200;

// fts_level.
const FTS_ROOTPARENTLEVEL = -1;
const FTS_ROOTLEVEL = 0;

// fts_info.
const FTS_D = 1;
const FTS_DC = 2;
const FTS_DEFAULT = 3;
const FTS_DNR = 4;
const FTS_DOT = 5;
const FTS_DP = 6;
const FTS_ERR = 7;
const FTS_F = 8;
const FTS_INIT = 9;
const FTS_NS = 10;
const FTS_NSOK = 11;
const FTS_SL = 12;
const FTS_SLNONE = 13;

// fts_flags.
const FTS_DONTCHDIR = 0x01;
const FTS_SYMFOLLOW = 0x02;

// fts_instr.
const FTS_AGAIN = 1;
const FTS_FOLLOW = 2;
const FTS_NOINSTR = 3;
const FTS_SKIP = 4;

// fts_build's callers.
const BCHILD = 1;
const BNAMES = 2;
const BREAD = 3;

// struct FTS.
const S_CUR = 0;
const S_CHILD = 8;
const S_ARRAY = 16;
const S_DEV = 24;
const S_PATH = 32;
const S_RFD = 40;
const S_PATHLEN = 44;
const S_NITEMS = 48;
const S_COMPAR = 56;
const S_OPTIONS = 64;
const FTS_SIZE = 72;

// struct FTSENT.
const P_CYCLE = 0;
const P_PARENT = 8;
const P_LINK = 16;
const P_NUMBER = 24;
const P_POINTER = 32;
const P_ACCPATH = 40;
const P_PATH = 48;
const P_ERRNO = 56;
const P_SYMFD = 60;
const P_PATHLEN = 64;
const P_NAMELEN = 66;
const P_INO = 72;
const P_DEV = 80;
const P_NLINK = 88;
const P_LEVEL = 96;
const P_INFO = 98;
const P_FLAGS = 100;
const P_INSTR = 102;
const P_STATP = 104;
const P_NAME = 112;

const STAT_SIZE = 144;
const ST_DEV = 0;
const ST_INO = 8;
const ST_NLINK = 16;
const ST_MODE = 24;
const AT_SYMLINK_NOFOLLOW = 0x100;
const O_RDONLY = 0;
const MAXPATHLEN = 4096;
const USHRT_MAX = 0xffff;
const DT_DIR = 4;
const DT_UNKNOWN = 0;
const D_TYPE = 18;

/** Field access on one process's guest memory. */
class Fields {
  constructor(readonly libc: LibcProcess) {}

  get view(): DataView {
    return this.libc.memory.view;
  }

  ptr(at: number): number {
    return loadPointer(this.libc.memory, at);
  }

  setPtr(at: number, value: number): void {
    storePointer(this.libc.memory, at, value);
  }

  u16(at: number): number {
    return this.view.getUint16(at, true);
  }

  setU16(at: number, value: number): void {
    this.view.setUint16(at, value & 0xffff, true);
  }

  i16(at: number): number {
    return this.view.getInt16(at, true);
  }

  i32(at: number): number {
    return this.view.getInt32(at, true);
  }

  setI32(at: number, value: number): void {
    this.view.setInt32(at, value, true);
  }

  u64(at: number): bigint {
    return this.view.getBigUint64(at, true);
  }

  setU64(at: number, value: bigint): void {
    this.view.setBigUint64(at, value, true);
  }

  options(sp: number): number {
    return this.i32(sp + S_OPTIONS);
  }

  isSet(sp: number, option: number): boolean {
    return (this.options(sp) & option) !== 0;
  }

  set(sp: number, option: number): void {
    this.setI32(sp + S_OPTIONS, this.options(sp) | option);
  }

  clear(sp: number, option: number): void {
    this.setI32(sp + S_OPTIONS, this.options(sp) & ~option);
  }
}

/** A system call's result with errno set on failure (-1), as the libc wrapper would. */
function sys(libc: LibcProcess, nr: number, a0 = 0, a1 = 0, a2 = 0, a3 = 0): number {
  return libc.sysResult(libc.sys(nr, a0, a1, a2, a3));
}

/** A NUL-terminated copy of `text` in a malloc'd buffer (released by the caller). */
function guestString(libc: LibcProcess, text: string): number {
  const bytes = Buffer.from(`${text}\0`, 'latin1');
  const at = libc.heap.allocate(bytes.length);
  libc.memory.bytes.set(bytes, at);
  return at;
}

function isDot(libc: LibcProcess, name: number): boolean {
  const bytes = libc.memory.bytes;
  return bytes[name] === 0x2e && (bytes[name + 1] === 0 || (bytes[name + 1] === 0x2e && bytes[name + 2] === 0));
}

/** fts_alloc: an entry for `namelen` bytes of name at `name` (a guest address). */
function allocEntry(f: Fields, sp: number, name: number, namelen: number): number {
  const libc = f.libc;
  const withStat = !f.isSet(sp, FTS_NOSTAT);
  const size = P_NAME + namelen + (withStat ? STAT_SIZE + 15 + 2 : 1);
  const p = libc.heap.allocate(size);
  if (p === 0) {
    libc.errno = Errno.ENOMEM;
    return 0;
  }
  const bytes = libc.memory.bytes;
  bytes.copyWithin(p + P_NAME, name, name + namelen);
  bytes[p + P_NAME + namelen] = 0;
  // ALIGN(name + namelen + 2) to 16 bytes (guest addresses exceed int32: no bitwise masks).
  const unaligned = p + P_NAME + namelen + 2 + 15;
  if (withStat) f.setPtr(p + P_STATP, unaligned - (unaligned % 16));
  f.setU16(p + P_NAMELEN, namelen);
  f.setPtr(p + P_PATH, f.ptr(sp + S_PATH));
  f.setI32(p + P_ERRNO, 0);
  f.setU16(p + P_FLAGS, 0);
  f.setU16(p + P_INSTR, FTS_NOINSTR);
  f.setPtr(p + P_NUMBER, 0);
  f.setPtr(p + P_POINTER, 0);
  return p;
}

/** fts_lfree. */
function freeList(f: Fields, head: number): void {
  for (let p = head; p !== 0; ) {
    const next = f.ptr(p + P_LINK);
    f.libc.heap.release(p);
    p = next;
  }
}

/** fts_palloc: grows the path buffer by `more` + 256; false (ENAMETOOLONG or ENOMEM) when it cannot. */
function growPath(f: Fields, sp: number, more: number): boolean {
  const libc = f.libc;
  const length = f.i32(sp + S_PATHLEN) + more + 256;
  f.setI32(sp + S_PATHLEN, length);
  if (length < 0 || length >= USHRT_MAX) {
    libc.heap.release(f.ptr(sp + S_PATH));
    f.setPtr(sp + S_PATH, 0);
    libc.errno = Errno.ENAMETOOLONG;
    return false;
  }
  const grown = realloc(libc, f.ptr(sp + S_PATH), length);
  if (grown === 0) {
    libc.heap.release(f.ptr(sp + S_PATH));
    f.setPtr(sp + S_PATH, 0);
    return false;
  }
  f.setPtr(sp + S_PATH, grown);
  return true;
}

/** fts_padjust: the entries still in use point into the moved path buffer. */
function adjustPaths(f: Fields, sp: number, head: number): void {
  const address = f.ptr(sp + S_PATH);
  const adjust = (p: number): void => {
    const accpath = f.ptr(p + P_ACCPATH);
    if (accpath !== p + P_NAME) f.setPtr(p + P_ACCPATH, address + (accpath - f.ptr(p + P_PATH)));
    f.setPtr(p + P_PATH, address);
  };
  for (let p = f.ptr(sp + S_CHILD); p !== 0; p = f.ptr(p + P_LINK)) adjust(p);
  for (let p = head; f.i16(p + P_LEVEL) >= FTS_ROOTLEVEL; ) {
    adjust(p);
    p = f.ptr(p + P_LINK) !== 0 ? f.ptr(p + P_LINK) : f.ptr(p + P_PARENT);
  }
}

/** The end of the parent's path where a child's name follows (NAPPEND: a trailing '/' is not doubled). */
function pathAppend(f: Fields, p: number): number {
  const length = f.u16(p + P_PATHLEN);
  return f.libc.memory.read8(f.ptr(p + P_PATH) + length - 1) === 0x2f ? length - 1 : length;
}

/** fts_stat: stats the entry (following links if asked or logical) and classifies it. */
function statEntry(f: Fields, sp: number, p: number, follow: boolean): number {
  const libc = f.libc;
  const scratch = f.isSet(sp, FTS_NOSTAT) ? libc.heap.allocate(STAT_SIZE) : 0;
  const sbp = scratch !== 0 ? scratch : f.ptr(p + P_STATP);
  try {
    const accpath = f.ptr(p + P_ACCPATH);
    const statAt = (nofollow: boolean): number =>
      sys(libc, Sys.newfstatat, AT_FDCWD, accpath, sbp, nofollow ? AT_SYMLINK_NOFOLLOW : 0);
    if (f.isSet(sp, FTS_LOGICAL) || follow) {
      if (statAt(false) < 0) {
        const errno = libc.errno;
        if (errno === Errno.ENOENT && statAt(true) === 0) {
          libc.errno = 0;
          return FTS_SLNONE;
        }
        f.setI32(p + P_ERRNO, errno);
        libc.memory.bytes.fill(0, sbp, sbp + STAT_SIZE);
        return FTS_NS;
      }
    } else if (statAt(true) < 0) {
      f.setI32(p + P_ERRNO, libc.errno);
      libc.memory.bytes.fill(0, sbp, sbp + STAT_SIZE);
      return FTS_NS;
    }
    const mode = f.view.getUint32(sbp + ST_MODE, true) & S_IFMT;
    if (mode === S_IFDIR) {
      const dev = f.u64(sbp + ST_DEV);
      const ino = f.u64(sbp + ST_INO);
      f.setU64(p + P_DEV, dev);
      f.setU64(p + P_INO, ino);
      f.setU64(p + P_NLINK, f.u64(sbp + ST_NLINK));
      if (isDot(libc, p + P_NAME)) return FTS_DOT;
      for (let t = f.ptr(p + P_PARENT); f.i16(t + P_LEVEL) >= FTS_ROOTLEVEL; t = f.ptr(t + P_PARENT)) {
        if (ino === f.u64(t + P_INO) && dev === f.u64(t + P_DEV)) {
          f.setPtr(p + P_CYCLE, t);
          return FTS_DC;
        }
      }
      return FTS_D;
    }
    if (mode === S_IFLNK) return FTS_SL;
    if (mode === S_IFREG) return FTS_F;
    return FTS_DEFAULT;
  } finally {
    if (scratch !== 0) libc.heap.release(scratch);
  }
}

/**
 * fts_safe_changedir: into the directory of `p` through `fd` (or `path` opened), checking it is
 * the directory fts stat'ed. 0, or -1 with errno. Nothing to do with FTS_NOCHDIR.
 */
function safeChangeDirectory(f: Fields, sp: number, p: number, fd: number, path: string | number): number {
  const libc = f.libc;
  if (f.isSet(sp, FTS_NOCHDIR)) return 0;
  let newFd = fd;
  if (fd < 0) {
    const name = typeof path === 'string' ? guestString(libc, path) : path;
    newFd = sys(libc, Sys.open, name, O_RDONLY, 0);
    if (typeof path === 'string') libc.heap.release(name);
    if (newFd < 0) return -1;
  }
  const sb = libc.heap.allocate(STAT_SIZE);
  let result: number;
  if (sys(libc, Sys.fstat, newFd, sb) < 0) result = -1;
  else if (f.u64(p + P_DEV) !== f.u64(sb + ST_DEV) || f.u64(p + P_INO) !== f.u64(sb + ST_INO)) {
    libc.errno = Errno.ENOENT;
    result = -1;
  } else result = sys(libc, Sys.fchdir, newFd);
  libc.heap.release(sb);
  const errno = libc.errno;
  if (fd < 0) libc.sys(Sys.close, newFd);
  libc.errno = errno;
  return result;
}

/** FCHDIR: fchdir unless FTS_NOCHDIR; true when it failed. */
function fchdirFailed(f: Fields, sp: number, fd: number): boolean {
  return !f.isSet(sp, FTS_NOCHDIR) && sys(f.libc, Sys.fchdir, fd) < 0;
}

/** fts_sort: the list ordered by the program's comparison function (qsort over an FTSENT* array). */
function* sortEntries(f: Fields, sp: number, head: number, count: number): HostGenerator {
  const libc = f.libc;
  if (count > f.i32(sp + S_NITEMS)) {
    const size = count + 40;
    f.setI32(sp + S_NITEMS, size);
    const grown = realloc(libc, f.ptr(sp + S_ARRAY), 8 * size);
    if (grown === 0) {
      libc.heap.release(f.ptr(sp + S_ARRAY));
      f.setPtr(sp + S_ARRAY, 0);
      f.setI32(sp + S_NITEMS, 0);
      return head;
    }
    f.setPtr(sp + S_ARRAY, grown);
  }
  const array = f.ptr(sp + S_ARRAY);
  let i = 0;
  for (let p = head; p !== 0; p = f.ptr(p + P_LINK)) f.setPtr(array + 8 * i++, p);
  yield* qsort(libc, array, count, 8, f.ptr(sp + S_COMPAR), undefined);
  for (let j = 0; j < count - 1; j++) f.setPtr(f.ptr(array + 8 * j) + P_LINK, f.ptr(array + 8 * (j + 1)));
  f.setPtr(f.ptr(array + 8 * (count - 1)) + P_LINK, 0);
  return f.ptr(array);
}

/** fts_build: reads the current directory's entries (for fts_read, fts_children or names only). */
function* buildChildren(f: Fields, sp: number, type: number): HostGenerator {
  const libc = f.libc;
  const memory = libc.memory;
  const cur = f.ptr(sp + S_CUR);
  let stream = openDirectoryAt(libc, AT_FDCWD, f.ptr(cur + P_ACCPATH));
  if (stream === 0) {
    if (type === BREAD) {
      f.setU16(cur + P_INFO, FTS_DNR);
      f.setI32(cur + P_ERRNO, libc.errno);
    }
    return 0;
  }
  // nlinks: directories left to find when stat calls are being saved; 0 for no stats at all, -1 for stats of everything.
  let nlinks: number;
  let nostat = false;
  if (type === BNAMES) nlinks = 0;
  else if (f.isSet(sp, FTS_NOSTAT) && f.isSet(sp, FTS_PHYSICAL)) {
    nlinks = Number(f.u64(cur + P_NLINK)) - (f.isSet(sp, FTS_SEEDOT) ? 0 : 2);
    nostat = true;
  } else nlinks = -1;
  let descend = false;
  if (nlinks !== 0 || type === BREAD) {
    if (safeChangeDirectory(f, sp, cur, memory.read32(stream), 0) !== 0) {
      if (nlinks !== 0 && type === BREAD) f.setI32(cur + P_ERRNO, libc.errno);
      f.setU16(cur + P_FLAGS, f.u16(cur + P_FLAGS) | FTS_DONTCHDIR);
      closeDirectory(libc, stream);
      stream = 0;
    } else descend = true;
  }
  let length = pathAppend(f, cur);
  let cp = 0;
  if (f.isSet(sp, FTS_NOCHDIR)) {
    cp = f.ptr(sp + S_PATH) + length;
    memory.bytes[cp++] = 0x2f;
  }
  length++;
  let maxLength = f.i32(sp + S_PATHLEN) - length;
  const level = f.i16(cur + P_LEVEL) + 1;
  let adjust = false;
  let head = 0;
  let tail = 0;
  let count = 0;
  const fail = (p: number, errno: number): number => {
    if (p !== 0) libc.heap.release(p);
    freeList(f, head);
    if (stream !== 0) closeDirectory(libc, stream);
    f.setU16(cur + P_INFO, FTS_ERR);
    f.set(sp, FTS_STOP);
    libc.errno = errno;
    return 0;
  };
  while (stream !== 0) {
    const dp = readDirectory(libc, stream);
    if (dp === 0) break;
    const name = dp + D_NAME;
    if (!f.isSet(sp, FTS_SEEDOT) && isDot(libc, name)) continue;
    const namelen = cStringLength(memory, name);
    const p = allocEntry(f, sp, name, namelen);
    if (p === 0) return fail(0, libc.errno);
    if (namelen >= maxLength) {
      const old = f.ptr(sp + S_PATH);
      if (!growPath(f, sp, namelen + length + 1)) return fail(p, libc.errno);
      if (old !== f.ptr(sp + S_PATH)) {
        adjust = true;
        if (f.isSet(sp, FTS_NOCHDIR)) cp = f.ptr(sp + S_PATH) + length;
      }
      maxLength = f.i32(sp + S_PATHLEN) - length;
    }
    if (length + namelen >= USHRT_MAX) return fail(p, Errno.ENAMETOOLONG);
    f.view.setInt16(p + P_LEVEL, level, true);
    f.setPtr(p + P_PARENT, f.ptr(sp + S_CUR));
    f.setU16(p + P_PATHLEN, length + namelen);
    const dtype = memory.read8(dp + D_TYPE);
    if (nlinks === 0 || (nostat && dtype !== DT_DIR && dtype !== DT_UNKNOWN)) {
      f.setPtr(p + P_ACCPATH, f.isSet(sp, FTS_NOCHDIR) ? f.ptr(p + P_PATH) : p + P_NAME);
      f.setU16(p + P_INFO, FTS_NSOK);
    } else {
      if (f.isSet(sp, FTS_NOCHDIR)) {
        f.setPtr(p + P_ACCPATH, f.ptr(p + P_PATH));
        memory.bytes.copyWithin(cp, p + P_NAME, p + P_NAME + namelen + 1);
      } else f.setPtr(p + P_ACCPATH, p + P_NAME);
      const info = statEntry(f, sp, p, false);
      f.setU16(p + P_INFO, info);
      if (nlinks > 0 && (info === FTS_D || info === FTS_DC || info === FTS_DOT)) nlinks--;
    }
    f.setPtr(p + P_LINK, 0);
    if (head === 0) head = tail = p;
    else {
      f.setPtr(tail + P_LINK, p);
      tail = p;
    }
    count++;
  }
  if (stream !== 0) closeDirectory(libc, stream);
  if (adjust) adjustPaths(f, sp, head);
  if (f.isSet(sp, FTS_NOCHDIR)) {
    if (length === f.i32(sp + S_PATHLEN) || count === 0) cp--;
    memory.bytes[cp] = 0;
  }
  if (
    descend &&
    (type === BCHILD || count === 0) &&
    (f.i16(cur + P_LEVEL) === FTS_ROOTLEVEL
      ? fchdirFailed(f, sp, f.i32(sp + S_RFD))
      : safeChangeDirectory(f, sp, f.ptr(cur + P_PARENT), -1, '..') !== 0)
  ) {
    f.setU16(cur + P_INFO, FTS_ERR);
    f.set(sp, FTS_STOP);
    freeList(f, head);
    return 0;
  }
  if (count === 0) {
    if (type === BREAD) f.setU16(cur + P_INFO, FTS_DP);
    freeList(f, head);
    return 0;
  }
  if (f.ptr(sp + S_COMPAR) !== 0 && count > 1) head = (yield* sortEntries(f, sp, head, count)) ?? head;
  return head;
}

/** fts_load: a root becomes the current path (its name the part after the last '/', unless that is all). */
function loadRoot(f: Fields, sp: number, p: number): void {
  const memory = f.libc.memory;
  const namelen = f.u16(p + P_NAMELEN);
  f.setU16(p + P_PATHLEN, namelen);
  const path = f.ptr(sp + S_PATH);
  memory.bytes.copyWithin(path, p + P_NAME, p + P_NAME + namelen + 1);
  const name = memory.bytes.subarray(p + P_NAME, p + P_NAME + namelen);
  const slash = name.lastIndexOf(0x2f);
  if (slash >= 0 && (slash !== 0 || namelen > 1)) {
    const rest = namelen - slash - 1;
    memory.bytes.copyWithin(p + P_NAME, p + P_NAME + slash + 1, p + P_NAME + namelen + 1);
    f.setU16(p + P_NAMELEN, rest);
  }
  f.setPtr(p + P_ACCPATH, path);
  f.setPtr(p + P_PATH, path);
  f.setU64(sp + S_DEV, f.u64(p + P_DEV));
}

/** Follows a symbolic link for fts_set(FTS_FOLLOW): re-stat, and keep a way back into the directory. */
function followLink(f: Fields, sp: number, p: number): void {
  const libc = f.libc;
  const info = statEntry(f, sp, p, true);
  f.setU16(p + P_INFO, info);
  if (info === FTS_D && !f.isSet(sp, FTS_NOCHDIR)) {
    const dot = guestString(libc, '.');
    const fd = sys(libc, Sys.open, dot, O_RDONLY, 0);
    libc.heap.release(dot);
    f.setI32(p + P_SYMFD, fd);
    if (fd < 0) {
      f.setI32(p + P_ERRNO, libc.errno);
      f.setU16(p + P_INFO, FTS_ERR);
    } else f.setU16(p + P_FLAGS, f.u16(p + P_FLAGS) | FTS_SYMFOLLOW);
  }
}

function* ftsOpen(libc: LibcProcess, argv: number, options: number, compar: number): HostGenerator {
  const f = new Fields(libc);
  const memory = libc.memory;
  if ((options & ~FTS_OPTIONMASK) !== 0) {
    libc.errno = Errno.EINVAL;
    return 0;
  }
  const sp = libc.heap.allocate(FTS_SIZE);
  if (sp === 0) {
    libc.errno = Errno.ENOMEM;
    return 0;
  }
  memory.bytes.fill(0, sp, sp + FTS_SIZE);
  f.setPtr(sp + S_COMPAR, compar);
  f.setI32(sp + S_OPTIONS, options);
  if (f.isSet(sp, FTS_LOGICAL)) f.set(sp, FTS_NOCHDIR);
  let maxArgument = 0;
  for (let i = 0; ; i++) {
    const argument = loadPointer(memory, argv + 8 * i);
    if (argument === 0) break;
    maxArgument = Math.max(maxArgument, cStringLength(memory, argument) + 1);
  }
  if (!growPath(f, sp, Math.max(maxArgument, MAXPATHLEN))) {
    libc.heap.release(sp);
    return 0;
  }
  const empty = f.ptr(sp + S_PATH) + f.i32(sp + S_PATHLEN) - 1;
  memory.bytes[empty] = 0;
  let parent = 0;
  if (loadPointer(memory, argv) !== 0) {
    parent = allocEntry(f, sp, empty, 0);
    f.view.setInt16(parent + P_LEVEL, FTS_ROOTPARENTLEVEL, true);
  }
  let root = 0;
  let tail = 0;
  let count = 0;
  for (let i = 0; ; i++) {
    const argument = loadPointer(memory, argv + 8 * i);
    if (argument === 0) break;
    const length = cStringLength(memory, argument);
    if (length === 0) {
      freeList(f, root);
      if (parent !== 0) libc.heap.release(parent);
      libc.heap.release(f.ptr(sp + S_PATH));
      libc.heap.release(sp);
      libc.errno = Errno.ENOENT;
      return 0;
    }
    const p = allocEntry(f, sp, argument, length);
    f.view.setInt16(p + P_LEVEL, FTS_ROOTLEVEL, true);
    f.setPtr(p + P_PARENT, parent);
    f.setPtr(p + P_ACCPATH, p + P_NAME);
    let info = statEntry(f, sp, p, f.isSet(sp, FTS_COMFOLLOW));
    if (info === FTS_DOT) info = FTS_D;
    f.setU16(p + P_INFO, info);
    if (compar !== 0) {
      f.setPtr(p + P_LINK, root);
      root = p;
    } else {
      f.setPtr(p + P_LINK, 0);
      if (root === 0) root = tail = p;
      else {
        f.setPtr(tail + P_LINK, p);
        tail = p;
      }
    }
    count++;
  }
  if (compar !== 0 && count > 1) root = (yield* sortEntries(f, sp, root, count)) ?? root;
  const dummy = allocEntry(f, sp, empty, 0);
  f.setPtr(sp + S_CUR, dummy);
  f.setPtr(dummy + P_LINK, root);
  f.setU16(dummy + P_INFO, FTS_INIT);
  if (!f.isSet(sp, FTS_NOCHDIR)) {
    const dot = guestString(libc, '.');
    const fd = sys(libc, Sys.open, dot, O_RDONLY, 0);
    libc.heap.release(dot);
    f.setI32(sp + S_RFD, fd);
    if (fd < 0) f.set(sp, FTS_NOCHDIR);
  }
  return sp;
}

function* ftsRead(libc: LibcProcess, sp: number): HostGenerator {
  const f = new Fields(libc);
  const memory = libc.memory;
  if (f.ptr(sp + S_CUR) === 0 || f.isSet(sp, FTS_STOP)) return 0;
  let p = f.ptr(sp + S_CUR);
  const instr = f.u16(p + P_INSTR);
  f.setU16(p + P_INSTR, FTS_NOINSTR);
  if (instr === FTS_AGAIN) {
    f.setU16(p + P_INFO, statEntry(f, sp, p, false));
    return p;
  }
  const info = f.u16(p + P_INFO);
  if (instr === FTS_FOLLOW && (info === FTS_SL || info === FTS_SLNONE)) {
    followLink(f, sp, p);
    return p;
  }
  if (info === FTS_D) {
    // Skipped, or another device with FTS_XDEV: the post-order visit at once.
    if (instr === FTS_SKIP || (f.isSet(sp, FTS_XDEV) && f.u64(p + P_DEV) !== f.u64(sp + S_DEV))) {
      if ((f.u16(p + P_FLAGS) & FTS_SYMFOLLOW) !== 0) libc.sys(Sys.close, f.i32(p + P_SYMFD));
      if (f.ptr(sp + S_CHILD) !== 0) {
        freeList(f, f.ptr(sp + S_CHILD));
        f.setPtr(sp + S_CHILD, 0);
      }
      f.setU16(p + P_INFO, FTS_DP);
      return p;
    }
    if (f.ptr(sp + S_CHILD) !== 0 && f.isSet(sp, FTS_NAMEONLY)) {
      f.clear(sp, FTS_NAMEONLY);
      freeList(f, f.ptr(sp + S_CHILD));
      f.setPtr(sp + S_CHILD, 0);
    }
    if (f.ptr(sp + S_CHILD) !== 0) {
      // Children read by fts_children: now enter the directory (or name them by path if that fails).
      if (safeChangeDirectory(f, sp, p, -1, f.ptr(p + P_ACCPATH)) !== 0) {
        f.setI32(p + P_ERRNO, libc.errno);
        f.setU16(p + P_FLAGS, f.u16(p + P_FLAGS) | FTS_DONTCHDIR);
        for (let c = f.ptr(sp + S_CHILD); c !== 0; c = f.ptr(c + P_LINK))
          f.setPtr(c + P_ACCPATH, f.ptr(f.ptr(c + P_PARENT) + P_ACCPATH));
      }
    } else {
      const children = (yield* buildChildren(f, sp, BREAD)) ?? 0;
      f.setPtr(sp + S_CHILD, children);
      if (children === 0) return f.isSet(sp, FTS_STOP) ? 0 : p;
    }
    p = f.ptr(sp + S_CHILD);
    f.setPtr(sp + S_CHILD, 0);
    f.setPtr(sp + S_CUR, p);
    return nameEntry(f, sp, p);
  }
  // The next entry at this level, or up to the parent.
  for (;;) {
    const tmp = p;
    p = f.ptr(p + P_LINK);
    if (p === 0) {
      p = f.ptr(tmp + P_PARENT);
      f.setPtr(sp + S_CUR, p);
      libc.heap.release(tmp);
      if (f.i16(p + P_LEVEL) === FTS_ROOTPARENTLEVEL) {
        libc.heap.release(p);
        libc.errno = 0;
        f.setPtr(sp + S_CUR, 0);
        return 0;
      }
      memory.bytes[f.ptr(sp + S_PATH) + f.u16(p + P_PATHLEN)] = 0;
      if (f.i16(p + P_LEVEL) === FTS_ROOTLEVEL) {
        if (fchdirFailed(f, sp, f.i32(sp + S_RFD))) {
          f.set(sp, FTS_STOP);
          return 0;
        }
      } else if ((f.u16(p + P_FLAGS) & FTS_SYMFOLLOW) !== 0) {
        if (fchdirFailed(f, sp, f.i32(p + P_SYMFD))) {
          const errno = libc.errno;
          libc.sys(Sys.close, f.i32(p + P_SYMFD));
          libc.errno = errno;
          f.set(sp, FTS_STOP);
          return 0;
        }
        libc.sys(Sys.close, f.i32(p + P_SYMFD));
      } else if (
        (f.u16(p + P_FLAGS) & FTS_DONTCHDIR) === 0 &&
        safeChangeDirectory(f, sp, f.ptr(p + P_PARENT), -1, '..') !== 0
      ) {
        f.set(sp, FTS_STOP);
        return 0;
      }
      f.setU16(p + P_INFO, f.i32(p + P_ERRNO) !== 0 ? FTS_ERR : FTS_DP);
      return p;
    }
    f.setPtr(sp + S_CUR, p);
    libc.heap.release(tmp);
    if (f.i16(p + P_LEVEL) === FTS_ROOTLEVEL) {
      // The next root: back to where fts_open started, and its path loaded.
      if (fchdirFailed(f, sp, f.i32(sp + S_RFD))) {
        f.set(sp, FTS_STOP);
        return 0;
      }
      loadRoot(f, sp, p);
      return p;
    }
    if (f.u16(p + P_INSTR) === FTS_SKIP) continue;
    if (f.u16(p + P_INSTR) === FTS_FOLLOW) {
      followLink(f, sp, p);
      f.setU16(p + P_INSTR, FTS_NOINSTR);
    }
    return nameEntry(f, sp, p);
  }
}

/** The entry's name appended to its parent's path in the path buffer; returns the entry. */
function nameEntry(f: Fields, sp: number, p: number): number {
  const memory = f.libc.memory;
  let t = f.ptr(sp + S_PATH) + pathAppend(f, f.ptr(p + P_PARENT));
  memory.bytes[t++] = 0x2f;
  memory.bytes.copyWithin(t, p + P_NAME, p + P_NAME + f.u16(p + P_NAMELEN) + 1);
  return p;
}

function* ftsChildren(libc: LibcProcess, sp: number, instruction: number): HostGenerator {
  const f = new Fields(libc);
  if (instruction !== 0 && instruction !== FTS_NAMEONLY) {
    libc.errno = Errno.EINVAL;
    return 0;
  }
  const p = f.ptr(sp + S_CUR);
  libc.errno = 0;
  if (f.isSet(sp, FTS_STOP)) return 0;
  if (f.u16(p + P_INFO) === FTS_INIT) return f.ptr(p + P_LINK);
  if (f.u16(p + P_INFO) !== FTS_D) return 0;
  if (f.ptr(sp + S_CHILD) !== 0) freeList(f, f.ptr(sp + S_CHILD));
  let type = BCHILD;
  if (instruction === FTS_NAMEONLY) {
    f.set(sp, FTS_NAMEONLY);
    type = BNAMES;
  }
  const accpath = f.ptr(p + P_ACCPATH);
  if (f.i16(p + P_LEVEL) !== FTS_ROOTLEVEL || libc.memory.read8(accpath) === 0x2f || f.isSet(sp, FTS_NOCHDIR)) {
    const children = (yield* buildChildren(f, sp, type)) ?? 0;
    f.setPtr(sp + S_CHILD, children);
    return children;
  }
  // A relative root not entered yet: come back here after reading it.
  const dot = guestString(libc, '.');
  const fd = sys(libc, Sys.open, dot, O_RDONLY, 0);
  libc.heap.release(dot);
  if (fd < 0) return 0;
  const children = (yield* buildChildren(f, sp, type)) ?? 0;
  f.setPtr(sp + S_CHILD, children);
  if (sys(libc, Sys.fchdir, fd) < 0) return 0;
  libc.sys(Sys.close, fd);
  return children;
}

function ftsSet(libc: LibcProcess, p: number, instruction: number): number {
  if (
    instruction !== 0 &&
    instruction !== FTS_AGAIN &&
    instruction !== FTS_FOLLOW &&
    instruction !== FTS_NOINSTR &&
    instruction !== FTS_SKIP
  ) {
    libc.errno = Errno.EINVAL;
    return 1;
  }
  new Fields(libc).setU16(p + P_INSTR, instruction);
  return 0;
}

function ftsClose(libc: LibcProcess, sp: number): number {
  const f = new Fields(libc);
  if (f.ptr(sp + S_CUR) !== 0) {
    let p = f.ptr(sp + S_CUR);
    while (f.i16(p + P_LEVEL) >= FTS_ROOTLEVEL) {
      const done = p;
      p = f.ptr(p + P_LINK) !== 0 ? f.ptr(p + P_LINK) : f.ptr(p + P_PARENT);
      libc.heap.release(done);
    }
    libc.heap.release(p);
  }
  if (f.ptr(sp + S_CHILD) !== 0) freeList(f, f.ptr(sp + S_CHILD));
  if (f.ptr(sp + S_ARRAY) !== 0) libc.heap.release(f.ptr(sp + S_ARRAY));
  if (f.ptr(sp + S_PATH) !== 0) libc.heap.release(f.ptr(sp + S_PATH));
  if (!f.isSet(sp, FTS_NOCHDIR)) {
    const rfd = f.i32(sp + S_RFD);
    const errno = sys(libc, Sys.fchdir, rfd) < 0 ? libc.errno : 0;
    libc.sys(Sys.close, rfd);
    if (errno !== 0) {
      libc.heap.release(sp);
      libc.errno = errno;
      return -1;
    }
  }
  libc.heap.release(sp);
  return 0;
}

const functions: FunctionTable = {
  fts_open: (f, libc) => ftsOpen(libc, f.ptr(0), f.int(1), f.ptr(2)),
  fts_read: (f, libc) => ftsRead(libc, f.ptr(0)),
  fts_children: (f, libc) => ftsChildren(libc, f.ptr(0), f.int(1)),
  fts_set: (f, libc) => ftsSet(libc, f.ptr(1), f.int(2)),
  fts_close: (f, libc) => ftsClose(libc, f.ptr(0)),
};

export const FTS_FUNCTIONS: FunctionTable = {
  ...functions,
  fts64_open: functions.fts_open!,
  fts64_read: functions.fts_read!,
  fts64_children: functions.fts_children!,
  fts64_set: functions.fts_set!,
  fts64_close: functions.fts_close!,
};
