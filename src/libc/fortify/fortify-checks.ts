// _FORTIFY_SOURCE checks that are not variants of a function another part implements:
// __explicit_bzero_chk (explicit_bzero with the object size the compiler knew) and __fdelt_chk
// (FD_SET/FD_CLR/FD_ISSET's index check). Both end the process through __libc_fatal's message
// and abort on a bad argument, as glibc's do.
import type { FunctionTable } from '../exports/binding-types.ts';
import { checkWrite } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';

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

export const FORTIFY_CHECK_FUNCTIONS: FunctionTable = {
  __explicit_bzero_chk: (f, libc) => explicitBzeroChk(libc, f.ptr(0), f.ulong(1), f.ulong(2)),
  __fdelt_chk: (f, libc) => fdeltChk(libc, f.long(0)),
  __fdelt_warn: (f, libc) => fdeltChk(libc, f.long(0)),
};
