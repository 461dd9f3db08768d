// gnu_get_libc_version and gnu_get_libc_release (<gnu/libc-version.h>): Miros libc stands in for
// glibc 2.36, the version its ABI and behaviour follow, a "stable" release.
import type { FunctionTable } from '../exports/binding-types.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';

function constantString(libc: LibcProcess, text: string): number {
  return libc.objectAddress(`<libc-version:${text}>`, (owner) => {
    const bytes = Buffer.from(`${text}\0`, 'latin1');
    const at = owner.data.allocate(bytes.length, 1);
    owner.memory.bytes.set(bytes, at);
    return at;
  });
}

export const LIBC_VERSION_FUNCTIONS: FunctionTable = {
  gnu_get_libc_version: (_f, libc) => constantString(libc, '2.36'),
  gnu_get_libc_release: (_f, libc) => constantString(libc, 'stable'),
};
