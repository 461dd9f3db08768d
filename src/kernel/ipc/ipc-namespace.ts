// The System V IPC namespace of a run: shared memory segments, semaphore sets and message queues,
// each kind with Linux's ids, keys and permissions (ipc/util.c: ipcget, ipcperms, ipc_addid).
// Every process of a System sees one namespace (Linux: one IPC namespace); objects outlive the
// processes that made them, until IPC_RMID, as on Linux — but not the run.

import { BLOCKED } from '../blocking.ts';
import { monotonicNanoseconds } from '../clock.ts';
import { Errno, fail } from '../errno.ts';
import type { StructBuffer } from '../guest-memory.ts';
import type { Process } from '../process.ts';
import type { Thread } from '../thread.ts';
import type { MessageQueue } from './message-queues.ts';
import type { SemaphoreSet } from './semaphores.ts';
import type { SharedMemorySegment } from './shared-memory-segments.ts';

export const IPC_PRIVATE = 0;
export const IPC_CREAT = 0o1000;
export const IPC_EXCL = 0o2000;
export const IPC_NOWAIT = 0o4000;
export const IPC_RMID = 0;
export const IPC_SET = 1;
export const IPC_STAT = 2;
export const IPC_INFO = 3;
/** Linux numbers an object `seq * SEQ_MULTIPLIER + index` (ipc/util.h, IPCMNI_SHIFT 15). */
const SEQ_MULTIPLIER = 32768;
/** The ipc_perm fields an ipc object keeps; `mode` holds the 9 permission bits (and shm's flags). */
export interface IpcPermissions {
  key: number;
  uid: number;
  gid: number;
  cuid: number;
  cgid: number;
  mode: number;
  seq: number;
}

/** What every kind of object has: its id, its permissions and its change time. */
export interface IpcObject {
  id: number;
  perm: IpcPermissions;
  /** Seconds of the last IPC_SET or creation (shm_ctime, sem_ctime, msg_ctime). */
  ctime: number;
  /** Set by IPC_RMID: gone from the namespace (a shm segment may live on while attached). */
  removed: boolean;
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** struct ipc64_perm, 48 bytes, at `offset` of `s`. */
export function storePermissions(s: StructBuffer, offset: number, perm: IpcPermissions): void {
  s.u32(offset, perm.key)
    .u32(offset + 4, perm.uid)
    .u32(offset + 8, perm.gid)
    .u32(offset + 12, perm.cuid)
    .u32(offset + 16, perm.cgid)
    .u32(offset + 20, perm.mode)
    .u16(offset + 24, perm.seq);
}

/** One kind's table of objects, numbered as Linux numbers them (a cyclic index, and a sequence). */
export class IpcIds<T extends IpcObject> {
  private readonly objects = new Map<number, T>();
  private lastIndex = -1;
  private seq = 0;

  constructor(
    /** The most objects of this kind (SHMMNI, SEMMNI, MSGMNI; IPCMNI is 32768). */
    readonly limit: number,
  ) {}

  get count(): number {
    return this.objects.size;
  }

  /** Every object, lowest index first (ipcs and /proc/sysvipc list them so). */
  all(): T[] {
    return [...this.objects.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]);
  }

  /** The highest index in use (IPC_INFO's result), -1 when none. */
  get highestIndex(): number {
    let highest = -1;
    for (const index of this.objects.keys()) highest = Math.max(highest, index);
    return highest;
  }

  /** The object at an index (SHM_STAT, SEM_STAT, MSG_STAT take one). */
  atIndex(index: number): T | undefined {
    return this.objects.get(index);
  }

  /** The object an id names: EINVAL for none (also for a removed object's old id, as Linux). */
  lookup(id: number): T {
    if (id < 0) fail(Errno.EINVAL);
    const object = this.objects.get(id % SEQ_MULTIPLIER);
    if (object === undefined || object.id !== id) fail(Errno.EINVAL);
    return object;
  }

  findKey(key: number): T | undefined {
    if (key === IPC_PRIVATE) return undefined;
    for (const object of this.objects.values()) if (object.perm.key === key) return object;
    return undefined;
  }

  /** Gives `object` the next free index (cyclically, as idr_alloc_cyclic) and its id. */
  add(object: T): T {
    if (this.objects.size >= this.limit) fail(Errno.ENOSPC);
    let index = this.lastIndex;
    do index = (index + 1) % this.limit;
    while (this.objects.has(index));
    // The sequence moves on each time the index wraps around (ipc_idr_alloc).
    if (index <= this.lastIndex) this.seq = (this.seq + 1) % 2 ** 16;
    this.lastIndex = index;
    object.perm.seq = this.seq;
    object.id = this.seq * SEQ_MULTIPLIER + index;
    this.objects.set(index, object);
    return object;
  }

  remove(object: T): void {
    this.objects.delete(object.id % SEQ_MULTIPLIER);
    object.removed = true;
    object.perm.key = IPC_PRIVATE;
  }

