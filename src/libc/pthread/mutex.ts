// pthread_mutex_*: normal, recursive, error-checking and adaptive mutexes, robust ones
// (EOWNERDEAD, pthread_mutex_consistent, ENOTRECOVERABLE), timed and clocked locks, and the
// attribute object. Laid out as glibc 2.36's struct __pthread_mutex_s (40 bytes) so static
// initialisers work: PTHREAD_MUTEX_INITIALIZER is all zero, the _NP initialisers set __kind.
//
//   0 __lock: 0 free; else the owner's tid, | WAITERS when threads may wait on it;
//             OWNER_DIED (robust) when its owner ended holding it
//   4 __count (recursion depth)  8 __owner  12 __nusers  16 __kind
import { Errno } from '../../kernel/errno.ts';
import type { HostGenerator } from '../abi/host-region.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { pthreadState, type ThreadRecord } from './thread-registry.ts';
import { deadlineOf, INVALID_TIMEOUT, isWaitClock } from './timeouts.ts';
import { futexWait, futexWake, hasWaiters } from './waiting.ts';

const LOCK = 0;
const COUNT = 4;
const OWNER = 8;
const NUSERS = 12;
const KIND = 16;

const WAITERS = 0x80000000;
const OWNER_DIED = 0x40000000;
const TID_MASK = 0x3fffffff;
/** __owner of a robust mutex recovered with EOWNERDEAD and not yet made consistent. */
const OWNER_INCONSISTENT = 0x7fffffff;
/** __owner of a robust mutex unlocked while inconsistent: it can never be locked again. */
const OWNER_NOT_RECOVERABLE = 0x7ffffffe;

export const MutexType = { Normal: 0, Recursive: 1, ErrorCheck: 2, Adaptive: 3 } as const;
const KIND_TYPE_MASK = 3;
const KIND_ROBUST = 16;
const KIND_PRIO_INHERIT = 32;
const KIND_PRIO_PROTECT = 64;
const KIND_PSHARED = 128;
const KIND_VALID = KIND_TYPE_MASK | KIND_ROBUST | KIND_PRIO_INHERIT | KIND_PRIO_PROTECT | KIND_PSHARED;

// pthread_mutexattr_t (an int): the type in the low bits, as glibc's flag bits above.
const ATTR_TYPE_MASK = 0xfff;
const ATTR_PROTOCOL_SHIFT = 28;
const ATTR_PROTOCOL_MASK = 0x30000000;
const ATTR_ROBUST = 0x40000000;
const ATTR_PSHARED = 0x80000000;

const FOREVER = Number.POSITIVE_INFINITY;

function u32(libc: LibcProcess, address: number): number {
  return libc.memory.read32(address) >>> 0;
}

function kindOf(libc: LibcProcess, mutex: number): number {
  return libc.memory.read32(mutex + KIND) | 0;
}

function validKind(kind: number): boolean {
  return kind >= 0 && (kind & ~KIND_VALID) === 0;
}

/** Takes a free mutex for the calling thread; EOWNERDEAD when its robust owner had died. */
function acquire(libc: LibcProcess, mutex: number, record: ThreadRecord, lockWord: number, kind: number): number {
  const memory = libc.memory;
  const tid = record.tid;
  const died = (kind & KIND_ROBUST) !== 0 && (lockWord & OWNER_DIED) !== 0;
  memory.write32(mutex + LOCK, tid | (hasWaiters(libc.thread, mutex + LOCK) ? WAITERS : 0));
  memory.write32(mutex + OWNER, died ? OWNER_INCONSISTENT : tid);
  memory.write32(mutex + COUNT, 1);
  memory.write32(mutex + NUSERS, u32(libc, mutex + NUSERS) + 1);
  if ((kind & KIND_ROBUST) !== 0) record.robustMutexes.add(mutex);
  return died ? Errno.EOWNERDEAD : 0;
}

