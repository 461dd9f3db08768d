// The clocks the guest sees. CLOCK_MONOTONIC is the host's (Node's hrtime is CLOCK_MONOTONIC);
// CLOCK_REALTIME is the host's wall clock, captured once at start with millisecond accuracy and
// advanced by the monotonic clock so it has nanosecond resolution and never jumps within a run.

import { ClockId } from './abi/flags.ts';
import { Errno, fail } from './errno.ts';
import type { Timespec } from './fs/stat.ts';

const startMonotonic = process.hrtime();
const startRealtimeMs = Date.now();

/** Monotonic time in nanoseconds, as a number (for deadlines; exact to the microsecond). */
export function monotonicNanoseconds(): number {
  const [sec, nsec] = process.hrtime();
  return sec * 1e9 + nsec;
}

function realtime(): Timespec {
  const [s, ns] = process.hrtime(startMonotonic);
  let sec = Math.floor(startRealtimeMs / 1000) + s;
  let nsec = (startRealtimeMs % 1000) * 1_000_000 + ns;
  if (nsec >= 1e9) {
    sec += 1;
    nsec -= 1e9;
  }
  return { sec, nsec };
}

/**
 * The process's CPU time in nanoseconds, as a number (microsecond steps): user + system, or user
 * time alone (ITIMER_VIRTUAL's clock).
 */
export function cpuNanoseconds(withSystem = true): number {
  const usage = process.cpuUsage();
  return (withSystem ? usage.user + usage.system : usage.user) * 1000;
}

function cpuTime(): Timespec {
  const usage = process.cpuUsage();
  const micros = usage.user + usage.system;
  return { sec: Math.floor(micros / 1e6), nsec: (micros % 1e6) * 1000 };
}

/** clock_gettime for a clock id; EINVAL for unknown clocks. */
export function readClock(clock: number): Timespec {
  switch (clock) {
    case ClockId.REALTIME:
    case ClockId.REALTIME_COARSE:
    case ClockId.REALTIME_ALARM:
    case ClockId.TAI: {
      const t = realtime();
      // TAI runs 37 leap seconds ahead of UTC (since 2017) when the host keeps it so; most
      // hosts do not (the kernel's TAI offset defaults to 0), and neither does Miros.
      return t;
    }
    case ClockId.MONOTONIC:
    case ClockId.MONOTONIC_RAW:
    case ClockId.MONOTONIC_COARSE:
    case ClockId.BOOTTIME:
    case ClockId.BOOTTIME_ALARM: {
      const [sec, nsec] = process.hrtime();
      return { sec, nsec };
    }
    case ClockId.PROCESS_CPUTIME_ID:
    case ClockId.THREAD_CPUTIME_ID:
      return cpuTime();
    default:
      // Negative ids are per-process/per-thread CPU clocks (clock_getcpuclockid); only ours exist.
      if (clock < 0) return cpuTime();
      fail(Errno.EINVAL);
  }
}

/** clock_getres: 1 ns for the high-resolution clocks, a tick (4 ms) for the coarse ones. */
export function clockResolution(clock: number): Timespec {
  readClock(clock);
  if (clock === ClockId.REALTIME_COARSE || clock === ClockId.MONOTONIC_COARSE) return { sec: 0, nsec: 4_000_000 };
  return { sec: 0, nsec: 1 };
}
