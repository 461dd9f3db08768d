// splice, tee, vmsplice and sync_file_range (Linux's fs/splice.c, fs/sync.c).
//
// splice moves bytes between a pipe and a file (or another pipe) without the caller's memory:
// here through a host buffer. It waits as read and write on the pipe would — for data in the
// input pipe, for room in the output pipe — unless SPLICE_F_NONBLOCK or the pipe's O_NONBLOCK
// says EAGAIN (a FIFO of the host is read and written through its descriptor: bytes read from
// one that the output cannot take are lost, where Linux would keep them in the pipe); a file side with an offset pointer is read or written at that offset (pread,
// pwrite) and the pointer updated, else at the file's position. tee copies from one pipe into
// another and leaves the bytes in the first. vmsplice is writev into (readv out of) a pipe.
// sync_file_range's data has already reached the host: it checks its arguments.

import { OpenFlag, PollEvent, Seek } from '../abi/flags.ts';
import { SI_USER, SIGPIPE } from '../abi/signals.ts';
import { BLOCKED } from '../blocking.ts';
import { Errno, fail } from '../errno.ts';
import type { OpenFile } from '../fs/open-file.ts';
import { PipeEnd } from '../fs/pipe.ts';
import { S_IFBLK, S_IFDIR, S_IFIFO, S_IFLNK, S_IFMT, S_IFREG } from '../fs/stat.ts';
import { StructBuffer } from '../guest-memory.ts';
import type { Thread } from '../thread.ts';
import { MAX_RW_COUNT } from './common.ts';
import { sysReadv, sysWritev } from './io.ts';

const SPLICE_F_NONBLOCK = 2;
const SPLICE_F_ALL = 0xf;
const UIO_MAXIOV = 1024;
const SYNC_FILE_RANGE_ALL = 7;

function descriptor(thread: Thread, fd: number): OpenFile {
  const file = thread.process.fds.lookup(fd | 0);
  if (file === undefined) fail(Errno.EBADF);
  return file;
}

function pipeOf(file: OpenFile): PipeEnd | undefined {
  return file instanceof PipeEnd ? file : undefined;
}

function readOffset(thread: Thread, address: number): number {
  const offset = StructBuffer.read(thread.process.memory, address, 8).getI64(0);
  if (offset < 0) fail(Errno.EINVAL);
  return offset;
}

function writeOffset(thread: Thread, address: number, offset: number): void {
  new StructBuffer(8).u64(0, offset).writeTo(thread.process.memory, address);
}

/** Waits for data in `input` (0 when no writer is left); undefined when there is some. */
function waitForInput(thread: Thread, input: PipeEnd, nonBlocking: boolean): number | undefined {
  if (input.pipe.length > 0) return undefined;
  if (input.pipe.writers === 0) return 0;
  if (nonBlocking) fail(Errno.EAGAIN);
  thread.wait = { kind: 'readable', file: input };
  return BLOCKED;
}

/** Waits for room in `output` (EPIPE and SIGPIPE when no reader is left); undefined when there is. */
function waitForRoom(thread: Thread, output: PipeEnd, nonBlocking: boolean): number | undefined {
  if (output.pipe.readers === 0) {
    thread.sendSignal(SIGPIPE, SI_USER);
    fail(Errno.EPIPE);
  }
  if (output.pipe.space > 0) return undefined;
  if (nonBlocking) fail(Errno.EAGAIN);
  thread.wait = { kind: 'writable', file: output };
  return BLOCKED;
}

/** Whether a descriptor is a pipe: one of the run's, or a FIFO of the host (a host descriptor). */
function isPipe(file: OpenFile): boolean {
  return file instanceof PipeEnd || (file.stat().mode & S_IFMT) === S_IFIFO;
}

/** What one splice moves at most from a file or a host FIFO (a pipe's default capacity). */
const CHUNK = 16 * 4096;

