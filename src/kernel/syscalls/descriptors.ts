// Descriptor management: close, close_range, dup*, fcntl, ioctl, pipe, pipe2, flock.

import { Fcntl, FD_CLOEXEC, Ioctl, LockType, OpenFlag, OwnerKind, SETFL_MASK } from '../abi/flags.ts';
import { BLOCKED, type Wait } from '../blocking.ts';
import { Errno, fail } from '../errno.ts';
import { EFD_SEMAPHORE, EventFd } from '../fs/event-fd.ts';
import type { OpenFile } from '../fs/open-file.ts';
import { createPipe, PipeEnd } from '../fs/pipe.ts';
import { inodeKey, type LockOwner, lockRange, OFFSET_MAX, type RecordLock } from '../fs/record-locks.ts';
import { readI32, readU32, StructBuffer } from '../guest-memory.ts';
import type { Thread } from '../thread.ts';
import { fileOf } from './common.ts';

export function sysClose(thread: Thread, fd: number): number {
  thread.process.fds.close(fd | 0);
  return 0;
}

const CLOSE_RANGE_UNSHARE = 2;
const CLOSE_RANGE_CLOEXEC = 4;

export function sysCloseRange(thread: Thread, first: number, last: number, flags: number): number {
  const f = flags >>> 0;
  if (f & ~(CLOSE_RANGE_UNSHARE | CLOSE_RANGE_CLOEXEC)) fail(Errno.EINVAL);
  const from = first >>> 0;
  const to = last >>> 0;
  if (from > to) fail(Errno.EINVAL);
  thread.process.fds.closeRange(from, to, (f & CLOSE_RANGE_CLOEXEC) !== 0);
  return 0;
}

export function sysDup(thread: Thread, fd: number): number {
  const fds = thread.process.fds;
  return fds.add(fds.get(fd | 0));
}

export function sysDup2(thread: Thread, oldFd: number, newFd: number): number {
  const fds = thread.process.fds;
  const file = fds.get(oldFd | 0);
  if ((oldFd | 0) === (newFd | 0)) return newFd | 0;
  fds.replace(newFd | 0, file, false);
  return newFd | 0;
}

export function sysDup3(thread: Thread, oldFd: number, newFd: number, flags: number): number {
  const f = flags | 0;
  if (f & ~OpenFlag.CLOEXEC) fail(Errno.EINVAL);
  if ((oldFd | 0) === (newFd | 0)) fail(Errno.EINVAL);
  const fds = thread.process.fds;
  fds.replace(newFd | 0, fds.get(oldFd | 0), (f & OpenFlag.CLOEXEC) !== 0);
  return newFd | 0;
}

/**
 * F_SETOWN(_EX) names a thread, process or group that must exist (0 clears the owner): ESRCH
 * otherwise. The ones a guest can know of are its own process, group and threads.
 */
function checkOwnerExists(thread: Thread, kind: number, id: number): void {
  if (id === 0) return;
  const process = thread.process;
  const exists =
    kind === OwnerKind.PGRP
      ? id === process.pgid || id === process.pid
      : id === process.pid || process.threads.some((t) => t.tid === id);
  if (!exists) fail(Errno.ESRCH);
}

export function sysFcntl(thread: Thread, fd: number, command: number, argument: number): number {
  const process = thread.process;
  const fds = process.fds;
  const file = fds.get(fd | 0);
  const memory = process.memory;
  switch (command | 0) {
    case Fcntl.DUPFD:
    case Fcntl.DUPFD_CLOEXEC: {
      const minimum = argument | 0;
      if (argument < 0 || argument >= fds.limit) fail(Errno.EINVAL);
      return fds.add(file, (command | 0) === Fcntl.DUPFD_CLOEXEC, minimum);
    }
    case Fcntl.GETFD:
      return fds.closeOnExec(fd | 0) ? FD_CLOEXEC : 0;
    case Fcntl.SETFD:
      fds.setCloseOnExec(fd | 0, ((argument | 0) & FD_CLOEXEC) !== 0);
      return 0;
    case Fcntl.GETFL:
      return file.flags;
    case Fcntl.SETFL: {
      if (file.flags & OpenFlag.PATH) fail(Errno.EBADF);
      // O_APPEND cannot be cleared on an append-only file; Miros files never are.
      file.flags = (file.flags & ~SETFL_MASK) | ((argument | 0) & SETFL_MASK);
      return 0;
    }
    case Fcntl.GETLK:
    case Fcntl.OFD_GETLK:
      return getLock(thread, file, argument, (command | 0) === Fcntl.OFD_GETLK);
    case Fcntl.SETLK:
    case Fcntl.SETLKW:
    case Fcntl.OFD_SETLK:
    case Fcntl.OFD_SETLKW: {
      const c = command | 0;
      return setLock(
        thread,
        file,
        argument,
        c === Fcntl.OFD_SETLK || c === Fcntl.OFD_SETLKW,
        c === Fcntl.SETLKW || c === Fcntl.OFD_SETLKW,
      );
    }
    case Fcntl.GETOWN:
      // A process group comes back negative, as F_SETOWN took it.
      return file.owner.kind === OwnerKind.PGRP ? -file.owner.id : file.owner.id;
    case Fcntl.SETOWN: {
      const id = argument | 0;
      const owner = id < 0 ? { kind: OwnerKind.PGRP, id: -id } : { kind: OwnerKind.PID, id };
      checkOwnerExists(thread, owner.kind, owner.id);
      file.owner = owner;
      return 0;
    }
    case Fcntl.GETOWN_EX:
      new StructBuffer(8).u32(0, file.owner.kind).u32(4, file.owner.id).writeTo(memory, argument);
      return 0;
    case Fcntl.SETOWN_EX: {
      const kind = readI32(memory, argument);
      const id = readI32(memory, argument + 4);
      if (kind !== OwnerKind.TID && kind !== OwnerKind.PID && kind !== OwnerKind.PGRP) fail(Errno.EINVAL);
      checkOwnerExists(thread, kind, id);
      file.owner = { kind, id };
      return 0;
    }
    case Fcntl.GETSIG:
      return file.ownerSignal;
    case Fcntl.SETSIG:
      // 0 means SIGIO again; beyond the last real-time signal is no signal.
      if ((argument | 0) < 0 || (argument | 0) > 64) fail(Errno.EINVAL);
      file.ownerSignal = argument | 0;
      return 0;
    case Fcntl.GETLEASE:
      return LockType.UNLCK;
    case Fcntl.GETPIPE_SZ:
      if (!(file instanceof PipeEnd)) fail(Errno.EBADF);
      return file.pipe.capacity;
    case Fcntl.SETPIPE_SZ:
      if (!(file instanceof PipeEnd)) fail(Errno.EBADF);
      return file.pipe.resize(argument >>> 0);
    default:
      fail(Errno.EINVAL);
  }
}

