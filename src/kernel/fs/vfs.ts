// The guest's file namespace: a root file system with others mounted on it (/proc, /dev,
// /dev/shm), and the path walk that every path-taking system call goes through.
//
// The walk resolves each component itself — '.', '..', symbolic links (at most 40, then ELOOP),
// mount points, procfs magic links — and hands backends only clean component paths. '..' never
// climbs above the root directory and absolute link targets restart there, so a program under
// `--root DIR` cannot name anything outside DIR. chroot gives a process a view (withRoot) with
// another root directory over the same mounts.

import { OpenFlag } from '../abi/flags.ts';
import { Errno, fail } from '../errno.ts';
import type { FileSystem, Location } from './file-system.ts';
import type { OpenFile } from './open-file.ts';
import { S_IFDIR, S_IFLNK } from './stat.ts';

const MAX_SYMLINKS = 40;
const NAME_MAX = 255;

export interface Resolution {
  /** Where the path leads (for a missing last component: where it would be). */
  location: Location;
  /** File type (S_IFMT bits) found there, 0 when the last component does not exist. */
  type: number;
  /** The directory holding the last component. */
  parent: Location;
  /** The last component ('.' or '..' when the path ended in one, '' for the root). */
  name: string;
  /** The path ended in '/': the result must be (or be created as) a directory. */
  trailingSlash: boolean;
}

export class Vfs {
  /** The root directory of the processes that use this view: '/' and where '..' stops. */
  readonly root: Location;
  /** The namespace's own root (what chroot views are made from). */
  private readonly namespaceRoot: Location;
  /** What is mounted where (namespace paths), shared by every view of the namespace. */
  private readonly mounts: Map<string, FileSystem>;

  constructor(rootFs: FileSystem, mounts = new Map<string, FileSystem>(), root?: Location) {
    this.namespaceRoot = { fs: rootFs, path: [], nsPath: '/' };
    this.mounts = mounts;
    this.root = root ?? this.namespaceRoot;
  }

  /**
   * chroot: a view of the same namespace (the same mounts) whose root directory is `root`.
   * Locations keep their namespace paths, so descriptors and a cwd from outside stay usable.
   */
  withRoot(root: Location): Vfs {
    return new Vfs(this.namespaceRoot.fs, this.mounts, root);
  }

  /**
   * A namespace path as processes under this root name it: relative to the root, or undefined
   * when the root cannot reach it (a cwd or descriptor kept from before a chroot).
   */
  pathFromRoot(nsPath: string): string | undefined {
    const root = this.root.nsPath;
    if (root === '/' || nsPath === root) return root === '/' ? nsPath : '/';
    return nsPath.startsWith(`${root}/`) ? nsPath.slice(root.length) : undefined;
  }

  mount(nsPath: string, fs: FileSystem): void {
    this.mounts.set(nsPath, fs);
  }

  /** The location of an absolute, already-resolved namespace path. */
  locate(nsPath: string): Location {
    const parts = nsPath.split('/').filter((p) => p !== '');
    let location = this.namespaceRoot;
    for (const name of parts) location = this.child(location, name);
    return location;
  }

  child(location: Location, name: string): Location {
    const nsPath = location.nsPath === '/' ? `/${name}` : `${location.nsPath}/${name}`;
    const mounted = this.mounts.get(nsPath);
    if (mounted) return { fs: mounted, path: [], nsPath };
    return { fs: location.fs, path: [...location.path, name], nsPath };
  }

  /** The directory '..' leads to: none above the root directory, nor above the namespace's root. */
  parent(location: Location): Location {
    if (location.nsPath === this.root.nsPath) return this.root;
    if (location.nsPath === '/') return this.namespaceRoot;
    const slash = location.nsPath.lastIndexOf('/');
    return this.locate(slash <= 0 ? '/' : location.nsPath.slice(0, slash));
  }

