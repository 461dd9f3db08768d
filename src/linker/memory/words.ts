// Reads and writes of guest words by the linker itself. They bypass page permissions, as the
// kernel's loader does when it fills read-only segments: relocation writes into RELRO and text
// pages before they are protected. Every place written lies in memory the linker mapped (checked
// by the callers), whose pages the address space already tracks as possibly non-zero.
//
// 64-bit values are JavaScript numbers, exact within ±2^53: addresses (below 2^32 in Miros),
// addends and thread-pointer offsets (negative) all are.
import type { AddressSpace } from '../../memory/address-space.ts';

const TWO_32 = 4294967296;

export function write64(space: AddressSpace, address: number, value: number): void {
  const high = Math.floor(value / TWO_32);
  space.view.setUint32(address, (value - high * TWO_32) >>> 0, true);
  space.view.setInt32(address + 4, high | 0, true);
}

/** A 64-bit word as an unsigned number (exact below 2^53). */
export function read64(space: AddressSpace, address: number): number {
  return space.view.getUint32(address + 4, true) * TWO_32 + space.view.getUint32(address, true);
}

/** A 64-bit word as a signed number (exact within ±2^53). */
export function readSigned64(space: AddressSpace, address: number): number {
  return space.view.getInt32(address + 4, true) * TWO_32 + space.view.getUint32(address, true);
}

export function write32(space: AddressSpace, address: number, value: number): void {
  space.view.setUint32(address, value >>> 0, true);
}

export function read32(space: AddressSpace, address: number): number {
  return space.view.getUint32(address, true);
}

export function readSigned32(space: AddressSpace, address: number): number {
  return space.view.getInt32(address, true);
}

export function write16(space: AddressSpace, address: number, value: number): void {
  space.view.setUint16(address, value, true);
}
