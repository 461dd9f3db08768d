// How the linker reads the files it loads. Inside a process, through the guest's namespace (so
// `miros run --root DIR` finds libraries inside DIR, as a chrooted ld.so would); for `miros ldd`,
// from the host, optionally below a `--sysroot` directory whose absolute symlinks stay inside it.
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { SyscallError } from '../kernel/errno.ts';
import { S_IFREG } from '../kernel/fs/stat.ts';
import type { Process } from '../kernel/process.ts';

export interface LibraryFile {
  /** The path as asked for (what /proc/self/maps and l_name show). */
  path: string;
  bytes: Uint8Array;
  device: number;
  inode: number;
  /** The directory of the file with symbolic links resolved: $ORIGIN. */
  originDirectory: string;
}

export interface LibraryFiles {
  /** The regular file at `path` (absolute, or relative to the working directory), or undefined. */
  open(path: string): LibraryFile | undefined;
}

/** Host strings to the kernel's byte strings (one char per UTF-8 byte). */
function toBytes(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}

function fromBytes(text: string): string {
  return Buffer.from(text, 'latin1').toString('utf8');
}

/** Files of the guest's namespace (the process's VFS, its root and working directory). */
export class ProcessLibraryFiles implements LibraryFiles {
  constructor(private readonly process: Process) {}

  open(path: string): LibraryFile | undefined {
    const vfs = this.process.vfs;
    try {
      const resolution = vfs.resolve(this.process.cwd, toBytes(path), true);
      if (resolution.type !== S_IFREG) return undefined;
      const location = resolution.location;
      const file = location.fs.open(location, 0, 0);
      try {
        const stat = file.stat();
        const bytes = file.readForMapping(0, stat.size).subarray(0, stat.size);
        const nsPath = fromBytes(location.nsPath);
        return {
          path,
          bytes,
          device: stat.dev,
          inode: stat.ino,
          originDirectory: nodePath.posix.dirname(nsPath),
        };
      } finally {
        file.drop();
      }
    } catch (error) {
      if (error instanceof SyscallError) return undefined;
      throw error;
    }
  }
}

/** Host files, as seen from `sysroot` ('/' by default: the host's own root). */
export class HostLibraryFiles implements LibraryFiles {
  constructor(private readonly sysroot = '/') {}

  open(path: string): LibraryFile | undefined {
    const real = this.resolve(path);
    if (real === undefined) return undefined;
    try {
      const hostPath = this.hostPath(real);
      const stat = fs.statSync(hostPath);
      if (!stat.isFile()) return undefined;
      return {
        path,
        bytes: fs.readFileSync(hostPath),
        device: stat.dev,
        inode: stat.ino,
        originDirectory: nodePath.posix.dirname(real),
      };
    } catch {
      return undefined;
    }
  }

  private hostPath(path: string): string {
    return this.sysroot === '/' ? path : nodePath.join(this.sysroot, path);
  }

  /** The path inside the sysroot with every symbolic link resolved, or undefined when it is missing. */
  private resolve(path: string): string | undefined {
    const absolute = path.startsWith('/') ? path : nodePath.posix.join(process.cwd(), path);
    if (this.sysroot === '/') {
      try {
        return fs.realpathSync(absolute);
      } catch {
        return undefined;
      }
    }
    // Walk the components, restarting absolute link targets at the sysroot (what chroot does).
    let pending = absolute.split('/').filter((p) => p !== '');
    const done: string[] = [];
    let links = 0;
    while (pending.length > 0) {
      const component = pending.shift()!;
      if (component === '.') continue;
      if (component === '..') {
        done.pop();
        continue;
      }
      const candidate = `/${[...done, component].join('/')}`;
      let stat: fs.Stats;
      try {
        stat = fs.lstatSync(this.hostPath(candidate));
      } catch {
        return undefined;
      }
      if (!stat.isSymbolicLink()) {
        done.push(component);
        continue;
      }
      if (++links > 40) return undefined;
      const target = fs.readlinkSync(this.hostPath(candidate));
      if (target.startsWith('/')) done.length = 0;
      pending = [...target.split('/').filter((p) => p !== ''), ...pending];
    }
    return `/${done.join('/')}`;
  }
}
