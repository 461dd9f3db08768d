// System V shared memory: shmget, shmat, shmdt, shmctl (Linux's ipc/shm.c).
//
// A segment's bytes are an in-memory file; shmat maps it MAP_SHARED, so the kernel's shared
// mappings (../shared-memory.ts: one canonical copy per file, exchanged at process switches)
// keep every attachment coherent, across fork too (the child inherits the mappings). A
// segment's attach count is not kept as a counter: it is the number of mappings of its file in
// the live processes, counted when asked (a child's inherited attachments, an exec's or exit's
// lost ones, a split by munmap are counted as Linux counts its vmas). A segment removed with
// IPC_RMID (SHM_DEST) lives on until that count is 0.

import { PAGE_SIZE } from '../../memory/address-space.ts';
import { MapFlag, OpenFlag, Prot } from '../abi/flags.ts';
import { Errno, fail } from '../errno.ts';
import { MemoryFile } from '../fs/memory-file.ts';
import type { MemoryRegular } from '../fs/memory-fs.ts';
import { S_IFREG, type Stat } from '../fs/stat.ts';
import { StructBuffer } from '../guest-memory.ts';
import { pageAlignUp } from '../layout.ts';
import type { Process } from '../process.ts';
import type { Thread } from '../thread.ts';
import {
  checkOwner,
  IPC_INFO,
  IPC_RMID,
  IPC_SET,
  IPC_STAT,
  type IpcObject,
  type IpcPermissions,
  ipcNamespaceOf,
  newPermissions,
  nowSeconds,
  permitted,
  setPermissions,
  storePermissions,
} from './ipc-namespace.ts';

const SHM_RDONLY = 0o10000;
const SHM_RND = 0o20000;
const SHM_REMAP = 0o40000;
const SHM_EXEC = 0o100000;
/** perm.mode flags: removed while attached, locked in memory. */
const SHM_DEST = 0o1000;
const SHM_LOCKED = 0o2000;
const SHM_LOCK = 11;
const SHM_UNLOCK = 12;
const SHM_STAT = 13;
const SHM_INFO = 14;
const SHM_STAT_ANY = 15;
/** SHMMAX and SHMALL: ULONG_MAX - 2^24 (include/uapi/linux/shm.h), as this machine has them. */
const SHMMAX = 0xffff_ffff_feff_ffffn;
const SHMMNI = 4096;
/** shmid64_ds and the info structures of IPC_INFO and SHM_INFO. */
const SHMID_DS_SIZE = 112;
const SHMINFO_SIZE = 72;
const SHM_INFO_SIZE = 48;
/** The device /proc/self/maps shows for SysV shm mappings (Linux's shm_mnt). */
const SHM_DEVICE = 1;

export interface SharedMemorySegment extends IpcObject {
  size: number;
  node: MemoryRegular;
  atime: number;
  dtime: number;
  cpid: number;
  lpid: number;
}

function newSegment(process: Process, perm: IpcPermissions, size: number): SharedMemorySegment {
  const t = { sec: nowSeconds(), nsec: 0 };
  const capacity = pageAlignUp(size);
  const node = {
    kind: 'file',
    data: new Uint8Array(capacity),
    size: capacity,
    ino: 0,
    mode: S_IFREG | (perm.mode & 0o777),
    uid: perm.uid,
    gid: perm.gid,
    nlink: 0,
    atime: t,
    mtime: t,
    ctime: t,
  } as MemoryRegular;
  return { id: 0, perm, ctime: t.sec, removed: false, size, node, atime: 0, dtime: 0, cpid: process.pid, lpid: 0 };
}

/** The address spaces of the run's live processes (a CLONE_VM child shares its parent's). */
function liveMemoryManagers(process: Process) {
  const processes = process.system?.processes ?? [process];
  return new Set(processes.map((p) => p.mm));
}

/** How many mappings of the segment the live processes hold (shm_nattch). */
function attachCount(process: Process, segment: SharedMemorySegment): number {
  let count = 0;
  for (const mm of liveMemoryManagers(process)) {
    for (const m of mm.fileMappings()) if (m.file instanceof MemoryFile && m.file.node === segment.node) count++;
  }
  return count;
}

/** Segments removed while attached go once nothing maps them any more. */
function collect(process: Process): void {
  const ids = ipcNamespaceOf(process).segments;
  for (const segment of ids.all()) {
    if (segment.perm.mode & SHM_DEST && attachCount(process, segment) === 0) ids.remove(segment);
  }
}