/**
 * The attempt to lock without waiting: 0 / EOWNERDEAD / EDEADLK / EAGAIN / ENOTRECOVERABLE /
 * EINVAL, or EBUSY when the caller would have to wait.
 */
function tryAcquire(libc: LibcProcess, mutex: number, record: ThreadRecord, forTrylock: boolean): number {
  const kind = kindOf(libc, mutex);
  if (!validKind(kind)) return Errno.EINVAL;
  if ((kind & KIND_ROBUST) !== 0 && u32(libc, mutex + OWNER) === OWNER_NOT_RECOVERABLE) return Errno.ENOTRECOVERABLE;
  const word = u32(libc, mutex + LOCK);
  if ((word & TID_MASK) === 0) return acquire(libc, mutex, record, word, kind);
  if ((word & TID_MASK) === record.tid) {
    const type = kind & KIND_TYPE_MASK;
    if (type === MutexType.Recursive) {
      const count = u32(libc, mutex + COUNT);
      if (count === 0xffffffff) return Errno.EAGAIN;
      libc.memory.write32(mutex + COUNT, count + 1);
      return 0;
    }
    if (type === MutexType.ErrorCheck) return forTrylock ? Errno.EBUSY : Errno.EDEADLK;
  }
  return Errno.EBUSY;
}

/** Locks `mutex` for the calling thread, waiting until `deadline` (monotonic ns). */
export function* lockMutex(libc: LibcProcess, mutex: number, deadline = FOREVER): HostGenerator {
  const record = pthreadState(libc).current();
  for (;;) {
    const result = tryAcquire(libc, mutex, record, false);
    if (result !== Errno.EBUSY) return result;
    if (deadline === INVALID_TIMEOUT) return Errno.EINVAL;
    const word = u32(libc, mutex + LOCK) | WAITERS;
    libc.memory.write32(mutex + LOCK, word);
    const waited = yield futexWait(libc.thread, mutex + LOCK, word, deadline);
    if (waited === -Errno.ETIMEDOUT) return Errno.ETIMEDOUT;
  }
}

/** pthread_mutex_lock: an uncontended lock completes without a generator (the common case). */
function lockFast(libc: LibcProcess, mutex: number): number | HostGenerator {
  const result = tryAcquire(libc, mutex, pthreadState(libc).current(), false);
  return result === Errno.EBUSY ? lockMutex(libc, mutex) : result;
}

export function trylockMutex(libc: LibcProcess, mutex: number): number {
  return tryAcquire(libc, mutex, pthreadState(libc).current(), true);
}

/** Unlocks `mutex`: EPERM when a checking mutex is not the caller's. */
export function unlockMutex(libc: LibcProcess, mutex: number): number {
  const memory = libc.memory;
  const kind = kindOf(libc, mutex);
  if (!validKind(kind)) return Errno.EINVAL;
  const record = pthreadState(libc).current();
  const word = u32(libc, mutex + LOCK);
  const type = kind & KIND_TYPE_MASK;
  const checked = (kind & KIND_ROBUST) !== 0 || type === MutexType.Recursive || type === MutexType.ErrorCheck;
  if (checked && (word & TID_MASK) !== record.tid) return Errno.EPERM;
  if (type === MutexType.Recursive) {
    const count = u32(libc, mutex + COUNT) - 1;
    memory.write32(mutex + COUNT, count);
    if (count > 0) return 0;
  }
  let owner = 0;
  if ((kind & KIND_ROBUST) !== 0) {
    record.robustMutexes.delete(mutex);
    if (u32(libc, mutex + OWNER) === OWNER_INCONSISTENT || u32(libc, mutex + OWNER) === OWNER_NOT_RECOVERABLE)
      owner = OWNER_NOT_RECOVERABLE;
  }
  memory.write32(mutex + OWNER, owner);
  memory.write32(mutex + COUNT, 0);
  const users = u32(libc, mutex + NUSERS);
  if (users > 0) memory.write32(mutex + NUSERS, users - 1);
  memory.write32(mutex + LOCK, 0);
  // Every waiter retries a mutex that can never be locked again (they get ENOTRECOVERABLE).
  if ((word & WAITERS) !== 0) futexWake(libc.thread, mutex + LOCK, owner === 0 ? 1 : 0x7fffffff);
  return 0;
}

