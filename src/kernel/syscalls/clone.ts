// clone(2), clone3(2), fork(2) and vfork(2).
//
// Threads: the flag combinations glibc's and musl's pthread_create use (CLONE_VM|FS|FILES|
// SIGHAND|THREAD|SYSVSEM|SETTLS|PARENT_SETTID|CHILD_CLEARTID, musl adds CLONE_DETACHED).
// Processes: a clone without CLONE_THREAD makes a child process (../fork.ts), as fork and vfork
// do (glibc's fork is clone(CLONE_CHILD_SETTID|CLONE_CHILD_CLEARTID|SIGCHLD), musl's the fork
// call) — with CLONE_VM one that runs in its parent's address space (glibc's and musl's
// posix_spawn: CLONE_VM|CLONE_VFORK on a stack of its own); with CLONE_VFORK the caller waits
// until the child calls execve or ends, as on Linux.
// Combinations Linux rejects fail with EINVAL as there. Those Miros cannot make fail loudly
// (`miros: clone: …` on stderr, EINVAL): thread clones that would need state Miros keeps per
// process (own descriptor table, own cwd, namespaces), a process that shares its descriptor
// table, cwd or signal handlers with its parent (CLONE_FILES, CLONE_FS, CLONE_SIGHAND), and
// CLONE_PARENT.

import { CloneFlag, CSIGNAL } from '../abi/flags.ts';
import { NSIG, SIGCHLD } from '../abi/signals.ts';
import { BLOCKED } from '../blocking.ts';
import { Errno, fail } from '../errno.ts';
import { forkProcess } from '../fork.ts';
import { readU64 } from '../guest-memory.ts';
import type { Thread } from '../thread.ts';
import { createThread } from '../threads.ts';

/** What a thread needs shared with its creator; Miros keeps all of it per process. */
const THREAD_SHARING = CloneFlag.VM | CloneFlag.FS | CloneFlag.FILES | CloneFlag.SIGHAND | CloneFlag.THREAD;
/** Flags a thread clone may add: each is implemented or has nothing to do here. */
const THREAD_OPTIONS =
  CloneFlag.SYSVSEM | // no System V semaphores to undo
  CloneFlag.SETTLS |
  CloneFlag.PARENT_SETTID |
  CloneFlag.CHILD_SETTID |
  CloneFlag.CHILD_CLEARTID |
  CloneFlag.DETACHED | // ignored by Linux since 2.6
  CloneFlag.UNTRACED | // no tracer
  CloneFlag.IO; // no I/O scheduler
/** Flags a process clone (no CLONE_VM) may have: each is implemented or has nothing to do here. */
const PROCESS_OPTIONS =
  CloneFlag.VFORK |
  CloneFlag.SYSVSEM |
  CloneFlag.SETTLS |
  CloneFlag.PARENT_SETTID |
  CloneFlag.CHILD_SETTID |
  CloneFlag.CHILD_CLEARTID |
  CloneFlag.DETACHED |
  CloneFlag.UNTRACED |
  CloneFlag.IO;
/** clone3-only flags (above bit 31). */
const CLONE_CLEAR_SIGHAND = 2 ** 32;
const CLONE_INTO_CGROUP = 2 ** 33;
/** struct clone_args sizes: version 0 (64 bytes) up to version 2 with cgroup (88). */
const CLONE_ARGS_SIZE_VER0 = 64;
const CLONE_ARGS_SIZE_MAX = 88;
const PAGE_SIZE = 4096;

interface CloneRequest {
  /** The low 32 flag bits (the exit signal excluded). */
  flags: number;
  exitSignal: number;
  /** New stack pointer (0: the creator's). */
  stack: number;
  parentTid: number;
  childTid: number;
  tls: number;
}

