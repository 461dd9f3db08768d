// utmp.h and utmpx.h over the login-records files, as glibc 2.36's file backend (login/utmp_file.c)
// behaves: one open file per process (/var/run/utmp unless utmpname named another), read one
// 384-byte record at a time at the process's own offset (pread), under fcntl record locks; the
// searches (getutid, getutline, the place pututline writes) go forward from that offset and
// never wrap; pututline overwrites the entry just read when it matches, else the next matching
// one, else appends (over a partly written last record). A file that does not exist makes every
// reader fail with the open's errno (ENOENT). utmpx is the same structure under other names.
//
// glibc guards its lock waits (F_SETLKW) with a 10-second alarm. Miros libc takes the locks from
// the host without an alarm: a lock is granted at once unless another process of the run holds
// it, and that wait cannot be made from the host (not yet: it would have to run as guest code).

import { OpenFlag, Seek } from '../../kernel/abi/flags.ts';
import { Errno } from '../../kernel/errno.ts';
import type { CallFrame } from '../abi/call-frame.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { checkRead, checkWrite, cString, storePointer } from '../runtime/guest-access.ts';
import { Sys } from '../runtime/kernel-call.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { copyForChild, ProcessState } from '../runtime/process-states.ts';

/** struct utmp and struct utmpx (x86-64): the same 384 bytes. */
const UTMP_SIZE = 384;
const UT_TYPE = 0;
const UT_PID = 4;
const UT_LINE = 8;
const UT_LINE_SIZE = 32;
const UT_ID = 40;
const UT_ID_SIZE = 4;
/** ut_pid through ut_addr_v6: what getutmp/getutmpx copy (not the padding nor __glibc_reserved). */
const UT_COPIED_END = 364;

const enum UtType {
  EMPTY = 0,
  RUN_LVL = 1,
  BOOT_TIME = 2,
  NEW_TIME = 3,
  OLD_TIME = 4,
  INIT_PROCESS = 5,
  LOGIN_PROCESS = 6,
  USER_PROCESS = 7,
  DEAD_PROCESS = 8,
}

const PATH_UTMP = '/var/run/utmp';
const PATH_WTMP = '/var/log/wtmp';

const O_RDONLY = 0;
const O_WRONLY = 1;
const O_RDWR = 2;
const O_LARGEFILE = 0o100000;
const F_SETLKW = 7;
const F_RDLCK = 0;
const F_WRLCK = 1;
const F_UNLCK = 2;
const F_OK = 0;
const ESRCH = 3;
const ENOSPC = 28;

/** The process's position in its utmp file (glibc's file_fd, file_offset, last_entry…). */
class UtmpState {
  fileName = PATH_UTMP;
  fd = -1;
  writable = false;
  /** Byte offset of the next record; -1 after a read error. */
  offset = 0;
  /** The record read last (valid when offset > 0). */
  lastEntry = new Uint8Array(UTMP_SIZE);
  /** Guest memory: the record read, the struct flock, the classic functions' static results. */
  record = 0;
  lock = 0;
  getutentResult = 0;
  getutidResult = 0;
  getutlineResult = 0;
}

const states = new ProcessState<UtmpState>('login/utmp-functions state', copyForChild, (libc) => {
  const state = new UtmpState();
  state.record = libc.data.allocate(UTMP_SIZE, 16);
  state.lock = libc.data.allocate(32, 16);
  state.getutentResult = libc.data.allocate(UTMP_SIZE, 16);
  state.getutidResult = libc.data.allocate(UTMP_SIZE, 16);
  state.getutlineResult = libc.data.allocate(UTMP_SIZE, 16);
  return state;
});

/** Makes a system call with `path` as a guest string in the first argument. */
function withPath(libc: LibcProcess, path: string, call: (address: number) => number): number {
  const bytes = Buffer.from(path, 'latin1');
  const at = libc.heap.allocate(bytes.length + 1);
  if (at === 0) return -12; // -ENOMEM
  libc.memory.bytes.set(bytes, at);
  libc.memory.bytes[at + bytes.length] = 0;
  try {
    return call(at);
  } finally {
    libc.heap.release(at);
  }
}

function exists(libc: LibcProcess, path: string): boolean {
  return withPath(libc, path, (at) => libc.sys(Sys.access, at, F_OK)) === 0;
}

/** glibc's TRANSFORM_UTMP_FILE_NAME: the utmp and utmpx (wtmp and wtmpx) names stand for each other when one is missing. */
function transformedName(libc: LibcProcess, name: string): string {
  for (const [plain, twin] of [
    [PATH_UTMP, `${PATH_UTMP}x`],
    [PATH_WTMP, `${PATH_WTMP}x`],
  ] as const) {
    if (name === twin && !exists(libc, twin)) return plain;
    if (name === plain && !exists(libc, plain)) return twin;
  }
  return name;
}

