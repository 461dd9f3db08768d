// POSIX per-process timers: timer_create, timer_settime, timer_gettime, timer_getoverrun,
// timer_delete (the timers themselves: ../signals/posix-timers.ts); and timerfd_create,
// timerfd_settime, timerfd_gettime (../fs/timer-fd.ts). Errors as Linux 6.1 gives
// them: EINVAL for an unknown clock, a bad sigevent, a timer id that does not exist or an
// out-of-range time; EFAULT for unreadable or unwritable structures.

import { OpenFlag, TIMER_ABSTIME } from '../abi/flags.ts';
import { SIGALRM } from '../abi/signals.ts';
import { readClock } from '../clock.ts';
import { Errno, fail } from '../errno.ts';
import type { Timespec } from '../fs/stat.ts';
import { isTimerFdClock, TimerFd } from '../fs/timer-fd.ts';
import { StructBuffer, writeU32 } from '../guest-memory.ts';
import {
  isCpuClock,
  isTimerClock,
  isValidSignal,
  lastOverrun,
  type PosixTimer,
  SigeventNotify,
  type TimerNotification,
} from '../signals/posix-timers.ts';
import type { Thread } from '../thread.ts';
import { fileOf } from './common.ts';

/** struct sigevent: sigev_value at 0, sigev_signo at 8, sigev_notify at 12, _tid at 16. */
const SIGEVENT_SIZE = 64;

/** The sigevent at `address`, as read (EFAULT if it cannot be); checked by checkNotification. */
function readNotification(thread: Thread, address: number): TimerNotification {
  const s = StructBuffer.read(thread.process.memory, address, SIGEVENT_SIZE);
  return { value: s.getI64(0), signal: s.getI32(8), notify: s.getI32(12), tid: s.getI32(16) };
}

/** Whether Linux accepts `n` (good_sigevent): EINVAL otherwise. */
function checkNotification(thread: Thread, n: TimerNotification): void {
  switch (n.notify) {
    case SigeventNotify.NONE:
      return;
    case SigeventNotify.SIGNAL:
      if (!isValidSignal(n.signal)) fail(Errno.EINVAL);
      return;
    case SigeventNotify.SIGNAL | SigeventNotify.THREAD_ID:
      if (!isValidSignal(n.signal)) fail(Errno.EINVAL);
      // The thread must belong to the calling process.
      if (!thread.process.threads.some((t) => t.tid === n.tid)) fail(Errno.EINVAL);
      return;
    default:
      // SIGEV_THREAD is the C library's business; anything else is not a notification.
      fail(Errno.EINVAL);
  }
}

export function sysTimerCreate(thread: Thread, clock: number, event: number, timerId: number): number {
  // Linux's order: the sigevent is copied in (EFAULT), the clock checked, an id taken, and only
  // then the sigevent checked: a rejected sigevent still uses up an id.
  const notification = event === 0 ? undefined : readNotification(thread, event);
  const c = clock | 0;
  if (!isTimerClock(c)) fail(Errno.EINVAL);
  const timers = thread.process.posixTimers;
  // No sigevent: SIGALRM, with the timer's id as its value (Linux's default).
  const timer = timers.create(c, notification ?? { notify: SigeventNotify.SIGNAL, signal: SIGALRM, value: 0, tid: 0 });
  if (notification === undefined) timer.notification.value = timer.id;
  try {
    if (notification !== undefined) checkNotification(thread, notification);
    writeU32(thread.process.memory, timerId, timer.id);
  } catch (error) {
    timers.delete(timer.id);
    throw error;
  }
  return 0;
}

function timerOf(thread: Thread, id: number): PosixTimer {
  const timer = thread.process.posixTimers.get(id | 0);
  if (timer === undefined) fail(Errno.EINVAL);
  return timer;
}

/** struct itimerspec { timespec it_interval, it_value } from ns values. */
function writeItimerspec(thread: Thread, address: number, interval: number, value: number): void {
  new StructBuffer(32)
    .u64(0, Math.floor(interval / 1e9))
    .u64(8, interval % 1e9)
    .u64(16, Math.floor(value / 1e9))
    .u64(24, value % 1e9)
    .writeTo(thread.process.memory, address);
}

