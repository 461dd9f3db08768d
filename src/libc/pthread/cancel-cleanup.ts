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
// inside a blocking call (condition waits, joins, semaphores) with buffers registered is not
// implemented yet and fails loudly (lifecycle.ts's actOnCancel).
import type { CallFrame } from '../abi/call-frame.ts';
import type { HostGenerator } from '../abi/host-region.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { checkWrite, loadPointer, storePointer } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { jumpTo } from '../setjmp/setjmp-functions.ts';
import { cleanupChain } from './cleanup-buffers.ts';
import { finishThread, testCancel } from './lifecycle.ts';
import { PTHREAD_CANCELED, pthreadState } from './thread-registry.ts';

const PREV = 72;
const CLEANUP = 80;
const CANCEL_TYPE = 88;
const BUFFER_SIZE = 104;
const PTHREAD_CANCEL_DEFERRED = 0;
const PTHREAD_CANCEL_ASYNCHRONOUS = 1;

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
  chain.innermost = loadPointer(libc.memory, buffer + PREV);
  return jumpTo(f, libc, buffer, 1);
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
  pthread_testcancel: (f, libc) => {
    if (cleanupChain(libc, pthreadState(libc).current().descriptor).innermost === 0) return testCancel(libc);
    return cancellationDue(libc) ? unwindThread(f, libc, PTHREAD_CANCELED) : undefined;
  },
};
