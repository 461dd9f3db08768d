// String tables (SHT_STRTAB, DT_STRTAB): NUL-terminated names, addressed by byte offset.
// Names are decoded on demand; pure-ASCII names (nearly all of them) skip the UTF-8 decoder.
import type { ByteReader } from './byte-reader.ts';

const utf8 = new TextDecoder('utf-8');

export class StringTable {
  constructor(
    private readonly reader: ByteReader,
    /** File offset of the table. */
    readonly offset: number,
    /** Size in bytes (already checked to lie inside the file). */
    readonly size: number,
    /** What the table is, for error messages (".dynstr", "section name string table"…). */
    readonly structure: string,
  ) {}

  /** Whether `offset` points inside the table. */
  has(offset: number): boolean {
    return offset >= 0 && offset < this.size;
  }

  /** The string at `offset`, or undefined when the offset lies outside the table. */
  lookup(offset: number): string | undefined {
    if (!this.has(offset)) return undefined;
    const bytes = this.reader.bytes;
    const start = this.offset + offset;
    const end = this.offset + this.size;
    let ascii = true;
    let i = start;
    // A string not terminated before the table's end is cut there, as GNU readelf does.
    for (; i < end; i++) {
      const b = bytes[i]!;
      if (b === 0) break;
      if (b >= 0x80) ascii = false;
    }
    if (ascii) {
      if (i - start < 64) {
        let text = '';
        for (let j = start; j < i; j++) text += String.fromCharCode(bytes[j]!);
        return text;
      }
      return latin1Slice(bytes, start, i);
    }
    return utf8.decode(bytes.subarray(start, i));
  }

  /** The string at `offset`; throws an ElfError when the offset lies outside the table. */
  get(offset: number, user = 'string'): string {
    const text = this.lookup(offset);
    if (text === undefined) {
      throw this.reader.error(
        this.structure,
        this.offset,
        `${user} offset 0x${offset.toString(16)} is past the end of the table (size 0x${this.size.toString(16)})`,
      );
    }
    return text;
  }

  /** Whether the string at `offset` equals `name` (given as bytes), without decoding it. */
  equals(offset: number, name: Uint8Array): boolean {
    if (!this.has(offset) || offset + name.length > this.size) return false;
    const bytes = this.reader.bytes;
    const start = this.offset + offset;
    for (let i = 0; i < name.length; i++) if (bytes[start + i] !== name[i]) return false;
    // The table's end terminates a string as a NUL would (see `lookup`).
    return offset + name.length === this.size || bytes[start + name.length] === 0;
  }
}

function latin1Slice(bytes: Uint8Array, start: number, end: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1');
}
