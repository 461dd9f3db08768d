// The stdio input functions: getc family, ungetc, fgets, getline/getdelim, fread and the ISO C99
// scanf family (what gcc-compiled programs call: __isoc99_scanf…), over the streams' read side
// (./streams.ts) and the libc-core scanf engine (./format/scanf.ts), with glibc 2.36's return
// values, errno and _chk checks.

import type { GuestCall } from '../../linker/guest-code/guest-steps.ts';
import type { CallFrame } from '../abi/call-frame.ts';
import type { HostGenerator } from '../abi/host-region.ts';
import { RegisterVarArgs, SavedRegisterArgs, VaListArgs } from '../abi/var-args.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { currentLocale } from '../locale/locale-state.ts';
import { checkWrite, cStringLength, loadPointer, storeBytes, storePointer } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { ProcessState, recreatedInChild } from '../runtime/process-states.ts';
import { realloc } from '../stdlib/malloc-functions.ts';
import { FILE_READ_END, FILE_READ_PTR, FileFlag } from './file-layout.ts';
import { C_LOCALE, C_UTF8_LOCALE } from './format/c-locales.ts';
import type { VarArgs } from './format/format-io.ts';
import { formatScanf, SCANF_EOF, type ScanEnvironment, type ScanInput } from './format/scanf.ts';
import { runStreamIo, type StreamIo } from './stream-io.ts';
import { EOF } from './streams.ts';

const EINVAL = 22;
const EBADF = 9;
const EAGAIN = 11;
const EOVERFLOW = 75;
const SSIZE_MAX = 2 ** 63 - 1;

function stdin(libc: LibcProcess): number {
  return libc.streams.current('stdin', libc.streams.stdin);
}

function chkFail(libc: LibcProcess): never {
  libc.fatal('*** buffer overflow detected ***: terminated\n');
}

/** fgets/_IO_fgets (and __fgets_chk with the destination's size). */
function* fgets(libc: LibcProcess, buffer: number, n: number, fp: number, size = Number.POSITIVE_INFINITY): StreamIo {
  if (n <= 0) return 0;
  const streams = libc.streams;
  if (n === 1) {
    checkWrite(libc.memory, buffer, 1);
    libc.memory.bytes[buffer] = 0;
    return buffer;
  }
  const oldError = streams.flags(fp) & FileFlag.ERR_SEEN;
  streams.setFlags(fp, streams.flags(fp) & ~FileFlag.ERR_SEEN);
  const count = yield* streams.readLine(fp, buffer, Math.min(n - 1, size), 10);
  let result = buffer;
  if (count === 0 || (streams.flags(fp) & FileFlag.ERR_SEEN && libc.errno !== EAGAIN)) result = 0;
  else {
    if (count >= size) chkFail(libc);
    storeBytes(libc.memory, buffer + count, new Uint8Array(1));
  }
  streams.setFlags(fp, streams.flags(fp) | oldError);
  return result;
}

/** getdelim (_IO_getdelim): the line with its delimiter, NUL-terminated, growing *lineptr as glibc does (getpass too). */
export function* getdelim(
  libc: LibcProcess,
  linePointer: number,
  sizePointer: number,
  delimiter: number,
  fp: number,
): StreamIo {
  if (linePointer === 0 || sizePointer === 0) {
    libc.errno = EINVAL;
    return -1;
  }
  const streams = libc.streams;
  const memory = libc.memory;
  let line = loadPointer(memory, linePointer);
  let size = loadPointer(memory, sizePointer);
  if (line === 0 || size === 0) {
    size = 120;
    line = realloc(libc, line, size);
    if (line === 0) return -1;
    storePointer(memory, linePointer, line);
    storePointer(memory, sizePointer, size);
  }
  if ((yield* streams.underflow(fp)) === EOF) return -1;
  let length = 0;
  const d = delimiter & 0xff;
  for (;;) {
    const ptr = streams.get(fp, FILE_READ_PTR);
    let available = streams.get(fp, FILE_READ_END) - ptr;
    const found = memory.bytes.subarray(ptr, ptr + available).indexOf(d);
    if (found >= 0) available = found + 1;
    let needed = length + available + 1;
    if (needed > size) {
      if (needed < 2 * size) needed = 2 * size;
      if (needed > SSIZE_MAX) {
        libc.errno = EOVERFLOW;
        return -1;
      }
      const grown = realloc(libc, line, needed);
      if (grown === 0) return -1;
      line = grown;
      size = needed;
      storePointer(memory, linePointer, line);
      storePointer(memory, sizePointer, size);
    }
    memory.bytes.copyWithin(line + length, ptr, ptr + available);
    streams.set(fp, FILE_READ_PTR, ptr + available);
    length += available;
    if (found >= 0 || (yield* streams.underflow(fp)) === EOF) break;
  }
  memory.bytes[line + length] = 0;
  return length;
}

