// A process's POSIX per-process timers (timer_create, timer_settime, timer_gettime,
// timer_getoverrun, timer_delete). Each timer counts on one clock and, when it expires, queues one
// signal (SIGEV_SIGNAL to the process, SIGEV_THREAD_ID to one thread) or nothing (SIGEV_NONE).
// glibc's and musl's SIGEV_THREAD is built in the library on SIGEV_THREAD_ID and a helper thread.
//
// As Linux does it (kernel/time/posix-timers.c):
// - ids come from a per-process counter: the first free id after the last one given (a deleted
//   timer's id is not reused at once, and a timer_create that fails on its sigevent uses one up),
//   wrapping at INT_MAX;
// - a timer has at most one signal queued: an expiry while its signal is still pending counts
//   an overrun instead, and siginfo_t says how many (si_overrun) with SI_TIMER, si_timerid and
//   the sigevent's value; timer_getoverrun reports the overrun of the last signal delivered;
// - expiries missed between two checks count as overruns too (a periodic timer that fell behind
//   signals once);
// - fork gives the child no timers, and execve deletes them (a new Process starts empty).
//
// Deadlines on the wall and monotonic clocks are kept as monotonic nanoseconds (Miros's
// CLOCK_REALTIME advances with the monotonic clock: ../clock.ts); the CPU-time clocks are checked
// against the host's CPU time, and do not wake a process that sleeps (its CPU time stands still).

import { ClockId } from '../abi/flags.ts';
import { NSIG, SI_KERNEL, SI_TIMER, SIGPROF, SIGVTALRM } from '../abi/signals.ts';
import { cpuNanoseconds, monotonicNanoseconds } from '../clock.ts';
import type { Process } from '../process.ts';
import type { SignalInfo } from './signal-state.ts';

/** sigev_notify values (the kernel's; SIGEV_THREAD is the libraries' and never reaches it). */
export const SigeventNotify = {
  SIGNAL: 0,
  NONE: 1,
  THREAD: 2,
  THREAD_ID: 4,
} as const;

/** How a timer's expiry is told: the signal and value, and the thread (0: the process). */
export interface TimerNotification {
  notify: number;
  signal: number;
  /** sigev_value (64 bits, as a number: exact for pointers and small integers). */
  value: number;
  tid: number;
}

/** The clock of ITIMER_VIRTUAL: the process's user CPU time (a Miros-internal clock id). */
export const USER_CPU_CLOCK = -0x7fff_fff0;

export class PosixTimer {
  /** Monotonic ns (or CPU ns for the CPU-time clocks) of the next expiry; Infinity: disarmed. */
  deadline = Number.POSITIVE_INFINITY;
  /** Reload interval in ns (0: one-shot). */
  interval = 0;
  /** The signal this timer queued last (still pending, or delivered). */
  queued: SignalInfo | undefined;
  /** The overrun of the signal delivered before `queued` (timer_getoverrun before a new one). */
  previousOverrun = 0;

  constructor(
    readonly id: number,
    readonly clock: number,
    readonly notification: TimerNotification,
    /** setitimer's ITIMER_VIRTUAL or ITIMER_PROF: SI_KERNEL signals, no id, no overruns. */
    readonly intervalTimer = false,
  ) {}

  /** Whether this timer counts CPU time rather than elapsed time. */
  get onCpuClock(): boolean {
    return isCpuClock(this.clock);
  }

  get armed(): boolean {
    return this.deadline !== Number.POSITIVE_INFINITY;
  }

  /** Now on this timer's clock, in ns (monotonic or CPU time). */
  now(): number {
    if (this.clock === USER_CPU_CLOCK) return cpuNanoseconds(false);
    return this.onCpuClock ? cpuNanoseconds() : monotonicNanoseconds();
  }

  /** Arms for `value` ns from now (0 disarms), reloading every `interval` ns. */
  arm(value: number, interval: number): void {
    this.deadline = value > 0 ? this.now() + value : Number.POSITIVE_INFINITY;
    this.interval = value > 0 ? interval : 0;
  }

  /** Time left until the next expiry in ns (0 when disarmed). */
  remaining(): number {
    if (!this.armed) return 0;
    return Math.max(1, this.deadline - this.now());
  }
}

/** The CPU-time clocks: the process's and thread's, and clock_getcpuclockid's negative ids. */
export function isCpuClock(clock: number): boolean {
  return clock === ClockId.PROCESS_CPUTIME_ID || clock === ClockId.THREAD_CPUTIME_ID || clock < 0;
}

/** The clocks timer_create accepts (Linux: the *_ALARM ones need CAP_WAKE_ALARM: root has it). */
export function isTimerClock(clock: number): boolean {
  switch (clock) {
    case ClockId.REALTIME:
    case ClockId.MONOTONIC:
    case ClockId.BOOTTIME:
    case ClockId.REALTIME_ALARM:
    case ClockId.BOOTTIME_ALARM:
    case ClockId.TAI:
    case ClockId.PROCESS_CPUTIME_ID:
    case ClockId.THREAD_CPUTIME_ID:
      return true;
    default:
      // clock_getcpuclockid of this process (Miros has one CPU clock per process).
      return clock < 0;
  }
}

