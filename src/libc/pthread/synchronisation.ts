// The other synchronisation objects: reader-writer locks, spinlocks, barriers, POSIX unnamed
// semaphores and pthread_once, laid out in glibc 2.36's sizes with all-zero static
// initialisers (PTHREAD_RWLOCK_INITIALIZER, PTHREAD_ONCE_INIT, a zero spinlock). Each parks
// waiting threads on a futex word (./waiting.ts).
import { Errno } from '../../kernel/errno.ts';
import { guestCall, type HostGenerator } from '../abi/host-region.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { actOnCancel } from './cancel-cleanup.ts';
import { pthreadState } from './thread-registry.ts';
import { deadlineOf, INVALID_TIMEOUT, isWaitClock } from './timeouts.ts';
import { CANCELED, futexWait, futexWake, hasWaiters } from './waiting.ts';

const ALL = 0x7fffffff;
const FOREVER = Number.POSITIVE_INFINITY;

function u32(libc: LibcProcess, address: number): number {
  return libc.memory.read32(address) >>> 0;
}

function put(libc: LibcProcess, address: number, value: number): void {
  libc.memory.write32(address, value);
}

/** A timeout argument as a deadline: Infinity without one, INVALID_TIMEOUT for a bad clock or timespec. */
function deadlineFor(libc: LibcProcess, abstime: number, clock: number): number {
  if (abstime === 0) return FOREVER;
  if (!isWaitClock(clock)) return INVALID_TIMEOUT;
  return deadlineOf(libc.memory, abstime, clock);
}

// ---- reader-writer locks (56 bytes) ----
//   0 readers holding it   4 writers waiting   8 a sequence word bumped at each unlock (futex)
//   24 the writer holding it (tid)   48 the kind (PTHREAD_RWLOCK_PREFER_*)
const RW_READERS = 0;
const RW_WRITERS_WAITING = 4;
const RW_SEQUENCE = 8;
const RW_WRITER = 24;
const RW_KIND = 48;
const RW_SIZE = 56;
/** Only this kind prefers writers; PREFER_WRITER_NP behaves as PREFER_READER_NP in glibc. */
const PREFER_WRITER_NONRECURSIVE = 2;

function* readLock(libc: LibcProcess, lock: number, deadline: number, trying: boolean): HostGenerator {
  const tid = pthreadState(libc).current().tid;
  for (;;) {
    const writer = u32(libc, lock + RW_WRITER);
    if (writer === tid) return trying ? Errno.EBUSY : Errno.EDEADLK;
    const writersFirst =
      u32(libc, lock + RW_KIND) === PREFER_WRITER_NONRECURSIVE && u32(libc, lock + RW_WRITERS_WAITING) > 0;
    if (writer === 0 && !writersFirst) {
      const readers = u32(libc, lock + RW_READERS);
      if (readers >= 0x7fffffff) return Errno.EAGAIN;
      put(libc, lock + RW_READERS, readers + 1);
      return 0;
    }
    if (trying) return Errno.EBUSY;
    if (deadline === INVALID_TIMEOUT) return Errno.EINVAL;
    const woken = yield futexWait(libc.thread, lock + RW_SEQUENCE, u32(libc, lock + RW_SEQUENCE), deadline);
    if (woken === -Errno.ETIMEDOUT) return Errno.ETIMEDOUT;
  }
}

function* writeLock(libc: LibcProcess, lock: number, deadline: number, trying: boolean): HostGenerator {
  const tid = pthreadState(libc).current().tid;
  for (;;) {
    const writer = u32(libc, lock + RW_WRITER);
    if (writer === tid) return trying ? Errno.EBUSY : Errno.EDEADLK;
    if (writer === 0 && u32(libc, lock + RW_READERS) === 0) {
      put(libc, lock + RW_WRITER, tid);
      return 0;
    }
    if (trying) return Errno.EBUSY;
    if (deadline === INVALID_TIMEOUT) return Errno.EINVAL;
    put(libc, lock + RW_WRITERS_WAITING, u32(libc, lock + RW_WRITERS_WAITING) + 1);
    const woken = yield futexWait(libc.thread, lock + RW_SEQUENCE, u32(libc, lock + RW_SEQUENCE), deadline);
    put(libc, lock + RW_WRITERS_WAITING, u32(libc, lock + RW_WRITERS_WAITING) - 1);
    if (woken === -Errno.ETIMEDOUT) return Errno.ETIMEDOUT;
  }
}

