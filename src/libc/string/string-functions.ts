// string.h and strings.h over guest memory: one permission check per range, then the typed
// array's native operations (copyWithin, fill, indexOf, compare loops over the bytes).
import { errnoMessage, hasErrnoMessage, knownErrnoName } from '../../kernel/errno.ts';
import { type AddressSpace, PAGE_READ, PAGE_SHIFT, PAGE_SIZE } from '../../memory/address-space.ts';
import { AccessKind } from '../../memory/fault.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import {
  checkRead,
  checkWrite,
  cStringLength,
  cStringLengthMax,
  loadPointer,
  storePointer,
} from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { copyForChild, ProcessState } from '../runtime/process-states.ts';
import { findByte, findLastByte } from './guest-bytes.ts';

const ERANGE = 34;
const EINVAL = 22;

function memcpy(memory: AddressSpace, destination: number, source: number, n: number): number {
  if (n === 0) return destination;
  checkRead(memory, source, n);
  checkWrite(memory, destination, n);
  memory.bytes.copyWithin(destination, source, source + n);
  return destination;
}

function memset(memory: AddressSpace, destination: number, value: number, n: number): number {
  if (n === 0) return destination;
  checkWrite(memory, destination, n);
  memory.bytes.fill(value & 0xff, destination, destination + n);
  return destination;
}

/** memcmp's sign: the difference of the first differing bytes (glibc returns it as is). */
function memcmp(memory: AddressSpace, a: number, b: number, n: number): number {
  if (n === 0) return 0;
  checkRead(memory, a, n);
  checkRead(memory, b, n);
  const bytes = memory.bytes;
  for (let i = 0; i < n; i++) {
    const d = bytes[(a + i) >>> 0]! - bytes[(b + i) >>> 0]!;
    if (d !== 0) return d;
  }
  return 0;
}

/** Faults unless the page holding `address` is readable (a string walk entering a new page). */
function checkPage(memory: AddressSpace, address: number): void {
  if (address >= 4294967296 || (memory.pageFlags[address >>> PAGE_SHIFT]! & PAGE_READ) === 0)
    memory.fault(address, 1, AccessKind.Read);
}

/**
 * strcmp/strncmp/strcasecmp/strncasecmp: walks both strings byte by byte as glibc's does, so it
 * reads (and can fault on) only the bytes up to the first difference or NUL.
 */
export function strcmp(memory: AddressSpace, a: number, b: number, limit: number, fold: boolean): number {
  const bytes = memory.bytes;
  for (let i = 0; i < limit; i++) {
    const pa = a + i;
    const pb = b + i;
    if (i === 0 || (pa & (PAGE_SIZE - 1)) === 0) checkPage(memory, pa);
    if (i === 0 || (pb & (PAGE_SIZE - 1)) === 0) checkPage(memory, pb);
    let x = bytes[pa >>> 0]!;
    let y = bytes[pb >>> 0]!;
    if (fold) {
      if (x >= 0x41 && x <= 0x5a) x += 32;
      if (y >= 0x41 && y <= 0x5a) y += 32;
    }
    if (x !== y) return x - y;
    if (x === 0) return 0;
  }
  return 0;
}

function memchr(memory: AddressSpace, s: number, c: number, n: number): number {
  if (n === 0) return 0;
  checkRead(memory, s, n);
  const found = findByte(memory.bytes, s, s + n, c & 0xff);
  return found < 0 ? 0 : found;
}

/**
 * rawmemchr: the first byte `c` from `s` on, with no bound — past NUL bytes too (the caller knows
 * it is there). Searched a page at a time; an unmapped page before it faults, as natively.
 */
function rawmemchr(memory: AddressSpace, s: number, c: number): number {
  const ch = c & 0xff;
  for (let at = s; ; ) {
    const pageEnd = (Math.floor(at / PAGE_SIZE) + 1) * PAGE_SIZE;
    checkRead(memory, at, pageEnd - at);
    const found = findByte(memory.bytes, at, pageEnd, ch);
    if (found >= 0) return found;
    at = pageEnd;
  }
}

