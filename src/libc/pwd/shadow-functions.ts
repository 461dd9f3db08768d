// shadow.h over /etc/shadow (the "files" source, read afresh by each lookup as ./user-database.ts
// reads passwd and group): getspnam(_r), getspent(_r)/setspent/endspent, sgetspent(_r), and the
// password-file lock lckpwdf/ulckpwdf. The line parser is glibc 2.36's (nss_files' shadow
// parser, recorded in tests/libc-runtime/programs/shadow.c): name and password, then the day
// counts, each empty (-1), a 32-bit unsigned number (larger or negative: the line is refused) seen
// as an int, followed by ':' or the end; after sp_max the line may end (the old form); a name
// beginning with '+' or '-' alone on its line is a compat entry with zero counts.

import { OpenFlag } from '../../kernel/abi/flags.ts';
import { Errno } from '../../kernel/errno.ts';
import type { CallFrame } from '../abi/call-frame.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { checkWrite, cString, storePointer } from '../runtime/guest-access.ts';
import { Sys } from '../runtime/kernel-call.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { copyForChild, ProcessState } from '../runtime/process-states.ts';
import {
  type Enumeration,
  type Found,
  nextEntry,
  readDatabase,
  reentrantLookup,
  reentrantNext,
} from './user-database.ts';

const SHADOW_FILE = '/etc/shadow';
const LOCK_FILE = '/etc/.pwd.lock';

/** struct spwd (x86-64): two strings, six longs, an unsigned long. */
const SPWD_SIZE = 72;
const SP_NAMP = 0;
const SP_PWDP = 8;
const SP_LSTCHG = 16;
const SP_FLAG = 64;
/** sp_flag's "not set": ~0ul. */
const NO_FLAG = 0xffffffffffffffffn;

export interface ShadowEntry {
  name: string;
  /** null for a compat (+/-) entry, as glibc leaves sp_pwdp. */
  passwd: string | null;
  /** lstchg, min, max, warn, inact, expire. */
  days: [number, number, number, number, number, number];
  flag: bigint;
}

/**
 * One day-count field at `at` (glibc's INT_FIELD_MAYBE_NULL over strtoul, capped at 32 bits):
 * the value and where parsing goes on, or undefined when the line is refused.
 */
function numberField(line: string, at: number, last: boolean): { value: bigint | undefined; next: number } | undefined {
  if (at >= line.length) return undefined;
  const match = /^[ \t\n\v\f\r]*([+-]?)([0-9]*)/.exec(line.slice(at))!;
  let value: bigint | undefined;
  let end = at;
  if (match[2] !== '') {
    const magnitude = BigInt(match[2]!);
    // strtoul: a '-' negates modulo 2^64, so any negative value but -0 is beyond 32 bits.
    const unsigned = match[1] === '-' && magnitude !== 0n ? (1n << 64n) - magnitude : magnitude;
    if (unsigned > 0xffffffffn) return undefined;
    value = unsigned;
    end = at + match[0].length;
  }
  if (end < line.length) {
    if (last || line[end] !== ':') return undefined;
    end++;
  }
  return { value, next: end };
}

/** A 32-bit field as glibc stores it in a long: (long)(int) value, or -1 when empty. */
function asDays(value: bigint | undefined): number {
  return value === undefined ? -1 : Number(BigInt.asIntN(32, value));
}

/** glibc's shadow line parser; undefined when it refuses the line. */
export function parseShadowLine(text: string): ShadowEntry | undefined {
  const newline = text.indexOf('\n');
  const line = newline < 0 ? text : text.slice(0, newline);
  const nameEnd = line.indexOf(':');
  const name = nameEnd < 0 ? line : line.slice(0, nameEnd);
  let at = nameEnd < 0 ? line.length : nameEnd + 1;
  if (at >= line.length && (name.startsWith('+') || name.startsWith('-')))
    return { name, passwd: null, days: [0, 0, 0, -1, -1, -1], flag: NO_FLAG };
  const passwordEnd = line.indexOf(':', at);
  const passwd = passwordEnd < 0 ? line.slice(at) : line.slice(at, passwordEnd);
  at = passwordEnd < 0 ? line.length : passwordEnd + 1;
  const days: number[] = [];
  for (let i = 0; i < 3; i++) {
    const field = numberField(line, at, false);
    if (field === undefined) return undefined;
    days.push(asDays(field.value));
    at = field.next;
  }
  while (at < line.length && ' \t\n\v\f\r'.includes(line[at]!)) at++;
  if (at >= line.length) return { name, passwd, days: [days[0]!, days[1]!, days[2]!, -1, -1, -1], flag: NO_FLAG };
  for (let i = 0; i < 3; i++) {
    const field = numberField(line, at, false);
    if (field === undefined) return undefined;
    days.push(asDays(field.value));
    at = field.next;
  }
  let flag = NO_FLAG;
  if (at < line.length) {
    const field = numberField(line, at, true);
    if (field === undefined) return undefined;
    if (field.value !== undefined) flag = field.value;
  }
  return { name, passwd, days: days as ShadowEntry['days'], flag };
}

