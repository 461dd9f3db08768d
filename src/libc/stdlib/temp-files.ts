// Temporary names, files and directories: mkstemp, mkstemps, mkostemp, mkostemps (and their 64
// aliases), mkdtemp and mktemp — glibc's __gen_tempname: the six X's before the suffix become
// letters and digits, and the file (mode 0600, O_EXCL) or directory (0700) is created, or for
// mktemp the name is checked to be free; a name already taken is retried with new letters, up to
// glibc's TMP_MAX (62^3) times, then EEXIST. A template without six X's there is EINVAL and is
// left as it was.
import { randomInt } from 'node:crypto';
import { Errno } from '../../kernel/errno.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { checkWrite, cStringLength } from '../runtime/guest-access.ts';
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

export const TEMP_FILE_FUNCTIONS: FunctionTable = {
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
