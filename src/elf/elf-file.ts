// ElfFile: the one entry point of the ELF reader. `ElfFile.parse(bytes, name)` checks the file
// header and nothing else; every other structure is read the first time it is asked for and
// then kept. Records are views over the caller's bytes (no copies), and any damage found on
// the way is an ElfError naming the file, the structure and its offset.
//
// Who uses what: the kernel's loader (header, program headers, interpreter, TLS template), the
// dynamic linker (dynamic section, dynamic symbols, hash lookup, versions, relocations), objdump
// (sections, symbols), the crash report and `miros explain` (address lookups, relocations).
import { ByteReader } from './byte-reader.ts';
import {
  DF_1_PIE,
  DT_FLAGS_1,
  DT_GNU_HASH,
  DT_HASH,
  DT_JMPREL,
  DT_PLTREL,
  DT_PLTRELSZ,
  DT_REL,
  DT_RELA,
  DT_RELASZ,
  DT_RELR,
  DT_RELRSZ,
  DT_RELSZ,
  DT_STRSZ,
  DT_STRTAB,
  DT_SYMTAB,
  DT_VERDEF,
  DT_VERDEFNUM,
  DT_VERNEED,
  DT_VERNEEDNUM,
  DT_VERSYM,
  DYNAMIC_ENTRY_SIZE,
  DynamicSection,
} from './dynamic.ts';
import { ET_DYN, type FileHeader, PN_XNUM, readFileHeader } from './file-header.ts';
import { GnuHashTable, type SymbolFilter, SysvHashTable } from './hash-tables.ts';
import { type ElfNote, readNotes } from './notes.ts';
import {
  PROGRAM_HEADER_SIZE,
  type ProgramHeader,
  PT_DYNAMIC,
  PT_INTERP,
  PT_LOAD,
  PT_NOTE,
  PT_TLS,
  readProgramHeaders,
} from './program-headers.ts';
import { REL_ENTRY_SIZE, RELA_ENTRY_SIZE, type RelocationFormat, RelocationTable, RelrTable } from './relocations.ts';
import {
  readSectionHeaders,
  SECTION_HEADER_SIZE,
  type SectionHeader,
  SHF_ALLOC,
  SHF_TLS,
  SHN_LORESERVE,
  SHN_XINDEX,
  SHT_DYNSYM,
  SHT_GNU_HASH,
  SHT_GNU_VERDEF,
  SHT_GNU_VERNEED,
  SHT_GNU_VERSYM,
  SHT_HASH,
  SHT_NOBITS,
  SHT_NOTE,
  SHT_REL,
  SHT_RELA,
  SHT_RELR,
  SHT_STRTAB,
  SHT_SYMTAB,
  SHT_SYMTAB_SHNDX,
} from './section-headers.ts';
import { StringTable } from './string-table.ts';
import { STT_FILE, STT_SECTION, STT_TLS, SYMBOL_SIZE, SymbolTable } from './symbols.ts';
import {
  readVersionDefinitions,
  readVersionNeeds,
  type SymbolVersion,
  VERSYM_HIDDEN,
  VERSYM_VERSION,
  type VersionDefinition,
  type VersionNeed,
} from './versions.ts';

/** The TLS initialisation image (PT_TLS): `fileSize` bytes of .tdata, then zeros up to `memorySize`. */
export interface TlsTemplate {
  segment: ProgramHeader;
  address: number;
  /** The initialised part (a view into the file). */
  image: Uint8Array;
  memorySize: number;
  align: number;
}

/** A group of notes and where they came from (a SHT_NOTE section or a PT_NOTE segment). */
export interface NoteGroup {
  section: SectionHeader | undefined;
  segment: ProgramHeader | undefined;
  offset: number;
  size: number;
  notes: ElfNote[];
}

/** The relocation tables the dynamic section points at. */
export interface DynamicRelocations {
  rela: RelocationTable | undefined;
  rel: RelocationTable | undefined;
  /** DT_JMPREL: the PLT's relocations (format per DT_PLTREL). */
  plt: RelocationTable | undefined;
  relr: RelrTable | undefined;
}

/** What covers an address: a symbol and the offset into it. */
export interface SymbolHit {
  table: SymbolTable;
  index: number;
  name: string;
  /** address - symbol value. */
  offset: number;
  /** Whether the address lies within the symbol's size (false: nearest symbol before it). */
  within: boolean;
}

export class ElfFile {
  readonly reader: ByteReader;
  readonly header: FileHeader;

