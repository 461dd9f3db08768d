// System V semaphores: semget, semop, semtimedop, semctl (Linux's ipc/sem.c).
//
// semop applies all of its operations or none; one that cannot proceed blocks the caller (or
// fails with EAGAIN under IPC_NOWAIT) and the call runs again, from the start, when other threads
// have run (the scheduler's retry of a 'poll' wait), until its timeout (semtimedop: EAGAIN).
// A set removed while a caller waits ends its wait with EIDRM. SEM_UNDO adjustments are kept per
// process (by pid: they survive execve, a fork's child starts without any) and applied when the
// process ends, clamped to [0, SEMVMX] as Linux's exit_sem does.

import { monotonicNanoseconds } from '../clock.ts';
import { Errno, fail } from '../errno.ts';
import { StructBuffer } from '../guest-memory.ts';
import type { Process } from '../process.ts';
import { readTimespec } from '../syscalls/time.ts';
import type { Thread } from '../thread.ts';
import {
  blockOn,
  checkOwner,
  IPC_INFO,
  IPC_NOWAIT,
  IPC_RMID,
  IPC_SET,
  IPC_STAT,
  type IpcObject,
  ipcNamespaceOf,
  newPermissions,
  nowSeconds,
  permitted,
  retryState,
  setPermissions,
  storePermissions,
} from './ipc-namespace.ts';

const SEMMSL = 32000;
const SEMMNI = 32000;
const SEMMNS = SEMMNI * SEMMSL;
const SEMOPM = 500;
const SEMVMX = 32767;
const SEMAEM = SEMVMX;
const SEMUSZ = 20;
const SEM_UNDO = 0x1000;
const GETPID = 11;
const GETVAL = 12;
const GETALL = 13;
const GETNCNT = 14;
const GETZCNT = 15;
const SETVAL = 16;
const SETALL = 17;
const SEM_STAT = 18;
const SEM_INFO = 19;
const SEM_STAT_ANY = 20;
const SEMID_DS_SIZE = 104;
const SEMINFO_SIZE = 40;
const SEMBUF_SIZE = 6;

interface Semaphore {
  value: number;
  /** sempid: the last process to change it. */
  pid: number;
}

interface SemaphoreOperation {
  number: number;
  op: number;
  flags: number;
}

/** A caller blocked in semop: counted by GETNCNT/GETZCNT while its thread still waits. */
interface SemaphoreWaiter {
  thread: Thread;
  wait: object;
  /** The semaphore it waits on and whether for zero (semzcnt) or an increase (semncnt). */
  number: number;
  forZero: boolean;
}

export interface SemaphoreSet extends IpcObject {
  semaphores: Semaphore[];
  otime: number;
  waiters: SemaphoreWaiter[];
}

/** Per process (pid): the SEM_UNDO adjustments of each set it touched. */
const undoLists = new WeakMap<object, Map<number, Map<SemaphoreSet, number[]>>>();

function undoListsOf(process: Process): Map<number, Map<SemaphoreSet, number[]>> {
  const owner: object = process.system ?? process;
  let lists = undoLists.get(owner);
  if (lists === undefined) {
    lists = new Map();
    undoLists.set(owner, lists);
  }
  return lists;
}

export function sysSemget(thread: Thread, key: number, count: number, flags: number): number {
  const process = thread.process;
  const nsems = count | 0;
  if (nsems < 0 || nsems > SEMMSL) fail(Errno.EINVAL);
  return ipcNamespaceOf(process).semaphoreSets.get(
    process,
    key | 0,
    flags | 0,
    () => {
      if (nsems === 0) fail(Errno.EINVAL);
      const semaphores = Array.from({ length: nsems }, () => ({ value: 0, pid: 0 }));
      const perm = newPermissions(process, key | 0, flags | 0);
      return { id: 0, perm, ctime: nowSeconds(), removed: false, semaphores, otime: 0, waiters: [] };
    },
    (set) => {
      if (nsems > set.semaphores.length) fail(Errno.EINVAL);
    },
  );
}

export function sysSemop(thread: Thread, id: number, sops: number, count: number): number {
  return semtimedop(thread, id, sops, count, 0);
}

export function sysSemtimedop(thread: Thread, id: number, sops: number, count: number, timeout: number): number {
  return semtimedop(thread, id, sops, count, timeout);
}

