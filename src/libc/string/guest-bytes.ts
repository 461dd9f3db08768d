// Byte loops over guest memory for the string functions, written for V8's fast paths.
//
// Why not the typed array's indexOf/subarray: guest strings live above 2^31 (the stack, the heap,
// libc's data), and there (measured on Node 20, 4 GiB WebAssembly.Memory) `bytes[address]` with
// an index V8 cannot prove to be a uint32 falls back to a generic keyed load of ~3 µs once the
// function has seen a low address too; `bytes[address >>> 0]` stays at ~1 ns per byte. Each
// `subarray` allocates a typed-array object and `indexOf(0, from)` walks from `from` with a
// per-call set-up cost of tens to hundreds of ns; C strings are short, so a byte loop with one
// permission check per page is the fast way. Every index below is therefore written `x >>> 0`.
import { type AddressSpace, PAGE_READ, PAGE_SHIFT, PAGE_SIZE } from '../../memory/address-space.ts';
import { AccessKind } from '../../memory/fault.ts';

const TWO_32 = 4294967296;
const PAGE_MASK = PAGE_SIZE - 1;

/** The first address at or after `address` that starts a page (or 2^32). */
function nextPage(address: number): number {
  return address - (address & PAGE_MASK) + PAGE_SIZE;
}

/** strlen: faults (MemoryFault) at the first unreadable byte before the NUL. */
export function stringLength(memory: AddressSpace, address: number): number {
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
export function stringLengthMax(memory: AddressSpace, address: number, max: number): number {
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

/** The address of the first byte `c` in [start, end), or -1 (the range is already checked). */
export function findByte(bytes: Uint8Array, start: number, end: number, c: number): number {
  for (let at = start; at < end; at++) if (bytes[at >>> 0] === c) return at;
  return -1;
}

/** The address of the last byte `c` in [start, end), or -1 (the range is already checked). */
export function findLastByte(bytes: Uint8Array, start: number, end: number, c: number): number {
  for (let at = end - 1; at >= start; at--) if (bytes[at >>> 0] === c) return at;
  return -1;
}
