// fopencookie (glibc 2.36's libio/iofopncook.c): a FILE whose reads, writes, seeks and close are
// the program's functions, called with its cookie. The stream is an ordinary buffered stream
// with no descriptor (fileno is -2, EBADF), so the functions see whole buffers, as glibc's: a read
// refills the buffer, a write flushes it. Its mode is fopen's first letter ('r', 'w', 'a') and an
// optional '+' (after an optional 'b'); anything else is EINVAL.
//
// The functions are guest code and may block or switch threads, so each call is a step of the
// stream operation's generator (a GuestCall the host-call bridge makes, ./stream-io.ts), never a
// nested run. What glibc's _IO_cookie_* do around them:
//   read:  no function → -1 (the stream's error flag); else its ssize_t result.
//   write: no function → the error flag and 0; a short count marks the error flag; a negative
//          count is 0 written.
//   seek:  no function → -1; else the function gets a pointer to the 64-bit offset, which it
//          updates: -1 fails, else the updated offset is the new position.
//   close: no function → 0; else its int result.
// A function that fails sets errno itself; the streams code gets -errno back, as from the kernel.
import { Errno } from '../../kernel/errno.ts';
import type { CallFrame } from '../abi/call-frame.ts';
import { guestCall } from '../abi/host-region.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { checkRead, loadPointer } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { newFile } from './file-functions.ts';
import { FileFlag } from './file-layout.ts';
import type { StreamIo } from './stream-io.ts';

/** glibc's cookie files keep this in _fileno. */
const NO_DESCRIPTOR = -2;

/** A backend whose operations are guest calls: each returns a StreamIo the stream operation runs with yield*. */
export interface GuestStreamBackend {
  readonly guestCalls: true;
  read(to: number, length: number): StreamIo;
  write(from: number, length: number): StreamIo;
  /** The new position, or -errno. */
  seek(offset: number, whence: number): StreamIo;
  close(): StreamIo;
}

/** The signed 64-bit value of a guest call's rax (ssize_t, off64_t). */
function signed64(value: number): number {
  return value >= 2 ** 63 ? value - 2 ** 64 : value;
}

export class CookieBackend implements GuestStreamBackend {
  readonly guestCalls = true;

  constructor(
    private readonly libc: LibcProcess,
    private readonly cookie: number,
    private readonly readFunction: number,
    private readonly writeFunction: number,
    private readonly seekFunction: number,
    private readonly closeFunction: number,
  ) {}

  /**
   * -errno of a function that failed (it set errno), as the streams code expects of the kernel;
   * glibc leaves errno alone when a function is missing, which is the same unless errno is 0
   * (then EIO, since 0 would read as end of file).
   */
  private failure(): number {
    return -(this.libc.errno || Errno.EIO);
  }

  *read(to: number, length: number): StreamIo {
    if (this.readFunction === 0) return this.failure();
    const n = signed64(yield guestCall(this.readFunction, [this.cookie, to, length], 'fopencookie read function'));
    return n < 0 ? this.failure() : n;
  }

  *write(from: number, length: number): StreamIo {
    if (this.writeFunction === 0) return 0;
    const n = signed64(yield guestCall(this.writeFunction, [this.cookie, from, length], 'fopencookie write function'));
    return n > 0 ? n : 0;
  }

  *seek(offset: number, whence: number): StreamIo {
    if (this.seekFunction === 0) return this.failure();
    const memory = this.libc.memory;
    const position = this.libc.heap.allocate(8);
    if (position === 0) return -Errno.ENOMEM;
    try {
      memory.view.setBigInt64(position, BigInt(offset), true);
      const result =
        (yield guestCall(this.seekFunction, [this.cookie, position, whence], 'fopencookie seek function')) | 0;
      if (result === -1) return this.failure();
      return Number(memory.view.getBigInt64(position, true));
    } finally {
      this.libc.heap.release(position);
    }
  }

  *close(): StreamIo {
    if (this.closeFunction === 0) return 0;
    const result = (yield guestCall(this.closeFunction, [this.cookie], 'fopencookie close function')) | 0;
    return result < 0 ? this.failure() : result;
  }
}

/**
 * fopencookie's mode (and fmemopen's, which glibc opens through fopencookie): 'r', 'w' or 'a',
 * then '+' or "b+" for reading and writing; undefined (EINVAL) otherwise.
 */
export function cookieMode(libc: LibcProcess, mode: number): number | undefined {
  checkRead(libc.memory, mode, 1);
  const bytes = libc.memory.bytes;
  let readWrite: number;
  switch (bytes[mode]) {
    case 0x72:
      readWrite = FileFlag.NO_WRITES;
      break;
    case 0x77:
      readWrite = FileFlag.NO_READS;
      break;
    case 0x61:
      readWrite = FileFlag.NO_READS | FileFlag.IS_APPENDING;
      break;
    default:
      return undefined;
  }
  if (bytes[mode + 1] === 0x2b || (bytes[mode + 1] === 0x62 && bytes[mode + 2] === 0x2b))
    readWrite &= FileFlag.IS_APPENDING;
  return readWrite;
}

/** fopencookie(cookie, mode, functions): the cookie_io_functions_t (four pointers) is passed by value, in memory above the return address. */
function fopencookie(f: CallFrame, libc: LibcProcess): number {
  const cookie = f.ptr(0);
  const mode = f.ptr(1);
  const functions = f.sp + 8;
  const memory = libc.memory;
  checkRead(memory, functions, 32);
  const readWrite = cookieMode(libc, mode);
  if (readWrite === undefined) {
    libc.errno = Errno.EINVAL;
    return 0;
  }
  const fp = newFile(libc, NO_DESCRIPTOR, readWrite);
  if (fp === 0) {
    libc.errno = Errno.ENOMEM;
    return 0;
  }
  const pointer = (i: number): number => loadPointer(memory, functions + 8 * i);
  libc.streams.attachGuestBackend(fp, new CookieBackend(libc, cookie, pointer(0), pointer(1), pointer(2), pointer(3)));
  return fp;
}

export const COOKIE_STREAM_FUNCTIONS: FunctionTable = {
  fopencookie,
};
