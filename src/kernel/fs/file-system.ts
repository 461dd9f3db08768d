// What a file system backend provides to the VFS (src/kernel/fs/vfs.ts).
//
// Backends see paths already resolved by the VFS: an array of components inside that file
// system, with no '.', '..' or symbolic links in it (the VFS follows links itself, which is what
// keeps `--root DIR` confinement airtight). Components are byte strings (one char per byte).
// Failures throw SyscallError via fail(errno), with the errno Linux would give.

import type { OpenFile } from './open-file.ts';
import type { Stat, Timespec } from './stat.ts';

/** A place in the namespace: a backend, the path inside it, and the path the guest sees. */
export interface Location {
  fs: FileSystem;
  path: readonly string[];
  /** The absolute path in the guest's namespace ('/' for the root). */
  nsPath: string;
}

/** A directory entry as getdents64 reports it. */
export interface DirectoryEntry {
  name: string;
  ino: number;
  /** File type bits (S_IFMT) of the entry, or 0 when unknown (DT_UNKNOWN). */
  type: number;
}

/** For utimensat: a time to set, or 'now' (UTIME_NOW), or undefined to leave it (UTIME_OMIT). */
export type TimeUpdate = Timespec | 'now' | undefined;

export interface FileSystem {
  /** For messages: 'host', 'memory', 'proc', 'dev'. */
  readonly name: string;
  /** The file type (S_IFMT bits) at `path`, or 0 when nothing is there. Cheap: used on every path walk. */
  kind(path: readonly string[]): number;
  lstat(path: readonly string[]): Stat;
  readlink(path: readonly string[]): string;
  /**
   * Where a "magic" link leads (procfs: /proc/self/fd/N, /proc/self/exe): a location to continue
   * the walk at, rather than text to parse. Undefined for ordinary links.
   */
  magicLink?(path: readonly string[]): Location | undefined;
  /**
   * Opens (and with O_CREAT creates, `mode` already masked by the umask) the file at `location`.
   * The VFS has handled O_EXCL, O_NOFOLLOW and O_DIRECTORY against what the walk found.
   */
  open(location: Location, flags: number, mode: number): OpenFile;
  mkdir(path: readonly string[], mode: number): void;
  rmdir(path: readonly string[]): void;
  unlink(path: readonly string[]): void;
  /** Both paths in this file system; `flags` are RENAME_* (NOREPLACE, EXCHANGE). */
  rename(from: readonly string[], to: readonly string[], flags: number): void;
  link(existing: readonly string[], path: readonly string[]): void;
  symlink(target: string, path: readonly string[]): void;
  mknod(path: readonly string[], mode: number, device: number): void;
  chmod(path: readonly string[], mode: number): void;
  chown(path: readonly string[], uid: number, gid: number): void;
  truncate(path: readonly string[], length: number): void;
  utimes(path: readonly string[], atime: TimeUpdate, mtime: TimeUpdate): void;
  /** access(2) with R_OK/W_OK/X_OK bits (F_OK is checked by the walk). */
  access(path: readonly string[], mode: number): void;
  readdir(path: readonly string[]): DirectoryEntry[];
  statfs(path: readonly string[]): StatFs;
}

/** struct statfs fields (the kernel's values for the backend). */
export interface StatFs {
  type: number;
  bsize: number;
  blocks: number;
  bfree: number;
  bavail: number;
  files: number;
  ffree: number;
  fsid: number;
  namelen: number;
  frsize: number;
  flags: number;
}
