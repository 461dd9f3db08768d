// The wide scanf family (swscanf, fwscanf, wscanf, their v forms and the __isoc99_* names gcc
// binds C99 programs to) on the scanf engine in wide mode (./format/scanf.ts formatWideScanf):
// the format and the input are wchar_t. The stream forms orient the stream to wide (a
// byte-oriented one makes them return EOF) and decode its bytes with the calling thread's
// locale, as fgetwc does; a read that must wait runs the scan again over the bytes taken
// (StreamInput in ./stdio-input-functions.ts).

import { Errno } from '../../kernel/errno.ts';
import type { CallFrame } from '../abi/call-frame.ts';
import type { HostGenerator } from '../abi/host-region.ts';
import { RegisterVarArgs, SavedRegisterArgs, VaListArgs } from '../abi/var-args.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { currentLocale } from '../locale/locale-state.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { ProcessState, recreatedInChild } from '../runtime/process-states.ts';
import { isWideClass } from '../wchar/wide-classes.ts';
import { fwide, markError } from '../wchar/wide-stdio-functions.ts';
import { wideLength } from '../wchar/wide-string-functions.ts';
import { FileFlag } from './file-layout.ts';
import { C_LOCALE, C_UTF8_LOCALE } from './format/c-locales.ts';
import type { VarArgs } from './format/format-io.ts';
import { formatWideScanf, SCANF_EOF, type ScanInput, type WideScanEnvironment } from './format/scanf.ts';
import { StreamInput, StreamWait, StringInput, scanAfterWaits, scanGuestAccess } from './stdio-input-functions.ts';

const EOF = -1;

/**
 * fwscanf's input: the stream's bytes (through the replayable StreamInput) decoded into wide
 * characters; a character given back returns its bytes to the stream.
 */
class WideStreamInput implements ScanInput {
  private lastBytes: number[] = [];
  private readonly decoded = new Uint32Array(1);

  constructor(
    private readonly libc: LibcProcess,
    private readonly fp: number,
    readonly bytes: StreamInput,
    private readonly env: WideScanEnvironment,
  ) {}

  read(): number {
    const bytes: number[] = [];
    for (;;) {
      const b = this.bytes.read();
      if (b < 0) {
        if (bytes.length > 0) this.fail();
        return -1;
      }
      bytes.push(b);
      const n = this.env.locale.decodeMultibyte(Uint8Array.from(bytes), 0, bytes.length, this.decoded);
      if (n > 0) {
        this.lastBytes = bytes;
        return this.decoded[0]!;
      }
      if (n === -1) {
        // glibc leaves bytes it cannot convert in the stream: every later read fails on them again.
        for (let i = bytes.length - 1; i >= 0; i--) this.bytes.unread(bytes[i]!);
        this.fail();
        return -1;
      }
    }
  }

  unread(): void {
    for (let i = this.lastBytes.length - 1; i >= 0; i--) this.bytes.unread(this.lastBytes[i]!);
  }

  /** A byte sequence with no character: fgetwc's WEOF with EILSEQ and the error flag. */
  private fail(): void {
    this.libc.errno = Errno.EILSEQ;
    markError(this.libc, this.fp);
  }
}

class WideScanState {
  readonly registerArgs = new RegisterVarArgs();
  readonly vaListArgs: VaListArgs;
  readonly env: WideScanEnvironment;
  private utf8 = false;

  constructor(libc: LibcProcess) {
    this.vaListArgs = new VaListArgs(libc.memory);
    this.env = {
      locale: C_LOCALE,
      ...scanGuestAccess(libc),
      isWideSpace: (c) => isWideClass(this.utf8, 'space', c),
    };
  }

  /** The calling thread's locale for this call. */
  forCall(libc: LibcProcess): this {
    this.utf8 = currentLocale(libc).utf8;
    this.env.locale = this.utf8 ? C_UTF8_LOCALE : C_LOCALE;
    return this;
  }
}

const states = new ProcessState<WideScanState>(
  'stdio/wide-scanf-functions states',
  recreatedInChild,
  (libc) => new WideScanState(libc),
);

/** The process's scan state, set to the calling thread's locale. */
function stateOf(libc: LibcProcess): WideScanState {
  return states.of(libc).forCall(libc);
}

