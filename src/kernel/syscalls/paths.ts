// System calls on paths and the files they name: open, stat, access, directories, links,
// renames, permissions, times, truncation, statfs. Paths go through the VFS walk
// (src/kernel/fs/vfs.ts); the *at() forms start relative paths at a directory descriptor.

import * as fs from 'node:fs';
import { AT_EACCESS, AtFlag, OpenFlag, RenameFlag } from '../abi/flags.ts';
import { Errno, fail, hostErrno } from '../errno.ts';
import type { Location, TimeUpdate } from '../fs/file-system.ts';
import { HostFile } from '../fs/host-file.ts';
import { hostTime } from '../fs/host-fs.ts';
import type { OpenFile } from '../fs/open-file.ts';
import { PseudoTerminalSlave } from '../fs/pseudo-terminal.ts';
import { S_IFDIR, S_IFLNK, S_IFMT, type Stat, statFromHost, writeStat, writeStatx } from '../fs/stat.ts';
import type { Resolution } from '../fs/vfs.ts';
import { checkWritable, fromLatin1, readI64, readString, StructBuffer } from '../guest-memory.ts';
import type { Thread } from '../thread.ts';
import { baseFor, fileOf, sizeArgument } from './common.ts';

const AT_FDCWD = -100;
/** Flags open(2) keeps in the file description (the rest only affect the open itself). */
const OPEN_ONLY_FLAGS = OpenFlag.CREAT | OpenFlag.EXCL | OpenFlag.NOCTTY | OpenFlag.TRUNC | OpenFlag.CLOEXEC;
/** What O_PATH keeps. */
const PATH_FLAGS = OpenFlag.PATH | OpenFlag.DIRECTORY | OpenFlag.NOFOLLOW | OpenFlag.CLOEXEC;

function path(thread: Thread, address: number): string {
  return readString(thread.process.memory, address);
}

/** What an *at() call operates on: a resolved path, or (AT_EMPTY_PATH) the descriptor's file. */
interface Target {
  location: Location | undefined;
  /** Set when the target is an open file named by descriptor alone. */
  file: OpenFile | undefined;
  /** File type bits of a resolved path (0 for a descriptor target). */
  type: number;
}

/** Resolves (dirfd, path) with *at() semantics, allowing an empty path with AT_EMPTY_PATH. */
export function resolveAt(thread: Thread, dirfd: number, pathAddress: number, flags: number, follow: boolean): Target {
  const p = path(thread, pathAddress);
  let r: Resolution;
  if (p === '') {
    if (!(flags & AtFlag.EMPTY_PATH)) fail(Errno.ENOENT);
    if ((dirfd | 0) !== AT_FDCWD) {
      const file = fileOf(thread, dirfd);
      return { location: file.location, file, type: 0 };
    }
    r = thread.process.vfs.existing(thread.process.cwd, '.', true);
  } else {
    r = thread.process.vfs.existing(baseFor(thread, dirfd, p), p, follow);
  }
  return { location: r.location, file: undefined, type: r.type };
}

function statOfTarget(target: Target): Stat {
  if (target.file) return target.file.stat();
  return target.location!.fs.lstat(target.location!.path);
}

// ---- open ----

export function sysOpenat(thread: Thread, dirfd: number, pathAddress: number, flags: number, mode: number): number {
  const process = thread.process;
  const p = path(thread, pathAddress);
  let f = flags | 0 | OpenFlag.LARGEFILE;
  if (f & OpenFlag.PATH) f &= PATH_FLAGS;
  const creating = (f & OpenFlag.CREAT) !== 0 || (f & OpenFlag.TMPFILE) === OpenFlag.TMPFILE;
  const createMode = creating ? mode & 0o7777 & ~process.umask : 0;
  const file = process.vfs.open(baseFor(thread, dirfd, p), p, f, createMode);
  file.flags = f & ~OPEN_ONLY_FLAGS;
  // A session leader without a controlling terminal that opens a pty slave without O_NOCTTY gets it as one.
  if (file instanceof PseudoTerminalSlave && !(f & OpenFlag.NOCTTY)) file.becomeControllingTerminal(process);
  try {
    return process.fds.add(file, (f & OpenFlag.CLOEXEC) !== 0);
  } catch (error) {
    file.retain().drop();
    throw error;
  }
}