function shadowEntries(lines: readonly string[]): ShadowEntry[] {
  const entries: ShadowEntry[] = [];
  for (const line of lines) {
    const entry = parseShadowLine(line);
    if (entry !== undefined) entries.push(entry);
  }
  return entries;
}

/**
 * Bytes an entry's strings take in a buffer. glibc parses the line in place and needs room for the
 * whole line: a buffer between the two sizes succeeds here where glibc says ERANGE.
 */
export function shadowBufferSize(entry: ShadowEntry): number {
  return entry.name.length + 1 + (entry.passwd === null ? 0 : entry.passwd.length + 1);
}

/** Lays the entry out: struct at `struct`, strings in [buffer, buffer + size); false when they do not fit. */
export function storeShadow(
  libc: LibcProcess,
  entry: ShadowEntry,
  struct: number,
  buffer: number,
  size: number,
): boolean {
  if (shadowBufferSize(entry) > size) return false;
  checkWrite(libc.memory, struct, SPWD_SIZE);
  const put = (at: number, text: string) => {
    libc.memory.bytes.set(Buffer.from(text, 'latin1'), at);
    libc.memory.bytes[at + text.length] = 0;
    return at + text.length + 1;
  };
  storePointer(libc.memory, struct + SP_NAMP, buffer);
  const next = put(buffer, entry.name);
  if (entry.passwd === null) storePointer(libc.memory, struct + SP_PWDP, 0);
  else {
    storePointer(libc.memory, struct + SP_PWDP, next);
    put(next, entry.passwd);
  }
  entry.days.forEach((value, i) => {
    libc.memory.view.setBigInt64(struct + SP_LSTCHG + 8 * i, BigInt(value), true);
  });
  libc.memory.view.setBigUint64(struct + SP_FLAG, entry.flag, true);
  return true;
}

class ShadowState {
  /** The classic functions' static struct and string buffer (getspnam, getspent, sgetspent). */
  struct = 0;
  buffer = 0;
  capacity = 0;
  readonly enumeration: Enumeration<ShadowEntry> = { entries: undefined, next: 0 };
  /** lckpwdf's descriptor (-1: not locked). */
  lockFd = -1;
}

const states = new ProcessState<ShadowState>('pwd/shadow-functions state', copyForChild, () => new ShadowState());

/** A classic function's result in the static struct: its address, or 0 (ENOMEM when the buffer cannot grow). */
function holdStatic(libc: LibcProcess, entry: ShadowEntry): number {
  const state = states.of(libc);
  if (state.struct === 0) state.struct = libc.data.allocate(SPWD_SIZE, 16);
  const size = shadowBufferSize(entry);
  if (size > state.capacity) {
    if (state.buffer !== 0) libc.heap.release(state.buffer);
    state.buffer = libc.heap.allocate(size);
    state.capacity = state.buffer === 0 ? 0 : size;
    if (state.buffer === 0) {
      libc.errno = Errno.ENOMEM;
      return 0;
    }
  }
  storeShadow(libc, entry, state.struct, state.buffer, state.capacity);
  return state.struct;
}

/** getspnam's match: nss_files never matches a +/- name. */
function findByName(libc: LibcProcess, name: string): Found<ShadowEntry> {
  const database = readDatabase(libc, SHADOW_FILE);
  if ('errno' in database) return database;
  if (name.startsWith('+') || name.startsWith('-')) return { entry: undefined };
  return { entry: shadowEntries(database.lines).find((e) => e.name === name) };
}

