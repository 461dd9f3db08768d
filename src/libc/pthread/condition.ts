// pthread_cond_*: condition variables, with timed waits on CLOCK_REALTIME or, through
// pthread_condattr_setclock, CLOCK_MONOTONIC, and pthread_cond_clockwait. pthread_cond_t is
// glibc's 48 bytes (PTHREAD_COND_INITIALIZER all zero); Miros uses:
//   0  a sequence word, bumped by each signal/broadcast that finds waiters: the futex waited on
//   36 (glibc's __wrefs) bit 0: the clock is CLOCK_MONOTONIC
// Waiting reads the sequence, unlocks the mutex and parks in one uninterrupted host step, so no
// wake-up can fall between them. pthread_cond_wait and timedwait are cancellation points: the
// mutex is locked again before the thread ends, as in glibc.
import { ClockId } from '../../kernel/abi/flags.ts';
import { Errno } from '../../kernel/errno.ts';
import type { HostGenerator } from '../abi/host-region.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { actOnCancel } from './cancel-cleanup.ts';
import { lockMutex, unlockMutex } from './mutex.ts';
import { pthreadState } from './thread-registry.ts';
import { deadlineOf, INVALID_TIMEOUT, isWaitClock } from './timeouts.ts';
import { CANCELED, futexWait, futexWake, hasWaiters } from './waiting.ts';

const SEQUENCE = 0;
const FLAGS = 36;
const FLAG_MONOTONIC = 1;
const COND_SIZE = 48;
// pthread_condattr_t (an int): bit 0 process-shared, the clock id from bit 1.
const CONDATTR_PSHARED = 1;

function* waitCondition(
  libc: LibcProcess,
  cond: number,
  mutex: number,
  abstime: number,
  clock: number | undefined,
): HostGenerator {
  const memory = libc.memory;
  let deadline = Number.POSITIVE_INFINITY;
  if (abstime !== 0) {
    const onClock = clock ?? ((memory.read32(cond + FLAGS) & FLAG_MONOTONIC) !== 0 ? ClockId.MONOTONIC : 0);
    deadline = deadlineOf(memory, abstime, onClock);
    if (deadline === INVALID_TIMEOUT) return Errno.EINVAL;
  }
  const record = pthreadState(libc).current();
  const cancel = pthreadState(libc).cancelCheck(record);
  const sequence = memory.read32(cond + SEQUENCE) >>> 0;
  const unlocked = unlockMutex(libc, mutex);
  if (unlocked !== 0) return unlocked;
  const woken = yield futexWait(libc.thread, cond + SEQUENCE, sequence, deadline, cancel);
  const relocked = yield* lockMutex(libc, mutex);
  if (woken === CANCELED) return yield* actOnCancel(libc);
  if (relocked !== 0) return relocked;
  return woken === -Errno.ETIMEDOUT ? Errno.ETIMEDOUT : 0;
}

function signalCondition(libc: LibcProcess, cond: number, count: number): number {
  const address = cond + SEQUENCE;
  if (!hasWaiters(libc.thread, address)) return 0;
  libc.memory.write32(address, (libc.memory.read32(address) + 1) | 0);
  futexWake(libc.thread, address, count);
  return 0;
}

function initCondition(libc: LibcProcess, cond: number, attr: number): number {
  const memory = libc.memory;
  memory.bytes.fill(0, cond, cond + COND_SIZE);
  if (attr !== 0 && memory.read32(attr) >>> 1 === ClockId.MONOTONIC) memory.write32(cond + FLAGS, FLAG_MONOTONIC);
  return 0;
}

export const CONDITION_FUNCTIONS: FunctionTable = {
  pthread_cond_init: (f, libc) => initCondition(libc, f.ptr(0), f.ptr(1)),
  pthread_cond_destroy: () => 0,
  pthread_cond_wait: (f, libc) => waitCondition(libc, f.ptr(0), f.ptr(1), 0, undefined),
  pthread_cond_timedwait: (f, libc) => waitCondition(libc, f.ptr(0), f.ptr(1), f.ptr(2), undefined),
  pthread_cond_clockwait: (f, libc) => {
    const clock = f.int(2);
    if (!isWaitClock(clock)) return Errno.EINVAL;
    return waitCondition(libc, f.ptr(0), f.ptr(1), f.ptr(3), clock);
  },
  pthread_cond_signal: (f, libc) => signalCondition(libc, f.ptr(0), 1),
  pthread_cond_broadcast: (f, libc) => signalCondition(libc, f.ptr(0), 0x7fffffff),
  pthread_condattr_init: (f, libc) => {
    libc.memory.write32(f.ptr(0), 0);
    return 0;
  },
  pthread_condattr_destroy: () => 0,
  pthread_condattr_setclock: (f, libc) => {
    const clock = f.int(1);
    if (!isWaitClock(clock)) return Errno.EINVAL;
    const attr = f.ptr(0);
    libc.memory.write32(attr, (libc.memory.read32(attr) & CONDATTR_PSHARED) | (clock << 1));
    return 0;
  },
  pthread_condattr_getclock: (f, libc) => {
    libc.memory.write32(f.ptr(1), libc.memory.read32(f.ptr(0)) >>> 1);
    return 0;
  },
  pthread_condattr_setpshared: (f, libc) => {
    const value = f.int(1);
    if (value !== 0 && value !== 1) return Errno.EINVAL;
    const attr = f.ptr(0);
    libc.memory.write32(attr, (libc.memory.read32(attr) & ~CONDATTR_PSHARED) | value);
    return 0;
  },
  pthread_condattr_getpshared: (f, libc) => {
    libc.memory.write32(f.ptr(1), libc.memory.read32(f.ptr(0)) & CONDATTR_PSHARED);
    return 0;
  },
};