/** fread: whole items read. */
function* fread(libc: LibcProcess, buffer: number, size: number, count: number, fp: number): StreamIo {
  const total = size * count;
  if (total === 0) return 0;
  const done = yield* libc.streams.readBytes(fp, buffer, total);
  return done === total ? count : Math.floor(done / size);
}

// ---- scanf ----

/** A stream read the scan must wait for: the operation, suspended at its first waiting call. */
export class StreamWait {
  constructor(
    readonly io: StreamIo,
    readonly pending: GuestCall,
  ) {}
}

/**
 * scanf's input from a stream, replayable: every byte the scan takes from the stream is kept,
 * so that when a read must wait (the engine cannot be suspended, it is synchronous) the scan
 * is abandoned, the read finished from guest code (./stream-io.ts), and the scan run again from
 * the start over the same bytes then on from the stream. The engine is deterministic, so the
 * second run makes the same stores; what the first one allocated it gave back (scanf.ts).
 */
export class StreamInput implements ScanInput {
  /** Bytes taken from the stream by this call (and EOF results), net of those given back. */
  private readonly taken: number[] = [];
  /** Where the current run is in `taken`. */
  private position = 0;
  /** How many of `taken` the current run replays (they came from the stream in earlier runs). */
  private replayed = 0;

  /** `wide`: the bytes of a wide-oriented stream (fwscanf), read as fgetwc reads them. */
  constructor(
    private readonly libc: LibcProcess,
    private readonly fp: number,
    private readonly wide = false,
  ) {}

  read(): number {
    if (this.position < this.replayed) return this.taken[this.position++]!;
    const streams = this.libc.streams;
    let c = this.wide ? -2 : streams.getFromBuffer(this.fp);
    if (c === -2) {
      const io = this.wide ? streams.wideByte(this.fp) : streams.uflow(this.fp);
      const step = io.next(0);
      if (!step.done) throw new StreamWait(io, step.value);
      c = step.value;
    }
    this.taken.push(c);
    this.position++;
    return c;
  }

  unread(byte: number): void {
    this.position--;
    if (this.position < this.replayed) return;
    this.taken.pop();
    this.libc.streams.ungetc(this.fp, byte);
  }

  /** After a wait: `c` is what the waiting read got; the next run replays all taken so far. */
  restart(c: number): void {
    this.taken.push(c);
    this.position = 0;
    this.replayed = this.taken.length;
  }
}

/** sscanf's input (bytes) and swscanf's (wchar_t units): the string up to its NUL. */
export class StringInput implements ScanInput {
  at = 0;
  constructor(private readonly bytes: Uint8Array | Uint32Array) {}
  read(): number {
    const c = this.bytes[this.at]!;
    if (c === 0) return -1;
    this.at++;
    return c;
  }
  unread(): void {
    this.at--;
  }
}

class ScanState {
  readonly registerArgs = new RegisterVarArgs();
  readonly vaListArgs: VaListArgs;
  readonly env: ScanEnvironment;

  constructor(libc: LibcProcess) {
    this.vaListArgs = new VaListArgs(libc.memory);
    this.env = {
      // The calling thread's LC_CTYPE, for %lc/%ls/%l[ (mbrtowc).
      get locale() {
        return currentLocale(libc).utf8 ? C_UTF8_LOCALE : C_LOCALE;
      },
      ...scanGuestAccess(libc),
    };
  }
}

