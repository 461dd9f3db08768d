// futex(2) with the semantics a single thread can observe: WAIT compares and then waits (until
// its timeout — with no other thread nothing else can wake it), WAKE wakes nobody, WAKE_OP
// performs its atomic operation, the PI operations take and release the lock word. Issue 5
// replaces the waiting with real wait queues under the scheduler.

import { FUTEX_CLOCK_REALTIME, FUTEX_CMD_MASK, FutexOp } from '../abi/flags.ts';
import { BLOCKED } from '../blocking.ts';
import { monotonicNanoseconds, readClock } from '../clock.ts';
import { Errno, fail } from '../errno.ts';
import { checkPointer } from '../guest-memory.ts';
import type { Thread } from '../thread.ts';
import { readTimespec } from './time.ts';

const FUTEX_TID_MASK = 0x3fffffff;
const FUTEX_WAITERS = 0x80000000;

function checkAligned(address: number): void {
  if (address % 4 !== 0) fail(Errno.EINVAL);
  checkPointer(address);
}

function readWord(thread: Thread, address: number): number {
  return thread.process.memory.read32(address) >>> 0;
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
  const memory = thread.process.memory;
  switch (command) {
    case FutexOp.WAIT:
    case FutexOp.WAIT_BITSET: {
      checkAligned(address);
      if (command === FutexOp.WAIT_BITSET && value3 >>> 0 === 0) fail(Errno.EINVAL);
      if (thread.restart) return waitUntil(thread, address, thread.restart.deadline);
      if (readWord(thread, address) !== value >>> 0) fail(Errno.EAGAIN);
      let deadline = Number.POSITIVE_INFINITY;
      if (timeoutOrValue2 !== 0) {
        // FUTEX_WAIT's timeout is relative; FUTEX_WAIT_BITSET's absolute (monotonic, or realtime).
        const t = readTimespec(thread, timeoutOrValue2, command === FutexOp.WAIT);
        const ns = t.sec * 1e9 + t.nsec;
        if (command === FutexOp.WAIT) deadline = monotonicNanoseconds() + ns;
        else {
          const now = readClock(op & FUTEX_CLOCK_REALTIME ? 0 : 1);
          deadline = monotonicNanoseconds() + (ns - (now.sec * 1e9 + now.nsec));
        }
      }
      return waitUntil(thread, address, deadline);
    }
    case FutexOp.WAKE:
    case FutexOp.WAKE_BITSET:
      checkAligned(address);
      if (command === FutexOp.WAKE_BITSET && value3 >>> 0 === 0) fail(Errno.EINVAL);
      return 0;
    case FutexOp.REQUEUE:
      checkAligned(address);
      checkAligned(address2);
      return 0;
    case FutexOp.CMP_REQUEUE:
      checkAligned(address);
      checkAligned(address2);
      if (readWord(thread, address) !== value3 >>> 0) fail(Errno.EAGAIN);
      return 0;
    case FutexOp.WAKE_OP: {
      checkAligned(address);
      checkAligned(address2);
      const encoded = value3 >>> 0;
      const opKind = (encoded >>> 28) & 7;
      const shiftArgument = encoded >>> 31 !== 0;
      const compare = (encoded >>> 24) & 0xf;
      let operand = (((encoded >>> 12) & 0xfff) << 20) >> 20;
      if (shiftArgument) {
        if (operand < 0 || operand > 31) fail(Errno.EINVAL);
        operand = 1 << operand;
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
      if (compare > 5) fail(Errno.ENOSYS);
      // The comparison (with the low 12 bits) only decides whether waiters on the second word
      // are woken; with one thread there are none, so both wake counts are 0.
      return 0;
    }
    case FutexOp.LOCK_PI:
    case FutexOp.LOCK_PI2:
    case FutexOp.TRYLOCK_PI: {
      checkAligned(address);
      const word = readWord(thread, address);
      const owner = word & FUTEX_TID_MASK;
      if (owner === 0) {
        memory.write32(address, thread.tid | (word & FUTEX_WAITERS) | 0);
        return 0;
      }
      if (owner === thread.tid) fail(Errno.EDEADLK);
      if (command === FutexOp.TRYLOCK_PI) fail(Errno.EAGAIN);
      // Held by a thread that does not exist here (a stale owner): Linux reports ESRCH.
      if (!thread.process.threads.some((t) => t.tid === owner)) fail(Errno.ESRCH);
      return waitUntil(thread, address, Number.POSITIVE_INFINITY);
    }
    case FutexOp.UNLOCK_PI: {
      checkAligned(address);
      const word = readWord(thread, address);
      if ((word & FUTEX_TID_MASK) !== thread.tid) fail(Errno.EPERM);
      memory.write32(address, 0);
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

function waitUntil(thread: Thread, address: number, deadline: number): number {
  if (monotonicNanoseconds() >= deadline) fail(Errno.ETIMEDOUT);
  thread.restart = { deadline };
  thread.wait = { kind: 'futex', address, deadline };
  return BLOCKED;
}