/**
 * memccpy: copies up to and including the first byte `c` of the first `n` bytes; returns the
 * address after the copied `c`, or 0 (all `n` copied) when there is none. The source is searched
 * a page at a time, so a `c` before an unmapped page ends the copy there without a fault, as
 * glibc's memchr-then-memcpy reads.
 */
function memccpy(memory: AddressSpace, destination: number, source: number, c: number, n: number): number {
  const ch = c & 0xff;
  const end = source + n;
  for (let at = source; at < end; ) {
    const pageEnd = Math.min(end, (Math.floor(at / PAGE_SIZE) + 1) * PAGE_SIZE);
    checkRead(memory, at, pageEnd - at);
    const found = findByte(memory.bytes, at, pageEnd, ch);
    if (found >= 0) {
      memcpy(memory, destination, source, found - source + 1);
      return destination + (found - source) + 1;
    }
    at = pageEnd;
  }
  memcpy(memory, destination, source, n);
  return 0;
}

function strchr(memory: AddressSpace, s: number, c: number, orEnd: boolean): number {
  const length = cStringLength(memory, s);
  const ch = c & 0xff;
  if (ch === 0) return s + length;
  const found = findByte(memory.bytes, s, s + length, ch);
  if (found >= 0) return found;
  return orEnd ? s + length : 0;
}

function strrchr(memory: AddressSpace, s: number, c: number): number {
  const length = cStringLength(memory, s);
  const ch = c & 0xff;
  if (ch === 0) return s + length;
  const found = findLastByte(memory.bytes, s, s + length, ch);
  return found < 0 ? 0 : found;
}

/** strcpy/stpcpy: copies with the NUL; returns the NUL's address. */
function copyString(memory: AddressSpace, destination: number, source: number): number {
  const length = cStringLength(memory, source);
  memcpy(memory, destination, source, length + 1);
  return destination + length;
}

function strncpy(memory: AddressSpace, destination: number, source: number, n: number): number {
  const length = cStringLengthMax(memory, source, n);
  memcpy(memory, destination, source, length);
  if (length < n) memset(memory, destination + length, 0, n - length);
  return destination;
}

/** stpncpy: strncpy that returns the address of the first NUL it wrote (dest + n when none). */
function stpncpy(memory: AddressSpace, destination: number, source: number, n: number): number {
  strncpy(memory, destination, source, n);
  return destination + cStringLengthMax(memory, source, n);
}

function strncat(memory: AddressSpace, destination: number, source: number, n: number): number {
  const end = destination + cStringLength(memory, destination);
  const length = cStringLengthMax(memory, source, n);
  memcpy(memory, end, source, length);
  checkWrite(memory, end + length, 1);
  memory.bytes[(end + length) >>> 0] = 0;
  return destination;
}

/** memmem: the first occurrence of the needle's bytes; the haystack itself for an empty needle. */
function memmem(memory: AddressSpace, haystack: number, hl: number, needle: number, nl: number): number {
  if (nl === 0) return haystack;
  if (nl > hl) return 0;
  checkRead(memory, haystack, hl);
  checkRead(memory, needle, nl);
  const bytes = memory.bytes;
  const found = Buffer.from(bytes.buffer, bytes.byteOffset + haystack, hl).indexOf(
    Buffer.from(bytes.buffer, bytes.byteOffset + needle, nl),
  );
  return found < 0 ? 0 : haystack + found;
}

/** GNU basename (string.h): what follows the last '/', "" when the path ends with one. */
function gnuBasename(memory: AddressSpace, path: number): number {
  const length = cStringLength(memory, path);
  const slash = memory.bytes.subarray(path, path + length).lastIndexOf(0x2f);
  return slash < 0 ? path : path + slash + 1;
}

