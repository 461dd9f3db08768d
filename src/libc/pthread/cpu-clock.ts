// pthread_getcpuclockid as glibc 2.36's: the thread's CPU-time clock id computed from its tid
// (MAKE_THREAD_CPUCLOCK(tid, CPUCLOCK_SCHED): ~tid << 3 | CPUCLOCK_PERTHREAD_MASK | CPUCLOCK_SCHED),
// ESRCH for a thread that has ended (glibc's INVALID_TD_P: its tid is 0 then).
import type { FunctionTable } from '../exports/binding-types.ts';
import { checkWrite } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { pthreadState } from './thread-registry.ts';

const ESRCH = 3;
const CPUCLOCK_PERTHREAD_MASK = 4;
const CPUCLOCK_SCHED = 2;

function cpuClockId(libc: LibcProcess, descriptor: number, clock: number): number {
  // A thread that has ended has tid 0 in glibc's descriptor (the kernel clears it).
  const record = pthreadState(libc).find(descriptor);
  if (record === undefined || record.thread === undefined) return ESRCH;
  const tid = record.tid;
  checkWrite(libc.memory, clock, 4);
  libc.memory.view.setInt32(clock, (~tid << 3) | CPUCLOCK_PERTHREAD_MASK | CPUCLOCK_SCHED, true);
  return 0;
}

export const CPU_CLOCK_FUNCTIONS: FunctionTable = {
  pthread_getcpuclockid: (f, libc) => cpuClockId(libc, f.ptr(0), f.ptr(1)),
};
