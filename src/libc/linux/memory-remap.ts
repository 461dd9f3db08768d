// mremap (sys/mman.h, glibc 2.36): the system call; the fifth argument, the new address, is read
// only with MREMAP_FIXED (glibc's wrapper is variadic and passes NULL otherwise). MAP_FAILED (-1)
// and errno on failure.
import type { FunctionTable } from '../exports/binding-types.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';

/** mremap's system-call number (x86-64). */
const SYS_MREMAP = 25;
const MREMAP_FIXED = 2;

function mremap(
  libc: LibcProcess,
  address: number,
  oldSize: number,
  newSize: number,
  flags: number,
  fixed: number,
): number {
  const target = (flags & MREMAP_FIXED) !== 0 ? fixed : 0;
  return libc.sysResult(libc.sys(SYS_MREMAP, address, oldSize, newSize, flags, target));
}

export const MEMORY_REMAP_FUNCTIONS: FunctionTable = {
  mremap: (f, libc) => mremap(libc, f.ptr(0), f.ulong(1), f.ulong(2), f.int(3), f.ptr(4)),
};