  /**
   * Walks `path` from `base` (ignored for absolute paths). The last component's symbolic link is
   * followed when `follow` is set or the path ends in '/'. A missing last component is not an
   * error (type 0): callers that need it to exist fail with ENOENT.
   */
  resolve(base: Location, path: string, follow: boolean): Resolution {
    if (path === '') fail(Errno.ENOENT);
    const trailingSlash = path.endsWith('/');
    let parts = path.split('/').filter((p) => p !== '');
    let current = path.startsWith('/') ? this.root : base;
    let parent = this.parent(current);
    let name = parts.length === 0 ? '' : parts[parts.length - 1]!;
    let type = S_IFDIR;
    let links = 0;
    let i = 0;
    while (i < parts.length) {
      const component = parts[i]!;
      const last = i === parts.length - 1;
      if (component === '.' || component === '..') {
        if (component === '..') current = this.parent(current);
        parent = this.parent(current);
        name = component;
        type = S_IFDIR;
        i++;
        continue;
      }
      if (component.length > NAME_MAX) fail(Errno.ENAMETOOLONG);
      const next = this.child(current, component);
      const kind = next.fs.kind(next.path);
      if (kind === 0) {
        if (!last) fail(Errno.ENOENT);
        return { location: next, type: 0, parent: current, name: component, trailingSlash };
      }
      if (kind === S_IFLNK && (!last || follow || trailingSlash)) {
        if (++links > MAX_SYMLINKS) fail(Errno.ELOOP);
        const magic = next.fs.magicLink?.(next.path);
        if (magic) {
          const magicKind = magic.fs.kind(magic.path);
          if (last) {
            if (trailingSlash && magicKind !== S_IFDIR) fail(Errno.ENOTDIR);
            return { location: magic, type: magicKind, parent: current, name: component, trailingSlash };
          }
          if (magicKind !== S_IFDIR) fail(Errno.ENOTDIR);
          parent = current;
          current = magic;
          i++;
          continue;
        }
        const target = next.fs.readlink(next.path);
        if (target === '') fail(Errno.ENOENT);
        parts = [...target.split('/').filter((p) => p !== ''), ...parts.slice(i + 1)];
        i = 0;
        if (target.startsWith('/')) current = this.root;
        if (parts.length === 0) {
          // The link pointed at '/': the result is the root itself.
          parent = this.root;
          name = '';
          type = S_IFDIR;
        }
        continue;
      }
      if (!last && kind !== S_IFDIR) fail(Errno.ENOTDIR);
      parent = current;
      current = next;
      name = component;
      type = kind;
      i++;
    }
    if (trailingSlash && type !== S_IFDIR && type !== 0) fail(Errno.ENOTDIR);
    return { location: current, type, parent, name, trailingSlash };
  }

  /**
   * open(2) on a path: O_CREAT/O_EXCL/O_NOFOLLOW/O_DIRECTORY semantics, then the backend's open.
   * `mode` is already masked by the umask.
   */
  open(base: Location, path: string, flags: number, mode: number): OpenFile {
    const create = (flags & OpenFlag.CREAT) !== 0;
    const exclusive = create && (flags & OpenFlag.EXCL) !== 0;
    const noFollow = (flags & OpenFlag.NOFOLLOW) !== 0 || exclusive;
    const r = this.resolve(base, path, !noFollow);
    const isTmpFile = (flags & OpenFlag.TMPFILE) === OpenFlag.TMPFILE;
    if (r.type === 0) {
      if (!create || isTmpFile) fail(Errno.ENOENT);
      if (r.trailingSlash) fail(Errno.EISDIR);
      return r.location.fs.open(r.location, flags, mode);
    }
    if (exclusive) fail(Errno.EEXIST);
    if (r.type === S_IFLNK) {
      if (flags & OpenFlag.PATH) return r.location.fs.open(r.location, flags, mode);
      fail(Errno.ELOOP);
    }
    if (isTmpFile) {
      if (r.type !== S_IFDIR) fail(Errno.ENOTDIR);
      return r.location.fs.open(r.location, flags, mode);
    }
    if (flags & OpenFlag.DIRECTORY && r.type !== S_IFDIR) fail(Errno.ENOTDIR);
    if (r.type === S_IFDIR && !(flags & OpenFlag.PATH) && (create || (flags & 3) !== 0)) fail(Errno.EISDIR);
    return r.location.fs.open(r.location, flags & ~(OpenFlag.CREAT | OpenFlag.EXCL), mode);
  }

  /** Resolves a path that must exist. */
  existing(base: Location, path: string, follow: boolean): Resolution {
    const r = this.resolve(base, path, follow);
    if (r.type === 0) fail(Errno.ENOENT);
    return r;
  }
}