/** At a thread's end: its robust mutexes become OWNER_DIED and one waiter of each is woken. */
export function releaseRobustMutexes(libc: LibcProcess, record: ThreadRecord): void {
  for (const mutex of record.robustMutexes) {
    const word = u32(libc, mutex + LOCK);
    if ((word & TID_MASK) !== record.tid) continue;
    libc.memory.write32(mutex + LOCK, OWNER_DIED);
    libc.memory.write32(mutex + COUNT, 0);
    if ((word & WAITERS) !== 0) futexWake(libc.thread, mutex + LOCK, 1);
  }
  record.robustMutexes.clear();
}

function initMutex(libc: LibcProcess, mutex: number, attr: number): number {
  const memory = libc.memory;
  let kind = 0;
  if (attr !== 0) {
    const value = u32(libc, attr);
    kind = value & ATTR_TYPE_MASK;
    if ((value & ATTR_ROBUST) !== 0) kind |= KIND_ROBUST;
    if ((value & ATTR_PSHARED) !== 0) kind |= KIND_PSHARED;
    const protocol = (value & ATTR_PROTOCOL_MASK) >>> ATTR_PROTOCOL_SHIFT;
    if (protocol === 1) kind |= KIND_PRIO_INHERIT;
    else if (protocol === 2) kind |= KIND_PRIO_PROTECT;
  }
  memory.bytes.fill(0, mutex, mutex + 40);
  memory.write32(mutex + KIND, kind);
  return 0;
}

function destroyMutex(libc: LibcProcess, mutex: number): number {
  const kind = kindOf(libc, mutex);
  if ((kind & KIND_ROBUST) === 0 && u32(libc, mutex + NUSERS) !== 0) return Errno.EBUSY;
  libc.memory.write32(mutex + KIND, -1);
  return 0;
}

function consistent(libc: LibcProcess, mutex: number): number {
  const kind = kindOf(libc, mutex);
  if ((kind & KIND_ROBUST) === 0 || u32(libc, mutex + OWNER) !== OWNER_INCONSISTENT) return Errno.EINVAL;
  libc.memory.write32(mutex + OWNER, pthreadState(libc).current().tid);
  return 0;
}

function setAttrType(libc: LibcProcess, attr: number, type: number): number {
  if (type < 0 || type > 3) return Errno.EINVAL;
  libc.memory.write32(attr, (u32(libc, attr) & ~ATTR_TYPE_MASK) | type);
  return 0;
}

function setAttrFlag(libc: LibcProcess, attr: number, flag: number, value: number): number {
  if (value !== 0 && value !== 1) return Errno.EINVAL;
  const word = u32(libc, attr);
  libc.memory.write32(attr, value === 1 ? word | flag : word & ~flag);
  return 0;
}

function getAttr(libc: LibcProcess, out: number, value: number): number {
  libc.memory.write32(out, value);
  return 0;
}

function* clockLock(libc: LibcProcess, mutex: number, clock: number, abstime: number): HostGenerator {
  if (!isWaitClock(clock)) return Errno.EINVAL;
  // The timeout is looked at only when the lock cannot be taken at once (glibc).
  const first = tryAcquire(libc, mutex, pthreadState(libc).current(), false);
  if (first !== Errno.EBUSY) return first;
  return yield* lockMutex(libc, mutex, deadlineOf(libc.memory, abstime, clock));
}

