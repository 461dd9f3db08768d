// An in-memory file system: directories, regular files, symbolic links and FIFOs held in JS
// objects. For tests, for /dev/shm, and for hosts without a file system (the browser, later).

import { OpenFlag, RenameFlag } from '../abi/flags.ts';
import { Errno, fail } from '../errno.ts';
import { Directory } from './directory.ts';
import type { DirectoryEntry, FileSystem, Location, StatFs, TimeUpdate } from './file-system.ts';
import { MemoryFile } from './memory-file.ts';
import type { OpenFile } from './open-file.ts';
import { PathFile } from './path-file.ts';
import { Pipe, PipeEnd } from './pipe.ts';
import { now, S_IFDIR, S_IFIFO, S_IFLNK, S_IFMT, S_IFREG, type Stat, type Timespec } from './stat.ts';

/** The memory file system's device number (anonymous block device range, like tmpfs). */
const DEVICE = 0x2d;
const TMPFS_MAGIC = 0x01021994;

interface NodeBase {
  ino: number;
  mode: number;
  uid: number;
  gid: number;
  nlink: number;
  atime: Timespec;
  mtime: Timespec;
  ctime: Timespec;
}

export interface MemoryDirectory extends NodeBase {
  kind: 'directory';
  entries: Map<string, MemoryNode>;
  parent: MemoryDirectory;
}

export interface MemoryRegular extends NodeBase {
  kind: 'file';
  /** Bytes [0, size) of `data` are the contents; the rest is spare capacity. */
  data: Uint8Array;
  size: number;
}

interface MemorySymlink extends NodeBase {
  kind: 'symlink';
  target: string;
}

interface MemoryFifo extends NodeBase {
  kind: 'fifo';
  pipe: Pipe;
}

export type MemoryNode = MemoryDirectory | MemoryRegular | MemorySymlink | MemoryFifo;

export class MemoryFileSystem implements FileSystem {
  readonly name = 'memory';
  private nextInode = 2;
  readonly root: MemoryDirectory;
  private readonly uid = process.getuid?.() ?? 0;
  private readonly gid = process.getgid?.() ?? 0;

  constructor() {
    const root = this.meta(S_IFDIR | 0o755) as MemoryDirectory;
    root.kind = 'directory';
    root.entries = new Map();
    root.parent = root;
    root.nlink = 2;
    this.root = root;
  }

  // ---- building (tests, /dev/shm) ----

  /** Creates a file with `contents` (directories along the way are created). */
  writeFile(path: string, contents: Uint8Array | string, mode = 0o644): void {
    const parts = split(path);
    const directory = this.ensureDirectory(parts.slice(0, -1));
    const data = typeof contents === 'string' ? Buffer.from(contents, 'latin1') : contents;
    const file = this.meta(S_IFREG | mode) as MemoryRegular;
    file.kind = 'file';
    file.data = new Uint8Array(data);
    file.size = data.length;
    directory.entries.set(parts[parts.length - 1]!, file);
  }

  /** Creates directories along `path`. */
  ensureDirectory(parts: readonly string[]): MemoryDirectory {
    let directory = this.root;
    for (const name of parts) {
      let next = directory.entries.get(name);
      if (!next) {
        this.mkdir([...this.pathOf(directory), name], 0o755);
        next = directory.entries.get(name)!;
      }
      if (next.kind !== 'directory') fail(Errno.ENOTDIR);
      directory = next;
    }
    return directory;
  }

  readFile(path: string): Uint8Array {
    const node = this.node(split(path));
    if (node.kind !== 'file') fail(Errno.EISDIR);
    return node.data.slice(0, node.size);
  }

  // ---- FileSystem ----

  kind(path: readonly string[]): number {
    const node = this.find(path);
    return node ? node.mode & S_IFMT : 0;
  }

  lstat(path: readonly string[]): Stat {
    return statOf(this.node(path));
  }

  readlink(path: readonly string[]): string {
    const node = this.node(path);
    if (node.kind !== 'symlink') fail(Errno.EINVAL);
    return node.target;
  }

  open(location: Location, flags: number, mode: number): OpenFile {
    let node = this.find(location.path);
    if (!node) {
      if (!(flags & OpenFlag.CREAT)) fail(Errno.ENOENT);
      node = this.createFile(location.path, mode);
    } else if (flags & OpenFlag.CREAT && flags & OpenFlag.EXCL) {
      fail(Errno.EEXIST);
    }
    if (flags & OpenFlag.PATH) return new PathFile(flags, location, () => statOf(node), statOf(node));
    this.checkAccess(node, flags);
    switch (node.kind) {
      case 'directory': {
        const directory = node;
        return new Directory(
          flags,
          location,
          () => [
            { name: '.', ino: directory.ino, type: S_IFDIR },
            { name: '..', ino: directory.parent.ino, type: S_IFDIR },
            ...this.entriesOf(directory),
          ],
          () => statOf(directory),
        );
      }
      case 'file':
        if (flags & OpenFlag.TRUNC && (flags & 3) !== 0) {
          node.size = 0;
          touch(node);
        }
        return new MemoryFile(node, flags, location);
      case 'fifo':
        return new PipeEnd(node.pipe, flags);
      default:
        fail(Errno.ELOOP);
    }
  }

