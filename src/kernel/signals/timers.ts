// The process's real-time interval timer (ITIMER_REAL: alarm, setitimer, getitimer), and the
// checks of every timer of a process (timer_create's are in ./posix-timers.ts). When it
// expires, SIGALRM (si_code SI_KERNEL, as Linux's it_real_fn sends it) is queued; the run loop
// checks the deadline between CPU slices and waits on the host end at it, so the signal is
// delivered at an instruction boundary, never in the middle of one.

import { SI_KERNEL, SIGALRM } from '../abi/signals.ts';
import { monotonicNanoseconds } from '../clock.ts';
import type { Process } from '../process.ts';

export class RealTimer {
  /** Monotonic ns of the next expiry; Infinity when disarmed. */
  deadline = Number.POSITIVE_INFINITY;
  /** Reload interval in ns (0: one-shot). */
  interval = 0;

  get armed(): boolean {
    return this.deadline !== Number.POSITIVE_INFINITY;
  }

  /** Arms (value > 0) or disarms (value 0) the timer; both in ns. */
  set(value: number, interval: number): void {
    this.deadline = value > 0 ? monotonicNanoseconds() + value : Number.POSITIVE_INFINITY;
    this.interval = value > 0 ? interval : 0;
  }

  /** Time left until expiry in ns (0 when disarmed). */
  remaining(): number {
    if (!this.armed) return 0;
    return Math.max(1, this.deadline - monotonicNanoseconds());
  }
}

/** Whether any timer of `process` is armed (the scheduler then runs shorter CPU slices). */
export function timersArmed(process: Process): boolean {
  return process.realTimer.armed || process.posixTimers.anyArmed;
}

/** The earliest monotonic deadline of `process`'s timers that a sleep must wake for. */
export function nextTimerDeadline(process: Process): number {
  return Math.min(process.realTimer.deadline, process.posixTimers.earliestDeadline());
}

/** Signals every timer of `process` that has expired (./posix-timers.ts for timer_create's). */
export function checkTimers(process: Process): void {
  process.posixTimers.check(process);
  checkRealTimer(process);
}

/** Queues SIGALRM when the real timer has expired; rearms a periodic one. */
function checkRealTimer(process: Process): void {
  const timer = process.realTimer;
  if (!timer.armed) return;
  const now = monotonicNanoseconds();
  if (now < timer.deadline) return;
  if (timer.interval > 0) {
    // Expiries missed while nothing checked collapse into one signal (the overrun), as on Linux.
    const missed = Math.floor((now - timer.deadline) / timer.interval);
    timer.deadline += (missed + 1) * timer.interval;
  } else {
    timer.deadline = Number.POSITIVE_INFINITY;
  }
  process.signalProcess(SIGALRM, SI_KERNEL, { pid: 0, uid: 0, detail: 'the interval timer (alarm) expired' });
}
