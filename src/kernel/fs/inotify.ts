// inotify(7): inotify_init1, inotify_add_watch, inotify_rm_watch and the event queue a descriptor
// reads, for changes made through Miros's VFS by any process of the run (changes made outside the
// run — by the host, another program — are not seen).
//
// How events are found: the first watch on a file system instance (the host file system, an
// in-memory one...) instruments that instance — its mkdir, rmdir, unlink, rename, link, symlink,
// mknod, chmod, chown, truncate, utimes and open report what they did — and every file opened
// through it afterwards (read, write, getdents, ftruncate, the last close), together with the files
// the run's processes already have open there. A watch is on an inode (device and inode number),
// found again by lstat when something happens in a watched file system. Events follow Linux's
// fsnotify calls one by one: which operation sends which mask to the directory (with the entry's
// name) and to the inode itself, in which order (the directory's first), IN_ISDIR for
// directories, rename cookies, IN_IGNORED after IN_DELETE_SELF, IN_ONESHOT and inotify_rm_watch,
// an event equal to the last one queued merged into it, IN_Q_OVERFLOW past 16384 queued events.
// Not reproduced: IN_DELETE_SELF of an inode that is still open elsewhere comes at its unlink here
// (Linux waits for the last reference), and IN_UNMOUNT.

import { Ioctl, PollEvent } from '../abi/flags.ts';
import { BLOCKED } from '../blocking.ts';
import { Errno, fail } from '../errno.ts';
import { StructBuffer } from '../guest-memory.ts';
import type { Process } from '../process.ts';
import type { Thread } from '../thread.ts';
import { AnonInodeFile } from './anon-inode.ts';
import type { FileSystem } from './file-system.ts';
import { nextChangeSerial, type OpenFile } from './open-file.ts';
import { S_IFDIR, S_IFMT, S_IFREG, type Stat } from './stat.ts';

export const IN_ACCESS = 0x1;
export const IN_MODIFY = 0x2;
export const IN_ATTRIB = 0x4;
export const IN_CLOSE_WRITE = 0x8;
export const IN_CLOSE_NOWRITE = 0x10;
export const IN_OPEN = 0x20;
export const IN_MOVED_FROM = 0x40;
export const IN_MOVED_TO = 0x80;
export const IN_CREATE = 0x100;
export const IN_DELETE = 0x200;
export const IN_DELETE_SELF = 0x400;
export const IN_MOVE_SELF = 0x800;
const IN_ALL_EVENTS = 0xfff;
const IN_Q_OVERFLOW = 0x4000;
const IN_IGNORED = 0x8000;
export const IN_ONLYDIR = 0x1000000;
export const IN_DONT_FOLLOW = 0x2000000;
const IN_EXCL_UNLINK = 0x4000000;
const IN_MASK_CREATE = 0x10000000;
const IN_MASK_ADD = 0x20000000;
const IN_ISDIR = 0x40000000;
const IN_ONESHOT = 0x80000000;
/** What inotify_add_watch accepts at all (ALL_INOTIFY_BITS). */
const ALL_INOTIFY_BITS =
  IN_ALL_EVENTS | IN_ONLYDIR | IN_DONT_FOLLOW | IN_EXCL_UNLINK | IN_MASK_CREATE | IN_MASK_ADD | IN_ISDIR | IN_ONESHOT;
/** /proc/sys/fs/inotify/max_queued_events. */
const MAX_QUEUED_EVENTS = 16384;
const EVENT_HEADER = 16;

interface Watch {
  wd: number;
  /** The inode: file system instance, device and inode number. */
  key: string;
  mask: number;
}

interface QueuedEvent {
  wd: number;
  mask: number;
  cookie: number;
  name: string;
}

/** Every inotify instance of the process's run still open (events go to each). */
const instances = new Set<InotifyFile>();

export class InotifyFile extends AnonInodeFile {
  private readonly watches: Watch[] = [];
  private nextWd = 1;
  private readonly queue: QueuedEvent[] = [];
  private changed = 0;

  constructor(flags: number) {
    super('inotify', flags);
    instances.add(this);
  }

  addWatch(key: string, mask: number): number {
    const existing = this.watches.find((w) => w.key === key);
    const events = mask & (IN_ALL_EVENTS | IN_EXCL_UNLINK | IN_ONESHOT);
    if (existing !== undefined) {
      if (mask & IN_MASK_CREATE) fail(Errno.EEXIST);
      existing.mask = mask & IN_MASK_ADD ? existing.mask | events : events;
      return existing.wd;
    }
    const watch = { wd: this.nextWd++, key, mask: events };
    this.watches.push(watch);
    return watch.wd;
  }

