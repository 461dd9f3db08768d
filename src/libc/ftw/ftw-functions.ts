// ftw, nftw and their 64 forms (one ABI on x86-64), as glibc 2.36's io/ftw.c walks a tree:
// a directory is reported before its entries (after them with FTW_DEPTH, as FTW_DP), entries in
// readdir order, each stat'ed relative to its directory's descriptor while that stream is open.
// At most `descriptors` directory streams stay open: opening one more first reads the oldest
// open stream's remaining names into memory and closes it (its entries are then stat'ed by
// path). Without FTW_PHYS, directories already seen (same st_dev and st_ino) are not entered
// again. The callback (guest code) gets the path in a malloc'ed buffer, a struct stat and a
// struct FTW { int base; int level; } that live in guest memory, as in glibc; a non-zero return
// ends the walk with that value (FTW_ACTIONRETVAL gives FTW_SKIP_SUBTREE/FTW_SKIP_SIBLINGS their
// meaning). ftw is the same walk with the flags folded to ftw's four kinds.

import { AT_FDCWD } from '../../kernel/abi/flags.ts';
import { Errno } from '../../kernel/errno.ts';
import { S_IFDIR, S_IFLNK, S_IFMT } from '../../kernel/fs/stat.ts';
import { guestCall, type HostGenerator } from '../abi/host-region.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { cStringLength } from '../runtime/guest-access.ts';
import { Sys } from '../runtime/kernel-call.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { realloc } from '../stdlib/malloc-functions.ts';
import {
  closeDirectory,
  D_NAME,
  newDirectoryStream,
  openDirectoryAt,
  readDirectory,
} from '../unistd/dirent-functions.ts';

const FTW_PHYS = 1;
const FTW_MOUNT = 2;
const FTW_CHDIR = 4;
const FTW_DEPTH = 8;
const FTW_ACTIONRETVAL = 16;

const FTW_F = 0;
const FTW_D = 1;
const FTW_DNR = 2;
const FTW_NS = 3;
const FTW_SL = 4;
const FTW_DP = 5;
const FTW_SLN = 6;

const FTW_STOP = 1;
const FTW_SKIP_SUBTREE = 2;
const FTW_SKIP_SIBLINGS = 3;

/** What each internal kind is reported as: nftw's own values, ftw's folded ones. */
const NFTW_KINDS = [FTW_F, FTW_D, FTW_DNR, FTW_NS, FTW_SL, FTW_DP, FTW_SLN];
const FTW_KINDS = [FTW_F, FTW_D, FTW_DNR, FTW_NS, FTW_F, FTW_D, FTW_NS];

const AT_SYMLINK_NOFOLLOW = 0x100;
const O_RDONLY = 0;
const O_NONBLOCK = 0o4000;
const O_DIRECTORY = 0o200000;
const PATH_MAX = 4096;
const STAT_SIZE = 144;
const ST_DEV = 0;
const ST_INO = 8;
const ST_MODE = 24;

/** glibc's struct dir_data: an open stream, or the names read from it before it was closed. */
interface DirectoryData {
  stream: number;
  streamFd: number;
  content: Uint8Array[] | undefined;
}

class Walk {
  readonly streams: (DirectoryData | undefined)[];
  activeStream = 0;
  dirbuf = 0;
  dirbufSize = 0;
  base = 0;
  level = 0;
  /** The struct FTW the callback sees (base, level). */
  ftw = 0;
  /** A guest "." for FTW_CHDIR's opens and stats of the start directory's own name. */
  dot = 0;
  startDevice = 0n;
  readonly known = new Set<bigint>();

  constructor(
    readonly libc: LibcProcess,
    readonly callback: number,
    readonly flags: number,
    readonly kinds: readonly number[],
    public maxStreams: number,
  ) {
    this.streams = new Array<DirectoryData | undefined>(maxStreams).fill(undefined);
  }

  mode(st: number): number {
    return this.libc.memory.view.getUint32(st + ST_MODE, true) & S_IFMT;
  }

  /** The tsearch key glibc keeps per directory: (st_ino, st_dev); st_dev fits in 32 bits on Linux. */
  identity(st: number): bigint {
    const view = this.libc.memory.view;
    return (view.getBigUint64(st + ST_INO, true) << 32n) | BigInt(view.getUint32(st + ST_DEV, true));
  }

  device(st: number): bigint {
    return this.libc.memory.view.getBigUint64(st + ST_DEV, true);
  }

  /** The callback, with struct FTW brought up to date first. */
  *report(st: number, kind: number): HostGenerator {
    const view = this.libc.memory.view;
    view.setInt32(this.ftw, this.base, true);
    view.setInt32(this.ftw + 4, this.level, true);
    return (yield guestCall(this.callback, [this.dirbuf, st, this.kinds[kind]!, this.ftw], 'nftw callback')) | 0;
  }