export function sysOpen(thread: Thread, pathAddress: number, flags: number, mode: number): number {
  return sysOpenat(thread, AT_FDCWD, pathAddress, flags, mode);
}

export function sysCreat(thread: Thread, pathAddress: number, mode: number): number {
  return sysOpenat(thread, AT_FDCWD, pathAddress, OpenFlag.CREAT | OpenFlag.WRONLY | OpenFlag.TRUNC, mode);
}

// ---- stat ----

export function sysStat(thread: Thread, pathAddress: number, buffer: number): number {
  return sysNewfstatat(thread, AT_FDCWD, pathAddress, buffer, 0);
}

export function sysLstat(thread: Thread, pathAddress: number, buffer: number): number {
  return sysNewfstatat(thread, AT_FDCWD, pathAddress, buffer, AtFlag.SYMLINK_NOFOLLOW);
}

export function sysFstat(thread: Thread, fd: number, buffer: number): number {
  const st = fileOf(thread, fd).stat();
  writeStat(thread.process.memory, buffer, st);
  return 0;
}

const NEWFSTATAT_FLAGS = AtFlag.SYMLINK_NOFOLLOW | AtFlag.EMPTY_PATH | AtFlag.NO_AUTOMOUNT;

export function sysNewfstatat(
  thread: Thread,
  dirfd: number,
  pathAddress: number,
  buffer: number,
  flags: number,
): number {
  const f = flags | 0;
  if (f & ~NEWFSTATAT_FLAGS) fail(Errno.EINVAL);
  const target = resolveAt(thread, dirfd, pathAddress, f, !(f & AtFlag.SYMLINK_NOFOLLOW));
  writeStat(thread.process.memory, buffer, statOfTarget(target));
  return 0;
}

const STATX_FLAGS = NEWFSTATAT_FLAGS | AtFlag.STATX_FORCE_SYNC | AtFlag.STATX_DONT_SYNC;

export function sysStatx(
  thread: Thread,
  dirfd: number,
  pathAddress: number,
  flags: number,
  mask: number,
  buffer: number,
): number {
  const f = flags | 0;
  if (f & ~STATX_FLAGS) fail(Errno.EINVAL);
  if ((f & (AtFlag.STATX_FORCE_SYNC | AtFlag.STATX_DONT_SYNC)) === (AtFlag.STATX_FORCE_SYNC | AtFlag.STATX_DONT_SYNC)) {
    fail(Errno.EINVAL);
  }
  if ((mask >>> 0) & 0x80000000) fail(Errno.EINVAL);
  const target = resolveAt(thread, dirfd, pathAddress, f, !(f & AtFlag.SYMLINK_NOFOLLOW));
  writeStatx(thread.process.memory, buffer, statOfTarget(target));
  return 0;
}

// ---- access ----

const ACCESS_FLAGS = AT_EACCESS | AtFlag.SYMLINK_NOFOLLOW | AtFlag.EMPTY_PATH;

export function sysFaccessat2(thread: Thread, dirfd: number, pathAddress: number, mode: number, flags: number): number {
  const m = mode | 0;
  const f = flags | 0;
  if (m & ~7) fail(Errno.EINVAL);
  if (f & ~ACCESS_FLAGS) fail(Errno.EINVAL);
  const target = resolveAt(thread, dirfd, pathAddress, f, !(f & AtFlag.SYMLINK_NOFOLLOW));
  if (m === 0) return 0;
  const location = target.location;
  if (!location) return 0;
  location.fs.access(location.path, m);
  return 0;
}

export function sysFaccessat(thread: Thread, dirfd: number, pathAddress: number, mode: number): number {
  return sysFaccessat2(thread, dirfd, pathAddress, mode, 0);
}