export function sysShmget(thread: Thread, key: number, size: number, flags: number): number {
  const process = thread.process;
  collect(process);
  const ids = ipcNamespaceOf(process).segments;
  return ids.get(
    process,
    key | 0,
    flags | 0,
    () => {
      if (size < 1 || BigInt(size) > SHMMAX || size > Number.MAX_SAFE_INTEGER) fail(Errno.EINVAL);
      // Miros keeps a segment's bytes in host memory: more than 1 GiB is refused as Linux refuses
      // what it cannot allocate.
      if (size > 2 ** 30) fail(Errno.ENOMEM);
      return newSegment(process, newPermissions(process, key | 0, flags | 0), size);
    },
    (segment) => {
      if (segment.size < size) fail(Errno.EINVAL);
    },
  );
}

export function sysShmat(thread: Thread, id: number, address: number, flags: number): number {
  const process = thread.process;
  collect(process);
  const f = flags | 0;
  let at = address;
  let mapFlags: number = MapFlag.SHARED;
  if (at !== 0) {
    if (at % PAGE_SIZE !== 0) {
      if (!(f & SHM_RND)) fail(Errno.EINVAL);
      at -= at % PAGE_SIZE;
      if (at === 0 && f & SHM_REMAP) fail(Errno.EINVAL);
    }
    mapFlags |= MapFlag.FIXED;
  } else if (f & SHM_REMAP) {
    fail(Errno.EINVAL);
  }
  const segment = ipcNamespaceOf(process).segments.lookup(id | 0);
  let prot = Prot.READ;
  let access = 0o444;
  if (!(f & SHM_RDONLY)) {
    prot |= Prot.WRITE;
    access |= 0o222;
  }
  if (f & SHM_EXEC) {
    prot |= Prot.EXEC;
    access |= 0o111;
  }
  if (!permitted(process, segment.perm, access)) fail(Errno.EACCES);
  const length = pageAlignUp(segment.size);
  if (at !== 0 && !(f & SHM_REMAP) && process.memory.isAnyMapped(at, length)) fail(Errno.EINVAL);
  const file = new MemoryFile(segment.node, f & SHM_RDONLY ? 0 : OpenFlag.RDWR);
  const stat: Stat = { ...file.stat(), dev: SHM_DEVICE, ino: segment.perm.key >>> 0 };
  const name = `/SYSV${(segment.perm.key >>> 0).toString(16).padStart(8, '0')} (deleted)`;
  const start = process.mm.mmap(at, length, prot, mapFlags, 0, { file, stat, name });
  segment.atime = nowSeconds();
  segment.lpid = process.pid;
  return start;
}

export function sysShmdt(thread: Thread, address: number): number {
  const process = thread.process;
  if (address % PAGE_SIZE !== 0) fail(Errno.EINVAL);
  const segments = ipcNamespaceOf(process).segments.all();
  const mappings = process.mm.fileMappings();
  const first = mappings.find((m) => m.start === address && m.offset === 0 && segmentOf(segments, m.file));
  if (first === undefined) fail(Errno.EINVAL);
  const segment = segmentOf(segments, first.file)!;
  // Every mapping of that segment's file within its size from the address goes (ipc/shm.c).
  const end = address + pageAlignUp(segment.size);
  const pieces = mappings
    .filter((m) => m.start >= address && m.start < end && segmentOf([segment], m.file))
    .map((m) => [m.start, Math.min(m.end, end)] as const);
  for (const [from, to] of pieces) process.mm.munmap(from, to - from);
  segment.dtime = nowSeconds();
  segment.lpid = process.pid;
  collect(process);
  return 0;
}

function segmentOf(segments: SharedMemorySegment[], file: unknown): SharedMemorySegment | undefined {
  if (!(file instanceof MemoryFile)) return undefined;
  return segments.find((s) => s.node === file.node);
}

function storeSegment(process: Process, segment: SharedMemorySegment, buffer: number): void {
  const s = new StructBuffer(SHMID_DS_SIZE);
  storePermissions(s, 0, segment.perm);
  s.u64(48, segment.size)
    .u64(56, segment.atime)
    .u64(64, segment.dtime)
    .u64(72, segment.ctime)
    .u32(80, segment.cpid)
    .u32(84, segment.lpid)
    .u64(88, attachCount(process, segment));
  s.writeTo(process.memory, buffer);
}