  private createFile(path: readonly string[], mode: number): MemoryRegular {
    const [directory, name] = this.parentOf(path);
    if (directory.entries.has(name)) fail(Errno.EEXIST);
    const file = this.meta(S_IFREG | (mode & 0o7777)) as MemoryRegular;
    file.kind = 'file';
    file.data = new Uint8Array(0);
    file.size = 0;
    directory.entries.set(name, file);
    touch(directory);
    return file;
  }

  private checkAccess(node: MemoryNode, flags: number): void {
    const accessMode = flags & 3;
    if (node.kind === 'directory' && accessMode !== 0) fail(Errno.EISDIR);
    if (this.uid === 0) return;
    if ((accessMode === 0 || accessMode === 2) && !(node.mode & 0o400)) fail(Errno.EACCES);
    if ((accessMode === 1 || accessMode === 2) && !(node.mode & 0o200)) fail(Errno.EACCES);
  }

  mkdir(path: readonly string[], mode: number): void {
    const [parent, name] = this.parentOf(path);
    if (parent.entries.has(name)) fail(Errno.EEXIST);
    const directory = this.meta(S_IFDIR | (mode & 0o7777)) as MemoryDirectory;
    directory.kind = 'directory';
    directory.entries = new Map();
    directory.parent = parent;
    directory.nlink = 2;
    parent.entries.set(name, directory);
    parent.nlink++;
    touch(parent);
  }

  rmdir(path: readonly string[]): void {
    if (path.length === 0) fail(Errno.EBUSY);
    const [parent, name] = this.parentOf(path);
    const node = parent.entries.get(name);
    if (!node) fail(Errno.ENOENT);
    if (node.kind !== 'directory') fail(Errno.ENOTDIR);
    if (node.entries.size > 0) fail(Errno.ENOTEMPTY);
    parent.entries.delete(name);
    parent.nlink--;
    touch(parent);
  }

  unlink(path: readonly string[]): void {
    const [parent, name] = this.parentOf(path);
    const node = parent.entries.get(name);
    if (!node) fail(Errno.ENOENT);
    if (node.kind === 'directory') fail(Errno.EISDIR);
    parent.entries.delete(name);
    node.nlink--;
    node.ctime = now();
    touch(parent);
  }

  rename(from: readonly string[], to: readonly string[], flags: number): void {
    const [sourceParent, sourceName] = this.parentOf(from);
    const [targetParent, targetName] = this.parentOf(to);
    const node = sourceParent.entries.get(sourceName);
    if (!node) fail(Errno.ENOENT);
    const existing = targetParent.entries.get(targetName);
    if (flags & RenameFlag.EXCHANGE) {
      if (!existing) fail(Errno.ENOENT);
      sourceParent.entries.set(sourceName, existing);
      targetParent.entries.set(targetName, node);
      return;
    }
    if (existing === node) return;
    if (existing) {
      if (flags & RenameFlag.NOREPLACE) fail(Errno.EEXIST);
      if (node.kind === 'directory' && existing.kind !== 'directory') fail(Errno.ENOTDIR);
      if (node.kind !== 'directory' && existing.kind === 'directory') fail(Errno.EISDIR);
      if (existing.kind === 'directory' && existing.entries.size > 0) fail(Errno.ENOTEMPTY);
    }
    if (node.kind === 'directory') {
      // A directory cannot move into itself.
      for (let d: MemoryDirectory = targetParent; ; d = d.parent) {
        if (d === node) fail(Errno.EINVAL);
        if (d === this.root) break;
      }
      node.parent = targetParent;
    }
    sourceParent.entries.delete(sourceName);
    targetParent.entries.set(targetName, node);
    touch(sourceParent);
    touch(targetParent);
  }

  link(existing: readonly string[], path: readonly string[]): void {
    const node = this.node(existing);
    if (node.kind === 'directory') fail(Errno.EPERM);
    const [parent, name] = this.parentOf(path);
    if (parent.entries.has(name)) fail(Errno.EEXIST);
    parent.entries.set(name, node);
    node.nlink++;
    node.ctime = now();
  }

  symlink(target: string, path: readonly string[]): void {
    const [parent, name] = this.parentOf(path);
    if (parent.entries.has(name)) fail(Errno.EEXIST);
    const link = this.meta(S_IFLNK | 0o777) as MemorySymlink;
    link.kind = 'symlink';
    link.target = target;
    parent.entries.set(name, link);
    touch(parent);
  }

  mknod(path: readonly string[], mode: number, _device: number): void {
    const type = mode & S_IFMT;
    if (type === S_IFREG || type === 0) {
      this.createFile(path, mode);
      return;
    }
    if (type !== S_IFIFO) fail(Errno.EPERM);
    const [parent, name] = this.parentOf(path);
    if (parent.entries.has(name)) fail(Errno.EEXIST);
    const fifo = this.meta(S_IFIFO | (mode & 0o7777)) as MemoryFifo;
    fifo.kind = 'fifo';
    fifo.pipe = new Pipe();
    parent.entries.set(name, fifo);
  }

