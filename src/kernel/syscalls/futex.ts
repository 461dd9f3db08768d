// futex(2): wait queues per futex word (../futex-queue.ts) under Miros's scheduler. WAIT compares
// the word and blocks the thread (the scheduler runs another); WAKE, REQUEUE, CMP_REQUEUE and
// WAKE_OP move or wake queued threads; the *_BITSET variants match masks; the PI operations
// take, hand over and release lock words. Errors and counts as Linux's kernel/futex/*.c.

import { FUTEX_CLOCK_REALTIME, FUTEX_CMD_MASK, FUTEX_PRIVATE_FLAG, FutexOp } from '../abi/flags.ts';
import { BLOCKED } from '../blocking.ts';
import { monotonicNanoseconds, readClock } from '../clock.ts';
import { Errno, fail } from '../errno.ts';
import { type FutexQueues, futexQueueFor } from '../futex-queue.ts';
import { checkPointer } from '../guest-memory.ts';
import type { Thread } from '../thread.ts';
import { readTimespec } from './time.ts';

const FUTEX_TID_MASK = 0x3fffffff;
const FUTEX_WAITERS = 0x80000000;
const FUTEX_BITSET_MATCH_ANY = 0xffffffff;
const CLOCK_REALTIME = 0;
const CLOCK_MONOTONIC = 1;

function checkAligned(address: number): void {
  if (address % 4 !== 0) fail(Errno.EINVAL);
  checkPointer(address);
}

function readWord(thread: Thread, address: number): number {
  return thread.process.memory.read32(address) >>> 0;
}

/** A timeout argument as a monotonic deadline in ns: relative, or absolute on `clock`. */
function deadlineOf(thread: Thread, address: number, relative: boolean, clock: number): number {
  if (address === 0) return Number.POSITIVE_INFINITY;
  const t = readTimespec(thread, address, relative);
  const ns = t.sec * 1e9 + t.nsec;
  if (relative) return monotonicNanoseconds() + ns;
  const now = readClock(clock);
  return monotonicNanoseconds() + (ns - (now.sec * 1e9 + now.nsec));
}

export function sysFutex(
  thread: Thread,
  address: number,
  operation: number,
  value: number,
  timeoutOrValue2: number,
  address2: number,
  value3: number,
): number {
  const op = operation | 0;
  const command = op & FUTEX_CMD_MASK;
  const process = thread.process;
  const memory = process.memory;
  const shared = (op & FUTEX_PRIVATE_FLAG) === 0;
  const { queues, key } = futexQueueFor(process, address, shared);
  // Only the absolute-timeout waits take FUTEX_CLOCK_REALTIME (futex_syscall's check).
  if (
    (op & FUTEX_CLOCK_REALTIME) !== 0 &&
    command !== FutexOp.WAIT_BITSET &&
    command !== FutexOp.WAIT_REQUEUE_PI &&
    command !== FutexOp.LOCK_PI2
  ) {
    fail(Errno.ENOSYS);
  }
  switch (command) {
    case FutexOp.WAIT:
    case FutexOp.WAIT_BITSET: {
      checkAligned(address);
      const bitset = command === FutexOp.WAIT ? FUTEX_BITSET_MATCH_ANY : value3 >>> 0;
      if (bitset === 0) fail(Errno.EINVAL);
      // Run again after blocking: still waiting (queued), unless the deadline passed.
      if (thread.restart) return waitUntil(thread, queues, key, bitset, thread.restart.deadline);
      // FUTEX_WAIT's timeout is relative; FUTEX_WAIT_BITSET's absolute (monotonic, or realtime).
      const deadline = deadlineOf(
        thread,
        timeoutOrValue2,
        command === FutexOp.WAIT,
        op & FUTEX_CLOCK_REALTIME ? CLOCK_REALTIME : CLOCK_MONOTONIC,
      );
      if (readWord(thread, address) !== value >>> 0) fail(Errno.EAGAIN);
      return waitUntil(thread, queues, key, bitset, deadline);
    }
    case FutexOp.WAKE:
    case FutexOp.WAKE_BITSET: {
      checkAligned(address);
      const bitset = command === FutexOp.WAKE ? FUTEX_BITSET_MATCH_ANY : value3 >>> 0;
      if (bitset === 0) fail(Errno.EINVAL);
      return queues.wake(key, value | 0, bitset);
    }
    case FutexOp.REQUEUE:
    case FutexOp.CMP_REQUEUE: {
      checkAligned(address);
      checkAligned(address2);
      const wakeCount = value | 0;
      const requeueCount = timeoutOrValue2 | 0;
      if (wakeCount < 0 || requeueCount < 0) fail(Errno.EINVAL);
      if (command === FutexOp.CMP_REQUEUE && readWord(thread, address) !== value3 >>> 0) fail(Errno.EAGAIN);
      const target = futexQueueFor(process, address2, shared);
      if (target.queues !== queues) {
        process.warn('futex: requeueing between a word shared with other processes and a private one is not supported');
        fail(Errno.ENOSYS);
      }
      return queues.requeue(key, target.key, wakeCount, requeueCount);
    }
    case FutexOp.WAKE_OP:
      return wakeOp(thread, address, value | 0, timeoutOrValue2 | 0, address2, value3 >>> 0, shared);
    case FutexOp.LOCK_PI:
    case FutexOp.LOCK_PI2:
    case FutexOp.TRYLOCK_PI: {
      checkAligned(address);
      const word = readWord(thread, address);
      const owner = word & FUTEX_TID_MASK;
      if (thread.restart) {
        // Run again after blocking: UNLOCK_PI made this thread the owner (wakeResult), or the
        // deadline passed.
        return waitUntil(thread, queues, key, FUTEX_BITSET_MATCH_ANY, thread.restart.deadline);
      }
      if (owner === 0) {
        memory.write32(address, thread.tid | (word & FUTEX_WAITERS) | 0);
        return 0;
      }
      if (owner === thread.tid) fail(Errno.EDEADLK);
      if (command === FutexOp.TRYLOCK_PI) fail(Errno.EAGAIN);
      // Held by a thread that does not exist (a stale owner): Linux reports ESRCH.
      if (!(process.system?.threads() ?? process.threads).some((t) => t.tid === owner)) fail(Errno.ESRCH);
      // LOCK_PI's timeout is absolute on CLOCK_REALTIME; LOCK_PI2's on the clock the flag says.
      const clock = command === FutexOp.LOCK_PI || op & FUTEX_CLOCK_REALTIME ? CLOCK_REALTIME : CLOCK_MONOTONIC;
      const deadline = deadlineOf(thread, timeoutOrValue2, false, clock);
      memory.write32(address, word | FUTEX_WAITERS | 0);
      return waitUntil(thread, queues, key, FUTEX_BITSET_MATCH_ANY, deadline);
    }
    case FutexOp.UNLOCK_PI: {
      checkAligned(address);
      const word = readWord(thread, address);
      if ((word & FUTEX_TID_MASK) !== thread.tid) fail(Errno.EPERM);
      // The lock goes straight to the oldest waiter, as Linux's rt_mutex hands it over.
      const next = queues.takeFirst(key);
      if (next === undefined) {
        memory.write32(address, 0);
        return 0;
      }
      next.wakeResult = 0;
      memory.write32(address, next.tid | (queues.count(key) > 0 ? FUTEX_WAITERS : 0) | 0);
      return 0;
    }
    case FutexOp.WAIT_REQUEUE_PI:
    case FutexOp.CMP_REQUEUE_PI:
    case FutexOp.FD:
      fail(Errno.ENOSYS);
      return 0;
    default:
      fail(Errno.ENOSYS);
  }
}