export class PosixTimers {
  private readonly timers = new Map<number, PosixTimer>();
  /** setitimer's CPU-time timers: ITIMER_VIRTUAL (user time, SIGVTALRM), ITIMER_PROF (SIGPROF). */
  readonly virtualTimer = new PosixTimer(-1, USER_CPU_CLOCK, cpuSignal(SIGVTALRM), true);
  readonly profilingTimer = new PosixTimer(-1, ClockId.PROCESS_CPUTIME_ID, cpuSignal(SIGPROF), true);
  /** Where the search for a free id starts (Linux's signal_struct.posix_timer_id). */
  private nextId = 0;

  /** A new timer with the first free id from the counter on. */
  create(clock: number, notification: TimerNotification): PosixTimer {
    let id = this.nextId;
    while (this.timers.has(id)) id = (id + 1) & 0x7fffffff;
    this.nextId = (id + 1) & 0x7fffffff;
    const timer = new PosixTimer(id, clock, notification);
    this.timers.set(id, timer);
    return timer;
  }

  get(id: number): PosixTimer | undefined {
    return this.timers.get(id);
  }

  delete(id: number): boolean {
    return this.timers.delete(id);
  }

  /** Whether any timer is armed (the scheduler then runs shorter slices to check them). */
  get anyArmed(): boolean {
    if (this.virtualTimer.armed || this.profilingTimer.armed) return true;
    for (const timer of this.timers.values()) if (timer.armed) return true;
    return false;
  }

  /** The earliest monotonic deadline of the elapsed-time timers (Infinity: none). */
  earliestDeadline(): number {
    let earliest = Number.POSITIVE_INFINITY;
    for (const timer of this.timers.values()) if (!timer.onCpuClock) earliest = Math.min(earliest, timer.deadline);
    return earliest;
  }

  /** Signals every timer that has expired; rearms periodic ones. */
  check(process: Process): void {
    if (this.virtualTimer.armed) checkOne(process, this.virtualTimer, this.virtualTimer.now());
    if (this.profilingTimer.armed) checkOne(process, this.profilingTimer, this.profilingTimer.now());
    if (this.timers.size === 0) return;
    // Each clock read once per check, and only if a timer on it is armed.
    let monotonic = -1;
    let cpu = -1;
    for (const timer of this.timers.values()) {
      if (!timer.armed) continue;
      if (timer.onCpuClock) {
        if (cpu < 0) cpu = cpuNanoseconds();
        checkOne(process, timer, cpu);
      } else {
        if (monotonic < 0) monotonic = monotonicNanoseconds();
        checkOne(process, timer, monotonic);
      }
    }
  }
}

/** Signals `timer` if it has expired by `now` (on its clock); rearms it when periodic. */
function checkOne(process: Process, timer: PosixTimer, now: number): void {
  if (now < timer.deadline) return;
  let missed = 0;
  if (timer.interval > 0) {
    missed = Math.floor((now - timer.deadline) / timer.interval);
    timer.deadline += (missed + 1) * timer.interval;
  } else {
    timer.deadline = Number.POSITIVE_INFINITY;
  }
  expire(process, timer, missed);
}

function cpuSignal(signal: number): TimerNotification {
  return { notify: SigeventNotify.SIGNAL, signal, value: 0, tid: 0 };
}

/** Whether `info` still waits in a pending queue of one of `process`'s threads. */
function stillPending(process: Process, info: SignalInfo): boolean {
  return process.threads.some((thread) => thread.pending.includes(info));
}

/** DELAYTIMER_MAX: an overrun count saturates at INT_MAX. */
const DELAYTIMER_MAX = 0x7fffffff;

/** One expiry of `timer` (plus `missed` periods that passed unchecked). */
function expire(process: Process, timer: PosixTimer, missed: number): void {
  const { notify, signal, value, tid } = timer.notification;
  if (notify === SigeventNotify.NONE) return;
  if (timer.intervalTimer) {
    // As Linux's check_cpu_itimer: a signal from the kernel, standard, so never queued twice.
    process.signalProcess(signal, SI_KERNEL, {
      detail: `the ${signal === SIGPROF ? 'profiling' : 'virtual'} timer expired`,
    });
    return;
  }
  const queued = timer.queued;
  if (queued !== undefined && stillPending(process, queued)) {
    queued.overrun = Math.min(DELAYTIMER_MAX, (queued.overrun ?? 0) + missed + 1);
    return;
  }
  if (queued !== undefined) timer.previousOverrun = queued.overrun ?? 0;
  const info: SignalInfo = { signal, code: SI_TIMER, timerId: timer.id, overrun: missed, value };
  timer.queued = info;
  const target = notify & SigeventNotify.THREAD_ID ? process.threads.find((t) => t.tid === tid) : undefined;
  if (target !== undefined) target.queueSignal(info);
  else process.signalProcessWith(info);
}

/** timer_getoverrun: the overrun count of the timer's last delivered signal. */
export function lastOverrun(process: Process, timer: PosixTimer): number {
  const queued = timer.queued;
  if (queued === undefined) return 0;
  return stillPending(process, queued) ? timer.previousOverrun : (queued.overrun ?? 0);
}

/** A signal number timer_create accepts. */
export function isValidSignal(signal: number): boolean {
  return signal >= 1 && signal <= NSIG;
}
