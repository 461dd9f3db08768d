// closefrom (glibc 2.36's io/closefrom.c): every descriptor from max(lowfd, 0) up is closed with
// close_range; glibc falls back to closing what /proc/self/fd lists when close_range fails, and
// ends the process ("closefrom failed to close a file descriptor") when that fails too. Miros's
// kernel has close_range, whose only failure here would be a bug: it ends the process the same way.
import type { FunctionTable } from '../exports/binding-types.ts';
import { Sys } from '../runtime/kernel-call.ts';

export const CLOSEFROM_FUNCTIONS: FunctionTable = {
  closefrom: (f, libc) => {
    const low = Math.max(0, f.int(0));
    if (libc.sys(Sys.close_range, low, 0xffffffff, 0) !== 0)
      libc.fatal('*** closefrom failed to close a file descriptor ***: terminated\n');
    return undefined;
  },
};
