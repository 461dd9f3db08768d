// getdtablesize: the soft limit on open descriptors (RLIMIT_NOFILE's rlim_cur) as an int, as
// glibc 2.36 returns it (RLIM_INFINITY truncates to -1); glibc's OPEN_MAX (256) if getrlimit fails.
import type { FunctionTable } from '../exports/binding-types.ts';
import { Sys } from '../runtime/kernel-call.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';

const RLIMIT_NOFILE = 7;
const FALLBACK_OPEN_MAX = 256;

function getdtablesize(libc: LibcProcess): number {
  const limit = libc.scratch;
  if (libc.sys(Sys.getrlimit, RLIMIT_NOFILE, limit) < 0) return FALLBACK_OPEN_MAX;
  return libc.memory.read32(limit) | 0;
}

export const DESCRIPTOR_TABLE_SIZE_FUNCTIONS: FunctionTable = {
  getdtablesize: (_f, libc) => getdtablesize(libc),
};
