// The dynamic linker's symbol hash tables: SysV (.hash, DT_HASH) and GNU (.gnu.hash,
// DT_GNU_HASH), with lookup. Both index the dynamic symbol table; a damaged table (a bucket or
// chain pointing outside it, a chain that loops) raises an ElfError rather than looping.
import type { ByteReader } from './byte-reader.ts';
import type { SymbolTable } from './symbols.ts';

const utf8 = new TextEncoder();

/** The SysV ELF hash of a name (given as bytes). */
export function sysvHash(name: Uint8Array): number {
  let h = 0;
  for (let i = 0; i < name.length; i++) {
    h = ((h << 4) + name[i]!) >>> 0;
    const g = h & 0xf0000000;
    if (g !== 0) h ^= g >>> 24;
    h &= ~g;
  }
  return h >>> 0;
}

/** The GNU hash (Bernstein's, h * 33 + c from 5381, modulo 2^32) of a name (given as bytes). */
export function gnuHash(name: Uint8Array): number {
  let h = 5381;
  for (let i = 0; i < name.length; i++) h = (Math.imul(h, 33) + name[i]!) >>> 0;
  return h;
}

/** Decides whether a symbol whose name matched is the one wanted (e.g. by version). */
export type SymbolFilter = (symbolIndex: number) => boolean;

/** Whether a matching entry counts: defined (not SHN_UNDEF) and passing the caller's filter. */
function accepts(symbols: SymbolTable, index: number, filter: SymbolFilter | undefined): boolean {
  return symbols.isDefined(index) && (filter === undefined || filter(index));
}

export class SysvHashTable {
  readonly bucketCount: number;
  /** nchain: equals the number of dynamic symbols. */
  readonly chainCount: number;
  private readonly bucketsAt: number;
  private readonly chainsAt: number;

  constructor(
    private readonly reader: ByteReader,
    /** File offset of the table. */
    readonly fileOffset: number,
    /** Bytes available for the table (its section size, or up to the end of its segment). */
    available: number,
    readonly structure = 'SysV hash table',
  ) {
    reader.requireRange(structure, fileOffset, 8);
    this.bucketCount = reader.u32(fileOffset);
    this.chainCount = reader.u32(fileOffset + 4);
    const size = (2 + this.bucketCount + this.chainCount) * 4;
    if (size > available) {
      throw reader.error(
        structure,
        fileOffset,
        `${this.bucketCount} buckets and ${this.chainCount} chains need ${size} bytes, only ${available} are there`,
      );
    }
    reader.requireRange(structure, fileOffset, size);
    this.bucketsAt = fileOffset + 8;
    this.chainsAt = this.bucketsAt + this.bucketCount * 4;
  }

  bucket(i: number): number {
    return this.reader.u32(this.bucketsAt + i * 4);
  }

  chain(i: number): number {
    return this.reader.u32(this.chainsAt + i * 4);
  }

  /** Index of the defined symbol named `name` (accepted by `filter`), or -1. */
  lookup(symbols: SymbolTable, name: string, filter?: SymbolFilter): number {
    if (this.bucketCount === 0) return -1;
    const bytes = utf8.encode(name);
    const hash = sysvHash(bytes);
    let steps = 0;
    for (let i = this.bucket(hash % this.bucketCount); i !== 0; i = this.chain(i)) {
      if (i >= this.chainCount || i >= symbols.count) {
        throw this.reader.error(this.structure, this.fileOffset, `chain entry ${i} is past the symbol table's end`);
      }
      if (++steps > this.chainCount) {
        throw this.reader.error(this.structure, this.fileOffset, `the chain of '${name}' loops`);
      }
      if (symbols.strings.equals(symbols.nameOffset(i), bytes) && accepts(symbols, i, filter)) return i;
    }
    return -1;
  }
}

export class GnuHashTable {
  readonly bucketCount: number;
  /** Index of the first symbol the table covers (earlier ones are local or undefined). */
  readonly symbolOffset: number;
  readonly bloomSize: number;
  readonly bloomShift: number;
  /** Number of dynamic symbols, as the chains imply (last chain end + 1). */
  readonly symbolCount: number;
  private readonly bloomAt: number;
  private readonly bucketsAt: number;
  private readonly chainsAt: number;