export function sysAccess(thread: Thread, pathAddress: number, mode: number): number {
  return sysFaccessat2(thread, AT_FDCWD, pathAddress, mode, 0);
}

// ---- directories ----

export function sysGetdents64(thread: Thread, fd: number, buffer: number, count: number): number {
  const file = fileOf(thread, fd);
  if (file.flags & OpenFlag.PATH) fail(Errno.EBADF);
  return file.getdents(thread, buffer, Math.min(count >>> 0, 0x7ffff000));
}

export function sysGetcwd(thread: Thread, buffer: number, size: number): number {
  // A cwd the root directory cannot reach (kept from before a chroot) reads as Linux's d_path
  // gives it: '(unreachable)' before its path from the namespace's root.
  const { vfs, cwd } = thread.process;
  const text = fromLatin1(`${vfs.pathFromRoot(cwd.nsPath) ?? `(unreachable)${cwd.nsPath}`}\0`);
  const length = sizeArgument(size);
  if (length < text.length) fail(Errno.ERANGE);
  checkWritable(thread.process.memory, buffer, text.length);
  thread.process.memory.writeBytes(buffer, text);
  return text.length;
}

function changeDirectory(thread: Thread, location: Location, type: number): number {
  if (type !== S_IFDIR) fail(Errno.ENOTDIR);
  location.fs.access(location.path, 1);
  thread.process.cwd = location;
  return 0;
}

export function sysChdir(thread: Thread, pathAddress: number): number {
  const p = path(thread, pathAddress);
  const r = thread.process.vfs.existing(thread.process.cwd, p, true);
  return changeDirectory(thread, r.location, r.type);
}

export function sysFchdir(thread: Thread, fd: number): number {
  const file = fileOf(thread, fd);
  if (!file.location) fail(Errno.ENOTDIR);
  return changeDirectory(thread, file.location, file.stat().mode & S_IFMT);
}

export function sysMkdirat(thread: Thread, dirfd: number, pathAddress: number, mode: number): number {
  const process = thread.process;
  const p = path(thread, pathAddress);
  const r = process.vfs.resolve(baseFor(thread, dirfd, p), p, false);
  if (r.type !== 0) fail(Errno.EEXIST);
  r.location.fs.mkdir(r.location.path, mode & 0o1777 & ~process.umask);
  return 0;
}

export function sysMkdir(thread: Thread, pathAddress: number, mode: number): number {
  return sysMkdirat(thread, AT_FDCWD, pathAddress, mode);
}

function removeDirectory(thread: Thread, dirfd: number, p: string): number {
  const r = thread.process.vfs.resolve(baseFor(thread, dirfd, p), p, false);
  if (r.name === '.') fail(Errno.EINVAL);
  if (r.name === '..') fail(Errno.ENOTEMPTY);
  if (r.name === '') fail(Errno.EBUSY);
  if (r.type === 0) fail(Errno.ENOENT);
  if (r.type !== S_IFDIR) fail(Errno.ENOTDIR);
  if (r.location.path.length === 0) fail(Errno.EBUSY); // a mount point
  r.location.fs.rmdir(r.location.path);
  return 0;
}

export function sysRmdir(thread: Thread, pathAddress: number): number {
  return removeDirectory(thread, AT_FDCWD, path(thread, pathAddress));
}

export function sysUnlinkat(thread: Thread, dirfd: number, pathAddress: number, flags: number): number {
  const f = flags | 0;
  if (f & ~AtFlag.REMOVEDIR) fail(Errno.EINVAL);
  const p = path(thread, pathAddress);
  if (f & AtFlag.REMOVEDIR) return removeDirectory(thread, dirfd, p);
  const r = thread.process.vfs.resolve(baseFor(thread, dirfd, p), p, false);
  if (r.type === 0) fail(Errno.ENOENT);
  if (r.type === S_IFDIR) fail(Errno.EISDIR);
  if (r.trailingSlash) fail(Errno.ENOTDIR);
  r.location.fs.unlink(r.location.path);
  return 0;
}

