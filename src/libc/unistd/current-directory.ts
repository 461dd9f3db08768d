// get_current_dir_name (glibc 2.36's io/getdirname.c): a malloc'd copy of $PWD when it names the
// current directory (stat of "." and of $PWD give the same device and inode: the path the user
// came by, symbolic links kept), else getcwd(NULL, 0). A failing stat leaves its errno, as glibc's.

import { getenvAddress } from '../environment/environment.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { cStringLength } from '../runtime/guest-access.ts';
import { Sys } from '../runtime/kernel-call.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { getcwd } from './unistd-functions.ts';

const STAT_SIZE = 144;
const ST_DEV = 0;
const ST_INO = 8;

function getCurrentDirName(libc: LibcProcess): number {
  const memory = libc.memory;
  // "PWD" and ".", with two stat buffers, in one scratch allocation.
  const scratch = libc.heap.allocate(2 * STAT_SIZE + 8);
  const name = scratch + 2 * STAT_SIZE;
  memory.bytes.set([0x50, 0x57, 0x44, 0, 0x2e, 0], name);
  const pwd = getenvAddress(libc, name);
  let copy = 0;
  if (
    pwd !== 0 &&
    libc.sysResult(libc.sys(Sys.stat, name + 4, scratch)) === 0 &&
    libc.sysResult(libc.sys(Sys.stat, pwd, scratch + STAT_SIZE)) === 0 &&
    memory.view.getBigUint64(scratch + ST_DEV, true) === memory.view.getBigUint64(scratch + STAT_SIZE + ST_DEV, true) &&
    memory.view.getBigUint64(scratch + ST_INO, true) === memory.view.getBigUint64(scratch + STAT_SIZE + ST_INO, true)
  ) {
    const length = cStringLength(memory, pwd);
    copy = libc.heap.allocate(length + 1);
    if (copy === 0)
      libc.errno = 12; // ENOMEM, as strdup's malloc
    else memory.bytes.copyWithin(copy, pwd, pwd + length + 1);
    libc.heap.release(scratch);
    return copy;
  }
  libc.heap.release(scratch);
  return getcwd(libc, 0, 0);
}

export const CURRENT_DIRECTORY_FUNCTIONS: FunctionTable = {
  get_current_dir_name: (_f, libc) => getCurrentDirName(libc),
};
