// The cancellation-cleanup ABI of pthread_cleanup_push/pop in C without -fexceptions (glibc 2.36's
// nptl/cleanup.c, unwind.c and <pthread.h>): the macro expansion __sigsetjmp's a
// __pthread_unwind_buf_t on the caller's stack and registers it; when the thread ends while it is
// registered, the thread "unwinds": a longjmp into the innermost buffer makes that __sigsetjmp
// return 1, the expansion calls the cleanup routine and then __pthread_unwind_next(buf), which
// jumps into the next outer buffer, until none is left and the thread ends. The buffer:
//     0  __cancel_jmp_buf: the jmp_buf registers (64 bytes), mask_was_saved (int, 64)
//    72  prev: the next outer buffer      80  cleanup (old-style handlers: 0)
//    88  canceltype saved by __pthread_register_cancel_defer
// pthread_exit and pthread_testcancel unwind this way (they are plain functions when buffers are
// registered, so nothing is left pending on the host when they jump). A cancellation acted on
// inside a wait of a host generator (condition waits, joins, semaphores) jumps the same way and
// ends the generator with GENERATOR_JUMPED.
//
// Cancellation points that are system calls (read, write, nanosleep, accept, poll…) go through
// cancellableSyscall: it acts on a pending request first; then, while the call runs from guest
// code, the kernel thread's `cancelDue` makes a call that blocks fail with EINTR as soon as a
// request comes (glibc 2.36 gets there with SIGCANCEL and its asynchronous window), and the exit
// entry acts on it — the thread unwinds with the caller of read() as the frame that jumps.
import { type Cpu, Gpr } from '../../cpu/cpu.ts';
import type { CallFrame } from '../abi/call-frame.ts';
import { GENERATOR_JUMPED, guestCall, type HostGenerator, type HostStep } from '../abi/host-region.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { checkWrite, loadPointer, storePointer } from '../runtime/guest-access.ts';
import { Sys } from '../runtime/kernel-call.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { jumpTo } from '../setjmp/setjmp-functions.ts';
import { guestCode, pushReturn, tailSyscall } from '../signal/guest-code.ts';
import { type CleanupChain, cleanupChain } from './cleanup-buffers.ts';
import { finishThread } from './lifecycle.ts';
import { PTHREAD_CANCELED, pthreadState } from './thread-registry.ts';

const PREV = 72;
const CLEANUP = 80;
const CANCEL_TYPE = 88;
const BUFFER_SIZE = 104;
const PTHREAD_CANCEL_DEFERRED = 0;
const PTHREAD_CANCEL_ASYNCHRONOUS = 1;
/** glibc's internal signal for asynchronous cancellation (never seen or blocked by the program). */
const SIGCANCEL = 32;
/** struct kernel_sigaction: handler, flags, restorer, mask; and the flags glibc installs its handler with. */
const SA_SIGINFO = 4;
const SA_RESTART = 0x10000000;
const SA_RESTORER = 0x04000000;
const KERNEL_SIGACTION_SIZE = 32;

function register(libc: LibcProcess, buffer: number): void {
  checkWrite(libc.memory, buffer, BUFFER_SIZE);
  const chain = cleanupChain(libc, pthreadState(libc).current().descriptor);
  storePointer(libc.memory, buffer + PREV, chain.innermost);
  storePointer(libc.memory, buffer + CLEANUP, 0);
  chain.innermost = buffer;
}

function unregister(libc: LibcProcess, buffer: number): void {
  cleanupChain(libc, pthreadState(libc).current().descriptor).innermost = loadPointer(libc.memory, buffer + PREV);
}

/**
 * Ends the calling thread with `value` through its cleanup buffers: a jump into the innermost
 * (popped first, as glibc's unwinder leaves it), or the thread's end when none is left.
 */
export function unwindThread(f: CallFrame, libc: LibcProcess, value: number): number | undefined | HostGenerator {
  const chain = cleanupChain(libc, pthreadState(libc).current().descriptor);
  chain.exitValue = value;
  return unwindFrom(f, libc, chain.innermost);
}