export function sysShmctl(thread: Thread, id: number, command: number, buffer: number): number {
  const process = thread.process;
  collect(process);
  const ids = ipcNamespaceOf(process).segments;
  const cmd = command | 0;
  switch (cmd) {
    case IPC_INFO: {
      const s = new StructBuffer(SHMINFO_SIZE);
      s.view.setBigUint64(0, SHMMAX, true);
      s.u64(8, 1).u64(16, SHMMNI).u64(24, SHMMNI);
      s.view.setBigUint64(32, SHMMAX, true);
      s.writeTo(process.memory, buffer);
      return Math.max(ids.highestIndex, 0);
    }
    case SHM_INFO: {
      const all = ids.all();
      let pages = 0;
      for (const segment of all) pages += pageAlignUp(segment.size) / PAGE_SIZE;
      const s = new StructBuffer(SHM_INFO_SIZE);
      s.u32(0, all.length).u64(8, pages).u64(16, pages);
      s.writeTo(process.memory, buffer);
      return Math.max(ids.highestIndex, 0);
    }
    case SHM_STAT:
    case SHM_STAT_ANY: {
      const segment = ids.atIndex(id | 0);
      if (segment === undefined) fail(Errno.EINVAL);
      if (cmd === SHM_STAT && !permitted(process, segment.perm, 0o444)) fail(Errno.EACCES);
      storeSegment(process, segment, buffer);
      return segment.id;
    }
  }
  const segment = ids.lookup(id | 0);
  switch (cmd) {
    case IPC_STAT:
      if (!permitted(process, segment.perm, 0o444)) fail(Errno.EACCES);
      storeSegment(process, segment, buffer);
      return 0;
    case IPC_SET: {
      const s = StructBuffer.read(process.memory, buffer, SHMID_DS_SIZE);
      checkOwner(process, segment.perm);
      setPermissions(segment.perm, s);
      segment.ctime = nowSeconds();
      return 0;
    }
    case IPC_RMID:
      checkOwner(process, segment.perm);
      segment.perm.mode |= SHM_DEST;
      // Linux makes the key private at once: shmget cannot find the segment any more.
      segment.perm.key = 0;
      collect(process);
      return 0;
    case SHM_LOCK:
    case SHM_UNLOCK:
      checkOwner(process, segment.perm);
      if (cmd === SHM_LOCK) segment.perm.mode |= SHM_LOCKED;
      else segment.perm.mode &= ~SHM_LOCKED;
      return 0;
    default:
      fail(Errno.EINVAL);
  }
}

/**
 * The rss column: Linux counts the segment's pages that were ever touched; here, its pages whose
 * bytes (as last written back by a detach or an exit) are not all zero.
 */
function residentBytes(segment: SharedMemorySegment): number {
  const data = segment.node.data;
  let bytes = 0;
  for (let page = 0; page < data.length; page += PAGE_SIZE) {
    if (data.subarray(page, page + PAGE_SIZE).some((b) => b !== 0)) bytes += PAGE_SIZE;
  }
  return bytes;
}

/** /proc/sysvipc/shm's lines. */
export function sysvipcShmText(process: Process): string {
  collect(process);
  let text =
    '       key      shmid perms                  size  cpid  lpid nattch   uid   gid  cuid  cgid      atime      dtime      ctime                   rss                  swap\n';
  for (const s of ipcNamespaceOf(process).segments.all()) {
    const p = s.perm;
    const rss = residentBytes(s);
    text += `${String(p.key | 0).padStart(10)} ${String(s.id).padStart(10)} ${(p.mode & 0o1777).toString(8).padStart(5)} ${String(s.size).padStart(21)} ${String(s.cpid).padStart(5)} ${String(s.lpid).padStart(5)} ${String(attachCount(process, s)).padStart(6)} ${String(p.uid).padStart(5)} ${String(p.gid).padStart(5)} ${String(p.cuid).padStart(5)} ${String(p.cgid).padStart(5)} ${String(s.atime).padStart(10)} ${String(s.dtime).padStart(10)} ${String(s.ctime).padStart(10)} ${String(rss).padStart(21)} ${String(0).padStart(21)}\n`;
  }
  return text;
}
