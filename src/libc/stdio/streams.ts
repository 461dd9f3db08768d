// The FILE streams of a process, with glibc's libio semantics over glibc's struct _IO_FILE
// (./file-layout.ts) in guest memory: the buffer pointers live in the struct, so the inline
// putc_unlocked/getc_unlocked of compiled code and these functions share one state.
//
// Buffering as glibc's _IO_file_doallocate: a buffer of st_blksize bytes (at most BUFSIZ), line
// buffering for terminals, stderr unbuffered (its one-byte _shortbuf). Writes follow
// _IO_new_file_xsputn and _IO_new_file_overflow so that the sequence of write(2) calls is glibc's.
import type { AddressSpace } from '../../memory/address-space.ts';
import { checkWrite } from '../runtime/guest-access.ts';
import { Sys } from '../runtime/kernel-call.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { lockedByOther } from '../stdio-ext/stream-locks.ts';
import type { GuestStreamBackend } from './cookie-streams.ts';
import {
  FILE_BACKUP_BASE,
  FILE_BUF_BASE,
  FILE_BUF_END,
  FILE_CHAIN,
  FILE_FILENO,
  FILE_FLAGS,
  FILE_LOCK,
  FILE_LOCK_SIZE,
  FILE_MODE,
  FILE_OFFSET,
  FILE_OLD_OFFSET,
  FILE_PLUS_SIZE,
  FILE_READ_BASE,
  FILE_READ_END,
  FILE_READ_PTR,
  FILE_SAVE_BASE,
  FILE_SAVE_END,
  FILE_SHORTBUF,
  FILE_STRUCT_SIZE,
  FILE_WRITE_BASE,
  FILE_WRITE_END,
  FILE_WRITE_PTR,
  FileFlag,
} from './file-layout.ts';
import type { StreamBackend } from './memory-streams.ts';
import { type StreamIo, waitingCall } from './stream-io.ts';

export const EOF = -1;
const BUFSIZ = 8192;
/** Bytes of the staging area of a write that bypasses a stream's buffer. */
const STAGING_SIZE = 16384;
const TCGETS = 0x5401;
const S_IFMT = 0o170000;
const S_IFCHR = 0o020000;
const EBADF = 9;
const ENOMEM = 12;
const ESPIPE = 29;

export class Streams {
  readonly stdin: number;
  readonly stdout: number;
  readonly stderr: number;
  /** Every open stream, most recent first (glibc's _IO_list_all chain). */
  readonly open: number[] = [];
  /** Streams whose bytes go to memory instead of a descriptor (fmemopen, open_memstream). */
  private readonly backends = new Map<number, StreamBackend>();
  /** Streams whose operations are guest calls (fopencookie), each a step of the operation's generator. */
  private readonly guestBackends = new Map<number, GuestStreamBackend>();
  /**
   * Stream operations holding their stream's lock across a wait (runStreamIo): while there are
   * none, the fast paths need not look at the locks (a program's own flockfile does not hold
   * them back, as before any call waited).
   */
  waitingOperations = 0;
  private readonly memory: AddressSpace;
  private readonly view: DataView;
  /** The shared vtable pointer value of Miros's FILEs (programs only compare it). */
  private readonly vtable: number;

  /** The streams of a new process; or, with `copyOf`, those of a forked child (their FILEs and buffers are in its copied memory). */
  constructor(
    private readonly libc: LibcProcess,
    copyOf?: Streams,
  ) {
    this.memory = libc.memory;
    this.view = libc.memory.view;
    if (copyOf !== undefined) {
      this.vtable = copyOf.vtable;
      this.stdin = copyOf.stdin;
      this.stdout = copyOf.stdout;
      this.stderr = copyOf.stderr;
      this.open.push(...copyOf.open);
      return;
    }
    this.vtable = libc.data.allocate(8 * 24, 16);
    this.stdin = this.create(0, FileFlag.NO_WRITES);
    this.stdout = this.create(1, FileFlag.NO_READS);
    this.stderr = this.create(2, FileFlag.NO_READS | FileFlag.UNBUFFERED);
  }

  /** A forked child's copies of the memory streams' backends (fmemopen, open_memstream) of `parent`. */
  copyBackends(parent: Streams, copy: (backend: StreamBackend) => StreamBackend): void {
    for (const [fp, backend] of parent.backends) this.backends.set(fp, copy(backend));
    for (const [fp, backend] of parent.guestBackends) this.guestBackends.set(fp, copy(backend as never) as never);
  }

  /** Whether another thread's stream operation holds `fp`'s lock across a wait: fast paths then take the slow one, which waits. */
  busy(fp: number): boolean {
    return this.waitingOperations > 0 && lockedByOther(this.libc, fp);
  }

  /** A pointer field of the FILE (guest pointers are below 4 GiB). */
  get(fp: number, field: number): number {
    return this.view.getUint32(fp + field, true);
  }

  set(fp: number, field: number, value: number): void {
    this.view.setUint32(fp + field, value, true);
    this.view.setUint32(fp + field + 4, 0, true);
  }

  /** The FILE a standard stream variable points at now (programs may reassign or copy `stdout`). */
  current(name: 'stdin' | 'stdout' | 'stderr', fallback: number): number {
    const cell = this.libc.currentObject(name);
    return cell === undefined ? fallback : this.view.getUint32(cell, true);
  }

  flags(fp: number): number {
    return this.view.getUint32(fp + FILE_FLAGS, true);
  }

