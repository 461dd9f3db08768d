// Relocation tables: REL (Elf64_Rel), RELA (Elf64_Rela) and RELR (packed relative relocations).
// Like symbol tables, REL/RELA tables are typed views: accessors read one entry in place (the
// dynamic linker walks tens of thousands), `get(i)` builds a record on demand.
import type { ByteReader } from './byte-reader.ts';

export const REL_ENTRY_SIZE = 16;
export const RELA_ENTRY_SIZE = 24;
export const RELR_ENTRY_SIZE = 8;

export type RelocationFormat = 'rel' | 'rela';

export interface Relocation {
  /** Index in its table. */
  index: number;
  /** r_offset: the place relocated (a virtual address; a section offset in ET_REL files). */
  offset: number;
  /** r_info's symbol index (0: no symbol). */
  symbolIndex: number;
  /** r_info's type (R_X86_64_*). */
  type: number;
  /** r_addend (0 for REL, whose addend is the value already at the place). */
  addend: number;
}

export class RelocationTable {
  constructor(
    private readonly reader: ByteReader,
    /** Section name, or the dynamic tag that located the table ("DT_JMPREL"). */
    readonly name: string,
    readonly format: RelocationFormat,
    /** File offset of the first entry. */
    readonly fileOffset: number,
    /** Number of entries (the extent was checked). */
    readonly count: number,
    /** Index of the section holding the table, or -1 when located through the dynamic section. */
    readonly sectionIndex: number,
    /** Index of the symbol table's section (sh_link), or -1: the dynamic symbol table. */
    readonly symbolTableSection: number,
    /** For ET_REL objects: the section the relocations apply to (sh_info), or 0. */
    readonly targetSection: number,
  ) {}

  get entrySize(): number {
    return this.format === 'rela' ? RELA_ENTRY_SIZE : REL_ENTRY_SIZE;
  }

  /** File offset of entry `index`. */
  entryOffset(index: number): number {
    if (index < 0 || index >= this.count || !Number.isInteger(index)) {
      throw this.reader.error(
        `relocation table ${this.name}`,
        this.fileOffset,
        `relocation index ${index} is out of range (the table has ${this.count} entries)`,
      );
    }
    return this.fileOffset + index * this.entrySize;
  }

  offset(index: number): number {
    return this.reader.u64(this.entryOffset(index));
  }

  type(index: number): number {
    return this.reader.u32(this.entryOffset(index) + 8);
  }

  symbolIndex(index: number): number {
    return this.reader.u32(this.entryOffset(index) + 12);
  }

  addend(index: number): number {
    return this.format === 'rela' ? this.reader.i64(this.entryOffset(index) + 16) : 0;
  }

  get(index: number): Relocation {
    return {
      index,
      offset: this.offset(index),
      symbolIndex: this.symbolIndex(index),
      type: this.type(index),
      addend: this.addend(index),
    };
  }

  *[Symbol.iterator](): IterableIterator<Relocation> {
    for (let i = 0; i < this.count; i++) yield this.get(i);
  }
}

/**
 * A RELR table decoded to the addresses it relocates (each gets B + *address at load time).
 * Encoding: an even entry is an address (relocate it, continue after it); an odd entry is a
 * bitmap of the 63 words after the current position, bit 1 standing for the first of them.
 */
export class RelrTable {
  /** Addresses relocated, in table order. */
  readonly addresses: Float64Array;
  /** Number of 64-bit entries in the table. */
  readonly entryCount: number;

  constructor(
    reader: ByteReader,
    /** Section name, or "DT_RELR". */
    readonly name: string,
    /** File offset of the table. */
    readonly fileOffset: number,
    /** Size in bytes (the extent was checked). */
    readonly size: number,
    readonly sectionIndex: number,
  ) {
    const structure = `RELR table ${name}`;
    if (size % RELR_ENTRY_SIZE !== 0) {
      throw reader.error(structure, fileOffset, `size ${size} is not a multiple of ${RELR_ENTRY_SIZE}`);
    }
    const entryCount = size / RELR_ENTRY_SIZE;
    this.entryCount = entryCount;
    // First pass: count, so the result is one typed array.
    let total = 0;
    for (let i = 0; i < entryCount; i++) {
      const at = fileOffset + i * RELR_ENTRY_SIZE;
      const low = reader.u32(at);
      if ((low & 1) === 0) total++;
      else total += popcount(low >>> 1) + popcount(reader.u32(at + 4));
    }
    const addresses = new Float64Array(total);
    let n = 0;
    let next = -1; // where the next bitmap starts; -1 until an address entry sets it
    for (let i = 0; i < entryCount; i++) {
      const at = fileOffset + i * RELR_ENTRY_SIZE;
      const low = reader.u32(at);
      if ((low & 1) === 0) {
        const address = reader.u64(at);
        if (reader.high32(at) >= 0x200000) {
          throw reader.error(structure, at, `address 0x${reader.hex64(at)} is beyond the 2^53 bytes Miros can address`);
        }
        addresses[n++] = address;
        next = address + 8;
        continue;
      }
      if (next < 0) throw reader.error(structure, at, 'a bitmap entry comes before any address entry');
      const high = reader.u32(at + 4);
      // Bits 1..31 of the low word, then bits 0..31 of the high word: 63 words in all.
      for (let bit = 1; bit < 32; bit++) if ((low >>> bit) & 1) addresses[n++] = next + (bit - 1) * 8;
      for (let bit = 0; bit < 32; bit++) if ((high >>> bit) & 1) addresses[n++] = next + (bit + 31) * 8;
      next += 63 * 8;
    }
    this.addresses = addresses;
  }
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}