  private programHeaderCache: ProgramHeader[] | undefined;
  private sectionCache: SectionHeader[] | undefined;
  private dynamicCache: DynamicSection | null | undefined;
  private dynamicStringCache: StringTable | null | undefined;
  private symtabCache: SymbolTable | null | undefined;
  private dynsymCache: SymbolTable | null | undefined;
  private sysvHashCache: SysvHashTable | null | undefined;
  private gnuHashCache: GnuHashTable | null | undefined;
  private versymCache: { offset: number; count: number } | null | undefined;
  private verdefCache: VersionDefinition[] | undefined;
  private verneedCache: VersionNeed[] | undefined;
  private addressIndexCache: { table: SymbolTable; starts: Float64Array; order: Int32Array } | null | undefined;
  private nameIndexCache: Map<string, number> | undefined;

  private constructor(
    readonly bytes: Uint8Array,
    readonly fileName: string,
  ) {
    this.reader = new ByteReader(bytes, fileName);
    this.header = readFileHeader(this.reader);
  }

  /** Reads an ELF file held in `bytes`. `fileName` names it in error messages. */
  static parse(bytes: Uint8Array, fileName: string): ElfFile {
    return new ElfFile(bytes, fileName);
  }

  // ---- header-derived facts ----

  /**
   * Whether this is a position-independent executable: ET_DYN with DF_1_PIE in DT_FLAGS_1 (the
   * rule GNU readelf uses; libc.so.6, which also runs as a program, is a shared object by it).
   */
  get isPie(): boolean {
    if (this.header.type !== ET_DYN) return false;
    const flags1 = this.dynamic?.get(DT_FLAGS_1);
    return flags1 !== undefined && (flags1 & DF_1_PIE) !== 0;
  }

  /** Section 0 holds the real section count, program header count and name table index when they overflow. */
  private get sectionZero(): SectionHeader | undefined {
    const { sectionHeaderOffset, sectionHeaderEntrySize } = this.header;
    if (sectionHeaderOffset === 0) return undefined;
    if (sectionHeaderEntrySize !== SECTION_HEADER_SIZE) return undefined;
    if (!this.reader.inRange(sectionHeaderOffset, SECTION_HEADER_SIZE)) return undefined;
    return readSectionHeaders(this.reader, sectionHeaderOffset, 1)[0];
  }

  /** e_phnum, or section 0's sh_info when e_phnum is PN_XNUM. */
  get programHeaderCount(): number {
    const stored = this.header.programHeaderCount;
    if (stored !== PN_XNUM) return stored;
    const zero = this.sectionZero;
    return zero && zero.info !== 0 ? zero.info : stored;
  }

  /** e_shnum, or section 0's sh_size when e_shnum is 0 and a section table exists. */
  get sectionCount(): number {
    const stored = this.header.sectionHeaderCount;
    if (stored !== 0 || this.header.sectionHeaderOffset === 0) return stored;
    return this.sectionZero?.size ?? 0;
  }

  /** e_shstrndx, or section 0's sh_link when it is SHN_XINDEX. */
  get sectionNameTableIndex(): number {
    const stored = this.header.sectionNameTableIndex;
    if (stored !== SHN_XINDEX) return stored;
    return this.sectionZero?.link ?? stored;
  }

  // ---- segments ----

  get programHeaders(): readonly ProgramHeader[] {
    if (this.programHeaderCache) return this.programHeaderCache;
    const count = this.programHeaderCount;
    const { programHeaderOffset: offset, programHeaderEntrySize: entrySize } = this.header;
    if (count === 0) {
      this.programHeaderCache = [];
      return this.programHeaderCache;
    }
    if (entrySize !== PROGRAM_HEADER_SIZE) {
      throw this.reader.error('ELF file header', 54, `program header size ${entrySize} is not ${PROGRAM_HEADER_SIZE}`);
    }
    this.reader.requireRange('program header table', offset, count * PROGRAM_HEADER_SIZE);
    this.programHeaderCache = readProgramHeaders(this.reader, offset, count);
    return this.programHeaderCache;
  }

  /** The first segment of a type, or undefined. */
  segmentOfType(type: number): ProgramHeader | undefined {
    return this.programHeaders.find((p) => p.type === type);
  }

  /** The PT_LOAD segment whose memory image holds `address`. */
  segmentContaining(address: number): ProgramHeader | undefined {
    return this.programHeaders.find(
      (p) => p.type === PT_LOAD && address >= p.virtualAddress && address < p.virtualAddress + p.memorySize,
    );
  }