  constructor(
    private readonly reader: ByteReader,
    readonly fileOffset: number,
    /** Bytes available for the table (its section size, or up to the end of its segment). */
    available: number,
    readonly structure = 'GNU hash table',
  ) {
    reader.requireRange(structure, fileOffset, 16);
    this.bucketCount = reader.u32(fileOffset);
    this.symbolOffset = reader.u32(fileOffset + 4);
    this.bloomSize = reader.u32(fileOffset + 8);
    this.bloomShift = reader.u32(fileOffset + 12);
    const headerAndBuckets = 16 + this.bloomSize * 8 + this.bucketCount * 4;
    if (headerAndBuckets > available || !reader.inRange(fileOffset, headerAndBuckets)) {
      throw reader.error(
        structure,
        fileOffset,
        `${this.bloomSize} bloom words and ${this.bucketCount} buckets do not fit in the ${available} bytes available`,
      );
    }
    this.bloomAt = fileOffset + 16;
    this.bucketsAt = this.bloomAt + this.bloomSize * 8;
    this.chainsAt = this.bucketsAt + this.bucketCount * 4;
    // The chains have no stored length: the symbol count is one past the end of the last chain.
    let maxBucket = 0;
    for (let i = 0; i < this.bucketCount; i++) maxBucket = Math.max(maxBucket, this.bucket(i));
    if (maxBucket === 0) {
      this.symbolCount = this.symbolOffset;
      return;
    }
    if (maxBucket < this.symbolOffset) {
      throw reader.error(
        structure,
        this.bucketsAt,
        `bucket ${maxBucket} is below the symbol offset ${this.symbolOffset}`,
      );
    }
    const chainEnd = Math.min(fileOffset + available, reader.length);
    let index = maxBucket;
    for (;;) {
      const at = this.chainsAt + (index - this.symbolOffset) * 4;
      if (at + 4 > chainEnd)
        throw reader.error(structure, fileOffset, `the chain of bucket symbol ${maxBucket} never ends`);
      if (reader.u32(at) & 1) break;
      index++;
    }
    this.symbolCount = index + 1;
  }

  bucket(i: number): number {
    return this.reader.u32(this.bucketsAt + i * 4);
  }

  /** The chain word of symbol `symbolIndex` (≥ symbolOffset): its hash with bit 0 marking a chain end. */
  chainWord(symbolIndex: number): number {
    return this.reader.u32(this.chainsAt + (symbolIndex - this.symbolOffset) * 4);
  }

  /** Whether the Bloom filter admits `hash` (false means: certainly absent). */
  bloomAdmits(hash: number): boolean {
    if (this.bloomSize === 0) return false;
    const word = Math.floor(hash / 64) % this.bloomSize;
    const at = this.bloomAt + word * 8;
    const bit1 = hash & 63;
    const bit2 = (hash >>> this.bloomShift) & 63;
    return this.bloomBit(at, bit1) && this.bloomBit(at, bit2);
  }

  private bloomBit(at: number, bit: number): boolean {
    const word = bit < 32 ? this.reader.u32(at) : this.reader.u32(at + 4);
    return ((word >>> (bit & 31)) & 1) === 1;
  }

  /** Index of the defined symbol named `name` (accepted by `filter`), or -1. */
  lookup(symbols: SymbolTable, name: string, filter?: SymbolFilter): number {
    if (this.bucketCount === 0) return -1;
    const bytes = utf8.encode(name);
    const hash = gnuHash(bytes);
    if (!this.bloomAdmits(hash)) return -1;
    let index = this.bucket(hash % this.bucketCount);
    if (index === 0) return -1;
    if (index < this.symbolOffset) {
      throw this.reader.error(this.structure, this.bucketsAt, `bucket ${index} is below the symbol offset`);
    }
    for (; ; index++) {
      if (index >= this.symbolCount || index >= symbols.count) {
        throw this.reader.error(this.structure, this.fileOffset, `chain entry ${index} is past the symbol table's end`);
      }
      const word = this.chainWord(index);
      if ((word ^ hash) >>> 1 === 0 && symbols.strings.equals(symbols.nameOffset(index), bytes)) {
        if (accepts(symbols, index, filter)) return index;
      }
      if (word & 1) return -1;
    }
  }
}
