// Symbol tables (.symtab, .dynsym: Elf64_Sym). A table is a typed view over its bytes: field
// accessors read one entry without building an object (hash lookup and the symbolizer scan
// thousands of entries), and `get(i)` builds the full record when one is wanted.
import type { ByteReader } from './byte-reader.ts';
import { SHN_ABS, SHN_COMMON, SHN_X86_64_LCOMMON, SHN_XINDEX } from './section-headers.ts';
import type { StringTable } from './string-table.ts';

export const SYMBOL_SIZE = 24;

/** Bindings (st_info >> 4). */
export const STB_LOCAL = 0;
export const STB_GLOBAL = 1;
export const STB_WEAK = 2;
export const STB_GNU_UNIQUE = 10;

/** Types (st_info & 0xf). */
export const STT_NOTYPE = 0;
export const STT_OBJECT = 1;
export const STT_FUNC = 2;
export const STT_SECTION = 3;
export const STT_FILE = 4;
export const STT_COMMON = 5;
export const STT_TLS = 6;
export const STT_RELC = 8;
export const STT_SRELC = 9;
export const STT_GNU_IFUNC = 10;

/** Visibilities (st_other & 3). */
export const STV_DEFAULT = 0;
export const STV_INTERNAL = 1;
export const STV_HIDDEN = 2;
export const STV_PROTECTED = 3;

const ELFOSABI_GNU = 3;
const ELFOSABI_FREEBSD = 9;

/** GNU readelf's name for a binding ("GLOBAL", "UNIQUE"…); UNIQUE only for ELFOSABI_GNU files. */
export function symbolBindingName(binding: number, osAbi = ELFOSABI_GNU): string {
  switch (binding) {
    case STB_LOCAL:
      return 'LOCAL';
    case STB_GLOBAL:
      return 'GLOBAL';
    case STB_WEAK:
      return 'WEAK';
  }
  if (binding >= 13) return `<processor specific>: ${binding}`;
  if (binding >= 10) {
    if (binding === STB_GNU_UNIQUE && osAbi === ELFOSABI_GNU) return 'UNIQUE';
    return `<OS specific>: ${binding}`;
  }
  return `<unknown>: ${binding}`;
}

const symbolTypeNames = ['NOTYPE', 'OBJECT', 'FUNC', 'SECTION', 'FILE', 'COMMON', 'TLS', '', 'RELC', 'SRELC'];

/** GNU readelf's name for a symbol type ("FUNC", "IFUNC"…); IFUNC only for GNU/FreeBSD files. */
export function symbolTypeName(type: number, osAbi = ELFOSABI_GNU): string {
  const known = symbolTypeNames[type];
  if (known) return known;
  if (type >= 13) return `<processor specific>: ${type}`;
  if (type >= 10) {
    if (type === STT_GNU_IFUNC && (osAbi === ELFOSABI_GNU || osAbi === ELFOSABI_FREEBSD)) return 'IFUNC';
    return `<OS specific>: ${type}`;
  }
  return `<unknown>: ${type}`;
}

const visibilityNames = ['DEFAULT', 'INTERNAL', 'HIDDEN', 'PROTECTED'];

export function symbolVisibilityName(visibility: number): string {
  return visibilityNames[visibility & 3]!;
}

/** GNU readelf's Ndx column: "UND", "ABS", "COM", "LARGE_COM", "PRC[0xff01]", or the number. */
export function sectionIndexName(index: number, sectionCount: number): string {
  switch (index) {
    case 0:
      return 'UND';
    case SHN_ABS:
      return 'ABS';
    case SHN_COMMON:
      return 'COM';
    case SHN_X86_64_LCOMMON:
      return 'LARGE_COM';
  }
  const hex4 = index.toString(16).padStart(4, '0');
  if (index >= 0xff00 && index <= 0xff1f) return `PRC[0x${hex4}]`;
  if (index >= 0xff20 && index <= 0xff3f) return `OS [0x${hex4}]`;
  if (index >= 0xff00 && index <= 0xffff) return `RSV[0x${hex4}]`;
  if (sectionCount !== 0 && index >= sectionCount) return `bad section index[${String(index).padStart(3)}]`;
  return String(index).padStart(3);
}