  /**
   * The file offset holding `size` bytes at `address`, or -1 when no PT_LOAD segment maps them
   * from the file (GNU readelf's rule: the segment's page-aligned start counts).
   */
  addressToOffset(address: number, size = 1): number {
    for (const p of this.programHeaders) {
      if (p.type !== PT_LOAD) continue;
      const alignedStart = p.align > 1 ? p.virtualAddress - (p.virtualAddress % p.align) : p.virtualAddress;
      if (address >= alignedStart && address + size <= p.virtualAddress + p.fileSize) {
        return address - p.virtualAddress + p.offset;
      }
    }
    return -1;
  }

  /** The virtual address at which file offset `offset` is mapped, or -1. */
  offsetToAddress(offset: number): number {
    for (const p of this.programHeaders) {
      if (p.type === PT_LOAD && offset >= p.offset && offset < p.offset + p.fileSize) {
        return offset - p.offset + p.virtualAddress;
      }
    }
    return -1;
  }

  /** Throws unless `size` bytes at `address` are mapped from the file; returns their offset. */
  private requireAddress(structure: string, address: number, size: number): number {
    const offset = this.addressToOffset(address, size);
    if (offset < 0) {
      throw this.reader.error(
        structure,
        0,
        `its address 0x${address.toString(16)} (${size} bytes) is not in any PT_LOAD segment's file image`,
      );
    }
    this.reader.requireRange(structure, offset, size);
    return offset;
  }

  /** The program interpreter (PT_INTERP), e.g. /lib64/ld-linux-x86-64.so.2. */
  get interpreter(): string | undefined {
    const segment = this.segmentOfType(PT_INTERP);
    if (!segment) return undefined;
    const bytes = this.reader.slice('PT_INTERP segment', segment.offset, segment.fileSize);
    let end = bytes.indexOf(0);
    if (end < 0) end = bytes.length;
    return Buffer.from(bytes.buffer, bytes.byteOffset, end).toString('latin1');
  }

  /** The TLS initialisation image, when the object has thread-local storage. */
  get tlsTemplate(): TlsTemplate | undefined {
    const segment = this.segmentOfType(PT_TLS);
    if (!segment) return undefined;
    if (segment.fileSize > segment.memorySize) {
      throw this.reader.error(
        'PT_TLS segment',
        segment.headerOffset,
        `file size 0x${segment.fileSize.toString(16)} exceeds memory size 0x${segment.memorySize.toString(16)}`,
      );
    }
    return {
      segment,
      address: segment.virtualAddress,
      image: this.reader.slice('PT_TLS segment', segment.offset, segment.fileSize),
      memorySize: segment.memorySize,
      align: segment.align,
    };
  }

  /** The bytes of a segment's file image. */
  segmentBytes(segment: ProgramHeader): Uint8Array {
    return this.reader.slice(`segment ${segment.index}`, segment.offset, segment.fileSize);
  }

  // ---- sections ----

  get sections(): readonly SectionHeader[] {
    if (this.sectionCache) return this.sectionCache;
    const { sectionHeaderOffset: offset, sectionHeaderEntrySize: entrySize } = this.header;
    const count = offset === 0 ? 0 : this.sectionCount;
    if (count === 0) {
      this.sectionCache = [];
      return this.sectionCache;
    }
    if (entrySize !== SECTION_HEADER_SIZE) {
      throw this.reader.error('ELF file header', 58, `section header size ${entrySize} is not ${SECTION_HEADER_SIZE}`);
    }
    this.reader.requireRange('section header table', offset, count * SECTION_HEADER_SIZE);
    const sections = readSectionHeaders(this.reader, offset, count);
    const names = this.sectionNameTable(sections);
    for (const section of sections) {
      section.name = names ? (names.lookup(section.nameOffset) ?? '<corrupt>') : '<no-strings>';
    }
    this.sectionCache = sections;
    return sections;
  }

  private sectionNameTable(sections: SectionHeader[]): StringTable | undefined {
    const index = this.sectionNameTableIndex;
    if (index === 0 || index >= sections.length) return undefined;
    const table = sections[index]!;
    if (table.type === SHT_NOBITS || !this.reader.inRange(table.offset, table.size)) return undefined;
    return new StringTable(this.reader, table.offset, table.size, 'section name string table');
  }