  removeWatch(wd: number): void {
    const index = this.watches.findIndex((w) => w.wd === wd);
    if (index < 0) fail(Errno.EINVAL);
    this.watches.splice(index, 1);
    this.push({ wd, mask: IN_IGNORED, cookie: 0, name: '' });
  }

  get hasWatches(): boolean {
    return this.watches.length > 0;
  }

  /** An event on the inode `key`: to each watch of it that wants `mask`. */
  deliver(key: string, mask: number, isDirectory: boolean, cookie: number, name: string, file?: OpenFile): void {
    for (const watch of [...this.watches]) {
      if (watch.key !== key) continue;
      if (name !== '' && watch.mask & IN_EXCL_UNLINK && file !== undefined && unlinkedFiles.has(file)) continue;
      const selfEnd = mask & (IN_DELETE_SELF | IN_IGNORED);
      if (watch.mask & mask & IN_ALL_EVENTS) {
        // IN_MOVE_SELF and IN_DELETE_SELF come without IN_ISDIR (recorded on this machine's kernel).
        const directoryBit = isDirectory && !(mask & (IN_MOVE_SELF | IN_DELETE_SELF)) ? IN_ISDIR : 0;
        this.push({ wd: watch.wd, mask: (mask & IN_ALL_EVENTS) | directoryBit, cookie, name });
        if (watch.mask & IN_ONESHOT && !selfEnd) {
          this.removeWatch(watch.wd);
          continue;
        }
      }
      if (selfEnd) this.removeWatch(watch.wd);
    }
  }

  private push(event: QueuedEvent): void {
    const last = this.queue.at(-1);
    if (
      last !== undefined &&
      last.wd === event.wd &&
      last.mask === event.mask &&
      last.cookie === event.cookie &&
      last.name === event.name
    )
      return;
    if (this.queue.length >= MAX_QUEUED_EVENTS) {
      if (last?.mask !== IN_Q_OVERFLOW) this.queue.push({ wd: -1, mask: IN_Q_OVERFLOW, cookie: 0, name: '' });
      this.changed = nextChangeSerial();
      return;
    }
    this.queue.push(event);
    this.changed = nextChangeSerial();
  }

  private get queuedBytes(): number {
    let total = 0;
    for (const e of this.queue) total += eventSize(e);
    return total;
  }

  override read(thread: Thread, target: Uint8Array, offset: number, length: number): number {
    if (this.queue.length === 0) {
      if (this.nonBlocking) fail(Errno.EAGAIN);
      thread.wait = { kind: 'readable', file: this };
      return BLOCKED;
    }
    let done = 0;
    while (this.queue.length > 0) {
      const event = this.queue[0]!;
      const size = eventSize(event);
      if (done + size > length) break;
      const s = new StructBuffer(size);
      s.u32(0, event.wd)
        .u32(4, event.mask)
        .u32(8, event.cookie)
        .u32(12, size - EVENT_HEADER);
      for (let i = 0; i < event.name.length; i++) s.u8(EVENT_HEADER + i, event.name.charCodeAt(i) & 0xff);
      target.set(s.bytes, offset + done);
      done += size;
      this.queue.shift();
    }
    if (done === 0) fail(Errno.EINVAL);
    this.changed = nextChangeSerial();
    return done;
  }

  override ioctl(thread: Thread, request: number, argument: number): number {
    if (request === Ioctl.FIONREAD) {
      new StructBuffer(4).u32(0, this.queuedBytes).writeTo(thread.process.memory, argument);
      return 0;
    }
    fail(Errno.ENOTTY);
  }

  override get changeSerial(): number {
    return this.changed;
  }

  override poll(events: number): number {
    return this.queue.length > 0 ? events & (PollEvent.IN | PollEvent.RDNORM) : 0;
  }

  protected override release(): void {
    instances.delete(this);
    super.release();
  }
}

function eventSize(event: QueuedEvent): number {
  if (event.name === '') return EVENT_HEADER;
  return EVENT_HEADER + Math.ceil((event.name.length + 1) / EVENT_HEADER) * EVENT_HEADER;
}

// ---- where events come from ----

const fileSystemIds = new WeakMap<FileSystem, number>();
let lastFileSystemId = 0;
const instrumented = new WeakSet<object>();
/** Files whose name was unlinked while open (IN_EXCL_UNLINK). */
const unlinkedFiles = new WeakSet<OpenFile>();

function fileSystemId(fs: FileSystem): number {
  let id = fileSystemIds.get(fs);
  if (id === undefined) {
    id = ++lastFileSystemId;
    fileSystemIds.set(fs, id);
  }
  return id;
}

