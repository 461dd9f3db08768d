// select and pselect as glibc 2.36 makes them on x86-64: both are the pselect6 system call.
// select normalises its timeval (microseconds beyond a second carried into seconds; a negative
// part is EINVAL), passes it as a timespec and writes the time left back into the caller's
// timeval, as Linux's select does; pselect passes a copy of its timeout (the caller's is never
// changed) and the signal mask with its size (the kernel's {mask, 8} pair).
import { Errno } from '../../kernel/errno.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { checkRead, checkWrite } from '../runtime/guest-access.ts';
import { Sys } from '../runtime/kernel-call.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';

const KERNEL_SIGSET_SIZE = 8;
// Scratch layout: the timespec at 0, the {mask, size} pair at 16 (libc.scratch holds 512 bytes).
const TIMESPEC = 0;
const MASK_PAIR = 16;

function select(libc: LibcProcess, n: number, r: number, w: number, e: number, timeout: number): number {
  const view = libc.memory.view;
  let timespec = 0;
  if (timeout !== 0) {
    checkRead(libc.memory, timeout, 16);
    let seconds = view.getBigInt64(timeout, true);
    let micros = view.getInt32(timeout + 8, true);
    if (seconds < 0n || micros < 0) {
      libc.errno = Errno.EINVAL;
      return -1;
    }
    seconds += BigInt(Math.floor(micros / 1e6));
    micros %= 1e6;
    timespec = libc.scratch + TIMESPEC;
    view.setBigInt64(timespec, seconds, true);
    view.setBigInt64(timespec + 8, BigInt(micros * 1000), true);
  }
  const result = libc.sys(Sys.pselect6, n, r, w, e, timespec, 0);
  if (timeout !== 0) {
    checkWrite(libc.memory, timeout, 16);
    view.setBigInt64(timeout, view.getBigInt64(timespec, true), true);
    view.setBigInt64(timeout + 8, view.getBigInt64(timespec + 8, true) / 1000n, true);
  }
  return libc.sysResult(result);
}

function pselect(libc: LibcProcess, n: number, r: number, w: number, e: number, timeout: number, mask: number): number {
  const view = libc.memory.view;
  let timespec = 0;
  if (timeout !== 0) {
    checkRead(libc.memory, timeout, 16);
    timespec = libc.scratch + TIMESPEC;
    view.setBigInt64(timespec, view.getBigInt64(timeout, true), true);
    view.setBigInt64(timespec + 8, view.getBigInt64(timeout + 8, true), true);
  }
  const pair = libc.scratch + MASK_PAIR;
  view.setBigUint64(pair, BigInt(mask), true);
  view.setBigUint64(pair + 8, BigInt(KERNEL_SIGSET_SIZE), true);
  return libc.sysResult(libc.sys(Sys.pselect6, n, r, w, e, timespec, pair));
}

export const SELECT_FUNCTIONS: FunctionTable = {
  select: (f, libc) => select(libc, f.int(0), f.ptr(1), f.ptr(2), f.ptr(3), f.ptr(4)),
  pselect: (f, libc) => pselect(libc, f.int(0), f.ptr(1), f.ptr(2), f.ptr(3), f.ptr(4), f.ptr(5)),
};