/**
 * struct flock (l_type s16, l_whence s16, l_start s64 at 8, l_len s64 at 16, l_pid s32 at 24)
 * → the lock it asks about, as Linux's flock64_to_posix_lock (range errors before the type's).
 */
function readLockRequest(thread: Thread, file: OpenFile, address: number, ofd: boolean) {
  const memory = thread.process.memory;
  const flock = StructBuffer.read(memory, address, 32);
  const type = flock.view.getInt16(0, true);
  const whence = flock.view.getInt16(2, true);
  const range = lockRange(
    whence,
    () => BigInt(currentOffset(file)),
    () => BigInt(file.stat().size),
    flock.view.getBigInt64(8, true),
    flock.view.getBigInt64(16, true),
  );
  if (type !== LockType.RDLCK && type !== LockType.WRLCK && type !== LockType.UNLCK) fail(Errno.EINVAL);
  const pid = flock.getI32(24);
  const owner: LockOwner = ofd ? file : thread.process.pid;
  return { flock, lock: { owner, type, ...range } satisfies RecordLock, pid };
}

/** The description's offset, for SEEK_CUR (0 for files without one, as Linux's f_pos). */
function currentOffset(file: OpenFile): number {
  try {
    return file.seek(0, 1);
  } catch {
    return 0;
  }
}

function lockKey(file: OpenFile): string {
  const key = inodeKey(file);
  if (key === undefined) fail(Errno.EINVAL);
  return key;
}

/** F_GETLK, F_OFD_GETLK: the first lock that would conflict, else l_type F_UNLCK. */
function getLock(thread: Thread, file: OpenFile, address: number, ofd: boolean): number {
  if (file.flags & OpenFlag.PATH) fail(Errno.EBADF);
  // Linux's fcntl_getlk checks the type before the range.
  const type = StructBuffer.read(thread.process.memory, address, 2).view.getInt16(0, true);
  if (type !== LockType.RDLCK && type !== LockType.WRLCK) fail(Errno.EINVAL);
  const { flock, lock, pid } = readLockRequest(thread, file, address, ofd);
  if (ofd && pid !== 0) fail(Errno.EINVAL);
  const conflict = thread.process.recordLocks.findConflict(lockKey(file), lock);
  if (conflict === undefined) {
    flock.u16(0, LockType.UNLCK);
  } else {
    flock.u16(0, conflict.type).u16(2, 0);
    flock.view.setBigInt64(8, conflict.start, true);
    flock.view.setBigInt64(16, conflict.end === OFFSET_MAX ? 0n : conflict.end - conflict.start + 1n, true);
    flock.u32(24, typeof conflict.owner === 'number' ? conflict.owner : -1);
  }
  flock.writeTo(thread.process.memory, address);
  return 0;
}

