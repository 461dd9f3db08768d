// CPU_ALLOC and CPU_FREE of <sched.h> call __sched_cpualloc/__sched_cpufree: a cpu_set_t sized
// for `count` CPUs (CPU_ALLOC_SIZE: whole 64-bit words, 8 bytes each) from malloc, and free.
import { Errno } from '../../kernel/errno.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';

function cpuAllocate(libc: LibcProcess, count: number): number {
  const pointer = libc.heap.allocate(Math.ceil(count / 64) * 8);
  if (pointer === 0) libc.errno = Errno.ENOMEM;
  return pointer;
}

export const CPU_SET_ALLOCATION_FUNCTIONS: FunctionTable = {
  __sched_cpualloc: (f, libc) => cpuAllocate(libc, f.ulong(0)),
  __sched_cpufree: (f, libc) => {
    libc.heap.release(f.ptr(0));
    return undefined;
  },
};