/**
 * POSIX basename (libgen.h, glibc's __xpg_basename): trailing slashes are cut off in place; "/"
 * and a path of slashes give "/" (the last of them); NULL or "" give a static ".".
 */
function xpgBasename(libc: LibcProcess, path: number): number {
  const memory = libc.memory;
  if (path === 0) return dots.of(libc);
  checkRead(memory, path, 1);
  if (memory.bytes[path] === 0) return dots.of(libc);
  const bytes = memory.bytes;
  const length = cStringLength(memory, path);
  let p = bytes.subarray(path, path + length).lastIndexOf(0x2f);
  if (p < 0) return path;
  p += path;
  if (bytes[p + 1] !== 0) return p + 1;
  // Trailing slashes: back over them.
  while (p > path && bytes[p - 1] === 0x2f) p--;
  if (p > path) {
    checkWrite(memory, p, 1);
    bytes[p] = 0;
    p--;
    while (p > path && bytes[p - 1] !== 0x2f) p--;
    return p;
  }
  // Only slashes: the last one.
  return path + length - 1;
}

/**
 * dirname (libgen.h), as glibc's: the path without its last component and the slashes before
 * it, cut in place. Trailing slashes do not count as a component; a path without a slash (or
 * NULL, or "") gives a static "."; a directory part made only of leading slashes is "/", except
 * exactly two ("//", which POSIX lets mean something else), kept as "//".
 */
function dirname(libc: LibcProcess, path: number): number {
  const memory = libc.memory;
  if (path === 0) return dots.of(libc);
  const bytes = memory.bytes;
  const length = cStringLength(memory, path);
  let end = length;
  while (end > 0 && bytes[path + end - 1] === 0x2f) end--;
  if (end === 0) {
    if (length === 0) return dots.of(libc);
    // Only slashes.
    return cutAt(libc, path, length === 2 ? 2 : 1);
  }
  const slash = bytes.subarray(path, path + end).lastIndexOf(0x2f);
  if (slash < 0) return dots.of(libc);
  let start = slash;
  while (start > 0 && bytes[path + start - 1] === 0x2f) start--;
  if (start > 0) return cutAt(libc, path, start);
  // The directory is the leading slashes themselves.
  return cutAt(libc, path, slash === 1 ? 2 : 1);
}

/** Ends the string at `path` after `length` bytes (in place); returns `path`. */
function cutAt(libc: LibcProcess, path: number, length: number): number {
  checkWrite(libc.memory, path + length, 1);
  libc.memory.bytes[path + length] = 0;
  return path;
}

const dots = new ProcessState<number>('string/string-functions dots', copyForChild, (libc) => {
  const address = libc.data.allocate(2, 1);
  libc.memory.bytes[address] = 0x2e;
  libc.memory.bytes[address + 1] = 0;
  return address;
});

function strstr(memory: AddressSpace, haystack: number, needle: number): number {
  const hl = cStringLength(memory, haystack);
  const nl = cStringLength(memory, needle);
  if (nl === 0) return haystack;
  const bytes = memory.bytes;
  const first = bytes[needle >>> 0]!;
  const lastStart = haystack + hl - nl;
  for (
    let i = findByte(bytes, haystack, lastStart + 1, first);
    i >= 0;
    i = findByte(bytes, i + 1, lastStart + 1, first)
  ) {
    let j = 1;
    while (j < nl && bytes[(i + j) >>> 0] === bytes[(needle + j) >>> 0]) j++;
    if (j === nl) return i;
  }
  return 0;
}

/** strspn/strcspn's set membership, one flag per byte value; cleared after each use (no allocation per call). */
const spanMembers = new Uint8Array(256);

/** strspn (accept = true) / strcspn (accept = false). */
function span(memory: AddressSpace, s: number, set: number, accept: boolean): number {
  const length = cStringLength(memory, s);
  const setLength = cStringLength(memory, set);
  const member = spanMembers;
  const bytes = memory.bytes;
  for (let i = 0; i < setLength; i++) member[bytes[(set + i) >>> 0]!] = 1;
  let i = 0;
  while (i < length && (member[bytes[(s + i) >>> 0]!] === 1) === accept) i++;
  for (let k = 0; k < setLength; k++) member[bytes[(set + k) >>> 0]!] = 0;
  return i;
}