function unwindFrom(f: CallFrame, libc: LibcProcess, buffer: number): number | undefined | HostGenerator {
  const chain = cleanupChain(libc, pthreadState(libc).current().descriptor);
  if (buffer === 0) {
    const value = chain.exitValue ?? PTHREAD_CANCELED;
    chain.innermost = 0;
    chain.exitValue = undefined;
    return finishThread(libc, value);
  }
  return jumpInto(f.cpu, libc, chain, buffer);
}

/** Makes `buffer` the chain's last-entered one and jumps into it: its __sigsetjmp returns 1. */
function jumpInto(cpu: Cpu, libc: LibcProcess, chain: CleanupChain, buffer: number): number | undefined {
  chain.innermost = loadPointer(libc.memory, buffer + PREV);
  return jumpTo(cpu, libc, buffer, 1);
}

/**
 * Acts on a cancellation request at a cancellation point inside a host generator (a condition
 * wait, a join, a semaphore, a sleep): the thread unwinds through its cleanup buffers — the jump
 * ends the generator (GENERATOR_JUMPED) — or, with none registered, ends. Never returns.
 */
export function* actOnCancel(libc: LibcProcess): Generator<HostStep, never, number> {
  const chain = cleanupChain(libc, pthreadState(libc).current().descriptor);
  if (chain.innermost === 0) {
    yield* finishThread(libc, PTHREAD_CANCELED);
    throw new Error('Miros libc: a cancelled thread went on after its end');
  }
  chain.exitValue = PTHREAD_CANCELED;
  const cpu = libc.cpu;
  const rax = jumpInto(cpu, libc, chain, chain.innermost);
  if (rax !== undefined) cpu.setRegister(Gpr.RAX, rax);
  throw GENERATOR_JUMPED;
}

/**
 * Asynchronous cancellation of thread `tid` (another thread of the process): SIGCANCEL, whose
 * handler (installed on first use, as glibc's sigcancel_handler) unwinds the thread wherever it
 * is running or waiting.
 */
export function cancelAsynchronously(libc: LibcProcess, tid: number): void {
  libc.objectAddress('<pthread:SIGCANCEL handler>', () => {
    const handler = libc.addEntry('<SIGCANCEL handler>', (owner) => (frame) => {
      const record = pthreadState(owner).current();
      const due = record.cancelAsynchronous && cancellationDue(owner);
      return due ? unwindThread(frame, owner, PTHREAD_CANCELED) : undefined;
    });
    const action = libc.scratch;
    checkWrite(libc.memory, action, KERNEL_SIGACTION_SIZE);
    libc.memory.bytes.fill(0, action, action + KERNEL_SIGACTION_SIZE);
    storePointer(libc.memory, action, handler);
    storePointer(libc.memory, action + 8, SA_SIGINFO | SA_RESTART | SA_RESTORER);
    storePointer(libc.memory, action + 16, guestCode(libc).restoreRt);
    libc.sys(Sys.rt_sigaction, SIGCANCEL, action, 0, 8);
    return handler;
  });
  libc.sys(Sys.tgkill, libc.process.pid, tid, SIGCANCEL);
}

/** Acts on a cancellation request at a cancellation point, if one is due. */
export function* testCancel(libc: LibcProcess): HostGenerator {
  if (cancellationDue(libc)) return yield* actOnCancel(libc);
  return 0;
}

/**
 * Ends host function `f` with system call `nr` made from guest code as a cancellation point (see
 * the header): returns what the bridge sets rax to, or acts on a request that is already due.
 */
export function cancellableSyscall(
  f: CallFrame,
  libc: LibcProcess,
  nr: number,
  a0: number,
  a1 = 0,
  a2 = 0,
  a3 = 0,
  a4 = 0,
  a5 = 0,
): number | undefined | HostGenerator {
  const state = pthreadState(libc);
  const record = state.current();
  if (record.cancelRequested && cancellationDue(libc)) return unwindThread(f, libc, PTHREAD_CANCELED);
  // With no other thread, no request can come while the call waits (and no check is made).
  if (libc.process.threads.length === 1) return tailSyscall(f, libc, nr, a0, a1, a2, a3, a4, a5);
  libc.thread.cancelDue = state.cancelCheck(record);
  // The tail's `ret` goes to the exit entry, which returns to the caller (under its own frame).
  pushReturn(f.cpu, cancellationExit(libc));
  return tailSyscall(f, libc, nr, a0, a1, a2, a3, a4, a5);
}

