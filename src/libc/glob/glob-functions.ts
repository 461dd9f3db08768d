// glob/glob64 and globfree/globfree64 (one ABI on x86-64), as glibc 2.36's posix/glob.c expands a
// pattern: the last component is matched with fnmatch against readdir's names (FNM_PERIOD unless
// GLOB_PERIOD) in each directory the rest expands to, itself globbed recursively (GLOB_ONLYDIR,
// unsorted) when it holds metacharacters; a last component without them is only lstat'ed; a
// trailing slash globs the rest with GLOB_MARK and GLOB_ONLYDIR; GLOB_NOCHECK/GLOB_NOMAGIC give the
// pattern itself back; GLOB_MARK appends '/' to directories; the new names are sorted unless
// GLOB_NOSORT. The program's error function (guest code) is asked about directories that cannot
// be opened. The program reads glob_t:
//   0 gl_pathc, 8 gl_pathv, 16 gl_offs, 24 gl_flags, 32.. the GLOB_ALTDIRFUNC functions (72 bytes)
// GLOB_BRACE, GLOB_TILDE, GLOB_TILDE_CHECK and GLOB_ALTDIRFUNC are not implemented yet: they fail
// loudly instead of expanding differently.

import { AT_FDCWD } from '../../kernel/abi/flags.ts';
import { Errno } from '../../kernel/errno.ts';
import { S_IFDIR, S_IFMT } from '../../kernel/fs/stat.ts';
import { guestCall, type HostGenerator } from '../abi/host-region.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { FNM_NOESCAPE, FNM_PERIOD } from '../fnmatch/fnmatch.ts';
import { fnmatchBytes } from '../fnmatch/fnmatch-functions.ts';
import { cStringView, loadPointer, storePointer } from '../runtime/guest-access.ts';
import { Sys } from '../runtime/kernel-call.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { realloc } from '../stdlib/malloc-functions.ts';
import { closeDirectory, D_NAME, openDirectoryAt, readDirectory } from '../unistd/dirent-functions.ts';

const GLOB_ERR = 1 << 0;
const GLOB_MARK = 1 << 1;
const GLOB_NOSORT = 1 << 2;
const GLOB_DOOFFS = 1 << 3;
const GLOB_NOCHECK = 1 << 4;
const GLOB_APPEND = 1 << 5;
const GLOB_NOESCAPE = 1 << 6;
const GLOB_PERIOD = 1 << 7;
const GLOB_MAGCHAR = 1 << 8;
const GLOB_ALTDIRFUNC = 1 << 9;
const GLOB_BRACE = 1 << 10;
const GLOB_NOMAGIC = 1 << 11;
const GLOB_TILDE = 1 << 12;
const GLOB_ONLYDIR = 1 << 13;
const GLOB_TILDE_CHECK = 1 << 14;
const ALL_FLAGS = (1 << 15) - 1;
const NOT_IMPLEMENTED = GLOB_ALTDIRFUNC | GLOB_BRACE | GLOB_TILDE | GLOB_TILDE_CHECK;

const GLOB_NOSPACE = 1;
const GLOB_ABORTED = 2;
const GLOB_NOMATCH = 3;

const PATHC = 0;
const PATHV = 8;
const OFFS = 16;
const FLAGS = 24;

const GLOBPAT_NONE = 0;
const GLOBPAT_SPECIAL = 1;
const GLOBPAT_BACKSLASH = 2;
const GLOBPAT_BRACKET = 4;

const SLASH = 0x2f;
const STAT_SIZE = 144;
/** struct dirent's d_type (its d_name follows at D_NAME). */
const D_TYPE = 18;
const DT_UNKNOWN = 0;
const DT_DIR = 4;
const DT_LNK = 10;

/** The names one glob call has found so far (host copies) and the flags glob_t will hold. */
interface Found {
  names: Uint8Array[];
  flags: number;
}