export function inodeKey(fs: FileSystem, stat: Stat): string {
  return `${fileSystemId(fs)}:${stat.dev}:${stat.ino}`;
}

function watching(): boolean {
  for (const instance of instances) if (instance.hasWatches) return true;
  return false;
}

function statOrUndefined(fs: FileSystem, path: readonly string[]): Stat | undefined {
  try {
    return fs.lstat(path);
  } catch {
    return undefined;
  }
}

const isDirectoryStat = (stat: Stat | undefined) => stat !== undefined && (stat.mode & S_IFMT) === S_IFDIR;

/** What an operation looked at before it ran: the entry's inode and its directory's. */
interface Entry {
  parentKey: string | undefined;
  key: string | undefined;
  stat: Stat | undefined;
  name: string;
}

function entryAt(fs: FileSystem, path: readonly string[]): Entry {
  const parent = path.length > 0 ? statOrUndefined(fs, path.slice(0, -1)) : undefined;
  const stat = statOrUndefined(fs, path);
  return {
    parentKey: parent === undefined ? undefined : inodeKey(fs, parent),
    key: stat === undefined ? undefined : inodeKey(fs, stat),
    stat,
    name: path.at(-1) ?? '',
  };
}

function send(
  key: string | undefined,
  mask: number,
  isDirectory: boolean,
  cookie: number,
  name: string,
  file?: OpenFile,
) {
  if (key === undefined) return;
  for (const instance of [...instances]) instance.deliver(key, mask, isDirectory, cookie, name, file);
}

/** fsnotify_dentry / fsnotify_name: to the directory (with the name), then to the inode. */
function sendToEntry(entry: Entry, mask: number, file?: OpenFile): void {
  const isDirectory = isDirectoryStat(entry.stat);
  send(entry.parentKey, mask, isDirectory, 0, entry.name, file);
  send(entry.key, mask, isDirectory, 0, '', file);
}

let lastCookie = 0;

/** Instruments a file system instance (once): its operations report their events. */
export function watchFileSystem(fs: FileSystem, processes: readonly Process[]): void {
  if (!instrumented.has(fs)) {
    instrumented.add(fs);
    instrumentFileSystem(fs);
  }
  // Files the run already has open there report their reads, writes and closes from now on.
  for (const process of processes) {
    for (const fd of process.fds.openDescriptors()) {
      const file = process.fds.lookup(fd);
      if (file?.location?.fs === fs) instrumentFile(file, fs, file.location.path);
    }
  }
}

type Method = (...args: never[]) => unknown;

/** Replaces `object[name]` with `wrapper(original)` on the instance. */
function wrap<T extends object>(object: T, name: string, wrapper: (original: Method) => Method): void {
  const record = object as unknown as Record<string, Method>;
  const original = record[name]!.bind(object) as Method;
  record[name] = wrapper(original);
}

