// ctermid (glibc 2.36's sysdeps/posix/ctermid.c): the name of the controlling terminal is always
// "/dev/tty", copied into the caller's buffer (at least L_ctermid = 9 bytes) or into one static
// buffer of libc's when the argument is NULL.
import type { FunctionTable } from '../exports/binding-types.ts';
import { checkWrite } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';

const NAME = Buffer.from('/dev/tty\0', 'latin1');

function ctermid(libc: LibcProcess, buffer: number): number {
  const target =
    buffer !== 0 ? buffer : libc.objectAddress('<ctermid buffer>', (owner) => owner.data.allocate(NAME.length, 1));
  checkWrite(libc.memory, target, NAME.length);
  libc.memory.bytes.set(NAME, target);
  return target;
}

export const CTERMID_FUNCTIONS: FunctionTable = {
  ctermid: (f, libc) => ctermid(libc, f.ptr(0)),
};