  /** The first section called `name`. */
  sectionByName(name: string): SectionHeader | undefined {
    return this.sections.find((s) => s.name === name);
  }

  /** Sections of one type, in table order. */
  sectionsOfType(type: number): SectionHeader[] {
    return this.sections.filter((s) => s.type === type);
  }

  /** A section by index; throws an ElfError naming `user` when the index is out of range. */
  section(index: number, user = 'section reference'): SectionHeader {
    const section = this.sections[index];
    if (!section) {
      throw this.reader.error(user, 0, `section index ${index} is out of range (${this.sections.length} sections)`);
    }
    return section;
  }

  /** A section's contents (empty for SHT_NOBITS). */
  sectionBytes(section: SectionHeader): Uint8Array {
    if (section.type === SHT_NOBITS) return this.bytes.subarray(0, 0);
    return this.reader.slice(`section [${section.index}] ${section.name}`, section.offset, section.size);
  }

  /** The allocated section whose address range holds `address` (.tbss, which overlaps others, excluded). */
  sectionContaining(address: number): SectionHeader | undefined {
    return this.sections.find(
      (s) =>
        (s.flags & SHF_ALLOC) !== 0 &&
        !((s.flags & SHF_TLS) !== 0 && s.type === SHT_NOBITS) &&
        address >= s.address &&
        address < s.address + s.size,
    );
  }

  /** A string table section as a StringTable. */
  stringTable(index: number, user: string): StringTable {
    const section = this.section(index, user);
    if (section.type !== SHT_STRTAB) {
      throw this.reader.error(
        `section header [${section.index}]`,
        section.headerOffset,
        `${user} links to section ${section.index} (${section.name}), which is not a string table`,
      );
    }
    this.reader.requireRange(`string table [${section.index}] ${section.name}`, section.offset, section.size);
    return new StringTable(this.reader, section.offset, section.size, `string table ${section.name}`);
  }

  // ---- symbols ----

  /** A SHT_SYMTAB or SHT_DYNSYM section as a SymbolTable. */
  symbolTableOfSection(section: SectionHeader): SymbolTable {
    const structure = `symbol table [${section.index}] ${section.name}`;
    if (section.entrySize !== SYMBOL_SIZE) {
      throw this.reader.error(structure, section.headerOffset, `entry size ${section.entrySize} is not ${SYMBOL_SIZE}`);
    }
    if (section.size % SYMBOL_SIZE !== 0) {
      throw this.reader.error(
        structure,
        section.headerOffset,
        `size ${section.size} is not a multiple of ${SYMBOL_SIZE}`,
      );
    }
    this.reader.requireRange(structure, section.offset, section.size);
    const strings = this.stringTable(section.link, structure);
    const table = new SymbolTable(
      this.reader,
      section.name,
      section.offset,
      section.size / SYMBOL_SIZE,
      strings,
      section.index,
    );
    const extended = this.sections.find((s) => s.type === SHT_SYMTAB_SHNDX && s.link === section.index);
    if (extended && this.reader.inRange(extended.offset, extended.size)) {
      table.extendedIndexes = { offset: extended.offset, count: Math.floor(extended.size / 4) };
    }
    return table;
  }

  /** The static symbol table (.symtab), absent from stripped files. */
  get symbolTable(): SymbolTable | undefined {
    if (this.symtabCache === undefined) {
      const section = this.sections.find((s) => s.type === SHT_SYMTAB);
      this.symtabCache = section ? this.symbolTableOfSection(section) : null;
    }
    return this.symtabCache ?? undefined;
  }

  /**
   * The dynamic symbol table: the .dynsym section, or, in files without section headers, the
   * table DT_SYMTAB points at, sized by the hash tables.
   */
  get dynamicSymbols(): SymbolTable | undefined {
    if (this.dynsymCache === undefined) this.dynsymCache = this.findDynamicSymbols() ?? null;
    return this.dynsymCache ?? undefined;
  }

  private findDynamicSymbols(): SymbolTable | undefined {
    const section = this.sections.find((s) => s.type === SHT_DYNSYM);
    if (section) return this.symbolTableOfSection(section);
    const dynamic = this.dynamic;
    const address = dynamic?.get(DT_SYMTAB);
    const strings = this.dynamicStrings;
    if (address === undefined || !strings) return undefined;
    const count = this.gnuHashTable?.symbolCount ?? this.sysvHashTable?.chainCount;
    if (count === undefined) return undefined;
    const offset = this.requireAddress('dynamic symbol table (DT_SYMTAB)', address, count * SYMBOL_SIZE);
    return new SymbolTable(this.reader, 'dynamic symbol table', offset, count, strings, -1);
  }

