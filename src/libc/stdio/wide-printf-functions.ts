// The wide printf family (swprintf, vswprintf, fwprintf, vfwprintf, wprintf, vwprintf and their
// _chk forms) on the printf engine in wide mode (./format/printf.ts formatWidePrintf): the format
// and the output are wchar_t, so widths, precisions, %n and the result count wide characters.
//
// swprintf stores into a wchar_t buffer as glibc 2.36's vswprintf: at most n-1 characters; output
// that does not fit makes it return -1 and leaves the buffer without a terminating NUL (errno
// untouched); n = 0 returns -1 at once. The stream forms orient the stream to wide (a
// byte-oriented stream makes them return -1) and write each character as the wide stream
// functions do (../wchar/wide-stdio-functions.ts: the locale's encoding, '?' in the C locale).

import { Errno } from '../../kernel/errno.ts';
import type { CallFrame } from '../abi/call-frame.ts';
import type { HostGenerator } from '../abi/host-region.ts';
import { RegisterVarArgs, VaListArgs } from '../abi/var-args.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { currentLocale } from '../locale/locale-state.ts';
import { checkWrite } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { ProcessState, recreatedInChild } from '../runtime/process-states.ts';
import { encodeForWideStream, fwide, markError } from '../wchar/wide-stdio-functions.ts';
import { wideLength } from '../wchar/wide-string-functions.ts';
import { FileFlag } from './file-layout.ts';
import type { FormatUnits, UnitSink, VarArgs } from './format/format-io.ts';
import { formatWidePrintf, type PrintfOptions } from './format/printf.ts';
import { GuestFormatEnvironment } from './format-environment.ts';
import { abortOnFortifyFailure, currentStdout, fortifyOptions } from './stdio-functions.ts';
import { runStreamIo, type StreamIo } from './stream-io.ts';

/** Collects wide output on the host (the stream forms encode it afterwards). */
class WideCollectingSink implements UnitSink {
  units = new Uint32Array(256);
  length = 0;

  reset(): this {
    this.length = 0;
    return this;
  }

  write(data: FormatUnits, start: number, end: number): void {
    const n = end - start;
    if (this.length + n > this.units.length) {
      const grown = new Uint32Array(Math.max(this.units.length * 2, this.length + n));
      grown.set(this.units.subarray(0, this.length));
      this.units = grown;
    }
    this.units.set(data.subarray(start, end), this.length);
    this.length += n;
  }
}

/** swprintf's destination: at most `capacity` wchar_t stored in guest memory; more marks overflow. */
class GuestWideBufferSink implements UnitSink {
  private address = 0;
  private capacity = 0;
  stored = 0;
  overflowed = false;

  constructor(private readonly libc: LibcProcess) {}

  start(address: number, capacity: number): this {
    this.address = address;
    this.capacity = capacity;
    this.stored = 0;
    this.overflowed = false;
    return this;
  }

  write(data: FormatUnits, start: number, end: number): void {
    const n = Math.min(this.capacity - this.stored, end - start);
    if (n < end - start) this.overflowed = true;
    if (n <= 0) return;
    const memory = this.libc.memory;
    const at = this.address + 4 * this.stored;
    checkWrite(memory, at, 4 * n);
    const view = memory.view;
    for (let i = 0; i < n; i++) view.setUint32(at + 4 * i, data[start + i]!, true);
    this.stored += n;
  }
}

/** Per-process state: the environment, sinks and argument readers. */
class WidePrintfState {
  readonly env: GuestFormatEnvironment;
  readonly collect = new WideCollectingSink();
  readonly buffer: GuestWideBufferSink;
  readonly registerArgs = new RegisterVarArgs();
  readonly vaListArgs: VaListArgs;

  constructor(libc: LibcProcess) {
    this.env = new GuestFormatEnvironment(libc);
    this.buffer = new GuestWideBufferSink(libc);
    this.vaListArgs = new VaListArgs(libc.memory);
  }
}

const states = new ProcessState<WidePrintfState>(
  'stdio/wide-printf-functions states',
  recreatedInChild,
  (libc) => new WidePrintfState(libc),
);

/** The NUL-terminated wchar_t format at `address`, with its NUL. */
function readWideFormat(libc: LibcProcess, address: number): Uint32Array {
  const length = wideLength(libc.memory, address);
  const units = new Uint32Array(length + 1);
  const view = libc.memory.view;
  for (let i = 0; i < length; i++) units[i] = view.getUint32(address + 4 * i, true);
  return units;
}

function formatTo(libc: LibcProcess, format: number, args: VarArgs, sink: UnitSink, options?: PrintfOptions): number {
  const state = states.of(libc);
  return abortOnFortifyFailure(libc, () =>
    formatWidePrintf(readWideFormat(libc, format), 0, args, state.env, sink, options),
  );
}

/** vswprintf (glibc 2.36 libio/vswprintf.c). */
function printToWideBuffer(
  libc: LibcProcess,
  destination: number,
  size: number,
  format: number,
  args: VarArgs,
  options?: PrintfOptions,
): number {
  if (size === 0) return -1;
  const sink = states.of(libc).buffer.start(destination, size - 1);
  // glibc's string stream starts with the buffer's first character cleared: with n = 1 and
  // output, the -1 result comes with an empty string.
  checkWrite(libc.memory, destination, 4);
  libc.memory.view.setUint32(destination, 0, true);
  const count = formatTo(libc, format, args, sink, options);
  if (sink.overflowed) return -1;
  libc.memory.view.setUint32(destination + 4 * sink.stored, 0, true);
  return count;
}

