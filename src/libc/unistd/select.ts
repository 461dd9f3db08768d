// select and pselect as glibc 2.36 behaves on x86-64. select normalises its timeval
// (microseconds beyond a second carried into seconds; a negative part is EINVAL), passes a copy
// and writes the time left back into the caller's timeval, as Linux's select does; pselect
// (the pselect6 system call) passes a copy of its timeout (the caller's is never changed) and
// the signal mask with its size (the kernel's {mask, 8} pair).
import { Errno } from '../../kernel/errno.ts';
import type { CallFrame } from '../abi/call-frame.ts';
import type { HostGenerator } from '../abi/host-region.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { cancellableSyscall, cancellableSyscallFromGenerator } from '../pthread/cancel-cleanup.ts';
import { checkRead, checkWrite } from '../runtime/guest-access.ts';
import { Sys } from '../runtime/kernel-call.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';

const KERNEL_SIGSET_SIZE = 8;

/**
 * select and pselect can wait: they are made from guest code (the select system call through
 * the syscall function, pselect6 as a tail call), so other threads run meanwhile and signals
 * interrupt them as natively. Their copies of the timeout (and pselect's {mask, size} pair) live
 * in the red zone below the caller's stack pointer, which the calls and signal frames leave
 * alone, not in the process's scratch area another thread might be using.
 */
function* select(f: CallFrame, libc: LibcProcess): HostGenerator {
  const [n, r, w, e, timeout] = [f.int(0), f.ptr(1), f.ptr(2), f.ptr(3), f.ptr(4)];
  const view = libc.memory.view;
  let copy = 0;
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
    copy = f.sp - 64;
    checkWrite(libc.memory, copy, 16);
    view.setBigInt64(copy, seconds, true);
    view.setBigInt64(copy + 8, BigInt(micros), true);
  }
  const result = yield* cancellableSyscallFromGenerator(libc, [Sys.select, n, r, w, e, copy], 'select');
  if (timeout !== 0) {
    // The kernel left the time remaining in the copy; the caller's timeval gets it, as Linux's.
    checkWrite(libc.memory, timeout, 16);
    view.setBigInt64(timeout, view.getBigInt64(copy, true), true);
    view.setBigInt64(timeout + 8, view.getBigInt64(copy + 8, true), true);
  }
  return libc.sysResult(result);
}

function pselect(f: CallFrame, libc: LibcProcess): number | undefined | HostGenerator {
  const [n, r, w, e, timeout, mask] = [f.int(0), f.ptr(1), f.ptr(2), f.ptr(3), f.ptr(4), f.ptr(5)];
  const view = libc.memory.view;
  const area = f.sp - 64;
  checkWrite(libc.memory, area, 32);
  let timespec = 0;
  if (timeout !== 0) {
    checkRead(libc.memory, timeout, 16);
    timespec = area;
    view.setBigInt64(timespec, view.getBigInt64(timeout, true), true);
    view.setBigInt64(timespec + 8, view.getBigInt64(timeout + 8, true), true);
  }
  const pair = area + 16;
  view.setBigUint64(pair, BigInt(mask), true);
  view.setBigUint64(pair + 8, BigInt(KERNEL_SIGSET_SIZE), true);
  return cancellableSyscall(f, libc, Sys.pselect6, n, r, w, e, timespec, pair);
}

export const SELECT_FUNCTIONS: FunctionTable = {
  select,
  pselect,
};
