// What the printf/scanf engines (./format/) need from a process: guest memory reads and stores,
// errno, strerror texts, the rounding mode, the locale.
import { errnoMessage, errnoName } from '../../kernel/errno.ts';
import type { AddressSpace } from '../../memory/address-space.ts';
import { currentLocale } from '../locale/locale-state.ts';
import { checkRead, checkWrite, cStringLength, cStringLengthMax } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { C_LOCALE, C_UTF8_LOCALE } from './format/c-locales.ts';
import type { ByteSink, FormatEnvironment, FormatLocale } from './format/format-io.ts';
import { FormatOutputError } from './format/format-io.ts';

const encoder = new TextEncoder();

export class GuestFormatEnvironment implements FormatEnvironment {
  private readonly memory: AddressSpace;

  /** The calling thread's LC_CTYPE, for %lc/%ls (wcrtomb) and the wide family's %s and %c. */
  get locale(): FormatLocale {
    return currentLocale(this.libc).utf8 ? C_UTF8_LOCALE : C_LOCALE;
  }

  constructor(private readonly libc: LibcProcess) {
    this.memory = libc.memory;
  }

  readString(address: number, limit: number): Uint8Array {
    const length = limit < 0 ? cStringLength(this.memory, address) : cStringLengthMax(this.memory, address, limit);
    return this.memory.bytes.subarray(address, address + length);
  }

  readWideString(address: number, limit: number): Uint32Array {
    const memory = this.memory;
    const out: number[] = [];
    for (let at = address; limit < 0 || out.length < limit; at += 4) {
      checkRead(memory, at, 4);
      const c = memory.view.getUint32(at, true);
      if (c === 0) break;
      out.push(c);
    }
    return Uint32Array.from(out);
  }

  storeInteger(address: number, size: number, value: number): void {
    const memory = this.memory;
    checkWrite(memory, address, size);
    const view = memory.view;
    switch (size) {
      case 1:
        view.setUint8(address, value & 0xff);
        break;
      case 2:
        view.setUint16(address, value & 0xffff, true);
        break;
      case 4:
        view.setUint32(address, value >>> 0, true);
        break;
      default: {
        const high = Math.floor(value / 4294967296);
        view.setUint32(address, value >>> 0, true);
        view.setInt32(address + 4, high | 0, true);
      }
    }
  }

  errno(): number {
    return this.libc.errno;
  }

  setErrno(value: number): void {
    this.libc.errno = value;
  }

  errorText(errno: number): Uint8Array | null {
    return encoder.encode(errnoMessage(errno));
  }

  errorName(errno: number): Uint8Array | null {
    const name = errnoName(errno);
    return name.startsWith('E') && !/^E\d/.test(name) ? encoder.encode(name) : null;
  }

  roundingMode(): number {
    return (this.libc.cpu.mxcsr >>> 13) & 3;
  }
}

/** Collects output on the host (printf to a FILE: handed to the stream in one piece). */
export class CollectingSink implements ByteSink {
  bytes = new Uint8Array(256);
  length = 0;

  reset(): this {
    this.length = 0;
    return this;
  }

  write(data: Uint8Array, start: number, end: number): void {
    const n = end - start;
    if (this.length + n > this.bytes.length) {
      const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + n));
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
    }
    this.bytes.set(data.subarray(start, end), this.length);
    this.length += n;
  }
}

/** snprintf's destination: at most size-1 bytes stored in guest memory, the rest only counted. */
export class GuestBufferSink implements ByteSink {
  private address = 0;
  private capacity = 0;
  stored = 0;

  constructor(private readonly memory: AddressSpace) {}

  start(address: number, capacity: number): this {
    this.address = address;
    this.capacity = capacity;
    this.stored = 0;
    return this;
  }

  write(data: Uint8Array, start: number, end: number): void {
    const room = this.capacity - this.stored;
    const n = Math.min(room, end - start);
    if (n <= 0) return;
    const at = this.address + this.stored;
    checkWrite(this.memory, at, n);
    const bytes = this.memory.bytes;
    if (n <= 64) {
      // A loop, not subarray + set (an allocation per call); `>>> 0` keeps V8 on its uint32 index path.
      for (let i = 0; i < n; i++) bytes[(at + i) >>> 0] = data[start + i]!;
    } else {
      bytes.set(data.subarray(start, start + n), at);
    }
    this.stored += n;
  }
}

export { FormatOutputError };