function instrumentFileSystem(fs: FileSystem): void {
  wrap(fs, 'mkdir', (original) => (path: readonly string[], mode: number) => {
    const result = original(path as never, mode as never);
    if (watching()) sendToEntry(entryAt(fs, path), IN_CREATE);
    return result;
  });
  for (const name of ['mknod', 'symlink'] as const) {
    wrap(fs, name, (original) => (...args: unknown[]) => {
      const result = original(...(args as never[]));
      const path = (name === 'symlink' ? args[1] : args[0]) as readonly string[];
      if (watching()) sendToEntry(entryAt(fs, path), IN_CREATE);
      return result;
    });
  }
  wrap(fs, 'link', (original) => (existing: readonly string[], path: readonly string[]) => {
    const result = original(existing as never, path as never);
    if (watching()) {
      const entry = entryAt(fs, path);
      send(entry.key, IN_ATTRIB, isDirectoryStat(entry.stat), 0, '');
      send(entry.parentKey, IN_CREATE, isDirectoryStat(entry.stat), 0, entry.name);
    }
    return result;
  });
  for (const name of ['unlink', 'rmdir'] as const) {
    wrap(fs, name, (original) => (path: readonly string[]) => {
      const before = watching() ? entryAt(fs, path) : undefined;
      const result = original(path as never);
      if (before !== undefined) {
        const isDirectory = isDirectoryStat(before.stat);
        const lastLink = isDirectory || (before.stat?.nlink ?? 1) <= 1;
        // The inode hears first (its link count, then its end: d_delete), then its directory.
        if (!isDirectory) send(before.key, IN_ATTRIB, false, 0, '');
        if (lastLink) send(before.key, IN_DELETE_SELF, isDirectory, 0, '');
        send(before.parentKey, IN_DELETE, isDirectory, 0, before.name);
      }
      return result;
    });
  }
  wrap(fs, 'rename', (original) => (from: readonly string[], to: readonly string[], flags: number) => {
    const source = watching() ? entryAt(fs, from) : undefined;
    const victim = source === undefined ? undefined : entryAt(fs, to);
    const result = original(from as never, to as never, flags as never);
    if (source !== undefined && victim !== undefined) {
      const isDirectory = isDirectoryStat(source.stat);
      const cookie = ++lastCookie;
      send(source.parentKey, IN_MOVED_FROM, isDirectory, cookie, source.name);
      send(victim.parentKey, IN_MOVED_TO, isDirectory, cookie, victim.name);
      const replaced = victim.key !== undefined && victim.key !== source.key;
      if (replaced && !isDirectoryStat(victim.stat)) send(victim.key, IN_ATTRIB, false, 0, '');
      send(source.key, IN_MOVE_SELF, isDirectory, 0, '');
      if (replaced) send(victim.key, IN_DELETE_SELF, isDirectoryStat(victim.stat), 0, '');
    }
    return result;
  });
  for (const name of ['chmod', 'chown', 'utimes'] as const) {
    wrap(fs, name, (original) => (...args: unknown[]) => {
      const result = original(...(args as never[]));
      if (watching()) sendToEntry(entryAt(fs, args[0] as readonly string[]), IN_ATTRIB);
      return result;
    });
  }
  wrap(fs, 'truncate', (original) => (path: readonly string[], length: number) => {
    const result = original(path as never, length as never);
    if (watching()) sendToEntry(entryAt(fs, path), IN_MODIFY);
    return result;
  });
  wrap(fs, 'open', (original) => (location: { path: readonly string[] }, flags: number, mode: number) => {
    const existed = fs.kind(location.path) !== 0;
    const file = original(location as never, flags as never, mode as never) as OpenFile;
    if (watching()) {
      const entry = entryAt(fs, location.path);
      if (!existed) sendToEntry(entry, IN_CREATE);
      if (!(flags & PATH_ONLY)) sendToEntry(entry, IN_OPEN);
      // O_TRUNC of an existing file truncates after the open is reported (do_open's handle_truncate).
      if (existed && flags & TRUNCATE && ((entry.stat?.mode ?? 0) & S_IFMT) === S_IFREG) sendToEntry(entry, IN_MODIFY);
    }
    if (!(flags & PATH_ONLY)) instrumentFile(file, fs, location.path);
    return file;
  });
}

const TRUNCATE = 0o1000;
const PATH_ONLY = 0o10000000;

/** A file's reads, writes, getdents, ftruncate and last close report events on its entry. */
function instrumentFile(file: OpenFile, fs: FileSystem, path: readonly string[]): void {
  if (instrumented.has(file)) return;
  instrumented.add(file);
  const entryNow = () => {
    const entry = entryAt(fs, path);
    // The name may now be another file's, or nobody's: the file's own inode still hears.
    const own = inodeKey(fs, file.stat());
    if (entry.key !== own) {
      unlinkedFiles.add(file);
      return { ...entry, key: own, stat: file.stat() };
    }
    return entry;
  };
  const after = (mask: number) => (original: Method) =>
    function (this: unknown, ...args: unknown[]) {
      const result = original(...(args as never[]));
      if (typeof result === 'number' && result > 0 && watching()) sendToEntry(entryNow(), mask, file);
      return result;
    };
  wrap(file, 'read', after(IN_ACCESS));
  wrap(file, 'pread', after(IN_ACCESS));
  wrap(file, 'write', after(IN_MODIFY));
  wrap(file, 'pwrite', after(IN_MODIFY));
  wrap(file, 'getdents', (original) => (...args: unknown[]) => {
    const result = original(...(args as never[]));
    if (typeof result === 'number' && result >= 0 && watching()) sendToEntry(entryNow(), IN_ACCESS, file);
    return result;
  });
  wrap(file, 'truncate', (original) => (length: number) => {
    const result = original(length as never);
    if (watching()) sendToEntry(entryNow(), IN_MODIFY, file);
    return result;
  });
  wrap(file, 'release', (original) => () => {
    if (watching()) sendToEntry(entryNow(), file.writable ? IN_CLOSE_WRITE : IN_CLOSE_NOWRITE, file);
    return original();
  });
}

/** inotify_add_watch's checks of the mask before the path (Linux's order). */
export function checkWatchMask(mask: number): void {
  if (mask & IN_MASK_ADD && mask & IN_MASK_CREATE) fail(Errno.EINVAL);
  if (!(mask & ALL_INOTIFY_BITS)) fail(Errno.EINVAL);
}