/** The entry a cancellation point's system call returns through (rax: the result, or -1 with errno set). */
function cancellationExit(libc: LibcProcess): number {
  return libc.objectAddress('<pthread:cancellation-exit>', () =>
    libc.addEntry('<cancellation point exit>', (owner) => (frame) => {
      owner.thread.cancelDue = undefined;
      return cancellationDue(owner) ? unwindThread(frame, owner, PTHREAD_CANCELED) : undefined;
    }),
  );
}

/**
 * System call `args` (number first) made from guest code by a host generator as a cancellation
 * point (sleep, usleep, clock_nanosleep): the raw result, -errno on failure.
 */
export function* cancellableSyscallFromGenerator(
  libc: LibcProcess,
  args: number[],
  what: string,
): Generator<HostStep, number, number> {
  const state = pthreadState(libc);
  const due = state.cancelCheck(state.current());
  if (due()) return yield* actOnCancel(libc);
  libc.thread.cancelDue = due;
  let result: number;
  try {
    result = yield guestCall(guestCode(libc).syscallFunction, args, what);
  } finally {
    libc.thread.cancelDue = undefined;
  }
  if (due()) return yield* actOnCancel(libc);
  return result;
}

/** __pthread_unwind_next: after a cleanup routine, on to the next outer buffer. */
function unwindNext(f: CallFrame, libc: LibcProcess, buffer: number): number | undefined | HostGenerator {
  const chain = cleanupChain(libc, pthreadState(libc).current().descriptor);
  if (chain.exitValue === undefined)
    throw new Error('Miros libc: __pthread_unwind_next called while the thread is not ending');
  return unwindFrom(f, libc, loadPointer(libc.memory, buffer + PREV));
}

/** Whether the calling thread must act on a cancellation request now. */
function cancellationDue(libc: LibcProcess): boolean {
  const state = pthreadState(libc);
  return state.cancelCheck(state.current())();
}

export const CANCEL_CLEANUP_FUNCTIONS: FunctionTable = {
  __pthread_register_cancel: (f, libc) => {
    register(libc, f.ptr(0));
    return undefined;
  },
  __pthread_unregister_cancel: (f, libc) => {
    unregister(libc, f.ptr(0));
    return undefined;
  },
  // The _defer forms also make cancellation deferred while the handler is pushed, and restore
  // the caller's type at the pop (acting on a request that came meanwhile if it was asynchronous).
  __pthread_register_cancel_defer: (f, libc) => {
    const buffer = f.ptr(0);
    register(libc, buffer);
    const record = pthreadState(libc).current();
    libc.memory.view.setInt32(
      buffer + CANCEL_TYPE,
      record.cancelAsynchronous ? PTHREAD_CANCEL_ASYNCHRONOUS : PTHREAD_CANCEL_DEFERRED,
      true,
    );
    record.cancelAsynchronous = false;
    return undefined;
  },
  __pthread_unregister_cancel_restore: (f, libc) => {
    const buffer = f.ptr(0);
    unregister(libc, buffer);
    if (libc.memory.view.getInt32(buffer + CANCEL_TYPE, true) !== PTHREAD_CANCEL_ASYNCHRONOUS) return undefined;
    pthreadState(libc).current().cancelAsynchronous = true;
    return cancellationDue(libc) ? unwindThread(f, libc, PTHREAD_CANCELED) : undefined;
  },
  __pthread_unwind_next: (f, libc) => unwindNext(f, libc, f.ptr(0)),
  pthread_exit: (f, libc) => unwindThread(f, libc, f.ptr(0)),
  pthread_testcancel: (f, libc) => (cancellationDue(libc) ? unwindThread(f, libc, PTHREAD_CANCELED) : undefined),
};