export function sysSplice(
  thread: Thread,
  fdIn: number,
  offsetIn: number,
  fdOut: number,
  offsetOut: number,
  length: number,
  flags: number,
): number {
  if (length === 0) return 0;
  if (flags & ~SPLICE_F_ALL) fail(Errno.EINVAL);
  const input = descriptor(thread, fdIn);
  const output = descriptor(thread, fdOut);
  const inIsPipe = isPipe(input);
  const outIsPipe = isPipe(output);
  if ((inIsPipe && offsetIn !== 0) || (outIsPipe && offsetOut !== 0)) fail(Errno.ESPIPE);
  if (!input.readable || !output.writable) fail(Errno.EBADF);
  if (!inIsPipe && !outIsPipe) fail(Errno.EINVAL);
  const inPipe = pipeOf(input);
  const outPipe = pipeOf(output);
  if (inPipe && outPipe && inPipe.pipe === outPipe.pipe) fail(Errno.EINVAL);
  let limit = Math.min(length, MAX_RW_COUNT);
  // Linux: the input's O_NONBLOCK counts when it is the pipe, the output's when it is.
  const nonBlocking =
    (flags & SPLICE_F_NONBLOCK) !== 0 || (inIsPipe && input.nonBlocking) || (outIsPipe && output.nonBlocking);
  const inPosition = offsetIn === 0 ? undefined : readOffset(thread, offsetIn);
  const outPosition = offsetOut === 0 ? undefined : readOffset(thread, offsetOut);
  if (!outIsPipe && output.flags & OpenFlag.APPEND) fail(Errno.EINVAL);

  // Room in the output first when it is a pipe of the run (nothing is taken from the input before).
  if (outPipe) {
    const waited = waitForRoom(thread, outPipe, nonBlocking);
    if (waited !== undefined) return waited;
    limit = Math.min(limit, outPipe.pipe.space);
  }
  // The bytes: peeked from a pipe of the run (taken once written), read from a host FIFO, or
  // read from a file (given back if the output takes fewer).
  let data: Uint8Array;
  if (inPipe) {
    const waited = waitForInput(thread, inPipe, nonBlocking);
    if (waited !== undefined) return waited;
    data = new Uint8Array(Math.min(limit, inPipe.pipe.length));
    inPipe.pipe.peek(data, 0, data.length);
  } else {
    if (inIsPipe && nonBlocking && !(input.poll(PollEvent.IN) & PollEvent.IN)) fail(Errno.EAGAIN);
    const buffer = new Uint8Array(Math.min(limit, CHUNK));
    const read =
      inPosition === undefined
        ? input.read(thread, buffer, 0, buffer.length)
        : input.pread(thread, buffer, 0, buffer.length, inPosition);
    if (read === BLOCKED) return BLOCKED;
    data = buffer.subarray(0, read);
    if (read === 0) return 0;
  }
  let written: number;
  if (outPipe) {
    outPipe.pipe.put(data, 0, data.length);
    written = data.length;
  } else {
    written =
      outPosition === undefined
        ? output.write(thread, data, 0, data.length)
        : output.pwrite(thread, data, 0, data.length, outPosition);
    if (written === BLOCKED) written = 0;
  }
  // What the output did not take stays in the input.
  if (inPipe) inPipe.pipe.take(new Uint8Array(written), 0, written);
  else if (!inIsPipe && inPosition === undefined && written < data.length) input.seek(written - data.length, Seek.CUR);
  if (inPosition !== undefined) writeOffset(thread, offsetIn, inPosition + written);
  if (outPosition !== undefined) writeOffset(thread, offsetOut, outPosition + written);
  if (written === 0 && data.length > 0 && !outPipe) {
    // The output (a host FIFO) would wait: so does the call, with nothing moved.
    if (nonBlocking) fail(Errno.EAGAIN);
    thread.wait = { kind: 'writable', file: output };
    return BLOCKED;
  }
  return written;
}

export function sysTee(thread: Thread, fdIn: number, fdOut: number, length: number, flags: number): number {
  if (flags & ~SPLICE_F_ALL) fail(Errno.EINVAL);
  if (length === 0) return 0;
  const input = descriptor(thread, fdIn);
  const output = descriptor(thread, fdOut);
  if (!input.readable || !output.writable) fail(Errno.EBADF);
  const inPipe = pipeOf(input);
  const outPipe = pipeOf(output);
  if (inPipe === undefined || outPipe === undefined || inPipe.pipe === outPipe.pipe) fail(Errno.EINVAL);
  const count = Math.min(length, MAX_RW_COUNT);
  if (count === 0) return 0;
  const nonBlocking = (flags & SPLICE_F_NONBLOCK) !== 0;
  const waited = waitForInput(thread, inPipe, nonBlocking) ?? waitForRoom(thread, outPipe, nonBlocking);
  if (waited !== undefined) return waited;
  const data = new Uint8Array(Math.min(count, inPipe.pipe.length, outPipe.pipe.space));
  inPipe.pipe.peek(data, 0, data.length);
  outPipe.pipe.put(data, 0, data.length);
  return data.length;
}

export function sysVmsplice(thread: Thread, fd: number, iov: number, count: number, flags: number): number {
  if (flags & ~SPLICE_F_ALL) fail(Errno.EINVAL);
  const file = descriptor(thread, fd);
  const pipe = pipeOf(file);
  if (pipe === undefined) fail(Errno.EBADF);
  if ((count | 0) < 0 || count > UIO_MAXIOV) fail(Errno.EINVAL);
  if (count === 0) return 0;
  const nonBlocking = (flags & SPLICE_F_NONBLOCK) !== 0;
  if (file.writable) {
    const waited = waitForRoom(thread, pipe, nonBlocking);
    if (waited !== undefined) return waited;
    return sysWritev(thread, fd, iov, count);
  }
  if (!file.readable) fail(Errno.EBADF);
  const waited = waitForInput(thread, pipe, nonBlocking);
  if (waited !== undefined) return waited;
  return sysReadv(thread, fd, iov, count);
}

export function sysSyncFileRange(thread: Thread, fd: number, offset: number, length: number, flags: number): number {
  if (flags & ~SYNC_FILE_RANGE_ALL) fail(Errno.EINVAL);
  if (offset < 0 || length < 0 || offset + length > Number.MAX_SAFE_INTEGER) fail(Errno.EINVAL);
  const file = descriptor(thread, fd);
  const type = file.stat().mode & S_IFMT;
  if (type !== S_IFREG && type !== S_IFBLK && type !== S_IFDIR && type !== S_IFLNK) fail(Errno.ESPIPE);
  return 0;
}
