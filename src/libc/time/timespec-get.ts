// C11's timespec_get and C2x's timespec_getres, as glibc 2.36: TIME_UTC (1) is the only base —
// CLOCK_REALTIME's time or resolution, the base returned; any other base returns 0 untouched.
import type { FunctionTable } from '../exports/binding-types.ts';
import { Sys } from '../runtime/kernel-call.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';

const TIME_UTC = 1;
const CLOCK_REALTIME = 0;

function fromRealtimeClock(libc: LibcProcess, call: Sys, timespec: number, base: number): number {
  if (base !== TIME_UTC) return 0;
  libc.sys(call, CLOCK_REALTIME, timespec);
  return base;
}

export const TIMESPEC_GET_FUNCTIONS: FunctionTable = {
  timespec_get: (f, libc) => fromRealtimeClock(libc, Sys.clock_gettime, f.ptr(0), f.int(1)),
  timespec_getres: (f, libc) => fromRealtimeClock(libc, Sys.clock_getres, f.ptr(0), f.int(1)),
};
