// Small helpers the system-call handlers share: argument conversions and descriptor lookups.

import { AT_FDCWD } from '../abi/flags.ts';
import { Errno, fail } from '../errno.ts';
import type { Location } from '../fs/file-system.ts';
import type { OpenFile } from '../fs/open-file.ts';
import { S_IFDIR } from '../fs/stat.ts';
import type { Thread } from '../thread.ts';

/** Linux's MAX_RW_COUNT: reads and writes transfer at most this much at once. */
export const MAX_RW_COUNT = 0x7ffff000;

/** A size_t argument: negative values are huge unsigned ones. */
export function sizeArgument(value: number): number {
  return value < 0 ? Number.POSITIVE_INFINITY : value;
}

/**
 * The bytes a read- or write-like call moves through the guest buffer at `buffer`: `count`, at
 * most MAX_RW_COUNT. Linux checks only that the buffer lies in user space (access_ok), then copies
 * until the first page it cannot touch: a zero-length call never faults, a partly mapped buffer
 * gives a short transfer, and a buffer outside the address space is EFAULT at once.
 */
export function userBufferLength(buffer: number, count: number): number {
  const length = Math.min(sizeArgument(count), MAX_RW_COUNT);
  if (length > 0 && (buffer < 0 || buffer + length > 2 ** 32)) fail(Errno.EFAULT);
  return length;
}

/** The open file behind descriptor `fd` (EBADF when none). */
export function fileOf(thread: Thread, fd: number): OpenFile {
  return thread.process.fds.get(fd | 0);
}

/**
 * Where a relative path of an *at() call starts: the cwd for AT_FDCWD, else the directory the
 * descriptor refers to (EBADF when not open, ENOTDIR when not a directory). Absolute paths
 * ignore `dirfd` entirely, as Linux does.
 */
export function baseFor(thread: Thread, dirfd: number, path: string): Location {
  const process = thread.process;
  if (path.startsWith('/')) return process.vfs.root;
  const fd = dirfd | 0;
  if (fd === AT_FDCWD) return process.cwd;
  const file = process.fds.get(fd);
  const location = file.location;
  if (!location || (file.stat().mode & 0o170000) !== S_IFDIR) fail(Errno.ENOTDIR);
  return location;
}

/** The location an fd-only call (AT_EMPTY_PATH, fchdir) refers to. */
export function locationOfFile(file: OpenFile): Location {
  if (!file.location) fail(Errno.ENOTDIR);
  return file.location;
}
