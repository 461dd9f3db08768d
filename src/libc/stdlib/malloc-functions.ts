// The malloc family over the guest heap (./malloc.ts), with glibc's errno and edge cases:
// malloc(0) returns a unique pointer, calloc checks the multiplication, realloc(p, 0) frees
// (glibc 2.36 returns NULL), bad alignments give EINVAL.
import type { FunctionTable } from '../exports/binding-types.ts';
import { checkWrite } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';

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

export const MALLOC_FUNCTIONS: FunctionTable = {
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
};