export function sysUnlink(thread: Thread, pathAddress: number): number {
  return sysUnlinkat(thread, AT_FDCWD, pathAddress, 0);
}

// ---- renames and links ----

export function sysRenameat2(
  thread: Thread,
  oldDirfd: number,
  oldPathAddress: number,
  newDirfd: number,
  newPathAddress: number,
  flags: number,
): number {
  const f = flags >>> 0;
  if (f & ~(RenameFlag.NOREPLACE | RenameFlag.EXCHANGE | RenameFlag.WHITEOUT)) fail(Errno.EINVAL);
  if (f & RenameFlag.WHITEOUT) fail(Errno.EPERM);
  if (f & RenameFlag.NOREPLACE && f & RenameFlag.EXCHANGE) fail(Errno.EINVAL);
  const vfs = thread.process.vfs;
  const oldPath = path(thread, oldPathAddress);
  const newPath = path(thread, newPathAddress);
  const from = vfs.resolve(baseFor(thread, oldDirfd, oldPath), oldPath, false);
  const to = vfs.resolve(baseFor(thread, newDirfd, newPath), newPath, false);
  if (from.type === 0) fail(Errno.ENOENT);
  if (
    from.name === '.' ||
    from.name === '..' ||
    from.name === '' ||
    to.name === '.' ||
    to.name === '..' ||
    to.name === ''
  ) {
    fail(Errno.EBUSY);
  }
  if (from.location.fs !== to.location.fs) fail(Errno.EXDEV);
  if (to.type !== 0 && f & RenameFlag.NOREPLACE) fail(Errno.EEXIST);
  if (to.type === 0 && f & RenameFlag.EXCHANGE) fail(Errno.ENOENT);
  if (from.type !== S_IFDIR && (from.trailingSlash || to.trailingSlash)) fail(Errno.ENOTDIR);
  from.location.fs.rename(from.location.path, to.location.path, f);
  return 0;
}

export function sysRenameat(
  thread: Thread,
  oldDirfd: number,
  oldPath: number,
  newDirfd: number,
  newPath: number,
): number {
  return sysRenameat2(thread, oldDirfd, oldPath, newDirfd, newPath, 0);
}

export function sysRename(thread: Thread, oldPath: number, newPath: number): number {
  return sysRenameat2(thread, AT_FDCWD, oldPath, AT_FDCWD, newPath, 0);
}

export function sysLinkat(
  thread: Thread,
  oldDirfd: number,
  oldPathAddress: number,
  newDirfd: number,
  newPathAddress: number,
  flags: number,
): number {
  const f = flags | 0;
  if (f & ~(AtFlag.SYMLINK_FOLLOW | AtFlag.EMPTY_PATH)) fail(Errno.EINVAL);
  const vfs = thread.process.vfs;
  const source = resolveAt(thread, oldDirfd, oldPathAddress, f, (f & AtFlag.SYMLINK_FOLLOW) !== 0);
  const sourceLocation = source.location;
  if (!sourceLocation) fail(Errno.ENOENT);
  if (source.type === S_IFDIR || (source.file && (source.file.stat().mode & S_IFMT) === S_IFDIR)) fail(Errno.EPERM);
  const newPath = path(thread, newPathAddress);
  const target = vfs.resolve(baseFor(thread, newDirfd, newPath), newPath, false);
  if (target.type !== 0) fail(Errno.EEXIST);
  if (target.trailingSlash) fail(Errno.ENOENT);
  if (sourceLocation.fs !== target.location.fs) fail(Errno.EXDEV);
  target.location.fs.link(sourceLocation.path, target.location.path);
  return 0;
}

export function sysLink(thread: Thread, oldPath: number, newPath: number): number {
  return sysLinkat(thread, AT_FDCWD, oldPath, AT_FDCWD, newPath, 0);
}

