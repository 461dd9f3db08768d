// The multibyte/wide conversions of <wchar.h> and <stdlib.h> in the calling thread's locale:
// mbrtowc, mbrlen, mbsinit, mbsrtowcs, mbsnrtowcs, wcrtomb, wcsrtombs, wcsnrtombs, btowc, wctob,
// the restartless mbtowc/mblen/wctomb/mbstowcs/wcstombs, and their fortified _chk variants.
// mbstate_t (8 bytes) is read into a ShiftState and written back after each call.
import type { FunctionTable } from '../exports/binding-types.ts';
import { currentLocale } from '../locale/locale-state.ts';
import { checkRead, checkWrite, loadPointer, storePointer } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { copyForChild, ProcessState } from '../runtime/process-states.ts';
import { type Decoded, decodeCharacter, encodeCharacter, ILLEGAL, INCOMPLETE, type ShiftState } from './multibyte.ts';

const EILSEQ = 84;
const WEOF = 0xffffffff;
const MBSTATE_SIZE = 8;

/** The hidden mbstate_t each function uses when given NULL (glibc keeps one per function). */
const internalStates = new ProcessState<Map<string, number>>(
  'wchar/multibyte-functions internalStates',
  copyForChild,
  () => new Map(),
);

function internalState(libc: LibcProcess, owner: string): number {
  const map = internalStates.of(libc);
  let address = map.get(owner);
  if (address === undefined) {
    address = libc.data.allocate(MBSTATE_SIZE, 8);
    map.set(owner, address);
  }
  return address;
}

function readState(libc: LibcProcess, address: number): ShiftState {
  checkRead(libc.memory, address, MBSTATE_SIZE);
  const view = libc.memory.view;
  return { count: view.getInt32(address, true), value: view.getUint32(address + 4, true) };
}

function writeState(libc: LibcProcess, address: number, state: ShiftState): void {
  checkWrite(libc.memory, address, MBSTATE_SIZE);
  libc.memory.view.setInt32(address, state.count, true);
  libc.memory.view.setUint32(address + 4, state.value >>> 0, true);
}

/** Readable bytes from `address`, at most `n` (stops at the first unreadable page). */
function readableSpan(libc: LibcProcess, address: number, n: number): number {
  const limit = Math.min(n, 16);
  for (let i = 0; i < limit; i++) {
    checkRead(libc.memory, address + i, 1);
    if (libc.memory.bytes[address + i] === 0) return i + 1;
  }
  return limit;
}

const decoded: Decoded = { length: 0, character: 0 };
const encoded = new Uint8Array(8);

/** mbrtowc: the count of bytes, 0 for the NUL character, or (size_t)-1 / -2. */
export function mbrtowc(libc: LibcProcess, pwc: number, s: number, n: number, ps: number, owner = 'mbrtowc'): number {
  const stateAddress = ps === 0 ? internalState(libc, owner) : ps;
  const state = readState(libc, stateAddress);
  if (s === 0) {
    // As mbrtowc(NULL, "", 1, ps): the initial state again, unless a character was left unfinished.
    const unfinished = state.count !== 0;
    writeState(libc, stateAddress, { count: 0, value: 0 });
    if (!unfinished) return 0;
    libc.errno = EILSEQ;
    return -1;
  }
  const available = readableSpan(libc, s, n);
  decodeCharacter(currentLocale(libc).utf8, libc.memory.bytes, s, available, state, decoded);
  if (decoded.length === ILLEGAL) {
    state.count = 0;
    writeState(libc, stateAddress, state);
    libc.errno = EILSEQ;
    return -1;
  }
  writeState(libc, stateAddress, state);
  if (decoded.length === INCOMPLETE) return INCOMPLETE;
  if (pwc !== 0) {
    checkWrite(libc.memory, pwc, 4);
    libc.memory.view.setUint32(pwc, decoded.character, true);
  }
  return decoded.character === 0 ? 0 : decoded.length;
}

/** wcrtomb: bytes written, or -1 (EILSEQ). A NULL s converts L'\0' into an internal buffer. */
export function wcrtomb(libc: LibcProcess, s: number, wc: number, ps: number): number {
  const stateAddress = ps === 0 ? internalState(libc, 'wcrtomb') : ps;
  const state = readState(libc, stateAddress);
  const character = s === 0 ? 0 : wc >>> 0;
  const length = encodeCharacter(currentLocale(libc).utf8, character, encoded);
  if (length === ILLEGAL) {
    libc.errno = EILSEQ;
    return -1;
  }
  state.count = 0;
  writeState(libc, stateAddress, state);
  if (s !== 0) {
    checkWrite(libc.memory, s, length);
    libc.memory.bytes.set(encoded.subarray(0, length), s);
  }
  return length;
}

/**
 * mbsrtowcs/mbsnrtowcs: converts the string *src (at most `limit` bytes) into dst (at most `len`
 * characters; dst NULL counts only). *src ends NULL after the NUL, else at the first byte not
 * converted.
 */
