// The blocking steps of Miros libc's pthreads (the WaitStep protocol of ../abi/host-region.ts):
// a futex wait that parks the calling thread in the kernel's futex queue — so the deterministic
// scheduler runs other threads, and reports a deadlock when nothing can ever wake it — and a
// yield that gives up the thread's turn (sched_yield).
//
// A host function runs without interruption by other guest threads, so the libc's lock words
// are read and written plainly; only waiting needs the scheduler.
import type { Cpu } from '../../cpu/cpu.ts';
import { SWITCH_THREAD } from '../../kernel/blocking.ts';
import { monotonicNanoseconds } from '../../kernel/clock.ts';
import { Errno } from '../../kernel/errno.ts';
import { deliverPendingSignals, handlerSignalPending } from '../../kernel/signals/delivery.ts';
import type { Thread } from '../../kernel/thread.ts';
import type { WaitStep } from '../abi/host-region.ts';

/** The system call a parked thread is shown in (deadlock messages): futex. */
const SYS_FUTEX = 202;
const SYS_SCHED_YIELD = 24;
const ALL_BITS = 0xffffffff;

/** A wait's result when the thread was cancelled in it (deferred cancellation point). */
export const CANCELED = -(2 ** 43);

/** Whether a cancellation request should end a thread waiting at a cancellation point. */
export type CancelCheck = () => boolean;

/**
 * FUTEX_WAIT from inside libc: returns -EAGAIN when the word at `address` is no longer
 * `expected`, 0 when woken (or spuriously), -ETIMEDOUT at `deadline` (monotonic ns, Infinity for
 * none), CANCELED when `cancelled` says so (a cancellation point).
 */
export function futexWait(
  thread: Thread,
  address: number,
  expected: number,
  deadline = Number.POSITIVE_INFINITY,
  cancelled?: CancelCheck,
): WaitStep {
  const process = thread.process;
  const park = (): never => {
    thread.wait = { kind: 'futex', address, deadline };
    thread.blockedCall = SYS_FUTEX;
    throw SWITCH_THREAD;
  };
  return {
    kind: 'wait',
    begin(): number | undefined {
      if (cancelled?.()) return CANCELED;
      if (process.memory.read32(address) >>> 0 !== expected >>> 0) return -Errno.EAGAIN;
      if (deadline <= monotonicNanoseconds()) return -Errno.ETIMEDOUT;
      thread.wakeResult = undefined;
      process.futexes.enqueue(thread, address, ALL_BITS);
      return undefined;
    },
    poll(cpu: Cpu): number | undefined {
      thread.blockedCall = -1;
      thread.wait = undefined;
      if (cancelled?.()) {
        process.futexes.remove(thread);
        thread.wakeResult = undefined;
        return CANCELED;
      }
      // Before a wake is taken: a signal sent before the wake runs its handler first, as on Linux.
      if (thread.pending.length > 0 && handlerSignalPending(thread) !== 0) {
        // The handler runs now and returns to the wait slot: the wait goes on (glibc's
        // functions retry a futex wait interrupted by a signal).
        const rip = cpu.rip;
        deliverPendingSignals(thread);
        if (cpu.rip !== rip) return undefined;
      }
      if (thread.wakeResult !== undefined) {
        thread.wakeResult = undefined;
        return 0;
      }
      // Off the queue without a wake: a signal handler waited on something else meanwhile.
      if (thread.futexAddress !== address) return 0;
      if (deadline <= monotonicNanoseconds()) {
        process.futexes.remove(thread);
        return -Errno.ETIMEDOUT;
      }
      return park();
    },
  };
}

/** sched_yield: the other runnable threads run before this one continues. */
export function yieldTurn(thread: Thread): WaitStep {
  return {
    kind: 'wait',
    begin(): number | undefined {
      if (thread.process.threads.length === 1) return 0;
      return undefined;
    },
    poll(): number | undefined {
      if (thread.blockedCall === SYS_SCHED_YIELD) {
        thread.blockedCall = -1;
        thread.wakeResult = undefined;
        thread.wait = undefined;
        return 0;
      }
      // First visit: done, but give up the turn (the scheduler resumes it after the others).
      thread.wakeResult = 0;
      thread.wait = { kind: 'sleep', deadline: 0 };
      thread.blockedCall = SYS_SCHED_YIELD;
      throw SWITCH_THREAD;
    },
  };
}

/** Wakes up to `count` threads waiting on `address`; returns how many. */
export function futexWake(thread: Thread, address: number, count: number): number {
  return thread.process.futexes.wake(address, count);
}

/** Whether any thread waits on `address`. */
export function hasWaiters(thread: Thread, address: number): boolean {
  return thread.process.futexes.count(address) > 0;
}