/** glibc's try_file_lock: false (and errno) when the lock could not be taken. */
function lockFile(libc: LibcProcess, state: UtmpState, fd: number, type: number): boolean {
  libc.memory.bytes.fill(0, state.lock, state.lock + 32);
  libc.memory.view.setInt16(state.lock, type, true);
  return libc.sysResult(libc.sys(Sys.fcntl, fd, F_SETLKW, state.lock)) === 0;
}

function unlockFile(libc: LibcProcess, state: UtmpState, fd: number): void {
  lockFile(libc, state, fd, F_UNLCK);
}

/** setutent's work: opens the file read-only if needed and rewinds; false (errno set) when it cannot be opened. */
function rewind(libc: LibcProcess, state: UtmpState): boolean {
  if (state.fd < 0) {
    state.writable = false;
    const fd = withPath(libc, transformedName(libc, state.fileName), (at) =>
      libc.sys(Sys.open, at, O_RDONLY | O_LARGEFILE | OpenFlag.CLOEXEC),
    );
    if (libc.sysResult(fd) < 0) return false;
    state.fd = fd;
  }
  libc.sys(Sys.lseek, state.fd, 0, Seek.SET);
  state.offset = 0;
  return true;
}

function ensureOpen(libc: LibcProcess, state: UtmpState): boolean {
  return state.fd >= 0 || rewind(libc, state);
}

/** Reads the record at the offset into lastEntry: 1, 0 at the end (or a short record), -1 on error. */
function readNext(libc: LibcProcess, state: UtmpState): number {
  const n = libc.sysResult(libc.sys(Sys.pread64, state.fd, state.record, UTMP_SIZE, state.offset));
  if (n < 0) return -1;
  if (n !== UTMP_SIZE) return 0;
  state.lastEntry = libc.memory.bytes.slice(state.record, state.record + UTMP_SIZE);
  state.offset += UTMP_SIZE;
  return 1;
}

function typeOf(entry: Uint8Array): number {
  return new DataView(entry.buffer, entry.byteOffset, entry.byteLength).getInt16(UT_TYPE, true);
}

/** strncmp(a, b, size) === 0 over two fields. */
function sameField(a: Uint8Array, b: Uint8Array, offset: number, size: number): boolean {
  for (let i = offset; i < offset + size; i++) {
    if (a[i] !== b[i]) return false;
    if (a[i] === 0) return true;
  }
  return true;
}

function isProcessType(type: number): boolean {
  return (
    type === UtType.INIT_PROCESS ||
    type === UtType.LOGIN_PROCESS ||
    type === UtType.USER_PROCESS ||
    type === UtType.DEAD_PROCESS
  );
}

function isTimeType(type: number): boolean {
  return type === UtType.RUN_LVL || type === UtType.BOOT_TIME || type === UtType.OLD_TIME || type === UtType.NEW_TIME;
}

/**
 * glibc's matches(): the time-like types match by type; process entries match process entries by
 * ut_id when both have one, else by ut_line.
 */
function matches(wanted: Uint8Array, entry: Uint8Array): boolean {
  const type = typeOf(wanted);
  if (isTimeType(type)) return type === typeOf(entry);
  if (!isProcessType(typeOf(entry)) || !isProcessType(type)) return false;
  return entry[UT_ID] !== 0 && wanted[UT_ID] !== 0
    ? sameField(entry, wanted, UT_ID, UT_ID_SIZE)
    : sameField(entry, wanted, UT_LINE, UT_LINE_SIZE);
}

/** Reads forward until an entry matches `wanted`: true, or false with errno (ESRCH at the end). */
function searchForward(libc: LibcProcess, state: UtmpState, wanted: Uint8Array): boolean {
  for (;;) {
    const n = readNext(libc, state);
    if (n < 0) return false;
    if (n === 0) {
      libc.errno = ESRCH;
      return false;
    }
    if (matches(wanted, state.lastEntry)) return true;
  }
}

function readRecord(libc: LibcProcess, address: number): Uint8Array {
  checkRead(libc.memory, address, UTMP_SIZE);
  return libc.memory.bytes.slice(address, address + UTMP_SIZE);
}

function storeRecord(libc: LibcProcess, address: number, entry: Uint8Array): void {
  checkWrite(libc.memory, address, UTMP_SIZE);
  libc.memory.bytes.set(entry, address);
}