  chmod(path: readonly string[], mode: number): void {
    const node = this.node(path);
    if (node.kind === 'symlink') fail(Errno.EOPNOTSUPP);
    node.mode = (node.mode & S_IFMT) | (mode & 0o7777);
    node.ctime = now();
  }

  chown(path: readonly string[], uid: number, gid: number): void {
    const node = this.node(path);
    if (uid !== -1) node.uid = uid;
    if (gid !== -1) node.gid = gid;
    node.ctime = now();
  }

  truncate(path: readonly string[], length: number): void {
    const node = this.node(path);
    if (node.kind === 'directory') fail(Errno.EISDIR);
    if (node.kind !== 'file') fail(Errno.EINVAL);
    resize(node, length);
  }

  utimes(path: readonly string[], atime: TimeUpdate, mtime: TimeUpdate): void {
    const node = this.node(path);
    const t = now();
    if (atime) node.atime = atime === 'now' ? t : atime;
    if (mtime) node.mtime = mtime === 'now' ? t : mtime;
    node.ctime = t;
  }

  access(path: readonly string[], mode: number): void {
    const node = this.node(path);
    if (this.uid === 0) {
      if (mode & 1 && node.kind !== 'directory' && !(node.mode & 0o111)) fail(Errno.EACCES);
      return;
    }
    if (
      (mode & 4 && !(node.mode & 0o400)) ||
      (mode & 2 && !(node.mode & 0o200)) ||
      (mode & 1 && !(node.mode & 0o100))
    ) {
      fail(Errno.EACCES);
    }
  }

  readdir(path: readonly string[]): DirectoryEntry[] {
    const node = this.node(path);
    if (node.kind !== 'directory') fail(Errno.ENOTDIR);
    return this.entriesOf(node);
  }

  statfs(): StatFs {
    return {
      type: TMPFS_MAGIC,
      bsize: 4096,
      blocks: 0,
      bfree: 0,
      bavail: 0,
      files: 0,
      ffree: 0,
      fsid: 0,
      namelen: 255,
      frsize: 4096,
      flags: 0,
    };
  }

  // ---- internals ----

  private entriesOf(directory: MemoryDirectory): DirectoryEntry[] {
    return [...directory.entries].map(([name, node]) => ({ name, ino: node.ino, type: node.mode & S_IFMT }));
  }

  private meta(mode: number): NodeBase {
    const t = now();
    return { ino: this.nextInode++, mode, uid: this.uid, gid: this.gid, nlink: 1, atime: t, mtime: t, ctime: t };
  }

  private find(path: readonly string[]): MemoryNode | undefined {
    let node: MemoryNode = this.root;
    for (const name of path) {
      if (node.kind !== 'directory') return undefined;
      const next = node.entries.get(name);
      if (!next) return undefined;
      node = next;
    }
    return node;
  }

  private node(path: readonly string[]): MemoryNode {
    return this.find(path) ?? fail(Errno.ENOENT);
  }

  private parentOf(path: readonly string[]): [MemoryDirectory, string] {
    if (path.length === 0) fail(Errno.EEXIST);
    const parent = this.find(path.slice(0, -1));
    if (!parent) fail(Errno.ENOENT);
    if (parent.kind !== 'directory') fail(Errno.ENOTDIR);
    return [parent, path[path.length - 1]!];
  }

  private pathOf(directory: MemoryDirectory): string[] {
    const parts: string[] = [];
    for (let d = directory; d !== this.root; d = d.parent) {
      for (const [name, node] of d.parent.entries) {
        if (node === d) {
          parts.unshift(name);
          break;
        }
      }
    }
    return parts;
  }
}

function split(path: string): string[] {
  return path.split('/').filter((p) => p !== '' && p !== '.');
}

function touch(node: NodeBase): void {
  const t = now();
  node.mtime = t;
  node.ctime = t;
}

/** Sets a file's size, zero-filling growth. */
export function resize(file: MemoryRegular, length: number): void {
  if (length > file.data.length) {
    const data = new Uint8Array(Math.max(length, file.data.length * 2, 256));
    data.set(file.data.subarray(0, file.size));
    file.data = data;
  } else if (length > file.size) {
    file.data.fill(0, file.size, length);
  }
  if (length < file.size) file.data.fill(0, length, file.size);
  file.size = length;
  touch(file);
}

export function statOf(node: MemoryNode): Stat {
  const size =
    node.kind === 'file'
      ? node.size
      : node.kind === 'symlink'
        ? node.target.length
        : node.kind === 'directory'
          ? 4096
          : 0;
  return {
    dev: DEVICE,
    ino: node.ino,
    mode: node.mode,
    nlink: node.nlink,
    uid: node.uid,
    gid: node.gid,
    rdev: 0,
    size,
    blksize: 4096,
    blocks: Math.ceil(size / 512),
    atime: node.atime,
    mtime: node.mtime,
    ctime: node.ctime,
  };
}
