// <syslog.h> as glibc 2.36's misc/syslog.c behaves: openlog, closelog, setlogmask, syslog, vsyslog
// and the fortified __syslog_chk/__vsyslog_chk.
//
// A message is formatted as `<PRI>Mmm dd hh:mm:ss ident[pid]: text` (the timestamp in local time,
// C-locale "%h %e %T "; the ident is openlog's pointer — kept, not copied — or __progname; "[pid]"
// only with LOG_PID) and sent on an AF_UNIX socket connected to /dev/log (SOCK_DGRAM first,
// SOCK_STREAM after EPROTOTYPE, which then also sends the terminating NUL). The connection is made
// on first use or by openlog with LOG_NDELAY; a failed send reconnects once, then gives up until
// the next message and, with LOG_CONS, writes `ident[pid]: text\r\n` to /dev/console. With
// LOG_PERROR the part from the ident on goes to stderr (descriptor 2) with a newline unless it
// ends with one. Priorities outside LOG_PRIMASK|LOG_FACMASK are reported through syslog itself
// and masked (glibc's INTERNALLOG, LOG_ERR|LOG_CONS|LOG_PERROR|LOG_PID, is passed as a priority:
// LOG_ERR in facility 4, LOG_AUTH, since the option bits are facility bits there); setlogmask's mask drops priorities before anything is
// formatted; a message without a facility gets openlog's (LOG_USER by default). %m is errno as it
// was on entry; errno is not restored at the end (a failed send leaves its error, as natively),
// but a failed connect leaves errno as it was before it.
import { Errno } from '../../kernel/errno.ts';
import type { CallFrame } from '../abi/call-frame.ts';
import { RegisterVarArgs, VaListArgs } from '../abi/var-args.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { cStringLength, cStringView, loadPointer } from '../runtime/guest-access.ts';
import { Sys } from '../runtime/kernel-call.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { copyReplacing, ProcessState } from '../runtime/process-states.ts';
import { objectCell } from '../start/startup.ts';
import type { VarArgs } from '../stdio/format/format-io.ts';
import { formatPrintf, type PrintfOptions } from '../stdio/format/printf.ts';
import { CollectingSink, GuestFormatEnvironment } from '../stdio/format-environment.ts';
import { formatScratchFor } from '../stdio/format-scratch.ts';
import { abortOnFortifyFailure } from '../stdio/stdio-functions.ts';
import { MONTHS } from '../time/calendar.ts';
import { localTime } from '../time/time-zone.ts';

const LOG_PID = 0x01;
const LOG_CONS = 0x02;
const LOG_NDELAY = 0x08;
const LOG_PERROR = 0x20;
const LOG_PRIMASK = 0x07;
const LOG_FACMASK = 0x3f8;
const LOG_USER = 1 << 3;
const LOG_ERR = 3;
/** glibc's INTERNALLOG: openlog option bits or'ed into a priority, for its own complaint. */
const INTERNAL_PRIORITY = LOG_ERR | LOG_CONS | LOG_PERROR | LOG_PID;

const AF_UNIX = 1;
const SOCK_STREAM = 1;
const SOCK_DGRAM = 2;
const SOCK_CLOEXEC = 0o2000000;
const MSG_NOSIGNAL = 0x4000;
const O_WRONLY = 0o1;
const O_NOCTTY = 0o400;
const O_CLOEXEC = 0o2000000;
const SOCKET_CALL = 41;
const CONNECT_CALL = 42;
const SENDTO_CALL = 44;
/** sizeof(struct sockaddr_un): glibc connects with the whole structure. */
const SOCKADDR_UN_SIZE = 110;
const LOG_PATH = '/dev/log';
const CONSOLE_PATH = '/dev/console';

/** The per-process state glibc keeps in misc/syslog.c's statics. */
class SyslogState {
  /** openlog's ident (a guest pointer, 0 for __progname). */
  tag = 0;
  options = 0;
  facility = LOG_USER;
  mask = 0xff;
  descriptor = -1;
  connected = false;
  socketType = SOCK_DGRAM;
  readonly sink = new CollectingSink();
  readonly env: GuestFormatEnvironment;
  readonly registerArgs = new RegisterVarArgs();
  readonly vaListArgs: VaListArgs;
  /** sockaddr_un for /dev/log and the console's path, in libc's data area. */
  readonly address: number;
  readonly consolePath: number;

  constructor(libc: LibcProcess) {
    this.env = new GuestFormatEnvironment(libc);
    this.vaListArgs = new VaListArgs(libc.memory);
    this.address = libc.data.allocate(SOCKADDR_UN_SIZE + 2, 8);
    const view = libc.memory.view;
    view.setUint16(this.address, AF_UNIX, true);
    libc.memory.bytes.set(Buffer.from(`${LOG_PATH}\0`, 'latin1'), this.address + 2);
    this.consolePath = libc.data.allocate(CONSOLE_PATH.length + 1, 1);
    libc.memory.bytes.set(Buffer.from(`${CONSOLE_PATH}\0`, 'latin1'), this.consolePath);
  }
}

