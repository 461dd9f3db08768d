// The stdio output functions and the printf family, bound to the streams (./streams.ts) and the
// libc-core printf engine (./format/printf.ts). printf to a FILE formats into a host buffer and
// hands it to the stream in one _IO_sputn, as glibc's buffered vfprintf does (so an unbuffered
// stderr gets one write per call, as glibc's helper buffer gives it).

import { Fcntl, O_ACCMODE, OpenFlag } from '../../kernel/abi/flags.ts';
import { Errno, errnoMessage } from '../../kernel/errno.ts';
import type { CallFrame } from '../abi/call-frame.ts';
import type { HostGenerator } from '../abi/host-region.ts';
import { RegisterVarArgs, VaListArgs } from '../abi/var-args.ts';
import type { FunctionTable, ObjectTable } from '../exports/binding-types.ts';
import { checkRead, cString, cStringLength, storePointer } from '../runtime/guest-access.ts';
import { Sys } from '../runtime/kernel-call.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { ProcessState, recreatedInChild } from '../runtime/process-states.ts';
import { FILE_MODE, FileFlag } from './file-layout.ts';
import { FormatFatalError, type VarArgs } from './format/format-io.ts';
import { formatPrintf, type PrintfOptions } from './format/printf.ts';
import { CollectingSink, GuestBufferSink, GuestFormatEnvironment } from './format-environment.ts';
import { runIo, runStreamIo, type StreamIo, waitingCall } from './stream-io.ts';
import { EOF } from './streams.ts';

const INT_MAX = 0x7fffffff;

/** Per-process printf state: the environment and reusable sinks/argument readers. */
class PrintfState {
  readonly env: GuestFormatEnvironment;
  readonly collect = new CollectingSink();
  readonly buffer: GuestBufferSink;
  readonly registerArgs = new RegisterVarArgs();
  readonly vaListArgs: VaListArgs;

  constructor(libc: LibcProcess) {
    this.env = new GuestFormatEnvironment(libc);
    this.buffer = new GuestBufferSink(libc.memory);
    this.vaListArgs = new VaListArgs(libc.memory);
  }
}

const states = new ProcessState<PrintfState>(
  'stdio/stdio-functions states',
  recreatedInChild,
  (libc) => new PrintfState(libc),
);

/** The last process asked about and its state: a WeakMap lookup costs more than the rest of a short snprintf's set-up. */
let lastProcess: LibcProcess | null = null;
let lastState: PrintfState | null = null;

function stateOf(libc: LibcProcess): PrintfState {
  if (libc === lastProcess) return lastState!;
  const state = states.of(libc);
  lastProcess = libc;
  lastState = state;
  return state;
}

/**
 * Runs a printf engine call; a fortify check it fails (FormatFatalError) ends the process with
 * glibc's __libc_fatal message, as glibc's vfprintf does.
 */
export function abortOnFortifyFailure<T>(libc: LibcProcess, format: () => T): T {
  try {
    return format();
  } catch (error) {
    if (error instanceof FormatFatalError) libc.fatal(`*** ${error.message} ***: terminated\n`);
    throw error;
  }
}

/** The _chk variants (narrow and wide): flag > 0 turns on glibc's fortify checks (%n in writable formats…). */
export function fortifyOptions(libc: LibcProcess, flag: number, format: number): PrintfOptions | undefined {
  if (flag <= 0) return undefined;
  return {
    fortify: true,
    formatIsReadOnly: () => {
      const mapping = libc.memory.mappingAt(format);
      return mapping !== undefined && (mapping.prot & 2) === 0;
    },
  };
}

/** Formats into the collecting sink; returns the engine's count or -1. */
function formatToHost(libc: LibcProcess, format: number, args: VarArgs, options?: PrintfOptions): number {
  const state = stateOf(libc);
  const memory = libc.memory;
  const length = cStringLength(memory, format);
  const formatBytes = memory.bytes.subarray(format, format + length + 1);
  state.collect.reset();
  return abortOnFortifyFailure(libc, () => formatPrintf(formatBytes, 0, args, state.env, state.collect, options));
}

/**
 * vfprintf: format, then one write to the stream — at once when the output fits in the buffer,
 * else as a stream operation that may wait (./stream-io.ts), on a copy of the output (the
 * collecting sink is the process's, and another thread may print while this one waits).
 */
