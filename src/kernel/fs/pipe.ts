// pipe(2): a pipe between descriptors of the guest (both ends inside Miros). A ring buffer of
// Linux's default capacity (16 pages, adjustable with F_SETPIPE_SZ), with Linux's semantics:
// reads return what is there (0 once every writer is gone), writes of at most PIPE_BUF bytes are
// atomic, writing with no reader left raises SIGPIPE and fails with EPIPE. When a call would
// block it returns BLOCKED with the wait recorded, for the scheduler (src/kernel/blocking.ts).

import { Ioctl, OpenFlag, PollEvent } from '../abi/flags.ts';
import { SI_USER, SIGPIPE } from '../abi/signals.ts';
import { BLOCKED } from '../blocking.ts';
import { Errno, fail } from '../errno.ts';
import { StructBuffer } from '../guest-memory.ts';
import type { Thread } from '../thread.ts';
import { nextChangeSerial, OpenFile } from './open-file.ts';
import { now, S_IFIFO, type Stat } from './stat.ts';

export const PIPE_BUF = 4096;
export const DEFAULT_PIPE_CAPACITY = 16 * 4096;
/** /proc/sys/fs/pipe-max-size's default. */
export const MAX_PIPE_CAPACITY = 1024 * 1024;

let nextPipeInode = 1;

export class Pipe {
  private buffer = new Uint8Array(DEFAULT_PIPE_CAPACITY);
  private start = 0;
  length = 0;
  readers = 0;
  writers = 0;
  /** nextChangeSerial of the last put or take (both ends' readiness follow the buffer). */
  changeSerial = 0;
  readonly inode = nextPipeInode++;
  private readonly created = now();

  get capacity(): number {
    return this.buffer.length;
  }

  get space(): number {
    return this.buffer.length - this.length;
  }

  /** Copies up to `count` bytes out to `target` at `offset`. */
  take(target: Uint8Array, offset: number, count: number): number {
    const n = Math.min(count, this.length);
    const first = Math.min(n, this.buffer.length - this.start);
    target.set(this.buffer.subarray(this.start, this.start + first), offset);
    if (n > first) target.set(this.buffer.subarray(0, n - first), offset + first);
    this.start = (this.start + n) % this.buffer.length;
    this.length -= n;
    this.changeSerial = nextChangeSerial();
    if (this.length === 0) this.start = 0;
    return n;
  }

  /** Copies up to `count` bytes out to `target` at `offset`, leaving them in the pipe (tee). */
  peek(target: Uint8Array, offset: number, count: number): number {
    const n = Math.min(count, this.length);
    const first = Math.min(n, this.buffer.length - this.start);
    target.set(this.buffer.subarray(this.start, this.start + first), offset);
    if (n > first) target.set(this.buffer.subarray(0, n - first), offset + first);
    return n;
  }

  /** Copies `count` bytes (at most `space`) in from `source` at `offset`. */
  put(source: Uint8Array, offset: number, count: number): void {
    const end = (this.start + this.length) % this.buffer.length;
    const first = Math.min(count, this.buffer.length - end);
    this.buffer.set(source.subarray(offset, offset + first), end);
    if (count > first) this.buffer.set(source.subarray(offset + first, offset + count), 0);
    this.length += count;
    this.changeSerial = nextChangeSerial();
  }

  /** F_SETPIPE_SZ: rounds up to a power-of-two number of pages; EBUSY if the data would not fit. */
  resize(requested: number): number {
    let size = 4096;
    while (size < requested) size *= 2;
    if (size > MAX_PIPE_CAPACITY) fail(Errno.EPERM);
    if (size < this.length) fail(Errno.EBUSY);
    const data = new Uint8Array(size);
    const n = this.length;
    this.take(data, 0, n);
    this.buffer = data;
    this.start = 0;
    this.length = n;
    return size;
  }

  stat(): Stat {
    return {
      dev: 0xc,
      ino: this.inode,
      mode: S_IFIFO | 0o600,
      nlink: 1,
      uid: process.getuid?.() ?? 0,
      gid: process.getgid?.() ?? 0,
      rdev: 0,
      size: 0,
      blksize: 4096,
      blocks: 0,
      atime: this.created,
      mtime: this.created,
      ctime: this.created,
    };
  }
}

export class PipeEnd extends OpenFile {
  constructor(
    readonly pipe: Pipe,
    flags: number,
  ) {
    super(flags);
    if (this.readable) pipe.readers++;
    else pipe.writers++;
  }

  override describe(): string {
    return `pipe:[${this.pipe.inode}]`;
  }

  stat(): Stat {
    return this.pipe.stat();
  }

  override read(thread: Thread, target: Uint8Array, offset: number, length: number): number {
    const pipe = this.pipe;
    if (length === 0) return 0;
    if (pipe.length === 0) {
      if (pipe.writers === 0) return 0;
      if (this.nonBlocking) fail(Errno.EAGAIN);
      thread.wait = { kind: 'readable', file: this };
      return BLOCKED;
    }
    return pipe.take(target, offset, length);
  }

  override write(thread: Thread, source: Uint8Array, offset: number, length: number): number {
    const pipe = this.pipe;
    if (pipe.readers === 0) {
      thread.sendSignal(SIGPIPE, SI_USER);
      fail(Errno.EPIPE);
    }
    if (length === 0) return 0;
    // Up to PIPE_BUF bytes go in at once or not at all; larger writes may be split.
    const needed = length <= PIPE_BUF ? length : 1;
    if (pipe.space < needed) {
      if (this.nonBlocking) fail(Errno.EAGAIN);
      thread.wait = { kind: 'writable', file: this };
      return BLOCKED;
    }
    // What fits goes in now. Linux would keep a blocking writer waiting for the rest; returning
    // the partial count instead lets the retry of a blocked call never write twice (the caller's
    // write loop continues, and blocks, for the rest).
    const n = Math.min(length, pipe.space);
    pipe.put(source, offset, n);
    return n;
  }

  override get externallyDriven(): boolean {
    return false;
  }

  override get changeSerial(): number {
    return this.pipe.changeSerial;
  }

  override poll(events: number): number {
    const pipe = this.pipe;
    let ready = 0;
    if (this.readable) {
      if (pipe.length > 0) ready |= events & (PollEvent.IN | PollEvent.RDNORM);
      if (pipe.writers === 0) ready |= PollEvent.HUP;
    } else {
      if (pipe.readers === 0) ready |= PollEvent.ERR;
      else if (pipe.space >= PIPE_BUF) ready |= events & (PollEvent.OUT | PollEvent.WRNORM);
    }
    return ready;
  }

  override ioctl(thread: Thread, request: number, argument: number): number {
    if (request === Ioctl.FIONREAD) {
      new StructBuffer(4).u32(0, this.pipe.length).writeTo(thread.process.memory, argument);
      return 0;
    }
    fail(Errno.ENOTTY);
  }

  override sync(): void {
    fail(Errno.EINVAL);
  }

  protected override release(): void {
    if (this.readable) this.pipe.readers--;
    else this.pipe.writers--;
    super.release();
  }
}

/** Both ends of a new pipe: [read end, write end]. `flags` may hold O_NONBLOCK and O_DIRECT. */
export function createPipe(flags: number): [PipeEnd, PipeEnd] {
  const pipe = new Pipe();
  const status = flags & (OpenFlag.NONBLOCK | OpenFlag.DIRECT);
  const O_RDONLY = 0;
  return [new PipeEnd(pipe, O_RDONLY | status), new PipeEnd(pipe, OpenFlag.WRONLY | status)];
}