const states = new ProcessState<SyslogState>(
  'syslog/syslog-functions states',
  (state, child) => copyReplacing(state, formatScratchFor(child)),
  (libc) => new SyslogState(libc),
);

/** openlog_internal: records the options, and connects now with LOG_NDELAY or when asked. */
function openlogInternal(
  libc: LibcProcess,
  state: SyslogState,
  ident: number,
  options: number,
  facility: number,
): void {
  if (ident !== 0) state.tag = ident;
  state.options = options;
  if ((facility & ~LOG_FACMASK) === 0) state.facility = facility;
  for (let retry = 0; retry < 2; ) {
    if (state.descriptor === -1 && (state.options & LOG_NDELAY) !== 0) {
      const fd = libc.sys(SOCKET_CALL, AF_UNIX, state.socketType | SOCK_CLOEXEC, 0);
      if (fd < 0) {
        libc.errno = -fd;
        return;
      }
      state.descriptor = fd;
    }
    if (state.descriptor !== -1 && !state.connected) {
      const result = libc.sys(CONNECT_CALL, state.descriptor, state.address, SOCKADDR_UN_SIZE);
      if (result < 0) {
        // The socket goes; errno is left as it was before the connect.
        libc.sys(Sys.close, state.descriptor);
        state.descriptor = -1;
        if (-result === Errno.EPROTOTYPE) {
          state.socketType = state.socketType === SOCK_DGRAM ? SOCK_STREAM : SOCK_DGRAM;
          retry++;
          continue;
        }
      } else state.connected = true;
    }
    break;
  }
}

function closelogInternal(libc: LibcProcess, state: SyslogState): void {
  if (!state.connected) return;
  libc.sys(Sys.close, state.descriptor);
  state.descriptor = -1;
  state.connected = false;
}