  setFlags(fp: number, value: number): void {
    this.view.setUint32(fp + FILE_FLAGS, value >>> 0, true);
  }

  fileno(fp: number): number {
    return this.view.getInt32(fp + FILE_FILENO, true);
  }

  /**
   * glibc's cached file position (_offset): where the descriptor stands, or -1 (_IO_pos_BAD) when
   * unknown — after fopen, fflush, an append. Reads and writes move it; fseek uses it to seek
   * inside the buffer without discarding it.
   */
  knownOffset(fp: number): number {
    return Number(this.view.getBigInt64(fp + FILE_OFFSET, true));
  }

  setKnownOffset(fp: number, offset: number): void {
    this.view.setBigInt64(fp + FILE_OFFSET, BigInt(offset), true);
  }

  /** The cached position moved by `count` bytes read or written, when it is known. */
  private advanceKnownOffset(fp: number, count: number): void {
    const offset = this.knownOffset(fp);
    if (offset >= 0) this.setKnownOffset(fp, offset + count);
  }

  /** A FILE for descriptor `fd` in libc's data area (the standard streams). */
  private create(fd: number, flags: number): number {
    const fp = this.libc.data.allocate(FILE_PLUS_SIZE + FILE_LOCK_SIZE, 16);
    this.initialise(fp, fd, flags, fp + FILE_PLUS_SIZE);
    return fp;
  }

  /** Fills a zeroed struct _IO_FILE_plus and links it into the list of open streams. */
  initialise(fp: number, fd: number, flags: number, lock: number): void {
    const view = this.view;
    view.setUint32(fp + FILE_FLAGS, (FileFlag.MAGIC | FileFlag.IS_FILEBUF | FileFlag.LINKED | flags) >>> 0, true);
    view.setInt32(fp + FILE_FILENO, fd, true);
    view.setInt32(fp + FILE_OLD_OFFSET, -1, true);
    view.setInt32(fp + FILE_OLD_OFFSET + 4, -1, true);
    view.setInt32(fp + FILE_OFFSET, -1, true);
    view.setInt32(fp + FILE_OFFSET + 4, -1, true);
    this.set(fp, FILE_LOCK, lock);
    this.set(fp, FILE_STRUCT_SIZE, this.vtable);
    this.set(fp, FILE_CHAIN, this.open[0] ?? 0);
    this.open.unshift(fp);
  }

  /** Removes a closed stream from the list of open streams (_IO_un_link). */
  unlink(fp: number): void {
    const index = this.open.indexOf(fp);
    if (index < 0) return;
    this.open.splice(index, 1);
    for (let i = 0; i < this.open.length; i++) this.set(this.open[i]!, FILE_CHAIN, this.open[i + 1] ?? 0);
    this.setFlags(fp, this.flags(fp) & ~FileFlag.LINKED);
  }

  // ---- buffers ----

  /** _IO_file_doallocate: picks the buffer size and line buffering from fstat, allocates it. */
  allocateBuffer(fp: number): void {
    if (this.get(fp, FILE_BUF_BASE) !== 0) return;
    let flags = this.flags(fp);
    if (flags & FileFlag.UNBUFFERED) {
      this.setBuffer(fp, fp + FILE_SHORTBUF, fp + FILE_SHORTBUF + 1);
      return;
    }
    let size = BUFSIZ;
    const fd = this.fileno(fp);
    const stat = this.libc.scratch;
    if (fd >= 0 && this.libc.sys(Sys.fstat, fd, stat) >= 0) {
      const mode = this.view.getUint32(stat + 24, true);
      if ((mode & S_IFMT) === S_IFCHR && this.libc.sys(Sys.ioctl, fd, TCGETS, stat + 256) === 0) {
        flags |= FileFlag.LINE_BUF;
        this.setFlags(fp, flags);
      }
      const blockSize = this.view.getUint32(stat + 56, true);
      if (blockSize > 0 && blockSize < BUFSIZ) size = blockSize;
    }
    const buffer = this.libc.heap.allocate(size);
    if (buffer === 0) {
      this.setFlags(fp, flags | FileFlag.UNBUFFERED);
      this.setBuffer(fp, fp + FILE_SHORTBUF, fp + FILE_SHORTBUF + 1);
      return;
    }
    this.setBuffer(fp, buffer, buffer + size);
  }

  setBuffer(fp: number, base: number, end: number): void {
    this.set(fp, FILE_BUF_BASE, base);
    this.set(fp, FILE_BUF_END, end);
  }

  /** Switches the stream to writing (the set-up half of _IO_new_file_overflow). */
  private startPutting(fp: number): void {
    if (this.get(fp, FILE_WRITE_BASE) === 0) {
      this.allocateBuffer(fp);
      const base = this.get(fp, FILE_BUF_BASE);
      this.set(fp, FILE_READ_BASE, base);
      this.set(fp, FILE_READ_PTR, base);
      this.set(fp, FILE_READ_END, base);
    }
    const bufBase = this.get(fp, FILE_BUF_BASE);
    const bufEnd = this.get(fp, FILE_BUF_END);
    let readPtr = this.get(fp, FILE_READ_PTR);
    if (readPtr === bufEnd) {
      this.set(fp, FILE_READ_END, bufBase);
      this.set(fp, FILE_READ_PTR, bufBase);
      readPtr = bufBase;
    }
    this.set(fp, FILE_WRITE_PTR, readPtr);
    this.set(fp, FILE_WRITE_BASE, readPtr);
    this.set(fp, FILE_WRITE_END, bufEnd);
    const readEnd = this.get(fp, FILE_READ_END);
    this.set(fp, FILE_READ_BASE, readEnd);
    this.set(fp, FILE_READ_PTR, readEnd);
    const flags = this.flags(fp) | FileFlag.CURRENTLY_PUTTING;
    this.setFlags(fp, flags);
    if (flags & (FileFlag.LINE_BUF | FileFlag.UNBUFFERED)) this.set(fp, FILE_WRITE_END, readPtr);
  }