function semtimedop(thread: Thread, id: number, sopsAddress: number, count: number, timeout: number): number {
  const process = thread.process;
  const retry = retryState(thread);
  const nsops = count >>> 0;
  if (nsops < 1 || count < 0) fail(Errno.EINVAL);
  if (nsops > SEMOPM) fail(Errno.E2BIG);
  const s = StructBuffer.read(process.memory, sopsAddress, nsops * SEMBUF_SIZE);
  const operations: SemaphoreOperation[] = [];
  for (let i = 0; i < nsops; i++) {
    operations.push({
      number: s.getU16(i * SEMBUF_SIZE),
      op: s.view.getInt16(i * SEMBUF_SIZE + 2, true),
      flags: s.view.getInt16(i * SEMBUF_SIZE + 4, true),
    });
  }
  let deadline = retry.deadline ?? Number.POSITIVE_INFINITY;
  if (retry.deadline === undefined && timeout !== 0) {
    const t = readTimespec(thread, timeout, true);
    deadline = monotonicNanoseconds() + t.sec * 1e9 + t.nsec;
  }
  if (retry.removedWhileWaiting) fail(Errno.EIDRM);
  const set = ipcNamespaceOf(process).semaphoreSets.lookup(id | 0);
  const highest = Math.max(...operations.map((o) => o.number));
  if (highest >= set.semaphores.length) fail(Errno.EFBIG);
  const alters = operations.some((o) => o.op !== 0);
  if (!permitted(process, set.perm, alters ? 0o222 : 0o444)) fail(Errno.EACCES);

  // Try every operation on a copy of the values; apply them only if none would wait.
  const values = set.semaphores.map((sem) => sem.value);
  const undo = undoListsOf(process).get(process.pid)?.get(set);
  const adjustments = undo === undefined ? new Array<number>(values.length).fill(0) : [...undo];
  for (const o of operations) {
    const value = values[o.number]!;
    if (o.op === 0 ? value !== 0 : value + o.op < 0) {
      if (o.flags & IPC_NOWAIT) fail(Errno.EAGAIN);
      const blocked = blockOn(thread, set, deadline, Errno.EAGAIN);
      set.waiters = set.waiters.filter((w) => w.thread !== thread && w.thread.wait === w.wait);
      set.waiters.push({ thread, wait: thread.wait!, number: o.number, forZero: o.op === 0 });
      return blocked;
    }
    const result = value + o.op;
    if (result > SEMVMX) fail(Errno.ERANGE);
    if (o.flags & SEM_UNDO) {
      const adjustment = adjustments[o.number]! - o.op;
      if (adjustment < -SEMAEM - 1 || adjustment > SEMAEM) fail(Errno.ERANGE);
      adjustments[o.number] = adjustment;
    }
    values[o.number] = result;
  }
  set.waiters = set.waiters.filter((w) => w.thread !== thread && w.thread.wait === w.wait);
  for (const o of operations) {
    const sem = set.semaphores[o.number]!;
    sem.value = values[o.number]!;
    sem.pid = process.pid;
  }
  if (operations.some((o) => o.flags & SEM_UNDO)) {
    const lists = undoListsOf(process);
    let own = lists.get(process.pid);
    if (own === undefined) {
      own = new Map();
      lists.set(process.pid, own);
    }
    own.set(set, adjustments);
  }
  set.otime = nowSeconds();
  return 0;
}

/** The threads still blocked on the set for one semaphore (semncnt or semzcnt). */
function waitingCount(set: SemaphoreSet, number: number, forZero: boolean): number {
  set.waiters = set.waiters.filter((w) => w.thread.wait === w.wait);
  return set.waiters.filter((w) => w.number === number && w.forZero === forZero).length;
}

/** SETVAL and SETALL clear every process's adjustments of what they set (Linux's semundo). */
function clearAdjustments(process: Process, set: SemaphoreSet, number: number | undefined): void {
  for (const own of undoListsOf(process).values()) {
    const adjustments = own.get(set);
    if (adjustments === undefined) continue;
    if (number === undefined) adjustments.fill(0);
    else adjustments[number] = 0;
  }
}

function storeSet(process: Process, set: SemaphoreSet, buffer: number): void {
  const s = new StructBuffer(SEMID_DS_SIZE);
  storePermissions(s, 0, set.perm);
  s.u64(48, set.otime).u64(64, set.ctime).u64(80, set.semaphores.length);
  s.writeTo(process.memory, buffer);
}

