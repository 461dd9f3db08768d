// What happens while a thread waits. Issue 4 runs one thread, so a wait happens on the host:
// sleeping until a deadline, or polling files that the outside world can make ready (a pipe
// from another process, a terminal). A wait that nothing outside the program can ever end —
// reading a pipe only this thread writes, a futex no other thread will wake — is a deadlock:
// Linux would hang forever; Miros says so instead (issue 5's scheduler switches threads here).

import { UserFacingError } from '../errors/user-facing-error.ts';
import type { Wait } from './blocking.ts';
import { monotonicNanoseconds } from './clock.ts';
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
