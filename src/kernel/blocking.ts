// How a system call that cannot complete yet says so.
//
// A handler that would block returns BLOCKED after recording in `thread.wait` what it waits for.
// With one thread, the dispatcher waits on the host when that can ever succeed, then runs the
// handler again from the start, as Linux restarts a call. With several, it throws
// SWITCH_THREAD out of the CPU: the thread's rip is back on its SYSCALL instruction and the
// scheduler (./scheduler.ts) runs other threads, and runs this one's call again when its wait
// may be over — so handlers must be written to be retried: consume nothing before blocking.
// A call another thread completes (a woken FUTEX_WAIT) leaves its result in `thread.wakeResult`.

import type { OpenFile } from './fs/open-file.ts';
import type { RecordLocks } from './fs/record-locks.ts';
import type { Process } from './process.ts';

/** A handler's result meaning "not now": never a real result (those are >= -4095). */
export const BLOCKED = -(2 ** 40);

/**
 * A handler's result meaning "rax is already what it should be": rt_sigreturn (rax comes from
 * the signal frame) and a call restarted after a handler (rax is the call's number again).
 */
export const KEEP_RAX = -(2 ** 41);

/**
 * Thrown by the dispatcher out of `Cpu.run` when the calling thread must wait: the CPU leaves
 * rip on the SYSCALL instruction (an exception from an instruction does that) and the run loop
 * (System.run) switches threads.
 */
export const SWITCH_THREAD = Symbol('switch thread');

export type Wait =
  /** Data (or end of file) to read on a file. */
  | { kind: 'readable'; file: OpenFile }
  /** Room to write on a file. */
  | { kind: 'writable'; file: OpenFile }
  /** A futex word to be woken (FUTEX_WAIT), until `deadline` (monotonic ns; Infinity for none). */
  | { kind: 'futex'; address: number; deadline: number }
  /**
   * poll/select over several files, until `deadline`. `external` says whether any of them can
   * become ready through the outside world (a host pipe or terminal), not only other threads.
   */
  | { kind: 'poll'; deadline: number; external: boolean }
  /**
   * Just time (nanosleep, clock_nanosleep): until `deadline` in monotonic ns. A relative sleep
   * that a handler interrupts writes the time left to `remaining` (a timespec; 0 for none).
   */
  | { kind: 'sleep'; deadline: number; remaining?: number }
  /** pause(), sigsuspend(), rt_sigtimedwait(): until a signal arrives or `deadline` (if given). */
  | { kind: 'signal'; deadline?: number }
  /** wait4, waitid: until a child of the caller's process ends (or none is left). */
  | { kind: 'child' }
  /** vfork's parent: until the child calls execve or ends (the call's result is already set). */
  | { kind: 'vfork'; child: Process }
  /** fcntl F_SETLKW: until a record lock is released (`locks.changes` moves past `changes`). */
  | { kind: 'record-lock'; locks: RecordLocks; changes: number };