  /**
   * One read from the descriptor (or backend) into guest memory, as glibc's _IO_SYSREAD: the
   * count, or -1 with errno; no flags and no cached position change.
   */
  readRaw(fp: number, to: number, length: number): number {
    this.refuseGuestBackend(fp, 'read');
    const backend = this.backends.get(fp);
    const n = backend ? backend.read(to, length) : this.libc.sys(Sys.read, this.fileno(fp), to, length);
    if (n >= 0) return n;
    this.libc.errno = -n;
    return -1;
  }

  /** Makes `fp` a memory stream: its reads, writes, seeks and close go to `backend`. */
  attachBackend(fp: number, backend: StreamBackend): void {
    this.backends.set(fp, backend);
  }

  backendOf(fp: number): StreamBackend | undefined {
    return this.backends.get(fp);
  }

  /** The host-only operations cannot make a cookie stream's guest calls: reaching one is a Miros bug to fix. */
  private refuseGuestBackend(fp: number, what: string): void {
    if (this.guestBackends.has(fp))
      throw new Error(
        `Miros libc: a cookie stream's ${what} function reached from host-only stdio code (not implemented yet)`,
      );
  }

  /** Makes `fp` a cookie stream: its reads, writes, seeks and close are guest calls of `backend`. */
  attachGuestBackend(fp: number, backend: GuestStreamBackend): void {
    this.guestBackends.set(fp, backend);
  }

  /** Whether `fp` is a cookie stream. */
  hasGuestBackend(fp: number): boolean {
    return this.guestBackends.has(fp);
  }

  /** Whether `fp` has no descriptor but a memory or cookie backend. */
  hasBackend(fp: number): boolean {
    return this.backends.has(fp) || this.guestBackends.has(fp);
  }

  /** ioSeek for operations that can run guest code: a cookie stream's seek function is called. */
  *ioSeekIo(fp: number, offset: number, whence: number): StreamIo {
    const guest = this.guestBackends.get(fp);
    return guest ? yield* guest.seek(offset, whence) : this.ioSeek(fp, offset, whence);
  }

  /** ioClose for operations that can run guest code: a cookie stream's close function is called. */
  *ioCloseIo(fp: number): StreamIo {
    const guest = this.guestBackends.get(fp);
    if (!guest) return this.ioClose(fp);
    this.guestBackends.delete(fp);
    return yield* guest.close();
  }

  /** readRaw for operations that can run guest code. */
  *readRawIo(fp: number, to: number, length: number): StreamIo {
    const guest = this.guestBackends.get(fp);
    if (!guest) return this.readRaw(fp, to, length);
    const n = yield* guest.read(to, length);
    if (n >= 0) return n;
    this.libc.errno = -n;
    return -1;
  }

  /** lseek of the stream's descriptor, or its backend's seek: the new position, or -errno. */
  ioSeek(fp: number, offset: number, whence: number): number {
    this.refuseGuestBackend(fp, 'seek');
    const backend = this.backends.get(fp);
    return backend ? backend.seek(offset, whence) : this.libc.sys(Sys.lseek, this.fileno(fp), offset, whence);
  }

  /** close of the stream's descriptor, or its backend's close (which forgets the backend). */
  ioClose(fp: number): number {
    this.refuseGuestBackend(fp, 'close');
    const backend = this.backends.get(fp);
    if (!backend) return this.libc.sys(Sys.close, this.fileno(fp));
    this.backends.delete(fp);
    return backend.close();
  }

  /** Writes guest bytes [from, from+length) to the stream's descriptor; returns bytes written or -1. */
  private *writeOut(fp: number, from: number, length: number): StreamIo {
    // new_do_write: data read ahead of the write position (a read-write stream) is given back
    // to the file first, so the bytes land where the program's position is.
    const readEnd = this.get(fp, FILE_READ_END);
    const writeBase = this.get(fp, FILE_WRITE_BASE);
    if ((this.flags(fp) & FileFlag.IS_APPENDING) === 0 && readEnd !== writeBase && from === writeBase) {
      const moved = yield* this.ioSeekIo(fp, writeBase - readEnd, 1);
      if (moved < 0) {
        this.libc.errno = -moved;
        this.setFlags(fp, this.flags(fp) | FileFlag.ERR_SEEN);
        return -1;
      }
      this.setKnownOffset(fp, moved);
      this.set(fp, FILE_READ_END, writeBase);
    }
    const backend = this.backends.get(fp);
    const guest = this.guestBackends.get(fp);
    if (backend || guest) {
      // glibc's cookie write: one call; a short one marks the stream's error (the rest is lost).
      const n = guest ? yield* guest.write(from, length) : backend!.write(from, length);
      if (n < length) {
        this.setFlags(fp, this.flags(fp) | FileFlag.ERR_SEEN);
        return -1;
      }
      this.advanceKnownOffset(fp, n);
      return n;
    }
    const fd = this.fileno(fp);
    let done = 0;
    while (done < length) {
      const n = yield* waitingCall(this.libc, Sys.write, fd, from + done, length - done);
      if (n < 0) {
        this.libc.errno = -n;
        this.setFlags(fp, this.flags(fp) | FileFlag.ERR_SEEN);
        return -1;
      }
      this.advanceKnownOffset(fp, n);
      done += n;
    }
    // Where an appending write ends is the file's end, which the cache cannot know.
    if (this.flags(fp) & FileFlag.IS_APPENDING) this.setKnownOffset(fp, -1);
    return done;
  }

