// read, write and their vector and positional forms, lseek, sendfile, copy_file_range.

import { BLOCKED } from '../blocking.ts';
import { Errno, fail } from '../errno.ts';
import type { OpenFile } from '../fs/open-file.ts';
import {
  checkReadable,
  checkWritable,
  readablePrefix,
  readBytes,
  readI64,
  writablePrefix,
  writeI64,
} from '../guest-memory.ts';
import type { Thread } from '../thread.ts';
import { fileOf, MAX_RW_COUNT, sizeArgument, userBufferLength } from './common.ts';

/** Linux's UIO_MAXIOV. */
const IOV_MAX = 1024;

function readable(thread: Thread, fd: number): OpenFile {
  const file = fileOf(thread, fd);
  if (!file.readable) fail(Errno.EBADF);
  return file;
}

function writable(thread: Thread, fd: number): OpenFile {
  const file = fileOf(thread, fd);
  if (!file.writable) fail(Errno.EBADF);
  return file;
}

export function sysRead(thread: Thread, fd: number, buffer: number, count: number): number {
  const file = readable(thread, fd);
  const length = userBufferLength(buffer, count);
  const memory = thread.process.memory;
  return file.read(thread, memory.bytes, buffer, writablePrefix(memory, buffer, length));
}

export function sysWrite(thread: Thread, fd: number, buffer: number, count: number): number {
  const file = writable(thread, fd);
  const length = userBufferLength(buffer, count);
  const memory = thread.process.memory;
  return file.write(thread, memory.bytes, buffer, readablePrefix(memory, buffer, length));
}

function checkPosition(position: number): void {
  if (position < 0) fail(Errno.EINVAL);
}

export function sysPread64(thread: Thread, fd: number, buffer: number, count: number, position: number): number {
  const file = readable(thread, fd);
  checkPosition(position);
  const length = userBufferLength(buffer, count);
  const memory = thread.process.memory;
  return file.pread(thread, memory.bytes, buffer, writablePrefix(memory, buffer, length), position);
}

export function sysPwrite64(thread: Thread, fd: number, buffer: number, count: number, position: number): number {
  const file = writable(thread, fd);
  checkPosition(position);
  const length = userBufferLength(buffer, count);
  const memory = thread.process.memory;
  return file.pwrite(thread, memory.bytes, buffer, readablePrefix(memory, buffer, length), position);
}

interface IoVector {
  base: number;
  length: number;
}

/** Reads an iovec array; EINVAL for too many entries or a negative length. */
function readIoVectors(thread: Thread, address: number, count: number): IoVector[] {
  const n = count | 0;
  if (n < 0 || n > IOV_MAX) fail(Errno.EINVAL);
  if (n === 0) return [];
  const data = readBytes(thread.process.memory, address, n * 16);
  const view = new DataView(data.buffer);
  const vectors: IoVector[] = [];
  let total = 0;
  for (let i = 0; i < n; i++) {
    const base = view.getUint32(i * 16, true) + view.getUint32(i * 16 + 4, true) * 4294967296;
    const lengthHigh = view.getInt32(i * 16 + 12, true);
    if (lengthHigh < 0) fail(Errno.EINVAL);
    let length = view.getUint32(i * 16 + 8, true) + lengthHigh * 4294967296;
    // The total is capped at MAX_RW_COUNT, shortening the vector where it crosses it.
    length = Math.min(length, MAX_RW_COUNT - total);
    total += length;
    vectors.push({ base, length });
  }
  return vectors;
}

/** Moves data through each vector in turn, stopping at the first short transfer. */
function transferVectors(
  thread: Thread,
  vectors: IoVector[],
  reading: boolean,
  transfer: (base: number, length: number, done: number) => number,
): number {
  const memory = thread.process.memory;
  for (const v of vectors) {
    if (reading) checkWritable(memory, v.base, v.length);
    else checkReadable(memory, v.base, v.length);
  }
  let done = 0;
  for (const v of vectors) {
    if (v.length === 0) continue;
    const n = transfer(v.base, v.length, done);
    if (n === BLOCKED) {
      if (done > 0) return done;
      return BLOCKED;
    }
    done += n;
    if (n < v.length) break;
  }
  return done;
}

function vectorCall(
  thread: Thread,
  fd: number,
  iov: number,
  count: number,
  reading: boolean,
  position: number | undefined,
): number {
  const file = reading ? readable(thread, fd) : writable(thread, fd);
  if (position !== undefined) checkPosition(position);
  const vectors = readIoVectors(thread, iov, count);
  const bytes = thread.process.memory.bytes;
  return transferVectors(thread, vectors, reading, (base, length, done) => {
    if (position === undefined) {
      return reading ? file.read(thread, bytes, base, length) : file.write(thread, bytes, base, length);
    }
    return reading
      ? file.pread(thread, bytes, base, length, position + done)
      : file.pwrite(thread, bytes, base, length, position + done);
  });
}

export function sysReadv(thread: Thread, fd: number, iov: number, count: number): number {
  return vectorCall(thread, fd, iov, count, true, undefined);
}

