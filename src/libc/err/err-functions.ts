// BSD <err.h> (warn, warnx, err, errx and their v-forms) and GNU <error.h> (error,
// error_at_line and their variables), as glibc 2.36 prints them on stderr:
//   warn:  "<short name>: <message>: <strerror(errno)>\n"     warnx: "<short name>: <message>\n"
//   error: fflush(stdout), then "<program_invocation_name>: <message>[: <strerror(errnum)>]\n",
//          error_message_count incremented, exit(status) when status is not 0
//   error_at_line: the same with "<name>:<file>:<line>: ", nothing when error_one_per_line
//          and the same file and line as the previous call.
// Each piece goes to the stream separately, as glibc's __fxprintf calls do (stderr is unbuffered:
// one write per piece). The message is formatted before anything is printed: the variadic
// arguments live in registers that a call to error_print_progname (guest code) would clobber.
import { Fcntl } from '../../kernel/abi/flags.ts';
import { errnoMessage } from '../../kernel/errno.ts';
import type { CallFrame } from '../abi/call-frame.ts';
import { guestCall, type HostGenerator } from '../abi/host-region.ts';
import { RegisterVarArgs, VaListArgs } from '../abi/var-args.ts';
import type { FunctionTable, ObjectTable } from '../exports/binding-types.ts';
import { cString, cStringLength, loadPointer } from '../runtime/guest-access.ts';
import { Sys } from '../runtime/kernel-call.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { copyReplacing, ProcessState } from '../runtime/process-states.ts';
import { exitSequence, objectCell } from '../start/startup.ts';
import type { VarArgs } from '../stdio/format/format-io.ts';
import { formatPrintf } from '../stdio/format/printf.ts';
import { CollectingSink, GuestFormatEnvironment } from '../stdio/format-environment.ts';
import { formatScratchFor } from '../stdio/format-scratch.ts';
import { abortOnFortifyFailure } from '../stdio/stdio-functions.ts';
import { runIo, type StreamIo } from '../stdio/stream-io.ts';

/** Per-process formatting state: the printf engine's environment and argument readers. */
class MessageState {
  readonly env: GuestFormatEnvironment;
  readonly sink = new CollectingSink();
  readonly registerArgs = new RegisterVarArgs();
  readonly vaListArgs: VaListArgs;
  /** error_at_line's memory of the previous call (for error_one_per_line). */
  previousFile = 0;
  previousLine = 0;

  constructor(libc: LibcProcess) {
    this.env = new GuestFormatEnvironment(libc);
    this.vaListArgs = new VaListArgs(libc.memory);
  }
}

const states = new ProcessState<MessageState>(
  'err/err-functions states',
  (state, child) => copyReplacing(state, formatScratchFor(child)),
  (libc) => new MessageState(libc),
);

/** The variables of <error.h>: wherever a copy relocation put them, else in libc's data area. */
function variable(libc: LibcProcess, name: string): number {
  return objectCell(libc, name);
}

/** printf-formats `format` with `args` into host bytes (a copy: the sink is reused); argp's messages too. */
export function formatMessage(libc: LibcProcess, format: number, args: VarArgs): Uint8Array {
  const state = states.of(libc);
  const memory = libc.memory;
  const length = cStringLength(memory, format);
  state.sink.reset();
  abortOnFortifyFailure(libc, () =>
    formatPrintf(memory.bytes.subarray(format, format + length + 1), 0, args, state.env, state.sink),
  );
  return state.sink.bytes.slice(0, state.sink.length);
}

/** The FILE `stderr` points at now (programs may reassign it). */
function stderrStream(libc: LibcProcess): number {
  return libc.streams.current('stderr', libc.streams.stderr);
}

/** Writes to stderr; the write may wait (../stdio/stream-io.ts). */
function* put(libc: LibcProcess, piece: Uint8Array | string): StreamIo {
  const bytes = typeof piece === 'string' ? Buffer.from(piece, 'latin1') : piece;
  if (bytes.length > 0) yield* libc.streams.write(stderrStream(libc), bytes, 0, bytes.length);
  return 0;
}

/** A C string variable's text (program_invocation_name, __progname), '' when NULL. */
function nameIn(libc: LibcProcess, cellName: string): string {
  const pointer = loadPointer(libc.memory, objectCell(libc, cellName));
  return pointer === 0 ? '' : cString(libc.memory, pointer);
}

// ---- <err.h> ----

/** vwarn/vwarnx: "name: " [message] (": strerror(errno)" when withErrno) "\n"; errno kept. */
function* warnMessage(libc: LibcProcess, format: number, args: VarArgs, withErrno: boolean): StreamIo {
  const errno = libc.errno;
  const message = format !== 0 ? formatMessage(libc, format, args) : undefined;
  yield* put(libc, `${nameIn(libc, '__progname')}: `);
  if (message !== undefined) {
    yield* put(libc, message);
    if (withErrno) yield* put(libc, `: ${errnoMessage(errno)}\n`);
    else yield* put(libc, '\n');
  } else {
    yield* put(libc, withErrno ? `${errnoMessage(errno)}\n` : '\n');
  }
  libc.errno = errno;
  return 0;
}

