// Kernel-side access to guest memory: what copy_from_user/copy_to_user are to Linux.
// Every pointer a system call receives is checked here; a bad one ends the call with EFAULT
// (the dispatcher turns the MemoryFault the address space throws into -EFAULT).
//
// Strings cross the boundary as "byte strings": one JS char per byte (latin1), so a path that is
// not UTF-8 still reaches the host file system unchanged (Buffer.from(path, 'latin1')).

import { ADDRESS_SPACE_SIZE, type AddressSpace } from '../memory/address-space.ts';
import { AccessKind, MemoryFault, SEGV_MAPERR } from '../memory/fault.ts';
import { Errno, fail } from './errno.ts';

export const PATH_MAX = 4096;
const TWO_32 = 4294967296;

/** Throws EFAULT's MemoryFault when `address` is not a 32-bit address (the upper half was set). */
export function checkPointer(address: number, access: AccessKind = AccessKind.Read): void {
  if (!(address >= 0 && address < ADDRESS_SPACE_SIZE)) throw new MemoryFault(address, SEGV_MAPERR, access);
}

/** A NUL-terminated string as a byte string; ENAMETOOLONG when no NUL within `limit` bytes. */
export function readString(memory: AddressSpace, address: number, limit = PATH_MAX): string {
  checkPointer(address);
  const bytes = memory.readCString(address, limit);
  if (bytes.length >= limit) fail(Errno.ENAMETOOLONG);
  return latin1(bytes);
}

export function readBytes(memory: AddressSpace, address: number, length: number): Uint8Array {
  checkPointer(address);
  return memory.readBytes(address, length);
}

export function writeBytes(memory: AddressSpace, address: number, data: Uint8Array): void {
  if (data.length === 0) return;
  checkPointer(address, AccessKind.Write);
  memory.writeBytes(address, data);
}

/** Checks that [address, address+length) may be written (before consuming input for it). */
export function checkWritable(memory: AddressSpace, address: number, length: number): void {
  if (length === 0) return;
  checkPointer(address, AccessKind.Write);
  memory.slowWriteCheck(address, length);
}

/**
 * How many bytes from `address` (up to `length`) the guest may write: the kernel copies into a
 * user buffer up to the first page it cannot write, so a read into a partly mapped buffer is a
 * short read, and EFAULT only when not even the first byte is writable. Clears cached code in
 * the range it returns.
 */
export function writablePrefix(memory: AddressSpace, address: number, length: number): number {
  if (length === 0) return 0;
  checkPointer(address, AccessKind.Write);
  const end = Math.min(address + length, ADDRESS_SPACE_SIZE);
  memory.materialize(address, end - address);
  let ok = address;
  while (ok < end && (memory.pageFlags[ok >>> 12]! & 2) !== 0) ok = Math.min(end, ok - (ok % 4096) + 4096);
  if (ok === address) memory.fault(address, 1, AccessKind.Write);
  memory.slowWriteCheck(address, ok - address);
  return ok - address;
}

/** As writablePrefix, for buffers the kernel reads from (write(2) of a partly mapped buffer). */
export function readablePrefix(memory: AddressSpace, address: number, length: number): number {
  if (length === 0) return 0;
  checkPointer(address);
  const end = Math.min(address + length, ADDRESS_SPACE_SIZE);
  memory.materialize(address, end - address);
  let ok = address;
  while (ok < end && (memory.pageFlags[ok >>> 12]! & 1) !== 0) ok = Math.min(end, ok - (ok % 4096) + 4096);
  if (ok === address) memory.fault(address, 1, AccessKind.Read);
  return ok - address;
}

/** Checks that [address, address+length) may be read. */
export function checkReadable(memory: AddressSpace, address: number, length: number): void {
  if (length === 0) return;
  checkPointer(address);
  if (!memory.isAccessible(address, length, 1)) memory.fault(address, length, AccessKind.Read);
}

export function readU32(memory: AddressSpace, address: number): number {
  checkPointer(address);
  return memory.read32(address) >>> 0;
}

export function readI32(memory: AddressSpace, address: number): number {
  checkPointer(address);
  return memory.read32(address);
}

/** A 64-bit value as a number (exact below 2^53; signed). */
export function readI64(memory: AddressSpace, address: number): number {
  checkPointer(address);
  const lo = memory.read32(address) >>> 0;
  const hi = memory.read32(address + 4);
  return hi * TWO_32 + lo;
}

/** A 64-bit pointer or size: its value, or -1 when it does not fit in 32 bits (callers EFAULT/EINVAL). */
export function readU64(memory: AddressSpace, address: number): number {
  checkPointer(address);
  const lo = memory.read32(address) >>> 0;
  const hi = memory.read32(address + 4) >>> 0;
  return hi * TWO_32 + lo;
}

export function writeU32(memory: AddressSpace, address: number, value: number): void {
  checkPointer(address, AccessKind.Write);
  memory.write32(address, value | 0);
}

export function writeI64(memory: AddressSpace, address: number, value: number): void {
  checkPointer(address, AccessKind.Write);
  if (!memory.plainWritable(address, 8)) memory.slowWriteCheck(address, 8);
  memory.write32(address, value >>> 0);
  memory.write32(address + 4, Math.floor(value / TWO_32) | 0);
}

export function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
}

export function fromLatin1(text: string): Uint8Array {
  return Buffer.from(text, 'latin1');
}

/**
 * A C structure assembled on the host side, then copied to the guest in one permission-checked
 * write (so a bad pointer leaves guest memory untouched, as copy_to_user of one struct does).
 */
export class StructBuffer {
  readonly bytes: Uint8Array;
  readonly view: DataView;

  constructor(size: number) {
    this.bytes = new Uint8Array(size);
    this.view = new DataView(this.bytes.buffer);
  }

  static read(memory: AddressSpace, address: number, size: number): StructBuffer {
    const s = new StructBuffer(size);
    s.bytes.set(readBytes(memory, address, size));
    return s;
  }

  u8(offset: number, value: number): this {
    this.view.setUint8(offset, value);
    return this;
  }

  u16(offset: number, value: number): this {
    this.view.setUint16(offset, value, true);
    return this;
  }

  u32(offset: number, value: number): this {
    this.view.setUint32(offset, value >>> 0, true);
    return this;
  }

  /** Stores a 64-bit integer given as a number (negative values in two's complement). */
  u64(offset: number, value: number): this {
    this.view.setUint32(offset, value >>> 0, true);
    this.view.setInt32(offset + 4, Math.floor(value / TWO_32) | 0, true);
    return this;
  }

  bytesAt(offset: number, data: Uint8Array): this {
    this.bytes.set(data, offset);
    return this;
  }

  getU32(offset: number): number {
    return this.view.getUint32(offset, true);
  }

  getI32(offset: number): number {
    return this.view.getInt32(offset, true);
  }

  getU16(offset: number): number {
    return this.view.getUint16(offset, true);
  }

  /** Signed 64-bit value as a number (exact below 2^53). */
  getI64(offset: number): number {
    return this.view.getInt32(offset + 4, true) * TWO_32 + this.view.getUint32(offset, true);
  }

  writeTo(memory: AddressSpace, address: number): void {
    writeBytes(memory, address, this.bytes);
  }
}