function unlockRw(libc: LibcProcess, lock: number): number {
  const tid = pthreadState(libc).current().tid;
  if (u32(libc, lock + RW_WRITER) === tid) put(libc, lock + RW_WRITER, 0);
  else {
    const readers = u32(libc, lock + RW_READERS);
    if (readers === 0) return Errno.EPERM;
    put(libc, lock + RW_READERS, readers - 1);
    if (readers > 1) return 0;
  }
  const sequence = lock + RW_SEQUENCE;
  if (hasWaiters(libc.thread, sequence)) {
    put(libc, sequence, u32(libc, sequence) + 1);
    futexWake(libc.thread, sequence, ALL);
  }
  return 0;
}

// ---- spinlocks (an int: 0 free, 1 held) ----

function* spinLock(libc: LibcProcess, lock: number): HostGenerator {
  // The holder is another guest thread, which runs only when this one stops: waiting on the word
  // is what spinning comes to under a one-at-a-time scheduler.
  while (u32(libc, lock) !== 0) yield futexWait(libc.thread, lock, u32(libc, lock));
  put(libc, lock, 1);
  return 0;
}

function spinUnlock(libc: LibcProcess, lock: number): number {
  put(libc, lock, 0);
  if (hasWaiters(libc.thread, lock)) futexWake(libc.thread, lock, 1);
  return 0;
}

// ---- barriers (32 bytes): 0 arrived in this round, 4 round (futex), 8 count ----
const BARRIER_ARRIVED = 0;
const BARRIER_ROUND = 4;
const BARRIER_COUNT = 8;
/** PTHREAD_BARRIER_SERIAL_THREAD: returned to one thread per round (the last to arrive, as glibc). */
const BARRIER_SERIAL_THREAD = -1;

function barrierInit(libc: LibcProcess, barrier: number, count: number): number {
  if (count === 0 || count >= 0x7fffffff) return Errno.EINVAL;
  libc.memory.bytes.fill(0, barrier, barrier + 32);
  put(libc, barrier + BARRIER_COUNT, count);
  return 0;
}

function* barrierWait(libc: LibcProcess, barrier: number): HostGenerator {
  const arrived = u32(libc, barrier + BARRIER_ARRIVED) + 1;
  const round = u32(libc, barrier + BARRIER_ROUND);
  if (arrived >= u32(libc, barrier + BARRIER_COUNT)) {
    put(libc, barrier + BARRIER_ARRIVED, 0);
    put(libc, barrier + BARRIER_ROUND, round + 1);
    futexWake(libc.thread, barrier + BARRIER_ROUND, ALL);
    return BARRIER_SERIAL_THREAD;
  }
  put(libc, barrier + BARRIER_ARRIVED, arrived);
  while (u32(libc, barrier + BARRIER_ROUND) === round) yield futexWait(libc.thread, barrier + BARRIER_ROUND, round);
  return 0;
}

// ---- semaphores (sem_t, 32 bytes): 0 value, 4 waiters ----
const SEM_VALUE = 0;
const SEM_WAITERS = 4;
const SEM_VALUE_MAX = 0x7fffffff;