/** __glob_pattern_type: metacharacters of `pattern` (a ']' after a '[' makes it special). */
function patternType(pattern: Uint8Array, quote: boolean): number {
  let type = GLOBPAT_NONE;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === 0x3f || c === 0x2a) return GLOBPAT_SPECIAL;
    if (c === 0x5c && quote) {
      if (i + 1 < pattern.length) i++;
      type |= GLOBPAT_BACKSLASH;
    } else if (c === 0x5b) type |= GLOBPAT_BRACKET;
    else if (c === 0x5d && (type & GLOBPAT_BRACKET) !== 0) return GLOBPAT_SPECIAL;
  }
  return type;
}

/** A guest copy of `bytes` with a NUL (freed by the caller); 0 when malloc fails. */
function guestString(libc: LibcProcess, bytes: Uint8Array): number {
  const address = libc.heap.allocate(bytes.length + 1);
  if (address === 0) return 0;
  libc.memory.bytes.set(bytes, address);
  libc.memory.bytes[address + bytes.length] = 0;
  return address;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  return Buffer.concat(parts);
}

/** stat (or lstat) of a host path: the mode, or undefined with errno set. */
function modeOf(libc: LibcProcess, path: Uint8Array, follow: boolean): number | undefined {
  const name = guestString(libc, path);
  const st = libc.heap.allocate(STAT_SIZE);
  try {
    const result = libc.sysResult(libc.sys(follow ? Sys.stat : Sys.lstat, name, st));
    return result < 0 ? undefined : libc.memory.view.getUint32(st + 24, true);
  } finally {
    libc.heap.release(st);
    libc.heap.release(name);
  }
}

/** glob_in_dir: the names in `directory` matching `pattern` (or the pattern itself under NOCHECK). */
function* globInDirectory(
  libc: LibcProcess,
  pattern: Uint8Array,
  directory: Uint8Array,
  flagsIn: number,
  errfunc: number,
  found: Found,
): HostGenerator {
  let flags = flagsIn;
  const names: Uint8Array[] = [];
  const meta = patternType(pattern, (flags & GLOB_NOESCAPE) === 0);
  if (meta === GLOBPAT_NONE && (flags & (GLOB_NOCHECK | GLOB_NOMAGIC)) !== 0) flags |= GLOB_NOCHECK;
  else if (meta === GLOBPAT_NONE) {
    const full = concat(directory, Buffer.from('/'), pattern);
    if (modeOf(libc, full, false) !== undefined || libc.errno === Errno.EOVERFLOW) flags |= GLOB_NOCHECK;
  } else {
    const path = guestString(libc, directory);
    if (path === 0) return GLOB_NOSPACE;
    const stream = openDirectoryAt(libc, AT_FDCWD, path);
    if (stream === 0) {
      const errno = libc.errno;
      let abort = false;
      if (errno !== Errno.ENOTDIR) {
        if (errfunc !== 0) abort = ((yield guestCall(errfunc, [path, errno], 'glob error function')) | 0) !== 0;
        if (!abort && (flags & GLOB_ERR) !== 0) abort = true;
      }
      libc.heap.release(path);
      if (abort) return GLOB_ABORTED;
    } else {
      libc.heap.release(path);
      const fnmFlags =
        ((flags & GLOB_PERIOD) === 0 ? FNM_PERIOD : 0) | ((flags & GLOB_NOESCAPE) !== 0 ? FNM_NOESCAPE : 0);
      flags |= GLOB_MAGCHAR;
      const memory = libc.memory;
      for (;;) {
        const entry = readDirectory(libc, stream);
        if (entry === 0) break;
        if ((flags & GLOB_ONLYDIR) !== 0) {
          const type = memory.read8(entry + D_TYPE);
          if (type !== DT_DIR && type !== DT_LNK && type !== DT_UNKNOWN) continue;
        }
        const name = cStringView(memory, entry + D_NAME).slice();
        if (fnmatchBytes(libc, pattern, name, fnmFlags) === 0) names.push(name);
      }
      const errno = libc.errno;
      closeDirectory(libc, stream);
      libc.errno = errno;
    }
  }
  if (names.length === 0 && (flags & GLOB_NOCHECK) !== 0) names.push(pattern.slice());
  if (names.length === 0) return GLOB_NOMATCH;
  found.names.push(...names);
  found.flags = flags;
  return 0;
}

