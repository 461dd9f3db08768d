// <wchar.h>'s wide strings and arrays (wchar_t = 32 bits): wcslen … wcsstr, wmem*, and the
// collation functions of locales with code point collation (wcscoll = wcscmp, wcsxfrm = a copy).
// One permission check per range, then 32-bit loads through the address space's DataView.
import type { AddressSpace } from '../../memory/address-space.ts';
import { PAGE_SIZE } from '../../memory/address-space.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { checkRead, checkWrite, loadPointer, storePointer } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';

/** wcsnlen: characters before the NUL, at most max; checks each page as the scan reaches it. */
export function wideLength(memory: AddressSpace, s: number, max = Number.MAX_SAFE_INTEGER): number {
  const view = memory.view;
  let checkedTo = s;
  for (let i = 0; i < max; i++) {
    const at = s + 4 * i;
    if (at + 4 > checkedTo) {
      const pageEnd = at - (at % PAGE_SIZE) + PAGE_SIZE;
      checkRead(memory, at, Math.max(4, pageEnd - at));
      checkedTo = Math.max(pageEnd, at + 4);
    }
    if (view.getUint32(at, true) === 0) return i;
  }
  return max;
}

function copyWide(memory: AddressSpace, destination: number, source: number, count: number): void {
  if (count <= 0) return;
  checkRead(memory, source, 4 * count);
  checkWrite(memory, destination, 4 * count);
  memory.bytes.copyWithin(destination, source, source + 4 * count);
}

/** wcscmp/wcsncmp/wmemcmp: glibc compares wchar_t as signed and returns -1, 0 or 1. */
function compare(memory: AddressSpace, a: number, b: number, n: number, stopAtNul: boolean): number {
  const view = memory.view;
  for (let i = 0; i < n; i++) {
    checkRead(memory, a + 4 * i, 4);
    checkRead(memory, b + 4 * i, 4);
    const x = view.getInt32(a + 4 * i, true);
    const y = view.getInt32(b + 4 * i, true);
    if (x !== y) return x < y ? -1 : 1;
    if (stopAtNul && x === 0) return 0;
  }
  return 0;
}

function findWide(memory: AddressSpace, s: number, n: number, wc: number): number {
  checkRead(memory, s, 4 * n);
  const view = memory.view;
  for (let i = 0; i < n; i++) if (view.getUint32(s + 4 * i, true) === wc) return s + 4 * i;
  return 0;
}

function wcschr(memory: AddressSpace, s: number, wc: number): number {
  const length = wideLength(memory, s);
  if (wc === 0) return s + 4 * length;
  return findWide(memory, s, length, wc);
}

function wcsrchr(memory: AddressSpace, s: number, wc: number): number {
  const length = wideLength(memory, s);
  if (wc === 0) return s + 4 * length;
  const view = memory.view;
  for (let i = length - 1; i >= 0; i--) if (view.getUint32(s + 4 * i, true) === wc) return s + 4 * i;
  return 0;
}

function wcsstr(memory: AddressSpace, haystack: number, needle: number): number {
  const nl = wideLength(memory, needle);
  if (nl === 0) return haystack;
  const hl = wideLength(memory, haystack);
  const view = memory.view;
  for (let i = 0; i + nl <= hl; i++) {
    let j = 0;
    while (j < nl && view.getUint32(haystack + 4 * (i + j), true) === view.getUint32(needle + 4 * j, true)) j++;
    if (j === nl) return haystack + 4 * i;
  }
  return 0;
}

/** wcsspn (accept) / wcscspn (reject). */
function wideSpan(memory: AddressSpace, s: number, set: number, accept: boolean): number {
  const length = wideLength(memory, s);
  const setLength = wideLength(memory, set);
  const members = new Set<number>();
  for (let i = 0; i < setLength; i++) members.add(memory.view.getUint32(set + 4 * i, true));
  let i = 0;
  while (i < length && members.has(memory.view.getUint32(s + 4 * i, true)) === accept) i++;
  return i;
}

function wcsncpy(memory: AddressSpace, destination: number, source: number, n: number): number {
  const length = wideLength(memory, source, n);
  copyWide(memory, destination, source, length);
  if (length < n) {
    checkWrite(memory, destination + 4 * length, 4 * (n - length));
    memory.bytes.fill(0, destination + 4 * length, destination + 4 * n);
  }
  return destination;
}

function wcsncat(memory: AddressSpace, destination: number, source: number, n: number): number {
  const end = destination + 4 * wideLength(memory, destination);
  const length = wideLength(memory, source, n);
  copyWide(memory, end, source, length);
  checkWrite(memory, end + 4 * length, 4);
  memory.view.setUint32(end + 4 * length, 0, true);
  return destination;
}

function wmemset(memory: AddressSpace, destination: number, wc: number, n: number): number {
  if (n === 0) return destination;
  checkWrite(memory, destination, 4 * n);
  const view = memory.view;
  for (let i = 0; i < n; i++) view.setUint32(destination + 4 * i, wc, true);
  return destination;
}

function wcsdup(libc: LibcProcess, source: number): number {
  const length = wideLength(libc.memory, source);
  const copy = libc.heap.allocate(4 * (length + 1));
  if (copy === 0) {
    libc.errno = 12;
    return 0;
  }
  copyWide(libc.memory, copy, source, length + 1);
  return copy;
}

/** wcsxfrm with code point collation: a copy of min(len+1, n) characters; returns len. */
function wcsxfrm(memory: AddressSpace, destination: number, source: number, n: number): number {
  const length = wideLength(memory, source);
  copyWide(memory, destination, source, Math.min(length + 1, n));
  return length;
}

