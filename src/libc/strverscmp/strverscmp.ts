// strverscmp (GNU): compares strings holding version numbers, "item9" < "item10", with glibc's
// rules for leading zeros ("0.9" > "0.10": a run with leading zeros is a fractional part). glibc
// walks both strings through a small state machine — normal, integral part, fractional part,
// leading zeros — and decides at the first difference from the state and the classes (other,
// non-zero digit, zero) of the two differing bytes. versionsort/versionsort64 are scandir's
// comparators over it.

import type { FunctionTable } from '../exports/binding-types.ts';
import { cStringLength, loadPointer } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { D_NAME } from '../unistd/dirent-functions.ts';

// States, each a multiple of 3 so that state + class indexes the tables.
const NORMAL = 0;
const INTEGRAL = 3;
const FRACTIONAL = 6;
const ZEROS = 9;
/** Result kinds besides -1 and +1: the byte difference, or compare the lengths of the digit runs. */
const BY_DIFFERENCE = 2;
const BY_LENGTH = 3;

// biome-ignore format: one row per state
/** The next state after two equal bytes, indexed by state + class (0 other, 1 digit 1-9, 2 zero). */
const NEXT_STATE = [
  NORMAL, INTEGRAL, ZEROS,
  NORMAL, INTEGRAL, INTEGRAL,
  NORMAL, FRACTIONAL, FRACTIONAL,
  NORMAL, FRACTIONAL, ZEROS,
];

// biome-ignore format: one row per state
/** What decides at the first difference, indexed by (state + class of s1's byte) * 3 + class of s2's byte. */
const RESULT = [
  BY_DIFFERENCE, BY_DIFFERENCE, BY_DIFFERENCE, BY_DIFFERENCE, BY_LENGTH, BY_DIFFERENCE, BY_DIFFERENCE, BY_DIFFERENCE, BY_DIFFERENCE,
  BY_DIFFERENCE, -1, -1, 1, BY_LENGTH, BY_LENGTH, 1, BY_LENGTH, BY_LENGTH,
  BY_DIFFERENCE, BY_DIFFERENCE, BY_DIFFERENCE, BY_DIFFERENCE, BY_DIFFERENCE, BY_DIFFERENCE, BY_DIFFERENCE, BY_DIFFERENCE, BY_DIFFERENCE,
  BY_DIFFERENCE, 1, 1, -1, BY_DIFFERENCE, BY_DIFFERENCE, -1, BY_DIFFERENCE, BY_DIFFERENCE,
];

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** 0 other, 1 non-zero digit, 2 zero. */
function classOf(c: number): number {
  return (c === 0x30 ? 1 : 0) + (isDigit(c) ? 1 : 0);
}

export function compareVersions(bytes: Uint8Array, s1: number, s2: number): number {
  if (s1 === s2) return 0;
  let c1 = bytes[s1++]!;
  let c2 = bytes[s2++]!;
  let state = NORMAL + classOf(c1);
  while (c1 === c2) {
    if (c1 === 0) return 0;
    state = NEXT_STATE[state]!;
    c1 = bytes[s1++]!;
    c2 = bytes[s2++]!;
    state += classOf(c1);
  }
  const difference = c1 - c2;
  const result = RESULT[state * 3 + classOf(c2)]!;
  if (result === BY_DIFFERENCE) return difference;
  if (result !== BY_LENGTH) return result;
  // Both are in digit runs: the longer run is the larger number.
  while (isDigit(bytes[s1++]!)) if (!isDigit(bytes[s2++]!)) return 1;
  return isDigit(bytes[s2]!) ? -1 : difference;
}

function strverscmp(libc: LibcProcess, s1: number, s2: number): number {
  // Both strings readable up to their NULs (a fault otherwise, as the byte loop would take).
  const memory = libc.memory;
  cStringLength(memory, s1);
  cStringLength(memory, s2);
  return compareVersions(memory.bytes, s1, s2);
}

function versionsort(libc: LibcProcess, a: number, b: number): number {
  return strverscmp(libc, loadPointer(libc.memory, a) + D_NAME, loadPointer(libc.memory, b) + D_NAME);
}

export const STRVERSCMP_FUNCTIONS: FunctionTable = {
  strverscmp: (f, libc) => strverscmp(libc, f.ptr(0), f.ptr(1)),
  __strverscmp: (f, libc) => strverscmp(libc, f.ptr(0), f.ptr(1)),
  versionsort: (f, libc) => versionsort(libc, f.ptr(0), f.ptr(1)),
  versionsort64: (f, libc) => versionsort(libc, f.ptr(0), f.ptr(1)),
};