export function sysSymlinkat(thread: Thread, targetAddress: number, newDirfd: number, linkPathAddress: number): number {
  const target = path(thread, targetAddress);
  if (target === '') fail(Errno.ENOENT);
  const linkPath = path(thread, linkPathAddress);
  const r = thread.process.vfs.resolve(baseFor(thread, newDirfd, linkPath), linkPath, false);
  if (r.type !== 0) fail(Errno.EEXIST);
  if (r.trailingSlash) fail(Errno.ENOENT);
  r.location.fs.symlink(target, r.location.path);
  return 0;
}

export function sysSymlink(thread: Thread, target: number, linkPath: number): number {
  return sysSymlinkat(thread, target, AT_FDCWD, linkPath);
}

export function sysReadlinkat(
  thread: Thread,
  dirfd: number,
  pathAddress: number,
  buffer: number,
  size: number,
): number {
  const length = size | 0;
  if (length <= 0) fail(Errno.EINVAL);
  const p = path(thread, pathAddress);
  const r = thread.process.vfs.existing(baseFor(thread, dirfd, p), p, false);
  if (r.type !== S_IFLNK) fail(Errno.EINVAL);
  const text = fromLatin1(r.location.fs.readlink(r.location.path));
  const n = Math.min(text.length, length);
  checkWritable(thread.process.memory, buffer, n);
  thread.process.memory.writeBytes(buffer, text.subarray(0, n));
  return n;
}

export function sysReadlink(thread: Thread, pathAddress: number, buffer: number, size: number): number {
  return sysReadlinkat(thread, AT_FDCWD, pathAddress, buffer, size);
}

// ---- permissions and ownership ----

/** The host descriptor of an inherited file with no namespace location (stdin...). */
function hostDescriptorOf(file: OpenFile): number | undefined {
  return !file.location && file instanceof HostFile ? file.hostFd : undefined;
}

function hostCall(operation: () => void): number {
  try {
    operation();
  } catch (error) {
    fail(hostErrno(error));
  }
  return 0;
}

export function sysFchmodat(thread: Thread, dirfd: number, pathAddress: number, mode: number): number {
  const p = path(thread, pathAddress);
  const r = thread.process.vfs.existing(baseFor(thread, dirfd, p), p, true);
  r.location.fs.chmod(r.location.path, mode & 0o7777);
  return 0;
}

export function sysChmod(thread: Thread, pathAddress: number, mode: number): number {
  return sysFchmodat(thread, AT_FDCWD, pathAddress, mode);
}

export function sysFchmod(thread: Thread, fd: number, mode: number): number {
  const file = fileOf(thread, fd);
  if (file.flags & OpenFlag.PATH) fail(Errno.EBADF);
  const hostFd = hostDescriptorOf(file);
  if (hostFd !== undefined) return hostCall(() => fs.fchmodSync(hostFd, mode & 0o7777));
  if (!file.location) return 0;
  file.location.fs.chmod(file.location.path, mode & 0o7777);
  return 0;
}

function changeOwner(location: Location, uid: number, gid: number): void {
  const u = uid >>> 0;
  const g = gid >>> 0;
  let st: Stat | undefined;
  if (u === 0xffffffff || g === 0xffffffff) st = location.fs.lstat(location.path);
  location.fs.chown(location.path, u === 0xffffffff ? st!.uid : u, g === 0xffffffff ? st!.gid : g);
}

export function sysFchownat(
  thread: Thread,
  dirfd: number,
  pathAddress: number,
  uid: number,
  gid: number,
  flags: number,
): number {
  const f = flags | 0;
  if (f & ~(AtFlag.SYMLINK_NOFOLLOW | AtFlag.EMPTY_PATH)) fail(Errno.EINVAL);
  const target = resolveAt(thread, dirfd, pathAddress, f, !(f & AtFlag.SYMLINK_NOFOLLOW));
  if (target.file) return sysFchown(thread, dirfd, uid, gid);
  changeOwner(target.location!, uid, gid);
  return 0;
}