  /** A system call's result: errno set and -1 on failure. */
  sys(result: number): number {
    return this.libc.sysResult(result);
  }
}

/** open_dir_stream: frees a stream slot if needed (reading that stream's rest into memory), opens this directory. */
function openDirectoryStream(walk: Walk, parent: DirectoryData | undefined, directory: DirectoryData): number {
  const libc = walk.libc;
  const occupant = walk.streams[walk.activeStream];
  if (occupant !== undefined) {
    const names: Uint8Array[] = [];
    for (;;) {
      const entry = readDirectory(libc, occupant.stream);
      if (entry === 0) break;
      const length = cStringLength(libc.memory, entry + D_NAME);
      names.push(libc.memory.bytes.slice(entry + D_NAME, entry + D_NAME + length));
    }
    occupant.content = names;
    closeDirectory(libc, occupant.stream);
    occupant.stream = 0;
    occupant.streamFd = -1;
    walk.streams[walk.activeStream] = undefined;
  }
  // The parent's descriptor as it is now: -1 if its stream was the one just closed (then by path).
  if (parent !== undefined && parent.streamFd !== -1) {
    const fd = libc.sys(Sys.openat, parent.streamFd, walk.dirbuf + walk.base, O_RDONLY | O_DIRECTORY | O_NONBLOCK, 0);
    directory.stream = 0;
    if (fd < 0) libc.errno = -fd;
    else {
      directory.stream = newDirectoryStream(libc, fd);
      if (directory.stream === 0) libc.sys(Sys.close, fd);
    }
  } else {
    let name = walk.dirbuf;
    if ((walk.flags & FTW_CHDIR) !== 0) {
      name = walk.dirbuf + walk.base;
      if (libc.memory.read8(name) === 0) name = walk.dot;
    }
    directory.stream = openDirectoryAt(libc, AT_FDCWD, name);
  }
  if (directory.stream === 0) return -1;
  directory.streamFd = libc.memory.read32(directory.stream);
  directory.content = undefined;
  walk.streams[walk.activeStream] = directory;
  if (++walk.activeStream === walk.maxStreams) walk.activeStream = 0;
  return 0;
}

/** Gives the stream slot of a directory that is done back (glibc decrements actdir). */
function releaseSlot(walk: Walk): void {
  if (walk.activeStream-- === 0) walk.activeStream = walk.maxStreams - 1;
  walk.streams[walk.activeStream] = undefined;
}

function* processEntry(walk: Walk, directory: DirectoryData, name: Uint8Array): HostGenerator {
  const libc = walk.libc;
  if (name[0] === 0x2e && (name.length === 1 || (name.length === 2 && name[1] === 0x2e))) return 0;
  const needed = walk.base + name.length + 2;
  if (walk.dirbufSize < needed) {
    const size = 2 * needed;
    const grown = realloc(libc, walk.dirbuf, size);
    if (grown === 0) return -1;
    walk.dirbuf = grown;
    walk.dirbufSize = size;
  }
  const memory = libc.memory;
  const namePointer = walk.dirbuf + walk.base;
  memory.bytes.set(name, namePointer);
  memory.bytes[namePointer + name.length] = 0;
  const st = libc.heap.allocate(STAT_SIZE);
  try {
    const physical = (walk.flags & FTW_PHYS) !== 0;
    const pathName = (walk.flags & FTW_CHDIR) === 0 ? walk.dirbuf : namePointer;
    const statOf = (follow: boolean): number =>
      walk.sys(
        directory.streamFd !== -1
          ? libc.sys(Sys.newfstatat, directory.streamFd, namePointer, st, follow ? 0 : AT_SYMLINK_NOFOLLOW)
          : libc.sys(follow ? Sys.stat : Sys.lstat, pathName, st),
      );
    let result = 0;
    let kind = FTW_F;
    if (statOf(!physical) < 0) {
      const errno = libc.errno;
      if (errno !== Errno.EACCES && errno !== Errno.ENOENT) result = -1;
      else if (physical) kind = FTW_NS;
      else kind = statOf(false) === 0 && walk.mode(st) === S_IFLNK ? FTW_SLN : FTW_NS;
    } else {
      const mode = walk.mode(st);
      kind = mode === S_IFDIR ? FTW_D : mode === S_IFLNK ? FTW_SL : FTW_F;
    }
    if (result === 0 && (kind === FTW_NS || (walk.flags & FTW_MOUNT) === 0 || walk.device(st) === walk.startDevice)) {
      if (kind === FTW_D) {
        if (physical) result = (yield* walkDirectory(walk, st, directory)) ?? 0;
        else {
          const identity = walk.identity(st);
          if (!walk.known.has(identity)) {
            walk.known.add(identity);
            result = (yield* walkDirectory(walk, st, directory)) ?? 0;
          }
        }
      } else result = (yield* walk.report(st, kind)) ?? 0;
    }
    if ((walk.flags & FTW_ACTIONRETVAL) !== 0 && result === FTW_SKIP_SUBTREE) result = 0;
    return result;
  } finally {
    libc.heap.release(st);
  }
}