  /**
   * _IO_do_write of the pending buffer contents; resets the pointers. 0, or EOF on error. With
   * nothing pending it does nothing at all, as glibc's: a read-write stream that starts writing
   * after reading keeps its read-ahead, which the first real write gives back (writeOut).
   */
  private *flushBuffer(fp: number): StreamIo {
    const base = this.get(fp, FILE_WRITE_BASE);
    const pending = this.get(fp, FILE_WRITE_PTR) - base;
    if (pending === 0) return 0;
    const result = yield* this.writeOut(fp, base, pending);
    const bufBase = this.get(fp, FILE_BUF_BASE);
    this.set(fp, FILE_READ_BASE, bufBase);
    this.set(fp, FILE_READ_PTR, bufBase);
    this.set(fp, FILE_READ_END, bufBase);
    this.set(fp, FILE_WRITE_BASE, bufBase);
    this.set(fp, FILE_WRITE_PTR, bufBase);
    const flags = this.flags(fp);
    this.set(
      fp,
      FILE_WRITE_END,
      flags & (FileFlag.LINE_BUF | FileFlag.UNBUFFERED) ? bufBase : this.get(fp, FILE_BUF_END),
    );
    return result < 0 ? EOF : 0;
  }

  private checkWritable(fp: number): boolean {
    const flags = this.flags(fp);
    if (flags & FileFlag.NO_WRITES) {
      this.setFlags(fp, flags | FileFlag.ERR_SEEN);
      this.libc.errno = EBADF;
      return false;
    }
    if ((flags & FileFlag.CURRENTLY_PUTTING) === 0 || this.get(fp, FILE_WRITE_BASE) === 0) this.startPutting(fp);
    return true;
  }

  /** _IO_new_file_overflow(fp, ch): ch as unsigned char, or EOF; ch EOF just flushes. */
  *overflow(fp: number, ch: number): StreamIo {
    if (!this.checkWritable(fp)) return EOF;
    if (ch === EOF) return yield* this.flushBuffer(fp);
    if (this.get(fp, FILE_WRITE_PTR) === this.get(fp, FILE_BUF_END) && (yield* this.flushBuffer(fp)) === EOF)
      return EOF;
    const ptr = this.get(fp, FILE_WRITE_PTR);
    this.memory.bytes[ptr] = ch & 0xff;
    this.set(fp, FILE_WRITE_PTR, ptr + 1);
    const flags = this.flags(fp);
    if (flags & FileFlag.UNBUFFERED || (flags & FileFlag.LINE_BUF && (ch & 0xff) === 10)) {
      if ((yield* this.flushBuffer(fp)) === EOF) return EOF;
    }
    return ch & 0xff;
  }

  /**
   * __overflow, the slow path of putc (and the export guest code's inlined putc calls): an
   * unoriented stream becomes byte-oriented first; a wide one is written all the same.
   */
  *putOverflow(fp: number, ch: number): StreamIo {
    this.orientNarrow(fp);
    return yield* this.overflow(fp, ch);
  }

  /** putc_unlocked's inline fast path: the byte stored in the buffer, or false when it takes __overflow. */
  putInBuffer(fp: number, ch: number): boolean {
    const ptr = this.get(fp, FILE_WRITE_PTR);
    if (this.busy(fp)) return false;
    if (ptr >= this.get(fp, FILE_WRITE_END)) return false;
    this.memory.write8(ptr, ch & 0xff);
    this.set(fp, FILE_WRITE_PTR, ptr + 1);
    return true;
  }

  /** putc_unlocked: the inline fast path, else __overflow. */
  *putc(fp: number, ch: number): StreamIo {
    if (this.putInBuffer(fp, ch)) return ch & 0xff;
    return yield* this.putOverflow(fp, ch);
  }

  /**
   * _IO_sputn of host bytes (printf output, puts' string): returns the count written, or fewer
   * on error (EOF when nothing could be).
   */
  /**
   * The fast path of write: when the bytes fit in the buffer of a stream already writing and
   * need no flush, stores them and returns true; otherwise changes nothing and returns false.
   */
  writeBuffered(fp: number, data: Uint8Array, start: number, end: number): boolean {
    const n = end - start;
    const flags = this.flags(fp);
    if (n <= 0 || flags & FileFlag.NO_WRITES || this.busy(fp)) return false;
    const ptr = this.get(fp, FILE_WRITE_PTR);
    if (flags & FileFlag.LINE_BUF && flags & FileFlag.CURRENTLY_PUTTING) {
      if (this.get(fp, FILE_BUF_END) - ptr < n || data.subarray(start, end).lastIndexOf(10) >= 0) return false;
    } else if (this.get(fp, FILE_WRITE_END) - ptr < n) return false;
    this.memory.slowWriteCheck(ptr, n);
    this.memory.bytes.set(data.subarray(start, end), ptr);
    this.set(fp, FILE_WRITE_PTR, ptr + n);
    return true;
  }

