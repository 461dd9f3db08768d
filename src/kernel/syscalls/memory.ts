// Memory system calls: mmap, munmap, mprotect, mremap, brk, madvise, msync, mincore, mlock*.
// The policy (layout, errno) lives in src/kernel/memory-manager.ts.

import { PAGE_MASK } from '../../memory/address-space.ts';
import { MapFlag } from '../abi/flags.ts';
import { Errno, fail } from '../errno.ts';
import { DevZero } from '../fs/devices.ts';
import { StructBuffer } from '../guest-memory.ts';
import { pageAlignUp } from '../layout.ts';
import type { Thread } from '../thread.ts';
import { sizeArgument } from './common.ts';

export function sysMmap(
  thread: Thread,
  address: number,
  length: number,
  prot: number,
  flags: number,
  fd: number,
  offset: number,
): number {
  const process = thread.process;
  let f = flags | 0;
  const size = sizeArgument(length);
  if (f & MapFlag.ANONYMOUS) return process.mm.mmap(address, size, prot | 0, f, offset);
  const file = process.fds.get(fd | 0);
  // Mapping /dev/zero gives anonymous memory (shared anonymous for MAP_SHARED).
  if (file instanceof DevZero) {
    f |= MapFlag.ANONYMOUS;
    return process.mm.mmap(address, size, prot | 0, f, 0);
  }
  const stat = file.stat();
  const name = file.describe();
  return process.mm.mmap(address, size, prot | 0, f, offset, { file, stat, name });
}

export function sysMunmap(thread: Thread, address: number, length: number): number {
  thread.process.mm.munmap(address, sizeArgument(length));
  return 0;
}

export function sysMprotect(thread: Thread, address: number, length: number, prot: number): number {
  thread.process.mm.mprotect(address, sizeArgument(length), prot | 0);
  return 0;
}

export function sysMremap(
  thread: Thread,
  oldAddress: number,
  oldLength: number,
  newLength: number,
  flags: number,
  newAddress: number,
): number {
  return thread.process.mm.mremap(oldAddress, sizeArgument(oldLength), sizeArgument(newLength), flags | 0, newAddress);
}

export function sysBrk(thread: Thread, address: number): number {
  return thread.process.mm.setBrk(address);
}

export function sysMadvise(thread: Thread, address: number, length: number, advice: number): number {
  thread.process.mm.madvise(address, sizeArgument(length), advice | 0);
  return 0;
}

export function sysMsync(thread: Thread, address: number, length: number, flags: number): number {
  thread.process.mm.msync(address, sizeArgument(length), flags | 0);
  return 0;
}

function checkMapped(thread: Thread, address: number, length: number): number {
  const start = address - (address % 4096);
  const end = pageAlignUp(address + sizeArgument(length));
  if (end > 2 ** 32) fail(Errno.ENOMEM);
  if (!thread.process.memory.isAccessible(start, end - start, 8)) fail(Errno.ENOMEM);
  return end - start;
}

export function sysMincore(thread: Thread, address: number, length: number, vector: number): number {
  if (address & PAGE_MASK) fail(Errno.EINVAL);
  const size = checkMapped(thread, address, length);
  // Every mapped page is resident: Miros never pages out.
  const pages = size / 4096;
  const s = new StructBuffer(pages);
  s.bytes.fill(1);
  s.writeTo(thread.process.memory, vector);
  return 0;
}

/** mlock, munlock, mlock2: memory is never paged out, so locking only checks the range. */
export function sysMlock(thread: Thread, address: number, length: number): number {
  checkMapped(thread, address, length);
  return 0;
}

export function sysMlock2(thread: Thread, address: number, length: number, flags: number): number {
  if ((flags | 0) & ~1) fail(Errno.EINVAL);
  return sysMlock(thread, address, length);
}

const MCL_CURRENT = 1;
const MCL_FUTURE = 2;
const MCL_ONFAULT = 4;

export function sysMlockall(_thread: Thread, flags: number): number {
  const f = flags | 0;
  if (f === 0 || f & ~(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT) || f === MCL_ONFAULT) fail(Errno.EINVAL);
  return 0;
}

export function sysMunlockall(): number {
  return 0;
}
