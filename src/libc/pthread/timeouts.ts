// Absolute timeouts (struct timespec on a clock, as pthread_*_timedwait/clocklock, sem_timedwait
// take them) turned into the monotonic-nanosecond deadlines the kernel's waits use.
import { ClockId } from '../../kernel/abi/flags.ts';
import { monotonicNanoseconds, readClock } from '../../kernel/clock.ts';
import type { AddressSpace } from '../../memory/address-space.ts';

/** A timespec that is not valid (tv_nsec outside [0, 1e9)): the caller fails with EINVAL. */
export const INVALID_TIMEOUT = -1;

/**
 * The monotonic deadline of `abstime` on `clock` (REALTIME or MONOTONIC), or INVALID_TIMEOUT.
 * A deadline already past (also any negative tv_sec, which glibc treats as expired) is returned
 * as 0: waits then end at once with ETIMEDOUT.
 */
export function deadlineOf(memory: AddressSpace, abstime: number, clock: number): number {
  const view = memory.view;
  const seconds = view.getInt32(abstime, true) + view.getInt32(abstime + 4, true) * 4294967296;
  const nanoseconds = view.getInt32(abstime + 8, true) + view.getInt32(abstime + 12, true) * 4294967296;
  if (nanoseconds < 0 || nanoseconds >= 1e9) return INVALID_TIMEOUT;
  if (seconds < 0) return 0;
  const now = readClock(clock === ClockId.MONOTONIC ? ClockId.MONOTONIC : ClockId.REALTIME);
  const remaining = (seconds - now.sec) * 1e9 + (nanoseconds - now.nsec);
  if (remaining <= 0) return 0;
  return monotonicNanoseconds() + remaining;
}

/** Whether glibc accepts `clock` for a clocked wait (pthread_cond_clockwait, sem_clockwait…). */
export function isWaitClock(clock: number): boolean {
  return clock === ClockId.REALTIME || clock === ClockId.MONOTONIC;
}
