// timerfd(2): a timer read through a descriptor, as Linux's fs/timerfd.c behaves:
// - read (8 bytes or more) returns the number of expirations since the last read (or the last
//   timerfd_settime) and zeroes it; with none yet it blocks until the next one (EAGAIN when
//   non-blocking); fewer than 8 bytes is EINVAL;
// - poll reports POLLIN while expirations are waiting;
// - timerfd_settime arms it (relative, or absolute with TFD_TIMER_ABSTIME) and forgets the
//   expirations counted so far; timerfd_gettime reads the time left and the interval.
// Expirations are counted when looked at (read, poll, gettime) from the deadline and interval,
// so a timerfd costs nothing while it runs. Deadlines are monotonic nanoseconds: Miros's
// CLOCK_REALTIME moves with the monotonic clock (../clock.ts).

import { ClockId, PollEvent } from '../abi/flags.ts';
import { BLOCKED } from '../blocking.ts';
import { monotonicNanoseconds } from '../clock.ts';
import { Errno, fail } from '../errno.ts';
import type { Thread } from '../thread.ts';
import { AnonInodeFile } from './anon-inode.ts';
import { nextChangeSerial } from './open-file.ts';

const TICKS_SIZE = 8;

/** The clocks timerfd_create accepts (Linux: the *_ALARM ones need CAP_WAKE_ALARM: root has it). */
export function isTimerFdClock(clock: number): boolean {
  return (
    clock === ClockId.REALTIME ||
    clock === ClockId.MONOTONIC ||
    clock === ClockId.BOOTTIME ||
    clock === ClockId.REALTIME_ALARM ||
    clock === ClockId.BOOTTIME_ALARM
  );
}

export class TimerFd extends AnonInodeFile {
  /** Monotonic ns of the next expiry; Infinity when disarmed. */
  private deadline = Number.POSITIVE_INFINITY;
  /** Reload interval in ns (0: one-shot). */
  interval = 0;
  /** Expirations not read yet. */
  private ticks = 0;
  private changed = 0;

  constructor(
    readonly clock: number,
    flags: number,
  ) {
    super('timerfd', flags);
  }

  override get readyAt(): number {
    return this.deadline;
  }

  /** Arms for `value` ns from now (0 disarms), every `interval` ns after; forgets the count. */
  arm(value: number, interval: number): void {
    this.deadline = value > 0 ? monotonicNanoseconds() + value : Number.POSITIVE_INFINITY;
    this.interval = value > 0 ? interval : 0;
    this.ticks = 0;
  }

  /** Time left until the next expiry in ns (0 when disarmed). */
  remaining(): number {
    this.count();
    if (this.deadline === Number.POSITIVE_INFINITY) return 0;
    return Math.max(1, this.deadline - monotonicNanoseconds());
  }

  /** Adds the expirations that have passed to the count. */
  private count(): void {
    if (this.deadline === Number.POSITIVE_INFINITY) return;
    const time = monotonicNanoseconds();
    if (time < this.deadline) return;
    this.changed = nextChangeSerial();
    if (this.interval > 0) {
      const n = Math.floor((time - this.deadline) / this.interval) + 1;
      this.ticks += n;
      this.deadline += n * this.interval;
    } else {
      this.ticks += 1;
      this.deadline = Number.POSITIVE_INFINITY;
    }
  }

  override read(thread: Thread, target: Uint8Array, offset: number, length: number): number {
    if (length < TICKS_SIZE) fail(Errno.EINVAL);
    this.count();
    if (this.ticks === 0) {
      if (this.nonBlocking) fail(Errno.EAGAIN);
      // Until the next expiry (a sleep: the read runs again then); a disarmed timer waits for
      // another thread to arm it.
      thread.wait =
        this.deadline === Number.POSITIVE_INFINITY
          ? { kind: 'readable', file: this }
          : { kind: 'sleep', deadline: this.deadline };
      return BLOCKED;
    }
    new DataView(target.buffer, target.byteOffset + offset, TICKS_SIZE).setBigUint64(0, BigInt(this.ticks), true);
    this.ticks = 0;
    return TICKS_SIZE;
  }

  override write(): number {
    fail(Errno.EINVAL);
  }

  override get changeSerial(): number {
    this.count();
    return this.changed;
  }

  override poll(events: number): number {
    this.count();
    return this.ticks > 0 ? events & (PollEvent.IN | PollEvent.RDNORM) : 0;
  }
}
