// The character devices Miros emulates: /dev/null, /dev/zero, /dev/full, /dev/random,
// /dev/urandom. Device numbers and modes are Linux's (drivers/char/mem.c).

import * as fs from 'node:fs';
import { PollEvent } from '../abi/flags.ts';
import { Errno, fail } from '../errno.ts';
import type { Thread } from '../thread.ts';
import type { Location } from './file-system.ts';
import { OpenFile } from './open-file.ts';
import { makedev, now, S_IFCHR, type Stat } from './stat.ts';

/** devtmpfs's device number, for st_dev of /dev entries. */
export const DEVTMPFS_DEVICE = makedev(0, 5);
const created = now();

export function deviceStat(ino: number, rdev: number, mode = 0o666): Stat {
  return {
    dev: DEVTMPFS_DEVICE,
    ino,
    mode: S_IFCHR | mode,
    nlink: 1,
    uid: 0,
    gid: 0,
    rdev,
    size: 0,
    blksize: 4096,
    blocks: 0,
    atime: created,
    mtime: created,
    ctime: created,
  };
}

abstract class MemoryDevice extends OpenFile {
  constructor(
    flags: number,
    location: Location | undefined,
    private readonly ino: number,
    private readonly minor: number,
  ) {
    super(flags, location);
  }

  stat(): Stat {
    return deviceStat(this.ino, makedev(1, this.minor));
  }

  /** Seeking these devices always succeeds and reports offset 0 (Linux's null_lseek). */
  override seek(): number {
    return 0;
  }

  override pread(thread: Thread, target: Uint8Array, offset: number, length: number): number {
    return this.read(thread, target, offset, length);
  }

  override pwrite(thread: Thread, source: Uint8Array, offset: number, length: number): number {
    return this.write(thread, source, offset, length);
  }

  override poll(events: number): number {
    return events & (PollEvent.IN | PollEvent.OUT | PollEvent.RDNORM | PollEvent.WRNORM);
  }

  override get externallyDriven(): boolean {
    return true;
  }
}

export class DevNull extends MemoryDevice {
  constructor(flags: number, location?: Location) {
    super(flags, location, 4, 3);
  }

  override read(): number {
    return 0;
  }

  override write(_thread: Thread, _source: Uint8Array, _offset: number, length: number): number {
    return length;
  }
}

export class DevZero extends MemoryDevice {
  constructor(flags: number, location?: Location) {
    super(flags, location, 5, 5);
  }

  override read(_thread: Thread, target: Uint8Array, offset: number, length: number): number {
    target.fill(0, offset, offset + length);
    return length;
  }

  override write(_thread: Thread, _source: Uint8Array, _offset: number, length: number): number {
    return length;
  }
}

export class DevFull extends MemoryDevice {
  constructor(flags: number, location?: Location) {
    super(flags, location, 7, 7);
  }

  override read(_thread: Thread, target: Uint8Array, offset: number, length: number): number {
    target.fill(0, offset, offset + length);
    return length;
  }

  override write(): number {
    fail(Errno.ENOSPC);
  }
}

/** /dev/random and /dev/urandom (the same since Linux 5.6). */
export class DevRandom extends MemoryDevice {
  constructor(flags: number, location: Location | undefined, minor: 8 | 9) {
    super(flags, location, minor === 8 ? 8 : 9, minor);
  }

  override read(thread: Thread, target: Uint8Array, offset: number, length: number): number {
    thread.process.random(target, offset, length);
    return length;
  }

  override write(_thread: Thread, _source: Uint8Array, _offset: number, length: number): number {
    // Writing mixes entropy into the pool; nothing to keep.
    return length;
  }
}

/** The host's /dev/urandom, opened on first use; null where there is none (a browser page). */
let hostUrandom: number | null | undefined;

/**
 * Fills with host randomness. Read from the host's /dev/urandom rather than through node:crypto:
 * every process start needs 16 bytes for AT_RANDOM, and loading the crypto module costs more
 * start-up time than the whole read. Without /dev/urandom, Web Crypto.
 */
export function hostRandom(target: Uint8Array, offset: number, length: number): void {
  if (hostUrandom === undefined) {
    try {
      hostUrandom = fs.openSync('/dev/urandom', 'r');
    } catch {
      hostUrandom = null;
    }
  }
  let done = 0;
  if (hostUrandom !== null) {
    while (done < length) {
      // Through a view: the memory is 4 GiB and offsets into it need not fit the binding's int32.
      const n = fs.readSync(hostUrandom, target.subarray(offset + done, offset + length));
      if (n <= 0) break;
      done += n;
    }
  }
  // getRandomValues fills at most 65536 bytes a call.
  for (; done < length; done += 65536) {
    globalThis.crypto.getRandomValues(target.subarray(offset + done, offset + done + Math.min(65536, length - done)));
  }
}