/** What the scanf engine does in the guest (stores, %m allocations, rounding, errno): both scanf families. */
export function scanGuestAccess(libc: LibcProcess): Omit<ScanEnvironment, 'locale'> {
  return {
    writeMemory: (address, bytes) => storeBytes(libc.memory, address, bytes),
    allocate: (size) => libc.heap.allocate(size),
    reallocate: (address, size) => realloc(libc, address, size),
    free: (address) => libc.heap.release(address),
    roundingMode: () => (libc.cpu.mxcsr >>> 13) & 3,
    setErrno: (value) => {
      libc.errno = value;
    },
  };
}

const states = new ProcessState<ScanState>(
  'stdio/stdio-input-functions states',
  recreatedInChild,
  (libc) => new ScanState(libc),
);

function formatBytes(libc: LibcProcess, format: number): Uint8Array | undefined {
  if (format === 0) {
    libc.errno = EINVAL;
    return undefined;
  }
  const length = cStringLength(libc.memory, format);
  // A copy: conversions may store into memory the format lives in.
  return libc.memory.bytes.slice(format, format + length + 1);
}

/**
 * The scanf family's work on a stream; `gnu`: the plain (non-C99) symbols, where %as allocates
 * (see formatScanf). `saveArgs` gives the arguments in a form that can be read again after guest
 * code has run (a scan that waited runs again from the start).
 */
function scanStream(
  libc: LibcProcess,
  fp: number,
  format: number,
  args: VarArgs,
  gnu: boolean,
  saveArgs: () => VarArgs,
): number | HostGenerator {
  const streams = libc.streams;
  if (streams.flags(fp) & FileFlag.NO_READS) {
    streams.setFlags(fp, streams.flags(fp) | FileFlag.ERR_SEEN);
    libc.errno = EBADF;
    return EOF;
  }
  const bytes = formatBytes(libc, format);
  if (bytes === undefined) return EOF;
  const input = new StreamInput(libc, fp);
  try {
    return formatScanf(bytes, 0, args, states.of(libc).env, input, gnu);
  } catch (error) {
    if (!(error instanceof StreamWait)) throw error;
    const args = saveArgs();
    return scanAfterWaits(
      error,
      (result) => input.restart(result),
      () => {
        args.rewind();
        return formatScanf(bytes, 0, args, states.of(libc).env, input, gnu);
      },
    );
  }
}

/**
 * The rest of a scan whose stream read must wait (the narrow and the wide families): the read
 * finished from guest code, `restart` given its result, then `rescan` (the scan from the start,
 * over the bytes it took) — again while reads must wait.
 */
export function* scanAfterWaits(
  first: StreamWait,
  restart: (result: number) => void,
  rescan: () => number,
): HostGenerator {
  let wait = first;
  for (;;) {
    let request = wait.pending;
    let step = wait.io.next(yield request);
    while (!step.done) {
      request = step.value;
      step = wait.io.next(yield request);
    }
    restart(step.value);
    try {
      return rescan();
    } catch (error) {
      if (!(error instanceof StreamWait)) throw error;
      wait = error;
    }
  }
}

function scanString(libc: LibcProcess, string: number, format: number, args: VarArgs, gnu = false): number {
  const bytes = formatBytes(libc, format);
  if (bytes === undefined) return EOF;
  const length = cStringLength(libc.memory, string);
  const input = new StringInput(libc.memory.bytes.slice(string, string + length + 1));
  const result = formatScanf(bytes, 0, args, states.of(libc).env, input, gnu);
  return result === SCANF_EOF ? EOF : result;
}

function registerArgs(libc: LibcProcess, f: CallFrame, fixed: number): VarArgs {
  return states.of(libc).registerArgs.start(f, fixed);
}

