// Calls with little to do in Miros's single process: syncing, file advice, fallocate, extended
// attributes (none are kept), memfd_create.

import { OpenFlag } from '../abi/flags.ts';
import { Errno, fail } from '../errno.ts';
import { MemoryFile } from '../fs/memory-file.ts';
import { MemoryFileSystem, type MemoryRegular } from '../fs/memory-fs.ts';
import { S_IFREG } from '../fs/stat.ts';
import { readString } from '../guest-memory.ts';
import type { Thread } from '../thread.ts';
import { fileOf } from './common.ts';

export function sysSync(): number {
  return 0;
}

export function sysSyncfs(thread: Thread, fd: number): number {
  fileOf(thread, fd);
  return 0;
}

const POSIX_FADV_NOREUSE = 5;

export function sysFadvise64(thread: Thread, fd: number, _offset: number, length: number, advice: number): number {
  const file = fileOf(thread, fd);
  if ((file.stat().mode & 0o170000) === 0o010000) fail(Errno.ESPIPE);
  const a = advice | 0;
  if (a < 0 || a > POSIX_FADV_NOREUSE || length < 0) fail(Errno.EINVAL);
  return 0;
}

export function sysReadahead(thread: Thread, fd: number): number {
  const file = fileOf(thread, fd);
  if (!file.readable || (file.stat().mode & 0o170000) !== S_IFREG) fail(Errno.EINVAL);
  return 0;
}

const FALLOC_FL_KEEP_SIZE = 1;

/** fallocate mode 0 (and KEEP_SIZE): make sure the range exists; other modes are unsupported. */
export function sysFallocate(thread: Thread, fd: number, mode: number, offset: number, length: number): number {
  const file = fileOf(thread, fd);
  if (offset < 0 || length <= 0) fail(Errno.EINVAL);
  if (!file.writable) fail(Errno.EBADF);
  const m = mode | 0;
  if (m & ~FALLOC_FL_KEEP_SIZE) fail(Errno.EOPNOTSUPP);
  const st = file.stat();
  // Linux: a pipe or FIFO cannot seek (ESPIPE), a directory is EISDIR, other non-files ENODEV.
  const type = st.mode & 0o170000;
  if (type === 0o010000) fail(Errno.ESPIPE);
  if (type === 0o040000) fail(Errno.EISDIR);
  if (type !== S_IFREG) fail(Errno.ENODEV);
  if (!(m & FALLOC_FL_KEEP_SIZE) && offset + length > st.size) file.truncate(offset + length);
  return 0;
}

/** getxattr and friends: no extended attributes exist (Node cannot read them). */
export function sysGetxattr(): number {
  fail(Errno.ENODATA);
}

export function sysListxattr(): number {
  return 0;
}

export function sysSetxattr(): number {
  fail(Errno.EOPNOTSUPP);
}

const MFD_CLOEXEC = 1;
const MFD_ALLOW_SEALING = 2;
const MFD_HUGETLB = 4;
const MFD_NOEXEC_SEAL = 8;
const MFD_EXEC = 0x10;
const MFD_NAME_MAX = 249;

const memfdFs = new MemoryFileSystem();

export function sysMemfdCreate(thread: Thread, nameAddress: number, flags: number): number {
  const f = flags >>> 0;
  if (f & ~(MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_HUGETLB | MFD_NOEXEC_SEAL | MFD_EXEC)) fail(Errno.EINVAL);
  if (f & MFD_HUGETLB) fail(Errno.EINVAL);
  const name = readString(thread.process.memory, nameAddress, MFD_NAME_MAX + 1);
  const t = { sec: 0, nsec: 0 };
  const node = {
    kind: 'file',
    data: new Uint8Array(0),
    size: 0,
    ino: 1000 + thread.process.fds.openDescriptors().length,
    mode: S_IFREG | 0o777,
    uid: thread.process.credentials.euid,
    gid: thread.process.credentials.egid,
    nlink: 0,
    atime: t,
    mtime: t,
    ctime: t,
  } as MemoryRegular;
  const location = { fs: memfdFs, path: ['memfd'], nsPath: `/memfd:${name} (deleted)` };
  const file = new MemoryFile(node, OpenFlag.RDWR | OpenFlag.LARGEFILE, location);
  return thread.process.fds.add(file, (f & MFD_CLOEXEC) !== 0);
}