/**
 * wcstok as glibc's: skip leading delimiters, end the token at the next one (overwritten with a
 * NUL) and keep where to go on in *save — NULL once the string is used up, and a NULL string
 * with a NULL *save is EINVAL.
 */
function wcstok(libc: LibcProcess, string: number, delimiters: number, save: number): number {
  const memory = libc.memory;
  let s = string;
  if (s === 0) {
    s = loadPointer(memory, save);
    if (s === 0) {
      libc.errno = 22;
      return 0;
    }
  }
  s += 4 * wideSpan(memory, s, delimiters, true);
  if (memory.view.getUint32(s, true) === 0) {
    storePointer(memory, save, 0);
    return 0;
  }
  const end = s + 4 * wideSpan(memory, s, delimiters, false);
  if (memory.view.getUint32(end, true) === 0) {
    storePointer(memory, save, 0);
    return s;
  }
  checkWrite(memory, end, 4);
  memory.view.setUint32(end, 0, true);
  storePointer(memory, save, end + 4);
  return s;
}

export const WIDE_STRING_FUNCTIONS: FunctionTable = {
  wcstok: (f, libc) => wcstok(libc, f.ptr(0), f.ptr(1), f.ptr(2)),
  wcslen: (f, libc) => wideLength(libc.memory, f.ptr(0)),
  wcsnlen: (f, libc) => wideLength(libc.memory, f.ptr(0), f.ulong(1)),
  wcscmp: (f, libc) => compare(libc.memory, f.ptr(0), f.ptr(1), Number.MAX_SAFE_INTEGER, true),
  wcsncmp: (f, libc) => compare(libc.memory, f.ptr(0), f.ptr(1), f.ulong(2), true),
  wmemcmp: (f, libc) => compare(libc.memory, f.ptr(0), f.ptr(1), f.ulong(2), false),
  wcscoll: (f, libc) => compare(libc.memory, f.ptr(0), f.ptr(1), Number.MAX_SAFE_INTEGER, true),
  wcscoll_l: (f, libc) => compare(libc.memory, f.ptr(0), f.ptr(1), Number.MAX_SAFE_INTEGER, true),
  __wcscoll_l: (f, libc) => compare(libc.memory, f.ptr(0), f.ptr(1), Number.MAX_SAFE_INTEGER, true),
  wcsxfrm: (f, libc) => wcsxfrm(libc.memory, f.ptr(0), f.ptr(1), f.ulong(2)),
  wcsxfrm_l: (f, libc) => wcsxfrm(libc.memory, f.ptr(0), f.ptr(1), f.ulong(2)),
  __wcsxfrm_l: (f, libc) => wcsxfrm(libc.memory, f.ptr(0), f.ptr(1), f.ulong(2)),
  wcscpy: (f, libc) => {
    copyWide(libc.memory, f.ptr(0), f.ptr(1), wideLength(libc.memory, f.ptr(1)) + 1);
    return f.ptr(0);
  },
  wcpcpy: (f, libc) => {
    const length = wideLength(libc.memory, f.ptr(1));
    copyWide(libc.memory, f.ptr(0), f.ptr(1), length + 1);
    return f.ptr(0) + 4 * length;
  },
  wcsncpy: (f, libc) => wcsncpy(libc.memory, f.ptr(0), f.ptr(1), f.ulong(2)),
  wcpncpy: (f, libc) => {
    const length = wideLength(libc.memory, f.ptr(1), f.ulong(2));
    wcsncpy(libc.memory, f.ptr(0), f.ptr(1), f.ulong(2));
    return f.ptr(0) + 4 * length;
  },
  wcscat: (f, libc) => wcsncat(libc.memory, f.ptr(0), f.ptr(1), Number.MAX_SAFE_INTEGER),
  wcsncat: (f, libc) => wcsncat(libc.memory, f.ptr(0), f.ptr(1), f.ulong(2)),
  wcschr: (f, libc) => wcschr(libc.memory, f.ptr(0), f.uint(1)),
  wcsrchr: (f, libc) => wcsrchr(libc.memory, f.ptr(0), f.uint(1)),
  wcsstr: (f, libc) => wcsstr(libc.memory, f.ptr(0), f.ptr(1)),
  wcsspn: (f, libc) => wideSpan(libc.memory, f.ptr(0), f.ptr(1), true),
  wcscspn: (f, libc) => wideSpan(libc.memory, f.ptr(0), f.ptr(1), false),
  wcspbrk: (f, libc) => {
    const s = f.ptr(0);
    const i = wideSpan(libc.memory, s, f.ptr(1), false);
    return libc.memory.view.getUint32(s + 4 * i, true) === 0 ? 0 : s + 4 * i;
  },
  wcsdup: (f, libc) => wcsdup(libc, f.ptr(0)),
  wmemchr: (f, libc) => (f.ulong(2) === 0 ? 0 : findWide(libc.memory, f.ptr(0), f.ulong(2), f.uint(1))),
  wmemcpy: (f, libc) => {
    copyWide(libc.memory, f.ptr(0), f.ptr(1), f.ulong(2));
    return f.ptr(0);
  },
  wmempcpy: (f, libc) => {
    copyWide(libc.memory, f.ptr(0), f.ptr(1), f.ulong(2));
    return f.ptr(0) + 4 * f.ulong(2);
  },
  wmemmove: (f, libc) => {
    copyWide(libc.memory, f.ptr(0), f.ptr(1), f.ulong(2));
    return f.ptr(0);
  },
  wmemset: (f, libc) => wmemset(libc.memory, f.ptr(0), f.uint(1), f.ulong(2)),
};