/** The wchar_t string at `address` with its NUL (a copy: conversions may store over it). */
function readWide(libc: LibcProcess, address: number): Uint32Array {
  const length = wideLength(libc.memory, address);
  const units = new Uint32Array(length + 1);
  const view = libc.memory.view;
  for (let i = 0; i < length; i++) units[i] = view.getUint32(address + 4 * i, true);
  return units;
}

function scanWideString(libc: LibcProcess, string: number, format: number, args: VarArgs, gnu: boolean): number {
  if (format === 0) {
    libc.errno = Errno.EINVAL;
    return EOF;
  }
  const env = stateOf(libc).env;
  const result = formatWideScanf(readWide(libc, format), 0, args, env, new StringInput(readWide(libc, string)), gnu);
  return result === SCANF_EOF ? EOF : result;
}

function scanWideStream(
  libc: LibcProcess,
  fp: number,
  format: number,
  args: VarArgs,
  gnu: boolean,
  saveArgs: () => VarArgs,
): number | HostGenerator {
  if (fwide(libc, fp, 1) <= 0) return EOF;
  const streams = libc.streams;
  if (streams.flags(fp) & FileFlag.NO_READS) {
    streams.setFlags(fp, streams.flags(fp) | FileFlag.ERR_SEEN);
    libc.errno = Errno.EBADF;
    return EOF;
  }
  if (format === 0) {
    libc.errno = Errno.EINVAL;
    return EOF;
  }
  const units = readWide(libc, format);
  const env = stateOf(libc).env;
  const input = new WideStreamInput(libc, fp, new StreamInput(libc, fp, true), env);
  try {
    return formatWideScanf(units, 0, args, env, input, gnu);
  } catch (error) {
    if (!(error instanceof StreamWait)) throw error;
    const args = saveArgs();
    return scanAfterWaits(
      error,
      (result) => input.bytes.restart(result),
      () => {
        args.rewind();
        return formatWideScanf(units, 0, args, stateOf(libc).env, input, gnu);
      },
    );
  }
}

function registerArgs(libc: LibcProcess, f: CallFrame, fixed: number): VarArgs {
  return stateOf(libc).registerArgs.start(f, fixed);
}

function vaList(libc: LibcProcess, address: number): VarArgs {
  return stateOf(libc).vaListArgs.start(address);
}

function scanWithArgs(libc: LibcProcess, f: CallFrame, fp: number, format: number, fixed: number, gnu: boolean) {
  return scanWideStream(
    libc,
    fp,
    format,
    registerArgs(libc, f, fixed),
    gnu,
    () => new SavedRegisterArgs(f, libc.memory, fixed),
  );
}

function scanWithVaList(libc: LibcProcess, fp: number, format: number, address: number, gnu: boolean) {
  return scanWideStream(libc, fp, format, vaList(libc, address), gnu, () => new VaListArgs(libc.memory).start(address));
}

const stdin = (libc: LibcProcess): number => libc.streams.current('stdin', libc.streams.stdin);

/** The wide scanf family; `gnu`: the plain names, where %as allocates (GNU scanf). */
function wideScanfFunctions(prefix: string, gnu: boolean): FunctionTable {
  return {
    [`${prefix}wscanf`]: (f, libc) => scanWithArgs(libc, f, stdin(libc), f.ptr(0), 1, gnu),
    [`${prefix}fwscanf`]: (f, libc) => scanWithArgs(libc, f, f.ptr(0), f.ptr(1), 2, gnu),
    [`${prefix}swscanf`]: (f, libc) => scanWideString(libc, f.ptr(0), f.ptr(1), registerArgs(libc, f, 2), gnu),
    [`${prefix}vwscanf`]: (f, libc) => scanWithVaList(libc, stdin(libc), f.ptr(0), f.ptr(1), gnu),
    [`${prefix}vfwscanf`]: (f, libc) => scanWithVaList(libc, f.ptr(0), f.ptr(1), f.ptr(2), gnu),
    [`${prefix}vswscanf`]: (f, libc) => scanWideString(libc, f.ptr(0), f.ptr(1), vaList(libc, f.ptr(2)), gnu),
  };
}

export const WIDE_SCANF_FUNCTIONS: FunctionTable = {
  ...wideScanfFunctions('', true),
  ...wideScanfFunctions('__isoc99_', false),
};