export interface ElfSymbol {
  /** Index in its table. */
  index: number;
  /** The name ('' for unnamed symbols). */
  name: string;
  nameOffset: number;
  value: number;
  size: number;
  /** st_info: binding << 4 | type. */
  info: number;
  binding: number;
  type: number;
  /** st_other. */
  other: number;
  visibility: number;
  /** st_shndx as stored (SHN_XINDEX when the real index is in the SHT_SYMTAB_SHNDX section). */
  rawSectionIndex: number;
  /** The section index with SHN_XINDEX resolved. */
  sectionIndex: number;
}

export class SymbolTable {
  /** Extended section indexes (SHT_SYMTAB_SHNDX), when the file has them for this table. */
  extendedIndexes: { offset: number; count: number } | undefined;
  private cache: (ElfSymbol | undefined)[] | undefined;

  constructor(
    private readonly reader: ByteReader,
    /** ".symtab", ".dynsym", or "dynamic symbol table" when found through DT_SYMTAB. */
    readonly name: string,
    /** File offset of entry 0. */
    readonly offset: number,
    /** Number of entries (the extent was checked). */
    readonly count: number,
    readonly strings: StringTable,
    /** Index of the section holding the table, or -1 when it was found through the dynamic section. */
    readonly sectionIndex: number,
  ) {}

  private at(index: number): number {
    if (index < 0 || index >= this.count || !Number.isInteger(index)) {
      throw this.reader.error(
        `symbol table ${this.name}`,
        this.offset,
        `symbol index ${index} is out of range (the table has ${this.count} symbols)`,
      );
    }
    return this.offset + index * SYMBOL_SIZE;
  }

  nameOffset(index: number): number {
    return this.reader.u32(this.at(index));
  }

  /**
   * The symbol's name. A name offset outside the string table throws an ElfError: a linker must
   * not go on with a made-up name. (readelf's listing shows '<corrupt>' instead, from `strings.lookup`.)
   */
  nameOf(index: number): string {
    return this.strings.get(this.nameOffset(index), `name of symbol ${index}`);
  }

  info(index: number): number {
    return this.reader.u8(this.at(index) + 4);
  }

  binding(index: number): number {
    return this.info(index) >> 4;
  }

  type(index: number): number {
    return this.info(index) & 0xf;
  }

  other(index: number): number {
    return this.reader.u8(this.at(index) + 5);
  }

  rawSectionIndex(index: number): number {
    return this.reader.u16(this.at(index) + 6);
  }

  /** st_shndx with SHN_XINDEX resolved through the extended section index table. */
  sectionIndexOf(index: number): number {
    const raw = this.rawSectionIndex(index);
    if (raw !== SHN_XINDEX) return raw;
    const ext = this.extendedIndexes;
    if (!ext || index >= ext.count) return raw;
    return this.reader.u32(ext.offset + index * 4);
  }

  value(index: number): number {
    return this.reader.u64(this.at(index) + 8);
  }

  size(index: number): number {
    return this.reader.u64(this.at(index) + 16);
  }

  /** File offset of entry `index` (for exact 64-bit display through ByteReader.hex64). */
  entryOffset(index: number): number {
    return this.at(index);
  }

  /** Whether the symbol is defined in this object (not SHN_UNDEF). */
  isDefined(index: number): boolean {
    return this.rawSectionIndex(index) !== 0;
  }

  /** The full record of symbol `index` (built once, then cached). */
  get(index: number): ElfSymbol {
    this.at(index);
    this.cache ??= new Array(this.count);
    let symbol = this.cache[index];
    if (symbol) return symbol;
    const info = this.info(index);
    const other = this.other(index);
    symbol = {
      index,
      name: this.nameOf(index),
      nameOffset: this.nameOffset(index),
      value: this.value(index),
      size: this.size(index),
      info,
      binding: info >> 4,
      type: info & 0xf,
      other,
      visibility: other & 3,
      rawSectionIndex: this.rawSectionIndex(index),
      sectionIndex: this.sectionIndexOf(index),
    };
    this.cache[index] = symbol;
    return symbol;
  }

  *[Symbol.iterator](): IterableIterator<ElfSymbol> {
    for (let i = 0; i < this.count; i++) yield this.get(i);
  }
}