/**
 * strtok_r as glibc's: skips leading delimiters, ends the token at the next one (writing a NUL
 * there) and leaves *save after it; at the end of the string *save points at its NUL.
 */
function strtokR(memory: AddressSpace, string: number, delimiters: number, save: number): number {
  let s = string === 0 ? loadPointer(memory, save) : string;
  const bytes = memory.bytes;
  checkRead(memory, s, 1);
  if (bytes[s >>> 0] !== 0) s += span(memory, s, delimiters, true);
  if (bytes[s >>> 0] === 0) {
    storePointer(memory, save, s);
    return 0;
  }
  const end = s + span(memory, s, delimiters, false);
  if (bytes[end >>> 0] === 0) {
    storePointer(memory, save, end);
    return s;
  }
  checkWrite(memory, end, 1);
  bytes[end >>> 0] = 0;
  storePointer(memory, save, end + 1);
  return s;
}

/** strsep: the token up to the first delimiter (NUL-terminated in place); *string moves past it, or to NULL. */
function strsep(memory: AddressSpace, stringAt: number, delimiters: number): number {
  const begin = loadPointer(memory, stringAt);
  if (begin === 0) return 0;
  const end = begin + span(memory, begin, delimiters, false);
  if (memory.bytes[end >>> 0] !== 0) {
    checkWrite(memory, end, 1);
    memory.bytes[end >>> 0] = 0;
    storePointer(memory, stringAt, end + 1);
  } else {
    storePointer(memory, stringAt, 0);
  }
  return begin;
}

function duplicate(libc: LibcProcess, source: number, length: number): number {
  const copy = libc.heap.allocate(length + 1);
  if (copy === 0) {
    libc.errno = 12;
    return 0;
  }
  memcpy(libc.memory, copy, source, length);
  libc.memory.bytes[(copy + length) >>> 0] = 0;
  return copy;
}

function chkFail(libc: LibcProcess): never {
  libc.fatal('*** buffer overflow detected ***: terminated\n');
}

/** strerror's static strings, placed in guest memory once per errno. */
const errorStrings = new ProcessState<Map<number, number>>(
  'string/string-functions errorStrings',
  copyForChild,
  () => new Map(),
);
/** Longest "Unknown error N" text with its NUL ("Unknown error -2147483648"). */
const UNKNOWN_ERROR_SIZE = 26;
/** Each process's one buffer for "Unknown error N": glibc formats unknown numbers into a single buffer that the next such call overwrites. */
const unknownErrorBuffers = new ProcessState<number>(
  'string/string-functions unknownErrorBuffers',
  copyForChild,
  (libc) => libc.data.allocate(UNKNOWN_ERROR_SIZE, 1),
);

/** strerror: the static message of a known errno; "Unknown error N" in the process's reused buffer. */
export function strerrorAddress(libc: LibcProcess, errno: number): number {
  if (!hasErrnoMessage(errno)) {
    const buffer = unknownErrorBuffers.of(libc);
    const text = new TextEncoder().encode(errnoMessage(errno));
    libc.memory.bytes.set(text, buffer);
    libc.memory.bytes[buffer + text.length] = 0;
    return buffer;
  }
  const cache = errorStrings.of(libc);
  let address = cache.get(errno);
  if (address === undefined) {
    const text = new TextEncoder().encode(errnoMessage(errno));
    address = libc.data.allocate(text.length + 1, 1);
    libc.memory.bytes.set(text, address);
    cache.set(errno, address);
  }
  return address;
}

const errnoTexts = new ProcessState<Map<string, number>>(
  'string/string-functions errnoTexts',
  copyForChild,
  () => new Map(),
);

