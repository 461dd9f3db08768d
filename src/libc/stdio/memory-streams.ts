// Streams over memory, as glibc 2.36 makes them. fmemopen is a cookie stream (libio/fmemopen.c
// over fopencookie): ordinary stdio buffering in front of read/write/seek callbacks on the
// caller's buffer — reads stop at the logical end (the size for "r", what was written for "w"),
// a write adds a NUL after itself when there is room (or in the last byte, unless appending),
// a write that does not fit is cut and marks the stream's error (ENOSPC when nothing fits), seeks
// stay within [0, size]. open_memstream (libio/memstream.c) grows a malloc'd buffer, zero-filled,
// and publishes it with the current position as its size on fflush and, reallocated to fit with
// a terminating NUL, on fclose. Both streams have no descriptor (fileno: EBADF).
import { Errno } from '../../kernel/errno.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { checkRead, checkWrite, cStringLengthMax, storePointer } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { realloc } from '../stdlib/malloc-functions.ts';
import { cookieMode } from './cookie-streams.ts';
import { newFile } from './file-functions.ts';
import { FileFlag } from './file-layout.ts';

/** What a memory stream does where a file stream makes system calls (all results -errno on failure). */
export interface StreamBackend {
  read(to: number, length: number): number;
  write(from: number, length: number): number;
  /** The new position. */
  seek(offset: number, whence: number): number;
  close(): number;
  /** fflush's extra step (open_memstream publishes its buffer). */
  sync?(): void;
}

/** glibc's cookie files keep this in _fileno. */
const NO_DESCRIPTOR = -2;
const BUFSIZ = 8192;
const SEEK_SET = 0;
const SEEK_CUR = 1;
const SEEK_END = 2;

class FmemopenBackend implements StreamBackend {
  constructor(
    private readonly libc: LibcProcess,
    private readonly buffer: number,
    private readonly size: number,
    private readonly append: boolean,
    private readonly ownsBuffer: boolean,
    public pos: number,
    public maxpos: number,
  ) {}

  read(to: number, length: number): number {
    let n = length;
    if (this.pos + n > this.maxpos) n = this.pos > this.maxpos ? 0 : this.maxpos - this.pos;
    const bytes = this.libc.memory.bytes;
    bytes.copyWithin(to, this.buffer + this.pos, this.buffer + this.pos + n);
    this.pos += n;
    return n;
  }

  write(from: number, length: number): number {
    const bytes = this.libc.memory.bytes;
    const pos = this.append ? this.maxpos : this.pos;
    const addNul = length === 0 || bytes[from + length - 1] !== 0;
    let n = length;
    if (pos + n > this.size) {
      if (this.pos + (addNul ? 1 : 0) >= this.size) {
        this.libc.errno = Errno.ENOSPC;
        return 0;
      }
      n = this.size - pos;
    }
    checkWrite(this.libc.memory, this.buffer + pos, n);
    bytes.copyWithin(this.buffer + pos, from, from + n);
    this.pos = pos + n;
    if (this.pos > this.maxpos) {
      this.maxpos = this.pos;
      if (this.maxpos < this.size && addNul) bytes[this.buffer + this.maxpos] = 0;
      else if (!this.append && addNul) bytes[this.buffer + this.size - 1] = 0;
    }
    return n;
  }

  seek(offset: number, whence: number): number {
    const base = whence === SEEK_SET ? 0 : whence === SEEK_CUR ? this.pos : whence === SEEK_END ? this.maxpos : NaN;
    const target = base + offset;
    if (Number.isNaN(target) || target < 0 || target > this.size) return -Errno.EINVAL;
    this.pos = target;
    return target;
  }

  close(): number {
    if (this.ownsBuffer) this.libc.heap.release(this.buffer);
    return 0;
  }
}

function fmemopen(libc: LibcProcess, buffer: number, size: number, mode: number): number {
  const bytes = libc.memory.bytes;
  let storage = buffer;
  let maxpos = 0;
  const ownsBuffer = buffer === 0;
  if (ownsBuffer) {
    storage = libc.heap.allocate(size);
    if (storage === 0) {
      libc.errno = Errno.ENOMEM;
      return 0;
    }
    bytes[storage] = 0;
  } else {
    if (size > 2 ** 64 - buffer) {
      libc.errno = Errno.EINVAL;
      return 0;
    }
    checkRead(libc.memory, mode, 2);
    // POSIX: "w+" truncates the buffer; "a" starts at its first NUL.
    if (bytes[mode] === 0x77 && bytes[mode + 1] === 0x2b) {
      checkWrite(libc.memory, storage, 1);
      bytes[storage] = 0;
    }
    if (bytes[mode] === 0x61) maxpos = cStringLengthMax(libc.memory, storage, size);
  }
  if (bytes[mode] === 0x72) maxpos = size;
  const append = bytes[mode] === 0x61;
  const readWrite = cookieMode(libc, mode);
  const fp = readWrite === undefined ? 0 : newFile(libc, NO_DESCRIPTOR, readWrite);
  if (fp === 0) {
    if (ownsBuffer) libc.heap.release(storage);
    libc.errno = readWrite === undefined ? Errno.EINVAL : Errno.ENOMEM;
    return 0;
  }
  libc.streams.attachBackend(
    fp,
    new FmemopenBackend(libc, storage, size, append, ownsBuffer, append ? maxpos : 0, maxpos),
  );
  return fp;
}

