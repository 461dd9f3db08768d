// Temporary names, files and directories: mkstemp, mkstemps, mkostemp, mkostemps (and their 64
// aliases), mkdtemp and mktemp — glibc's __gen_tempname: the six X's before the suffix become
// letters and digits, and the file (mode 0600, O_EXCL) or directory (0700) is created, or for
// mktemp the name is checked to be free; a name already taken is retried with new letters, up to
// glibc's TMP_MAX (62^3) times, then EEXIST. A template without six X's there is EINVAL and is
// left as it was. tmpnam, tmpnam_r and tempnam build their template first, as glibc's
// __path_search: "DIR/PFXXXXXXX" (tmpfile is with the streams, src/libc/stdio/file-functions.ts).
import { randomInt } from '../../host/lazy-builtins.ts';
import { Errno } from '../../kernel/errno.ts';
import { environmentValue, secureMode } from '../environment/environment.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { checkWrite, cString, cStringLength, storeBytes } from '../runtime/guest-access.ts';
import { Sys } from '../runtime/kernel-call.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const X = 0x58;
const ATTEMPTS = 62 * 62 * 62;
const AT_FDCWD = -100;
const O_RDWR = 2;
const O_CREAT = 0o100;
const O_EXCL = 0o200;
/** Flags mkostemp accepts besides the access mode (which it fixes to O_RDWR). */
const O_ACCMODE = 3;

const enum Kind {
  File = 0,
  Directory = 1,
  NameOnly = 2,
}

/** Generates names in `template` (suffix of `suffixLength` bytes) until one can be created; returns fd, 0 or -1. */
function generate(libc: LibcProcess, template: number, suffixLength: number, flags: number, kind: Kind): number {
  const memory = libc.memory;
  const length = cStringLength(memory, template);
  const start = length - suffixLength - 6;
  if (suffixLength < 0 || start < 0) return fail(libc, Errno.EINVAL);
  for (let i = start; i < start + 6; i++) if (memory.bytes[i + template] !== X) return fail(libc, Errno.EINVAL);
  checkWrite(memory, template + start, 6);
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    for (let i = 0; i < 6; i++) memory.bytes[template + start + i] = LETTERS.charCodeAt(randomInt(LETTERS.length));
    let result: number;
    switch (kind) {
      case Kind.File:
        result = libc.sys(Sys.openat, AT_FDCWD, template, (flags & ~O_ACCMODE) | O_RDWR | O_CREAT | O_EXCL, 0o600);
        break;
      case Kind.Directory:
        result = libc.sys(Sys.mkdir, template, 0o700);
        break;
      default: {
        // mktemp: the name is good when nothing is there (lstat fails with ENOENT).
        const found = libc.sys(Sys.lstat, template, libc.scratch);
        result = found === -Errno.ENOENT ? 0 : found === 0 ? -Errno.EEXIST : found;
      }
    }
    if (result >= 0) return result;
    if (result !== -Errno.EEXIST) return fail(libc, -result);
  }
  return fail(libc, Errno.EEXIST);
}

/** mkstemp of the template at `template` (for tmpfile's fallback): the descriptor, or -1 with errno. */
export function createTempFile(libc: LibcProcess, template: number): number {
  return generate(libc, template, 0, 0, Kind.File);
}

function fail(libc: LibcProcess, errno: number): number {
  libc.errno = errno;
  return -1;
}

/** glibc's P_tmpdir and L_tmpnam (the size of tmpnam's buffer); FILENAME_MAX bounds tempnam's. */
const P_TMPDIR = '/tmp';
const L_TMPNAM = 20;
const FILENAME_MAX = 4096;
/** S_IFMT and S_IFDIR of st_mode, which sits at byte 24 of struct stat. */
const S_IFMT = 0o170000;
const S_IFDIR = 0o040000;
const ST_MODE = 24;

/** __path_search's direxists: `path` names a directory (following symbolic links). */
function isDirectory(libc: LibcProcess, path: string): boolean {
  const bytes = Buffer.from(path, 'latin1');
  if (bytes.length + 1 > 256) return false;
  storeBytes(libc.memory, libc.scratch, bytes, true);
  const stat = libc.scratch + 256;
  if (libc.sys(Sys.stat, libc.scratch, stat) < 0) return false;
  return (libc.memory.view.getUint32(stat + ST_MODE, true) & S_IFMT) === S_IFDIR;
}

/**
 * __path_search: the template "DIR/PFXXXXXXX" written at `to` (room for `room` bytes), or -1
 * with errno. DIR: TMPDIR when `useTmpdir` and it names a directory (not in secure mode), else
 * `dir` when it does, else P_tmpdir; trailing slashes dropped (but "/" stays "/"). PFX: at most 5
 * bytes of `prefix`, "file" when there is none.
 */
