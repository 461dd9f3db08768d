// The process's real-time interval timer (ITIMER_REAL: alarm, setitimer, getitimer). When it
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

/** Queues SIGALRM when the real timer has expired; rearms a periodic one. */
export function checkTimers(process: Process): void {
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
