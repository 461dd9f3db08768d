// Bulk access to guest memory for libc functions: permission checks per page, then the typed
// array itself (native indexOf/copyWithin/fill) — never a call per byte.
import { type AddressSpace, PAGE_READ, PAGE_SHIFT, PAGE_SIZE, PAGE_WRITE } from '../../memory/address-space.ts';
import { AccessKind } from '../../memory/fault.ts';

const TWO_32 = 4294967296;

/** Faults (MemoryFault) unless [address, address+length) is readable. */
export function checkRead(memory: AddressSpace, address: number, length: number): void {
  if (length <= 0) return;
  if (!memory.isAccessible(address, length, PAGE_READ)) memory.fault(address, length, AccessKind.Read);
}

/** Faults unless [address, address+length) is writable; invalidates cached code there. */
export function checkWrite(memory: AddressSpace, address: number, length: number): void {
  if (length <= 0) return;
  if (address + length > TWO_32 || !memory.isAccessible(address, length, PAGE_WRITE)) {
    memory.fault(address, length, AccessKind.Write);
  }
  memory.slowWriteCheck(address, length);
}

// The string scans index the typed array as `bytes[x >>> 0]`: guest strings live above 2^31 (stack,
// heap, libc's data), where a keyed load V8 cannot prove to be a uint32 index falls to a generic
// path of ~3 µs once the function has also seen a low address; a byte loop with one permission
// check per page beats indexOf/subarray (an allocation or a set-up cost per call) on C strings.

/** The first address at or after `address` that starts a page. */
function nextPage(address: number): number {
  return address - (address % PAGE_SIZE) + PAGE_SIZE;
}

/** strlen: faults (MemoryFault) at the first unreadable byte before the NUL. */
export function cStringLength(memory: AddressSpace, address: number): number {
  const bytes = memory.bytes;
  const flags = memory.pageFlags;
  let at = address;
  for (;;) {
    if (at >= TWO_32 || (flags[at >>> PAGE_SHIFT]! & PAGE_READ) === 0) memory.fault(at, 1, AccessKind.Read);
    const pageEnd = nextPage(at);
    while (at < pageEnd) {
      if (bytes[at >>> 0] === 0) return at - address;
      at++;
    }
  }
}

/** strnlen: the length, at most `max`; faults only on bytes it needs to read. */
export function cStringLengthMax(memory: AddressSpace, address: number, max: number): number {
  const bytes = memory.bytes;
  const flags = memory.pageFlags;
  const stop = address + max;
  let at = address;
  while (at < stop) {
    if (at >= TWO_32 || (flags[at >>> PAGE_SHIFT]! & PAGE_READ) === 0) memory.fault(at, 1, AccessKind.Read);
    const pageEnd = Math.min(nextPage(at), stop);
    while (at < pageEnd) {
      if (bytes[at >>> 0] === 0) return at - address;
      at++;
    }
  }
  return max;
}

/** The bytes of the C string at `address` (a view, not a copy: use before guest memory changes). */
export function cStringView(memory: AddressSpace, address: number): Uint8Array {
  const length = cStringLength(memory, address);
  return memory.bytes.subarray(address, address + length);
}

/** The C string at `address` as text (Latin-1 bytes → UTF-16 code units one to one). */
export function cString(memory: AddressSpace, address: number): string {
  const view = cStringView(memory, address);
  let text = '';
  for (let i = 0; i < view.length; i += 8192) {
    text += String.fromCharCode(...view.subarray(i, i + 8192));
  }
  return text;
}

/** UTF-8 decoding of the C string at `address` (paths, messages). */
export function cStringUtf8(memory: AddressSpace, address: number): string {
  return new TextDecoder().decode(cStringView(memory, address));
}

/** A 64-bit pointer stored in guest memory (unchecked read; values below 2^53). */
export function loadPointer(memory: AddressSpace, address: number): number {
  checkRead(memory, address, 8);
  return memory.view.getUint32(address + 4, true) * TWO_32 + memory.view.getUint32(address, true);
}

export function storePointer(memory: AddressSpace, address: number, value: number): void {
  checkWrite(memory, address, 8);
  const high = Math.floor(value / TWO_32);
  memory.view.setUint32(address, value >>> 0, true);
  memory.view.setUint32(address + 4, high >>> 0, true);
}

/** Writes bytes (with a trailing NUL when `nul`) at `address`, checked. */
export function storeBytes(memory: AddressSpace, address: number, data: Uint8Array, nul = false): void {
  checkWrite(memory, address, data.length + (nul ? 1 : 0));
  memory.bytes.set(data, address);
  if (nul) memory.bytes[address + data.length] = 0;
}