  /** DT_STRTAB, or the .dynstr section when the dynamic section does not say. */
  get dynamicStrings(): StringTable | undefined {
    if (this.dynamicStringCache === undefined) {
      let table: StringTable | undefined;
      const dynamic = this.dynamic;
      const address = dynamic?.get(DT_STRTAB);
      const size = dynamic?.get(DT_STRSZ);
      if (address !== undefined && size !== undefined) {
        const offset = this.requireAddress('dynamic string table (DT_STRTAB)', address, size);
        table = new StringTable(this.reader, offset, size, 'dynamic string table');
      } else {
        const section = this.sectionByName('.dynstr');
        if (section) table = this.stringTable(section.index, '.dynstr');
      }
      this.dynamicStringCache = table ?? null;
    }
    return this.dynamicStringCache ?? undefined;
  }

  /** Every SHT_SYMTAB and SHT_DYNSYM section, in table order (as `readelf -s` lists them). */
  symbolTableSections(): SectionHeader[] {
    return this.sections.filter((s) => s.type === SHT_SYMTAB || s.type === SHT_DYNSYM);
  }

  /** The SysV hash table (DT_HASH, else the SHT_HASH section). */
  get sysvHashTable(): SysvHashTable | undefined {
    if (this.sysvHashCache === undefined) {
      this.sysvHashCache = this.locateTable(DT_HASH, SHT_HASH, (offset, available) => {
        return new SysvHashTable(this.reader, offset, available);
      });
    }
    return this.sysvHashCache ?? undefined;
  }

  /** The GNU hash table (DT_GNU_HASH, else the SHT_GNU_HASH section). */
  get gnuHashTable(): GnuHashTable | undefined {
    if (this.gnuHashCache === undefined) {
      this.gnuHashCache = this.locateTable(DT_GNU_HASH, SHT_GNU_HASH, (offset, available) => {
        return new GnuHashTable(this.reader, offset, available);
      });
    }
    return this.gnuHashCache ?? undefined;
  }

  /** Finds a table through its dynamic tag (preferred: it is what the dynamic linker uses) or its section. */
  private locateTable<T>(tag: number, sectionType: number, make: (offset: number, available: number) => T): T | null {
    const address = this.dynamic?.get(tag);
    if (address !== undefined) {
      const offset = this.addressToOffset(address, 0);
      if (offset < 0) {
        throw this.reader.error(
          `table of dynamic tag 0x${tag.toString(16)}`,
          0,
          `address 0x${address.toString(16)} is not in any PT_LOAD segment`,
        );
      }
      const segment = this.programHeaders.find(
        (p) => p.type === PT_LOAD && offset >= p.offset && offset < p.offset + p.fileSize,
      );
      const available = segment ? segment.offset + segment.fileSize - offset : 0;
      return make(offset, Math.min(available, this.reader.length - offset));
    }
    const section = this.sections.find((s) => s.type === sectionType);
    if (!section) return null;
    this.reader.requireRange(`section [${section.index}] ${section.name}`, section.offset, section.size);
    return make(section.offset, section.size);
  }

  /**
   * Looks a defined dynamic symbol up by name, as the dynamic linker does: through the GNU hash
   * table, else the SysV one, else by scanning. `filter` can reject matches (e.g. by version).
   * Returns the symbol index, or -1.
   */
  lookupDynamicSymbol(name: string, filter?: SymbolFilter): number {
    const symbols = this.dynamicSymbols;
    if (!symbols) return -1;
    const gnu = this.gnuHashTable;
    if (gnu) return gnu.lookup(symbols, name, filter);
    const sysv = this.sysvHashTable;
    if (sysv) return sysv.lookup(symbols, name, filter);
    for (let i = 1; i < symbols.count; i++) {
      if (symbols.isDefined(i) && symbols.nameOf(i) === name && (!filter || filter(i))) return i;
    }
    return -1;
  }

  /** A defined symbol by name: .symtab first (it has the locals), then the dynamic symbols. */
  symbolByName(name: string): { table: SymbolTable; index: number } | undefined {
    const symtab = this.symbolTable;
    if (symtab) {
      if (!this.nameIndexCache) {
        const map = new Map<string, number>();
        for (let i = symtab.count - 1; i > 0; i--) {
          if (symtab.isDefined(i)) map.set(symtab.nameOf(i), i);
        }
        this.nameIndexCache = map;
      }
      const index = this.nameIndexCache.get(name);
      if (index !== undefined) return { table: symtab, index };
    }
    const dynsym = this.dynamicSymbols;
    if (dynsym) {
      const index = this.lookupDynamicSymbol(name);
      if (index >= 0) return { table: dynsym, index };
    }
    return undefined;
  }