class MemstreamBackend implements StreamBackend {
  /** The malloc'd buffer and its size. */
  private buffer: number;
  private capacity = BUFSIZ;
  /** The position (glibc's write pointer) and the string's extent as glibc's read end keeps it. */
  private pos = 0;
  private extent = 0;
  /** Written since the last seek (glibc's put mode). */
  private putting = false;

  constructor(
    private readonly libc: LibcProcess,
    buffer: number,
    private readonly bufferAt: number,
    private readonly sizeAt: number,
  ) {
    this.buffer = buffer;
  }

  /** Room for `needed` bytes, growing as glibc's string streams do (twice plus 100, zero-filled). */
  private reserve(needed: number): boolean {
    if (needed <= this.capacity) return true;
    let capacity = this.capacity;
    while (capacity < needed) capacity = 2 * capacity + 100;
    const grown = realloc(this.libc, this.buffer, capacity);
    if (grown === 0) return false;
    this.libc.memory.bytes.fill(0, grown + this.capacity, grown + capacity);
    this.buffer = grown;
    this.capacity = capacity;
    return true;
  }

  read(): number {
    return -Errno.EBADF;
  }

  write(from: number, length: number): number {
    if (!this.reserve(this.pos + length + 1)) {
      this.libc.errno = Errno.ENOMEM;
      return 0;
    }
    this.libc.memory.bytes.copyWithin(this.buffer + this.pos, from, from + length);
    this.pos += length;
    this.putting = true;
    return length;
  }

  /**
   * _IO_str_seekoff: switching to get mode first makes the extent the position whenever there is
   * one (so after writing over the start, SEEK_END counts from where the writing stopped); a
   * target past the extent is filled with zeros at once.
   */
  seek(offset: number, whence: number): number {
    if (this.pos > 0 || this.putting) this.extent = this.pos;
    this.putting = false;
    const size = Math.max(this.pos, this.extent);
    const base = whence === SEEK_SET ? 0 : whence === SEEK_CUR ? this.pos : whence === SEEK_END ? size : NaN;
    const target = base + offset;
    if (Number.isNaN(target) || target < 0) return -Errno.EINVAL;
    if (!this.reserve(target + 1)) return -Errno.ENOMEM;
    this.pos = target;
    return target;
  }

  /** _IO_mem_sync: the buffer and the position as its size, to the caller's variables. */
  sync(): void {
    storePointer(this.libc.memory, this.bufferAt, this.buffer);
    storePointer(this.libc.memory, this.sizeAt, this.pos);
  }

  /** _IO_mem_finish: the buffer cut to the position plus a NUL, then published. */
  close(): number {
    const fitted = realloc(this.libc, this.buffer, this.pos + 1);
    if (fitted !== 0) {
      this.libc.memory.bytes[fitted + this.pos] = 0;
      this.buffer = fitted;
    }
    storePointer(this.libc.memory, this.bufferAt, fitted);
    if (fitted !== 0) storePointer(this.libc.memory, this.sizeAt, this.pos);
    return 0;
  }
}

function openMemstream(libc: LibcProcess, bufferAt: number, sizeAt: number): number {
  const fp = newFile(libc, NO_DESCRIPTOR, FileFlag.NO_READS);
  if (fp === 0) {
    libc.errno = Errno.ENOMEM;
    return 0;
  }
  const buffer = libc.heap.allocate(BUFSIZ);
  if (buffer === 0) {
    libc.heap.release(fp);
    libc.errno = Errno.ENOMEM;
    return 0;
  }
  libc.memory.bytes.fill(0, buffer, buffer + BUFSIZ);
  libc.streams.attachBackend(fp, new MemstreamBackend(libc, buffer, bufferAt, sizeAt));
  return fp;
}

export const MEMORY_STREAM_FUNCTIONS: FunctionTable = {
  fmemopen: (f, libc) => fmemopen(libc, f.ptr(0), f.ulong(1), f.ptr(2)),
  open_memstream: (f, libc) => openMemstream(libc, f.ptr(0), f.ptr(1)),
};