/** ftw_dir: reports a directory, walks its entries, reports it again with FTW_DEPTH. */
function* walkDirectory(walk: Walk, st: number, parent: DirectoryData | undefined): HostGenerator {
  const libc = walk.libc;
  const memory = libc.memory;
  const directory: DirectoryData = { stream: 0, streamFd: -1, content: undefined };
  const previousBase = walk.base;
  let result = openDirectoryStream(walk, parent, directory);
  if (result !== 0) {
    if (libc.errno === Errno.EACCES) result = (yield* walk.report(st, FTW_DNR)) ?? 0;
    return result;
  }
  const fail = (value: number): number => {
    const errno = libc.errno;
    closeDirectory(libc, directory.stream);
    directory.streamFd = -1;
    libc.errno = errno;
    releaseSlot(walk);
    return value;
  };
  if ((walk.flags & FTW_DEPTH) === 0) {
    result = (yield* walk.report(st, FTW_D)) ?? 0;
    if (result !== 0) return fail(result);
  }
  if ((walk.flags & FTW_CHDIR) !== 0 && walk.sys(libc.sys(Sys.fchdir, directory.streamFd)) < 0) return fail(-1);
  walk.level++;
  let end = walk.dirbuf + cStringLength(memory, walk.dirbuf);
  if (memory.read8(end - 1) !== 0x2f) memory.bytes[end++] = 0x2f;
  walk.base = end - walk.dirbuf;
  while (directory.stream !== 0) {
    const entry = readDirectory(libc, directory.stream);
    if (entry === 0) break;
    const length = cStringLength(memory, entry + D_NAME);
    const name = memory.bytes.slice(entry + D_NAME, entry + D_NAME + length);
    result = (yield* processEntry(walk, directory, name)) ?? 0;
    if (result !== 0) break;
  }
  if (directory.stream !== 0) {
    const errno = libc.errno;
    closeDirectory(libc, directory.stream);
    directory.streamFd = -1;
    libc.errno = errno;
    releaseSlot(walk);
  } else {
    for (const name of directory.content ?? []) {
      if (result !== 0) break;
      result = (yield* processEntry(walk, directory, name)) ?? 0;
    }
  }
  if ((walk.flags & FTW_ACTIONRETVAL) !== 0 && result === FTW_SKIP_SIBLINGS) result = 0;
  memory.bytes[walk.dirbuf + walk.base - 1] = 0;
  walk.level--;
  walk.base = previousBase;
  if (result === 0 && (walk.flags & FTW_DEPTH) !== 0) result = (yield* walk.report(st, FTW_DP)) ?? 0;
  if (
    parent !== undefined &&
    (walk.flags & FTW_CHDIR) !== 0 &&
    (result === 0 || ((walk.flags & FTW_ACTIONRETVAL) !== 0 && result !== -1 && result !== FTW_STOP))
  ) {
    // Back to the parent: by its descriptor while its stream is open, else by "..".
    let done = false;
    if (parent.stream !== 0 && libc.sys(Sys.fchdir, parent.streamFd) === 0) done = true;
    if (!done) {
      const up = walk.base === 1 ? '/' : '..';
      memory.bytes.set(Buffer.from(`${up}\0`, 'latin1'), walk.dot + 2);
      if (walk.sys(libc.sys(Sys.chdir, walk.dot + 2)) < 0) result = -1;
    }
  }
  return result;
}