/** Linux's copy_process checks, then Miros's: which clones it can make. */
function validate(thread: Thread, flags: number, call: string): void {
  const has = (bits: number) => (flags & bits) !== 0;
  const all = (bits: number) => (flags & bits) >>> 0 === bits >>> 0;
  if (all(CloneFlag.NEWNS | CloneFlag.FS) || all(CloneFlag.NEWUSER | CloneFlag.FS)) fail(Errno.EINVAL);
  if (has(CloneFlag.THREAD) && !has(CloneFlag.SIGHAND)) fail(Errno.EINVAL);
  if (has(CloneFlag.SIGHAND) && !has(CloneFlag.VM)) fail(Errno.EINVAL);
  if (has(CloneFlag.THREAD) && has(CloneFlag.NEWUSER | CloneFlag.NEWPID)) fail(Errno.EINVAL);
  if (has(CloneFlag.PIDFD) && has(CloneFlag.DETACHED)) fail(Errno.EINVAL);
  const process = thread.process;
  if (!has(CloneFlag.THREAD)) {
    // A new process: it may share its parent's memory (CLONE_VM), nothing else.
    const extra = flags & ~(PROCESS_OPTIONS | CloneFlag.VM);
    if (extra !== 0) {
      process.warn(
        `${call}: a new process ${describeFlags(extra, 'with')} is not supported (a process shares at most its memory, with CLONE_VM)`,
      );
      fail(Errno.EINVAL);
    }
    return;
  }
  const missing = THREAD_SHARING & ~flags;
  const extra = flags & ~(THREAD_SHARING | THREAD_OPTIONS);
  if (missing !== 0 || extra !== 0) {
    const parts: string[] = [];
    if (missing !== 0) parts.push(describeFlags(missing, 'without'));
    if (extra !== 0) parts.push(describeFlags(extra, 'with'));
    process.warn(
      `${call}: a clone ${parts.join(' and ')} is not supported (threads need CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD)`,
    );
    fail(Errno.EINVAL);
  }
}

function describeFlags(bits: number, preposition: string): string {
  const names = Object.entries(CloneFlag.group.values)
    .filter(([, bit]) => (bits & bit) !== 0)
    .map(([name]) => `CLONE_${name}`)
    .join('|');
  return `${preposition} ${names}`;
}

/**
 * Makes the thread or, without CLONE_THREAD, the child process; returns its id to the creator. The
 * new thread returns 0 from the call. A vfork caller waits, switched out, with the child's pid
 * as its result (the scheduler resumes it once the child has called execve or ended).
 */
function spawn(thread: Thread, request: CloneRequest): number {
  if ((request.flags & CloneFlag.THREAD) === 0) {
    const child = forkProcess(thread, request);
    if ((request.flags & CloneFlag.VFORK) === 0) return child.pid;
    thread.wakeResult = child.pid;
    thread.wait = { kind: 'vfork', child };
    return BLOCKED;
  }
  const child = createThread(thread);
  const cpu = child.cpu;
  // The child returns 0 from the call, on its own stack, with its TLS.
  cpu.gpr[0] = 0;
  cpu.gpr[1] = 0;
  if (request.stack !== 0) cpu.setRegister(4, request.stack);
  if ((request.flags & CloneFlag.SETTLS) !== 0) cpu.fsBase = request.tls;
  // (The new thread starts without an alternate signal stack, as Linux's for CLONE_VM.)
  // The tid writes ignore faults, as Linux's put_user there.
  const tid = child.tid;
  if ((request.flags & CloneFlag.PARENT_SETTID) !== 0) writeTid(thread, request.parentTid, tid);
  if ((request.flags & CloneFlag.CHILD_SETTID) !== 0) writeTid(thread, request.childTid, tid);
  if ((request.flags & CloneFlag.CHILD_CLEARTID) !== 0) child.clearChildTid = request.childTid;
  return tid;
}

function writeTid(thread: Thread, address: number, tid: number): void {
  try {
    thread.process.memory.write32(address, tid);
  } catch {
    // an unwritable address: the tid is just not stored
  }
}

/** fork(): a child process with SIGCHLD as its exit signal. */
export function sysFork(thread: Thread): number {
  return spawn(thread, { flags: 0, exitSignal: SIGCHLD, stack: 0, parentTid: 0, childTid: 0, tls: 0 });
}

