// The FILE streams of a process, with glibc's libio semantics over glibc's struct _IO_FILE
// (./file-layout.ts) in guest memory: the buffer pointers live in the struct, so the inline
// putc_unlocked/getc_unlocked of compiled code and these functions share one state.
//
// Buffering as glibc's _IO_file_doallocate: a buffer of st_blksize bytes (at most BUFSIZ), line
// buffering for terminals, stderr unbuffered (its one-byte _shortbuf). Writes follow
// _IO_new_file_xsputn and _IO_new_file_overflow so that the sequence of write(2) calls is glibc's.
import type { AddressSpace } from '../../memory/address-space.ts';
import { Sys } from '../runtime/kernel-call.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import {
  FILE_BUF_BASE,
  FILE_BUF_END,
  FILE_CHAIN,
  FILE_FILENO,
  FILE_FLAGS,
  FILE_LOCK,
  FILE_LOCK_SIZE,
  FILE_OFFSET,
  FILE_OLD_OFFSET,
  FILE_PLUS_SIZE,
  FILE_READ_BASE,
  FILE_READ_END,
  FILE_READ_PTR,
  FILE_SHORTBUF,
  FILE_STRUCT_SIZE,
  FILE_WRITE_BASE,
  FILE_WRITE_END,
  FILE_WRITE_PTR,
  FileFlag,
} from './file-layout.ts';

export const EOF = -1;
const BUFSIZ = 8192;
const TCGETS = 0x5401;
const S_IFMT = 0o170000;
const S_IFCHR = 0o020000;
const EBADF = 9;

export class Streams {
  readonly stdin: number;
  readonly stdout: number;
  readonly stderr: number;
  /** Every open stream, most recent first (glibc's _IO_list_all chain). */
  readonly open: number[] = [];
  private readonly memory: AddressSpace;
  private readonly view: DataView;
  /** The shared vtable pointer value of Miros's FILEs (programs only compare it). */
  private readonly vtable: number;

  constructor(private readonly libc: LibcProcess) {
    this.memory = libc.memory;
    this.view = libc.memory.view;
    this.vtable = libc.data.allocate(8 * 24, 16);
    this.stdin = this.create(0, FileFlag.NO_WRITES);
    this.stdout = this.create(1, FileFlag.NO_READS);
    this.stderr = this.create(2, FileFlag.NO_READS | FileFlag.UNBUFFERED);
  }

  private get(fp: number, field: number): number {
    return this.view.getUint32(fp + field, true);
  }

  private set(fp: number, field: number, value: number): void {
    this.view.setUint32(fp + field, value, true);
    this.view.setUint32(fp + field + 4, 0, true);
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

  // ---- buffers ----

  /** _IO_file_doallocate: picks the buffer size and line buffering from fstat, allocates it. */
  private allocateBuffer(fp: number): void {
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

  private setBuffer(fp: number, base: number, end: number): void {
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

  /** Writes guest bytes [from, from+length) to the stream's descriptor; returns bytes written or -1. */
  private writeOut(fp: number, from: number, length: number): number {
    const fd = this.fileno(fp);
    let done = 0;
    while (done < length) {
      const n = this.libc.sys(Sys.write, fd, from + done, length - done);
      if (n < 0) {
        this.libc.errno = -n;
        this.setFlags(fp, this.flags(fp) | FileFlag.ERR_SEEN);
        return -1;
      }
      done += n;
    }
    return done;
  }

  /** _IO_do_write of the pending buffer contents; resets the pointers. 0, or EOF on error. */
  private flushBuffer(fp: number): number {
    const base = this.get(fp, FILE_WRITE_BASE);
    const pending = this.get(fp, FILE_WRITE_PTR) - base;
    const result = pending > 0 ? this.writeOut(fp, base, pending) : 0;
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

  /** __overflow(fp, ch): _IO_new_file_overflow. Returns ch as unsigned char, or EOF. */
  overflow(fp: number, ch: number): number {
    if (!this.checkWritable(fp)) return EOF;
    if (ch === EOF) return this.flushBuffer(fp);
    if (this.get(fp, FILE_WRITE_PTR) === this.get(fp, FILE_BUF_END) && this.flushBuffer(fp) === EOF) return EOF;
    const ptr = this.get(fp, FILE_WRITE_PTR);
    this.memory.bytes[ptr] = ch & 0xff;
    this.set(fp, FILE_WRITE_PTR, ptr + 1);
    const flags = this.flags(fp);
    if (flags & FileFlag.UNBUFFERED || (flags & FileFlag.LINE_BUF && (ch & 0xff) === 10)) {
      if (this.flushBuffer(fp) === EOF) return EOF;
    }
    return ch & 0xff;
  }

  /** putc_unlocked: the inline fast path, else __overflow. */
  putc(fp: number, ch: number): number {
    const ptr = this.get(fp, FILE_WRITE_PTR);
    if (ptr < this.get(fp, FILE_WRITE_END)) {
      this.memory.write8(ptr, ch & 0xff);
      this.set(fp, FILE_WRITE_PTR, ptr + 1);
      return ch & 0xff;
    }
    return this.overflow(fp, ch);
  }

  /**
   * _IO_sputn of host bytes (printf output, puts' string): returns the count written, or fewer
   * on error (EOF when nothing could be).
   */
  write(fp: number, data: Uint8Array, start: number, end: number): number {
    const n = end - start;
    if (n <= 0) return 0;
    if (!this.checkWritable(fp)) return EOF;
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
      if (this.flushBuffer(fp) === EOF) return toDo === n ? EOF : n - toDo;
      const blockSize = bufEnd - this.get(fp, FILE_BUF_BASE);
      const direct = toDo - (blockSize >= 128 ? toDo % blockSize : 0);
      if (direct > 0) {
        const written = this.writeHostBytes(fp, data.subarray(s, s + direct));
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
        if (this.overflow(fp, data[s]!) === EOF) break;
        s++;
        toDo--;
      }
    }
    return n - toDo;
  }

  /** Writes host bytes straight to the descriptor (through the stream's buffer memory). */
  private writeHostBytes(fp: number, data: Uint8Array): number {
    const base = this.get(fp, FILE_BUF_BASE);
    const size = Math.max(this.get(fp, FILE_BUF_END) - base, 1);
    let done = 0;
    while (done < data.length) {
      const chunk = Math.min(size, data.length - done);
      this.memory.bytes.set(data.subarray(done, done + chunk), base);
      const n = this.writeOut(fp, base, chunk);
      if (n < 0) return done;
      done += chunk;
    }
    return done;
  }

  /** fflush(fp): 0 or EOF. */
  flush(fp: number): number {
    const flags = this.flags(fp);
    if ((flags & FileFlag.CURRENTLY_PUTTING) === 0) return 0;
    if (this.get(fp, FILE_WRITE_PTR) > this.get(fp, FILE_WRITE_BASE)) return this.overflow(fp, EOF);
    return 0;
  }

  /** fflush(NULL) and exit's _IO_cleanup: every stream with pending output. */
  flushAll(): number {
    let result = 0;
    for (const fp of this.open) if (this.flush(fp) === EOF) result = EOF;
    return result;
  }
}
