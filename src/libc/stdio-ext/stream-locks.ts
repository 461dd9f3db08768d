// flockfile/funlockfile/ftrylockfile (and their _IO_ names) on the FILE's _IO_lock_t, as glibc's
// recursive stream lock: { int lock; int cnt; void *owner; } with owner = the thread's TCB
// (THREAD_SELF, the fs base) and lock a low-level lock word (0 free, 1 taken, 2 taken with
// waiters). A thread that finds the lock taken by another waits on the word as a futex, so the
// scheduler runs the owner. Miros's own stdio functions run without interruption by other guest
// threads until one must wait on its descriptor (../stdio/stream-io.ts): only then does it take
// the lock, until it is done, and the stdio calls of other threads wait for it, as glibc's lock
// makes them.
import { Errno } from '../../kernel/errno.ts';
import type { HostGenerator } from '../abi/host-region.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { futexWait, futexWake } from '../pthread/waiting.ts';
import { loadPointer, storePointer } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { FILE_LOCK } from '../stdio/file-layout.ts';

const LOCK_WORD = 0;
const COUNT = 4;
const OWNER = 8;
const FREE = 0;
const TAKEN = 1;
const CONTENDED = 2;

function lockOf(libc: LibcProcess, fp: number): number {
  return loadPointer(libc.memory, fp + FILE_LOCK);
}

/** THREAD_SELF: the calling thread's TCB address. */
function self(libc: LibcProcess): number {
  return libc.cpu.fsBase;
}

function take(libc: LibcProcess, lock: number): void {
  storePointer(libc.memory, lock + OWNER, self(libc));
  libc.memory.write32(lock + COUNT, 1);
}

function ownedByCaller(libc: LibcProcess, lock: number): boolean {
  // Guest addresses are below 4 GiB: the owner's high half is 0.
  return loadPointer(libc.memory, lock + OWNER) === self(libc);
}

function* waitForLock(libc: LibcProcess, lock: number): HostGenerator {
  const memory = libc.memory;
  while (memory.read32(lock + LOCK_WORD) !== FREE) {
    memory.write32(lock + LOCK_WORD, CONTENDED);
    yield futexWait(libc.thread, lock + LOCK_WORD, CONTENDED);
  }
  // Taken after a wait: others may still wait, so the unlock must wake (as lll_lock_wait leaves 2).
  memory.write32(lock + LOCK_WORD, CONTENDED);
  take(libc, lock);
  return undefined;
}

/**
 * Takes the lock when it is free, or counts one more hold when the caller has it; false when
 * another thread holds it.
 */
function tryLock(libc: LibcProcess, lock: number): boolean {
  const memory = libc.memory;
  if (ownedByCaller(libc, lock)) {
    memory.write32(lock + COUNT, memory.read32(lock + COUNT) + 1);
    return true;
  }
  if (memory.read32(lock + LOCK_WORD) !== FREE) return false;
  memory.write32(lock + LOCK_WORD, TAKEN);
  take(libc, lock);
  return true;
}

/** flockfile: the lock taken at once (undefined), or a generator that waits for it. */
export function flockfile(libc: LibcProcess, fp: number): HostGenerator | undefined {
  const lock = lockOf(libc, fp);
  if (lock === 0 || tryLock(libc, lock)) return undefined;
  return waitForLock(libc, lock);
}

export function funlockfile(libc: LibcProcess, fp: number): undefined {
  const lock = lockOf(libc, fp);
  if (lock === 0) return undefined;
  const memory = libc.memory;
  const count = memory.read32(lock + COUNT) - 1;
  memory.write32(lock + COUNT, count);
  if (count === 0) {
    storePointer(memory, lock + OWNER, 0);
    const word = memory.read32(lock + LOCK_WORD);
    memory.write32(lock + LOCK_WORD, FREE);
    if (word === CONTENDED) futexWake(libc.thread, lock + LOCK_WORD, 1);
  }
  return undefined;
}

/** Takes the stream's lock if it is free or the caller's (one more hold); false when it has none or another thread holds it. */
export function tryLockStream(libc: LibcProcess, fp: number): boolean {
  const lock = lockOf(libc, fp);
  return lock !== 0 && tryLock(libc, lock);
}

/** Whether a thread other than the caller holds the stream's lock. */
export function lockedByOther(libc: LibcProcess, fp: number): boolean {
  const lock = lockOf(libc, fp);
  return lock !== 0 && libc.memory.read32(lock + LOCK_WORD) !== FREE && !ownedByCaller(libc, lock);
}

/**
 * In the child of a fork made by one of several threads, every stream's lock is free again
 * (glibc's fresetlockfiles): a thread that held one, waiting in a stdio call, is not in the child.
 */
export function resetStreamLocks(libc: LibcProcess): void {
  for (const fp of libc.streams.open) {
    const lock = lockOf(libc, fp);
    if (lock === 0) continue;
    libc.memory.write32(lock + LOCK_WORD, FREE);
    libc.memory.write32(lock + COUNT, 0);
    storePointer(libc.memory, lock + OWNER, 0);
  }
}

/** ftrylockfile: 0 when the caller holds the lock now, EBUSY (not -1) when another thread does. */
function ftrylockfile(libc: LibcProcess, fp: number): number {
  const lock = lockOf(libc, fp);
  return lock === 0 || tryLock(libc, lock) ? 0 : Errno.EBUSY;
}

export const STREAM_LOCK_FUNCTIONS: FunctionTable = {
  flockfile: (f, libc) => flockfile(libc, f.ptr(0)),
  _IO_flockfile: (f, libc) => flockfile(libc, f.ptr(0)),
  funlockfile: (f, libc) => funlockfile(libc, f.ptr(0)),
  _IO_funlockfile: (f, libc) => funlockfile(libc, f.ptr(0)),
  ftrylockfile: (f, libc) => ftrylockfile(libc, f.ptr(0)),
  _IO_ftrylockfile: (f, libc) => ftrylockfile(libc, f.ptr(0)),
};