function printToStream(
  libc: LibcProcess,
  fp: number,
  format: number,
  args: VarArgs,
  options?: PrintfOptions,
): number | HostGenerator {
  const streams = libc.streams;
  if (streams.flags(fp) & FileFlag.NO_WRITES) {
    streams.setFlags(fp, streams.flags(fp) | FileFlag.ERR_SEEN);
    libc.errno = 9;
    return -1;
  }
  if (!streams.orientNarrow(fp)) return -1;
  const count = formatToHost(libc, format, args, options);
  const collected = stateOf(libc).collect;
  if (collected.length === 0 || streams.writeBuffered(fp, collected.bytes, 0, collected.length)) return count;
  return runStreamIo(libc, fp, writeAll(libc, fp, collected.bytes.slice(0, collected.length), count));
}

/** Writes all of `data` to the stream: `result`, or -1 when not all of it could be written. */
function* writeAll(libc: LibcProcess, fp: number, data: Uint8Array, result: number): StreamIo {
  const written = yield* libc.streams.write(fp, data, 0, data.length);
  return written < data.length ? -1 : result;
}

/** vsnprintf into guest memory: stores at most size-1 bytes and the NUL; returns the full length. */
function printToBuffer(
  libc: LibcProcess,
  destination: number,
  size: number,
  format: number,
  args: VarArgs,
  options?: PrintfOptions,
): number {
  const state = stateOf(libc);
  const memory = libc.memory;
  const length = cStringLength(memory, format);
  const formatBytes = memory.bytes.subarray(format, format + length + 1);
  const sink = state.buffer.start(destination, size > 0 ? size - 1 : 0);
  const count = abortOnFortifyFailure(libc, () => formatPrintf(formatBytes, 0, args, state.env, sink, options));
  if (size > 0) memory.write8(destination + sink.stored, 0);
  return count;
}

function registerArgs(libc: LibcProcess, f: CallFrame, fixed: number): VarArgs {
  return stateOf(libc).registerArgs.start(f, fixed);
}

function vaList(libc: LibcProcess, address: number): VarArgs {
  return stateOf(libc).vaListArgs.start(address);
}

/** The current stdout FILE (the variable may have been reassigned or copied). */
export function currentStdout(libc: LibcProcess): number {
  return currentStream(libc, 'stdout', libc.streams.stdout);
}

export function currentStream(libc: LibcProcess, name: string, fallback: number): number {
  const cell = libc.currentObject(name);
  if (cell === undefined) return fallback;
  return libc.memory.view.getUint32(cell, true);
}

function fortifyOverflow(libc: LibcProcess): never {
  libc.fatal('*** buffer overflow detected ***: terminated\n');
}

/**
 * puts and fputs: at once when the string (and puts' newline) fit in the buffer without a
 * flush, else as a stream operation that may wait.
 */
function putsOf(libc: LibcProcess, fp: number, string: number, newline: boolean): number | HostGenerator {
  const streams = libc.streams;
  const bytes = libc.memory.bytes;
  const length = cStringLength(libc.memory, string);
  if (streams.orientNarrow(fp) && length > 0 && streams.writeBuffered(fp, bytes, string, string + length)) {
    if (!newline) return 1;
    const total = Math.min(INT_MAX, length + 1);
    if (streams.putInBuffer(fp, 10)) return total;
    return runStreamIo(libc, fp, putNewline(libc, fp, total));
  }
  return runStreamIo(libc, fp, putsImpl(libc, fp, string, newline));
}

function* putNewline(libc: LibcProcess, fp: number, result: number): StreamIo {
  return (yield* libc.streams.putOverflow(fp, 10)) === EOF ? EOF : result;
}

function* putsImpl(libc: LibcProcess, fp: number, string: number, newline: boolean): StreamIo {
  const memory = libc.memory;
  const length = cStringLength(memory, string);
  const streams = libc.streams;
  if (!streams.orientNarrow(fp)) return EOF;
  const data = memory.bytes.slice(string, string + length);
  if ((yield* streams.write(fp, data, 0, length)) !== length) return EOF;
  if (newline) {
    if ((yield* streams.putc(fp, 10)) === EOF) return EOF;
    return Math.min(INT_MAX, length + 1);
  }
  return 1;
}

function* fwriteImpl(libc: LibcProcess, buffer: number, size: number, count: number, fp: number): StreamIo {
  const total = size * count;
  if (total === 0) return 0;
  checkRead(libc.memory, buffer, total);
  if (!libc.streams.orientNarrow(fp)) return 0;
  const data = libc.memory.bytes.slice(buffer, buffer + total);
  const written = yield* libc.streams.write(fp, data, 0, total);
  if (written === total) return count;
  return written < 0 ? 0 : Math.floor(written / size);
}

