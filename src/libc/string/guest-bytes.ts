// Byte searches over guest memory for the string functions, indexed `bytes[x >>> 0]` for V8's
// fast path (why: the note above the string scans in ../runtime/guest-access.ts).

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
