// glibc's private scratch buffers (include/scratch_buffer.h), which programs built from glibc's
// sources (pldd) call: struct scratch_buffer { void *data; size_t length; 1024 bytes of space at
// offset 16 }. __libc_scratch_buffer_grow drops the contents and doubles the size on the heap;
// __libc_scratch_buffer_grow_preserve keeps them (moved off the space, or realloc'ed). On failure
// the buffer is reset to its own space (and false returned), as glibc's.
import type { FunctionTable } from '../exports/binding-types.ts';
import { checkWrite, loadPointer, storePointer } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { realloc } from './malloc-functions.ts';

const DATA = 0;
const LENGTH = 8;
const SPACE = 16;
const SPACE_SIZE = 1024;
const ENOMEM = 12;

function reset(libc: LibcProcess, buffer: number): void {
  storePointer(libc.memory, buffer + DATA, buffer + SPACE);
  storePointer(libc.memory, buffer + LENGTH, SPACE_SIZE);
}

function install(libc: LibcProcess, buffer: number, data: number, length: number): number {
  storePointer(libc.memory, buffer + DATA, data);
  storePointer(libc.memory, buffer + LENGTH, length);
  return 1;
}

function grow(libc: LibcProcess, buffer: number): number {
  checkWrite(libc.memory, buffer, SPACE);
  const data = loadPointer(libc.memory, buffer + DATA);
  const length = loadPointer(libc.memory, buffer + LENGTH);
  if (data !== buffer + SPACE) libc.heap.release(data, 'free');
  const fresh = libc.heap.allocate(2 * length);
  if (fresh === 0) {
    libc.errno = ENOMEM;
    reset(libc, buffer);
    return 0;
  }
  return install(libc, buffer, fresh, 2 * length);
}

function growPreserve(libc: LibcProcess, buffer: number): number {
  checkWrite(libc.memory, buffer, SPACE);
  const data = loadPointer(libc.memory, buffer + DATA);
  const length = loadPointer(libc.memory, buffer + LENGTH);
  if (data === buffer + SPACE) {
    const fresh = libc.heap.allocate(2 * length);
    if (fresh === 0) {
      libc.errno = ENOMEM;
      return 0;
    }
    libc.memory.bytes.copyWithin(fresh, data, data + length);
    return install(libc, buffer, fresh, 2 * length);
  }
  const moved = realloc(libc, data, 2 * length);
  if (moved === 0) {
    libc.heap.release(data, 'free');
    reset(libc, buffer);
    return 0;
  }
  return install(libc, buffer, moved, 2 * length);
}

export const SCRATCH_BUFFER_FUNCTIONS: FunctionTable = {
  __libc_scratch_buffer_grow: (f, libc) => grow(libc, f.ptr(0)),
  __libc_scratch_buffer_grow_preserve: (f, libc) => growPreserve(libc, f.ptr(0)),
};