  /**
   * ipcget: the object for `key` and `flags` (IPC_CREAT, IPC_EXCL, the permission bits), made by
   * `create` when there is none (or for IPC_PRIVATE); `check` runs on an existing one (size,
   * count) before the permission check, as Linux's more_checks.
   */
  get(process: Process, key: number, flags: number, create: () => T, check: (object: T) => void): number {
    if (key !== IPC_PRIVATE) {
      const existing = this.findKey(key);
      if (existing !== undefined) {
        if (flags & IPC_CREAT && flags & IPC_EXCL) fail(Errno.EEXIST);
        check(existing);
        if (!permitted(process, existing.perm, flags)) fail(Errno.EACCES);
        return existing.id;
      }
      if (!(flags & IPC_CREAT)) fail(Errno.ENOENT);
    }
    if (this.objects.size >= this.limit) fail(Errno.ENOSPC);
    return this.add(create()).id;
  }
}

/** A new object's permissions: the caller's effective ids, the key, the low 9 bits of flags. */
export function newPermissions(process: Process, key: number, flags: number): IpcPermissions {
  const c = process.credentials;
  return { key, uid: c.euid, gid: c.egid, cuid: c.euid, cgid: c.egid, mode: flags & 0o777, seq: 0 };
}

/** What ipcperms grants: `flags`' rwx bits checked against the owner, group or other bits. */
export function permitted(process: Process, perm: IpcPermissions, flags: number): boolean {
  const requested = (flags >> 6) | (flags >> 3) | flags;
  const c = process.credentials;
  let granted = perm.mode;
  if (c.euid === perm.cuid || c.euid === perm.uid) granted >>= 6;
  else if (inGroup(process, perm.cgid) || inGroup(process, perm.gid)) granted >>= 3;
  if ((requested & ~granted & 0o7) === 0) return true;
  // CAP_IPC_OWNER: root may do anything.
  return c.euid === 0;
}

function inGroup(process: Process, gid: number): boolean {
  return process.credentials.egid === gid || process.credentials.groups.includes(gid);
}

/** IPC_SET and IPC_RMID: only the owner, the creator, or root (CAP_SYS_ADMIN). */
export function checkOwner(process: Process, perm: IpcPermissions): void {
  const euid = process.credentials.euid;
  if (euid !== perm.uid && euid !== perm.cuid && euid !== 0) fail(Errno.EPERM);
}

/** IPC_SET's changes: uid, gid and the 9 mode bits from the caller's ipc64_perm. */
export function setPermissions(perm: IpcPermissions, s: StructBuffer): void {
  perm.uid = s.getU32(4);
  perm.gid = s.getU32(8);
  perm.mode = (perm.mode & ~0o777) | (s.getU32(20) & 0o777);
}

/** The namespace of a run: the three kinds of objects. */
export class IpcNamespace {
  /** SHMMNI, SEMMNI, MSGMNI as this machine's /proc/sys/kernel shows them. */
  readonly segments = new IpcIds<SharedMemorySegment>(4096);
  readonly semaphoreSets = new IpcIds<SemaphoreSet>(32000);
  readonly messageQueues = new IpcIds<MessageQueue>(32000);
}

const namespaces = new WeakMap<object, IpcNamespace>();

/** The namespace a process sees: its System's (every process of a run), else its own. */
export function ipcNamespaceOf(process: Process): IpcNamespace {
  const owner: object = process.system ?? process;
  let namespace = namespaces.get(owner);
  if (namespace === undefined) {
    namespace = new IpcNamespace();
    namespaces.set(owner, namespace);
  }
  return namespace;
}

/** What a blocked call keeps across its retries (thread.restart) → the object it waits on. */
const blockedOn = new WeakMap<object, IpcObject>();

/**
 * The call's deadline: kept from a retry of the blocked call, else from `start` (Infinity for
 * none). `removedWhileWaiting` says whether this is a retry and the object it waited on is gone.
 */
export function retryState(thread: Thread): { deadline: number | undefined; removedWhileWaiting: boolean } {
  const restart = thread.restart;
  if (restart === undefined) return { deadline: undefined, removedWhileWaiting: false };
  return { deadline: restart.deadline, removedWhileWaiting: blockedOn.get(restart)?.removed === true };
}

/**
 * Blocks the calling thread until other threads have run (or `deadline`, monotonic ns), on
 * `object`: the call runs again then, from the start (src/kernel/blocking.ts). Returns BLOCKED,
 * or fails with `timedOut` when the deadline has passed.
 */
export function blockOn(thread: Thread, object: IpcObject, deadline: number, timedOut: Errno): number {
  if (monotonicNanoseconds() >= deadline) fail(timedOut);
  const restart = { deadline };
  thread.restart = restart;
  blockedOn.set(restart, object);
  thread.wait = { kind: 'poll', deadline, external: false };
  return BLOCKED;
}