/** The scanf family on a stream with variadic arguments after `fixed` integer ones. */
function scanWithArgs(libc: LibcProcess, f: CallFrame, fp: number, format: number, fixed: number, gnu = false) {
  return scanStream(
    libc,
    fp,
    format,
    registerArgs(libc, f, fixed),
    gnu,
    () => new SavedRegisterArgs(f, libc.memory, fixed),
  );
}

/** The scanf family on a stream with a va_list. */
function scanWithVaList(libc: LibcProcess, fp: number, format: number, address: number, gnu = false) {
  return scanStream(libc, fp, format, vaList(libc, address), gnu, () => new VaListArgs(libc.memory).start(address));
}

function vaList(libc: LibcProcess, address: number): VarArgs {
  return states.of(libc).vaListArgs.start(address);
}

/** getc and its names: the inline fast path, else __uflow as a stream operation (./stream-io.ts). */
function getcOf(libc: LibcProcess, fp: number): number | HostGenerator {
  const c = libc.streams.getFromBuffer(fp);
  return c !== -2 ? c : runStreamIo(libc, fp, libc.streams.uflow(fp));
}

const getc = (f: CallFrame, libc: LibcProcess) => getcOf(libc, f.ptr(0));
const getchar = (_f: CallFrame, libc: LibcProcess) => getcOf(libc, stdin(libc));
/**
 * fgets' fast path: when the line (or as much as fits) is in the buffer already, it is copied
 * at once; otherwise fgets runs as a stream operation that may wait.
 */
function fgetsOf(libc: LibcProcess, buffer: number, n: number, fp: number, size = Number.POSITIVE_INFINITY) {
  const streams = libc.streams;
  if (n > 1 && !streams.busy(fp) && streams.orientNarrow(fp)) {
    const ptr = streams.get(fp, FILE_READ_PTR);
    const max = Math.min(n - 1, size);
    const available = Math.min(streams.get(fp, FILE_READ_END) - ptr, max);
    const bytes = libc.memory.bytes;
    const found = available > 0 ? bytes.subarray(ptr, ptr + available).indexOf(10) : -1;
    const count = found >= 0 ? found + 1 : available;
    if ((found >= 0 || count === max) && count < size) {
      checkWrite(libc.memory, buffer, count + 1);
      bytes.copyWithin(buffer, ptr, ptr + count);
      bytes[buffer + count] = 0;
      streams.set(fp, FILE_READ_PTR, ptr + count);
      return buffer;
    }
  }
  return runStreamIo(libc, fp, fgets(libc, buffer, n, fp, size));
}

const fgetsFn = (f: CallFrame, libc: LibcProcess) => fgetsOf(libc, f.ptr(0), f.int(1), f.ptr(2));
/** fread's fast path: items already in the buffer are copied at once; otherwise fread may wait. */
function freadOf(libc: LibcProcess, buffer: number, size: number, count: number, fp: number): number | HostGenerator {
  const total = size * count;
  const streams = libc.streams;
  const ptr = streams.get(fp, FILE_READ_PTR);
  if (total > 0 && total <= streams.get(fp, FILE_READ_END) - ptr && !streams.busy(fp)) {
    checkWrite(libc.memory, buffer, total);
    libc.memory.bytes.copyWithin(buffer, ptr, ptr + total);
    streams.set(fp, FILE_READ_PTR, ptr + total);
    return count;
  }
  return runStreamIo(libc, fp, fread(libc, buffer, size, count, fp));
}

const freadFn = (f: CallFrame, libc: LibcProcess) => freadOf(libc, f.ptr(0), f.ulong(1), f.ulong(2), f.ptr(3));
const getdelimFn = (f: CallFrame, libc: LibcProcess) =>
  runStreamIo(libc, f.ptr(3), getdelim(libc, f.ptr(0), f.ptr(1), f.int(2), f.ptr(3)));

