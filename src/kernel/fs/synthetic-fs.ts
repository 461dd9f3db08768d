// A read-only file system whose tree is computed on demand: the base of /proc and /dev.
// Files are snapshots taken at open (as Linux's seq_file shows one consistent generation);
// links may be "magic" (procfs's fd and exe links lead to objects, not to parsed paths).

import { Errno, fail } from '../errno.ts';
import { Directory } from './directory.ts';
import type { DirectoryEntry, FileSystem, Location, StatFs } from './file-system.ts';
import { MemoryFile } from './memory-file.ts';
import type { MemoryRegular } from './memory-fs.ts';
import type { OpenFile } from './open-file.ts';
import { PathFile } from './path-file.ts';
import { now, S_IFDIR, S_IFLNK, S_IFMT, S_IFREG, type Stat } from './stat.ts';

export type SyntheticNode =
  | {
      kind: 'directory';
      /** Entry names, in listing order. */
      names(): string[];
      lookup(name: string): SyntheticNode | undefined;
      mode?: number;
    }
  | { kind: 'file'; content(): Uint8Array | string; mode?: number }
  | {
      kind: 'symlink';
      target(): string;
      /** Where following the link leads, when it is a magic link. */
      magic?(): Location | undefined;
      mode?: number;
    }
  | { kind: 'device'; stat(): Stat; open(flags: number, location: Location): OpenFile };

export class SyntheticFileSystem implements FileSystem {
  private readonly inodes = new Map<string, number>();
  private nextInode = 2;
  private readonly created = now();

  constructor(
    readonly name: string,
    private readonly root: SyntheticNode,
    private readonly device: number,
    private readonly magicNumber: number,
  ) {}

  private find(path: readonly string[]): SyntheticNode | undefined {
    let node: SyntheticNode | undefined = this.root;
    for (const name of path) {
      if (node?.kind !== 'directory') return undefined;
      node = node.lookup(name);
    }
    return node;
  }

  private node(path: readonly string[]): SyntheticNode {
    return this.find(path) ?? fail(Errno.ENOENT);
  }

  private inode(path: readonly string[]): number {
    const key = path.join('/');
    let ino = this.inodes.get(key);
    if (ino === undefined) {
      ino = path.length === 0 ? 1 : this.nextInode++;
      this.inodes.set(key, ino);
    }
    return ino;
  }

  kind(path: readonly string[]): number {
    const node = this.find(path);
    if (!node) return 0;
    return node.kind === 'device' ? node.stat().mode & S_IFMT : typeOf(node);
  }

  lstat(path: readonly string[]): Stat {
    const node = this.node(path);
    if (node.kind === 'device') return node.stat();
    const t = this.created;
    return {
      dev: this.device,
      ino: this.inode(path),
      mode: typeOf(node) | (node.mode ?? (node.kind === 'directory' ? 0o555 : node.kind === 'symlink' ? 0o777 : 0o444)),
      nlink: node.kind === 'directory' ? 2 : 1,
      uid: process.getuid?.() ?? 0,
      gid: process.getgid?.() ?? 0,
      rdev: 0,
      size: node.kind === 'symlink' ? node.target().length : 0,
      blksize: 1024,
      blocks: 0,
      atime: t,
      mtime: t,
      ctime: t,
    };
  }

  readlink(path: readonly string[]): string {
    const node = this.node(path);
    if (node.kind !== 'symlink') fail(Errno.EINVAL);
    return node.target();
  }

  magicLink(path: readonly string[]): Location | undefined {
    const node = this.find(path);
    return node?.kind === 'symlink' ? node.magic?.() : undefined;
  }

  open(location: Location, flags: number): OpenFile {
    const node = this.find(location.path);
    if (!node) fail(flags & 0o100 ? Errno.EACCES : Errno.ENOENT);
    if (flags & 0o10000000)
      return new PathFile(flags, location, () => this.lstat(location.path), this.lstat(location.path));
    switch (node.kind) {
      case 'directory':
        return new Directory(
          flags,
          location,
          () => this.listWithDots(location.path),
          () => this.lstat(location.path),
        );
      case 'file': {
        if ((flags & 3) !== 0) fail(Errno.EACCES);
        const snapshot = { kind: 'file', data: new Uint8Array(0), size: 0 } as MemoryRegular;
        return new MemoryFile(
          snapshot,
          flags,
          location,
          () => this.lstat(location.path),
          () => {
            const content = node.content();
            return typeof content === 'string' ? Buffer.from(content, 'latin1') : content;
          },
        );
      }
      case 'device':
        return node.open(flags, location);
      default:
        fail(Errno.ELOOP);
    }
  }

  private listWithDots(path: readonly string[]): DirectoryEntry[] {
    const node = this.node(path);
    if (node.kind !== 'directory') fail(Errno.ENOTDIR);
    const parent = path.length > 0 ? this.inode(path.slice(0, -1)) : this.inode(path);
    return [
      { name: '.', ino: this.inode(path), type: S_IFDIR },
      { name: '..', ino: parent, type: S_IFDIR },
      ...this.readdir(path),
    ];
  }

  readdir(path: readonly string[]): DirectoryEntry[] {
    const node = this.node(path);
    if (node.kind !== 'directory') fail(Errno.ENOTDIR);
    const entries: DirectoryEntry[] = [];
    for (const name of node.names()) {
      const child = node.lookup(name);
      if (!child) continue;
      entries.push({ name, ino: this.inode([...path, name]), type: this.kind([...path, name]) });
    }
    return entries;
  }

  access(path: readonly string[], mode: number): void {
    const st = this.lstat(path);
    if (mode & 2 && !(st.mode & 0o222)) fail(Errno.EACCES);
    if (mode & 1 && !(st.mode & 0o111)) fail(Errno.EACCES);
  }

  statfs(): StatFs {
    return {
      type: this.magicNumber,
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

  mkdir(): void {
    fail(Errno.EACCES);
  }

  rmdir(): void {
    fail(Errno.EACCES);
  }

  unlink(): void {
    fail(Errno.EACCES);
  }

  rename(): void {
    fail(Errno.EACCES);
  }

  link(): void {
    fail(Errno.EACCES);
  }

  symlink(): void {
    fail(Errno.EACCES);
  }

  mknod(): void {
    fail(Errno.EACCES);
  }

  chmod(): void {
    fail(Errno.EPERM);
  }

  chown(): void {
    fail(Errno.EPERM);
  }

  truncate(): void {
    fail(Errno.EACCES);
  }

  utimes(): void {
    fail(Errno.EPERM);
  }
}

function typeOf(node: SyntheticNode): number {
  switch (node.kind) {
    case 'directory':
      return S_IFDIR;
    case 'symlink':
      return S_IFLNK;
    case 'file':
      return S_IFREG;
    default:
      return 0;
  }
}

/** A directory of fixed children. */
export function directory(children: Record<string, SyntheticNode>, mode?: number): SyntheticNode {
  return {
    kind: 'directory',
    names: () => Object.keys(children),
    lookup: (name) => (Object.hasOwn(children, name) ? children[name] : undefined),
    ...(mode !== undefined ? { mode } : {}),
  };
}