/**
 * fflush: every stream for NULL; otherwise the stream's pending output, and for an
 * open_memstream stream the buffer and size published to the caller's variables (its sync).
 */
function* flushStream(libc: LibcProcess, fp: number): StreamIo {
  if (fp === 0) return yield* libc.streams.flushAll();
  const result = yield* libc.streams.flush(fp);
  libc.streams.backendOf(fp)?.sync?.();
  return result;
}

/** fflush: one stream under its lock when it must wait (runStreamIo); fflush(NULL) takes no lock. */
function flush(libc: LibcProcess, fp: number): number | HostGenerator {
  return fp === 0 ? runIo(flushStream(libc, 0)) : runStreamIo(libc, fp, flushStream(libc, fp));
}

/** putc and its names: the inline fast path, else __overflow as a stream operation. */
function putc(libc: LibcProcess, fp: number, ch: number): number | HostGenerator {
  return libc.streams.putInBuffer(fp, ch) ? ch & 0xff : runStreamIo(libc, fp, libc.streams.putOverflow(fp, ch));
}

export const STDIO_OUTPUT_FUNCTIONS: FunctionTable = {
  puts: (f, libc) => putsOf(libc, currentStdout(libc), f.ptr(0), true),
  fputs: (f, libc) => putsOf(libc, f.ptr(1), f.ptr(0), false),
  fputs_unlocked: (f, libc) => putsOf(libc, f.ptr(1), f.ptr(0), false),
  putchar: (f, libc) => putc(libc, currentStdout(libc), f.int(0)),
  putchar_unlocked: (f, libc) => putc(libc, currentStdout(libc), f.int(0)),
  fputc: (f, libc) => putc(libc, f.ptr(1), f.int(0)),
  putc: (f, libc) => putc(libc, f.ptr(1), f.int(0)),
  fputc_unlocked: (f, libc) => putc(libc, f.ptr(1), f.int(0)),
  putc_unlocked: (f, libc) => putc(libc, f.ptr(1), f.int(0)),
  __overflow: (f, libc) => runStreamIo(libc, f.ptr(0), libc.streams.putOverflow(f.ptr(0), f.int(1))),
  fwrite: (f, libc) => runStreamIo(libc, f.ptr(3), fwriteImpl(libc, f.ptr(0), f.ulong(1), f.ulong(2), f.ptr(3))),
  fwrite_unlocked: (f, libc) =>
    runStreamIo(libc, f.ptr(3), fwriteImpl(libc, f.ptr(0), f.ulong(1), f.ulong(2), f.ptr(3))),
  fflush: (f, libc) => flush(libc, f.ptr(0)),
  fflush_unlocked: (f, libc) => flush(libc, f.ptr(0)),
  fileno: (f, libc) => {
    // A closed stream (-1) and a memory stream (glibc's cookie files keep -2) have none.
    const fd = libc.streams.fileno(f.ptr(0));
    if (fd >= 0) return fd;
    libc.errno = 9;
    return -1;
  },
  ferror: (f, libc) => (libc.streams.flags(f.ptr(0)) & FileFlag.ERR_SEEN ? 1 : 0),
  feof: (f, libc) => (libc.streams.flags(f.ptr(0)) & FileFlag.EOF_SEEN ? 1 : 0),
  clearerr: (f, libc) => {
    const fp = f.ptr(0);
    libc.streams.setFlags(fp, libc.streams.flags(fp) & ~(FileFlag.ERR_SEEN | FileFlag.EOF_SEEN));
    return undefined;
  },

  perror: (f, libc) => {
    // glibc: "s: message\n" (or just the message). While stderr has no orientation yet, glibc
    // writes through a FILE fdopen'ed "w+" on a dup of its descriptor, leaving stderr unoriented;
    // when that fails (a write-only stderr: EINVAL; a closed one: EBADF) it writes to stderr itself,
    // which orients it, and the failure's errno is what the caller sees afterwards.
    const errno = libc.errno;
    const s = f.ptr(0);
    const prefix = s !== 0 && libc.memory.bytes[s] !== 0 ? `${cString(libc.memory, s)}: ` : '';
    const text = Buffer.from(`${prefix}${errnoMessage(errno)}\n`, 'latin1');
    const stderr = currentStream(libc, 'stderr', libc.streams.stderr);
    let errnoAfter = errno;
    let orient = true;
    if (libc.memory.view.getInt32(stderr + FILE_MODE, true) === 0) {
      const fd = libc.streams.fileno(stderr);
      const fdFlags = fd === -1 ? -Errno.EBADF : libc.sys(Sys.fcntl, fd, Fcntl.GETFL);
      if (fdFlags >= 0 && (fdFlags & O_ACCMODE) === OpenFlag.RDWR) orient = false;
      else if (fd !== -1) errnoAfter = fdFlags < 0 ? -fdFlags : Errno.EINVAL;
    }
    if (orient) libc.streams.orientNarrow(stderr);
    return runStreamIo(libc, stderr, perrorWrite(libc, stderr, text, errnoAfter));
  },
  printf: (f, libc) => printToStream(libc, currentStdout(libc), f.ptr(0), registerArgs(libc, f, 1)),
  fprintf: (f, libc) => printToStream(libc, f.ptr(0), f.ptr(1), registerArgs(libc, f, 2)),
  vprintf: (f, libc) => printToStream(libc, currentStdout(libc), f.ptr(0), vaList(libc, f.ptr(1))),
  vfprintf: (f, libc) => printToStream(libc, f.ptr(0), f.ptr(1), vaList(libc, f.ptr(2))),
  __printf_chk: (f, libc) =>
    printToStream(
      libc,
      currentStdout(libc),
      f.ptr(1),
      registerArgs(libc, f, 2),
      fortifyOptions(libc, f.int(0), f.ptr(1)),
    ),
  __fprintf_chk: (f, libc) =>
    printToStream(libc, f.ptr(0), f.ptr(2), registerArgs(libc, f, 3), fortifyOptions(libc, f.int(1), f.ptr(2))),
  __vprintf_chk: (f, libc) =>
    printToStream(
      libc,
      currentStdout(libc),
      f.ptr(1),
      vaList(libc, f.ptr(2)),
      fortifyOptions(libc, f.int(0), f.ptr(1)),
    ),
  __vfprintf_chk: (f, libc) =>
    printToStream(libc, f.ptr(0), f.ptr(2), vaList(libc, f.ptr(3)), fortifyOptions(libc, f.int(1), f.ptr(2))),

  sprintf: (f, libc) => printToBuffer(libc, f.ptr(0), INT_MAX, f.ptr(1), registerArgs(libc, f, 2)),
  vsprintf: (f, libc) => printToBuffer(libc, f.ptr(0), INT_MAX, f.ptr(1), vaList(libc, f.ptr(2))),
  snprintf: (f, libc) => printToBuffer(libc, f.ptr(0), f.ulong(1), f.ptr(2), registerArgs(libc, f, 3)),
  vsnprintf: (f, libc) => printToBuffer(libc, f.ptr(0), f.ulong(1), f.ptr(2), vaList(libc, f.ptr(3))),
  __sprintf_chk: (f, libc) => {
    const size = f.ulong(2);
    const count = printToBuffer(
      libc,
      f.ptr(0),
      size,
      f.ptr(3),
      registerArgs(libc, f, 4),
      fortifyOptions(libc, f.int(1), f.ptr(3)),
    );
    if (count >= size) fortifyOverflow(libc);
    return count;
  },
  __vsprintf_chk: (f, libc) => {
    const size = f.ulong(2);
    const count = printToBuffer(
      libc,
      f.ptr(0),
      size,
      f.ptr(3),
      vaList(libc, f.ptr(4)),
      fortifyOptions(libc, f.int(1), f.ptr(3)),
    );
    if (count >= size) fortifyOverflow(libc);
    return count;
  },
  __snprintf_chk: (f, libc) => {
    if (f.ulong(3) < f.ulong(1)) fortifyOverflow(libc);
    return printToBuffer(
      libc,
      f.ptr(0),
      f.ulong(1),
      f.ptr(4),
      registerArgs(libc, f, 5),
      fortifyOptions(libc, f.int(2), f.ptr(4)),
    );
  },
  __vsnprintf_chk: (f, libc) => {
    if (f.ulong(3) < f.ulong(1)) fortifyOverflow(libc);
    return printToBuffer(
      libc,
      f.ptr(0),
      f.ulong(1),
      f.ptr(4),
      vaList(libc, f.ptr(5)),
      fortifyOptions(libc, f.int(2), f.ptr(4)),
    );
  },
  dprintf: (f, libc) => printToFd(libc, f.int(0), f.ptr(1), registerArgs(libc, f, 2)),
  vdprintf: (f, libc) => printToFd(libc, f.int(0), f.ptr(1), vaList(libc, f.ptr(2))),
  asprintf: (f, libc) => printToAllocated(libc, f.ptr(0), f.ptr(1), registerArgs(libc, f, 2)),
  __asprintf_chk: (f, libc) =>
    printToAllocated(libc, f.ptr(0), f.ptr(2), registerArgs(libc, f, 3), fortifyOptions(libc, f.int(1), f.ptr(2))),
  __vasprintf_chk: (f, libc) =>
    printToAllocated(libc, f.ptr(0), f.ptr(2), vaList(libc, f.ptr(3)), fortifyOptions(libc, f.int(1), f.ptr(2))),
  __dprintf_chk: (f, libc) =>
    printToFd(libc, f.int(0), f.ptr(2), registerArgs(libc, f, 3), fortifyOptions(libc, f.int(1), f.ptr(2))),
  __vdprintf_chk: (f, libc) =>
    printToFd(libc, f.int(0), f.ptr(2), vaList(libc, f.ptr(3)), fortifyOptions(libc, f.int(1), f.ptr(2))),
  vasprintf: (f, libc) => printToAllocated(libc, f.ptr(0), f.ptr(1), vaList(libc, f.ptr(2))),
};