  *write(fp: number, data: Uint8Array, start: number, end: number): StreamIo {
    const n = end - start;
    if (n <= 0) return 0;
    if (this.flags(fp) & FileFlag.NO_WRITES) return this.checkWritable(fp) ? 0 : EOF;
    // As _IO_new_file_xsputn, the room is measured before the stream is switched to writing:
    // a stream not yet writing (fresh, after setvbuf or a seek) has none, and its first bytes
    // then go straight to the descriptor when the buffer is smaller than 128 bytes.
    const bytes = this.memory.bytes;
    let flags = this.flags(fp);
    let ptr = this.get(fp, FILE_WRITE_PTR);
    const bufEnd = this.get(fp, FILE_BUF_END);
    let s = start;
    let toDo = n;
    let mustFlush = false;
    let count = 0;
    if (flags & FileFlag.LINE_BUF && flags & FileFlag.CURRENTLY_PUTTING) {
      count = bufEnd - ptr;
      if (count >= n) {
        const newline = data.subarray(start, end).lastIndexOf(10);
        if (newline >= 0) {
          count = newline + 1;
          mustFlush = true;
        }
      }
    } else {
      const writeEnd = this.get(fp, FILE_WRITE_END);
      if (writeEnd > ptr) count = writeEnd - ptr;
    }
    if (count > 0) {
      if (count > toDo) count = toDo;
      this.memory.slowWriteCheck(ptr, count);
      bytes.set(data.subarray(s, s + count), ptr);
      ptr += count;
      this.set(fp, FILE_WRITE_PTR, ptr);
      s += count;
      toDo -= count;
    }
    if (toDo > 0 || mustFlush) {
      this.checkWritable(fp);
      if ((yield* this.flushBuffer(fp)) === EOF) return toDo === n ? EOF : n - toDo;
      const blockSize = this.get(fp, FILE_BUF_END) - this.get(fp, FILE_BUF_BASE);
      const direct = toDo - (blockSize >= 128 ? toDo % blockSize : 0);
      if (direct > 0) {
        const written = yield* this.writeHostBytes(fp, data.subarray(s, s + direct));
        if (written < direct) return n - toDo + Math.max(written, 0);
        s += direct;
        toDo -= direct;
      }
      // The rest goes through the buffer a character at a time (glibc's _IO_default_xsputn),
      // which for a line-buffered stream flushes at each newline.
      flags = this.flags(fp);
      while (toDo > 0) {
        ptr = this.get(fp, FILE_WRITE_PTR);
        const room = this.get(fp, FILE_WRITE_END) - ptr;
        if (room > 0) {
          const chunk = Math.min(room, toDo);
          this.memory.slowWriteCheck(ptr, chunk);
          bytes.set(data.subarray(s, s + chunk), ptr);
          this.set(fp, FILE_WRITE_PTR, ptr + chunk);
          s += chunk;
          toDo -= chunk;
          continue;
        }
        if ((yield* this.overflow(fp, data[s]!)) === EOF) break;
        s++;
        toDo--;
      }
    }
    return n - toDo;
  }

  /**
   * Writes host bytes straight to the descriptor, staged through a heap block of the call's own
   * (never the stream's buffer, which may be the program's, as glibc leaves a setvbuf buffer
   * untouched; nor a shared area, as the write may wait while another thread writes). Only
   * writes longer than the stream's buffer come here.
   */
  private *writeHostBytes(fp: number, data: Uint8Array): StreamIo {
    const size = Math.min(STAGING_SIZE, data.length);
    const staging = this.libc.heap.allocate(size);
    if (staging === 0) {
      this.libc.errno = ENOMEM;
      this.setFlags(fp, this.flags(fp) | FileFlag.ERR_SEEN);
      return 0;
    }
    let done = 0;
    try {
      while (done < data.length) {
        const chunk = Math.min(size, data.length - done);
        this.memory.bytes.set(data.subarray(done, done + chunk), staging);
        const n = yield* this.writeOut(fp, staging, chunk);
        if (n < 0) return done;
        done += chunk;
      }
      return done;
    } finally {
      this.libc.heap.release(staging);
    }
  }

  /**
   * fflush(fp), _IO_new_file_sync: pending output is written; input read ahead of the program's
   * position is given back to a seekable file (a pipe's is kept). 0 or EOF.
   */
  *flush(fp: number): StreamIo {
    const flags = this.flags(fp);
    if (flags & FileFlag.CURRENTLY_PUTTING) {
      if (this.get(fp, FILE_WRITE_PTR) > this.get(fp, FILE_WRITE_BASE)) return yield* this.overflow(fp, EOF);
      return 0;
    }
    if (flags & FileFlag.IN_BACKUP) return 0;
    const ahead = this.get(fp, FILE_READ_END) - this.get(fp, FILE_READ_PTR);
    if (ahead > 0) {
      const moved = yield* this.ioSeekIo(fp, -ahead, 1);
      if (moved >= 0) this.set(fp, FILE_READ_END, this.get(fp, FILE_READ_PTR));
      else if (moved !== -ESPIPE) {
        this.libc.errno = -moved;
        return EOF;
      }
    }
    this.setKnownOffset(fp, -1);
    return 0;
  }

