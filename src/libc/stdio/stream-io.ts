// Stream operations that may wait. A stdio call (fgets on a pipe, printf into a full one) must let
// the scheduler run the process or thread that will make its descriptor ready, as Linux's read
// and write wait. Host code cannot be switched out, so the streams' operations that reach a
// descriptor are generators (StreamIo): each read(2)/write(2) is first tried on the host; when it
// would wait, nothing is done and the generator yields the same call, made from guest code
// through the system-call function (../signal/guest-code.ts). There the kernel's dispatcher waits
// while others run, interrupts it for a signal with a handler (EINTR, or the call made again with
// SA_RESTART) and runs the handler, as for any program's read. The stream's state is in the FILE
// and the generator's locals meanwhile, so the call resumes exactly where it stopped.
//
// The fast path stays synchronous: runIo drives the generator on the host and hands it to the
// host-call bridge (as a HostGenerator) only at its first call that would wait. The stream
// functions' waits (runStreamIo) are cancellation points; a cancelled thread's unwinding leaves
// through the `finally` that releases the stream's lock.

import { BLOCKED } from '../../kernel/blocking.ts';
import type { GuestCall } from '../../linker/guest-code/guest-steps.ts';
import type { HostGenerator, HostStep } from '../abi/host-region.ts';
import { cancellableSyscallFromGenerator } from '../pthread/cancel-cleanup.ts';
import { tryKernelCall } from '../runtime/kernel-call.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { guestCode } from '../signal/guest-code.ts';
import { flockfile, funlockfile, lockedByOther, tryLockStream } from '../stdio-ext/stream-locks.ts';

/** A stream operation: yields the system calls that must wait, receives their raw result (-errno on failure). */
export type StreamIo = Generator<GuestCall, number, number>;

/** Names of the calls for crash reports and deadlock messages. */
const CALL_NAMES: Record<number, string> = { 0: 'read', 1: 'write', 61: 'wait4' };

/**
 * System call `nr` (a read, write or wait of a stream): its result or -errno, made on the host
 * when it completes at once, else from guest code (the generator yields it).
 */
export function* waitingCall(libc: LibcProcess, nr: number, a0: number, a1: number, a2: number, a3 = 0): StreamIo {
  const result = tryKernelCall(libc.thread, nr, a0, a1, a2, a3);
  if (result !== BLOCKED) return result;
  return yield {
    function: guestCode(libc).syscallFunction,
    args: [nr, a0, a1, a2, a3],
    what: CALL_NAMES[nr] ?? `system call ${nr}`,
  };
}

/**
 * A host function's result from a stream operation: the number when it completed without
 * waiting, else the generator for the bridge, which makes the waiting call from guest code and
 * resumes the operation with its result.
 */
export function runIo(io: StreamIo): number | HostGenerator {
  const first = io.next(0);
  if (first.done) return first.value;
  return resumeIo(first.value, io);
}

/**
 * Drives `io` from the bridge. With `libc` (the stream functions), each read or write that
 * waits is a cancellation point, as in glibc, where a stdio call waits inside read(2) or write(2).
 */
function* resumeIo(pending: GuestCall, io: StreamIo, libc?: LibcProcess): HostGenerator {
  let request = pending;
  for (;;) {
    const result: number = libc ? yield* cancellableWait(libc, request) : yield request;
    const next = io.next(result);
    if (next.done) return next.value;
    request = next.value;
  }
}

function* cancellableWait(libc: LibcProcess, request: GuestCall): Generator<HostStep, number, number> {
  // A cookie stream's functions are guest code, not a system call.
  if (request.function !== guestCode(libc).syscallFunction) return yield request;
  return yield* cancellableSyscallFromGenerator(libc, [...request.args], request.what);
}

/**
 * runIo for an operation on stream `fp`, with glibc's stream lock where it matters: when the
 * operation must wait (or call a cookie function), the calling thread takes the stream's lock
 * until the operation ends, and an operation started while another thread holds the lock waits
 * for it first (../stdio-ext/stream-locks.ts), so no other thread's stdio call comes between.
 */
export function runStreamIo(libc: LibcProcess, fp: number, io: StreamIo): number | HostGenerator {
  if (lockedByOther(libc, fp)) return afterLock(libc, fp, io);
  const first = io.next(0);
  if (first.done) return first.value;
  if (!tryLockStream(libc, fp)) return resumeIo(first.value, io, libc);
  return resumeLocked(libc, fp, first.value, io);
}

function* resumeLocked(libc: LibcProcess, fp: number, pending: GuestCall, io: StreamIo): HostGenerator {
  const streams = libc.streams;
  streams.waitingOperations++;
  try {
    return yield* resumeIo(pending, io, libc);
  } finally {
    streams.waitingOperations--;
    funlockfile(libc, fp);
  }
}

function* afterLock(libc: LibcProcess, fp: number, io: StreamIo): HostGenerator {
  const waiting = flockfile(libc, fp);
  if (waiting !== undefined) yield* waiting;
  const streams = libc.streams;
  streams.waitingOperations++;
  try {
    const first = io.next(0);
    return first.done ? first.value : yield* resumeIo(first.value, io, libc);
  } finally {
    streams.waitingOperations--;
    funlockfile(libc, fp);
  }
}

/**
 * A stream operation run to its end on the host, for callers that cannot hand a generator to
 * the bridge (the scanf engine's byte reader, the wide-character functions, err/getopt messages,
 * fseek and setvbuf's flush): a call that must wait waits on the host, which only ends when
 * something outside the run (a terminal, a timer) makes it ready; one that only another thread
 * or process of the run could make ready ends the run with the kernel's deadlock report.
 */
export function runNow(libc: LibcProcess, io: StreamIo): number {
  let next = io.next(0);
  while (!next.done) {
    // Only system calls can be made here; a cookie stream's functions are guest code.
    if (next.value.function !== guestCode(libc).syscallFunction)
      throw new Error(`Miros libc: ${next.value.what} called from host-only stdio code (not implemented yet)`);
    const [nr = 0, a0 = 0, a1 = 0, a2 = 0, a3 = 0] = next.value.args;
    next = io.next(libc.sys(nr, a0, a1, a2, a3));
  }
  return next.value;
}
