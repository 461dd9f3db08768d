// Creating and ending threads: the new thread's CPU (a copy of the creator's registers sharing
// the process's memory and decoded-code cache), and what a thread's exit does — robust-list
// processing (FUTEX_OWNER_DIED), clear_child_tid with its futex wake, leaving the schedule.

import type { Cpu } from '../cpu/cpu.ts';
import { ProcessExit, ThreadExit } from './exit.ts';
import type { Process } from './process.ts';
import { Thread } from './thread.ts';

const FUTEX_WAITERS = 0x80000000;
const FUTEX_OWNER_DIED = 0x40000000;
const FUTEX_TID_MASK = 0x3fffffff;
/** Linux's ROBUST_LIST_LIMIT: at most this many entries are walked (a cyclic list ends). */
const ROBUST_LIST_LIMIT = 2048;

/**
 * A CPU for a new thread of `process`, with `parent`'s registers. Adapter over src/cpu/cpu.ts:
 * each Cpu builds its own decoded-code cache and points the address space's one code-write
 * listener at it, so the listener is replaced here by one that invalidates the page in the
 * cache of every live thread (watchCodeWrites). (Sharing one cache would need the Cpu to accept one: its
 * `blocks` is readonly, and replacing it on the instance changes the object's shape.)
 */
function threadCpu(process: Process, parent: Cpu): Cpu {
  const memory = process.memory;
  const cpu = process.createCpu(memory, process.dispatcher);
  watchCodeWrites(process);
  copyCpuState(parent, cpu);
  return cpu;
}

/**
 * Points the address space's one code-write listener at the decoded-code cache of every thread
 * that runs in it: the threads of `process` and of the processes sharing its memory (each Cpu
 * sets the listener to its own cache when it is made, so this runs after a Cpu is added).
 */
export function watchCodeWrites(process: Process): void {
  const users = process.memoryUsers;
  process.memory.onCodeWrite = (page) => {
    for (let u = 0; u < users.length; u++) {
      const threads = users[u]!.threads;
      for (let i = 0; i < threads.length; i++) threads[i]!.cpu.blocks.invalidatePage(page);
    }
  };
}

/**
 * Copies what a new thread or a forked process starts with from `from` to `to`: the registers,
 * rip, fs/gs base, flags, SSE and x87 state, and the JIT's settings.
 */
export function copyCpuState(from: Cpu, to: Cpu): void {
  to.blocks.hostEntries = from.blocks.hostEntries;
  to.jitThreshold = from.jitThreshold;
  to.inlineThreshold = from.inlineThreshold;
  to.gpr.set(from.gpr);
  to.rip = from.rip;
  to.fsBase = from.fsBase;
  to.gsBase = from.gsBase;
  to.flags = from.flags;
  to.lazyOp = from.lazyOp;
  to.lazyA = from.lazyA;
  to.lazyAHi = from.lazyAHi;
  to.lazyB = from.lazyB;
  to.lazyBHi = from.lazyBHi;
  to.lazyR = from.lazyR;
  to.lazyRHi = from.lazyRHi;
  to.hi = from.hi;
  to.xmm.set(from.xmm);
  to.mxcsr = from.mxcsr;
  const x87From = from.x87;
  const x87To = to.x87;
  x87To.se.set(x87From.se);
  x87To.hi.set(x87From.hi);
  x87To.lo.set(x87From.lo);
  x87To.empty = x87From.empty;
  x87To.top = x87From.top;
  x87To.setControl(x87From.control);
  x87To.status = x87From.status;
  x87To.lastOpcode = x87From.lastOpcode;
}

/**
 * A new thread of `parent`'s process, running from the same instruction with the same
 * registers and signal mask (the caller then sets rax, rsp, fs). It joins the schedule at the
 * end of the round-robin order.
 */
export function createThread(parent: Thread): Thread {
  const process = parent.process;
  const thread = new Thread(process, process.allocateTid(), threadCpu(process, parent.cpu), parent.name);
  thread.blocked.set(parent.blocked.lo, parent.blocked.hi);
  process.threads.push(thread);
  return thread;
}

/**
 * exit(2) of one thread: processes its robust list, clears and wakes clear_child_tid, and
 * leaves the schedule (throws ThreadExit out of the CPU). The last thread's exit ends the
 * process with its status (throws ProcessExit).
 */
export function exitThread(thread: Thread, status: number): never {
  const process = thread.process;
  if (process.threads.length === 1) throw new ProcessExit(status & 0xff);
  releaseRobustList(thread);
  const tidAddress = thread.clearChildTid;
  if (tidAddress !== 0) {
    // As Linux's mm_release: a fault here is ignored (the thread is gone either way).
    try {
      process.memory.write32(tidAddress, 0);
      process.futexes.wake(tidAddress, 1);
    } catch {
      // unwritable clear_child_tid: nothing to clear
    }
  }
  process.removeThread(thread);
  throw new ThreadExit(status & 0xff);
}

/**
 * Linux's exit_robust_list: every futex on the dying thread's robust list (and the one in
 * list_op_pending) that it still owns gets FUTEX_OWNER_DIED, and one waiter is woken.
 * struct robust_list_head { next; long futex_offset; list_op_pending } — entry pointers with
 * bit 0 set are PI futexes.
 */
function releaseRobustList(thread: Thread): void {
  const head = thread.robustList;
  if (head === 0) return;
  try {
    const next = readPointer(thread, head);
    const offset = readPointer(thread, head + 8);
    const pending = readPointer(thread, head + 16);
    let entry = next;
    let limit = ROBUST_LIST_LIMIT;
    const pendingEntry = pending - (pending % 2);
    while (entry - (entry % 2) !== head && limit-- > 0) {
      const address = entry - (entry % 2);
      const following = readPointer(thread, address);
      // The pending entry is handled last, as Linux does.
      if (address !== pendingEntry) futexDeath(thread, address + offset, entry % 2 === 1, false);
      entry = following;
    }
    if (pendingEntry !== 0) futexDeath(thread, pendingEntry + offset, pending % 2 === 1, true);
  } catch {
    // An unreadable list ends the walk (Linux stops at the first fault).
  }
}

function readPointer(thread: Thread, address: number): number {
  const memory = thread.process.memory;
  const lo = memory.read32(address) >>> 0;
  const hi = memory.read32(address + 4) | 0;
  return hi * 4294967296 + lo;
}

/** Linux's handle_futex_death for one robust futex word. */
function futexDeath(thread: Thread, address: number, pi: boolean, pendingOp: boolean): void {
  if (address % 4 !== 0 || address < 0 || address >= 2 ** 32) return;
  const memory = thread.process.memory;
  const word = memory.read32(address) >>> 0;
  // A lock op interrupted before it took the lock: wake a waiter that may be sleeping on it.
  if (pendingOp && !pi && word === 0) {
    thread.process.futexes.wake(address, 1);
    return;
  }
  if ((word & FUTEX_TID_MASK) !== thread.tid) return;
  memory.write32(address, (word & FUTEX_WAITERS) | FUTEX_OWNER_DIED | 0);
  if (!pi && (word & FUTEX_WAITERS) !== 0) thread.process.futexes.wake(address, 1);
}