function classic(libc: LibcProcess, found: Found<ShadowEntry>): number {
  if ('errno' in found) {
    libc.errno = found.errno;
    return 0;
  }
  return found.entry === undefined ? 0 : holdStatic(libc, found.entry);
}

/**
 * sgetspent_r: the string must fit the buffer with its NUL (else ERANGE), then it is parsed; a
 * refused line gives *result NULL and returns errno as it stands (glibc returns errno unchanged).
 */
function sgetspentInto(f: CallFrame, libc: LibcProcess): number {
  const text = cString(libc.memory, f.ptr(0));
  const size = f.ulong(3);
  const result = f.ptr(4);
  if (text.length + 1 > size) return Errno.ERANGE;
  const entry = parseShadowLine(text);
  storePointer(libc.memory, result, 0);
  if (entry === undefined) return libc.errno;
  if (!storeShadow(libc, entry, f.ptr(1), f.ptr(2), size)) return Errno.ERANGE;
  storePointer(libc.memory, result, f.ptr(1));
  return 0;
}

const O_WRONLY = 1;
const O_CREAT = 0o100;
const F_SETLKW = 7;
const F_WRLCK = 1;

/** lckpwdf: opens (creating, mode 0600) /etc/.pwd.lock and takes a write lock on it: 0, or -1. */
function lckpwdf(libc: LibcProcess): number {
  const state = states.of(libc);
  if (state.lockFd !== -1) return -1;
  const path = libc.heap.allocate(LOCK_FILE.length + 1);
  if (path === 0) return -1;
  libc.memory.bytes.set(Buffer.from(LOCK_FILE, 'latin1'), path);
  libc.memory.bytes[path + LOCK_FILE.length] = 0;
  const fd = libc.sysResult(libc.sys(Sys.open, path, O_WRONLY | O_CREAT | OpenFlag.CLOEXEC, 0o600));
  libc.heap.release(path);
  if (fd < 0) return -1;
  // Taken from the host without glibc's 15-second alarm: another process's lock cannot be waited for here yet.
  const lock = libc.scratch;
  libc.memory.bytes.fill(0, lock, lock + 32);
  libc.memory.view.setInt16(lock, F_WRLCK, true);
  if (libc.sysResult(libc.sys(Sys.fcntl, fd, F_SETLKW, lock)) < 0) {
    libc.sys(Sys.close, fd);
    return -1;
  }
  state.lockFd = fd;
  return 0;
}

/** ulckpwdf: closing the descriptor drops the lock; -1 when nothing was locked. */
function ulckpwdf(libc: LibcProcess): number {
  const state = states.of(libc);
  if (state.lockFd === -1) return -1;
  const result = libc.sysResult(libc.sys(Sys.close, state.lockFd));
  state.lockFd = -1;
  return result;
}

const setspent = (_f: CallFrame, libc: LibcProcess) => {
  states.of(libc).enumeration.entries = undefined;
  return 0;
};

export const SHADOW_FUNCTIONS: FunctionTable = {
  getspnam: (f, libc) => classic(libc, findByName(libc, cString(libc.memory, f.ptr(0)))),
  getspnam_r: (f, libc) =>
    reentrantLookup(
      libc,
      findByName(libc, cString(libc.memory, f.ptr(0))),
      storeShadow,
      f.ptr(1),
      f.ptr(2),
      f.ulong(3),
      f.ptr(4),
    ),
  getspent: (_f, libc) => classic(libc, nextEntry(libc, states.of(libc).enumeration, SHADOW_FILE, shadowEntries)),
  getspent_r: (f, libc) =>
    reentrantNext(
      libc,
      states.of(libc).enumeration,
      SHADOW_FILE,
      shadowEntries,
      storeShadow,
      f.ptr(0),
      f.ptr(1),
      f.ulong(2),
      f.ptr(3),
    ),
  setspent,
  endspent: setspent,
  sgetspent: (f, libc) => {
    const entry = parseShadowLine(cString(libc.memory, f.ptr(0)));
    return entry === undefined ? 0 : holdStatic(libc, entry);
  },
  sgetspent_r: sgetspentInto,
  lckpwdf: (_f, libc) => lckpwdf(libc),
  ulckpwdf: (_f, libc) => ulckpwdf(libc),
};