/** prefix_array: "dir/name" for each new name ("/name" under "/"). */
function prefix(directory: Uint8Array, names: Uint8Array[], from: number): void {
  const head = directory.length === 1 && directory[0] === SLASH ? new Uint8Array(0) : directory;
  for (let i = from; i < names.length; i++) names[i] = concat(head, Buffer.from('/'), names[i]!);
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  return Buffer.compare(a, b);
}

/** __glob over host strings: appends to `found.names`; returns 0 or a GLOB_ error. */
function* globNames(
  libc: LibcProcess,
  pattern: Uint8Array,
  flagsIn: number,
  errfunc: number,
  found: Found,
): HostGenerator {
  let flags = flagsIn;
  if (pattern.length > 0 && pattern[pattern.length - 1] === SLASH) flags |= GLOB_ONLYDIR;
  if ((flags & NOT_IMPLEMENTED) !== 0)
    throw new Error(`glob: flags 0x${(flags & NOT_IMPLEMENTED).toString(16)} (BRACE/TILDE/ALTDIRFUNC) not implemented`);
  const oldCount = found.names.length;
  const slash = pattern.lastIndexOf(SLASH);
  let directory: Uint8Array;
  let filename: Uint8Array;
  let directoryLength: number;
  if (slash < 0) {
    directory = Buffer.from('.');
    directoryLength = 0;
    filename = pattern;
  } else if (slash === 0) {
    directory = Buffer.from('/');
    directoryLength = 1;
    filename = pattern.subarray(1);
  } else {
    directory = pattern.slice(0, slash);
    directoryLength = slash;
    filename = pattern.subarray(slash + 1);
    if (filename.length === 0 && directoryLength > 1) {
      // "pattern/": expand "pattern", marking directories.
      if ((flags & GLOB_NOESCAPE) === 0 && directory[directoryLength - 1] === 0x5c)
        throw new Error('glob: a pattern ending in "\\/" is not implemented');
      const status = (yield* globNames(libc, directory, flags | GLOB_MARK, errfunc, found)) ?? 0;
      if (status === 0) found.flags = (found.flags & ~GLOB_MARK) | (flags & GLOB_MARK);
      else if (status === GLOB_NOMATCH && (flags & GLOB_NOCHECK) !== 0) {
        found.names.push(pattern.slice());
        found.flags = flags;
        return 0;
      }
      return status;
    }
  }
  const meta = patternType(directory.subarray(0, Math.max(directoryLength, 0)), (flags & GLOB_NOESCAPE) === 0);
  if (directoryLength > 0 && (meta & (GLOBPAT_SPECIAL | GLOBPAT_BRACKET)) !== 0) {
    const directories: Found = { names: [], flags: 0 };
    const status =
      (yield* globNames(
        libc,
        directory,
        (flags & (GLOB_ERR | GLOB_NOESCAPE)) | GLOB_NOSORT | GLOB_ONLYDIR,
        errfunc,
        directories,
      )) ?? 0;
    if (status !== 0) {
      if ((flags & GLOB_NOCHECK) === 0 || status !== GLOB_NOMATCH) return status;
      found.names.push(pattern.slice());
      found.flags = flags;
      return 0;
    }
    for (const name of directories.names) {
      const before = found.names.length;
      const inner =
        (yield* globInDirectory(
          libc,
          filename,
          name,
          (flags | GLOB_APPEND) & ~(GLOB_NOCHECK | GLOB_NOMAGIC),
          errfunc,
          found,
        )) ?? 0;
      if (inner === GLOB_NOMATCH) continue;
      if (inner !== 0) {
        found.names.length = 0;
        return inner;
      }
      prefix(name, found.names, before);
    }
    flags |= GLOB_MAGCHAR;
    if (found.names.length === oldCount) {
      if ((flags & GLOB_NOCHECK) === 0) return GLOB_NOMATCH;
      // glibc's no_matches: the pattern itself, and glob_t's flags as they are here.
      found.names.push(pattern.slice());
      found.flags = flags;
    }
  } else {
    if ((meta & GLOBPAT_BACKSLASH) !== 0) throw new Error('glob: a directory part with backslashes is not implemented');
    const before = found.names.length;
    const status = (yield* globInDirectory(libc, filename, directory, flags, errfunc, found)) ?? 0;
    if (status !== 0) return status;
    if (directoryLength > 0) prefix(directory, found.names, before);
  }
  if ((flags & GLOB_MARK) !== 0) {
    for (let i = oldCount; i < found.names.length; i++) {
      const name = found.names[i]!;
      const mode = modeOf(libc, name, true);
      if (mode !== undefined && (mode & S_IFMT) === S_IFDIR) found.names[i] = concat(name, Buffer.from('/'));
    }
  }
  if ((flags & GLOB_NOSORT) === 0) {
    const added = found.names.splice(oldCount).sort(compareBytes);
    found.names.push(...added);
  }
  return 0;
}

