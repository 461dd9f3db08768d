// brk and sbrk over the kernel's program break, as glibc 2.36 keeps them: the break last set is
// cached (glibc's __curbrk), read from the kernel with brk(0) on first use. Miros's malloc takes
// its memory from mmap, so a program that moves the break itself owns that area, as with glibc
// (whose malloc only uses the break's top).
import { Errno } from '../../kernel/errno.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { Sys } from '../runtime/kernel-call.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { copyForChild, ProcessState } from '../runtime/process-states.ts';

/** (void *) -1, sbrk's failure (a -1 result fills rax with ones). */
const FAILED = -1;
/** The break as last set or read, per process (glibc's __curbrk); absent until first used. */
const currentBreak = new ProcessState<number>('unistd/program-break currentBreak', copyForChild);

/** __brk: asks the kernel for `address`; 0, or -1 with ENOMEM when the break did not get there. */
function brk(libc: LibcProcess, address: number): number {
  const result = libc.sys(Sys.brk, address);
  currentBreak.set(libc, result);
  if (result < address) {
    libc.errno = Errno.ENOMEM;
    return -1;
  }
  return 0;
}

/** __sbrk: the old break, moved by `increment`; (void *) -1 with ENOMEM when it cannot move. */
function sbrk(libc: LibcProcess, increment: number): number {
  let old = currentBreak.get(libc);
  if (old === undefined) {
    if (brk(libc, 0) < 0) return FAILED;
    old = currentBreak.get(libc)!;
  }
  if (increment === 0) return old;
  if (old + increment < 0 || old + increment >= 2 ** 64) {
    libc.errno = Errno.ENOMEM;
    return FAILED;
  }
  if (brk(libc, old + increment) < 0) return FAILED;
  return old;
}

export const PROGRAM_BREAK_FUNCTIONS: FunctionTable = {
  brk: (f, libc) => brk(libc, f.ptr(0)),
  __brk: (f, libc) => brk(libc, f.ptr(0)),
  sbrk: (f, libc) => sbrk(libc, f.long(0)),
  __sbrk: (f, libc) => sbrk(libc, f.long(0)),
};