function mbsnrtowcs(libc: LibcProcess, dst: number, src: number, limit: number, len: number, ps: number): number {
  const stateAddress = ps === 0 ? internalState(libc, 'mbsrtowcs') : ps;
  const state = readState(libc, stateAddress);
  const utf8 = currentLocale(libc).utf8;
  const bytes = libc.memory.bytes;
  let at = loadPointer(libc.memory, src);
  let remaining = limit;
  let count = 0;
  while (dst === 0 || count < len) {
    if (remaining <= 0) break;
    const available = readableSpan(libc, at, remaining);
    decodeCharacter(utf8, bytes, at, available, state, decoded);
    if (decoded.length === ILLEGAL) {
      state.count = 0;
      writeState(libc, stateAddress, state);
      if (dst !== 0) storePointer(libc.memory, src, at);
      libc.errno = EILSEQ;
      return -1;
    }
    if (decoded.length === INCOMPLETE) {
      // Only possible at the byte limit: the partial character waits in the state.
      at += available;
      remaining = 0;
      break;
    }
    if (dst !== 0) {
      checkWrite(libc.memory, dst + 4 * count, 4);
      libc.memory.view.setUint32(dst + 4 * count, decoded.character, true);
    }
    at += decoded.length;
    remaining -= decoded.length;
    if (decoded.character === 0) {
      writeState(libc, stateAddress, state);
      if (dst !== 0) storePointer(libc.memory, src, 0);
      return count;
    }
    count++;
  }
  writeState(libc, stateAddress, state);
  if (dst !== 0) storePointer(libc.memory, src, at);
  return count;
}

/**
 * wcsrtombs/wcsnrtombs: converts the wide string *src (at most `limit` characters) into dst (at most
 * `len` bytes, never a partial character; dst NULL counts only).
 */
function wcsnrtombs(libc: LibcProcess, dst: number, src: number, limit: number, len: number, ps: number): number {
  const stateAddress = ps === 0 ? internalState(libc, 'wcsrtombs') : ps;
  readState(libc, stateAddress);
  const utf8 = currentLocale(libc).utf8;
  let at = loadPointer(libc.memory, src);
  let count = 0;
  for (let converted = 0; converted < limit; converted++) {
    checkRead(libc.memory, at, 4);
    const wc = libc.memory.view.getUint32(at, true);
    const length = encodeCharacter(utf8, wc, encoded);
    if (length === ILLEGAL) {
      if (dst !== 0) storePointer(libc.memory, src, at);
      libc.errno = EILSEQ;
      return -1;
    }
    if (dst !== 0) {
      if (count + length > len) break;
      checkWrite(libc.memory, dst + count, length);
      libc.memory.bytes.set(encoded.subarray(0, length), dst + count);
    }
    if (wc === 0) {
      if (dst !== 0) storePointer(libc.memory, src, 0);
      return count;
    }
    count += length;
    at += 4;
  }
  if (dst !== 0) storePointer(libc.memory, src, at);
  return count;
}

/** mbstowcs/wcstombs: the restartable functions on a private copy of the source pointer. */
function withSourceCell(libc: LibcProcess, source: number, run: (cell: number, state: number) => number): number {
  const scratch = libc.scratch + 400;
  storePointer(libc.memory, scratch, source);
  libc.memory.view.setUint32(scratch + 8, 0, true);
  libc.memory.view.setUint32(scratch + 12, 0, true);
  return run(scratch, scratch + 8);
}

const SIZE_MAX = Number.MAX_SAFE_INTEGER;

function chkFail(libc: LibcProcess): never {
  libc.fatal('*** buffer overflow detected ***: terminated\n');
}

/**
 * mbtowc/mblen: -1 for errors and incomplete characters, and a hidden state back at the initial
 * state (the next call starts a new character, as glibc's).
 */
function restartless(libc: LibcProcess, state: number, result: number): number {
  if (result >= 0) return result;
  writeState(libc, state, { count: 0, value: 0 });
  if (result === INCOMPLETE) libc.errno = EILSEQ;
  return -1;
}

