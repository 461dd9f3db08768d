// A guest thread: its CPU (register file), signal mask, pending signals, and what it waits for.
// Threads are created by clone/clone3 (./syscalls/clone.ts) and scheduled by System.run
// (./system.ts, ./scheduler.ts): one runs at a time, switching at slice ends and blocking calls.

import type { Cpu } from '../cpu/cpu.ts';
import { NSIG, SIGRTMIN } from './abi/signals.ts';
import type { Wait } from './blocking.ts';
import type { Process } from './process.ts';
import { type SignalInfo, SignalSet } from './signals/signal-state.ts';

export interface AlternateStack {
  sp: number;
  flags: number;
  size: number;
}

export class Thread {
  /** Blocked signals (rt_sigprocmask). */
  readonly blocked = new SignalSet();
  /**
   * The mask to restore when a handler returns, when a call replaced the mask while it waits
   * (rt_sigsuspend, ppoll, pselect6): Linux's saved_sigmask.
   */
  savedMask: SignalSet | undefined;
  /** Signals sent to this thread (tgkill, faults), in arrival order. */
  readonly pending: SignalInfo[] = [];
  /** What the thread waits for when its last call returned BLOCKED. */
  wait: Wait | undefined;
  /**
   * State a blocked call keeps across its retries (its absolute deadline, so a relative timeout
   * is not restarted from zero); cleared when the call completes.
   */
  restart: { deadline: number } | undefined;
  /**
   * Set while the thread is switched out in the middle of a blocking call: its rip is back on
   * the SYSCALL instruction (rax still the call's number), which runs again when it is resumed.
   */
  blockedCall = -1;
  /** The system's progress when the thread blocked (retry policy, ./scheduler.ts). */
  blockedAtProgress = 0;
  /** Where the scheduler last found the thread in its order (its successor's turn if it ends). */
  schedulePlace = 0;
  /** Counts signals sent to this thread; compared with the count when it blocked. */
  signalSerial = 0;
  blockedSignalSerial = 0;
  /**
   * The result a blocked call completes with when it runs again (a FUTEX_WAIT that another
   * thread woke: 0), instead of running its handler once more.
   */
  wakeResult: number | undefined;
  /**
   * Set by libc while the thread makes the system call of a cancellation point (read, sleep,
   * accept…): when it says a pthread cancellation is due, a call that blocks, or is blocked,
   * fails with EINTR at once (glibc gets there with SIGCANCEL), and libc acts on the cancellation.
   */
  cancelDue: (() => boolean) | undefined;
  /** The futex word this thread is queued on (-1: none), and the FUTEX_WAIT_BITSET mask. */
  futexAddress = -1;
  futexBitset = 0xffffffff;
  /** False once the thread has exited (it is then out of `process.threads`). */
  alive = true;
  /** set_tid_address: cleared and futex-woken at thread exit. */
  clearChildTid = 0;
  robustList = 0;
  robustListLength = 0;
  /** sigaltstack. */
  altStack: AlternateStack = { sp: 0, flags: 2 /* SS_DISABLE */, size: 0 };
  /** Thread name (prctl PR_SET_NAME, /proc/self/comm), at most 15 bytes. */
  name: string;

  constructor(
    readonly process: Process,
    readonly tid: number,
    readonly cpu: Cpu,
    name: string,
  ) {
    this.name = name.slice(0, 15);
  }

  /**
   * Queues a signal for this thread. A standard signal already pending is not queued twice;
   * real-time signals queue every instance (Linux's semantics).
   */
  sendSignal(signal: number, code: number, extra: Omit<SignalInfo, 'signal' | 'code'> = {}): void {
    this.queueSignal({ signal, code, ...extra });
  }

  /** sendSignal with the queue entry given (a POSIX timer keeps it to count overruns into it). */
  queueSignal(info: SignalInfo): void {
    const signal = info.signal;
    if (signal < 1 || signal > NSIG) return;
    if (signal < SIGRTMIN && this.pending.some((p) => p.signal === signal)) return;
    this.pending.push(info);
    this.signalSerial++;
    this.process.signalsArrived = true;
  }

  /** Pending signals not blocked, lowest number first (standard before real-time, as Linux). */
  nextDeliverable(): SignalInfo | undefined {
    let best: SignalInfo | undefined;
    for (const info of this.pending) {
      if (this.blocked.has(info.signal)) continue;
      if (!best || info.signal < best.signal) best = info;
    }
    if (best) this.pending.splice(this.pending.indexOf(best), 1);
    return best;
  }

  /** The set of pending signals (rt_sigpending). */
  pendingSet(): SignalSet {
    const set = new SignalSet();
    for (const info of this.pending) set.add(info.signal);
    return set;
  }
}
