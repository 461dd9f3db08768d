// ntp_gettime and ntp_gettimex (glibc 2.36's misc/ntp_gettime.c, ntp_gettimex.c): adjtimex with
// modes 0 reads the clock's state; its time, maximum and estimated errors (and TAI offset for
// ntp_gettimex, whose reserved words are zeroed) go to the caller's struct ntptimeval; the
// result is adjtimex's (the clock state, TIME_ERROR when unsynchronised; -1 and errno on failure).
//   struct timex (208): 0 modes  24 maxerror  32 esterror  72 time (timeval)  160 tai
//   struct ntptimeval (72): 0 time  16 maxerror  24 esterror  32 tai  40 reserved[4]
import type { FunctionTable } from '../exports/binding-types.ts';
import { checkWrite } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';

/** adjtimex's system-call number (x86-64). */
const SYS_ADJTIMEX = 159;
const TIMEX_SIZE = 208;

function ntpGetTime(libc: LibcProcess, out: number, extended: boolean): number {
  const timex = libc.heap.allocate(TIMEX_SIZE);
  const memory = libc.memory;
  try {
    memory.bytes.fill(0, timex, timex + TIMEX_SIZE);
    const result = libc.sysResult(libc.sys(SYS_ADJTIMEX, timex));
    checkWrite(memory, out, extended ? 72 : 32);
    memory.bytes.copyWithin(out, timex + 72, timex + 88);
    memory.bytes.copyWithin(out + 16, timex + 24, timex + 40);
    if (extended) {
      memory.view.setBigInt64(out + 32, BigInt(memory.view.getInt32(timex + 160, true)), true);
      memory.bytes.fill(0, out + 40, out + 72);
    }
    return result;
  } finally {
    libc.heap.release(timex);
  }
}

export const NTP_TIME_FUNCTIONS: FunctionTable = {
  ntp_gettime: (f, libc) => ntpGetTime(libc, f.ptr(0), false),
  ntp_gettimex: (f, libc) => ntpGetTime(libc, f.ptr(0), true),
};
