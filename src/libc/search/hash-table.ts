// hcreate/hsearch/hdestroy and their _r forms (<search.h>), as glibc 2.36's misc/hsearch_r.c:
// open addressing with double hashing over a calloc'ed array of size+1 entries (index 0 unused),
// size the first prime not below max(nel, 3). The program sees the layout:
//   struct hsearch_data { _ENTRY *table; unsigned int size; unsigned int filled; }
//   _ENTRY { unsigned int used (the key's hash, 0 = free); ENTRY entry { char *key; void *data; } }
// and hsearch returns &table[i].entry. Keys are compared with strcmp only when the stored hash
// matches. The non-_r forms use one table per process.
import type { FunctionTable } from '../exports/binding-types.ts';
import { cStringLength, loadPointer, storePointer } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { copyForChild, ProcessState } from '../runtime/process-states.ts';

const TABLE = 0;
const SIZE = 8;
const FILLED = 12;
const ENTRY_SIZE = 24;
const ENTRY_KEY = 8;
const ENTRY_DATA = 16;
const ENTER = 1;
const ENOMEM = 12;
const ESRCH = 3;
const EINVAL = 22;
const TWO_64 = 2 ** 64;

/** glibc's isprime: no odd divisor up to the square root (only odd numbers are passed; 3 is prime). */
function isPrime(number: number): boolean {
  for (let divisor = 3; divisor <= Math.floor(number / divisor); divisor += 2) if (number % divisor === 0) return false;
  return true;
}

function hcreateR(libc: LibcProcess, count: number, htab: number): number {
  if (htab === 0) {
    libc.errno = EINVAL;
    return 0;
  }
  if (count >= Math.floor(TWO_64 / ENTRY_SIZE)) {
    libc.errno = ENOMEM;
    return 0;
  }
  if (loadPointer(libc.memory, htab + TABLE) !== 0) return 0;
  let size = Math.max(count, 3);
  if (size % 2 === 0) size += 1;
  while (!isPrime(size)) size += 2;
  const view = libc.memory.view;
  const bytes = (size + 1) * ENTRY_SIZE;
  const table = bytes < 2 ** 32 ? libc.heap.allocate(bytes) : 0;
  if (table === 0) {
    libc.errno = ENOMEM;
    return 0;
  }
  libc.memory.bytes.fill(0, table, table + bytes);
  view.setUint32(htab + SIZE, size >>> 0, true);
  view.setUint32(htab + FILLED, 0, true);
  storePointer(libc.memory, htab + TABLE, table);
  return 1;
}

function hdestroyR(libc: LibcProcess, htab: number): undefined {
  if (htab === 0) {
    libc.errno = EINVAL;
    return undefined;
  }
  const table = loadPointer(libc.memory, htab + TABLE);
  if (table !== 0) libc.heap.release(table, 'hdestroy');
  storePointer(libc.memory, htab + TABLE, 0);
  return undefined;
}

function sameKey(libc: LibcProcess, key: number, keyLength: number, other: number): boolean {
  const bytes = libc.memory.bytes;
  const otherLength = cStringLength(libc.memory, other);
  if (otherLength !== keyLength) return false;
  for (let i = 0; i < keyLength; i++) if (bytes[key + i] !== bytes[other + i]) return false;
  return true;
}

/** hsearch_r: 1 with *retval set, or 0 with errno (ENOMEM full, ESRCH not found) and *retval NULL. */
function hsearchR(libc: LibcProcess, key: number, data: number, action: number, retval: number, htab: number): number {
  const memory = libc.memory;
  const view = memory.view;
  const length = cStringLength(memory, key);
  // The hash: the length, then each byte from the last, as a signed char, shifted in by 4 bits.
  let hash = length >>> 0;
  for (let i = length - 1; i >= 0; i--) hash = ((hash << 4) + ((memory.bytes[key + i]! << 24) >> 24)) >>> 0;
  if (hash === 0) hash = 1;
  const table = loadPointer(memory, htab + TABLE);
  const size = view.getUint32(htab + SIZE, true);
  const used = (index: number): number => view.getUint32(table + index * ENTRY_SIZE, true);
  const matches = (index: number): boolean =>
    used(index) === hash && sameKey(libc, key, length, loadPointer(memory, table + index * ENTRY_SIZE + ENTRY_KEY));
  let index = (hash % size) + 1;
  if (used(index) !== 0) {
    if (matches(index)) {
      storePointer(memory, retval, table + index * ENTRY_SIZE + ENTRY_KEY);
      return 1;
    }
    const step = 1 + (hash % (size - 2));
    const first = index;
    do {
      index = index <= step ? size + index - step : index - step;
      if (index === first) break;
      if (matches(index)) {
        storePointer(memory, retval, table + index * ENTRY_SIZE + ENTRY_KEY);
        return 1;
      }
    } while (used(index) !== 0);
  }
  if (action === ENTER) {
    const filled = view.getUint32(htab + FILLED, true);
    if (filled === size) {
      libc.errno = ENOMEM;
      storePointer(memory, retval, 0);
      return 0;
    }
    const entry = table + index * ENTRY_SIZE;
    view.setUint32(entry, hash, true);
    storePointer(memory, entry + ENTRY_KEY, key);
    storePointer(memory, entry + ENTRY_DATA, data);
    view.setUint32(htab + FILLED, filled + 1, true);
    storePointer(memory, retval, entry + ENTRY_KEY);
    return 1;
  }
  libc.errno = ESRCH;
  storePointer(memory, retval, 0);
  return 0;
}

/** The table of hcreate/hsearch/hdestroy, and a cell for hsearch's result, per process. */
const processTables = new ProcessState<{ htab: number; result: number }>(
  'search/hash-table processTables',
  copyForChild,
  (libc) => {
    const htab = libc.data.allocate(24, 8);
    libc.memory.bytes.fill(0, htab, htab + 24);
    return { htab, result: htab + 16 };
  },
);

export const HASH_TABLE_FUNCTIONS: FunctionTable = {
  hcreate_r: (f, libc) => hcreateR(libc, f.ulong(0), f.ptr(1)),
  hdestroy_r: (f, libc) => hdestroyR(libc, f.ptr(0)),
  hsearch_r: (f, libc) => hsearchR(libc, f.ptr(0), f.ptr(1), f.int(2), f.ptr(3), f.ptr(4)),
  hcreate: (f, libc) => hcreateR(libc, f.ulong(0), processTables.of(libc).htab),
  hdestroy: (_f, libc) => hdestroyR(libc, processTables.of(libc).htab),
  hsearch: (f, libc) => {
    const state = processTables.of(libc);
    hsearchR(libc, f.ptr(0), f.ptr(1), f.int(2), state.result, state.htab);
    return loadPointer(libc.memory, state.result);
  },
};