export function sysWritev(thread: Thread, fd: number, iov: number, count: number): number {
  return vectorCall(thread, fd, iov, count, false, undefined);
}

export function sysPreadv(thread: Thread, fd: number, iov: number, count: number, position: number): number {
  return vectorCall(thread, fd, iov, count, true, position);
}

export function sysPwritev(thread: Thread, fd: number, iov: number, count: number, position: number): number {
  return vectorCall(thread, fd, iov, count, false, position);
}

/** RWF_* flags preadv2/pwritev2 accept. */
const RWF_SUPPORTED = 0x1f;

export function sysPreadv2(
  thread: Thread,
  fd: number,
  iov: number,
  count: number,
  position: number,
  _positionHigh: number,
  flags: number,
): number {
  if ((flags | 0) & ~RWF_SUPPORTED) fail(Errno.EOPNOTSUPP);
  return vectorCall(thread, fd, iov, count, true, position === -1 ? undefined : position);
}

export function sysPwritev2(
  thread: Thread,
  fd: number,
  iov: number,
  count: number,
  position: number,
  _positionHigh: number,
  flags: number,
): number {
  if ((flags | 0) & ~RWF_SUPPORTED) fail(Errno.EOPNOTSUPP);
  return vectorCall(thread, fd, iov, count, false, position === -1 ? undefined : position);
}

/** SEEK_MAX: larger whence values are EINVAL for every file (ksys_lseek). */
const SEEK_HOLE = 4;

export function sysLseek(thread: Thread, fd: number, offset: number, whence: number): number {
  const file = fileOf(thread, fd);
  if (whence >>> 0 > SEEK_HOLE) fail(Errno.EINVAL);
  return file.seek(offset, whence | 0);
}

/** sendfile/copy_file_range move data through a host buffer of this size at a time. */
const CHUNK = 65536;

function copyBetween(
  thread: Thread,
  input: OpenFile,
  output: OpenFile,
  count: number,
  inputPosition: number | undefined,
  outputPosition: number | undefined,
): { copied: number; inputAdvance: number } {
  const buffer = new Uint8Array(Math.min(CHUNK, Math.max(count, 1)));
  let copied = 0;
  while (copied < count) {
    const want = Math.min(buffer.length, count - copied);
    const n =
      inputPosition === undefined
        ? input.read(thread, buffer, 0, want)
        : input.pread(thread, buffer, 0, want, inputPosition + copied);
    if (n === BLOCKED) {
      if (copied > 0) break;
      return { copied: BLOCKED, inputAdvance: 0 };
    }
    if (n <= 0) break;
    let written = 0;
    while (written < n) {
      const w =
        outputPosition === undefined
          ? output.write(thread, buffer, written, n - written)
          : output.pwrite(thread, buffer, written, n - written, outputPosition + copied + written);
      if (w === BLOCKED || w <= 0) return { copied: copied + written, inputAdvance: copied + written };
      written += w;
    }
    copied += n;
    if (n < want) break;
  }
  return { copied, inputAdvance: copied };
}

export function sysSendfile(thread: Thread, outFd: number, inFd: number, offsetPointer: number, count: number): number {
  const input = readable(thread, inFd);
  const output = writable(thread, outFd);
  const length = Math.min(sizeArgument(count), MAX_RW_COUNT);
  const memory = thread.process.memory;
  if (offsetPointer === 0) return copyBetween(thread, input, output, length, undefined, undefined).copied;
  const position = readI64(memory, offsetPointer);
  if (position < 0) fail(Errno.EINVAL);
  const { copied } = copyBetween(thread, input, output, length, position, undefined);
  if (copied !== BLOCKED) writeI64(memory, offsetPointer, position + copied);
  return copied;
}

export function sysCopyFileRange(
  thread: Thread,
  inFd: number,
  inOffsetPointer: number,
  outFd: number,
  outOffsetPointer: number,
  count: number,
  flags: number,
): number {
  if (flags !== 0) fail(Errno.EINVAL);
  const input = readable(thread, inFd);
  const output = writable(thread, outFd);
  if ((input.stat().mode & 0o170000) !== 0o100000 || (output.stat().mode & 0o170000) !== 0o100000) fail(Errno.EINVAL);
  const memory = thread.process.memory;
  const readPosition = (pointer: number): number | undefined => {
    if (pointer === 0) return undefined;
    const value = readI64(memory, pointer);
    if (value < 0) fail(Errno.EINVAL);
    return value;
  };
  const inPosition = readPosition(inOffsetPointer);
  const outPosition = readPosition(outOffsetPointer);
  const length = Math.min(sizeArgument(count), MAX_RW_COUNT);
  // Without explicit positions, the descriptors' own offsets are used and advanced.
  const inStart = inPosition ?? input.seek(0, 1);
  const outStart = outPosition ?? output.seek(0, 1);
  const { copied } = copyBetween(thread, input, output, length, inStart, outStart);
  if (inPosition !== undefined) writeI64(memory, inOffsetPointer, inPosition + copied);
  else input.seek(inStart + copied, 0);
  if (outPosition !== undefined) writeI64(memory, outOffsetPointer, outPosition + copied);
  else output.seek(outStart + copied, 0);
  return copied;
}
