// The malloc family over the guest heap (./malloc.ts), with glibc's errno and edge cases:
// malloc(0) returns a unique pointer, calloc checks the multiplication, realloc(p, 0) frees
// (glibc 2.36 returns NULL), bad alignments give EINVAL.
import type { FunctionTable } from '../exports/binding-types.ts';
import { checkWrite } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import type { HeapStatistics } from './malloc.ts';

const ENOMEM = 12;
const EINVAL = 22;
const PAGE = 4096;

function allocate(libc: LibcProcess, size: number): number {
  const pointer = libc.heap.allocate(size);
  if (pointer === 0) libc.errno = ENOMEM;
  return pointer;
}

function calloc(libc: LibcProcess, count: number, size: number): number {
  const total = count * size;
  if (!Number.isSafeInteger(total) || total > 2 ** 48) {
    libc.errno = ENOMEM;
    return 0;
  }
  const pointer = allocate(libc, total);
  if (pointer !== 0 && total > 0) libc.memory.bytes.fill(0, pointer, pointer + total);
  return pointer;
}

/** realloc with glibc's rules (also for getline's and scanf %m's growing buffers). */
export function realloc(libc: LibcProcess, pointer: number, size: number): number {
  if (pointer === 0) return allocate(libc, size);
  if (size === 0) {
    libc.heap.release(pointer, 'realloc');
    return 0;
  }
  const old = libc.heap.usableSize(pointer);
  if (old === 0 && !libc.heap.isLive(pointer)) libc.heap.release(pointer, 'realloc');
  if (size <= old) return pointer;
  const fresh = allocate(libc, size);
  if (fresh === 0) return 0;
  libc.memory.bytes.copyWithin(fresh, pointer, pointer + old);
  libc.heap.release(pointer, 'realloc');
  return fresh;
}

function isPowerOfTwo(value: number): boolean {
  return value > 0 && Number.isSafeInteger(value) && (value & (value - 1)) === 0 && value <= 2 ** 31;
}

function memalign(libc: LibcProcess, alignment: number, size: number): number {
  let align = alignment;
  if (!isPowerOfTwo(align)) {
    // glibc rounds a non-power-of-two alignment up to the next power of two.
    align = 16;
    while (align < alignment) align *= 2;
  }
  const pointer = libc.heap.allocateAligned(align, size);
  if (pointer === 0) libc.errno = ENOMEM;
  return pointer;
}

/** struct mallinfo2's (size_t) and struct mallinfo's (int) fields, in order. */
const MALLINFO_FIELDS: readonly (keyof HeapStatistics)[] = [
  'arena',
  'ordblks',
  'smblks',
  'hblks',
  'hblkhd',
  'usmblks',
  'fsmblks',
  'uordblks',
  'fordblks',
  'keepcost',
];

/**
 * mallinfo/mallinfo2: the struct (40 or 80 bytes) is returned in memory, at the address the
 * caller passes as a hidden first argument, which goes back in rax. mallinfo's int fields are the
 * size_t values cut to 32 bits, as glibc's conversion does.
 */
function mallinfo(libc: LibcProcess, result: number, fieldSize: 4 | 8): number {
  checkWrite(libc.memory, result, fieldSize * MALLINFO_FIELDS.length);
  const statistics = libc.heap.statistics();
  const view = libc.memory.view;
  MALLINFO_FIELDS.forEach((field, i) => {
    const value = statistics[field];
    if (fieldSize === 4) view.setInt32(result + 4 * i, value | 0, true);
    else view.setBigUint64(result + 8 * i, BigInt(value), true);
  });
  return result;
}

export const MALLOC_FUNCTIONS: FunctionTable = {
  mallinfo: (f, libc) => mallinfo(libc, f.ptr(0), 4),
  __libc_mallinfo: (f, libc) => mallinfo(libc, f.ptr(0), 4),
  mallinfo2: (f, libc) => mallinfo(libc, f.ptr(0), 8),
  malloc: (f, libc) => allocate(libc, f.ulong(0)),
  free: (f, libc) => {
    libc.heap.release(f.ptr(0));
    return undefined;
  },
  cfree: (f, libc) => {
    libc.heap.release(f.ptr(0));
    return undefined;
  },
  calloc: (f, libc) => calloc(libc, f.ulong(0), f.ulong(1)),
  realloc: (f, libc) => realloc(libc, f.ptr(0), f.ulong(1)),
  reallocarray: (f, libc) => {
    const total = f.ulong(1) * f.ulong(2);
    if (!Number.isSafeInteger(total) || total > 2 ** 48) {
      libc.errno = ENOMEM;
      return 0;
    }
    return realloc(libc, f.ptr(0), total);
  },
  memalign: (f, libc) => memalign(libc, f.ulong(0), f.ulong(1)),
  aligned_alloc: (f, libc) => memalign(libc, f.ulong(0), f.ulong(1)),
  valloc: (f, libc) => memalign(libc, PAGE, f.ulong(0)),
  pvalloc: (f, libc) => memalign(libc, PAGE, Math.ceil(f.ulong(0) / PAGE) * PAGE || PAGE),
  posix_memalign: (f, libc) => {
    const result = f.ptr(0);
    const alignment = f.ulong(1);
    if (alignment % 8 !== 0 || !isPowerOfTwo(alignment / 8)) return EINVAL;
    const saved = libc.errno;
    const pointer = memalign(libc, alignment, f.ulong(2));
    libc.errno = saved;
    if (pointer === 0) return ENOMEM;
    checkWrite(libc.memory, result, 8);
    libc.memory.view.setUint32(result, pointer, true);
    libc.memory.view.setUint32(result + 4, 0, true);
    return 0;
  },
  malloc_usable_size: (f, libc) => libc.heap.usableSize(f.ptr(0)),
  // malloc_trim(pad): 1 when memory went back to the system, else 0. Miros's heap keeps freed
  // chunks on its free lists inside its arenas and never gives arena pages back (large blocks
  // are unmapped when freed already), so there is never anything to trim.
  malloc_trim: () => 0,
};