export function sysSemctl(thread: Thread, id: number, number: number, command: number, argument: number): number {
  const process = thread.process;
  const ids = ipcNamespaceOf(process).semaphoreSets;
  const cmd = command | 0;
  switch (cmd) {
    case IPC_INFO:
    case SEM_INFO: {
      const s = new StructBuffer(SEMINFO_SIZE);
      const all = ids.all();
      const info = [
        SEMMNS,
        SEMMNI,
        SEMMNS,
        SEMMNS,
        SEMMSL,
        SEMOPM,
        SEMOPM,
        cmd === SEM_INFO ? all.length : SEMUSZ,
        SEMVMX,
        cmd === SEM_INFO ? all.reduce((n, set) => n + set.semaphores.length, 0) : SEMAEM,
      ];
      for (const [i, value] of info.entries()) s.u32(i * 4, value);
      s.writeTo(process.memory, argument);
      return Math.max(ids.highestIndex, 0);
    }
    case SEM_STAT:
    case SEM_STAT_ANY: {
      const set = ids.atIndex(id | 0);
      if (set === undefined) fail(Errno.EINVAL);
      if (cmd === SEM_STAT && !permitted(process, set.perm, 0o444)) fail(Errno.EACCES);
      storeSet(process, set, argument);
      return set.id;
    }
  }
  const set = ids.lookup(id | 0);
  const n = number | 0;
  const single = () => {
    if (n < 0 || n >= set.semaphores.length) fail(Errno.EINVAL);
    return set.semaphores[n]!;
  };
  const readable = () => {
    if (!permitted(process, set.perm, 0o444)) fail(Errno.EACCES);
  };
  const writable = () => {
    if (!permitted(process, set.perm, 0o222)) fail(Errno.EACCES);
  };
  switch (cmd) {
    case IPC_STAT:
      readable();
      storeSet(process, set, argument);
      return 0;
    case IPC_SET: {
      const s = StructBuffer.read(process.memory, argument, SEMID_DS_SIZE);
      checkOwner(process, set.perm);
      setPermissions(set.perm, s);
      set.ctime = nowSeconds();
      return 0;
    }
    case IPC_RMID:
      checkOwner(process, set.perm);
      // Its waiters run again and find it gone (EIDRM).
      ids.remove(set);
      return 0;
    case GETVAL:
      readable();
      return single().value;
    case GETPID:
      readable();
      return single().pid;
    case GETNCNT:
    case GETZCNT:
      readable();
      single();
      return waitingCount(set, n, cmd === GETZCNT);
    case GETALL: {
      readable();
      const s = new StructBuffer(set.semaphores.length * 2);
      for (const [i, sem] of set.semaphores.entries()) s.u16(i * 2, sem.value);
      s.writeTo(process.memory, argument);
      return 0;
    }
    case SETVAL: {
      // The union semun's int, passed in the argument register.
      const value = argument | 0;
      const sem = single();
      writable();
      if (value < 0 || value > SEMVMX) fail(Errno.ERANGE);
      clearAdjustments(process, set, n);
      sem.value = value;
      sem.pid = process.pid;
      set.ctime = nowSeconds();
      return 0;
    }
    case SETALL: {
      writable();
      const s = StructBuffer.read(process.memory, argument, set.semaphores.length * 2);
      const values = set.semaphores.map((_, i) => s.getU16(i * 2));
      if (values.some((v) => v > SEMVMX)) fail(Errno.ERANGE);
      clearAdjustments(process, set, undefined);
      set.semaphores.forEach((sem, i) => {
        sem.value = values[i]!;
        sem.pid = process.pid;
      });
      set.ctime = nowSeconds();
      return 0;
    }
    default:
      fail(Errno.EINVAL);
  }
}

/** The process ends: its SEM_UNDO adjustments are applied (Linux's exit_sem). */
export function applySemaphoreUndo(process: Process): void {
  const lists = undoListsOf(process);
  const own = lists.get(process.pid);
  if (own === undefined) return;
  lists.delete(process.pid);
  for (const [set, adjustments] of own) {
    if (set.removed) continue;
    adjustments.forEach((adjustment, i) => {
      if (adjustment === 0) return;
      const sem = set.semaphores[i]!;
      sem.value = Math.min(SEMVMX, Math.max(0, sem.value + adjustment));
      sem.pid = process.pid;
    });
    set.otime = nowSeconds();
  }
}

/** /proc/sysvipc/sem's lines. */
export function sysvipcSemText(process: Process): string {
  let text = '       key      semid perms      nsems   uid   gid  cuid  cgid      otime      ctime\n';
  for (const set of ipcNamespaceOf(process).semaphoreSets.all()) {
    const p = set.perm;
    text += `${String(p.key | 0).padStart(10)} ${String(set.id).padStart(10)} ${(p.mode & 0o777).toString(8).padStart(5)} ${String(set.semaphores.length).padStart(10)} ${String(p.uid).padStart(5)} ${String(p.gid).padStart(5)} ${String(p.cuid).padStart(5)} ${String(p.cgid).padStart(5)} ${String(set.otime).padStart(10)} ${String(set.ctime).padStart(10)}\n`;
  }
  return text;
}