export const MUTEX_FUNCTIONS: FunctionTable = {
  pthread_mutex_init: (f, libc) => initMutex(libc, f.ptr(0), f.ptr(1)),
  __pthread_mutex_init: (f, libc) => initMutex(libc, f.ptr(0), f.ptr(1)),
  pthread_mutex_destroy: (f, libc) => destroyMutex(libc, f.ptr(0)),
  __pthread_mutex_destroy: (f, libc) => destroyMutex(libc, f.ptr(0)),
  pthread_mutex_lock: (f, libc) => lockFast(libc, f.ptr(0)),
  __pthread_mutex_lock: (f, libc) => lockFast(libc, f.ptr(0)),
  pthread_mutex_trylock: (f, libc) => trylockMutex(libc, f.ptr(0)),
  __pthread_mutex_trylock: (f, libc) => trylockMutex(libc, f.ptr(0)),
  pthread_mutex_unlock: (f, libc) => unlockMutex(libc, f.ptr(0)),
  __pthread_mutex_unlock: (f, libc) => unlockMutex(libc, f.ptr(0)),
  pthread_mutex_timedlock: (f, libc) => clockLock(libc, f.ptr(0), 0, f.ptr(1)),
  pthread_mutex_clocklock: (f, libc) => clockLock(libc, f.ptr(0), f.int(1), f.ptr(2)),
  pthread_mutex_consistent: (f, libc) => consistent(libc, f.ptr(0)),
  pthread_mutex_consistent_np: (f, libc) => consistent(libc, f.ptr(0)),
  pthread_mutexattr_init: (f, libc) => getAttr(libc, f.ptr(0), 0),
  __pthread_mutexattr_init: (f, libc) => getAttr(libc, f.ptr(0), 0),
  pthread_mutexattr_destroy: () => 0,
  __pthread_mutexattr_destroy: () => 0,
  pthread_mutexattr_settype: (f, libc) => setAttrType(libc, f.ptr(0), f.int(1)),
  __pthread_mutexattr_settype: (f, libc) => setAttrType(libc, f.ptr(0), f.int(1)),
  pthread_mutexattr_setkind_np: (f, libc) => setAttrType(libc, f.ptr(0), f.int(1)),
  pthread_mutexattr_gettype: (f, libc) => getAttr(libc, f.ptr(1), u32(libc, f.ptr(0)) & ATTR_TYPE_MASK),
  pthread_mutexattr_getkind_np: (f, libc) => getAttr(libc, f.ptr(1), u32(libc, f.ptr(0)) & ATTR_TYPE_MASK),
  pthread_mutexattr_setrobust: (f, libc) => setAttrFlag(libc, f.ptr(0), ATTR_ROBUST, f.int(1)),
  pthread_mutexattr_setrobust_np: (f, libc) => setAttrFlag(libc, f.ptr(0), ATTR_ROBUST, f.int(1)),
  pthread_mutexattr_getrobust: (f, libc) => getAttr(libc, f.ptr(1), (u32(libc, f.ptr(0)) & ATTR_ROBUST) !== 0 ? 1 : 0),
  pthread_mutexattr_getrobust_np: (f, libc) =>
    getAttr(libc, f.ptr(1), (u32(libc, f.ptr(0)) & ATTR_ROBUST) !== 0 ? 1 : 0),
  pthread_mutexattr_setpshared: (f, libc) => setAttrFlag(libc, f.ptr(0), ATTR_PSHARED, f.int(1)),
  pthread_mutexattr_getpshared: (f, libc) =>
    getAttr(libc, f.ptr(1), (u32(libc, f.ptr(0)) & ATTR_PSHARED) !== 0 ? 1 : 0),
  pthread_mutexattr_setprotocol: (f, libc) => {
    const protocol = f.int(1);
    if (protocol < 0 || protocol > 2) return Errno.EINVAL;
    const attr = f.ptr(0);
    libc.memory.write32(attr, (u32(libc, attr) & ~ATTR_PROTOCOL_MASK) | (protocol << ATTR_PROTOCOL_SHIFT));
    return 0;
  },
  pthread_mutexattr_getprotocol: (f, libc) =>
    getAttr(libc, f.ptr(1), (u32(libc, f.ptr(0)) & ATTR_PROTOCOL_MASK) >>> ATTR_PROTOCOL_SHIFT),
};