/** The variadic arguments after `fixed` integer ones of the call in `f`. */
export function registerArgs(libc: LibcProcess, f: CallFrame, fixed: number): VarArgs {
  return states.of(libc).registerArgs.start(f, fixed);
}

/** The arguments of the va_list at `address`. */
export function vaList(libc: LibcProcess, address: number): VarArgs {
  return states.of(libc).vaListArgs.start(address);
}

function* warnThenExit(
  libc: LibcProcess,
  status: number,
  format: number,
  args: VarArgs,
  withErrno: boolean,
): HostGenerator {
  yield* warnMessage(libc, format, args, withErrno);
  return yield* exitSequence(libc, status);
}

// ---- <error.h> ----

/** glibc's flush_stdout: fflush(stdout) when its descriptor is open. */
function* flushStdout(libc: LibcProcess): StreamIo {
  const stdout = libc.streams.current('stdout', libc.streams.stdout);
  if (libc.sys(Sys.fcntl, libc.streams.fileno(stdout), Fcntl.GETFL) >= 0) yield* libc.streams.flush(stdout);
  return 0;
}

/**
 * error/error_at_line after their checks: `prefix` follows the program name ("" for error,
 * the "file:line: " part for error_at_line).
 */
function* reportError(
  libc: LibcProcess,
  status: number,
  errnum: number,
  format: number,
  args: VarArgs,
  nameSeparator: string,
  location: string,
): HostGenerator {
  const message = formatMessage(libc, format, args);
  yield* flushStdout(libc);
  const printName = loadPointer(libc.memory, variable(libc, 'error_print_progname'));
  if (printName !== 0) yield guestCall(printName, [], 'error_print_progname');
  else yield* put(libc, `${nameIn(libc, '__progname_full')}${nameSeparator}`);
  yield* put(libc, location);
  yield* put(libc, message);
  const count = variable(libc, 'error_message_count');
  libc.memory.view.setUint32(count, (libc.memory.view.getUint32(count, true) + 1) >>> 0, true);
  if (errnum !== 0) yield* put(libc, `: ${errnoMessage(errnum)}`);
  yield* put(libc, '\n');
  yield* libc.streams.flush(stderrStream(libc));
  if (status !== 0) return yield* exitSequence(libc, status);
  return undefined;
}

function errorAtLine(
  libc: LibcProcess,
  status: number,
  errnum: number,
  file: number,
  line: number,
  format: number,
  args: VarArgs,
): HostGenerator | undefined {
  const memory = libc.memory;
  if (memory.view.getInt32(variable(libc, 'error_one_per_line'), true) !== 0) {
    const state = states.of(libc);
    const sameFile =
      file === state.previousFile ||
      (state.previousFile !== 0 && file !== 0 && cString(memory, state.previousFile) === cString(memory, file));
    if (state.previousLine === line && sameFile) return undefined;
    state.previousFile = file;
    state.previousLine = line;
  }
  const location = file !== 0 ? `${cString(memory, file)}:${line >>> 0}: ` : ' ';
  return reportError(libc, status, errnum, format, args, ':', location);
}

export const ERR_FUNCTIONS: FunctionTable = {
  warn: (f, libc) => runIo(warnMessage(libc, f.ptr(0), registerArgs(libc, f, 1), true)),
  vwarn: (f, libc) => runIo(warnMessage(libc, f.ptr(0), vaList(libc, f.ptr(1)), true)),
  warnx: (f, libc) => runIo(warnMessage(libc, f.ptr(0), registerArgs(libc, f, 1), false)),
  vwarnx: (f, libc) => runIo(warnMessage(libc, f.ptr(0), vaList(libc, f.ptr(1)), false)),
  err: (f, libc) => warnThenExit(libc, f.int(0), f.ptr(1), registerArgs(libc, f, 2), true),
  verr: (f, libc) => warnThenExit(libc, f.int(0), f.ptr(1), vaList(libc, f.ptr(2)), true),
  errx: (f, libc) => warnThenExit(libc, f.int(0), f.ptr(1), registerArgs(libc, f, 2), false),
  verrx: (f, libc) => warnThenExit(libc, f.int(0), f.ptr(1), vaList(libc, f.ptr(2)), false),
  error: (f, libc) => reportError(libc, f.int(0), f.int(1), f.ptr(2), registerArgs(libc, f, 3), ': ', ''),
  error_at_line: (f, libc) =>
    errorAtLine(libc, f.int(0), f.int(1), f.ptr(2), f.uint(3), f.ptr(4), registerArgs(libc, f, 5)),
};

export const ERR_OBJECTS: ObjectTable = {
  error_message_count: (libc) => variable(libc, 'error_message_count'),
  error_one_per_line: (libc) => variable(libc, 'error_one_per_line'),
  error_print_progname: (libc) => variable(libc, 'error_print_progname'),
};