/** ftw_startup. */
function* startWalk(
  libc: LibcProcess,
  path: number,
  callback: number,
  descriptors: number,
  flags: number,
  kinds: readonly number[],
): HostGenerator {
  const memory = libc.memory;
  if (memory.read8(path) === 0) {
    libc.errno = Errno.ENOENT;
    return -1;
  }
  const walk = new Walk(libc, callback, flags, kinds, descriptors < 1 ? 1 : descriptors);
  const length = cStringLength(memory, path);
  walk.dirbufSize = Math.max(2 * length, PATH_MAX);
  walk.dirbuf = libc.heap.allocate(walk.dirbufSize);
  if (walk.dirbuf === 0) return -1;
  walk.ftw = libc.heap.allocate(16);
  // ".", and room for "..\0" or "/\0" after it (FTW_CHDIR's way back).
  walk.dot = libc.heap.allocate(8);
  memory.bytes.set([0x2e, 0], walk.dot);
  const st = libc.heap.allocate(STAT_SIZE);
  memory.bytes.copyWithin(walk.dirbuf, path, path + length);
  let end = walk.dirbuf + length;
  while (end > walk.dirbuf + 1 && memory.read8(end - 1) === 0x2f) end--;
  memory.bytes[end] = 0;
  while (end > walk.dirbuf && memory.read8(end - 1) !== 0x2f) end--;
  walk.base = end - walk.dirbuf;
  let result = 0;
  let cwdFd = -1;
  let failed = false;
  if ((flags & FTW_CHDIR) !== 0) {
    cwdFd = walk.sys(libc.sys(Sys.openat, AT_FDCWD, walk.dot, O_RDONLY | O_DIRECTORY, 0));
    if (cwdFd === -1) {
      // glibc falls back to getcwd when "." is not readable; Miros does not yet.
      if (libc.errno === Errno.EACCES)
        throw new Error('nftw FTW_CHDIR: the current directory is not readable (getcwd fallback not implemented)');
      failed = true;
      result = -1;
    } else if (walk.maxStreams > 1) walk.maxStreams--;
    if (!failed && walk.base > 0) {
      if (walk.base === 1) {
        memory.bytes.set([0x2f, 0], walk.dot + 2);
        result = walk.sys(libc.sys(Sys.chdir, walk.dot + 2));
      } else {
        const separator = walk.dirbuf + walk.base - 1;
        memory.bytes[separator] = 0;
        result = walk.sys(libc.sys(Sys.chdir, walk.dirbuf));
        memory.bytes[separator] = 0x2f;
      }
    }
  }
  if (!failed && result === 0) {
    let name = walk.dirbuf;
    if ((flags & FTW_CHDIR) !== 0) {
      name = walk.dirbuf + walk.base;
      if (memory.read8(name) === 0) name = walk.dot;
    }
    const physical = (flags & FTW_PHYS) !== 0;
    if (walk.sys(libc.sys(physical ? Sys.lstat : Sys.stat, name, st)) < 0) {
      if (
        !physical &&
        libc.errno === Errno.ENOENT &&
        walk.sys(libc.sys(Sys.lstat, name, st)) === 0 &&
        walk.mode(st) === S_IFLNK
      )
        result = (yield* walk.report(st, FTW_SLN)) ?? 0;
      else result = -1;
    } else if (walk.mode(st) === S_IFDIR) {
      walk.startDevice = walk.device(st);
      if (!physical) walk.known.add(walk.identity(st));
      result = (yield* walkDirectory(walk, st, undefined)) ?? 0;
    } else {
      result = (yield* walk.report(st, walk.mode(st) === S_IFLNK ? FTW_SL : FTW_F)) ?? 0;
    }
    if ((flags & FTW_ACTIONRETVAL) !== 0 && (result === FTW_SKIP_SUBTREE || result === FTW_SKIP_SIBLINGS)) result = 0;
  }
  const errno = libc.errno;
  if (cwdFd !== -1) {
    libc.sys(Sys.fchdir, cwdFd);
    libc.sys(Sys.close, cwdFd);
  }
  libc.heap.release(st);
  libc.heap.release(walk.dot);
  libc.heap.release(walk.ftw);
  libc.heap.release(walk.dirbuf);
  libc.errno = errno;
  return result;
}

/** nftw@GLIBC_2.3.3: unknown flags are Errno.EINVAL. */
function nftw(
  libc: LibcProcess,
  path: number,
  callback: number,
  descriptors: number,
  flags: number,
): HostGenerator | number {
  if ((flags & ~(FTW_PHYS | FTW_MOUNT | FTW_CHDIR | FTW_DEPTH | FTW_ACTIONRETVAL)) !== 0) {
    libc.errno = Errno.EINVAL;
    return -1;
  }
  return startWalk(libc, path, callback, descriptors, flags, NFTW_KINDS);
}

export const FTW_FUNCTIONS: FunctionTable = {
  ftw: (f, libc) => startWalk(libc, f.ptr(0), f.ptr(1), f.int(2), 0, FTW_KINDS),
  ftw64: (f, libc) => startWalk(libc, f.ptr(0), f.ptr(1), f.int(2), 0, FTW_KINDS),
  nftw: (f, libc) => nftw(libc, f.ptr(0), f.ptr(1), f.int(2), f.int(3)),
  nftw64: (f, libc) => nftw(libc, f.ptr(0), f.ptr(1), f.int(2), f.int(3)),
};