export function sysChown(thread: Thread, pathAddress: number, uid: number, gid: number): number {
  return sysFchownat(thread, AT_FDCWD, pathAddress, uid, gid, 0);
}

export function sysLchown(thread: Thread, pathAddress: number, uid: number, gid: number): number {
  return sysFchownat(thread, AT_FDCWD, pathAddress, uid, gid, AtFlag.SYMLINK_NOFOLLOW);
}

export function sysFchown(thread: Thread, fd: number, uid: number, gid: number): number {
  const file = fileOf(thread, fd);
  if (file.flags & OpenFlag.PATH) fail(Errno.EBADF);
  const hostFd = hostDescriptorOf(file);
  if (hostFd !== undefined) {
    const st = fs.fstatSync(hostFd);
    const u = uid >>> 0 === 0xffffffff ? st.uid : uid >>> 0;
    const g = gid >>> 0 === 0xffffffff ? st.gid : gid >>> 0;
    return hostCall(() => fs.fchownSync(hostFd, u, g));
  }
  if (file.location) changeOwner(file.location, uid, gid);
  return 0;
}

export function sysUmask(thread: Thread, mask: number): number {
  const old = thread.process.umask;
  thread.process.umask = mask & 0o777;
  return old;
}

// ---- sizes, syncing ----

export function sysTruncate(thread: Thread, pathAddress: number, length: number): number {
  if (length < 0) fail(Errno.EINVAL);
  const p = path(thread, pathAddress);
  const r = thread.process.vfs.existing(thread.process.cwd, p, true);
  if (r.type === S_IFDIR) fail(Errno.EISDIR);
  r.location.fs.truncate(r.location.path, length);
  return 0;
}

export function sysFtruncate(thread: Thread, fd: number, length: number): number {
  if (length < 0) fail(Errno.EINVAL);
  const file = fileOf(thread, fd);
  if (file.flags & OpenFlag.PATH) fail(Errno.EBADF);
  if (!file.writable) fail(Errno.EINVAL);
  file.truncate(length);
  return 0;
}

export function sysFsync(thread: Thread, fd: number): number {
  const file = fileOf(thread, fd);
  if (file.flags & OpenFlag.PATH) fail(Errno.EBADF);
  file.sync();
  return 0;
}

// ---- times ----

const UTIME_NOW = (1 << 30) - 1;
const UTIME_OMIT = (1 << 30) - 2;

function timeUpdate(sec: number, nsec: number): TimeUpdate {
  if (nsec === UTIME_NOW) return 'now';
  if (nsec === UTIME_OMIT) return undefined;
  if (nsec < 0 || nsec > 999_999_999) fail(Errno.EINVAL);
  return { sec, nsec };
}

function setTimes(target: Target, atime: TimeUpdate, mtime: TimeUpdate): number {
  if (!target.file) {
    target.location!.fs.utimes(target.location!.path, atime, mtime);
    return 0;
  }
  const file = target.file;
  const hostFd = hostDescriptorOf(file);
  if (hostFd !== undefined) {
    const st = statFromHost(fs.fstatSync(hostFd, { bigint: true }));
    return hostCall(() => fs.futimesSync(hostFd, hostTime(atime, st.atime), hostTime(mtime, st.mtime)));
  }
  if (!file.location) fail(Errno.EBADF);
  file.location.fs.utimes(file.location.path, atime, mtime);
  return 0;
}