/** A timespec of an itimerspec in ns; EINVAL unless 0 <= tv_nsec < 1e9 and tv_sec >= 0. */
function nanoseconds(s: StructBuffer, offset: number): number {
  const sec = s.getI64(offset);
  const nsec = s.getI64(offset + 8);
  if (nsec < 0 || nsec >= 1e9 || sec < 0) fail(Errno.EINVAL);
  return sec * 1e9 + nsec;
}

export function sysTimerSettime(thread: Thread, id: number, flags: number, value: number, oldValue: number): number {
  const timer = timerOf(thread, id);
  const s = StructBuffer.read(thread.process.memory, value, 32);
  const interval = nanoseconds(s, 0);
  let initial = nanoseconds(s, 16);
  if (oldValue !== 0) writeItimerspec(thread, oldValue, timer.interval, timer.remaining());
  if (initial > 0 && flags & TIMER_ABSTIME) {
    // An absolute time on the timer's clock, as time from now: at least 1 ns, so that a time
    // already past expires at once. Seconds and nanoseconds apart, as a wall-clock time in ns
    // (1.8e18) is past a double's exact integers.
    const now = timerClockNow(timer);
    initial = Math.max(1, (s.getI64(16) - now.sec) * 1e9 + (s.getI64(24) - now.nsec));
  }
  timer.arm(initial, interval);
  // A new setting forgets the overruns of the old one.
  timer.previousOverrun = 0;
  return 0;
}

/** Now on a timer's clock (seconds and nanoseconds). */
function timerClockNow(timer: PosixTimer): Timespec {
  if (isCpuClock(timer.clock)) {
    const ns = timer.now();
    return { sec: Math.floor(ns / 1e9), nsec: ns % 1e9 };
  }
  return readClock(timer.clock);
}

export function sysTimerGettime(thread: Thread, id: number, value: number): number {
  const timer = timerOf(thread, id);
  writeItimerspec(thread, value, timer.interval, timer.remaining());
  return 0;
}

export function sysTimerGetoverrun(thread: Thread, id: number): number {
  return lastOverrun(thread.process, timerOf(thread, id));
}

export function sysTimerDelete(thread: Thread, id: number): number {
  timerOf(thread, id);
  thread.process.posixTimers.delete(id | 0);
  return 0;
}

/** timerfd_create's flags: TFD_NONBLOCK (O_NONBLOCK), TFD_CLOEXEC (O_CLOEXEC). */
const TIMERFD_FLAGS = OpenFlag.NONBLOCK | OpenFlag.CLOEXEC;
/** timerfd_settime's flags: TFD_TIMER_ABSTIME, TFD_TIMER_CANCEL_ON_SET. */
const TFD_TIMER_CANCEL_ON_SET = 2;

export function sysTimerfdCreate(thread: Thread, clock: number, flags: number): number {
  const f = flags | 0;
  if (!isTimerFdClock(clock | 0) || f & ~TIMERFD_FLAGS) fail(Errno.EINVAL);
  return thread.process.fds.add(new TimerFd(clock | 0, f), (f & OpenFlag.CLOEXEC) !== 0);
}

function timerFdOf(thread: Thread, fd: number): TimerFd {
  const file = fileOf(thread, fd);
  if (!(file instanceof TimerFd)) fail(Errno.EINVAL);
  return file;
}

export function sysTimerfdSettime(thread: Thread, fd: number, flags: number, value: number, oldValue: number): number {
  const timer = timerFdOf(thread, fd);
  if ((flags | 0) & ~(TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET)) fail(Errno.EINVAL);
  const s = StructBuffer.read(thread.process.memory, value, 32);
  const interval = nanoseconds(s, 0);
  let initial = nanoseconds(s, 16);
  if (oldValue !== 0) writeItimerspec(thread, oldValue, timer.interval, timer.remaining());
  if (initial > 0 && flags & TIMER_ABSTIME) {
    // Seconds and nanoseconds apart, as in timer_settime.
    const now = readClock(timer.clock);
    initial = Math.max(1, (s.getI64(16) - now.sec) * 1e9 + (s.getI64(24) - now.nsec));
  }
  timer.arm(initial, interval);
  return 0;
}

export function sysTimerfdGettime(thread: Thread, fd: number, value: number): number {
  const timer = timerFdOf(thread, fd);
  writeItimerspec(thread, value, timer.interval, timer.remaining());
  return 0;
}
