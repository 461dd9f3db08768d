// lfind and lsearch (<search.h>), as glibc 2.36's misc/lsearch.c: a linear scan calling the
// program's comparator (guest code) with (key, element) from the first element on; lsearch
// appends the key when it is not there and counts it in *nmemb.
import { guestCall, type HostGenerator } from '../abi/host-region.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { loadPointer, storePointer } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';

function* linearFind(
  libc: LibcProcess,
  key: number,
  base: number,
  countAddress: number,
  size: number,
  compare: number,
): HostGenerator {
  const count = loadPointer(libc.memory, countAddress);
  for (let i = 0; i < count; i++) {
    const element = base + i * size;
    if (((yield guestCall(compare, [key, element], 'lfind comparator')) | 0) === 0) return element;
  }
  return 0;
}

function* linearSearch(
  libc: LibcProcess,
  key: number,
  base: number,
  countAddress: number,
  size: number,
  compare: number,
): HostGenerator {
  const found = (yield* linearFind(libc, key, base, countAddress, size, compare)) ?? 0;
  if (found !== 0) return found;
  const memory = libc.memory;
  const count = loadPointer(memory, countAddress);
  const slot = base + count * size;
  memory.bytes.copyWithin(slot, key, key + size);
  storePointer(memory, countAddress, count + 1);
  return slot;
}

export const LINEAR_SEARCH_FUNCTIONS: FunctionTable = {
  lfind: (f, libc) => linearFind(libc, f.ptr(0), f.ptr(1), f.ptr(2), f.ulong(3), f.ptr(4)),
  lsearch: (f, libc) => linearSearch(libc, f.ptr(0), f.ptr(1), f.ptr(2), f.ulong(3), f.ptr(4)),
};