  /** fflush of an output stream only (what exit and fflush(NULL) do to every open stream). */
  private *flushOutput(fp: number): StreamIo {
    if ((this.flags(fp) & FileFlag.CURRENTLY_PUTTING) === 0) return 0;
    if (this.get(fp, FILE_WRITE_PTR) > this.get(fp, FILE_WRITE_BASE)) return yield* this.overflow(fp, EOF);
    return 0;
  }

  // ---- input (libio's genops.c and fileops.c read side) ----

  /**
   * _IO_fwide(fp, -1), what the first narrow operation does: an unoriented stream becomes
   * byte-oriented. False for a wide-oriented stream, where glibc's fputs, fwrite, puts and vfprintf
   * then write nothing and fail, and narrow reads find EOF.
   */
  orientNarrow(fp: number): boolean {
    const mode = this.view.getInt32(fp + FILE_MODE, true);
    if (mode === 0) this.view.setInt32(fp + FILE_MODE, -1, true);
    return mode <= 0;
  }

  /** _IO_switch_to_get_mode: flushes pending output and turns the write area into the read area. */
  private *switchToGetMode(fp: number): StreamIo {
    if (this.get(fp, FILE_WRITE_PTR) > this.get(fp, FILE_WRITE_BASE) && (yield* this.overflow(fp, EOF)) === EOF)
      return EOF;
    const flags = this.flags(fp);
    const writePtr = this.get(fp, FILE_WRITE_PTR);
    if (flags & FileFlag.IN_BACKUP) this.set(fp, FILE_READ_BASE, this.get(fp, FILE_BACKUP_BASE));
    else {
      this.set(fp, FILE_READ_BASE, this.get(fp, FILE_BUF_BASE));
      if (writePtr > this.get(fp, FILE_READ_END)) this.set(fp, FILE_READ_END, writePtr);
    }
    this.set(fp, FILE_READ_PTR, writePtr);
    this.set(fp, FILE_WRITE_BASE, writePtr);
    this.set(fp, FILE_WRITE_END, writePtr);
    this.setFlags(fp, flags & ~FileFlag.CURRENTLY_PUTTING);
    return 0;
  }

  /** _IO_switch_to_main_get_area / _IO_switch_to_backup_area: swaps the read area with the save area. */
  private swapGetAreas(fp: number, toBackup: boolean): void {
    const base = this.get(fp, FILE_READ_BASE);
    const end = this.get(fp, FILE_READ_END);
    this.set(fp, FILE_READ_BASE, this.get(fp, FILE_SAVE_BASE));
    this.set(fp, FILE_READ_END, this.get(fp, FILE_SAVE_END));
    this.set(fp, FILE_SAVE_BASE, base);
    this.set(fp, FILE_SAVE_END, end);
    const flags = this.flags(fp);
    if (toBackup) {
      this.setFlags(fp, flags | FileFlag.IN_BACKUP);
      this.set(fp, FILE_READ_PTR, this.get(fp, FILE_READ_END));
    } else {
      this.setFlags(fp, flags & ~FileFlag.IN_BACKUP);
      this.set(fp, FILE_READ_PTR, this.get(fp, FILE_READ_BASE));
    }
  }

  /** _IO_free_backup_area. */
  freeBackup(fp: number): void {
    if (this.flags(fp) & FileFlag.IN_BACKUP) this.swapGetAreas(fp, false);
    const save = this.get(fp, FILE_SAVE_BASE);
    if (save !== 0) this.libc.heap.release(save);
    this.set(fp, FILE_SAVE_BASE, 0);
    this.set(fp, FILE_SAVE_END, 0);
    this.set(fp, FILE_BACKUP_BASE, 0);
  }

  /** Reads from the descriptor into guest memory; counts 0 as EOF and errors in the flags. */
  private *readIn(fp: number, to: number, length: number): StreamIo {
    const backend = this.backends.get(fp);
    const guest = this.guestBackends.get(fp);
    const n = guest
      ? yield* guest.read(to, length)
      : backend
        ? backend.read(to, length)
        : yield* waitingCall(this.libc, Sys.read, this.fileno(fp), to, length);
    if (n > 0) {
      this.advanceKnownOffset(fp, n);
      return n;
    }
    if (n === 0) this.setFlags(fp, this.flags(fp) | FileFlag.EOF_SEEN);
    else {
      this.libc.errno = -n;
      this.setFlags(fp, this.flags(fp) | FileFlag.ERR_SEEN);
    }
    return 0;
  }

  /** _IO_new_file_underflow: refills the buffer; the next byte (not consumed) or EOF. */
  private *fileUnderflow(fp: number): StreamIo {
    let flags = this.flags(fp);
    if (flags & FileFlag.EOF_SEEN) return EOF;
    if (flags & FileFlag.NO_READS) {
      this.setFlags(fp, flags | FileFlag.ERR_SEEN);
      this.libc.errno = EBADF;
      return EOF;
    }
    const readPtr = this.get(fp, FILE_READ_PTR);
    if (readPtr < this.get(fp, FILE_READ_END)) return this.memory.bytes[readPtr]!;
    if (this.get(fp, FILE_BUF_BASE) === 0) {
      if (this.get(fp, FILE_SAVE_BASE) !== 0) this.freeBackup(fp);
      this.allocateBuffer(fp);
      flags = this.flags(fp);
    }
    // A line-buffered or unbuffered input stream flushes a line-buffered stdout first (so a
    // prompt appears before the program waits for the answer).
    if (flags & (FileFlag.LINE_BUF | FileFlag.UNBUFFERED)) {
      const out = this.current('stdout', this.stdout);
      const outFlags = this.flags(out);
      if (
        (outFlags & (FileFlag.LINKED | FileFlag.NO_WRITES | FileFlag.LINE_BUF)) ===
        (FileFlag.LINKED | FileFlag.LINE_BUF)
      )
        yield* this.flushOutput(out);
    }
    yield* this.switchToGetMode(fp);
    const base = this.get(fp, FILE_BUF_BASE);
    for (const field of [FILE_READ_BASE, FILE_READ_PTR, FILE_READ_END, FILE_WRITE_BASE, FILE_WRITE_PTR, FILE_WRITE_END])
      this.set(fp, field, base);
    const count = yield* this.readIn(fp, base, this.get(fp, FILE_BUF_END) - base);
    if (count === 0) return EOF;
    this.set(fp, FILE_READ_END, base + count);
    return this.memory.bytes[base]!;
  }