/** "Mmm dd hh:mm:ss " of the local time now, or undefined when localtime fails. */
function timestamp(libc: LibcProcess): string | undefined {
  const now = libc.sys(Sys.time, 0);
  const tm = localTime(libc, now, false);
  if (tm === undefined) return undefined;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${MONTHS[tm.mon]!.slice(0, 3)} ${String(tm.mday).padStart(2, ' ')} ${two(tm.hour)}:${two(tm.min)}:${two(tm.sec)} `;
}

/** Sends the message at `buffer` on the connection: whether it went. */
function send(libc: LibcProcess, state: SyslogState, buffer: number, length: number): boolean {
  if (!state.connected) return false;
  const result = libc.sys(SENDTO_CALL, state.descriptor, buffer, length, MSG_NOSIGNAL, 0, 0);
  if (result < 0) libc.errno = -result;
  return result >= 0;
}

/** Writes bytes at a guest buffer to a descriptor, to the end or the first failure. */
function writeAll(libc: LibcProcess, fd: number, buffer: number, length: number): void {
  for (let done = 0; done < length; ) {
    const n = libc.sys(Sys.write, fd, buffer + done, length - done);
    if (n < 0) libc.errno = -n;
    if (n <= 0) return;
    done += n;
  }
}

/** setlogmask's test: LOG_MASK(LOG_PRI(priority)) in the mask. */
function isLogged(state: SyslogState, priority: number): boolean {
  return ((1 << (priority & LOG_PRIMASK)) & state.mask) !== 0;
}

function vsyslog(
  libc: LibcProcess,
  priority: number,
  format: number,
  args: VarArgs,
  options?: PrintfOptions,
): undefined {
  const state = states.of(libc);
  const savedErrno = libc.errno;
  let pri = priority;
  if ((pri & ~(LOG_PRIMASK | LOG_FACMASK)) !== 0) {
    const complaint = Buffer.from(`syslog: unknown facility/priority: ${(pri >>> 0).toString(16)}`, 'latin1');
    if (isLogged(state, INTERNAL_PRIORITY)) logMessage(libc, state, INTERNAL_PRIORITY, complaint);
    libc.errno = savedErrno;
    pri &= LOG_PRIMASK | LOG_FACMASK;
  }
  if (!isLogged(state, pri)) return undefined;
  const memory = libc.memory;
  const length = cStringLength(memory, format);
  state.sink.reset();
  abortOnFortifyFailure(libc, () =>
    formatPrintf(memory.bytes.subarray(format, format + length + 1), 0, args, state.env, state.sink, options),
  );
  logMessage(libc, state, pri, state.sink.bytes.slice(0, state.sink.length));
  return undefined;
}

/** __vsyslog_internal after the format: the header, stderr, the logger, the console. */
function logMessage(libc: LibcProcess, state: SyslogState, priority: number, text: Uint8Array): void {
  const pri = (priority & LOG_FACMASK) === 0 ? priority | state.facility : priority;
  const pid = (state.options & LOG_PID) !== 0 ? libc.sys(Sys.getpid) : 0;
  const time = timestamp(libc);
  const tagPointer = state.tag !== 0 ? state.tag : loadPointer(libc.memory, objectCell(libc, '__progname'));
  const tag = tagPointer === 0 ? Buffer.from('(null)') : Buffer.from(cStringView(libc.memory, tagPointer));
  const prefix = Buffer.from(time === undefined ? `<${pri}>: ` : `<${pri}>${time}`, 'latin1');
  // Without a timestamp glibc's header ends where the text starts.
  const ident =
    time === undefined ? Buffer.alloc(0) : Buffer.concat([tag, Buffer.from(pid !== 0 ? `[${pid}]: ` : ': ', 'latin1')]);
  const message = Buffer.concat([prefix, ident, text]);
  const messageStart = prefix.length;
  // One guest buffer: the message, a NUL (a stream socket's record end), room for "\r\n".
  const buffer = libc.heap.allocate(message.length + 3);
  if (buffer === 0) return;
  const bytes = libc.memory.bytes;
  bytes.set(message, buffer);
  bytes[buffer + message.length] = 0;
  if ((state.options & LOG_PERROR) !== 0) {
    const endsWithNewline = message.length > 0 && message[message.length - 1] === 0x0a;
    if (!endsWithNewline) bytes[buffer + message.length] = 0x0a;
    writeAll(libc, 2, buffer + messageStart, message.length - messageStart + (endsWithNewline ? 0 : 1));
    bytes[buffer + message.length] = 0;
  }
  if (!state.connected) openlogInternal(libc, state, 0, state.options | LOG_NDELAY, state.facility);
  const length = message.length + (state.socketType === SOCK_STREAM ? 1 : 0);
  if (!send(libc, state, buffer, length)) {
    if (state.connected) {
      closelogInternal(libc, state);
      openlogInternal(libc, state, 0, state.options | LOG_NDELAY, state.facility);
    }
    if (!send(libc, state, buffer, length)) {
      closelogInternal(libc, state);
      if ((state.options & LOG_CONS) !== 0) {
        const fd = libc.sys(Sys.open, state.consolePath, O_WRONLY | O_NOCTTY | O_CLOEXEC, 0);
        if (fd < 0) libc.errno = -fd;
        else {
          bytes[buffer + message.length] = 0x0d;
          bytes[buffer + message.length + 1] = 0x0a;
          writeAll(libc, fd, buffer + messageStart, message.length - messageStart + 2);
          libc.sys(Sys.close, fd);
        }
      }
    }
  }
  libc.heap.release(buffer);
}

/** The _chk variants: flag > 0 turns on glibc's fortify checks (%n only in a read-only format). */
function fortified(libc: LibcProcess, flag: number, format: number): PrintfOptions | undefined {
  if (flag <= 0) return undefined;
  return {
    fortify: true,
    formatIsReadOnly: () => {
      const mapping = libc.memory.mappingAt(format);
      return mapping !== undefined && (mapping.prot & 2) === 0;
    },
  };
}

function registerArgs(libc: LibcProcess, f: CallFrame, fixed: number): VarArgs {
  return states.of(libc).registerArgs.start(f, fixed);
}

function vaList(libc: LibcProcess, address: number): VarArgs {
  return states.of(libc).vaListArgs.start(address);
}

export const SYSLOG_FUNCTIONS: FunctionTable = {
  openlog: (f, libc) => {
    openlogInternal(libc, states.of(libc), f.ptr(0), f.int(1), f.int(2));
    return undefined;
  },
  closelog: (_f, libc) => {
    const state = states.of(libc);
    closelogInternal(libc, state);
    state.tag = 0;
    state.socketType = SOCK_DGRAM;
    return undefined;
  },
  setlogmask: (f, libc) => {
    const state = states.of(libc);
    const previous = state.mask;
    if (f.int(0) !== 0) state.mask = f.int(0);
    return previous;
  },
  syslog: (f, libc) => vsyslog(libc, f.int(0), f.ptr(1), registerArgs(libc, f, 2)),
  vsyslog: (f, libc) => vsyslog(libc, f.int(0), f.ptr(1), vaList(libc, f.ptr(2))),
  __syslog_chk: (f, libc) =>
    vsyslog(libc, f.int(0), f.ptr(2), registerArgs(libc, f, 3), fortified(libc, f.int(1), f.ptr(2))),
  __vsyslog_chk: (f, libc) =>
    vsyslog(libc, f.int(0), f.ptr(2), vaList(libc, f.ptr(3)), fortified(libc, f.int(1), f.ptr(2))),
};
