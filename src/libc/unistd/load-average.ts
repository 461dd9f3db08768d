// getloadavg (glibc 2.36's sysdeps/unix/sysv/linux/getloadavg.c): up to three numbers (at most
// nelem) read from the start of /proc/loadavg with the C locale's strtod; -1 when the file cannot
// be read, or when a number is not where it should be.
import type { FunctionTable } from '../exports/binding-types.ts';
import { checkWrite } from '../runtime/guest-access.ts';
import { Sys } from '../runtime/kernel-call.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { DOUBLE, FloatParse, parseFloatNumber } from '../stdlib/number-parsing/strtod.ts';

const O_RDONLY = 0;
/** glibc reads at most 64 bytes. */
const READ_SIZE = 64;

function getloadavg(libc: LibcProcess, averages: number, count: number): number {
  const scratch = libc.heap.allocate(READ_SIZE + 16);
  try {
    libc.memory.bytes.set(Buffer.from('/proc/loadavg\0', 'latin1'), scratch);
    const fd = libc.sysResult(libc.sys(Sys.open, scratch, O_RDONLY, 0));
    if (fd < 0) return -1;
    const got = libc.sysResult(libc.sys(Sys.read, fd, scratch, READ_SIZE));
    libc.sys(Sys.close, fd);
    if (got <= 0) return -1;
    // The last byte read (the newline) becomes the end of the text.
    const text = libc.memory.bytes.slice(scratch, scratch + got);
    text[got - 1] = 0;
    const wanted = Math.min(count, 3);
    const parse = new FloatParse();
    let at = 0;
    let i = 0;
    for (; i < wanted; i++) {
      parseFloatNumber(text, at, DOUBLE, (libc.cpu.mxcsr >>> 13) & 3, parse);
      if (parse.end === at) return -1;
      checkWrite(libc.memory, averages + 8 * i, 8);
      libc.memory.view.setUint32(averages + 8 * i, parse.bitsLow, true);
      libc.memory.view.setUint32(averages + 8 * i + 4, parse.bitsHigh, true);
      at = parse.end;
    }
    return i;
  } finally {
    libc.heap.release(scratch);
  }
}

export const LOAD_AVERAGE_FUNCTIONS: FunctionTable = {
  getloadavg: (f, libc) => getloadavg(libc, f.ptr(0), f.int(1)),
};
