// An open file description (Linux's `struct file`): what a file descriptor refers to. dup() and
// fork share one; it carries the access mode, status flags and (for seekable files) the offset.
//
// Each kind of file (host file, directory, pipe end, terminal, /dev/null, a /proc text...) is a
// subclass overriding what it supports; the defaults fail with the errno Linux gives when a file
// lacks that operation. Reads and writes take a byte array and an offset in it: for read(2) and
// write(2) that is guest memory itself (the handler has checked the range), so data moves between
// the file and the guest without a copy; sendfile passes a host buffer.

import { O_ACCMODE, OpenFlag, PollEvent } from '../abi/flags.ts';
import { Errno, fail } from '../errno.ts';
import type { Thread } from '../thread.ts';
import type { Location } from './file-system.ts';
import type { Stat } from './stat.ts';

let lastChange = 0;

/**
 * A new number from one increasing sequence, for a file whose readiness may have changed (data
 * written, read, a timer expiring): epoll orders and re-reports its members by it, where Linux
 * uses its wake-up callbacks.
 */
export function nextChangeSerial(): number {
  return ++lastChange;
}

export abstract class OpenFile {
  /** Access mode and status flags (O_*), as F_GETFL reports them (see the accessor). */
  protected statusFlags: number;
  /** Where the file is in the guest's namespace, for *at() calls, fchdir and /proc/self/fd. */
  location: Location | undefined;
  /** Descriptors referring to this description. */
  private references = 0;
  /**
   * Who gets SIGIO/SIGURG for this description (F_SETOWN, F_SETOWN_EX): a thread, process or
   * process group id and which of those it is. Miros keeps and reports it; it raises no SIGIO.
   */
  owner: { kind: number; id: number } = { kind: 0, id: 0 };
  /** F_SETSIG's signal (0: SIGIO). */
  ownerSignal = 0;

  constructor(flags: number, location?: Location) {
    this.statusFlags = flags;
    this.location = location;
  }

  /** Access mode and status flags (O_*), as F_GETFL reports them. */
  get flags(): number {
    return this.statusFlags;
  }

  set flags(value: number) {
    this.statusFlags = value;
  }

  /** What readlink(/proc/self/fd/N) shows: the path, or e.g. `pipe:[12]`. */
  describe(): string {
    return this.location?.nsPath ?? 'anon_inode:[unknown]';
  }

  get readable(): boolean {
    return (this.flags & OpenFlag.PATH) === 0 && (this.flags & O_ACCMODE) !== OpenFlag.WRONLY;
  }

  get writable(): boolean {
    const mode = this.flags & O_ACCMODE;
    return (this.flags & OpenFlag.PATH) === 0 && (mode === OpenFlag.WRONLY || mode === OpenFlag.RDWR);
  }

  get nonBlocking(): boolean {
    return (this.flags & OpenFlag.NONBLOCK) !== 0;
  }

  abstract stat(): Stat;

  /** Reads up to `length` bytes into `target` at `offset`; returns the count (or BLOCKED). */
  read(_thread: Thread, _target: Uint8Array, _offset: number, _length: number): number {
    fail(Errno.EINVAL);
  }

  /** Writes `length` bytes from `source` at `offset`; returns the count (or BLOCKED). */
  write(_thread: Thread, _source: Uint8Array, _offset: number, _length: number): number {
    fail(Errno.EINVAL);
  }

  pread(_thread: Thread, _target: Uint8Array, _offset: number, _length: number, _position: number): number {
    fail(Errno.ESPIPE);
  }

  pwrite(_thread: Thread, _source: Uint8Array, _offset: number, _length: number, _position: number): number {
    fail(Errno.ESPIPE);
  }

  /** lseek: returns the new offset. */
  seek(_offset: number, _whence: number): number {
    fail(Errno.ESPIPE);
  }

  /** getdents64 into guest memory; returns the bytes written (0 at the end). */
  getdents(_thread: Thread, _address: number, _length: number): number {
    fail(Errno.ENOTDIR);
  }

  ioctl(_thread: Thread, _request: number, _argument: number): number {
    fail(Errno.ENOTTY);
  }

  /**
   * Whether the outside world (another host process, a terminal) can make this file ready; a
   * pipe between the program's own descriptors only changes when the program acts.
   */
  get externallyDriven(): boolean {
    return true;
  }

  /**
   * When the file becomes ready by itself (a timerfd's next expiry), in monotonic ns; Infinity
   * when only someone's action can make it ready. A poll waits at most until then.
   */
  get readyAt(): number {
    return Number.POSITIVE_INFINITY;
  }

  /** The poll events that are ready now, among `events` (POLLERR/POLLHUP/POLLNVAL always count). */
  poll(events: number): number {
    return events & (PollEvent.IN | PollEvent.OUT | PollEvent.RDNORM | PollEvent.WRNORM);
  }

  truncate(_length: number): void {
    fail(Errno.EINVAL);
  }

  sync(): void {}

  /** The bytes of the file from `position`, for mmap (ENODEV when the file cannot be mapped). */
  readForMapping(_position: number, _length: number): Uint8Array {
    fail(Errno.ENODEV);
  }

  /** Writes back a MAP_SHARED mapping's bytes (msync, munmap, exit). */
  writeFromMapping(_position: number, _data: Uint8Array): void {
    fail(Errno.ENODEV);
  }

  /** Called when the last descriptor referring to this description is closed. */
  protected release(): void {
    this.releaseHook?.();
  }

  private releaseHook: (() => void) | undefined;

  /** Runs `hook` when the description is released (e.g. to close a host descriptor). */
  onRelease(hook: () => void): this {
    this.releaseHook = hook;
    return this;
  }

  /** When the file's readiness last may have changed (nextChangeSerial); 0 if it does not say. */
  get changeSerial(): number {
    return 0;
  }

  /** Whether some descriptor still refers to this description (epoll drops members that are not). */
  get isOpen(): boolean {
    return this.references > 0;
  }

  /** How many descriptors refer to this description. */
  get descriptorCount(): number {
    return this.references;
  }

  retain(): this {
    this.references++;
    return this;
  }

  /** Drops one descriptor's reference; releases the file after the last. */
  drop(): void {
    if (--this.references === 0) this.release();
  }
}