/**
 * FUTEX_WAKE_OP: atomically applies the encoded operation to the word at `address2`, wakes up
 * to `wakeCount` waiters on `address`, and — if the old value of the second word passes the
 * encoded comparison — up to `wakeCount2` waiters on `address2`. Returns the total woken.
 */
function wakeOp(
  thread: Thread,
  address: number,
  wakeCount: number,
  wakeCount2: number,
  address2: number,
  encoded: number,
  shared: boolean,
): number {
  checkAligned(address);
  checkAligned(address2);
  const memory = thread.process.memory;
  const opKind = (encoded >>> 28) & 7;
  const compare = (encoded >>> 24) & 0xf;
  let operand = (((encoded >>> 12) & 0xfff) << 20) >> 20;
  const compareWith = ((encoded & 0xfff) << 20) >> 20;
  if (encoded >>> 31 !== 0) {
    // FUTEX_OP_OPARG_SHIFT: Linux masks a shift outside 0..31 (and logs it) rather than failing.
    operand = 1 << (operand & 31);
  }
  if (!memory.plainWritable(address2, 4)) memory.slowWriteCheck(address2, 4);
  const old = memory.read32(address2);
  let next: number;
  switch (opKind) {
    case 0:
      next = operand;
      break;
    case 1:
      next = old + operand;
      break;
    case 2:
      next = old | operand;
      break;
    case 3:
      next = old & ~operand;
      break;
    case 4:
      next = old ^ operand;
      break;
    default:
      fail(Errno.ENOSYS);
  }
  memory.write32(address2, next | 0);
  let passes: boolean;
  switch (compare) {
    case 0:
      passes = old === compareWith;
      break;
    case 1:
      passes = old !== compareWith;
      break;
    case 2:
      passes = old < compareWith;
      break;
    case 3:
      passes = old <= compareWith;
      break;
    case 4:
      passes = old > compareWith;
      break;
    case 5:
      passes = old >= compareWith;
      break;
    default:
      // Linux has already written the new value when it rejects the comparison.
      fail(Errno.ENOSYS);
  }
  const first = futexQueueFor(thread.process, address, shared);
  let woken = first.queues.wake(first.key, wakeCount);
  if (passes) {
    const second = futexQueueFor(thread.process, address2, shared);
    woken += second.queues.wake(second.key, wakeCount2);
  }
  return woken;
}

/** Queues the thread on `key` of `queues` (if not yet) and blocks until a wake or `deadline`. */
function waitUntil(thread: Thread, queues: FutexQueues, key: number, bitset: number, deadline: number): number {
  if (monotonicNanoseconds() >= deadline) {
    thread.process.futexes.remove(thread);
    fail(Errno.ETIMEDOUT);
  }
  thread.restart = { deadline };
  if (thread.futexAddress === -1) queues.enqueue(thread, key, bitset);
  thread.wait = { kind: 'futex', address: thread.futexAddress, deadline };
  return BLOCKED;
}
