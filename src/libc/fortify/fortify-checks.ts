// _FORTIFY_SOURCE checks that are not variants of a function another part implements:
// __explicit_bzero_chk (explicit_bzero with the object size the compiler knew) and __fdelt_chk
// (FD_SET/FD_CLR/FD_ISSET's index check), and the wide-string ones (glibc 2.36 debug/w*_chk.c:
// the destination's size in wide characters checked before the copy <wchar.h>'s function makes).
// All end the process through __libc_fatal's message and abort on a bad argument, as glibc's do.
import type { CallFrame } from '../abi/call-frame.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { checkWrite } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { WIDE_STRING_FUNCTIONS, wideLength } from '../wchar/wide-string-functions.ts';

/** FD_SETSIZE: the descriptors an fd_set holds. */
const FD_SETSIZE = 1024;
/** NFDBITS: bits per fd_mask word (a long). */
const NFDBITS = 64;

function chkFail(libc: LibcProcess): never {
  libc.fatal('*** buffer overflow detected ***: terminated\n');
}

function explicitBzeroChk(libc: LibcProcess, destination: number, length: number, objectSize: number): undefined {
  if (objectSize < length) chkFail(libc);
  checkWrite(libc.memory, destination, length);
  libc.memory.bytes.fill(0, destination, destination + length);
  return undefined;
}

/** __fdelt_chk(d): the fd_mask word index of descriptor d, which must be in [0, FD_SETSIZE). */
function fdeltChk(libc: LibcProcess, descriptor: number): number {
  if (descriptor < 0 || descriptor >= FD_SETSIZE)
    libc.fatal('*** bit out of range 0 - FD_SETSIZE on fd_set ***: terminated\n');
  return Math.floor(descriptor / NFDBITS);
}

/** <wchar.h>'s `name`, run on the same frame (its arguments come first in the _chk form). */
function wide(name: string, f: CallFrame, libc: LibcProcess): number {
  return WIDE_STRING_FUNCTIONS[name]!(f, libc) as number;
}

/** The _chk forms whose size argument bounds a count: fail when size < count. */
function boundedCount(name: string): FunctionTable[string] {
  return (f, libc) => (f.ulong(3) < f.ulong(2) ? chkFail(libc) : wide(name, f, libc));
}

export const FORTIFY_CHECK_FUNCTIONS: FunctionTable = {
  __wmemcpy_chk: boundedCount('wmemcpy'),
  __wmemmove_chk: boundedCount('wmemmove'),
  __wmempcpy_chk: boundedCount('wmempcpy'),
  __wmemset_chk: boundedCount('wmemset'),
  __wcsncpy_chk: boundedCount('wcsncpy'),
  __wcpncpy_chk: boundedCount('wcpncpy'),
  // wcscpy/wcpcpy: the source with its NUL must fit.
  __wcscpy_chk: (f, libc) =>
    wideLength(libc.memory, f.ptr(1)) + 1 > f.ulong(2) ? chkFail(libc) : wide('wcscpy', f, libc),
  __wcpcpy_chk: (f, libc) =>
    wideLength(libc.memory, f.ptr(1)) + 1 > f.ulong(2) ? chkFail(libc) : wide('wcpcpy', f, libc),
  // wcscat/wcsncat: what is there, what is appended and the NUL.
  __wcscat_chk: (f, libc) => {
    const needed = wideLength(libc.memory, f.ptr(0)) + wideLength(libc.memory, f.ptr(1)) + 1;
    return needed > f.ulong(2) ? chkFail(libc) : wide('wcscat', f, libc);
  },
  __wcsncat_chk: (f, libc) => {
    const needed = wideLength(libc.memory, f.ptr(0)) + wideLength(libc.memory, f.ptr(1), f.ulong(2)) + 1;
    return needed > f.ulong(3) ? chkFail(libc) : wide('wcsncat', f, libc);
  },
  __explicit_bzero_chk: (f, libc) => explicitBzeroChk(libc, f.ptr(0), f.ulong(1), f.ulong(2)),
  __fdelt_chk: (f, libc) => fdeltChk(libc, f.long(0)),
  __fdelt_warn: (f, libc) => fdeltChk(libc, f.long(0)),
};
