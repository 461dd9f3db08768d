// strcasestr (glibc 2.36's string/strcasestr.c): the first place where `needle` occurs in
// `haystack` ignoring case, as the current locale's tolower folds bytes. Miros's locales (C,
// POSIX, C.UTF-8) fold only ASCII letters: bytes from 0x80 up are their own lower case. An empty
// needle matches at the start; no match is NULL.
import type { AddressSpace } from '../../memory/address-space.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { cStringLength } from '../runtime/guest-access.ts';

function lower(c: number): number {
  return c >= 0x41 && c <= 0x5a ? c | 0x20 : c;
}

function strcasestr(memory: AddressSpace, haystack: number, needle: number): number {
  const haystackLength = cStringLength(memory, haystack);
  const needleLength = cStringLength(memory, needle);
  if (needleLength === 0) return haystack;
  const bytes = memory.bytes;
  const first = lower(bytes[needle]!);
  for (let i = haystack; i + needleLength <= haystack + haystackLength; i++) {
    if (lower(bytes[i]!) !== first) continue;
    let j = 1;
    while (j < needleLength && lower(bytes[i + j]!) === lower(bytes[needle + j]!)) j++;
    if (j === needleLength) return i;
  }
  return 0;
}

export const CASE_INSENSITIVE_SEARCH_FUNCTIONS: FunctionTable = {
  strcasestr: (f, libc) => strcasestr(libc.memory, f.ptr(0), f.ptr(1)),
};