/** vfork(): fork, and the caller waits until the child calls execve or ends. */
export function sysVfork(thread: Thread): number {
  return spawn(thread, { flags: CloneFlag.VFORK, exitSignal: SIGCHLD, stack: 0, parentTid: 0, childTid: 0, tls: 0 });
}

/** clone(flags, stack, parent_tid, child_tid, tls) — the x86-64 argument order. */
export function sysClone(
  thread: Thread,
  flags: number,
  stack: number,
  parentTid: number,
  childTid: number,
  tls: number,
): number {
  // Legacy clone takes the low 32 bits; the low byte is the exit signal.
  const low = flags >>> 0;
  const cloneFlags = (low & ~CSIGNAL) >>> 0;
  validate(thread, cloneFlags, 'clone');
  return spawn(thread, { flags: cloneFlags, exitSignal: low & CSIGNAL, stack, parentTid, childTid, tls });
}

/**
 * clone3(struct clone_args *args, size_t size): flags, pidfd, child_tid, parent_tid,
 * exit_signal, stack, stack_size, tls, set_tid, set_tid_size, cgroup — each a u64.
 */
export function sysClone3(thread: Thread, args: number, size: number): number {
  if (size < CLONE_ARGS_SIZE_VER0) fail(Errno.EINVAL);
  if (size > PAGE_SIZE) fail(Errno.E2BIG);
  const memory = thread.process.memory;
  // A larger struct from a newer libc is accepted when the fields Miros does not know are zero.
  for (let offset = CLONE_ARGS_SIZE_MAX; offset < size; offset++) {
    if (memory.read8(args + offset) !== 0) fail(Errno.E2BIG);
  }
  const field = (index: number) => (index * 8 < size ? readU64(memory, args + index * 8) : 0);
  const flags = field(0);
  const childTid = field(2);
  const parentTid = field(3);
  const exitSignal = field(4);
  const stack = field(5);
  const stackSize = field(6);
  const tls = field(7);
  const setTid = field(8);
  const setTidSize = field(9);
  const low = flags % 2 ** 32;
  const high = Math.floor(flags / 2 ** 32);
  // clone3_args_valid: known flags only, no CSIGNAL/DETACHED bits, a valid exit signal.
  // Above bit 31 only CLONE_CLEAR_SIGHAND (bit 32) and CLONE_INTO_CGROUP (bit 33) exist.
  if (high > (CLONE_CLEAR_SIGHAND | CLONE_INTO_CGROUP) / 2 ** 32) fail(Errno.EINVAL);
  if ((low & (CSIGNAL & ~CloneFlag.NEWTIME)) !== 0 || (low & CloneFlag.DETACHED) !== 0) fail(Errno.EINVAL);
  if (exitSignal > CSIGNAL || exitSignal > NSIG) fail(Errno.EINVAL);
  if ((high & 1) !== 0 && (low & CloneFlag.SIGHAND) !== 0) fail(Errno.EINVAL);
  if ((setTid !== 0) !== (setTidSize !== 0)) fail(Errno.EINVAL);
  // clone3_stack_valid: a stack needs a size, and a size needs a stack.
  if (stack === 0 ? stackSize !== 0 : stackSize === 0) fail(Errno.EINVAL);
  validate(thread, low, 'clone3');
  if (high !== 0 || setTidSize !== 0 || (low & CloneFlag.NEWTIME) !== 0) {
    thread.process.warn('clone3: CLONE_CLEAR_SIGHAND, CLONE_INTO_CGROUP, CLONE_NEWTIME and set_tid are not supported');
    fail(Errno.EINVAL);
  }
  return spawn(thread, {
    flags: low,
    exitSignal,
    // x86 stacks grow down: the thread starts at the top of the area.
    stack: stack === 0 ? 0 : stack + stackSize,
    parentTid,
    childTid,
    tls,
  });
}