function pathSearch(
  libc: LibcProcess,
  to: number,
  room: number,
  dir: string | undefined,
  prefix: string | undefined,
  useTmpdir: boolean,
): number {
  const pfx = prefix === undefined || prefix === '' ? 'file' : prefix.slice(0, 5);
  let directory = dir;
  if (useTmpdir) {
    const tmpdir = secureMode(libc) ? undefined : environmentValue(libc, 'TMPDIR');
    if (tmpdir !== undefined && isDirectory(libc, tmpdir)) directory = tmpdir;
    else if (directory === undefined || !isDirectory(libc, directory)) directory = undefined;
  }
  if (directory === undefined) {
    if (!isDirectory(libc, P_TMPDIR)) return fail(libc, Errno.ENOENT);
    directory = P_TMPDIR;
  }
  let length = directory.length;
  while (length > 1 && directory.charCodeAt(length - 1) === 0x2f) length--;
  const template = `${directory.slice(0, length)}/${pfx}XXXXXX`;
  if (template.length + 1 > room) return fail(libc, Errno.EINVAL);
  storeBytes(libc.memory, to, Buffer.from(template, 'latin1'), true);
  return 0;
}

/** tmpnam_r's work: a free name in /tmp written at `to`; `to`, or 0 with errno. */
function freeTempName(
  libc: LibcProcess,
  to: number,
  room: number,
  dir?: string,
  prefix?: string,
  useTmpdir = false,
): number {
  if (pathSearch(libc, to, room, dir, prefix, useTmpdir) < 0) return 0;
  return generate(libc, to, 0, 0, Kind.NameOnly) < 0 ? 0 : to;
}

/** tmpnam: into the caller's buffer, or (NULL) into one static buffer shared by every call. */
function tmpnam(libc: LibcProcess, buffer: number): number {
  // glibc builds the name in a buffer of its own and copies it to the static one only on success.
  const work = libc.objectAddress('<stdio:tmpnam-work>', () => libc.data.allocate(L_TMPNAM, 1));
  const name = freeTempName(libc, buffer === 0 ? work : buffer, L_TMPNAM);
  if (name === 0 || buffer !== 0) return name;
  const shared = libc.objectAddress('<stdio:tmpnam-buffer>', () => libc.data.allocate(L_TMPNAM, 1));
  libc.memory.bytes.copyWithin(shared, work, work + L_TMPNAM);
  return shared;
}

/** tempnam: a malloc'd free name (see pathSearch for where), or 0 with errno. */
function tempnam(libc: LibcProcess, dir: number, prefix: number): number {
  const work = libc.heap.allocate(FILENAME_MAX);
  if (work === 0) {
    libc.errno = Errno.ENOMEM;
    return 0;
  }
  const dirText = dir === 0 ? undefined : cString(libc.memory, dir);
  const prefixText = prefix === 0 ? undefined : cString(libc.memory, prefix);
  const name = freeTempName(libc, work, FILENAME_MAX, dirText, prefixText, true);
  if (name === 0) {
    libc.heap.release(work);
    return 0;
  }
  // glibc returns __strdup of its stack buffer: a block just the name's size.
  const length = cStringLength(libc.memory, work);
  const copy = libc.heap.allocate(length + 1);
  if (copy !== 0) libc.memory.bytes.copyWithin(copy, work, work + length + 1);
  else libc.errno = Errno.ENOMEM;
  libc.heap.release(work);
  return copy;
}

export const TEMP_FILE_FUNCTIONS: FunctionTable = {
  tmpnam: (f, libc) => tmpnam(libc, f.ptr(0)),
  tmpnam_r: (f, libc) => (f.ptr(0) === 0 ? 0 : freeTempName(libc, f.ptr(0), L_TMPNAM)),
  tempnam: (f, libc) => tempnam(libc, f.ptr(0), f.ptr(1)),
  mkstemp: (f, libc) => generate(libc, f.ptr(0), 0, 0, Kind.File),
  mkstemp64: (f, libc) => generate(libc, f.ptr(0), 0, 0, Kind.File),
  mkstemps: (f, libc) => generate(libc, f.ptr(0), f.int(1), 0, Kind.File),
  mkstemps64: (f, libc) => generate(libc, f.ptr(0), f.int(1), 0, Kind.File),
  mkostemp: (f, libc) => generate(libc, f.ptr(0), 0, f.int(1), Kind.File),
  mkostemp64: (f, libc) => generate(libc, f.ptr(0), 0, f.int(1), Kind.File),
  mkostemps: (f, libc) => generate(libc, f.ptr(0), f.int(1), f.int(2), Kind.File),
  mkostemps64: (f, libc) => generate(libc, f.ptr(0), f.int(1), f.int(2), Kind.File),
  mkdtemp: (f, libc) => (generate(libc, f.ptr(0), 0, 0, Kind.Directory) < 0 ? 0 : f.ptr(0)),
  mktemp: (f, libc) => {
    // On failure the template becomes the empty string; the template is returned either way.
    const template = f.ptr(0);
    if (generate(libc, template, 0, 0, Kind.NameOnly) < 0) {
      checkWrite(libc.memory, template, 1);
      libc.memory.bytes[template] = 0;
    }
    return template;
  },
};
