// The host's file system, seen from a root directory ('/' for plain pass-through, the --root
// directory otherwise). The VFS gives this backend resolved component paths only (no '..', no
// symbolic links), so every host path built here stays inside the root.
//
// Host calls use Buffer paths made from byte strings, so names that are not UTF-8 survive.
// Node's fs has no lseek and no *at() calls: open files keep their own offset and use
// positional reads and writes; the VFS does the directory walks itself.

import * as fs from 'node:fs';
import { spawnSync } from '../../host/lazy-builtins.ts';
import { OpenFlag, RenameFlag } from '../abi/flags.ts';
import { Errno, fail, hostErrno } from '../errno.ts';
import { Directory } from './directory.ts';
import type { DirectoryEntry, FileSystem, Location, StatFs, TimeUpdate } from './file-system.ts';
import { HostFile } from './host-file.ts';
import { PathFile } from './path-file.ts';
import {
  S_IFDIR,
  S_IFIFO,
  S_IFLNK,
  S_IFMT,
  S_IFREG,
  S_IFSOCK,
  type Stat,
  statFromHost,
  type Timespec,
} from './stat.ts';

/** Flags Miros handles itself rather than passing to the host's open(2). */
const HANDLED_FLAGS = OpenFlag.CLOEXEC | OpenFlag.PATH;

export class HostFileSystem implements FileSystem {
  readonly name = 'host';

  /** `root` is a host directory as a byte string, without a trailing slash ('' for '/'). */
  constructor(readonly root: string) {}

  static rootedAt(directory: string): HostFileSystem {
    const bytes = Buffer.from(directory, 'utf8').toString('latin1').replace(/\/+$/, '');
    return new HostFileSystem(bytes);
  }

  hostPath(path: readonly string[]): Buffer {
    return Buffer.from(path.length === 0 ? this.root || '/' : `${this.root}/${path.join('/')}`, 'latin1');
  }

  kind(path: readonly string[]): number {
    try {
      const st = fs.lstatSync(this.hostPath(path), { throwIfNoEntry: false });
      return st ? st.mode & S_IFMT : 0;
    } catch (error) {
      const errno = hostErrno(error);
      if (errno === Errno.ENOTDIR) return 0;
      fail(errno);
    }
  }

  lstat(path: readonly string[]): Stat {
    return statFromHost(call(() => fs.lstatSync(this.hostPath(path), { bigint: true })));
  }

  readlink(path: readonly string[]): string {
    return call(() => fs.readlinkSync(this.hostPath(path), { encoding: 'buffer' })).toString('latin1');
  }

  open(location: Location, flags: number, mode: number): HostFileLike {
    const hostPath = this.hostPath(location.path);
    if (flags & OpenFlag.PATH) {
      const st = this.lstat(location.path);
      return new PathFile(flags, location, () => this.lstat(location.path), st);
    }
    // The walk resolved every link; O_NOFOLLOW keeps a link swapped in meanwhile from leading out.
    const hostFlags = (flags & ~HANDLED_FLAGS) | OpenFlag.NOFOLLOW;
    const hostFd = call(() => fs.openSync(hostPath, hostFlags, mode));
    const st = fs.fstatSync(hostFd);
    const type = st.mode & S_IFMT;
    if (type === S_IFDIR) {
      return new Directory(
        flags,
        location,
        () => this.listWithDots(location, st),
        () => statFromHost(fs.fstatSync(hostFd, { bigint: true })),
      ).onRelease(() => fs.closeSync(hostFd));
    }
    return new HostFile(hostFd, flags, location, type === S_IFREG || type === 0o060000);
  }

  private listWithDots(location: Location, self: fs.Stats): DirectoryEntry[] {
    const parent = location.path.length > 0 ? this.lstatOrUndefined(location.path.slice(0, -1)) : undefined;
    return [
      { name: '.', ino: self.ino, type: S_IFDIR },
      { name: '..', ino: parent?.ino ?? self.ino, type: S_IFDIR },
      ...this.readdir(location.path),
    ];
  }

  private lstatOrUndefined(path: readonly string[]): Stat | undefined {
    try {
      return this.lstat(path);
    } catch {
      return undefined;
    }
  }

  mkdir(path: readonly string[], mode: number): void {
    call(() => fs.mkdirSync(this.hostPath(path), { mode }));
  }

  rmdir(path: readonly string[]): void {
    call(() => fs.rmdirSync(this.hostPath(path)));
  }

  unlink(path: readonly string[]): void {
    call(() => fs.unlinkSync(this.hostPath(path)));
  }

  rename(from: readonly string[], to: readonly string[], flags: number): void {
    const source = this.hostPath(from);
    const target = this.hostPath(to);
    if (flags & ~(RenameFlag.NOREPLACE | RenameFlag.EXCHANGE)) fail(Errno.EINVAL);
    if (flags & RenameFlag.EXCHANGE) {
      if (flags & RenameFlag.NOREPLACE) fail(Errno.EINVAL);
      // Node has no renameat2: exchange through a temporary name next to the source. Not atomic,
      // but each name ends up naming the other's file, as RENAME_EXCHANGE leaves them.
      if (this.kind(to) === 0 || this.kind(from) === 0) fail(Errno.ENOENT);
      const temporary = Buffer.concat([source, Buffer.from(`.miros-exchange-${process.pid}`)]);
      call(() => fs.renameSync(source, temporary));
      call(() => fs.renameSync(target, source));
      call(() => fs.renameSync(temporary, target));
      return;
    }
    if (flags & RenameFlag.NOREPLACE && this.kind(to) !== 0) fail(Errno.EEXIST);
    call(() => fs.renameSync(source, target));
  }

