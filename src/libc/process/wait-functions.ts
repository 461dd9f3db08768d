// The wait family as glibc 2.36 wraps it: wait, waitpid and wait3 are wait4 with the missing
// arguments filled in (pid -1: any child; no options; no rusage), waitid passes no rusage. What
// the kernel says about children (ECHILD while the process has none) comes back as -1 and errno.
import type { FunctionTable } from '../exports/binding-types.ts';
import { cancellableSyscall } from '../pthread/cancel-cleanup.ts';
import { Sys } from '../runtime/kernel-call.ts';

const ANY_CHILD = -1;

// The calls are made from guest code (tailSyscall): a wait for a child switches the thread out
// while the child (another process of the system) runs, and a signal's handler runs as it would
// natively, interrupting the wait with EINTR.
export const WAIT_FUNCTIONS: FunctionTable = {
  wait: (f, libc) => cancellableSyscall(f, libc, Sys.wait4, ANY_CHILD, f.ptr(0), 0, 0),
  waitpid: (f, libc) => cancellableSyscall(f, libc, Sys.wait4, f.int(0), f.ptr(1), f.int(2), 0),
  __waitpid: (f, libc) => cancellableSyscall(f, libc, Sys.wait4, f.int(0), f.ptr(1), f.int(2), 0),
  wait3: (f, libc) => cancellableSyscall(f, libc, Sys.wait4, ANY_CHILD, f.ptr(0), f.int(1), f.ptr(2)),
  wait4: (f, libc) => cancellableSyscall(f, libc, Sys.wait4, f.int(0), f.ptr(1), f.int(2), f.ptr(3)),
  waitid: (f, libc) => cancellableSyscall(f, libc, Sys.waitid, f.int(0), f.uint(1), f.ptr(2), f.int(3), 0),
};
