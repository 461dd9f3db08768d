// A new process as a copy of the calling one: fork, vfork, and clone without CLONE_THREAD.
//
// The child gets what Linux's copy_process gives a child that shares nothing: a copy of every
// mapping of the address space (only pages that may hold non-zero bytes are copied; the rest of
// the 4 GiB memory stays untouched, so it costs nothing), the memory manager's brk, stack and
// file backings, the descriptor table (the open file descriptions themselves are shared: one
// offset, one pipe end), the cwd, umask, ids, limits, process group and session, signal
// dispositions, and the calling thread's registers, signal mask and alternate signal stack —
// with rax = 0, the child's result. It starts with no pending signals and no interval timer.
// Other threads of the caller are not copied (POSIX: the child has one thread).
//
// With CLONE_VM (posix_spawn's CLONE_VM|CLONE_VFORK) nothing of the address space is copied: the
// child runs in its parent's memory, with the same memory manager and futex queues, until it
// calls execve or ends (Process.shareMemoryWith).
//
// MAP_SHARED mappings must stay shared between parent and child; each process has its own
// address space, so ./shared-memory.ts keeps their bytes equal across process switches.

import { type AddressSpace, PAGE_CODE, PAGE_DIRTY, PAGE_SHIFT, PAGE_SIZE } from '../memory/address-space.ts';
import { CloneFlag } from './abi/flags.ts';
import { NSIG } from './abi/signals.ts';
import { Errno, fail } from './errno.ts';
import { Process } from './process.ts';
import { shareMappings } from './shared-memory.ts';
import type { Thread } from './thread.ts';
import { copyCpuState, watchCodeWrites } from './threads.ts';
import { inheritUtsNamespace } from './uts.ts';

export interface ForkRequest {
  /** The low 32 clone flags without the exit signal (CLONE_VFORK, CLONE_*_SETTID, …). */
  flags: number;
  /** What the parent gets when the child ends (SIGCHLD for fork; 0: nothing). */
  exitSignal: number;
  /** The child's stack pointer (0: the caller's). */
  stack: number;
  parentTid: number;
  childTid: number;
  tls: number;
}

/** Makes the child process of `thread`'s process and adds it to the system's schedule. */
export function forkProcess(thread: Thread, request: ForkRequest): Process {
  const parent = thread.process;
  const system = parent.system;
  if (system === undefined) {
    parent.warn('fork: this process was built without a System to schedule a second process in');
    fail(Errno.ENOSYS);
  }
  const sharesMemory = (request.flags & CloneFlag.VM) !== 0;
  const child = new Process({
    createCpu: parent.createCpu,
    vfs: parent.vfs,
    cwd: parent.cwd,
    executable: parent.executable,
    debug: parent.debug,
    ...(parent.tracer ? { tracer: parent.tracer } : {}),
    random: parent.random,
    warn: parent.warnLine,
    pid: system.allocateId(),
    ...(sharesMemory ? { shareMemoryWith: parent } : {}),
  });
  child.ppid = parent.pid;
  child.pgid = parent.pgid;
  child.sid = parent.sid;
  child.umask = parent.umask;
  child.nice = parent.nice;
  child.personality = parent.personality;
  child.exitSignal = request.exitSignal;
  Object.assign(child.credentials, parent.credentials, { groups: [...parent.credentials.groups] });
  inheritUtsNamespace(parent, child);
  parent.limits.forEach((limit, i) => {
    child.limits[i] = { ...limit };
  });
  child.fds.limit = parent.fds.limit;
  for (let signal = 1; signal <= NSIG; signal++)
    child.signalActions.set(signal, { ...parent.signalActions.get(signal) });
  child.image = parent.image;
  child.argumentArea = parent.argumentArea;

  if (sharesMemory) {
    // The child's CPU decodes from the same memory: a write there must reach every cache.
    watchCodeWrites(child);
  } else {
    copyAddressSpace(parent.memory, child.memory);
    parent.mm.copyInto(child.mm);
    shareMappings(parent, child);
  }
  for (const fd of parent.fds.openDescriptors()) child.fds.replace(fd, parent.fds.get(fd), parent.fds.closeOnExec(fd));

  const main = child.mainThread;
  main.name = thread.name;
  const cpu = main.cpu;
  copyCpuState(thread.cpu, cpu);
  cpu.gpr[0] = 0;
  cpu.gpr[1] = 0;
  if (request.stack !== 0) cpu.setRegister(4, request.stack);
  if ((request.flags & CloneFlag.SETTLS) !== 0) cpu.fsBase = request.tls;
  main.blocked.set(thread.blocked.lo, thread.blocked.hi);
  main.altStack = { ...thread.altStack };
  // The tid writes ignore faults, as Linux's put_user there: the parent's in the parent's memory,
  // the child's in the child's (glibc's fork passes &THREAD_SELF->tid with CLONE_CHILD_SETTID).
  if ((request.flags & CloneFlag.PARENT_SETTID) !== 0) writeTid(parent.memory, request.parentTid, child.pid);
  if ((request.flags & CloneFlag.CHILD_SETTID) !== 0) writeTid(child.memory, request.childTid, child.pid);
  if ((request.flags & CloneFlag.CHILD_CLEARTID) !== 0) main.clearChildTid = request.childTid;
  system.add(child);
  return child;
}

function writeTid(memory: AddressSpace, address: number, tid: number): void {
  try {
    memory.write32(address, tid);
  } catch {
    // an unwritable address: the tid is just not stored
  }
}

/**
 * Copies the mappings of `from` into the empty address space `to`: the same list, the same page
 * permissions (without the marks of decoded code, which belong to the parent's CPUs), and the
 * bytes of every page that may be non-zero.
 */
function copyAddressSpace(from: AddressSpace, to: AddressSpace): void {
  from.materializeAll();
  const flags = from.pageFlags;
  for (const m of from.mappingList) {
    to.map(m.start, m.end - m.start, m.prot, {
      shared: m.shared,
      name: m.name,
      offset: m.offset,
      device: m.device,
      inode: m.inode,
    });
    const last = m.end / PAGE_SIZE;
    for (let page = m.start >>> PAGE_SHIFT; page < last; page++) {
      to.pageFlags[page] = flags[page]! & ~PAGE_CODE;
      if ((flags[page]! & PAGE_DIRTY) === 0) continue;
      let run = page + 1;
      while (run < last && (flags[run]! & PAGE_DIRTY) !== 0) {
        to.pageFlags[run] = flags[run]! & ~PAGE_CODE;
        run++;
      }
      to.bytes.set(from.bytes.subarray(page * PAGE_SIZE, run * PAGE_SIZE), page * PAGE_SIZE);
      page = run - 1;
    }
  }
}