function* semWait(libc: LibcProcess, sem: number, abstime: number, clock: number, trying: boolean): HostGenerator {
  const state = pthreadState(libc);
  const cancel = state.cancelCheck(state.current());
  if (!trying && cancel()) return yield* actOnCancel(libc);
  let deadline = FOREVER;
  for (;;) {
    const value = u32(libc, sem + SEM_VALUE);
    if (value > 0) {
      put(libc, sem + SEM_VALUE, value - 1);
      return 0;
    }
    if (trying) return libc.sysResult(-Errno.EAGAIN);
    // The timeout is checked only when the caller has to wait (glibc).
    if (abstime !== 0 && deadline === FOREVER) {
      deadline = deadlineFor(libc, abstime, clock);
      if (deadline === INVALID_TIMEOUT) return libc.sysResult(-Errno.EINVAL);
    }
    put(libc, sem + SEM_WAITERS, u32(libc, sem + SEM_WAITERS) + 1);
    const woken = yield futexWait(libc.thread, sem + SEM_VALUE, 0, deadline, cancel);
    put(libc, sem + SEM_WAITERS, u32(libc, sem + SEM_WAITERS) - 1);
    if (woken === CANCELED) return yield* actOnCancel(libc);
    if (woken === -Errno.ETIMEDOUT) return libc.sysResult(-Errno.ETIMEDOUT);
  }
}

function semPost(libc: LibcProcess, sem: number): number {
  const value = u32(libc, sem + SEM_VALUE);
  if (value >= SEM_VALUE_MAX) return libc.sysResult(-Errno.EOVERFLOW);
  put(libc, sem + SEM_VALUE, value + 1);
  if (hasWaiters(libc.thread, sem + SEM_VALUE)) futexWake(libc.thread, sem + SEM_VALUE, 1);
  return 0;
}

function semInit(libc: LibcProcess, sem: number, value: number): number {
  if (value > SEM_VALUE_MAX) return libc.sysResult(-Errno.EINVAL);
  libc.memory.bytes.fill(0, sem, sem + 32);
  put(libc, sem + SEM_VALUE, value);
  return 0;
}

// ---- pthread_once (an int): 0 not run, 1 running, 2 done ----
const ONCE_RUNNING = 1;
const ONCE_DONE = 2;

function* once(libc: LibcProcess, control: number, routine: number): HostGenerator {
  for (;;) {
    const state = u32(libc, control);
    if (state === ONCE_DONE) return 0;
    if (state === ONCE_RUNNING) {
      yield futexWait(libc.thread, control, ONCE_RUNNING);
      continue;
    }
    put(libc, control, ONCE_RUNNING);
    yield guestCall(routine, [], 'pthread_once routine');
    put(libc, control, ONCE_DONE);
    futexWake(libc.thread, control, ALL);
    return 0;
  }
}