/** A constant string in libc's data area, made once per process (strerrorname_np, strerrordesc_np). */
function constantString(libc: LibcProcess, text: string): number {
  const cache = errnoTexts.of(libc);
  let address = cache.get(text);
  if (address === undefined) {
    const bytes = new TextEncoder().encode(text);
    address = libc.data.allocate(bytes.length + 1, 1);
    libc.memory.bytes.set(bytes, address);
    cache.set(text, address);
  }
  return address;
}

/** strerrorname_np ("ENOENT"; "0" for 0) and strerrordesc_np (the message): NULL for unknown numbers. */
function errnoText(libc: LibcProcess, errno: number, kind: 'name' | 'description'): number {
  if (errno < 0 || !hasErrnoMessage(errno)) return 0;
  if (kind === 'description') return constantString(libc, errnoMessage(errno));
  return constantString(libc, errno === 0 ? '0' : (knownErrnoName(errno) ?? String(errno)));
}

/** Copies a message into buf[0, size) as snprintf would (truncated, NUL-terminated); false if it did not fit. */
function copyMessage(libc: LibcProcess, buffer: number, size: number, message: string): boolean {
  const text = new TextEncoder().encode(message);
  if (size === 0) return false;
  const n = Math.min(text.length, size - 1);
  checkWrite(libc.memory, buffer, n + 1);
  libc.memory.bytes.set(text.subarray(0, n), buffer);
  libc.memory.bytes[(buffer + n) >>> 0] = 0;
  return n === text.length;
}