/** getutent_r: 0 with *result = buffer, or -1 with *result = NULL. */
function getutentInto(libc: LibcProcess, buffer: number, result: number): number {
  const state = states.of(libc);
  storePointer(libc.memory, result, 0);
  if (!ensureOpen(libc, state)) return -1;
  if (!lockFile(libc, state, state.fd, F_RDLCK)) return -1;
  const n = readNext(libc, state);
  unlockFile(libc, state, state.fd);
  if (n <= 0) return -1;
  storeRecord(libc, buffer, state.lastEntry);
  storePointer(libc.memory, result, buffer);
  return 0;
}

/** getutid_r: EINVAL for a type that is none of utmp's, then the search from the offset. */
function getutidInto(libc: LibcProcess, id: number, buffer: number, result: number): number {
  const state = states.of(libc);
  const wanted = readRecord(libc, id);
  storePointer(libc.memory, result, 0);
  if (!isTimeType(typeOf(wanted)) && !isProcessType(typeOf(wanted))) {
    libc.errno = Errno.EINVAL;
    return -1;
  }
  if (!ensureOpen(libc, state)) return -1;
  if (!lockFile(libc, state, state.fd, F_RDLCK)) return -1;
  const found = searchForward(libc, state, wanted);
  unlockFile(libc, state, state.fd);
  if (!found) return -1;
  storeRecord(libc, buffer, state.lastEntry);
  storePointer(libc.memory, result, buffer);
  return 0;
}

/** getutline_r: the next LOGIN_PROCESS or USER_PROCESS entry of that ut_line. */
function getutlineInto(libc: LibcProcess, line: number, buffer: number, result: number): number {
  const state = states.of(libc);
  const wanted = readRecord(libc, line);
  storePointer(libc.memory, result, 0);
  if (!ensureOpen(libc, state)) return -1;
  if (!lockFile(libc, state, state.fd, F_RDLCK)) return -1;
  for (;;) {
    const n = readNext(libc, state);
    if (n <= 0) {
      unlockFile(libc, state, state.fd);
      if (n === 0) libc.errno = ESRCH;
      return -1;
    }
    const type = typeOf(state.lastEntry);
    if (
      (type === UtType.USER_PROCESS || type === UtType.LOGIN_PROCESS) &&
      sameField(wanted, state.lastEntry, UT_LINE, UT_LINE_SIZE)
    )
      break;
  }
  unlockFile(libc, state, state.fd);
  storeRecord(libc, buffer, state.lastEntry);
  storePointer(libc.memory, result, buffer);
  return 0;
}

/** A classic function's result: its static struct, or NULL. */
function classic(libc: LibcProcess, slot: number, fill: (buffer: number, result: number) => number): number {
  const result = libc.scratch;
  return fill(slot, result) === 0 ? slot : 0;
}

/** pututline: returns `data` itself on success (as glibc), NULL with errno otherwise. */
function pututline(libc: LibcProcess, data: number): number {
  const state = states.of(libc);
  const entry = readRecord(libc, data);
  if (!ensureOpen(libc, state)) return 0;
  if (!state.writable) {
    const fd = withPath(libc, transformedName(libc, state.fileName), (at) =>
      libc.sys(Sys.open, at, O_RDWR | O_LARGEFILE | OpenFlag.CLOEXEC),
    );
    if (libc.sysResult(fd) < 0) return 0;
    const moved = libc.sys(Sys.dup2, fd, state.fd);
    libc.sys(Sys.close, fd);
    if (libc.sysResult(moved) < 0) return 0;
    state.writable = true;
  }
  if (!lockFile(libc, state, state.fd, F_WRLCK)) return 0;
  let found = false;
  if (state.offset > 0 && matches(entry, state.lastEntry)) {
    // Read the entry again under the write lock: another writer may have changed it.
    state.offset -= UTMP_SIZE;
    const n = readNext(libc, state);
    if (n < 0) {
      unlockFile(libc, state, state.fd);
      return 0;
    }
    found = n > 0 && matches(entry, state.lastEntry);
  }
  if (!found) found = searchForward(libc, state, entry);
  let writeOffset: number;
  if (found) writeOffset = state.offset - UTMP_SIZE;
  else {
    const end = libc.sys(Sys.lseek, state.fd, 0, Seek.END);
    writeOffset = Math.floor(end / UTMP_SIZE) * UTMP_SIZE;
  }
  const sought = libc.sysResult(libc.sys(Sys.lseek, state.fd, writeOffset, Seek.SET));
  const written = sought < 0 ? -1 : libc.sysResult(libc.sys(Sys.write, state.fd, data, UTMP_SIZE));
  if (written < 0) {
    unlockFile(libc, state, state.fd);
    return 0;
  }
  if (written !== UTMP_SIZE) {
    if (!found) libc.sys(Sys.ftruncate, state.fd, writeOffset);
    unlockFile(libc, state, state.fd);
    libc.errno = ENOSPC;
    return 0;
  }
  unlockFile(libc, state, state.fd);
  state.offset = writeOffset + UTMP_SIZE;
  return data;
}