  /** The common head of __underflow and __uflow: the next byte in the buffers, or -2 to refill. */
  private *pending(fp: number, consume: boolean): StreamIo {
    if (this.flags(fp) & FileFlag.CURRENTLY_PUTTING && (yield* this.switchToGetMode(fp)) === EOF) return EOF;
    for (let pass = 0; pass < 2; pass++) {
      const ptr = this.get(fp, FILE_READ_PTR);
      if (ptr < this.get(fp, FILE_READ_END)) {
        if (consume) this.set(fp, FILE_READ_PTR, ptr + 1);
        return this.memory.bytes[ptr]!;
      }
      if (pass === 0 && this.flags(fp) & FileFlag.IN_BACKUP) this.swapGetAreas(fp, false);
      else break;
    }
    if (this.get(fp, FILE_SAVE_BASE) !== 0) this.freeBackup(fp);
    return -2;
  }

  /**
   * __underflow: the next byte without consuming it, or EOF. A wide-oriented stream gives narrow
   * reads nothing (EOF, no flag set), as glibc's _IO_fwide(fp, -1) check there.
   */
  *underflow(fp: number): StreamIo {
    if (!this.orientNarrow(fp)) return EOF;
    const c = yield* this.pending(fp, false);
    return c === -2 ? yield* this.fileUnderflow(fp) : c;
  }

  /** __uflow: the next byte, consumed, or EOF; EOF on a wide-oriented stream, as underflow. */
  *uflow(fp: number): StreamIo {
    if (!this.orientNarrow(fp)) return EOF;
    return yield* this.nextByte(fp);
  }

  /**
   * The next byte of a wide-oriented stream for the wide functions (src/libc/wchar), which keep
   * their characters as the encoded bytes in this buffer where glibc keeps a separate wide one.
   */
  *wideByte(fp: number): StreamIo {
    const ptr = this.get(fp, FILE_READ_PTR);
    if (ptr < this.get(fp, FILE_READ_END)) {
      this.set(fp, FILE_READ_PTR, ptr + 1);
      return this.memory.bytes[ptr]!;
    }
    return yield* this.nextByte(fp);
  }

  /** __uflow after the orientation check: the next byte, consumed, refilling the buffer. */
  private *nextByte(fp: number): StreamIo {
    const c = yield* this.pending(fp, true);
    if (c !== -2) return c;
    if ((yield* this.fileUnderflow(fp)) === EOF) return EOF;
    const ptr = this.get(fp, FILE_READ_PTR);
    this.set(fp, FILE_READ_PTR, ptr + 1);
    return this.memory.bytes[ptr]!;
  }

  /** getc_unlocked's inline fast path: the next byte in the buffer, consumed, or -2 when it takes __uflow. */
  getFromBuffer(fp: number): number {
    const ptr = this.get(fp, FILE_READ_PTR);
    if (this.busy(fp)) return -2;
    if (ptr >= this.get(fp, FILE_READ_END)) return -2;
    this.set(fp, FILE_READ_PTR, ptr + 1);
    return this.memory.bytes[ptr]!;
  }

  /** getc_unlocked: the inline fast path, else __uflow. */
  *getc(fp: number): StreamIo {
    const c = this.getFromBuffer(fp);
    return c !== -2 ? c : yield* this.uflow(fp);
  }

  /** ungetc (_IO_sputbackc, then _IO_default_pbackfail's growing backup area). */
  ungetc(fp: number, ch: number): number {
    if (ch === EOF) return EOF;
    const c = ch & 0xff;
    const ptr = this.get(fp, FILE_READ_PTR);
    if (ptr > this.get(fp, FILE_READ_BASE) && this.memory.bytes[ptr - 1] === c) {
      this.set(fp, FILE_READ_PTR, ptr - 1);
    } else if (this.pushBack(fp, c) === EOF) return EOF;
    this.setFlags(fp, this.flags(fp) & ~FileFlag.EOF_SEEN);
    return c;
  }

