// Test doubles for the printf/scanf engines: a System V va_list simulator (integer and SSE
// arguments fill their registers first, the rest and every long double go to the stack in call
// order, exactly as gcc passes them), a small fake guest memory for strings and %n targets, and
// a byte-collecting sink.

import type { Float80 } from '../../../src/libc/math/float80.ts';
import { C_LOCALE, C_UTF8_LOCALE } from '../../../src/libc/stdio/format/c-locales.ts';
import type { ByteSink, FormatEnvironment, VarArgs } from '../../../src/libc/stdio/format/format-io.ts';

export type Argument =
  | { kind: 'integer'; low: number; high: number }
  | { kind: 'double'; value: number }
  | { kind: 'longDouble'; value: Float80 };

export function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function bytesToHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

export function doubleFromHex(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setUint32(4, Number.parseInt(hex.slice(0, 8), 16), true);
  view.setUint32(0, Number.parseInt(hex.slice(8, 16), 16), true);
  return view.getFloat64(0, true);
}

export function doubleToHex(value: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value, true);
  return view.getUint32(4, true).toString(16).padStart(8, '0') + view.getUint32(0, true).toString(16).padStart(8, '0');
}

/** "sssshhhhhhhhllllllll": sign/exponent then the 64-bit significand. */
export function float80FromHex(hex: string): Float80 {
  return {
    signExponent: Number.parseInt(hex.slice(0, 4), 16),
    high: Number.parseInt(hex.slice(4, 12), 16) >>> 0,
    low: Number.parseInt(hex.slice(12, 20), 16) >>> 0,
  };
}

export function float80ToHex(value: Float80): string {
  return (
    value.signExponent.toString(16).padStart(4, '0') +
    (value.high >>> 0).toString(16).padStart(8, '0') +
    (value.low >>> 0).toString(16).padStart(8, '0')
  );
}

type Slot = { kind: 'integer'; low: number; high: number } | { kind: 'double'; value: number } | Float80Slot;
type Float80Slot = { kind: 'longDouble'; value: Float80 };

/** va_list over arguments passed after `fixedIntegerArgs` named integer parameters. */
export class SysVArgs implements VarArgs {
  private readonly gp: Slot[] = [];
  private readonly fp: Slot[] = [];
  private readonly stack: Slot[] = [];
  private gpIndex = 0;
  private fpIndex = 0;
  private stackIndex = 0;

  constructor(args: Argument[], fixedIntegerArgs = 2) {
    const gpFree = 6 - fixedIntegerArgs;
    for (const a of args) {
      if (a.kind === 'integer') (this.gp.length < gpFree ? this.gp : this.stack).push(a);
      else if (a.kind === 'double') (this.fp.length < 8 ? this.fp : this.stack).push(a);
      else this.stack.push(a);
    }
  }

  rewind(): void {
    this.gpIndex = 0;
    this.fpIndex = 0;
    this.stackIndex = 0;
  }

  private fromStack(): Slot {
    const slot = this.stack[this.stackIndex++];
    if (slot === undefined) throw new Error('va_arg past the last argument');
    return slot;
  }

  nextInteger(words: Uint32Array): void {
    const slot = this.gpIndex < this.gp.length ? this.gp[this.gpIndex++] : this.fromStack();
    if (slot.kind !== 'integer') throw new Error(`va_arg(int) met a ${slot.kind}`);
    words[0] = slot.low;
    words[1] = slot.high;
  }

  nextDouble(): number {
    const slot = this.fpIndex < this.fp.length ? this.fp[this.fpIndex++] : this.fromStack();
    if (slot.kind !== 'double') throw new Error(`va_arg(double) met a ${slot.kind}`);
    return slot.value;
  }

  nextLongDouble(): Float80 {
    const slot = this.fromStack();
    if (slot.kind !== 'longDouble') throw new Error(`va_arg(long double) met a ${slot.kind}`);
    return slot.value;
  }
}

/** Fake guest memory: strings, wide strings and 8-byte %n slots at made-up addresses. */
export class TestMemory {
  private readonly strings = new Map<number, Uint8Array>();
  private readonly wide = new Map<number, Uint32Array>();
  readonly slots = new Map<number, DataView>();
  private nextAddress = 0x10000;

  addString(bytes: Uint8Array): number {
    const address = this.nextAddress;
    this.nextAddress += 0x1000;
    this.strings.set(address, bytes);
    return address;
  }

  addWideString(chars: Uint32Array): number {
    const address = this.nextAddress;
    this.nextAddress += 0x1000;
    this.wide.set(address, chars);
    return address;
  }

  addSlot(initial: bigint): number {
    const address = this.nextAddress;
    this.nextAddress += 0x1000;
    const view = new DataView(new ArrayBuffer(8));
    view.setBigUint64(0, initial, true);
    this.slots.set(address, view);
    return address;
  }

  readString(address: number, limit: number): Uint8Array {
    const s = this.strings.get(address);
    if (s === undefined) throw new Error(`no string at ${address.toString(16)}`);
    return limit >= 0 && limit < s.length ? s.subarray(0, limit) : s;
  }

  readWideString(address: number, limit: number): Uint32Array {
    const s = this.wide.get(address);
    if (s === undefined) throw new Error(`no wide string at ${address.toString(16)}`);
    return limit >= 0 && limit < s.length ? s.subarray(0, limit) : s;
  }

  storeInteger(address: number, size: number, value: number): void {
    const view = this.slots.get(address);
    if (view === undefined) throw new Error(`no slot at ${address.toString(16)}`);
    if (size === 1) view.setUint8(0, value & 0xff);
    else if (size === 2) view.setUint16(0, value & 0xffff, true);
    else if (size === 4) view.setInt32(0, value, true);
    else view.setBigInt64(0, BigInt(value), true);
  }
}

const ERRNO_NAMES: Record<number, string> = { 2: 'ENOENT', 4: 'EINTR' };
const ERRNO_TEXTS: Record<number, string> = {
  0: 'Success',
  2: 'No such file or directory',
  4: 'Interrupted system call',
};

export interface TestEnvironment extends FormatEnvironment {
  errnoValue: number;
}

export function testEnvironment(memory: TestMemory, locale: string, rounding: number, errno: number): TestEnvironment {
  const env: TestEnvironment = {
    errnoValue: errno,
    locale: locale === 'C.UTF-8' ? C_UTF8_LOCALE : C_LOCALE,
    readString: (a, l) => memory.readString(a, l),
    readWideString: (a, l) => memory.readWideString(a, l),
    storeInteger: (a, s, v) => memory.storeInteger(a, s, v),
    errno: () => env.errnoValue,
    setErrno: (v) => {
      env.errnoValue = v;
    },
    errorText: (e) => new TextEncoder().encode(ERRNO_TEXTS[e] ?? `Unknown error ${e}`),
    errorName: (e) => (ERRNO_NAMES[e] === undefined ? null : new TextEncoder().encode(ERRNO_NAMES[e])),
    roundingMode: () => rounding,
  };
  return env;
}

export const ROUNDING_MODES: Record<string, number> = { nearest: 0, downward: 1, upward: 2, towardzero: 3 };

export class CollectingSink implements ByteSink {
  private chunks: Uint8Array[] = [];
  write(bytes: Uint8Array, start: number, end: number): void {
    this.chunks.push(bytes.slice(start, end));
  }
  bytes(): Uint8Array {
    const total = this.chunks.reduce((n, c) => n + c.length, 0);
    const out = new Uint8Array(total);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}
