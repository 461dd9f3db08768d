// argz_create_sep (<argz.h>) as glibc 2.36's: STRING split at DELIM into a malloc'ed argz vector
// (the pieces NUL-separated); empty pieces are dropped except that a trailing separator leaves
// an empty last piece, exactly as glibc's loop does; *argz NULL and *len 0 for an empty string.
// DELIM is compared with each char as glibc compares them (a signed char against an int).
import type { FunctionTable } from '../exports/binding-types.ts';
import { checkWrite, cStringLength, storePointer } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';

const ENOMEM = 12;

function argzCreateSep(libc: LibcProcess, string: number, delim: number, argz: number, lengthAt: number): number {
  const memory = libc.memory;
  const bytes = memory.bytes;
  let length = cStringLength(memory, string) + 1;
  checkWrite(memory, argz, 8);
  checkWrite(memory, lengthAt, 8);
  if (length <= 1) {
    storePointer(memory, argz, 0);
    storePointer(memory, lengthAt, 0);
    return 0;
  }
  const vector = libc.heap.allocate(length);
  if (vector === 0) return ENOMEM;
  storePointer(memory, argz, vector);
  let write = vector;
  let read = string;
  for (;;) {
    const c = bytes[read]!;
    if ((c << 24) >> 24 === delim) {
      if (write > vector && bytes[write - 1] !== 0) bytes[write++] = 0;
      else length--;
    } else bytes[write++] = c;
    read++;
    if (c === 0) break;
  }
  if (length === 0) {
    libc.heap.release(vector, 'free');
    storePointer(memory, argz, 0);
  }
  storePointer(memory, lengthAt, length);
  return 0;
}

export const ARGZ_FUNCTIONS: FunctionTable = {
  argz_create_sep: (f, libc) => argzCreateSep(libc, f.ptr(0), f.int(1), f.ptr(2), f.ptr(3)),
};