/** vfwprintf: orient, format on the host, then write the encoded characters to the stream. */
function printToWideStream(
  libc: LibcProcess,
  fp: number,
  format: number,
  args: VarArgs,
  options?: PrintfOptions,
): number | HostGenerator {
  if (fwide(libc, fp, 1) <= 0) return -1;
  const streams = libc.streams;
  if (streams.flags(fp) & FileFlag.NO_WRITES) {
    streams.setFlags(fp, streams.flags(fp) | FileFlag.ERR_SEEN);
    libc.errno = Errno.EBADF;
    return -1;
  }
  const collected = states.of(libc).collect.reset();
  const count = formatTo(libc, format, args, collected, options);
  const utf8 = currentLocale(libc).utf8;
  const bytes: number[] = [];
  const encoded = new Uint8Array(8);
  let failed = false;
  for (let i = 0; i < collected.length; i++) {
    const n = encodeForWideStream(utf8, collected.units[i]!, encoded);
    if (n < 0) {
      failed = true;
      break;
    }
    for (let k = 0; k < n; k++) bytes.push(encoded[k]!);
  }
  const data = Uint8Array.from(bytes);
  let result = count;
  if (failed) {
    libc.errno = Errno.EILSEQ;
    markError(libc, fp);
    result = -1;
  }
  if (data.length === 0 || streams.writeBuffered(fp, data, 0, data.length)) return result;
  return runStreamIo(libc, fp, writeAll(libc, fp, data, result));
}

function* writeAll(libc: LibcProcess, fp: number, data: Uint8Array, result: number): StreamIo {
  const written = yield* libc.streams.write(fp, data, 0, data.length);
  return written < data.length ? -1 : result;
}

function registerArgs(libc: LibcProcess, f: CallFrame, fixed: number): VarArgs {
  return states.of(libc).registerArgs.start(f, fixed);
}

function vaList(libc: LibcProcess, address: number): VarArgs {
  return states.of(libc).vaListArgs.start(address);
}

/** __swprintf_chk/__vswprintf_chk: a size beyond the destination's object is __chk_fail. */
function checkedSize(libc: LibcProcess, size: number, objectSize: number): number {
  if (size > objectSize) libc.fatal('*** buffer overflow detected ***: terminated\n');
  return size;
}

export const WIDE_PRINTF_FUNCTIONS: FunctionTable = {
  swprintf: (f, libc) => printToWideBuffer(libc, f.ptr(0), f.ulong(1), f.ptr(2), registerArgs(libc, f, 3)),
  vswprintf: (f, libc) => printToWideBuffer(libc, f.ptr(0), f.ulong(1), f.ptr(2), vaList(libc, f.ptr(3))),
  fwprintf: (f, libc) => printToWideStream(libc, f.ptr(0), f.ptr(1), registerArgs(libc, f, 2)),
  vfwprintf: (f, libc) => printToWideStream(libc, f.ptr(0), f.ptr(1), vaList(libc, f.ptr(2))),
  wprintf: (f, libc) => printToWideStream(libc, currentStdout(libc), f.ptr(0), registerArgs(libc, f, 1)),
  vwprintf: (f, libc) => printToWideStream(libc, currentStdout(libc), f.ptr(0), vaList(libc, f.ptr(1))),
  __swprintf_chk: (f, libc) =>
    printToWideBuffer(
      libc,
      f.ptr(0),
      checkedSize(libc, f.ulong(1), f.ulong(3)),
      f.ptr(4),
      registerArgs(libc, f, 5),
      fortifyOptions(libc, f.int(2), f.ptr(4)),
    ),
  __vswprintf_chk: (f, libc) =>
    printToWideBuffer(
      libc,
      f.ptr(0),
      checkedSize(libc, f.ulong(1), f.ulong(3)),
      f.ptr(4),
      vaList(libc, f.ptr(5)),
      fortifyOptions(libc, f.int(2), f.ptr(4)),
    ),
  __fwprintf_chk: (f, libc) =>
    printToWideStream(libc, f.ptr(0), f.ptr(2), registerArgs(libc, f, 3), fortifyOptions(libc, f.int(1), f.ptr(2))),
  __vfwprintf_chk: (f, libc) =>
    printToWideStream(libc, f.ptr(0), f.ptr(2), vaList(libc, f.ptr(3)), fortifyOptions(libc, f.int(1), f.ptr(2))),
  __wprintf_chk: (f, libc) =>
    printToWideStream(
      libc,
      currentStdout(libc),
      f.ptr(1),
      registerArgs(libc, f, 2),
      fortifyOptions(libc, f.int(0), f.ptr(1)),
    ),
  __vwprintf_chk: (f, libc) =>
    printToWideStream(
      libc,
      currentStdout(libc),
      f.ptr(1),
      vaList(libc, f.ptr(2)),
      fortifyOptions(libc, f.int(0), f.ptr(1)),
    ),
};
