// A file descriptor of the host: a file Miros opened for the guest, or one the guest inherited
// (stdin, stdout, stderr). Reads and writes go straight between the host descriptor and guest
// memory, synchronously, so output is never buffered in Miros (nothing lost, nothing reordered).
//
// Offsets: Node has no lseek, so files Miros opens keep their offset here and use positional
// I/O. Inherited regular files share their offset with the parent (a shell's `{ prog; echo; } >
// file` depends on it), so they use the host offset (position null) while the guest does not
// move it; a seek that moves it detaches the guest's offset from the host's (the one case Node
// cannot reproduce exactly). Pipes, terminals and sockets have no offset (ESPIPE).

import * as fs from 'node:fs';
import { Ioctl, OpenFlag, PollEvent, Seek } from '../abi/flags.ts';
import { SI_USER, SIGPIPE } from '../abi/signals.ts';
import { Errno, fail, hostErrno } from '../errno.ts';
import { StructBuffer } from '../guest-memory.ts';
import type { Thread } from '../thread.ts';
import type { Location } from './file-system.ts';
import { OpenFile } from './open-file.ts';
import { major, S_IFCHR, S_IFIFO, S_IFMT, S_IFREG, S_IFSOCK, type Stat, statFromHost } from './stat.ts';
import { isHostTerminal, terminalIoctl } from './terminal.ts';

const O_RDONLY = 0;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

const enum OffsetMode {
  /** Miros keeps the offset; positional I/O (files Miros opened). */
  Own = 0,
  /** The host descriptor's offset, shared with the parent process (inherited regular files). */
  Host = 1,
  /** No offset: pipes, terminals, sockets, character devices. */
  None = 2,
}

export class HostFile extends OpenFile {
  position = 0;
  private offsetMode: OffsetMode;
  /** The host descriptor's own O_NONBLOCK state (it may differ from what the guest asked). */
  private hostNonBlocking: boolean;
  /** Descriptors reopened through /proc/self/fd with the other blocking mode, when needed. */
  private reopened: { blocking?: number; nonBlocking?: number } = {};
  /** Input read ahead to answer poll/FIONREAD on a stream; later reads consume it first. */
  private readAhead: Uint8Array | undefined;
  private readonly type: number;

  constructor(
    readonly hostFd: number,
    flags: number,
    location: Location | undefined,
    seekable: boolean,
    private readonly options: { inherited?: boolean; name?: string; ownsFd?: boolean } = {},
  ) {
    super(flags, location);
    this.type = fs.fstatSync(hostFd).mode & S_IFMT;
    this.offsetMode = !seekable ? OffsetMode.None : options.inherited ? OffsetMode.Host : OffsetMode.Own;
    this.hostNonBlocking = (flags & OpenFlag.NONBLOCK) !== 0 && !options.inherited;
    this.flagsKnown = !options.inherited;
  }

  /**
   * A descriptor the guest inherits from Miros's own process (0, 1, 2). Its open flags and
   * offset are the host's; they are read from /proc/self/fdinfo only when the program asks
   * (F_GETFL, lseek) — reading fdinfo can be slow on a busy host, and most programs never ask.
   */
  static inherited(hostFd: number): HostFile {
    const type = fs.fstatSync(hostFd).mode & S_IFMT;
    const seekable = type === S_IFREG || type === 0o060000;
    return new HostFile(hostFd, OpenFlag.RDWR, undefined, seekable, { inherited: true, ownsFd: false });
  }

  /** Whether statusFlags hold the host's real flags yet (inherited descriptors load them lazily). */
  private flagsKnown: boolean;

  override get flags(): number {
    if (!this.flagsKnown) {
      this.flagsKnown = true;
      const info = readFdInfo(this.hostFd);
      this.statusFlags = info.flags & ~OpenFlag.CLOEXEC;
    }
    return this.statusFlags;
  }

  override set flags(value: number) {
    this.flagsKnown = true;
    this.statusFlags = value;
  }

  /** Inherited descriptors: the host checks the access mode on each call (same errno, EBADF). */
  override get readable(): boolean {
    return this.flagsKnown ? super.readable : true;
  }

  override get writable(): boolean {
    return this.flagsKnown ? super.writable : true;
  }

  override get nonBlocking(): boolean {
    return this.flagsKnown ? super.nonBlocking : false;
  }

  override describe(): string {
    if (this.location) return this.location.nsPath;
    try {
      return fs.readlinkSync(`/proc/self/fd/${this.hostFd}`);
    } catch {
      return this.options.name ?? `host-fd:${this.hostFd}`;
    }
  }

  stat(): Stat {
    return statFromHost(call(() => fs.fstatSync(this.hostFd, { bigint: true })));
  }

  get isTerminal(): boolean {
    return this.type === S_IFCHR && isHostTerminal(this.hostFd);
  }