/** perror's write, then the errno the caller sees; perror returns nothing. */
function* perrorWrite(libc: LibcProcess, stderr: number, text: Uint8Array, errnoAfter: number): StreamIo {
  yield* libc.streams.write(stderr, text, 0, text.length);
  libc.errno = errnoAfter;
  return 0;
}

/** dprintf: format, then write(2) until all is written; a write may wait (./stream-io.ts). */
function printToFd(
  libc: LibcProcess,
  fd: number,
  format: number,
  args: VarArgs,
  options?: PrintfOptions,
): number | HostGenerator {
  const count = formatToHost(libc, format, args, options);
  if (count < 0) return count;
  return runIo(writeFormatted(libc, fd, count));
}

function* writeFormatted(libc: LibcProcess, fd: number, count: number): StreamIo {
  const collected = stateOf(libc).collect;
  const data = collected.bytes.subarray(0, collected.length);
  const buffer = libc.heap.allocate(Math.max(data.length, 1));
  libc.memory.bytes.set(data, buffer);
  let done = 0;
  while (done < data.length) {
    const n = yield* waitingCall(libc, Sys.write, fd, buffer + done, data.length - done);
    if (n < 0) {
      libc.heap.release(buffer);
      libc.errno = -n;
      return -1;
    }
    done += n;
  }
  libc.heap.release(buffer);
  return count;
}

