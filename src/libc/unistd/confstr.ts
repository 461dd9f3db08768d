// confstr (glibc 2.36's posix/confstr.c for x86-64 Linux): the configuration strings, as this
// machine's glibc answers every name (recorded natively: names 0-5, 1000-1007 and 1100-1149 are
// known, all but the ones listed here being empty strings). The result is the string's size with
// its NUL; the caller's buffer gets as much as fits, always terminated; an unknown name is EINVAL
// and 0.
import { Errno } from '../../kernel/errno.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { checkWrite } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';

const NON_EMPTY: ReadonlyMap<number, string> = new Map([
  [0, '/bin:/usr/bin'], // _CS_PATH
  [1, 'POSIX_V6_LP64_OFF64'], // _CS_V6_WIDTH_RESTRICTED_ENVS
  [2, 'glibc 2.36'], // _CS_GNU_LIBC_VERSION
  [3, 'NPTL 2.36'], // _CS_GNU_LIBPTHREAD_VERSION
  [4, 'XBS5_LP64_OFF64'], // _CS_V5_WIDTH_RESTRICTED_ENVS
  [5, 'POSIX_V7_LP64_OFF64'], // _CS_V7_WIDTH_RESTRICTED_ENVS
  [1004, '-D_LARGEFILE64_SOURCE'], // _CS_LFS64_CFLAGS
  [1007, '-D_LARGEFILE64_SOURCE'], // _CS_LFS64_LINTFLAGS
  [1108, '-m64'], // _CS_XBS5_LP64_OFF64_CFLAGS
  [1109, '-m64'], // _CS_XBS5_LP64_OFF64_LDFLAGS
  [1124, '-m64'], // _CS_POSIX_V6_LP64_OFF64_CFLAGS
  [1125, '-m64'], // _CS_POSIX_V6_LP64_OFF64_LDFLAGS
  [1140, '-m64'], // _CS_POSIX_V7_LP64_OFF64_CFLAGS
  [1141, '-m64'], // _CS_POSIX_V7_LP64_OFF64_LDFLAGS
  [1148, 'POSIXLY_CORRECT=1'], // _CS_V6_ENV
  [1149, 'POSIXLY_CORRECT=1'], // _CS_V7_ENV
]);

function known(name: number): boolean {
  return (name >= 0 && name <= 5) || (name >= 1000 && name <= 1007) || (name >= 1100 && name <= 1149);
}

function confstr(libc: LibcProcess, name: number, buffer: number, length: number): number {
  if (!known(name)) {
    libc.errno = Errno.EINVAL;
    return 0;
  }
  const text = Buffer.from(`${NON_EMPTY.get(name) ?? ''}\0`, 'latin1');
  if (length > 0 && buffer !== 0) {
    const copied = Math.min(text.length, length);
    checkWrite(libc.memory, buffer, copied);
    libc.memory.bytes.set(text.subarray(0, copied), buffer);
    libc.memory.bytes[buffer + copied - 1] = 0;
  }
  return text.length;
}

export const CONFSTR_FUNCTIONS: FunctionTable = {
  confstr: (f, libc) => confstr(libc, f.int(0), f.ptr(1), f.ulong(2)),
  __confstr_chk: (f, libc) => {
    if (f.ulong(3) < f.ulong(2)) libc.fatal('*** buffer overflow detected ***: terminated\n');
    return confstr(libc, f.int(0), f.ptr(1), f.ulong(2));
  },
};
