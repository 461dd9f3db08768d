// POSIX record locks (fcntl F_GETLK/F_SETLK/F_SETLKW and the F_OFD_ forms) between the processes
// of a run, as Linux's fs/locks.c keeps them.
//
// Locks belong to a file (its inode: two opens of one path share them), cover byte ranges
// [start, end] (end OFFSET_MAX for "to infinity"), and have an owner: a process (traditional
// locks, by pid, so they survive execve) or an open file description (OFD locks, shared by dup
// and fork). An owner's own locks never conflict with each other: a new lock replaces what the
// owner held in its range, splitting locks of the other type and merging with overlapping or
// adjacent ones of the same type. Read locks are shared, write locks exclusive between owners.
//
// Releases: a traditional lock goes when its process closes ANY descriptor of the file (POSIX's
// rule) or ends; an OFD lock when the last descriptor of its description closes. A blocked
// F_SETLKW is retried by the scheduler after any release (`changes`); EDEADLK follows Linux's
// chain of "owner waits for a lock held by owner" (traditional locks only, at most 10 steps).
//
// BSD flock(2) locks live beside them, as in Linux (flock_lock_inode), and never conflict with
// record locks: one per open file description per file, shared or exclusive; a description that
// changes its lock's type drops the old one first (conversion is not atomic: a failed
// non-blocking upgrade leaves it with none); it goes with LOCK_UN or the description's last
// descriptor. /proc/locks lists them as FLOCK with the pid that took them.

import { LockType } from '../abi/flags.ts';
import { Errno, fail } from '../errno.ts';
import type { Thread } from '../thread.ts';
import type { OpenFile } from './open-file.ts';
import { major, minor } from './stat.ts';

/** Linux's OFFSET_MAX (loff_t's maximum): the end of a lock "to end of file and beyond". */
export const OFFSET_MAX = (1n << 63n) - 1n;
/** Linux's MAX_DEADLK_ITERATIONS. */
const MAX_DEADLOCK_STEPS = 10;

/** A process (its pid) or an open file description (OFD locks). */
export type LockOwner = number | OpenFile;

export interface RecordLock {
  owner: LockOwner;
  /** LockType.RDLCK or WRLCK. */
  type: number;
  start: bigint;
  end: bigint;
  /** When the lock was made (/proc/locks lists the newest first, as Linux's global list). */
  serial?: number;
}

let lastSerial = 0;

/** The identity of a file's inode (dev:ino), or undefined when the file cannot say. */
export function inodeKey(file: OpenFile): string | undefined {
  try {
    const stat = file.stat();
    return `${stat.dev}:${stat.ino}`;
  } catch {
    return undefined;
  }
}

function conflicts(a: RecordLock, b: { owner: LockOwner; type: number; start: bigint; end: bigint }): boolean {
  if (a.owner === b.owner) return false;
  if (a.end < b.start || b.end < a.start) return false;
  return a.type === LockType.WRLCK || b.type === LockType.WRLCK;
}

/** A thread blocked in F_SETLKW: whose lock it waits for (for the deadlock check). */
interface Waiter {
  thread: Thread;
  wait: object;
  blocker: LockOwner;
}

/** A flock(2) lock: its open file description, its type, and the process that took it. */
interface FlockLock {
  file: OpenFile;
  type: number;
  pid: number;
  serial: number;
}

/** What a flock(2) request came to: done, or the description whose lock it conflicts with. */
export type FlockOutcome = { done: true } | { done: false; holder: OpenFile };

export class RecordLocks {
  /** Each file's locks, in Linux's list order (owners in the order they first locked it). */
  private readonly files = new Map<string, RecordLock[]>();
  /** Each file's flock(2) locks. */
  private readonly flocks = new Map<string, FlockLock[]>();
  /** Traditional locks held per pid (to skip the close rule's stat when there are none). */
  private readonly heldByPid = new Map<number, number>();
  /** Traditional owners (pids) blocked in F_SETLKW. */
  private readonly waiters = new Map<number, Waiter>();
  /** Bumped whenever a lock is removed or narrowed: blocked F_SETLKW calls try again. */
  changes = 0;

  /** The first lock of another owner that `request` conflicts with (F_GETLK, F_SETLK). */
  findConflict(key: string, request: RecordLock): RecordLock | undefined {
    return this.files.get(key)?.find((lock) => conflicts(lock, request));
  }

