// fork, vfork, _Fork (and glibc's other names of fork): a child process on Miros libc.
//
// The kernel copies the address space (src/kernel/fork.ts); Miros libc copies what it keeps on
// the host for the process (LibcProcess.forkInto: every registered per-process state, the heap's
// bookkeeping, the streams and their memory backends, the exit handlers, the TLS bookkeeping of
// new threads) and binds its entry points to the child's copy.
// Unflushed stdio buffers are in guest memory, so the child has them too and flushes them again,
// as natively (the classic doubled output of printf without a newline before fork).
//
// As glibc's fork: the pthread_atfork prepare handlers run in reverse order of registration
// before the clone, then the parent handlers in the parent and the child handlers in the child,
// in order of registration; _Fork runs none. The clone is glibc's:
// CLONE_CHILD_SETTID|CLONE_CHILD_CLEARTID|SIGCHLD on the calling thread's tid word, so the child's
// pthread_self names the child's thread. Only the calling thread continues in the child.
import { SWITCH_THREAD } from '../../kernel/blocking.ts';
import type { Process } from '../../kernel/process.ts';
import { guestCall, type HostGenerator, type WaitStep } from '../abi/host-region.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { DESCRIPTOR_TID } from '../pthread/thread-registry.ts';
import { Sys } from '../runtime/kernel-call.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { resetStreamLocks } from '../stdio-ext/stream-locks.ts';
import { type AtforkHandlers, atforkHandlers } from './atfork.ts';

const SIGCHLD = 17;
const SIGKILL = 9;
const CLONE_CHILD_CLEARTID = 0x200000;
const CLONE_CHILD_SETTID = 0x1000000;

/** How a fork is made: fork, _Fork, vfork, or system()'s spawn. */
export interface ForkOptions {
  /** Whether the pthread_atfork handlers run (fork: yes; _Fork, vfork, spawns: no). */
  runHandlers: boolean;
  /** Whether the parent waits until the child calls execve or ends (vfork). */
  waitForChild: boolean;
  /** What the child runs instead of returning 0 from the call (a spawn's child: its exec). */
  child?: (child: LibcProcess) => HostGenerator;
}

/** Forks the calling thread's process; the parent gets the child's pid, or -1 and errno. */
export function* forkProcess(libc: LibcProcess, options: ForkOptions): HostGenerator {
  const { runHandlers, waitForChild } = options;
  const handlers = runHandlers ? [...atforkHandlers(libc)] : [];
  for (let i = handlers.length - 1; i >= 0; i--) {
    const prepare = handlers[i]!.prepare;
    if (prepare !== 0) yield guestCall(prepare, [], 'pthread_atfork prepare handler');
  }
  const cpu = libc.cpu;
  const flags = CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | SIGCHLD;
  const pid = libc.sys(Sys.clone, flags, 0, 0, cpu.fsBase + DESCRIPTOR_TID, 0);
  let child: Process | undefined;
  if (pid > 0) {
    child = libc.process.system?.find(pid);
    if (child === undefined) throw new Error(`Miros libc: fork: the child ${pid} is not in the system`);
    try {
      const childLibc = libc.forkInto(child);
      // As glibc's fork in a multi-threaded process, every stream's lock is free in the child.
      if (libc.process.threads.length > 1) resetStreamLocks(childLibc);
      const side = options.child?.(childLibc) ?? childSide(handlers);
      childLibc.region.continueFork(libc.region, cpu, child.mainThread.cpu, childLibc, side);
    } catch (error) {
      // The child must not run on the parent's state: it ends before it ever runs.
      libc.sys(Sys.kill, pid, SIGKILL);
      throw error;
    }
  }
  for (const handler of handlers)
    if (handler.parent !== 0) yield guestCall(handler.parent, [], 'pthread_atfork parent handler');
  if (pid < 0) {
    libc.errno = -pid;
    return -1;
  }
  if (waitForChild && child !== undefined) yield untilExecOrEnd(libc, child);
  return pid;
}

/** The child's side of fork, run first by its thread (bound to the child's libc): its atfork handlers, then 0. */
function* childSide(handlers: readonly AtforkHandlers[]): HostGenerator {
  for (const handler of handlers)
    if (handler.child !== 0) yield guestCall(handler.child, [], 'pthread_atfork child handler');
  return 0;
}

/** vfork's parent waits, switched out, until its child calls execve or ends (as Linux's). */
function untilExecOrEnd(libc: LibcProcess, child: Process): WaitStep {
  const thread = libc.thread;
  const park = (): never => {
    thread.wait = { kind: 'vfork', child };
    throw SWITCH_THREAD;
  };
  return {
    kind: 'wait',
    begin: () => (child.vforkDone ? 0 : undefined),
    poll: () => {
      thread.wait = undefined;
      if (child.vforkDone) return 0;
      return park();
    },
  };
}

const FORK: ForkOptions = { runHandlers: true, waitForChild: false };
const VFORK: ForkOptions = { runHandlers: false, waitForChild: true };

export const FORK_FUNCTIONS: FunctionTable = {
  fork: (_f, libc) => forkProcess(libc, FORK),
  __fork: (_f, libc) => forkProcess(libc, FORK),
  __libc_fork: (_f, libc) => forkProcess(libc, FORK),
  _Fork: (_f, libc) => forkProcess(libc, { runHandlers: false, waitForChild: false }),
  // vfork's child shares nothing here (a copy, as fork's): POSIX allows it; the parent still
  // waits for the child's exec or end, so the order of what both do is vfork's.
  vfork: (_f, libc) => forkProcess(libc, VFORK),
  __vfork: (_f, libc) => forkProcess(libc, VFORK),
};