function printToAllocated(
  libc: LibcProcess,
  result: number,
  format: number,
  args: VarArgs,
  options?: PrintfOptions,
): number {
  const count = formatToHost(libc, format, args, options);
  if (count < 0) return count;
  const collected = stateOf(libc).collect;
  const buffer = libc.heap.allocate(collected.length + 1);
  if (buffer === 0) {
    libc.errno = 12;
    return -1;
  }
  libc.memory.bytes.set(collected.bytes.subarray(0, collected.length), buffer);
  libc.memory.bytes[buffer + collected.length] = 0;
  storePointer(libc.memory, result, buffer);
  return count;
}

/** A FILE* variable (stdin/stdout/stderr) initialised to point at its stream. */
function streamVariable(libc: LibcProcess, name: string, stream: number): number {
  return libc.objectAddress(name, () => {
    const cell = libc.data.allocate(8, 8);
    libc.memory.view.setUint32(cell, stream, true);
    return cell;
  });
}

export const STDIO_OBJECTS: ObjectTable = {
  stdin: (libc) => streamVariable(libc, 'stdin', libc.streams.stdin),
  stdout: (libc) => streamVariable(libc, 'stdout', libc.streams.stdout),
  stderr: (libc) => streamVariable(libc, 'stderr', libc.streams.stderr),
  _IO_2_1_stdin_: (libc) => libc.streams.stdin,
  _IO_2_1_stdout_: (libc) => libc.streams.stdout,
  _IO_2_1_stderr_: (libc) => libc.streams.stderr,
};