export const SYNCHRONISATION_FUNCTIONS: FunctionTable = {
  pthread_rwlock_init: (f, libc) => {
    const lock = f.ptr(0);
    libc.memory.bytes.fill(0, lock, lock + RW_SIZE);
    if (f.ptr(1) !== 0) put(libc, lock + RW_KIND, u32(libc, f.ptr(1)));
    return 0;
  },
  pthread_rwlock_destroy: () => 0,
  pthread_rwlock_rdlock: (f, libc) => readLock(libc, f.ptr(0), FOREVER, false),
  pthread_rwlock_tryrdlock: (f, libc) => readLock(libc, f.ptr(0), FOREVER, true),
  pthread_rwlock_timedrdlock: (f, libc) => readLock(libc, f.ptr(0), deadlineFor(libc, f.ptr(1), 0), false),
  pthread_rwlock_clockrdlock: (f, libc) => readLock(libc, f.ptr(0), deadlineFor(libc, f.ptr(2), f.int(1)), false),
  pthread_rwlock_wrlock: (f, libc) => writeLock(libc, f.ptr(0), FOREVER, false),
  pthread_rwlock_trywrlock: (f, libc) => writeLock(libc, f.ptr(0), FOREVER, true),
  pthread_rwlock_timedwrlock: (f, libc) => writeLock(libc, f.ptr(0), deadlineFor(libc, f.ptr(1), 0), false),
  pthread_rwlock_clockwrlock: (f, libc) => writeLock(libc, f.ptr(0), deadlineFor(libc, f.ptr(2), f.int(1)), false),
  pthread_rwlock_unlock: (f, libc) => unlockRw(libc, f.ptr(0)),
  // pthread_rwlockattr_t: 0 the kind, 4 process-shared.
  pthread_rwlockattr_init: (f, libc) => {
    libc.memory.bytes.fill(0, f.ptr(0), f.ptr(0) + 8);
    return 0;
  },
  pthread_rwlockattr_destroy: () => 0,
  pthread_rwlockattr_setkind_np: (f, libc) => {
    const kind = f.int(1);
    if (kind < 0 || kind > PREFER_WRITER_NONRECURSIVE) return Errno.EINVAL;
    put(libc, f.ptr(0), kind);
    return 0;
  },
  pthread_rwlockattr_getkind_np: (f, libc) => {
    put(libc, f.ptr(1), u32(libc, f.ptr(0)));
    return 0;
  },
  pthread_rwlockattr_setpshared: (f, libc) => {
    const value = f.int(1);
    if (value !== 0 && value !== 1) return Errno.EINVAL;
    put(libc, f.ptr(0) + 4, value);
    return 0;
  },
  pthread_rwlockattr_getpshared: (f, libc) => {
    put(libc, f.ptr(1), u32(libc, f.ptr(0) + 4));
    return 0;
  },
  pthread_spin_init: (f, libc) => {
    put(libc, f.ptr(0), 0);
    return 0;
  },
  pthread_spin_destroy: () => 0,
  pthread_spin_lock: (f, libc) => spinLock(libc, f.ptr(0)),
  pthread_spin_trylock: (f, libc) => {
    if (u32(libc, f.ptr(0)) !== 0) return Errno.EBUSY;
    put(libc, f.ptr(0), 1);
    return 0;
  },
  pthread_spin_unlock: (f, libc) => spinUnlock(libc, f.ptr(0)),
  pthread_barrier_init: (f, libc) => barrierInit(libc, f.ptr(0), f.uint(2)),
  pthread_barrier_destroy: () => 0,
  pthread_barrier_wait: (f, libc) => barrierWait(libc, f.ptr(0)),
  pthread_barrierattr_init: (f, libc) => {
    put(libc, f.ptr(0), 0);
    return 0;
  },
  pthread_barrierattr_destroy: () => 0,
  pthread_barrierattr_setpshared: (f, libc) => {
    const value = f.int(1);
    if (value !== 0 && value !== 1) return Errno.EINVAL;
    put(libc, f.ptr(0), value);
    return 0;
  },
  pthread_barrierattr_getpshared: (f, libc) => {
    put(libc, f.ptr(1), u32(libc, f.ptr(0)));
    return 0;
  },
  sem_init: (f, libc) => semInit(libc, f.ptr(0), f.uint(2)),
  sem_destroy: () => 0,
  sem_wait: (f, libc) => semWait(libc, f.ptr(0), 0, 0, false),
  sem_trywait: (f, libc) => semWait(libc, f.ptr(0), 0, 0, true),
  sem_timedwait: (f, libc) => semWait(libc, f.ptr(0), f.ptr(1), 0, false),
  sem_clockwait: (f, libc) => semWait(libc, f.ptr(0), f.ptr(2), f.int(1), false),
  sem_post: (f, libc) => semPost(libc, f.ptr(0)),
  sem_getvalue: (f, libc) => {
    put(libc, f.ptr(1), u32(libc, f.ptr(0) + SEM_VALUE));
    return 0;
  },
  pthread_once: (f, libc) => once(libc, f.ptr(0), f.ptr(1)),
  __pthread_once: (f, libc) => once(libc, f.ptr(0), f.ptr(1)),
  call_once: (f, libc) => once(libc, f.ptr(0), f.ptr(1)),
};
