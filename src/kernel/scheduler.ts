// What happens while threads wait, and which thread runs next.
//
// One thread: a wait happens on the host (waitOnHost) — sleeping until a deadline, or polling
// files the outside world can make ready (a pipe from another process, a terminal).
//
// Several threads (of one process or several: ./system.ts): System.run runs them round-robin in
// slices of a fixed instruction count; a thread whose call blocks is switched out (SWITCH_THREAD)
// and `nextThread` decides when its call is worth running again: when another thread woke its
// futex, a signal arrived for it, its deadline passed, (pipes, poll) other threads have executed
// instructions since it blocked, (wait4) a child has ended, or (vfork) the child has called
// execve or ended. Host time enters only through timeouts, so a program without timers runs the same
// way every time. When every thread waits, the host sleeps until the earliest deadline.
//
// A wait nothing can ever end — every thread blocked on futexes or pipes only they could
// wake, with no timeout — is a deadlock: Linux would hang forever; Miros says so instead.

import { UserFacingError } from '../errors/user-facing-error.ts';
import type { Wait } from './blocking.ts';
import { monotonicNanoseconds } from './clock.ts';
import { nextTimerDeadline } from './signals/timers.ts';
import { syscallName } from './syscalls/table.ts';
import type { System } from './system.ts';
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
  const timer = nextTimerDeadline(thread.process);
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
    case 'record-lock':
      throw new DeadlockError(
        `${thread.process.executable.nsPath}: deadlock: ${call} waits for a record lock that only this program could release`,
      );
    case 'child':
    case 'vfork':
      // Only with other threads to run (a child process has one): never the only thread.
      throw new Error(`${call} waits for a child with no other thread to run`);
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
function worthRetrying(system: System, thread: Thread, now: number): boolean {
  // A stopped process's threads wait for SIGCONT (or SIGKILL), whatever else happens.
  if (system.isStopped(thread.process)) return false;
  const wait = thread.wait;
  // A vfork parent's call is complete (its result is the child's pid), but it waits for the
  // child to exec or exit; signals do not end that wait.
  if (wait?.kind === 'vfork') return wait.child.vforkDone;
  if (thread.blockedCall < 0 || thread.wakeResult !== undefined) return true;
  if (thread.signalSerial !== thread.blockedSignalSerial) return true;
  if (wait === undefined || thread.cancelDue?.()) return true;
  if (deadlineOf(wait) <= now) return true;
  switch (wait.kind) {
    case 'readable':
    case 'writable':
    case 'poll':
      return system.progress > thread.blockedAtProgress;
    case 'child':
      return system.hasChildEvent(thread.process);
    case 'record-lock':
      return wait.locks.changes !== wait.changes;
    default:
      return false;
  }
}

/** What a blocked thread waits for, for the deadlock message. */
function describeWait(thread: Thread, withPid: boolean): string {
  const wait = thread.wait;
  const call = syscallName(thread.blockedCall);
  const who = withPid ? `process ${thread.process.pid} thread ${thread.tid}` : `thread ${thread.tid}`;
  if (thread.process.system?.isStopped(thread.process)) return `${who} stopped`;
  if (wait === undefined) return `${who} in ${call}`;
  switch (wait.kind) {
    case 'futex':
      return `${who} in ${call}(0x${wait.address.toString(16)})`;
    case 'readable':
    case 'writable':
      return `${who} in ${call} on ${wait.file.describe()}`;
    case 'vfork':
      return `${who} in vfork, for child ${wait.child.pid}`;
    default:
      return `${who} in ${call} (${wait.kind})`;
  }
}

/**
 * The thread to run next, round-robin after `after` over the threads of every process of the
 * system: the first that is runnable or whose blocked call is worth running again. When none
 * is, sleeps the host until one may be (a deadline, an interval timer, a host file), or throws
 * DeadlockError when none ever can.
 */
export function nextThread(system: System, after: Thread): Thread {
  for (;;) {
    const threads = system.threads();
    const now = monotonicNanoseconds();
    const n = threads.length;
    if (n === 0) throw new Error('scheduler: no thread left to run');
    // From the thread's place in the order; an ended thread's place is taken by its successor.
    let place = threads.indexOf(after);
    if (place < 0) place = Math.min(after.schedulePlace, n) - 1;
    for (let k = 1; k <= n; k++) {
      const index = (place + k + n) % n;
      const thread = threads[index]!;
      if (worthRetrying(system, thread, now)) {
        thread.schedulePlace = index;
        return thread;
      }
    }
    // Every thread waits.
    system.checkTimers();
    let earliest = Number.POSITIVE_INFINITY;
    for (const process of system.processes) earliest = Math.min(earliest, nextTimerDeadline(process));
    let external = false;
    let signalled = false;
    for (const thread of threads) {
      if (system.isStopped(thread.process)) continue;
      if (thread.signalSerial !== thread.blockedSignalSerial) signalled = true;
      earliest = Math.min(earliest, deadlineOf(thread.wait));
      if (thread.wait?.kind === 'poll' && thread.wait.external) external = true;
    }
    if (signalled) continue;
    if (earliest === Number.POSITIVE_INFINITY && !external) {
      const several = system.processes.length > 1;
      throw new DeadlockError(
        `${system.first.executable.nsPath}: deadlock: every thread waits forever: ${threads.map((t) => describeWait(t, several)).join('; ')}`,
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
