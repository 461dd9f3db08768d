// scandir, scandirat and their 64 forms (one ABI on x86-64), as glibc 2.36's dirent/scandir-tail-common.c:
// each entry readdir returns goes to the program's filter (guest code) first; a kept entry is
// copied whole (d_reclen bytes) into its own malloc'ed block, the pointer array growing 10, 20,
// 40… entries; then the directory is closed and the array sorted with the program's comparator
// by qsort. errno is cleared before the walk and after each filter call, so only readdir's
// failures count; on success errno is restored to what it was on entry.
import { guestCall, type HostGenerator } from '../abi/host-region.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { storePointer } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { realloc } from '../stdlib/malloc-functions.ts';
import { qsort } from '../stdlib/stdlib-functions.ts';
import { closeDirectory, openDirectoryAt, readDirectory } from './dirent-functions.ts';

const AT_FDCWD = -100;
/** struct dirent's d_reclen offset. */
const D_RECLEN = 16;
const POINTER_SIZE = 8;

function* scandirAt(
  libc: LibcProcess,
  dirFd: number,
  path: number,
  namelist: number,
  select: number,
  compare: number,
): HostGenerator {
  const dir = openDirectoryAt(libc, dirFd, path);
  if (dir === 0) return -1;
  const saved = libc.errno;
  libc.errno = 0;
  const memory = libc.memory;
  let vector = 0;
  let capacity = 0;
  let count = 0;
  for (;;) {
    const entry = readDirectory(libc, dir);
    if (entry === 0) break;
    if (select !== 0) {
      const selected = (yield guestCall(select, [entry], 'scandir filter')) | 0;
      libc.errno = 0;
      if (selected === 0) continue;
    }
    if (count === capacity) {
      const grown = capacity === 0 ? 10 : capacity * 2;
      const fresh = realloc(libc, vector, grown * POINTER_SIZE);
      if (fresh === 0) break;
      vector = fresh;
      capacity = grown;
    }
    const size = memory.view.getUint16(entry + D_RECLEN, true);
    const copy = libc.heap.allocate(size);
    if (copy === 0) break;
    memory.bytes.copyWithin(copy, entry, entry + size);
    storePointer(memory, vector + count * POINTER_SIZE, copy);
    count++;
    libc.errno = 0;
  }
  if (libc.errno !== 0) {
    // glibc's __scandir_cancel_handler: every copy and the array freed, the directory closed.
    for (let i = 0; i < count; i++) libc.heap.release(memory.view.getUint32(vector + i * POINTER_SIZE, true));
    if (vector !== 0) libc.heap.release(vector);
    const errno = libc.errno;
    closeDirectory(libc, dir);
    libc.errno = errno;
    return -1;
  }
  closeDirectory(libc, dir);
  if (compare !== 0) yield* qsort(libc, vector, count, POINTER_SIZE, compare, undefined);
  storePointer(memory, namelist, vector);
  libc.errno = saved;
  return count;
}

export const SCANDIR_FUNCTIONS: FunctionTable = {
  scandir: (f, libc) => scandirAt(libc, AT_FDCWD, f.ptr(0), f.ptr(1), f.ptr(2), f.ptr(3)),
  scandir64: (f, libc) => scandirAt(libc, AT_FDCWD, f.ptr(0), f.ptr(1), f.ptr(2), f.ptr(3)),
  scandirat: (f, libc) => scandirAt(libc, f.int(0), f.ptr(1), f.ptr(2), f.ptr(3), f.ptr(4)),
  scandirat64: (f, libc) => scandirAt(libc, f.int(0), f.ptr(1), f.ptr(2), f.ptr(3), f.ptr(4)),
};
