// eventfd(2): a 64-bit counter behind a descriptor, as Linux's fs/eventfd.c behaves:
// - read(8 bytes or more) takes the whole count and zeroes it, or 1 with EFD_SEMAPHORE; with a
//   count of 0 it blocks (EAGAIN when non-blocking); fewer than 8 bytes is EINVAL;
// - write(exactly 8 bytes: other lengths are EINVAL on this machine's kernel, recorded by
//   tests/programs/src/eventfd.c) adds a value; 0xffffffffffffffff is EINVAL, and a sum past
//   0xfffffffffffffffe blocks until a read makes room (EAGAIN when non-blocking);
// - poll: readable while the count is above 0, writable while 1 more would still fit.
// The count is a BigInt: it is 64 bits wide, and eventfd is not on any hot path.

import { PollEvent } from '../abi/flags.ts';
import { BLOCKED } from '../blocking.ts';
import { Errno, fail } from '../errno.ts';
import type { Thread } from '../thread.ts';
import { AnonInodeFile } from './anon-inode.ts';
import { nextChangeSerial } from './open-file.ts';

export const EFD_SEMAPHORE = 1;
/** The largest count: ULLONG_MAX - 1. */
const MAXIMUM = 0xffff_ffff_ffff_fffen;
const COUNTER_SIZE = 8;

export class EventFd extends AnonInodeFile {
  private count: bigint;
  private changed = 0;

  constructor(
    initial: number,
    flags: number,
    private readonly semaphore: boolean,
  ) {
    super('eventfd', flags);
    this.count = BigInt(initial);
  }

  override read(thread: Thread, target: Uint8Array, offset: number, length: number): number {
    if (length < COUNTER_SIZE) fail(Errno.EINVAL);
    if (this.count === 0n) {
      if (this.nonBlocking) fail(Errno.EAGAIN);
      thread.wait = { kind: 'readable', file: this };
      return BLOCKED;
    }
    const value = this.semaphore ? 1n : this.count;
    this.count -= value;
    this.changed = nextChangeSerial();
    new DataView(target.buffer, target.byteOffset + offset, COUNTER_SIZE).setBigUint64(0, value, true);
    return COUNTER_SIZE;
  }

  override write(thread: Thread, source: Uint8Array, offset: number, length: number): number {
    if (length !== COUNTER_SIZE) fail(Errno.EINVAL);
    const value = new DataView(source.buffer, source.byteOffset + offset, COUNTER_SIZE).getBigUint64(0, true);
    if (value === MAXIMUM + 1n) fail(Errno.EINVAL);
    if (this.count + value > MAXIMUM) {
      if (this.nonBlocking) fail(Errno.EAGAIN);
      thread.wait = { kind: 'writable', file: this };
      return BLOCKED;
    }
    this.count += value;
    this.changed = nextChangeSerial();
    return COUNTER_SIZE;
  }

  override get changeSerial(): number {
    return this.changed;
  }

  override poll(events: number): number {
    let ready = 0;
    if (this.count > 0n) ready |= events & (PollEvent.IN | PollEvent.RDNORM);
    if (this.count < MAXIMUM) ready |= events & (PollEvent.OUT | PollEvent.WRNORM);
    return ready;
  }
}
