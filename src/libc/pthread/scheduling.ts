// pthread_setschedparam/pthread_getschedparam and pthread_setaffinity_np/pthread_getaffinity_np,
// as glibc 2.36's nptl: the thread's kernel id takes the sched_setscheduler/sched_getparam/
// sched_getscheduler and sched_setaffinity/sched_getaffinity calls, and the result is the error
// number (0 on success), never errno. A thread that has ended (its tid is gone) is ESRCH.
// glibc keeps the policy and parameter it last set in the thread descriptor and answers from
// there afterwards (the kernel is asked only before the first set); Miros keeps them per
// pthread_t on the host.
import { Errno } from '../../kernel/errno.ts';
import type { FunctionTable, LibcFunction } from '../exports/binding-types.ts';
import { checkRead, checkWrite } from '../runtime/guest-access.ts';
import { Sys } from '../runtime/kernel-call.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { copyForChild, ProcessState } from '../runtime/process-states.ts';
import { pthreadState } from './thread-registry.ts';

/** What pthread_setschedparam stored for a thread (glibc's pd->schedpolicy and pd->schedparam). */
interface Scheduling {
  policy: number;
  priority: number;
}

const knownScheduling = new ProcessState<Map<number, Scheduling>>(
  'pthread/scheduling knownScheduling',
  copyForChild,
  () => new Map(),
);

/** The kernel id of pthread_t `descriptor`, or undefined when the thread has ended (INVALID_TD_P). */
function tidOf(libc: LibcProcess, descriptor: number): number | undefined {
  const record = pthreadState(libc).find(descriptor);
  if (record === undefined || record.thread === undefined || record.exited) return undefined;
  return record.tid;
}

function setSchedParam(libc: LibcProcess, descriptor: number, policy: number, param: number): number {
  const tid = tidOf(libc, descriptor);
  if (tid === undefined) return Errno.ESRCH;
  const result = libc.sys(Sys.sched_setscheduler, tid, policy, param);
  if (result < 0) return -result;
  checkRead(libc.memory, param, 4);
  knownScheduling.of(libc).set(descriptor, { policy, priority: libc.memory.view.getInt32(param, true) });
  return 0;
}

function getSchedParam(libc: LibcProcess, descriptor: number, policyAt: number, param: number): number {
  const tid = tidOf(libc, descriptor);
  if (tid === undefined) return Errno.ESRCH;
  const view = libc.memory.view;
  let known = knownScheduling.of(libc).get(descriptor);
  if (known === undefined) {
    const scratch = libc.heap.allocate(4);
    const got = libc.sys(Sys.sched_getparam, tid, scratch);
    const priority = view.getInt32(scratch, true);
    libc.heap.release(scratch);
    const policy = libc.sys(Sys.sched_getscheduler, tid);
    // glibc answers 1 when the kernel refused either question.
    if (got < 0 || policy < 0) return 1;
    known = { policy, priority };
    knownScheduling.of(libc).set(descriptor, known);
  }
  checkWrite(libc.memory, policyAt, 4);
  checkWrite(libc.memory, param, 4);
  view.setInt32(policyAt, known.policy, true);
  view.setInt32(param, known.priority, true);
  return 0;
}

function setAffinity(libc: LibcProcess, descriptor: number, size: number, mask: number): number {
  const tid = tidOf(libc, descriptor);
  if (tid === undefined) return Errno.ESRCH;
  const result = libc.sys(Sys.sched_setaffinity, tid, size, mask);
  return result < 0 ? -result : 0;
}

/** The kernel fills whole longs of the mask; glibc zeroes the rest of the caller's set. */
function getAffinity(libc: LibcProcess, descriptor: number, size: number, mask: number): number {
  const tid = tidOf(libc, descriptor);
  if (tid === undefined) return Errno.ESRCH;
  const written = libc.sys(Sys.sched_getaffinity, tid, size, mask);
  if (written < 0) return -written;
  checkWrite(libc.memory, mask + written, size - written);
  libc.memory.bytes.fill(0, mask + written, mask + size);
  return 0;
}

export const SCHEDULING_FUNCTIONS: FunctionTable = {
  pthread_setschedparam: (f, libc) => setSchedParam(libc, f.ptr(0), f.int(1), f.ptr(2)),
  pthread_getschedparam: (f, libc) => getSchedParam(libc, f.ptr(0), f.ptr(1), f.ptr(2)),
  pthread_setaffinity_np: (f, libc) => setAffinity(libc, f.ptr(0), f.ulong(1), f.ptr(2)),
  pthread_getaffinity_np: (f, libc) => getAffinity(libc, f.ptr(0), f.ulong(1), f.ptr(2)),
};

/** The GLIBC_2.3.3 forms had no size argument: the set is a cpu_set_t (128 bytes), as glibc's compatibility wrappers pass. */
const CPU_SET_SIZE = 128;

export const AFFINITY_OLD_VERSIONS: Readonly<Record<string, LibcFunction>> = {
  'pthread_setaffinity_np@GLIBC_2.3.3': (f, libc) => setAffinity(libc, f.ptr(0), CPU_SET_SIZE, f.ptr(1)),
  'pthread_getaffinity_np@GLIBC_2.3.3': (f, libc) => getAffinity(libc, f.ptr(0), CPU_SET_SIZE, f.ptr(1)),
};
