// Section headers (Elf64_Shdr): the link-time view of the file. Loaders ignore them, but the
// symbol tables, relocations of `.o` files, notes and version tables are found through them.
import type { ByteReader } from './byte-reader.ts';
import { alternateHex } from './c-format.ts';

export const SECTION_HEADER_SIZE = 64;

export const SHT_NULL = 0;
export const SHT_PROGBITS = 1;
export const SHT_SYMTAB = 2;
export const SHT_STRTAB = 3;
export const SHT_RELA = 4;
export const SHT_HASH = 5;
export const SHT_DYNAMIC = 6;
export const SHT_NOTE = 7;
export const SHT_NOBITS = 8;
export const SHT_REL = 9;
export const SHT_SHLIB = 10;
export const SHT_DYNSYM = 11;
export const SHT_INIT_ARRAY = 14;
export const SHT_FINI_ARRAY = 15;
export const SHT_PREINIT_ARRAY = 16;
export const SHT_GROUP = 17;
export const SHT_SYMTAB_SHNDX = 18;
export const SHT_RELR = 19;
export const SHT_LOOS = 0x60000000;
export const SHT_GNU_INCREMENTAL_INPUTS = 0x6fff4700;
export const SHT_GNU_ATTRIBUTES = 0x6ffffff5;
export const SHT_GNU_HASH = 0x6ffffff6;
export const SHT_GNU_LIBLIST = 0x6ffffff7;
export const SHT_GNU_VERDEF = 0x6ffffffd;
export const SHT_GNU_VERNEED = 0x6ffffffe;
export const SHT_GNU_VERSYM = 0x6fffffff;
export const SHT_HIOS = 0x6fffffff;
export const SHT_LOPROC = 0x70000000;
export const SHT_X86_64_UNWIND = 0x70000001;
export const SHT_HIPROC = 0x7fffffff;
export const SHT_LOUSER = 0x80000000;
export const SHT_HIUSER = 0xffffffff;

/** sh_flags bits. */
export const SHF_WRITE = 0x1;
export const SHF_ALLOC = 0x2;
export const SHF_EXECINSTR = 0x4;
export const SHF_MERGE = 0x10;
export const SHF_STRINGS = 0x20;
export const SHF_INFO_LINK = 0x40;
export const SHF_LINK_ORDER = 0x80;
export const SHF_OS_NONCONFORMING = 0x100;
export const SHF_GROUP = 0x200;
export const SHF_TLS = 0x400;
export const SHF_COMPRESSED = 0x800;
export const SHF_GNU_RETAIN = 0x200000;
export const SHF_GNU_MBIND = 0x01000000;
export const SHF_MASKOS = 0x0ff00000;
export const SHF_X86_64_LARGE = 0x10000000;
export const SHF_MASKPROC = 0xf0000000;
/** Bit 31: a number, not a 32-bit int, to stay positive. */
export const SHF_EXCLUDE = 0x80000000;

/** Special section indexes (st_shndx, e_shstrndx). */
export const SHN_UNDEF = 0;
export const SHN_LORESERVE = 0xff00;
export const SHN_LOPROC = 0xff00;
export const SHN_HIPROC = 0xff1f;
export const SHN_LOOS = 0xff20;
export const SHN_HIOS = 0xff3f;
export const SHN_ABS = 0xfff1;
export const SHN_COMMON = 0xfff2;
export const SHN_XINDEX = 0xffff;
/** x86-64's large common section (SHN_LOPROC + 2). */
export const SHN_X86_64_LCOMMON = 0xff02;