  override read(_thread: Thread, bytes: Uint8Array, address: number, length: number): number {
    if (this.readAhead) return this.takeReadAhead(bytes, address, length);
    if (this.offsetMode === OffsetMode.Own) {
      const n = this.hostRead(this.hostFd, bytes, address, length, this.position);
      this.position += n;
      return n;
    }
    return this.streamRead(bytes, address, length);
  }

  override write(thread: Thread, bytes: Uint8Array, address: number, length: number): number {
    if (this.offsetMode === OffsetMode.Own) {
      const append = (this.flags & OpenFlag.APPEND) !== 0;
      const n = this.hostWrite(thread, bytes, address, length, append ? null : this.position);
      this.position = append ? fs.fstatSync(this.hostFd).size : this.position + n;
      return n;
    }
    return this.hostWrite(thread, bytes, address, length, null);
  }

  override pread(_thread: Thread, bytes: Uint8Array, address: number, length: number, position: number): number {
    if (this.offsetMode === OffsetMode.None) fail(Errno.ESPIPE);
    return this.hostRead(this.hostFd, bytes, address, length, position);
  }

  override pwrite(thread: Thread, bytes: Uint8Array, address: number, length: number, position: number): number {
    if (this.offsetMode === OffsetMode.None) fail(Errno.ESPIPE);
    return this.hostWrite(thread, bytes, address, length, position);
  }

  override seek(offset: number, whence: number): number {
    // The memory devices (major 1: /dev/null, /dev/zero...) accept any seek and stay at 0.
    if (this.type === S_IFCHR && major(fs.fstatSync(this.hostFd).rdev) === 1) return 0;
    if (this.offsetMode === OffsetMode.None) fail(Errno.ESPIPE);
    // The shared host offset is the position while the guest has not moved it (less what was
    // read ahead for poll and not yet consumed).
    if (this.offsetMode === OffsetMode.Host) {
      this.position = readFdInfo(this.hostFd).position - (this.readAhead?.length ?? 0);
    }
    let target: number;
    switch (whence) {
      case Seek.SET:
        target = offset;
        break;
      case Seek.CUR:
        target = this.position + offset;
        break;
      case Seek.END:
        target = fs.fstatSync(this.hostFd).size + offset;
        break;
      case Seek.DATA:
      case Seek.HOLE: {
        // Without lseek, holes are invisible: the whole file is data (as on file systems that
        // do not report holes).
        const size = fs.fstatSync(this.hostFd).size;
        if (offset < 0 || offset >= size) fail(Errno.ENXIO);
        target = whence === Seek.DATA ? offset : size;
        break;
      }
      default:
        fail(Errno.EINVAL);
    }
    if (target < 0 || !Number.isSafeInteger(target)) fail(Errno.EINVAL);
    if (target !== this.position) this.offsetMode = OffsetMode.Own;
    this.position = target;
    return target;
  }

  override ioctl(thread: Thread, request: number, argument: number): number {
    const memory = thread.process.memory;
    if (this.type === S_IFCHR) {
      const result = terminalIoctl(memory, this.hostFd, request, argument, thread.process.pid);
      if (result !== undefined) return result;
    }
    if (request === Ioctl.FIONREAD) {
      let available: number;
      if (this.type === S_IFREG) available = Math.max(0, fs.fstatSync(this.hostFd).size - this.seek(0, Seek.CUR));
      else {
        this.fillReadAhead();
        available = this.readAhead?.length ?? 0;
      }
      new StructBuffer(4).u32(0, available).writeTo(memory, argument);
      return 0;
    }
    fail(Errno.ENOTTY);
  }

  override poll(events: number): number {
    let ready = events & (PollEvent.OUT | PollEvent.WRNORM);
    if (events & (PollEvent.IN | PollEvent.RDNORM)) {
      if (this.offsetMode !== OffsetMode.None) ready |= events & (PollEvent.IN | PollEvent.RDNORM);
      else {
        const hungUp = this.fillReadAhead();
        if (this.readAhead) ready |= events & (PollEvent.IN | PollEvent.RDNORM);
        if (hungUp) ready |= PollEvent.HUP | (events & (PollEvent.IN | PollEvent.RDNORM));
      }
    }
    return ready;
  }

  override truncate(length: number): void {
    if (this.type !== S_IFREG) fail(Errno.EINVAL);
    call(() => fs.ftruncateSync(this.hostFd, length));
  }

  override sync(): void {
    if (this.type === S_IFIFO || this.type === S_IFSOCK) fail(Errno.EINVAL);
    try {
      fs.fsyncSync(this.hostFd);
    } catch (error) {
      // Terminals and some devices cannot be synced; Linux reports EINVAL there too.
      fail(hostErrno(error));
    }
  }

  override readForMapping(position: number, length: number): Uint8Array {
    if (this.type !== S_IFREG) fail(Errno.ENODEV);
    const data = new Uint8Array(length);
    let done = 0;
    while (done < length) {
      const n = fs.readSync(this.hostFd, data, done, length - done, position + done);
      if (n === 0) break;
      done += n;
    }
    return data;
  }