export const STDIO_INPUT_FUNCTIONS: FunctionTable = {
  getc,
  fgetc: getc,
  _IO_getc: getc,
  getc_unlocked: getc,
  fgetc_unlocked: getc,
  getchar,
  getchar_unlocked: getchar,
  __uflow: (f, libc) => runStreamIo(libc, f.ptr(0), libc.streams.uflow(f.ptr(0))),
  __underflow: (f, libc) => runStreamIo(libc, f.ptr(0), libc.streams.underflow(f.ptr(0))),
  ungetc: (f, libc) => libc.streams.ungetc(f.ptr(1), f.int(0)),
  fgets: fgetsFn,
  fgets_unlocked: fgetsFn,
  __fgets_chk: (f, libc) => fgetsOf(libc, f.ptr(0), f.int(2), f.ptr(3), f.ulong(1)),
  __fgets_unlocked_chk: (f, libc) => fgetsOf(libc, f.ptr(0), f.int(2), f.ptr(3), f.ulong(1)),
  getline: (f, libc) => runStreamIo(libc, f.ptr(2), getdelim(libc, f.ptr(0), f.ptr(1), 10, f.ptr(2))),
  getdelim: getdelimFn,
  __getdelim: getdelimFn,
  fread: freadFn,
  fread_unlocked: freadFn,
  __fread_chk: (f, libc) => {
    const size = f.ulong(2);
    const count = f.ulong(3);
    const total = size * count;
    if (!Number.isSafeInteger(total) || total > f.ulong(1)) chkFail(libc);
    return freadOf(libc, f.ptr(0), size, count, f.ptr(4));
  },
  __fread_unlocked_chk: (f, libc) => {
    const size = f.ulong(2);
    const count = f.ulong(3);
    const total = size * count;
    if (!Number.isSafeInteger(total) || total > f.ulong(1)) chkFail(libc);
    return freadOf(libc, f.ptr(0), size, count, f.ptr(4));
  },
  feof_unlocked: (f, libc) => (libc.streams.flags(f.ptr(0)) & FileFlag.EOF_SEEN ? 1 : 0),
  ferror_unlocked: (f, libc) => (libc.streams.flags(f.ptr(0)) & FileFlag.ERR_SEEN ? 1 : 0),
  clearerr_unlocked: (f, libc) => {
    const fp = f.ptr(0);
    libc.streams.setFlags(fp, libc.streams.flags(fp) & ~(FileFlag.ERR_SEEN | FileFlag.EOF_SEEN));
    return undefined;
  },
  fileno_unlocked: (f, libc) => {
    const fd = libc.streams.fileno(f.ptr(0));
    if (fd < 0) libc.errno = EBADF;
    return fd;
  },

  __isoc99_scanf: (f, libc) => scanWithArgs(libc, f, stdin(libc), f.ptr(0), 1),
  __isoc99_fscanf: (f, libc) => scanWithArgs(libc, f, f.ptr(0), f.ptr(1), 2),
  __isoc99_sscanf: (f, libc) => scanString(libc, f.ptr(0), f.ptr(1), registerArgs(libc, f, 2)),
  __isoc99_vscanf: (f, libc) => scanWithVaList(libc, stdin(libc), f.ptr(0), f.ptr(1)),
  __isoc99_vfscanf: (f, libc) => scanWithVaList(libc, f.ptr(0), f.ptr(1), f.ptr(2)),
  __isoc99_vsscanf: (f, libc) => scanString(libc, f.ptr(0), f.ptr(1), vaList(libc, f.ptr(2))),
  // The GLIBC_2.2.5 symbols programs built with _GNU_SOURCE (or before C99) call.
  scanf: (f, libc) => scanWithArgs(libc, f, stdin(libc), f.ptr(0), 1, true),
  fscanf: (f, libc) => scanWithArgs(libc, f, f.ptr(0), f.ptr(1), 2, true),
  sscanf: (f, libc) => scanString(libc, f.ptr(0), f.ptr(1), registerArgs(libc, f, 2), true),
  vscanf: (f, libc) => scanWithVaList(libc, stdin(libc), f.ptr(0), f.ptr(1), true),
  vfscanf: (f, libc) => scanWithVaList(libc, f.ptr(0), f.ptr(1), f.ptr(2), true),
  vsscanf: (f, libc) => scanString(libc, f.ptr(0), f.ptr(1), vaList(libc, f.ptr(2)), true),
};