  link(existing: readonly string[], path: readonly string[]): void {
    call(() => fs.linkSync(this.hostPath(existing), this.hostPath(path)));
  }

  symlink(target: string, path: readonly string[]): void {
    call(() => fs.symlinkSync(Buffer.from(target, 'latin1'), this.hostPath(path)));
  }

  mknod(path: readonly string[], mode: number, _device: number): void {
    const type = mode & S_IFMT;
    if (type === S_IFREG || type === 0) {
      call(() => fs.closeSync(fs.openSync(this.hostPath(path), OpenFlag.CREAT | OpenFlag.EXCL, mode & 0o7777)));
    } else if (type === S_IFIFO) {
      // Node cannot call mkfifo(3); the mkfifo program can.
      if (this.kind(path) !== 0) fail(Errno.EEXIST);
      const result = spawnSync('mkfifo', ['-m', (mode & 0o7777).toString(8), '--', this.hostPath(path).toString()]);
      if (result.status !== 0) fail(Errno.EPERM);
    } else if (type === S_IFSOCK) {
      // bind(2)'s socket file. Node cannot mknod one; a Node child listening on the path makes
      // it (and, exiting, leaves it there, as a closed socket leaves its file).
      if (this.kind(path) !== 0) fail(Errno.EEXIST);
      const hostPath = this.hostPath(path);
      const script = "require('net').createServer().listen(process.argv[1], () => process.exit(0))";
      const result = spawnSync(process.execPath, ['-e', script, hostPath.toString('latin1')]);
      if (result.status !== 0 || this.kind(path) !== S_IFSOCK) fail(Errno.EACCES);
      call(() => fs.chmodSync(hostPath, mode & 0o7777));
    } else {
      fail(Errno.EPERM);
    }
  }

  chmod(path: readonly string[], mode: number): void {
    if (this.kind(path) === S_IFLNK) fail(Errno.EOPNOTSUPP);
    call(() => fs.chmodSync(this.hostPath(path), mode & 0o7777));
  }

  chown(path: readonly string[], uid: number, gid: number): void {
    call(() => fs.lchownSync(this.hostPath(path), uid, gid));
  }

  truncate(path: readonly string[], length: number): void {
    call(() => fs.truncateSync(this.hostPath(path), length));
  }

  utimes(path: readonly string[], atime: TimeUpdate, mtime: TimeUpdate): void {
    const current = atime === undefined || mtime === undefined ? this.lstat(path) : undefined;
    const a = hostTime(atime, current?.atime);
    const m = hostTime(mtime, current?.mtime);
    call(() => fs.lutimesSync(this.hostPath(path), a, m));
  }

  access(path: readonly string[], mode: number): void {
    call(() => fs.accessSync(this.hostPath(path), mode));
  }

  readdir(path: readonly string[]): DirectoryEntry[] {
    const directory = this.hostPath(path);
    // opendir/readSync returns entries in the file system's own order, as getdents does natively
    // (readdirSync sorts them).
    const dir = call(() => fs.opendirSync(directory, { encoding: 'buffer' as BufferEncoding }));
    const entries: DirectoryEntry[] = [];
    try {
      for (;;) {
        const entry = dir.readSync();
        if (!entry) break;
        const name = (entry.name as unknown as Buffer).toString('latin1');
        const child = Buffer.concat([directory, Buffer.from(directory.length > 1 ? `/${name}` : name, 'latin1')]);
        const st = fs.lstatSync(child, { throwIfNoEntry: false });
        if (!st) continue;
        entries.push({ name, ino: st.ino, type: st.mode & S_IFMT });
      }
    } finally {
      dir.closeSync();
    }
    return entries;
  }

  statfs(path: readonly string[]): StatFs {
    const s = call(() => fs.statfsSync(this.hostPath(path)));
    return {
      type: s.type,
      bsize: s.bsize,
      blocks: s.blocks,
      bfree: s.bfree,
      bavail: s.bavail,
      files: s.files,
      ffree: s.ffree,
      fsid: 0,
      namelen: 255,
      frsize: s.bsize,
      flags: 0,
    };
  }
}

type HostFileLike = HostFile | Directory | PathFile;

/** Runs a host call, turning a host error into the guest's errno. */
/**
 * A time to set (or `keep`, the file's current one, for UTIME_OMIT) as the seconds Node's utimes
 * family takes. libuv turns them back into a timespec truncated to whole microseconds, and a
 * double near 1.7e9 s is only good to ~240 ns: half a microsecond is added so the truncation
 * lands on the intended microsecond. (Sub-microsecond parts are lost: Node cannot set them.)
 */
export function hostTime(update: TimeUpdate, keep: Timespec | undefined): number {
  if (update === 'now') return Date.now() / 1000;
  const t = update ?? keep!;
  return t.sec + (Math.floor(t.nsec / 1000) * 1000 + 500) / 1e9;
}

function call<T>(operation: () => T): T {
  try {
    return operation();
  } catch (error) {
    fail(hostErrno(error));
  }
}