export const STRING_FUNCTIONS: FunctionTable = {
  strlen: (f, libc) => cStringLength(libc.memory, f.ptr(0)),
  strnlen: (f, libc) => cStringLengthMax(libc.memory, f.ptr(0), f.ulong(1)),
  memcpy: (f, libc) => memcpy(libc.memory, f.ptr(0), f.ptr(1), f.ulong(2)),
  memmove: (f, libc) => memcpy(libc.memory, f.ptr(0), f.ptr(1), f.ulong(2)),
  mempcpy: (f, libc) => memcpy(libc.memory, f.ptr(0), f.ptr(1), f.ulong(2)) + f.ulong(2),
  __mempcpy: (f, libc) => memcpy(libc.memory, f.ptr(0), f.ptr(1), f.ulong(2)) + f.ulong(2),
  memset: (f, libc) => memset(libc.memory, f.ptr(0), f.int(1), f.ulong(2)),
  bzero: (f, libc) => {
    memset(libc.memory, f.ptr(0), 0, f.ulong(1));
    return undefined;
  },
  explicit_bzero: (f, libc) => {
    memset(libc.memory, f.ptr(0), 0, f.ulong(1));
    return undefined;
  },
  memcmp: (f, libc) => memcmp(libc.memory, f.ptr(0), f.ptr(1), f.ulong(2)),
  bcmp: (f, libc) => memcmp(libc.memory, f.ptr(0), f.ptr(1), f.ulong(2)),
  memchr: (f, libc) => memchr(libc.memory, f.ptr(0), f.int(1), f.ulong(2)),
  rawmemchr: (f, libc) => rawmemchr(libc.memory, f.ptr(0), f.int(1)),
  __rawmemchr: (f, libc) => rawmemchr(libc.memory, f.ptr(0), f.int(1)),
  memccpy: (f, libc) => memccpy(libc.memory, f.ptr(0), f.ptr(1), f.int(2), f.ulong(3)),
  memrchr: (f, libc) => {
    const s = f.ptr(0);
    const n = f.ulong(2);
    if (n === 0) return 0;
    checkRead(libc.memory, s, n);
    const found = libc.memory.bytes.subarray(s, s + n).lastIndexOf(f.int(1) & 0xff);
    return found < 0 ? 0 : s + found;
  },
  strcmp: (f, libc) => strcmp(libc.memory, f.ptr(0), f.ptr(1), Number.POSITIVE_INFINITY, false),
  strncmp: (f, libc) => strcmp(libc.memory, f.ptr(0), f.ptr(1), f.ulong(2), false),
  strcasecmp: (f, libc) => strcmp(libc.memory, f.ptr(0), f.ptr(1), Number.POSITIVE_INFINITY, true),
  strncasecmp: (f, libc) => strcmp(libc.memory, f.ptr(0), f.ptr(1), f.ulong(2), true),
  strcoll: (f, libc) => strcmp(libc.memory, f.ptr(0), f.ptr(1), Number.POSITIVE_INFINITY, false),
  strcpy: (f, libc) => {
    copyString(libc.memory, f.ptr(0), f.ptr(1));
    return f.ptr(0);
  },
  stpcpy: (f, libc) => copyString(libc.memory, f.ptr(0), f.ptr(1)),
  __stpcpy: (f, libc) => copyString(libc.memory, f.ptr(0), f.ptr(1)),
  strncpy: (f, libc) => strncpy(libc.memory, f.ptr(0), f.ptr(1), f.ulong(2)),
  stpncpy: (f, libc) => stpncpy(libc.memory, f.ptr(0), f.ptr(1), f.ulong(2)),
  __stpncpy: (f, libc) => stpncpy(libc.memory, f.ptr(0), f.ptr(1), f.ulong(2)),
  strcat: (f, libc) => {
    const d = f.ptr(0);
    copyString(libc.memory, d + cStringLength(libc.memory, d), f.ptr(1));
    return d;
  },
  strncat: (f, libc) => strncat(libc.memory, f.ptr(0), f.ptr(1), f.ulong(2)),
  strchr: (f, libc) => strchr(libc.memory, f.ptr(0), f.int(1), false),
  index: (f, libc) => strchr(libc.memory, f.ptr(0), f.int(1), false),
  strchrnul: (f, libc) => strchr(libc.memory, f.ptr(0), f.int(1), true),
  strrchr: (f, libc) => strrchr(libc.memory, f.ptr(0), f.int(1)),
  rindex: (f, libc) => strrchr(libc.memory, f.ptr(0), f.int(1)),
  strstr: (f, libc) => strstr(libc.memory, f.ptr(0), f.ptr(1)),
  memmem: (f, libc) => memmem(libc.memory, f.ptr(0), f.ulong(1), f.ptr(2), f.ulong(3)),
  basename: (f, libc) => gnuBasename(libc.memory, f.ptr(0)),
  __xpg_basename: (f, libc) => xpgBasename(libc, f.ptr(0)),
  dirname: (f, libc) => dirname(libc, f.ptr(0)),
  strspn: (f, libc) => span(libc.memory, f.ptr(0), f.ptr(1), true),
  strcspn: (f, libc) => span(libc.memory, f.ptr(0), f.ptr(1), false),
  strtok_r: (f, libc) => strtokR(libc.memory, f.ptr(0), f.ptr(1), f.ptr(2)),
  __strtok_r: (f, libc) => strtokR(libc.memory, f.ptr(0), f.ptr(1), f.ptr(2)),
  // strtok keeps its position in a libc-owned pointer, as glibc's static `olds`.
  strtok: (f, libc) =>
    strtokR(
      libc.memory,
      f.ptr(0),
      f.ptr(1),
      libc.objectAddress('<string:strtok>', () => libc.data.allocate(8, 8)),
    ),
  strsep: (f, libc) => strsep(libc.memory, f.ptr(0), f.ptr(1)),
  __strsep_g: (f, libc) => strsep(libc.memory, f.ptr(0), f.ptr(1)),
  strpbrk: (f, libc) => {
    const s = f.ptr(0);
    const n = span(libc.memory, s, f.ptr(1), false);
    return libc.memory.bytes[(s + n) >>> 0] === 0 ? 0 : s + n;
  },
  strdup: (f, libc) => duplicate(libc, f.ptr(0), cStringLength(libc.memory, f.ptr(0))),
  __strdup: (f, libc) => duplicate(libc, f.ptr(0), cStringLength(libc.memory, f.ptr(0))),
  strndup: (f, libc) => duplicate(libc, f.ptr(0), cStringLengthMax(libc.memory, f.ptr(0), f.ulong(1))),
  strerror: (f, libc) => strerrorAddress(libc, f.int(0)),
  strerrorname_np: (f, libc) => errnoText(libc, f.int(0), 'name'),
  strerrordesc_np: (f, libc) => errnoText(libc, f.int(0), 'description'),
  // GNU strerror_r (the default version): returns the static message of a known errno without
  // touching buf; an unknown one is formatted into buf (truncated to buflen) and buf returned.
  strerror_r: (f, libc) => {
    const errno = f.int(0);
    if (hasErrnoMessage(errno)) return strerrorAddress(libc, errno);
    copyMessage(libc, f.ptr(1), f.ulong(2), errnoMessage(errno));
    return f.ptr(1);
  },
  // XSI strerror_r: fills buf (truncated); EINVAL for an unknown errno, else ERANGE when it did not fit.
  __xpg_strerror_r: (f, libc) => {
    const errno = f.int(0);
    const fits = copyMessage(libc, f.ptr(1), f.ulong(2), errnoMessage(errno));
    return !hasErrnoMessage(errno) ? EINVAL : fits ? 0 : ERANGE;
  },
  __memcpy_chk: (f, libc) =>
    f.ulong(3) < f.ulong(2) ? chkFail(libc) : memcpy(libc.memory, f.ptr(0), f.ptr(1), f.ulong(2)),
  __memmove_chk: (f, libc) =>
    f.ulong(3) < f.ulong(2) ? chkFail(libc) : memcpy(libc.memory, f.ptr(0), f.ptr(1), f.ulong(2)),
  __mempcpy_chk: (f, libc) =>
    f.ulong(3) < f.ulong(2) ? chkFail(libc) : memcpy(libc.memory, f.ptr(0), f.ptr(1), f.ulong(2)) + f.ulong(2),
  __memset_chk: (f, libc) =>
    f.ulong(3) < f.ulong(2) ? chkFail(libc) : memset(libc.memory, f.ptr(0), f.int(1), f.ulong(2)),
  __strcpy_chk: (f, libc) => {
    if (cStringLength(libc.memory, f.ptr(1)) >= f.ulong(2)) chkFail(libc);
    copyString(libc.memory, f.ptr(0), f.ptr(1));
    return f.ptr(0);
  },
  __stpcpy_chk: (f, libc) => {
    if (cStringLength(libc.memory, f.ptr(1)) >= f.ulong(2)) chkFail(libc);
    return copyString(libc.memory, f.ptr(0), f.ptr(1));
  },
  __strcat_chk: (f, libc) => {
    const d = f.ptr(0);
    const used = cStringLength(libc.memory, d);
    if (used + cStringLength(libc.memory, f.ptr(1)) >= f.ulong(2)) chkFail(libc);
    copyString(libc.memory, d + used, f.ptr(1));
    return d;
  },
  __strncat_chk: (f, libc) => {
    // Room for what is there, at most n more bytes of the source, and the terminator.
    const d = f.ptr(0);
    const room = f.ulong(3);
    const used = cStringLength(libc.memory, d);
    const added = cStringLengthMax(libc.memory, f.ptr(1), f.ulong(2));
    if (used + added + 1 > room) chkFail(libc);
    return strncat(libc.memory, d, f.ptr(1), f.ulong(2));
  },
  __strncpy_chk: (f, libc) =>
    f.ulong(3) < f.ulong(2) ? chkFail(libc) : strncpy(libc.memory, f.ptr(0), f.ptr(1), f.ulong(2)),
  __stpncpy_chk: (f, libc) =>
    f.ulong(3) < f.ulong(2) ? chkFail(libc) : stpncpy(libc.memory, f.ptr(0), f.ptr(1), f.ulong(2)),
};