  /**
   * Whether waiting for `blocker`'s lock would close a cycle back to `owner` (Linux's
   * posix_locks_deadlock: traditional owners only).
   */
  wouldDeadlock(owner: LockOwner, blocker: LockOwner): boolean {
    if (typeof owner !== 'number') return false;
    let next: LockOwner | undefined = blocker;
    for (let step = 0; step <= MAX_DEADLOCK_STEPS && typeof next === 'number'; step++) {
      const waiter = this.waiters.get(next);
      if (waiter === undefined || waiter.thread.wait !== waiter.wait) return false;
      next = waiter.blocker;
      if (next === owner) return true;
    }
    return false;
  }

  /** Records that `owner`'s thread waits (as `wait`) for a lock `blocker` holds. */
  noteWaiting(owner: LockOwner, thread: Thread, wait: object, blocker: LockOwner): void {
    if (typeof owner === 'number') this.waiters.set(owner, { thread, wait, blocker });
  }

  noteNotWaiting(owner: LockOwner): void {
    if (typeof owner === 'number') this.waiters.delete(owner);
  }

  /**
   * Sets `owner`'s locks on the file over [start, end] to `type` (RDLCK, WRLCK, or UNLCK to
   * remove them), splitting and merging as Linux's posix_lock_inode. No conflict check.
   */
  apply(key: string, request: RecordLock): void {
    const locks = this.files.get(key) ?? [];
    const { owner, type } = request;
    let start = request.start;
    let end = request.end;
    let removed = false;
    let serial: number | undefined;
    const kept: RecordLock[] = [];
    let firstOwn = -1;
    for (const lock of locks) {
      if (lock.owner !== owner) {
        kept.push(lock);
        continue;
      }
      if (firstOwn < 0) firstOwn = kept.length;
      const adjacent = lock.end + 1n === request.start || request.end + 1n === lock.start;
      const overlapping = !(lock.end < request.start || request.end < lock.start);
      if (type !== LockType.UNLCK && lock.type === type && (overlapping || adjacent)) {
        // Same type touching the range: one lock over both.
        if (lock.start < start) start = lock.start;
        if (lock.end > end) end = lock.end;
        // Linux extends the lock it merges with.
        serial ??= lock.serial;
        continue;
      }
      if (!overlapping) {
        kept.push(lock);
        continue;
      }
      // The other type (or an unlock) over part of it: keep what lies outside the range.
      removed = true;
      if (lock.start < request.start) kept.push({ ...lock, end: request.start - 1n });
      if (lock.end > request.end) kept.push({ ...lock, start: request.end + 1n, serial: ++lastSerial });
    }
    if (type !== LockType.UNLCK) kept.push({ owner, type, start, end, serial: serial ?? ++lastSerial });
    // The owner's locks together, by start, where its first lock was (else at the end).
    const own = kept.filter((lock) => lock.owner === owner).sort((a, b) => (a.start < b.start ? -1 : 1));
    const others = kept.filter((lock) => lock.owner !== owner);
    const at = firstOwn < 0 ? others.length : Math.min(firstOwn, others.length);
    const result = [...others.slice(0, at), ...own, ...others.slice(at)];
    if (result.length === 0) this.files.delete(key);
    else this.files.set(key, result);
    if (typeof owner === 'number') {
      const before = locks.filter((lock) => lock.owner === owner).length;
      this.countFor(owner, own.length - before);
    }
    // A downgrade (write to read) lets readers in too.
    if (removed || type === LockType.UNLCK || type === LockType.RDLCK) this.changes++;
  }

  private countFor(pid: number, delta: number): void {
    const count = (this.heldByPid.get(pid) ?? 0) + delta;
    if (count > 0) this.heldByPid.set(pid, count);
    else this.heldByPid.delete(pid);
  }

  /** Removes every lock `owner` holds on the file with `key`, or on every file. */
  releaseOwner(owner: LockOwner, key?: string): void {
    for (const [fileKey, locks] of [...this.files]) {
      if (key !== undefined && fileKey !== key) continue;
      const kept = locks.filter((lock) => lock.owner !== owner);
      if (kept.length === locks.length) continue;
      if (typeof owner === 'number') this.countFor(owner, kept.length - locks.length);
      if (kept.length === 0) this.files.delete(fileKey);
      else this.files.set(fileKey, kept);
      this.changes++;
    }
  }

