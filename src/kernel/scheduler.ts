// What happens while threads wait, and which thread runs next.
//
// One thread: a wait happens on the host (waitOnHost) — sleeping until a deadline, or polling
// files the outside world can make ready (a pipe from another process, a terminal).
//
// Several threads: Process.run runs them round-robin in slices of a fixed instruction count; a
// thread whose call blocks is switched out (SWITCH_THREAD) and `nextThread` decides when its
// call is worth running again: when another thread woke its futex, a signal arrived for it,
// its deadline passed, or (pipes, poll) other threads have executed instructions since it
// blocked. Host time enters only through timeouts, so a program without timers runs the same
// way every time. When every thread waits, the host sleeps until the earliest deadline.
//
// A wait nothing can ever end — every thread blocked on futexes or pipes only they could
// wake, with no timeout — is a deadlock: Linux would hang forever; Miros says so instead.

import { UserFacingError } from '../errors/user-facing-error.ts';
import type { Wait } from './blocking.ts';
import { monotonicNanoseconds } from './clock.ts';
import type { Process } from './process.ts';
import { checkTimers } from './signals/timers.ts';
import { syscallName } from './syscalls/table.ts';
import type { Thread } from './thread.ts';

const sleeper = new Int32Array(new SharedArrayBuffer(4));
/** How long to sleep between polls of host files. */
const POLL_INTERVAL_MS = 2;

export class DeadlockError extends UserFacingError {}

/** Sleeps the host until `deadline` (monotonic ns), at most `limitMs` milliseconds. */
function sleepUntil(deadline: number, limitMs = Number.POSITIVE_INFINITY): void {
  const remaining = deadline - monotonicNanoseconds();
  if (remaining <= 0) return;
  Atomics.wait(sleeper, 0, 0, Math.min(limitMs, remaining / 1e6));
}

/**
 * Blocks the host until `wait` might be satisfied or the process's interval timer expires (the
 * caller then checks for signals and retries the call).
 */
export function waitOnHost(thread: Thread, wait: Wait, call: string): void {
  const timer = thread.process.realTimer.deadline;
  if (wait.kind === 'signal') {
    const deadline = Math.min(timer, wait.deadline ?? Number.POSITIVE_INFINITY);
    if (deadline === Number.POSITIVE_INFINITY) {
      throw new DeadlockError(
        `${thread.process.executable.nsPath}: deadlock: ${call} waits for a signal that nothing can send`,
      );
    }
    sleepUntil(deadline);
    return;
  }
  // A pending timer bounds every wait: its signal may interrupt the call.
  if (
    timer !== Number.POSITIVE_INFINITY &&
    (wait.kind === 'futex' || wait.kind === 'readable' || wait.kind === 'writable')
  ) {
    const until = wait.kind === 'futex' ? Math.min(timer, wait.deadline) : timer;
    sleepUntil(until);
    return;
  }
  switch (wait.kind) {
    case 'sleep':
    case 'futex':
    case 'poll': {
      if (wait.kind === 'futex' && wait.deadline === Number.POSITIVE_INFINITY) {
        throw new DeadlockError(
          `${thread.process.executable.nsPath}: deadlock: ${call} waits on futex 0x${wait.address.toString(16)} that no other thread can wake`,
        );
      }
      if (wait.kind === 'poll' && !wait.external && Math.min(wait.deadline, timer) === Number.POSITIVE_INFINITY) {
        throw new DeadlockError(
          `${thread.process.executable.nsPath}: deadlock: ${call} waits forever on descriptors only this program could make ready`,
        );
      }
      sleepUntil(Math.min(wait.deadline, timer), wait.kind === 'poll' ? POLL_INTERVAL_MS : Number.POSITIVE_INFINITY);
      return;
    }
    case 'readable':
    case 'writable':
      throw new DeadlockError(
        `${thread.process.executable.nsPath}: deadlock: ${call} waits on ${wait.file.describe()} that only this program could ${wait.kind === 'readable' ? 'write' : 'read'}`,
      );
  }
}

/** A wait's deadline (monotonic ns), Infinity when it has none. */
function deadlineOf(wait: Wait | undefined): number {
  if (wait === undefined) return Number.POSITIVE_INFINITY;
  switch (wait.kind) {
    case 'futex':
    case 'sleep':
    case 'poll':
      return wait.deadline;
    case 'signal':
      return wait.deadline ?? Number.POSITIVE_INFINITY;
    default:
      return Number.POSITIVE_INFINITY;
  }
}

/** Whether a switched-out thread's call should run again now (see the header comment). */
function worthRetrying(process: Process, thread: Thread, now: number): boolean {
  if (thread.blockedCall < 0 || thread.wakeResult !== undefined) return true;
  if (thread.signalSerial !== thread.blockedSignalSerial) return true;
  const wait = thread.wait;
  if (wait === undefined) return true;
  if (deadlineOf(wait) <= now) return true;
  switch (wait.kind) {
    case 'readable':
    case 'writable':
    case 'poll':
      return process.progress > thread.blockedAtProgress;
    default:
      return false;
  }
}

/** What a blocked thread waits for, for the deadlock message. */
function describeWait(thread: Thread): string {
  const wait = thread.wait;
  const call = syscallName(thread.blockedCall);
  if (wait === undefined) return `thread ${thread.tid} in ${call}`;
  switch (wait.kind) {
    case 'futex':
      return `thread ${thread.tid} in ${call}(0x${wait.address.toString(16)})`;
    case 'readable':
    case 'writable':
      return `thread ${thread.tid} in ${call} on ${wait.file.describe()}`;
    default:
      return `thread ${thread.tid} in ${call} (${wait.kind})`;
  }
}

/**
 * The thread to run next, round-robin after the one at `after` (an index into process.threads):
 * the first that is runnable or whose blocked call is worth running again. When none is, sleeps
 * the host until one may be (a deadline, the interval timer, a host file), or throws
 * DeadlockError when none ever can.
 */
export function nextThread(process: Process, after: number): Thread {
  const threads = process.threads;
  for (;;) {
    const now = monotonicNanoseconds();
    const n = threads.length;
    for (let k = 1; k <= n; k++) {
      const thread = threads[(after + k) % n]!;
      if (worthRetrying(process, thread, now)) return thread;
    }
    // Every thread waits.
    checkTimers(process);
    let earliest = process.realTimer.deadline;
    let external = false;
    let signalled = false;
    for (const thread of threads) {
      if (thread.signalSerial !== thread.blockedSignalSerial) signalled = true;
      earliest = Math.min(earliest, deadlineOf(thread.wait));
      if (thread.wait?.kind === 'poll' && thread.wait.external) external = true;
    }
    if (signalled) continue;
    if (earliest === Number.POSITIVE_INFINITY && !external) {
      throw new DeadlockError(
        `${process.executable.nsPath}: deadlock: every thread waits forever: ${threads.map(describeWait).join('; ')}`,
      );
    }
    sleepUntil(earliest, external ? POLL_INTERVAL_MS : Number.POSITIVE_INFINITY);
    // Host files may have become ready while the host slept: poll those again.
    if (external) {
      for (const thread of threads)
        if (thread.wait?.kind === 'poll' && thread.wait.external) thread.blockedAtProgress = -1;
    }
  }
}