function* glob(libc: LibcProcess, pattern: number, flags: number, errfunc: number, pglob: number): HostGenerator {
  if (pattern === 0 || pglob === 0 || (flags & ~ALL_FLAGS) !== 0) {
    libc.errno = Errno.EINVAL;
    return -1;
  }
  const memory = libc.memory;
  const view = memory.view;
  if ((flags & GLOB_DOOFFS) === 0) storePointer(memory, pglob + OFFS, 0);
  const offsets = loadPointer(memory, pglob + OFFS);
  if ((flags & GLOB_APPEND) === 0) {
    storePointer(memory, pglob + PATHC, 0);
    if ((flags & GLOB_DOOFFS) === 0) storePointer(memory, pglob + PATHV, 0);
    else {
      const vector = libc.heap.allocate((offsets + 1) * 8);
      if (vector === 0) return GLOB_NOSPACE;
      memory.bytes.fill(0, vector, vector + (offsets + 1) * 8);
      storePointer(memory, pglob + PATHV, vector);
    }
  }
  const found: Found = { names: [], flags: view.getInt32(pglob + FLAGS, true) };
  const status = (yield* globNames(libc, cStringView(memory, pattern).slice(), flags, errfunc, found)) ?? 0;
  if (found.names.length > 0) {
    const count = loadPointer(memory, pglob + PATHC);
    const total = count + found.names.length;
    const vector = realloc(libc, loadPointer(memory, pglob + PATHV), (offsets + total + 1) * 8);
    if (vector === 0) return GLOB_NOSPACE;
    for (let i = 0; i < found.names.length; i++) {
      const name = guestString(libc, found.names[i]!);
      if (name === 0) return GLOB_NOSPACE;
      storePointer(memory, vector + (offsets + count + i) * 8, name);
    }
    storePointer(memory, vector + (offsets + total) * 8, 0);
    storePointer(memory, pglob + PATHV, vector);
    storePointer(memory, pglob + PATHC, total);
  }
  view.setInt32(pglob + FLAGS, found.flags, true);
  return status;
}

function globfree(libc: LibcProcess, pglob: number): undefined {
  const memory = libc.memory;
  const vector = loadPointer(memory, pglob + PATHV);
  if (vector === 0) return undefined;
  const count = loadPointer(memory, pglob + PATHC);
  const offsets = loadPointer(memory, pglob + OFFS);
  for (let i = 0; i < count; i++) {
    const name = loadPointer(memory, vector + (offsets + i) * 8);
    if (name !== 0) libc.heap.release(name, 'globfree');
  }
  libc.heap.release(vector, 'globfree');
  storePointer(memory, pglob + PATHV, 0);
  return undefined;
}

export const GLOB_FUNCTIONS: FunctionTable = {
  glob: (f, libc) => glob(libc, f.ptr(0), f.int(1), f.ptr(2), f.ptr(3)),
  glob64: (f, libc) => glob(libc, f.ptr(0), f.int(1), f.ptr(2), f.ptr(3)),
  globfree: (f, libc) => globfree(libc, f.ptr(0)),
  globfree64: (f, libc) => globfree(libc, f.ptr(0)),
};