  /**
   * flock(2) for description `file` of process `pid` on the file with `key`: `type` RDLCK
   * (LOCK_SH), WRLCK (LOCK_EX) or UNLCK (LOCK_UN), as Linux's flock_lock_inode. A conflict is
   * reported and nothing is taken (the caller fails with EWOULDBLOCK or waits for `changes`).
   */
  flock(key: string, file: OpenFile, type: number, pid: number): FlockOutcome {
    const locks = this.flocks.get(key) ?? [];
    const own = locks.findIndex((lock) => lock.file === file);
    if (own >= 0) {
      if (locks[own]!.type === type) return { done: true };
      locks.splice(own, 1);
      this.changes++;
    }
    if (type !== LockType.UNLCK) {
      const holder = locks.find((lock) => type === LockType.WRLCK || lock.type === LockType.WRLCK);
      if (holder !== undefined) {
        this.storeFlocks(key, locks);
        return { done: false, holder: holder.file };
      }
      locks.push({ file, type, pid, serial: ++lastSerial });
    }
    this.storeFlocks(key, locks);
    return { done: true };
  }

  private storeFlocks(key: string, locks: FlockLock[]): void {
    if (locks.length === 0) this.flocks.delete(key);
    else this.flocks.set(key, locks);
  }

  /** The description's flock(2) locks go (its last descriptor closed). */
  private releaseFlocks(file: OpenFile): void {
    for (const [key, locks] of [...this.flocks]) {
      const kept = locks.filter((lock) => lock.file !== file);
      if (kept.length === locks.length) continue;
      this.storeFlocks(key, kept);
      this.changes++;
    }
  }

  /**
   * A descriptor of process `pid` referring to `file` is closing (the file still open): the
   * process's traditional locks on that file go (whatever descriptor took them), and the
   * description's OFD and flock locks when it is the last descriptor.
   */
  descriptorClosed(pid: number, file: OpenFile): void {
    if (this.flocks.size > 0 && file.descriptorCount <= 1) this.releaseFlocks(file);
    if (this.files.size === 0) return;
    if (file.descriptorCount <= 1) this.releaseOwner(file);
    if (!this.heldByPid.has(pid)) return;
    const key = inodeKey(file);
    if (key !== undefined) this.releaseOwner(pid, key);
  }

  /** A process ended: its traditional locks go, and it waits for nothing. */
  processEnded(pid: number): void {
    this.waiters.delete(pid);
    if (this.heldByPid.has(pid)) this.releaseOwner(pid);
  }

  /** /proc/locks: Linux's lines for the POSIX, OFD and flock locks of the run, the newest first. */
  procLines(): string {
    const all: { key: string; kind: string; type: number; pid: number; start: bigint; end: bigint; serial: number }[] =
      [];
    for (const [key, locks] of this.files)
      for (const lock of locks) {
        const traditional = typeof lock.owner === 'number';
        const kind = traditional ? 'POSIX ' : 'OFDLCK';
        const pid = traditional ? (lock.owner as number) : -1;
        all.push({ key, kind, type: lock.type, pid, start: lock.start, end: lock.end, serial: lock.serial ?? 0 });
      }
    for (const [key, locks] of this.flocks)
      for (const lock of locks)
        all.push({
          key,
          kind: 'FLOCK ',
          type: lock.type,
          pid: lock.pid,
          start: 0n,
          end: OFFSET_MAX,
          serial: lock.serial,
        });
    all.sort((a, b) => b.serial - a.serial);
    return all
      .map(({ key, kind, type, pid, start, end }, index) => {
        const [dev, ino] = key.split(':').map(Number) as [number, number];
        const typeName = type === LockType.WRLCK ? 'WRITE' : 'READ';
        const last = end === OFFSET_MAX ? 'EOF' : end.toString();
        return `${index + 1}: ${kind} ADVISORY  ${typeName} ${pid} ${hex2(major(dev))}:${hex2(minor(dev))}:${ino} ${start} ${last}\n`;
      })
      .join('');
  }
}

function hex2(value: number): string {
  return value.toString(16).padStart(2, '0');
}

/**
 * struct flock's l_whence/l_start/l_len → [start, end], as Linux's flock64_to_posix_lock:
 * EINVAL for a bad whence or a range before offset 0, EOVERFLOW past OFFSET_MAX.
 */
export function lockRange(whence: number, base: () => bigint, size: () => bigint, start: bigint, length: bigint) {
  let origin: bigint;
  if (whence === 0) origin = 0n;
  else if (whence === 1) origin = base();
  else if (whence === 2) origin = size();
  else fail(Errno.EINVAL);
  if (start > OFFSET_MAX - origin) fail(Errno.EOVERFLOW);
  let first = origin + start;
  if (first < 0n) fail(Errno.EINVAL);
  let last: bigint;
  if (length > 0n) {
    if (length - 1n > OFFSET_MAX - first) fail(Errno.EOVERFLOW);
    last = first + length - 1n;
  } else if (length < 0n) {
    if (first + length < 0n) fail(Errno.EINVAL);
    last = first - 1n;
    first += length;
  } else {
    last = OFFSET_MAX;
  }
  return { start: first, end: last };
}
