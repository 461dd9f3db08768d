// Little-endian reads from the bytes of one ELF file, and the range checks that guard them.
//
// Every reader in src/elf checks a structure's whole extent once (`requireRange`) and then reads
// its fields without further checks: DataView would throw a RangeError on a bad offset, which
// must never escape as anything but an ElfError.
//
// 64-bit fields are returned as JavaScript numbers (no BigInt: V8 heap-allocates those). Every
// value a real x86-64 user-space file holds (addresses, sizes, offsets, small signed addends) is
// below 2^53 in magnitude and so exact; larger values (kernel addresses, -1 sentinels read as
// unsigned) are rounded to the nearest double. Where the exact bits matter for display,
// `hex64` formats them from the bytes themselves.
import { ElfError } from './elf-error.ts';

const TWO_32 = 4294967296;

export class ByteReader {
  readonly view: DataView;
  readonly length: number;

  constructor(
    readonly bytes: Uint8Array,
    readonly fileName: string,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.length = bytes.byteLength;
  }

  /** An ElfError about this file. */
  error(structure: string, offset: number, reason: string): ElfError {
    return new ElfError(this.fileName, structure, offset, reason);
  }

  /** Whether [offset, offset + size) lies inside the file. */
  inRange(offset: number, size: number): boolean {
    return offset >= 0 && size >= 0 && offset <= this.length && size <= this.length - offset;
  }

  /** Throws an ElfError unless [offset, offset + size) lies inside the file. */
  requireRange(structure: string, offset: number, size: number): void {
    if (!this.inRange(offset, size)) {
      throw this.error(
        structure,
        offset,
        `${size} bytes at offset 0x${offset.toString(16)} extend past the end of the file (${this.length} bytes)`,
      );
    }
  }

  u8(offset: number): number {
    return this.bytes[offset]!;
  }

  u16(offset: number): number {
    return this.view.getUint16(offset, true);
  }

  u32(offset: number): number {
    return this.view.getUint32(offset, true);
  }

  i32(offset: number): number {
    return this.view.getInt32(offset, true);
  }

  /** Unsigned 64-bit value as a number (exact below 2^53). */
  u64(offset: number): number {
    return this.view.getUint32(offset + 4, true) * TWO_32 + this.view.getUint32(offset, true);
  }

  /** Signed 64-bit value as a number (exact within ±2^53). */
  i64(offset: number): number {
    return this.view.getInt32(offset + 4, true) * TWO_32 + this.view.getUint32(offset, true);
  }

  /** The upper 32 bits of a 64-bit field (to test for values a number cannot hold exactly). */
  high32(offset: number): number {
    return this.view.getUint32(offset + 4, true);
  }

  /** A 64-bit field as lowercase hex digits, exact for every value, zero-padded to `width`. */
  hex64(offset: number, width = 0): string {
    const high = this.view.getUint32(offset + 4, true);
    const low = this.view.getUint32(offset, true);
    const text = high === 0 ? low.toString(16) : high.toString(16) + low.toString(16).padStart(8, '0');
    return text.padStart(width, '0');
  }

  /** A view of [offset, offset + size), after checking that it lies inside the file. */
  slice(structure: string, offset: number, size: number): Uint8Array {
    this.requireRange(structure, offset, size);
    return this.bytes.subarray(offset, offset + size);
  }
}