export function sysUtimensat(thread: Thread, dirfd: number, pathAddress: number, times: number, flags: number): number {
  const f = flags | 0;
  if (f & ~(AtFlag.SYMLINK_NOFOLLOW | AtFlag.EMPTY_PATH)) fail(Errno.EINVAL);
  let atime: TimeUpdate = 'now';
  let mtime: TimeUpdate = 'now';
  if (times !== 0) {
    const t = StructBuffer.read(thread.process.memory, times, 32);
    atime = timeUpdate(t.getI64(0), t.getI64(8));
    mtime = timeUpdate(t.getI64(16), t.getI64(24));
    if (atime === undefined && mtime === undefined) return 0;
  }
  if (pathAddress === 0) {
    // futimens: the descriptor itself.
    if ((dirfd | 0) === AT_FDCWD) fail(Errno.EFAULT);
    const file = fileOf(thread, dirfd);
    return setTimes({ location: file.location, file, type: 0 }, atime, mtime);
  }
  return setTimes(resolveAt(thread, dirfd, pathAddress, f, !(f & AtFlag.SYMLINK_NOFOLLOW)), atime, mtime);
}

/** utimes/futimesat: struct timeval[2] (microseconds), or NULL for now. */
export function sysFutimesat(thread: Thread, dirfd: number, pathAddress: number, times: number): number {
  let atime: TimeUpdate = 'now';
  let mtime: TimeUpdate = 'now';
  if (times !== 0) {
    const t = StructBuffer.read(thread.process.memory, times, 32);
    const micros = [t.getI64(8), t.getI64(24)];
    if (micros.some((u) => u < 0 || u > 999_999)) fail(Errno.EINVAL);
    atime = { sec: t.getI64(0), nsec: micros[0]! * 1000 };
    mtime = { sec: t.getI64(16), nsec: micros[1]! * 1000 };
  }
  return setTimes(resolveAt(thread, dirfd, pathAddress, 0, true), atime, mtime);
}

export function sysUtimes(thread: Thread, pathAddress: number, times: number): number {
  return sysFutimesat(thread, AT_FDCWD, pathAddress, times);
}

/** utime: struct utimbuf { time_t actime, modtime } or NULL. */
export function sysUtime(thread: Thread, pathAddress: number, times: number): number {
  let atime: TimeUpdate = 'now';
  let mtime: TimeUpdate = 'now';
  if (times !== 0) {
    atime = { sec: readI64(thread.process.memory, times), nsec: 0 };
    mtime = { sec: readI64(thread.process.memory, times + 8), nsec: 0 };
  }
  return setTimes(resolveAt(thread, AT_FDCWD, pathAddress, 0, true), atime, mtime);
}

// ---- statfs, mknod ----

function writeStatfs(thread: Thread, location: Location | undefined, buffer: number): number {
  const s = (location ?? thread.process.vfs.root).fs.statfs(location?.path ?? []);
  new StructBuffer(120)
    .u64(0, s.type)
    .u64(8, s.bsize)
    .u64(16, s.blocks)
    .u64(24, s.bfree)
    .u64(32, s.bavail)
    .u64(40, s.files)
    .u64(48, s.ffree)
    .u64(56, s.fsid)
    .u64(64, s.namelen)
    .u64(72, s.frsize)
    .u64(80, s.flags)
    .writeTo(thread.process.memory, buffer);
  return 0;
}

export function sysStatfs(thread: Thread, pathAddress: number, buffer: number): number {
  const p = path(thread, pathAddress);
  const r = thread.process.vfs.existing(thread.process.cwd, p, true);
  return writeStatfs(thread, r.location, buffer);
}

export function sysFstatfs(thread: Thread, fd: number, buffer: number): number {
  return writeStatfs(thread, fileOf(thread, fd).location, buffer);
}

export function sysMknodat(thread: Thread, dirfd: number, pathAddress: number, mode: number, device: number): number {
  const process = thread.process;
  const p = path(thread, pathAddress);
  const r = process.vfs.resolve(baseFor(thread, dirfd, p), p, false);
  if (r.type !== 0) fail(Errno.EEXIST);
  const type = mode & S_IFMT;
  if (type === S_IFDIR) fail(Errno.EPERM);
  r.location.fs.mknod(r.location.path, type | (mode & 0o7777 & ~process.umask), device >>> 0);
  return 0;
}

export function sysMknod(thread: Thread, pathAddress: number, mode: number, device: number): number {
  return sysMknodat(thread, AT_FDCWD, pathAddress, mode, device);
}
