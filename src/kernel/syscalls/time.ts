// Clocks and sleeping: clock_gettime, clock_getres, clock_nanosleep, nanosleep, gettimeofday,
// time. Sleeps block through the scheduler (src/kernel/blocking.ts) with an absolute deadline
// kept across retries.

import { ClockId, TIMER_ABSTIME } from '../abi/flags.ts';
import { BLOCKED } from '../blocking.ts';
import { clockResolution, monotonicNanoseconds, readClock } from '../clock.ts';
import { Errno, fail } from '../errno.ts';
import type { Timespec } from '../fs/stat.ts';
import { StructBuffer, writeI64 } from '../guest-memory.ts';
import type { Thread } from '../thread.ts';

function writeTimespec(thread: Thread, address: number, t: Timespec): void {
  new StructBuffer(16).u64(0, t.sec).u64(8, t.nsec).writeTo(thread.process.memory, address);
}

/** Reads a struct timespec; EINVAL unless 0 <= tv_nsec < 1e9 (and tv_sec >= 0 when `relative`). */
export function readTimespec(thread: Thread, address: number, relative: boolean): Timespec {
  const s = StructBuffer.read(thread.process.memory, address, 16);
  const sec = s.getI64(0);
  const nsec = s.getI64(8);
  if (nsec < 0 || nsec >= 1e9 || (relative && sec < 0)) fail(Errno.EINVAL);
  return { sec, nsec };
}

export function sysClockGettime(thread: Thread, clock: number, address: number): number {
  writeTimespec(thread, address, readClock(clock | 0));
  return 0;
}

export function sysClockGetres(thread: Thread, clock: number, address: number): number {
  const resolution = clockResolution(clock | 0);
  if (address !== 0) writeTimespec(thread, address, resolution);
  return 0;
}

export function sysGettimeofday(thread: Thread, tv: number, tz: number): number {
  const now = readClock(ClockId.REALTIME);
  if (tv !== 0)
    new StructBuffer(16)
      .u64(0, now.sec)
      .u64(8, Math.floor(now.nsec / 1000))
      .writeTo(thread.process.memory, tv);
  // The kernel's timezone is UTC unless someone set it (settimeofday); programs use TZ instead.
  if (tz !== 0) new StructBuffer(8).writeTo(thread.process.memory, tz);
  return 0;
}

export function sysTime(thread: Thread, address: number): number {
  const seconds = readClock(ClockId.REALTIME).sec;
  if (address !== 0) writeI64(thread.process.memory, address, seconds);
  return seconds;
}

/**
 * Sleeps until `deadline` (monotonic ns): BLOCKED until then, 0 after. `remaining` is where an
 * interrupted relative sleep reports the time left (0: nowhere; absolute sleeps never do).
 */
function sleepUntil(thread: Thread, deadline: number, remaining: number): number {
  if (monotonicNanoseconds() >= deadline) return 0;
  thread.restart = { deadline };
  thread.wait = { kind: 'sleep', deadline, remaining };
  return BLOCKED;
}

/**
 * What Linux leaves in a relative sleep's `rem` when a handler interrupts it (EINTR): the time
 * still to sleep, so that the caller can sleep again for just that long.
 */
export function writeSleepRemaining(thread: Thread, address: number, deadline: number): void {
  const left = Math.max(0, deadline - monotonicNanoseconds());
  const sec = Math.floor(left / 1e9);
  new StructBuffer(16)
    .u64(0, sec)
    .u64(8, Math.floor(left - sec * 1e9))
    .writeTo(thread.process.memory, address);
}

export function sysNanosleep(thread: Thread, request: number, remaining: number): number {
  if (thread.restart) return sleepUntil(thread, thread.restart.deadline, remaining);
  const t = readTimespec(thread, request, true);
  return sleepUntil(thread, monotonicNanoseconds() + t.sec * 1e9 + t.nsec, remaining);
}

export function sysClockNanosleep(
  thread: Thread,
  clock: number,
  flags: number,
  request: number,
  remaining: number,
): number {
  const absolute = ((flags | 0) & TIMER_ABSTIME) !== 0;
  const remainingAddress = absolute ? 0 : remaining;
  if (thread.restart) return sleepUntil(thread, thread.restart.deadline, remainingAddress);
  const c = clock | 0;
  if (c === ClockId.THREAD_CPUTIME_ID) fail(Errno.EINVAL);
  if (
    c !== ClockId.REALTIME &&
    c !== ClockId.MONOTONIC &&
    c !== ClockId.BOOTTIME &&
    c !== ClockId.TAI &&
    c !== ClockId.PROCESS_CPUTIME_ID &&
    c >= 0
  ) {
    fail(Errno.EINVAL);
  }
  const t = readTimespec(thread, request, !absolute);
  let delay = t.sec * 1e9 + t.nsec;
  if (absolute) {
    const now = readClock(c);
    delay -= now.sec * 1e9 + now.nsec;
  }
  return sleepUntil(thread, monotonicNanoseconds() + Math.max(0, delay), remainingAddress);
}

export function sysSettimeofday(): number {
  fail(Errno.EPERM);
}

export function sysClockSettime(_thread: Thread, clock: number): number {
  readClock(clock | 0);
  fail(Errno.EPERM);
}