  override writeFromMapping(position: number, data: Uint8Array): void {
    // A shared mapping cannot extend its file: bytes past the end are dropped, as Linux drops them.
    const size = fs.fstatSync(this.hostFd).size;
    const end = Math.min(size, position + data.length);
    if (end <= position) return;
    fs.writeSync(this.hostFd, data, 0, end - position, position);
  }

  protected override release(): void {
    if (this.options.ownsFd !== false) fs.closeSync(this.hostFd);
    for (const fd of [this.reopened.blocking, this.reopened.nonBlocking]) if (fd !== undefined) fs.closeSync(fd);
    super.release();
  }

  // ---- host I/O ----

  private hostRead(
    hostFd: number,
    bytes: Uint8Array,
    address: number,
    length: number,
    position: number | null,
  ): number {
    try {
      return fs.readSync(hostFd, bytes, address, length, position);
    } catch (error) {
      fail(hostErrno(error));
    }
  }

  /** Reads from a stream (or inherited file), honouring the guest's blocking mode. */
  private streamRead(bytes: Uint8Array, address: number, length: number): number {
    const wantNonBlocking = this.nonBlocking;
    let fd = this.hostFd;
    if (wantNonBlocking !== this.hostNonBlocking) fd = this.reopen(wantNonBlocking) ?? this.hostFd;
    for (;;) {
      try {
        return fs.readSync(fd, bytes, address, length, null);
      } catch (error) {
        const errno = hostErrno(error);
        if (errno !== Errno.EAGAIN || wantNonBlocking) fail(errno);
        // The host descriptor is non-blocking but the guest's is not: wait for input.
        this.hostNonBlocking = true;
        const blocking = this.reopen(false);
        if (blocking !== undefined && blocking !== fd) fd = blocking;
        else Atomics.wait(sleeper, 0, 0, 5);
      }
    }
  }

  private hostWrite(
    thread: Thread,
    bytes: Uint8Array,
    address: number,
    length: number,
    position: number | null,
  ): number {
    let written = 0;
    for (;;) {
      try {
        written += fs.writeSync(
          this.hostFd,
          bytes,
          address + written,
          length - written,
          position === null ? null : position + written,
        );
        if (written === length || this.nonBlocking) return written;
      } catch (error) {
        const errno = hostErrno(error);
        if (errno === Errno.EPIPE) {
          thread.sendSignal(SIGPIPE, SI_USER);
          if (written > 0) return written;
          fail(Errno.EPIPE);
        }
        if (errno === Errno.EAGAIN && !this.nonBlocking) {
          Atomics.wait(sleeper, 0, 0, 1);
          continue;
        }
        if (written > 0) return written;
        fail(errno);
      }
    }
  }

  /** Opens the same pipe or terminal again through /proc/self/fd with the other blocking mode. */
  private reopen(nonBlocking: boolean): number | undefined {
    const key = nonBlocking ? 'nonBlocking' : 'blocking';
    if (this.reopened[key] !== undefined) return this.reopened[key];
    if (this.type !== S_IFIFO && this.type !== S_IFCHR) return undefined;
    try {
      const fd = fs.openSync(`/proc/self/fd/${this.hostFd}`, O_RDONLY | (nonBlocking ? OpenFlag.NONBLOCK : 0));
      this.reopened[key] = fd;
      return fd;
    } catch {
      return undefined;
    }
  }

  /** Reads whatever input is available now (without blocking); returns true at end of input. */
  private fillReadAhead(): boolean {
    if (this.readAhead) return false;
    const fd = this.hostNonBlocking ? this.hostFd : this.reopen(true);
    if (fd === undefined) return false;
    const buffer = new Uint8Array(65536);
    try {
      const n = fs.readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) return true;
      this.readAhead = buffer.subarray(0, n);
    } catch {
      // EAGAIN: nothing yet.
    }
    return false;
  }

  private takeReadAhead(bytes: Uint8Array, address: number, length: number): number {
    const data = this.readAhead!;
    const n = Math.min(length, data.length);
    bytes.set(data.subarray(0, n), address);
    this.readAhead = n === data.length ? undefined : data.subarray(n);
    return n;
  }
}

/** The host's view of one of its descriptors (/proc/self/fdinfo): offset and open flags. */
function readFdInfo(hostFd: number): { position: number; flags: number } {
  try {
    const text = fs.readFileSync(`/proc/self/fdinfo/${hostFd}`, 'latin1');
    const position = /^pos:\s*(\d+)/m.exec(text);
    const flags = /^flags:\s*([0-7]+)/m.exec(text);
    return {
      position: position ? Number(position[1]) : 0,
      flags: flags ? Number.parseInt(flags[1]!, 8) : OpenFlag.RDWR,
    };
  } catch {
    return { position: 0, flags: OpenFlag.RDWR };
  }
}

function call<T>(operation: () => T): T {
  try {
    return operation();
  } catch (error) {
    fail(hostErrno(error));
  }
}
