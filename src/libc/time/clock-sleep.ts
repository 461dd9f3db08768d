// clock_nanosleep as glibc 2.36's (sysdeps/unix/sysv/linux/clock_nanosleep.c): the error number
// returned, errno left alone; CLOCK_THREAD_CPUTIME_ID is EINVAL, CLOCK_PROCESS_CPUTIME_ID becomes
// the process's CPU clock (MAKE_PROCESS_CPUCLOCK(0, CPUCLOCK_SCHED)); the wait is the kernel's
// (TIMER_ABSTIME, the remaining time on EINTR), made from guest code so that other threads run
// and a signal's handler interrupts it; a cancellation point, as glibc's.
import type { HostGenerator } from '../abi/host-region.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { cancellableSyscallFromGenerator } from '../pthread/cancel-cleanup.ts';
import { Sys } from '../runtime/kernel-call.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';

const CLOCK_PROCESS_CPUTIME_ID = 2;
const CLOCK_THREAD_CPUTIME_ID = 3;
const EINVAL = 22;
/** MAKE_PROCESS_CPUCLOCK(0, CPUCLOCK_SCHED): (~0 << 3) | 2. */
const PROCESS_CPU_CLOCK = -6;

function* clockNanosleep(
  libc: LibcProcess,
  clock: number,
  flags: number,
  request: number,
  remain: number,
): HostGenerator {
  if (clock === CLOCK_THREAD_CPUTIME_ID) return EINVAL;
  const id = clock === CLOCK_PROCESS_CPUTIME_ID ? PROCESS_CPU_CLOCK : clock;
  const result = yield* cancellableSyscallFromGenerator(
    libc,
    [Sys.clock_nanosleep, id, flags, request, remain],
    'clock_nanosleep',
  );
  return result < 0 ? -result : 0;
}

export const CLOCK_SLEEP_FUNCTIONS: FunctionTable = {
  clock_nanosleep: (f, libc) => clockNanosleep(libc, f.int(0), f.int(1), f.ptr(2), f.ptr(3)),
};