  private pushBack(fp: number, c: number): number {
    const heap = this.libc.heap;
    if ((this.flags(fp) & FileFlag.IN_BACKUP) === 0) {
      // The main get area must logically follow the backup area: keep what is unread of it.
      if (this.get(fp, FILE_SAVE_BASE) === 0) {
        const size = 128;
        const backup = heap.allocate(size);
        if (backup === 0) return EOF;
        this.set(fp, FILE_SAVE_BASE, backup);
        this.set(fp, FILE_SAVE_END, backup + size);
        this.set(fp, FILE_BACKUP_BASE, backup + size);
      } else if (this.get(fp, FILE_READ_PTR) > this.get(fp, FILE_READ_BASE)) {
        // An old backup area beside a partly read main area: reuse it from its end.
        this.set(fp, FILE_BACKUP_BASE, this.get(fp, FILE_SAVE_END));
      }
      this.set(fp, FILE_READ_BASE, this.get(fp, FILE_READ_PTR));
      this.swapGetAreas(fp, true);
      this.set(fp, FILE_READ_PTR, this.get(fp, FILE_READ_END));
    } else if (this.get(fp, FILE_READ_PTR) <= this.get(fp, FILE_READ_BASE)) {
      // The backup area is full: double it, the pushed-back bytes moving to the end.
      const base = this.get(fp, FILE_READ_BASE);
      const oldSize = this.get(fp, FILE_READ_END) - base;
      const grown = heap.allocate(2 * oldSize);
      if (grown === 0) return EOF;
      this.memory.bytes.copyWithin(grown + oldSize, base, base + oldSize);
      heap.release(base);
      this.set(fp, FILE_READ_BASE, grown);
      this.set(fp, FILE_READ_PTR, grown + oldSize);
      this.set(fp, FILE_READ_END, grown + 2 * oldSize);
      this.set(fp, FILE_BACKUP_BASE, grown);
    }
    const ptr = this.get(fp, FILE_READ_PTR) - 1;
    this.memory.bytes[ptr] = c;
    this.set(fp, FILE_READ_PTR, ptr);
    return c;
  }

  /** Bytes the program has not consumed yet but libc has read (main area and pushed-back bytes). */
  readAhead(fp: number): number {
    let ahead = this.get(fp, FILE_READ_END) - this.get(fp, FILE_READ_PTR);
    if (this.flags(fp) & FileFlag.IN_BACKUP) ahead += this.get(fp, FILE_SAVE_END) - this.get(fp, FILE_SAVE_BASE);
    return ahead;
  }

  /** _IO_file_xsgetn: fread's core; returns the bytes stored at `to`. */
  *readBytes(fp: number, to: number, n: number): StreamIo {
    if (this.get(fp, FILE_BUF_BASE) === 0) {
      if (this.get(fp, FILE_SAVE_BASE) !== 0) this.freeBackup(fp);
      this.allocateBuffer(fp);
    }
    const bytes = this.memory.bytes;
    let want = n;
    let at = to;
    while (want > 0) {
      const ptr = this.get(fp, FILE_READ_PTR);
      const have = this.get(fp, FILE_READ_END) - ptr;
      if (want <= have) {
        checkWrite(this.memory, at, want);
        bytes.copyWithin(at, ptr, ptr + want);
        this.set(fp, FILE_READ_PTR, ptr + want);
        want = 0;
        break;
      }
      if (have > 0) {
        checkWrite(this.memory, at, have);
        bytes.copyWithin(at, ptr, ptr + have);
        at += have;
        want -= have;
        this.set(fp, FILE_READ_PTR, ptr + have);
      }
      if (this.flags(fp) & FileFlag.IN_BACKUP) {
        this.swapGetAreas(fp, false);
        continue;
      }
      const bufBase = this.get(fp, FILE_BUF_BASE);
      const blockSize = this.get(fp, FILE_BUF_END) - bufBase;
      if (bufBase !== 0 && want < blockSize) {
        if ((yield* this.underflow(fp)) === EOF) break;
        continue;
      }
      for (const field of [FILE_READ_BASE, FILE_READ_PTR, FILE_READ_END, FILE_WRITE_BASE, FILE_WRITE_PTR])
        this.set(fp, field, bufBase);
      let count = want;
      if (blockSize >= 128) count -= want % blockSize;
      count = yield* this.readIn(fp, at, count);
      if (count === 0) break;
      at += count;
      want -= count;
    }
    return n - want;
  }

  /**
   * _IO_getline: up to `max` bytes into guest `to`, stopping after the delimiter (stored).
   * Returns the count stored.
   */
  *readLine(fp: number, to: number, max: number, delimiter: number): StreamIo {
    this.orientNarrow(fp);
    const bytes = this.memory.bytes;
    let stored = 0;
    let n = max;
    while (n > 0) {
      const ptr = this.get(fp, FILE_READ_PTR);
      let length = this.get(fp, FILE_READ_END) - ptr;
      if (length <= 0) {
        const c = yield* this.uflow(fp);
        if (c === EOF) break;
        checkWrite(this.memory, to + stored, 1);
        bytes[to + stored++] = c;
        if (c === delimiter) return stored;
        n--;
        continue;
      }
      if (length >= n) length = n;
      const found = bytes.subarray(ptr, ptr + length).indexOf(delimiter);
      if (found >= 0) length = found + 1;
      checkWrite(this.memory, to + stored, length);
      bytes.copyWithin(to + stored, ptr, ptr + length);
      this.set(fp, FILE_READ_PTR, ptr + length);
      stored += length;
      if (found >= 0) return stored;
      n -= length;
    }
    return stored;
  }

  /** fflush(NULL) and exit's _IO_cleanup: every stream with pending output. */
  *flushAll(): StreamIo {
    let result = 0;
    for (const fp of [...this.open]) if ((yield* this.flushOutput(fp)) === EOF) result = EOF;
    return result;
  }
}