/** Section type names, spelled as GNU readelf spells them. */
const sectionTypeNames: ReadonlyMap<number, string> = new Map([
  [SHT_NULL, 'NULL'],
  [SHT_PROGBITS, 'PROGBITS'],
  [SHT_SYMTAB, 'SYMTAB'],
  [SHT_STRTAB, 'STRTAB'],
  [SHT_RELA, 'RELA'],
  [SHT_RELR, 'RELR'],
  [SHT_HASH, 'HASH'],
  [SHT_DYNAMIC, 'DYNAMIC'],
  [SHT_NOTE, 'NOTE'],
  [SHT_NOBITS, 'NOBITS'],
  [SHT_REL, 'REL'],
  [SHT_SHLIB, 'SHLIB'],
  [SHT_DYNSYM, 'DYNSYM'],
  [SHT_INIT_ARRAY, 'INIT_ARRAY'],
  [SHT_FINI_ARRAY, 'FINI_ARRAY'],
  [SHT_PREINIT_ARRAY, 'PREINIT_ARRAY'],
  [SHT_GNU_HASH, 'GNU_HASH'],
  [SHT_GROUP, 'GROUP'],
  [SHT_SYMTAB_SHNDX, 'SYMTAB SECTION INDICES'],
  [SHT_GNU_VERDEF, 'VERDEF'],
  [SHT_GNU_VERNEED, 'VERNEED'],
  [SHT_GNU_VERSYM, 'VERSYM'],
  [0x6ffffff0, 'VERSYM'],
  [0x6ffffffc, 'VERDEF'],
  [0x7ffffffd, 'AUXILIARY'],
  [0x7fffffff, 'FILTER'],
  [SHT_GNU_LIBLIST, 'GNU_LIBLIST'],
  [SHT_X86_64_UNWIND, 'X86_64_UNWIND'],
  [SHT_GNU_INCREMENTAL_INPUTS, 'GNU_INCREMENTAL_INPUTS'],
  [SHT_GNU_ATTRIBUTES, 'GNU_ATTRIBUTES'],
]);

/** The name GNU readelf gives a section type ("PROGBITS", "LOOS+0x10", "12345678: <unknown>"…). */
export function sectionTypeName(type: number): string {
  const known = sectionTypeNames.get(type);
  if (known) return known;
  if (type >= SHT_LOPROC && type <= SHT_HIPROC) return `LOPROC+${alternateHex(type - SHT_LOPROC)}`;
  if (type >= SHT_LOOS && type <= SHT_HIOS) return `LOOS+${alternateHex(type - SHT_LOOS)}`;
  if (type >= SHT_LOUSER && type <= SHT_HIUSER) return `LOUSER+${alternateHex(type - SHT_LOUSER)}`;
  return `${type.toString(16).padStart(8, '0')}: <unknown>`;
}

export interface SectionHeader {
  /** Position in the section header table. */
  index: number;
  /** File offset of this header. */
  headerOffset: number;
  /** Offset of the name in the section name string table. */
  nameOffset: number;
  /**
   * The section's name. As GNU readelf shows them, a file without a usable name table gives
   * '<no-strings>' and a name offset past the table's end gives '<corrupt>'.
   */
  name: string;
  type: number;
  /** sh_flags; only the low 32 bits carry flags on x86-64 (see `flagsHigh`). */
  flags: number;
  /** Upper 32 bits of sh_flags (0 in every real file). */
  flagsHigh: number;
  address: number;
  offset: number;
  size: number;
  link: number;
  info: number;
  addressAlign: number;
  entrySize: number;
}

/** Reads `count` section headers at `tableOffset`, names left empty. The caller checked the extent. */
export function readSectionHeaders(reader: ByteReader, tableOffset: number, count: number): SectionHeader[] {
  const headers: SectionHeader[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const at = tableOffset + i * SECTION_HEADER_SIZE;
    headers[i] = {
      index: i,
      headerOffset: at,
      nameOffset: reader.u32(at),
      name: '',
      type: reader.u32(at + 4),
      flags: reader.u32(at + 8),
      flagsHigh: reader.u32(at + 12),
      address: reader.u64(at + 16),
      offset: reader.u64(at + 24),
      size: reader.u64(at + 32),
      link: reader.u32(at + 40),
      info: reader.u32(at + 44),
      addressAlign: reader.u64(at + 48),
      entrySize: reader.u64(at + 56),
    };
  }
  return headers;
}