export const MULTIBYTE_FUNCTIONS: FunctionTable = {
  mbrtowc: (f, libc) => mbrtowc(libc, f.ptr(0), f.ptr(1), f.ulong(2), f.ptr(3)),
  __mbrtowc: (f, libc) => mbrtowc(libc, f.ptr(0), f.ptr(1), f.ulong(2), f.ptr(3)),
  mbrlen: (f, libc) => mbrtowc(libc, 0, f.ptr(0), f.ulong(1), f.ptr(2), 'mbrlen'),
  __mbrlen: (f, libc) => mbrtowc(libc, 0, f.ptr(0), f.ulong(1), f.ptr(2), 'mbrlen'),
  mbsinit: (f, libc) => (f.ptr(0) === 0 || readState(libc, f.ptr(0)).count === 0 ? 1 : 0),
  mbtowc: (f, libc) => {
    const state = internalState(libc, 'mbtowc');
    if (f.ptr(1) === 0) {
      writeState(libc, state, { count: 0, value: 0 });
      return 0;
    }
    return restartless(libc, state, mbrtowc(libc, f.ptr(0), f.ptr(1), f.ulong(2), state));
  },
  mblen: (f, libc) => {
    const state = internalState(libc, 'mblen');
    if (f.ptr(0) === 0) {
      writeState(libc, state, { count: 0, value: 0 });
      return 0;
    }
    return restartless(libc, state, mbrtowc(libc, 0, f.ptr(0), f.ulong(1), state));
  },
  wcrtomb: (f, libc) => wcrtomb(libc, f.ptr(0), f.uint(1), f.ptr(2)),
  __wcrtomb_chk: (f, libc) => {
    if (f.ulong(3) < (currentLocale(libc).utf8 ? 6 : 1)) chkFail(libc);
    return wcrtomb(libc, f.ptr(0), f.uint(1), f.ptr(2));
  },
  wctomb: (f, libc) => (f.ptr(0) === 0 ? 0 : wcrtomb(libc, f.ptr(0), f.uint(1), internalState(libc, 'wctomb'))),
  __wctomb_chk: (f, libc) => (f.ptr(0) === 0 ? 0 : wcrtomb(libc, f.ptr(0), f.uint(1), internalState(libc, 'wctomb'))),
  btowc: (f) => {
    const c = f.int(0);
    return c >= 0 && c < 0x80 ? c : WEOF;
  },
  wctob: (f) => {
    const wc = f.uint(0);
    return wc < 0x80 ? wc : -1;
  },
  mbsrtowcs: (f, libc) => mbsnrtowcs(libc, f.ptr(0), f.ptr(1), SIZE_MAX, f.ulong(2), f.ptr(3)),
  __mbsrtowcs_chk: (f, libc) => {
    if (f.ptr(0) !== 0 && f.ulong(4) < f.ulong(2)) chkFail(libc);
    return mbsnrtowcs(libc, f.ptr(0), f.ptr(1), SIZE_MAX, f.ulong(2), f.ptr(3));
  },
  mbsnrtowcs: (f, libc) => mbsnrtowcs(libc, f.ptr(0), f.ptr(1), f.ulong(2), f.ulong(3), f.ptr(4)),
  __mbsnrtowcs_chk: (f, libc) => {
    if (f.ptr(0) !== 0 && f.ulong(5) < f.ulong(3)) chkFail(libc);
    return mbsnrtowcs(libc, f.ptr(0), f.ptr(1), f.ulong(2), f.ulong(3), f.ptr(4));
  },
  wcsrtombs: (f, libc) => wcsnrtombs(libc, f.ptr(0), f.ptr(1), SIZE_MAX, f.ulong(2), f.ptr(3)),
  __wcsrtombs_chk: (f, libc) => {
    if (f.ptr(0) !== 0 && f.ulong(4) < f.ulong(2)) chkFail(libc);
    return wcsnrtombs(libc, f.ptr(0), f.ptr(1), SIZE_MAX, f.ulong(2), f.ptr(3));
  },
  wcsnrtombs: (f, libc) => wcsnrtombs(libc, f.ptr(0), f.ptr(1), f.ulong(2), f.ulong(3), f.ptr(4)),
  __wcsnrtombs_chk: (f, libc) => {
    if (f.ptr(0) !== 0 && f.ulong(5) < f.ulong(3)) chkFail(libc);
    return wcsnrtombs(libc, f.ptr(0), f.ptr(1), f.ulong(2), f.ulong(3), f.ptr(4));
  },
  mbstowcs: (f, libc) =>
    withSourceCell(libc, f.ptr(1), (cell, state) => mbsnrtowcs(libc, f.ptr(0), cell, SIZE_MAX, f.ulong(2), state)),
  __mbstowcs_chk: (f, libc) => {
    if (f.ptr(0) !== 0 && f.ulong(3) < f.ulong(2)) chkFail(libc);
    return withSourceCell(libc, f.ptr(1), (cell, state) =>
      mbsnrtowcs(libc, f.ptr(0), cell, SIZE_MAX, f.ulong(2), state),
    );
  },
  wcstombs: (f, libc) =>
    withSourceCell(libc, f.ptr(1), (cell, state) => wcsnrtombs(libc, f.ptr(0), cell, SIZE_MAX, f.ulong(2), state)),
  __wcstombs_chk: (f, libc) => {
    if (f.ptr(0) !== 0 && f.ulong(3) < f.ulong(2)) chkFail(libc);
    return withSourceCell(libc, f.ptr(1), (cell, state) =>
      wcsnrtombs(libc, f.ptr(0), cell, SIZE_MAX, f.ulong(2), state),
    );
  },
};
