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

/** Blocks the host until `wait` might be satisfied (the caller then retries the call). */
export function waitOnHost(thread: Thread, wait: Wait, call: string): void {
  switch (wait.kind) {
    case 'sleep':
    case 'futex':
    case 'poll': {
      if (wait.kind === 'futex' && wait.deadline === Number.POSITIVE_INFINITY) {
        throw new DeadlockError(
          `${thread.process.executable.nsPath}: deadlock: ${call} waits on futex 0x${wait.address.toString(16)} that no other thread can wake`,
        );
      }
      if (wait.kind === 'poll' && !wait.external && wait.deadline === Number.POSITIVE_INFINITY) {
        throw new DeadlockError(
          `${thread.process.executable.nsPath}: deadlock: ${call} waits forever on descriptors only this program could make ready`,
        );
      }
      const remaining = wait.deadline - monotonicNanoseconds();
      if (remaining <= 0) return;
      const milliseconds = wait.kind === 'poll' ? Math.min(POLL_INTERVAL_MS, remaining / 1e6) : remaining / 1e6;
      Atomics.wait(sleeper, 0, 0, milliseconds);
      return;
    }
    case 'readable':
    case 'writable':
      throw new DeadlockError(
        `${thread.process.executable.nsPath}: deadlock: ${call} waits on ${wait.file.describe()} that only this program could ${wait.kind === 'readable' ? 'write' : 'read'}`,
      );
    case 'signal':
      throw new DeadlockError(
        `${thread.process.executable.nsPath}: deadlock: ${call} waits for a signal that nothing can send`,
      );
  }
}