  /**
   * The symbol covering `address`: one whose [value, value + size) holds it; failing that, the
   * nearest symbol at or below it in the same section (`within` false). Uses .symtab when
   * present, else the dynamic symbols. Section, file and TLS symbols are not addresses and are skipped.
   */
  symbolAt(address: number): SymbolHit | undefined {
    const index = this.addressIndex();
    if (!index) return undefined;
    const { table, starts, order } = index;
    // Last entry whose start is <= address.
    let lo = 0;
    let hi = starts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (starts[mid]! <= address) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0) return undefined;
    // Prefer a sized symbol that contains the address, scanning back over symbols starting earlier
    // (a large function can contain an address past a smaller neighbour's end).
    let best = -1;
    for (let k = found; k >= 0 && k > found - 64; k--) {
      const i = order[k]!;
      const value = table.value(i);
      const size = table.size(i);
      if (address < value + size || (size === 0 && value === address)) {
        if (best < 0 || value > table.value(order[best]!)) best = k;
        if (value === starts[found]) continue;
        break;
      }
    }
    if (best >= 0) {
      const i = order[best]!;
      return { table, index: i, name: table.nameOf(i), offset: address - table.value(i), within: true };
    }
    // Nearest symbol below: only when both lie in the same section (in a file with sections).
    const i = order[found]!;
    if (this.sections.length > 0) {
      const section = this.sectionContaining(address);
      if (!section || table.sectionIndexOf(i) !== section.index) return undefined;
    }
    return { table, index: i, name: table.nameOf(i), offset: address - table.value(i), within: false };
  }

  private addressIndex(): { table: SymbolTable; starts: Float64Array; order: Int32Array } | undefined {
    if (this.addressIndexCache === undefined) {
      const table = this.symbolTable ?? this.dynamicSymbols;
      if (!table) {
        this.addressIndexCache = null;
        return undefined;
      }
      const candidates: number[] = [];
      for (let i = 1; i < table.count; i++) {
        const type = table.type(i);
        const shndx = table.rawSectionIndex(i);
        if (type === STT_SECTION || type === STT_FILE || type === STT_TLS) continue;
        if (shndx === 0 || (shndx >= SHN_LORESERVE && shndx !== SHN_XINDEX)) continue;
        candidates.push(i);
      }
      // Sort by address; among equal addresses, globals after locals so the scan prefers them.
      candidates.sort((a, b) => table.value(a) - table.value(b) || table.binding(a) - table.binding(b));
      const starts = new Float64Array(candidates.length);
      const order = new Int32Array(candidates.length);
      candidates.forEach((symbol, k) => {
        starts[k] = table.value(symbol);
        order[k] = symbol;
      });
      this.addressIndexCache = { table, starts, order };
    }
    return this.addressIndexCache ?? undefined;
  }

  // ---- dynamic section ----

  /**
   * The dynamic section, located as GNU readelf does: through PT_DYNAMIC, but read from the
   * .dynamic section's extent when the file has section headers.
   */
  get dynamic(): DynamicSection | undefined {
    if (this.dynamicCache === undefined) this.dynamicCache = this.findDynamic() ?? null;
    return this.dynamicCache ?? undefined;
  }

  private findDynamic(): DynamicSection | undefined {
    const segment = this.segmentOfType(PT_DYNAMIC);
    if (!segment) return undefined;
    let offset = segment.offset;
    let size = segment.fileSize;
    const section = this.sections.length > 0 ? this.sectionByName('.dynamic') : undefined;
    if (section) {
      if (section.size === 0 || section.type === SHT_NOBITS) return undefined;
      offset = section.offset;
      size = section.size;
    }
    if (size < DYNAMIC_ENTRY_SIZE) return undefined;
    this.reader.requireRange('dynamic section', offset, size);
    return new DynamicSection(this.reader, offset, size, segment.virtualAddress);
  }

  /** The names of the libraries this object needs (DT_NEEDED), in order. */
  get neededLibraries(): string[] {
    const dynamic = this.dynamic;
    const strings = this.dynamicStrings;
    if (!dynamic || !strings) return [];
    return dynamic.all(1).map((offset) => strings.get(offset, 'DT_NEEDED'));
  }

  // ---- relocations ----

  /** A SHT_REL, SHT_RELA or SHT_RELR section as a table. */
  relocationTableOfSection(section: SectionHeader): RelocationTable | RelrTable {
    const structure = `relocation section [${section.index}] ${section.name}`;
    this.reader.requireRange(structure, section.offset, section.size);
    if (section.type === SHT_RELR)
      return new RelrTable(this.reader, section.name, section.offset, section.size, section.index);
    const format: RelocationFormat = section.type === SHT_RELA ? 'rela' : 'rel';
    const entrySize = format === 'rela' ? RELA_ENTRY_SIZE : REL_ENTRY_SIZE;
    return new RelocationTable(
      this.reader,
      section.name,
      format,
      section.offset,
      Math.floor(section.size / entrySize),
      section.index,
      section.link,
      section.info,
    );
  }

  /** Every relocation section, in table order. */
  relocationSections(): SectionHeader[] {
    return this.sections.filter((s) => s.type === SHT_REL || s.type === SHT_RELA || s.type === SHT_RELR);
  }

  /** The relocation tables the dynamic linker applies, found through the dynamic section. */
  dynamicRelocations(): DynamicRelocations {
    const dynamic = this.dynamic;
    const result: DynamicRelocations = { rela: undefined, rel: undefined, plt: undefined, relr: undefined };
    if (!dynamic) return result;
    const table = (name: string, format: RelocationFormat, address: number | undefined, size: number | undefined) => {
      if (address === undefined || !size) return undefined;
      const offset = this.requireAddress(`relocation table ${name}`, address, size);
      const entrySize = format === 'rela' ? RELA_ENTRY_SIZE : REL_ENTRY_SIZE;
      return new RelocationTable(this.reader, name, format, offset, Math.floor(size / entrySize), -1, -1, 0);
    };
    result.rela = table('DT_RELA', 'rela', dynamic.get(DT_RELA), dynamic.get(DT_RELASZ));
    result.rel = table('DT_REL', 'rel', dynamic.get(DT_REL), dynamic.get(DT_RELSZ));
    const pltFormat: RelocationFormat = dynamic.get(DT_PLTREL) === DT_REL ? 'rel' : 'rela';
    result.plt = table('DT_JMPREL', pltFormat, dynamic.get(DT_JMPREL), dynamic.get(DT_PLTRELSZ));
    const relrAddress = dynamic.get(DT_RELR);
    const relrSize = dynamic.get(DT_RELRSZ);
    if (relrAddress !== undefined && relrSize) {
      const offset = this.requireAddress('RELR table DT_RELR', relrAddress, relrSize);
      result.relr = new RelrTable(this.reader, 'DT_RELR', offset, relrSize, -1);
    }
    return result;
  }

  // ---- versions ----

  /** The .gnu.version entries (one per dynamic symbol), or undefined when the object is unversioned. */
  private get versymTable(): { offset: number; count: number } | undefined {
    if (this.versymCache === undefined) {
      let found: { offset: number; count: number } | undefined;
      const section = this.sections.find((s) => s.type === SHT_GNU_VERSYM);
      if (section) {
        this.reader.requireRange(`section [${section.index}] ${section.name}`, section.offset, section.size);
        found = { offset: section.offset, count: Math.floor(section.size / 2) };
      } else {
        const address = this.dynamic?.get(DT_VERSYM);
        const symbols = this.dynamicSymbols;
        if (address !== undefined && symbols) {
          found = { offset: this.requireAddress('DT_VERSYM table', address, symbols.count * 2), count: symbols.count };
        }
      }
      this.versymCache = found ?? null;
    }
    return this.versymCache ?? undefined;
  }

  /** The raw .gnu.version entry of dynamic symbol `index`, or undefined. */
  versionIndexOf(index: number): number | undefined {
    const versym = this.versymTable;
    if (!versym || index < 0 || index >= versym.count) return undefined;
    return this.reader.u16(versym.offset + index * 2);
  }

  /** The versions this object defines (.gnu.version_d / DT_VERDEF). */
  get versionDefinitions(): VersionDefinition[] {
    if (!this.verdefCache) {
      this.verdefCache = this.readVersionTable(SHT_GNU_VERDEF, DT_VERDEF, DT_VERDEFNUM, readVersionDefinitions);
    }
    return this.verdefCache;
  }

  /** The versions this object needs from others (.gnu.version_r / DT_VERNEED). */
  get versionNeeds(): VersionNeed[] {
    if (!this.verneedCache) {
      this.verneedCache = this.readVersionTable(SHT_GNU_VERNEED, DT_VERNEED, DT_VERNEEDNUM, readVersionNeeds);
    }
    return this.verneedCache;
  }

  private readVersionTable<T>(
    sectionType: number,
    addressTag: number,
    countTag: number,
    read: typeof readVersionDefinitions extends (...args: infer A) => unknown ? (...args: A) => T[] : never,
  ): T[] {
    const section = this.sections.find((s) => s.type === sectionType);
    if (section) {
      const strings = section.link < this.sections.length ? this.optionalStringTable(section.link) : undefined;
      return read(
        this.reader,
        section.offset,
        section.size,
        section.info,
        strings,
        `section [${section.index}] ${section.name}`,
      );
    }
    const dynamic = this.dynamic;
    const address = dynamic?.get(addressTag);
    const count = dynamic?.get(countTag);
    if (address === undefined || !count) return [];
    const offset = this.addressToOffset(address, 0);
    if (offset < 0) return [];
    const segment = this.programHeaders.find(
      (p) => p.type === PT_LOAD && offset >= p.offset && offset < p.offset + p.fileSize,
    );
    const size = segment ? segment.offset + segment.fileSize - offset : 0;
    return read(this.reader, offset, size, count, this.dynamicStrings, `version table at 0x${address.toString(16)}`);
  }

  private optionalStringTable(index: number): StringTable | undefined {
    const section = this.sections[index];
    if (!section || section.type !== SHT_STRTAB || !this.reader.inRange(section.offset, section.size)) return undefined;
    return new StringTable(this.reader, section.offset, section.size, `string table ${section.name}`);
  }

  /** The version of dynamic symbol `index` (undefined for unversioned objects). */
  symbolVersion(index: number): SymbolVersion | undefined {
    const raw = this.versionIndexOf(index);
    if (raw === undefined) return undefined;
    const versionIndex = raw & VERSYM_VERSION;
    const version: SymbolVersion = {
      raw,
      index: versionIndex,
      hidden: (raw & VERSYM_HIDDEN) !== 0,
      name: undefined,
      defined: false,
      file: undefined,
    };
    if (versionIndex <= 1) return version;
    const symbols = this.dynamicSymbols;
    const isDefined = symbols !== undefined && index < symbols.count && symbols.isDefined(index);
    // A defined symbol's version comes from the definitions, an undefined one's from the needs.
    if (isDefined) {
      const definition = this.versionDefinitions.find((d) => d.index === versionIndex);
      if (definition) {
        version.name = definition.names[0]?.name;
        version.defined = true;
        return version;
      }
    }
    for (const need of this.versionNeeds) {
      const entry = need.entries.find((e) => e.index === versionIndex);
      if (entry) {
        version.name = entry.name;
        version.file = need.file;
        return version;
      }
    }
    if (!isDefined) {
      const definition = this.versionDefinitions.find((d) => d.index === versionIndex);
      if (definition) {
        version.name = definition.names[0]?.name;
        version.defined = true;
      }
    }
    return version;
  }

  // ---- notes ----

  /** The notes, from SHT_NOTE sections when the file has sections, else from PT_NOTE segments. */
  noteGroups(): NoteGroup[] {
    const groups: NoteGroup[] = [];
    if (this.sections.length > 0) {
      for (const section of this.sections) {
        if (section.type !== SHT_NOTE || section.size === 0) continue;
        groups.push({
          section,
          segment: undefined,
          offset: section.offset,
          size: section.size,
          notes: readNotes(
            this.reader,
            section.offset,
            section.size,
            section.addressAlign,
            `note section ${section.name}`,
          ),
        });
      }
      return groups;
    }
    for (const segment of this.programHeaders) {
      if (segment.type !== PT_NOTE || segment.fileSize === 0) continue;
      groups.push({
        section: undefined,
        segment,
        offset: segment.offset,
        size: segment.fileSize,
        notes: readNotes(
          this.reader,
          segment.offset,
          segment.fileSize,
          segment.align,
          `PT_NOTE segment ${segment.index}`,
        ),
      });
    }
    return groups;
  }

  /** Every note of the file, wherever it is. */
  notes(): ElfNote[] {
    return this.noteGroups().flatMap((g) => g.notes);
  }
}