function endutent(libc: LibcProcess): void {
  const state = states.of(libc);
  if (state.fd >= 0) libc.sys(Sys.close, state.fd);
  state.fd = -1;
}

/** utmpname: closes the file and remembers the new name (used from the next call on). */
function utmpname(libc: LibcProcess, file: number): number {
  const state = states.of(libc);
  const name = cString(libc.memory, file);
  endutent(libc);
  state.fileName = name;
  return 0;
}

/** updwtmp: appends one record (after cutting a partial last one); failures leave errno only. */
function updwtmp(libc: LibcProcess, file: number, entry: number): void {
  const state = states.of(libc);
  const fd = withPath(libc, transformedName(libc, cString(libc.memory, file)), (at) =>
    libc.sys(Sys.open, at, O_WRONLY | O_LARGEFILE),
  );
  if (libc.sysResult(fd) < 0) return;
  if (lockFile(libc, state, fd, F_WRLCK)) {
    let offset = libc.sys(Sys.lseek, fd, 0, Seek.END);
    let ready = true;
    if (offset % UTMP_SIZE !== 0) {
      offset -= offset % UTMP_SIZE;
      libc.sys(Sys.ftruncate, fd, offset);
      ready = libc.sysResult(libc.sys(Sys.lseek, fd, 0, Seek.END)) >= 0;
    }
    if (ready && libc.sysResult(libc.sys(Sys.write, fd, entry, UTMP_SIZE)) !== UTMP_SIZE)
      libc.sys(Sys.ftruncate, fd, offset);
    unlockFile(libc, state, fd);
  }
  libc.sys(Sys.close, fd);
}

/** getutmp/getutmpx: the fields from ut_type to ut_addr_v6, one by one (the padding and the reserved bytes stay). */
function copyEntry(f: CallFrame, libc: LibcProcess): number {
  const from = readRecord(libc, f.ptr(0));
  const to = f.ptr(1);
  checkWrite(libc.memory, to, UTMP_SIZE);
  libc.memory.bytes.set(from.subarray(UT_TYPE, UT_TYPE + 2), to + UT_TYPE);
  libc.memory.bytes.set(from.subarray(UT_PID, UT_COPIED_END), to + UT_PID);
  return 0;
}

const getutent = (_f: CallFrame, libc: LibcProcess) =>
  classic(libc, states.of(libc).getutentResult, (b, r) => getutentInto(libc, b, r));
const getutid = (f: CallFrame, libc: LibcProcess) =>
  classic(libc, states.of(libc).getutidResult, (b, r) => getutidInto(libc, f.ptr(0), b, r));
const getutline = (f: CallFrame, libc: LibcProcess) =>
  classic(libc, states.of(libc).getutlineResult, (b, r) => getutlineInto(libc, f.ptr(0), b, r));
const setutent = (_f: CallFrame, libc: LibcProcess) => {
  rewind(libc, states.of(libc));
  return 0;
};
const endutentFunction = (_f: CallFrame, libc: LibcProcess) => {
  endutent(libc);
  return 0;
};
const putut = (f: CallFrame, libc: LibcProcess) => pututline(libc, f.ptr(0));
const name = (f: CallFrame, libc: LibcProcess) => utmpname(libc, f.ptr(0));
const append = (f: CallFrame, libc: LibcProcess) => {
  updwtmp(libc, f.ptr(0), f.ptr(1));
  return 0;
};

export const UTMP_FUNCTIONS: FunctionTable = {
  setutent,
  setutxent: setutent,
  getutent,
  getutxent: getutent,
  getutent_r: (f, libc) => getutentInto(libc, f.ptr(0), f.ptr(1)),
  getutid,
  getutxid: getutid,
  getutid_r: (f, libc) => getutidInto(libc, f.ptr(0), f.ptr(1), f.ptr(2)),
  getutline,
  getutxline: getutline,
  getutline_r: (f, libc) => getutlineInto(libc, f.ptr(0), f.ptr(1), f.ptr(2)),
  pututline: putut,
  pututxline: putut,
  endutent: endutentFunction,
  endutxent: endutentFunction,
  utmpname: name,
  utmpxname: name,
  updwtmp: append,
  updwtmpx: append,
  getutmp: copyEntry,
  getutmpx: copyEntry,
};