/** F_SETLK(W), F_OFD_SETLK(W): takes, changes or removes the caller's locks over the range. */
function setLock(thread: Thread, file: OpenFile, address: number, ofd: boolean, wait: boolean): number {
  if (file.flags & OpenFlag.PATH) fail(Errno.EBADF);
  const { lock, pid } = readLockRequest(thread, file, address, ofd);
  if (lock.type === LockType.RDLCK && !file.readable) fail(Errno.EBADF);
  if (lock.type === LockType.WRLCK && !file.writable) fail(Errno.EBADF);
  if (ofd && pid !== 0) fail(Errno.EINVAL);
  const locks = thread.process.recordLocks;
  const key = lockKey(file);
  if (lock.type !== LockType.UNLCK) {
    const conflict = locks.findConflict(key, lock);
    if (conflict !== undefined) {
      if (!wait) fail(Errno.EAGAIN);
      if (locks.wouldDeadlock(lock.owner, conflict.owner)) {
        locks.noteNotWaiting(lock.owner);
        fail(Errno.EDEADLK);
      }
      const blocked: Wait = { kind: 'record-lock', locks, changes: locks.changes };
      locks.noteWaiting(lock.owner, thread, blocked, conflict.owner);
      thread.wait = blocked;
      return BLOCKED;
    }
  }
  locks.noteNotWaiting(lock.owner);
  locks.apply(key, lock);
  return 0;
}

export function sysIoctl(thread: Thread, fd: number, request: number, argument: number): number {
  const process = thread.process;
  const file = fileOf(thread, fd);
  if (file.flags & OpenFlag.PATH) fail(Errno.EBADF);
  switch (request >>> 0) {
    case Ioctl.FIOCLEX:
      process.fds.setCloseOnExec(fd | 0, true);
      return 0;
    case Ioctl.FIONCLEX:
      process.fds.setCloseOnExec(fd | 0, false);
      return 0;
    case Ioctl.FIONBIO:
      if (readI32(process.memory, argument) !== 0) file.flags |= OpenFlag.NONBLOCK;
      else file.flags &= ~OpenFlag.NONBLOCK;
      return 0;
    case Ioctl.FIOASYNC:
      if (readU32(process.memory, argument) !== 0) file.flags |= OpenFlag.ASYNC;
      else file.flags &= ~OpenFlag.ASYNC;
      return 0;
    default:
      return file.ioctl(thread, request >>> 0, argument);
  }
}

const PIPE2_FLAGS = OpenFlag.CLOEXEC | OpenFlag.NONBLOCK | OpenFlag.DIRECT;

export function sysPipe2(thread: Thread, fdsAddress: number, flags: number): number {
  const f = flags | 0;
  if (f & ~PIPE2_FLAGS) fail(Errno.EINVAL);
  const fds = thread.process.fds;
  const [reader, writer] = createPipe(f);
  const readFd = fds.add(reader, (f & OpenFlag.CLOEXEC) !== 0);
  let writeFd: number;
  try {
    writeFd = fds.add(writer, (f & OpenFlag.CLOEXEC) !== 0);
  } catch (error) {
    fds.close(readFd);
    throw error;
  }
  try {
    new StructBuffer(8).u32(0, readFd).u32(4, writeFd).writeTo(thread.process.memory, fdsAddress);
  } catch (error) {
    fds.close(readFd);
    fds.close(writeFd);
    throw error;
  }
  return 0;
}

/** eventfd2's flags: EFD_SEMAPHORE, EFD_NONBLOCK (O_NONBLOCK), EFD_CLOEXEC (O_CLOEXEC). */
const EVENTFD_FLAGS = EFD_SEMAPHORE | OpenFlag.NONBLOCK | OpenFlag.CLOEXEC;

export function sysEventfd2(thread: Thread, initial: number, flags: number): number {
  const f = flags | 0;
  if (f & ~EVENTFD_FLAGS) fail(Errno.EINVAL);
  const file = new EventFd(initial >>> 0, f, (f & EFD_SEMAPHORE) !== 0);
  return thread.process.fds.add(file, (f & OpenFlag.CLOEXEC) !== 0);
}

export function sysEventfd(thread: Thread, initial: number): number {
  return sysEventfd2(thread, initial, 0);
}

export function sysPipe(thread: Thread, fdsAddress: number): number {
  return sysPipe2(thread, fdsAddress, 0);
}

const LOCK_SH = 1;
const LOCK_EX = 2;
const LOCK_NB = 4;
const LOCK_UN = 8;

/**
 * flock(2) between the open file descriptions of the run's processes (fs/record-locks.ts): a
 * conflict fails with EWOULDBLOCK under LOCK_NB, else waits until a lock is released. Host
 * processes' locks are not seen (Node cannot take host locks).
 */
export function sysFlock(thread: Thread, fd: number, operation: number): number {
  const file = fileOf(thread, fd);
  if (file.flags & OpenFlag.PATH) fail(Errno.EBADF);
  const op = (operation | 0) & ~LOCK_NB;
  if (op !== LOCK_SH && op !== LOCK_EX && op !== LOCK_UN) fail(Errno.EINVAL);
  const type = op === LOCK_SH ? LockType.RDLCK : op === LOCK_EX ? LockType.WRLCK : LockType.UNLCK;
  const locks = thread.process.recordLocks;
  const outcome = locks.flock(lockKey(file), file, type, thread.process.pid);
  if (outcome.done) return 0;
  if (operation & LOCK_NB) fail(Errno.EAGAIN);
  thread.wait = { kind: 'record-lock', locks, changes: locks.changes };
  return BLOCKED;
}
