// The dynamic section (Elf64_Dyn entries): what the dynamic linker needs to link an object.
// One table, `dynamicTags()`, names every tag x86-64 files carry and says what its value is; the
// readelf listing, the linker and the crash report all read it from here.
import type { ByteReader } from './byte-reader.ts';

export const DYNAMIC_ENTRY_SIZE = 16;

export const DT_NULL = 0;
export const DT_NEEDED = 1;
export const DT_PLTRELSZ = 2;
export const DT_PLTGOT = 3;
export const DT_HASH = 4;
export const DT_STRTAB = 5;
export const DT_SYMTAB = 6;
export const DT_RELA = 7;
export const DT_RELASZ = 8;
export const DT_RELAENT = 9;
export const DT_STRSZ = 10;
export const DT_SYMENT = 11;
export const DT_INIT = 12;
export const DT_FINI = 13;
export const DT_SONAME = 14;
export const DT_RPATH = 15;
export const DT_SYMBOLIC = 16;
export const DT_REL = 17;
export const DT_RELSZ = 18;
export const DT_RELENT = 19;
export const DT_PLTREL = 20;
export const DT_DEBUG = 21;
export const DT_TEXTREL = 22;
export const DT_JMPREL = 23;
export const DT_BIND_NOW = 24;
export const DT_INIT_ARRAY = 25;
export const DT_FINI_ARRAY = 26;
export const DT_INIT_ARRAYSZ = 27;
export const DT_FINI_ARRAYSZ = 28;
export const DT_RUNPATH = 29;
export const DT_FLAGS = 30;
export const DT_PREINIT_ARRAY = 32;
export const DT_PREINIT_ARRAYSZ = 33;
export const DT_SYMTAB_SHNDX = 34;
export const DT_RELRSZ = 35;
export const DT_RELR = 36;
export const DT_RELRENT = 37;
export const DT_LOOS = 0x6000000d;
export const DT_HIOS = 0x6ffff000;
export const DT_VALRNGLO = 0x6ffffd00;
export const DT_GNU_FLAGS_1 = 0x6ffffdf4;
export const DT_GNU_PRELINKED = 0x6ffffdf5;
export const DT_GNU_CONFLICTSZ = 0x6ffffdf6;
export const DT_GNU_LIBLISTSZ = 0x6ffffdf7;
export const DT_CHECKSUM = 0x6ffffdf8;
export const DT_PLTPADSZ = 0x6ffffdf9;
export const DT_MOVEENT = 0x6ffffdfa;
export const DT_MOVESZ = 0x6ffffdfb;
export const DT_FEATURE = 0x6ffffdfc;
export const DT_POSFLAG_1 = 0x6ffffdfd;
export const DT_SYMINSZ = 0x6ffffdfe;
export const DT_SYMINENT = 0x6ffffdff;
export const DT_ADDRRNGLO = 0x6ffffe00;
export const DT_GNU_HASH = 0x6ffffef5;
export const DT_TLSDESC_PLT = 0x6ffffef6;
export const DT_TLSDESC_GOT = 0x6ffffef7;
export const DT_GNU_CONFLICT = 0x6ffffef8;
export const DT_GNU_LIBLIST = 0x6ffffef9;
export const DT_CONFIG = 0x6ffffefa;
export const DT_DEPAUDIT = 0x6ffffefb;
export const DT_AUDIT = 0x6ffffefc;
export const DT_PLTPAD = 0x6ffffefd;
export const DT_MOVETAB = 0x6ffffefe;
export const DT_SYMINFO = 0x6ffffeff;
export const DT_VERSYM = 0x6ffffff0;
export const DT_RELACOUNT = 0x6ffffff9;
export const DT_RELCOUNT = 0x6ffffffa;
export const DT_FLAGS_1 = 0x6ffffffb;
export const DT_VERDEF = 0x6ffffffc;
export const DT_VERDEFNUM = 0x6ffffffd;
export const DT_VERNEED = 0x6ffffffe;
export const DT_VERNEEDNUM = 0x6fffffff;
export const DT_LOPROC = 0x70000000;
export const DT_AUXILIARY = 0x7ffffffd;
export const DT_USED = 0x7ffffffe;
export const DT_FILTER = 0x7fffffff;

/**
 * What a tag's value is:
 * - `address`: a virtual address; `size`: a byte count; `count`: a number of things;
 * - `string`: an offset into DT_STRTAB (a library name, a path);
 * - `flags`/`flags1`/`posflag1`/`feature`/`gnuFlags1`: bits named by the matching flag table;
 * - `tag`: another tag (DT_PLTREL holds DT_RELA or DT_REL); `ignored`: the value means nothing;
 * - `time`: seconds since the epoch (prelink); `value`: anything else, shown in hex.
 */
export type DynamicValueKind =
  | 'address'
  | 'size'
  | 'count'
  | 'string'
  | 'flags'
  | 'flags1'
  | 'posflag1'
  | 'feature'
  | 'gnuFlags1'
  | 'tag'
  | 'ignored'
  | 'time'
  | 'value';

export interface DynamicTagInfo {
  /** Name without the DT_ prefix, as GNU readelf prints it. */
  name: string;
  kind: DynamicValueKind;
  /** For string-valued tags, how GNU readelf introduces the string ("Shared library"). */
  label?: string;
}

let tagsByNumber: ReadonlyMap<number, DynamicTagInfo> | undefined;

/**
 * Every dynamic tag GNU readelf names, by number, made at the first call: readelf and the dynamic
 * linker's messages need it, a static program's run does not (~18 KB of fresh memory at every start
 * of `miros run`, issue 4).
 */
export function dynamicTags(): ReadonlyMap<number, DynamicTagInfo> {
  tagsByNumber ??= new Map<number, DynamicTagInfo>([
    [DT_NULL, { name: 'NULL', kind: 'value' }],
    [DT_NEEDED, { name: 'NEEDED', kind: 'string', label: 'Shared library' }],
    [DT_PLTRELSZ, { name: 'PLTRELSZ', kind: 'size' }],
    [DT_PLTGOT, { name: 'PLTGOT', kind: 'address' }],
    [DT_HASH, { name: 'HASH', kind: 'address' }],
    [DT_STRTAB, { name: 'STRTAB', kind: 'address' }],
    [DT_SYMTAB, { name: 'SYMTAB', kind: 'address' }],
    [DT_RELA, { name: 'RELA', kind: 'address' }],
    [DT_RELASZ, { name: 'RELASZ', kind: 'size' }],
    [DT_RELAENT, { name: 'RELAENT', kind: 'size' }],
    [DT_STRSZ, { name: 'STRSZ', kind: 'size' }],
    [DT_SYMENT, { name: 'SYMENT', kind: 'size' }],
    [DT_INIT, { name: 'INIT', kind: 'address' }],
    [DT_FINI, { name: 'FINI', kind: 'address' }],
    [DT_SONAME, { name: 'SONAME', kind: 'string', label: 'Library soname' }],
    [DT_RPATH, { name: 'RPATH', kind: 'string', label: 'Library rpath' }],
    [DT_SYMBOLIC, { name: 'SYMBOLIC', kind: 'value' }],
    [DT_REL, { name: 'REL', kind: 'address' }],
    [DT_RELSZ, { name: 'RELSZ', kind: 'size' }],
    [DT_RELENT, { name: 'RELENT', kind: 'size' }],
    [DT_PLTREL, { name: 'PLTREL', kind: 'tag' }],
    [DT_DEBUG, { name: 'DEBUG', kind: 'value' }],
    [DT_TEXTREL, { name: 'TEXTREL', kind: 'value' }],
    [DT_JMPREL, { name: 'JMPREL', kind: 'address' }],
    [DT_BIND_NOW, { name: 'BIND_NOW', kind: 'ignored' }],
    [DT_INIT_ARRAY, { name: 'INIT_ARRAY', kind: 'address' }],
    [DT_FINI_ARRAY, { name: 'FINI_ARRAY', kind: 'address' }],
    [DT_INIT_ARRAYSZ, { name: 'INIT_ARRAYSZ', kind: 'size' }],
    [DT_FINI_ARRAYSZ, { name: 'FINI_ARRAYSZ', kind: 'size' }],
    [DT_RUNPATH, { name: 'RUNPATH', kind: 'string', label: 'Library runpath' }],
    [DT_FLAGS, { name: 'FLAGS', kind: 'flags' }],
    [DT_PREINIT_ARRAY, { name: 'PREINIT_ARRAY', kind: 'address' }],
    [DT_PREINIT_ARRAYSZ, { name: 'PREINIT_ARRAYSZ', kind: 'size' }],
    [DT_SYMTAB_SHNDX, { name: 'SYMTAB_SHNDX', kind: 'address' }],
    [DT_RELRSZ, { name: 'RELRSZ', kind: 'size' }],
    [DT_RELR, { name: 'RELR', kind: 'address' }],
    [DT_RELRENT, { name: 'RELRENT', kind: 'size' }],
    [DT_GNU_FLAGS_1, { name: 'GNU_FLAGS_1', kind: 'gnuFlags1' }],
    [DT_GNU_PRELINKED, { name: 'GNU_PRELINKED', kind: 'time' }],
    [DT_GNU_CONFLICTSZ, { name: 'GNU_CONFLICTSZ', kind: 'size' }],
    [DT_GNU_LIBLISTSZ, { name: 'GNU_LIBLISTSZ', kind: 'size' }],
    [DT_CHECKSUM, { name: 'CHECKSUM', kind: 'value' }],
    [DT_PLTPADSZ, { name: 'PLTPADSZ', kind: 'size' }],
    [DT_MOVEENT, { name: 'MOVEENT', kind: 'size' }],
    [DT_MOVESZ, { name: 'MOVESZ', kind: 'size' }],
    [DT_FEATURE, { name: 'FEATURE', kind: 'feature' }],
    [DT_POSFLAG_1, { name: 'POSFLAG_1', kind: 'posflag1' }],
    [DT_SYMINSZ, { name: 'SYMINSZ', kind: 'value' }],
    [DT_SYMINENT, { name: 'SYMINENT', kind: 'value' }],
    [DT_ADDRRNGLO, { name: 'ADDRRNGLO', kind: 'address' }],
    [DT_GNU_HASH, { name: 'GNU_HASH', kind: 'address' }],
    [DT_TLSDESC_PLT, { name: 'TLSDESC_PLT', kind: 'address' }],
    [DT_TLSDESC_GOT, { name: 'TLSDESC_GOT', kind: 'address' }],
    [DT_GNU_CONFLICT, { name: 'GNU_CONFLICT', kind: 'address' }],
    [DT_GNU_LIBLIST, { name: 'GNU_LIBLIST', kind: 'address' }],
    [DT_CONFIG, { name: 'CONFIG', kind: 'string', label: 'Configuration file' }],
    [DT_DEPAUDIT, { name: 'DEPAUDIT', kind: 'string', label: 'Dependency audit library' }],
    [DT_AUDIT, { name: 'AUDIT', kind: 'string', label: 'Audit library' }],
    [DT_PLTPAD, { name: 'PLTPAD', kind: 'address' }],
    [DT_MOVETAB, { name: 'MOVETAB', kind: 'address' }],
    [DT_SYMINFO, { name: 'SYMINFO', kind: 'address' }],
    [DT_VERSYM, { name: 'VERSYM', kind: 'address' }],
    [DT_RELACOUNT, { name: 'RELACOUNT', kind: 'count' }],
    [DT_RELCOUNT, { name: 'RELCOUNT', kind: 'count' }],
    [DT_FLAGS_1, { name: 'FLAGS_1', kind: 'flags1' }],
    [DT_VERDEF, { name: 'VERDEF', kind: 'address' }],
    [DT_VERDEFNUM, { name: 'VERDEFNUM', kind: 'count' }],
    [DT_VERNEED, { name: 'VERNEED', kind: 'address' }],
    [DT_VERNEEDNUM, { name: 'VERNEEDNUM', kind: 'count' }],
    [DT_AUXILIARY, { name: 'AUXILIARY', kind: 'string', label: 'Auxiliary library' }],
    [DT_USED, { name: 'USED', kind: 'string', label: 'Not needed object' }],
    [DT_FILTER, { name: 'FILTER', kind: 'string', label: 'Filter library' }],
  ]);
  return tagsByNumber;
}

/**
 * GNU readelf's name for a tag ("NEEDED", "Operating System specific: 6fffe000"…). `exactHex`
 * gives the tag's 64-bit hex digits when the number cannot hold them (negative or huge tags).
 */
export function dynamicTagName(tag: number, exactHex?: string): string {
  const known = dynamicTags().get(tag);
  if (known) return known.name;
  if (tag >= DT_LOPROC && tag <= 0x7fffffff) return `Processor Specific: ${tag.toString(16)}`;
  if (tag >= DT_LOOS && tag <= DT_HIOS) return `Operating System specific: ${tag.toString(16)}`;
  return `<unknown>: ${exactHex ?? tag.toString(16)}`;
}

/** A flag table: bit value → name, in the order GNU readelf lists set bits. */
export type FlagNames = readonly (readonly [number, string])[];

/** DT_FLAGS bits. */
export const DF_ORIGIN = 0x1;
export const DF_SYMBOLIC = 0x2;
export const DF_TEXTREL = 0x4;
export const DF_BIND_NOW = 0x8;
export const DF_STATIC_TLS = 0x10;
export const dynamicFlagNames: FlagNames = [
  [DF_ORIGIN, 'ORIGIN'],
  [DF_SYMBOLIC, 'SYMBOLIC'],
  [DF_TEXTREL, 'TEXTREL'],
  [DF_BIND_NOW, 'BIND_NOW'],
  [DF_STATIC_TLS, 'STATIC_TLS'],
];

/** DT_FLAGS_1 bits. */
export const DF_1_NOW = 0x1;
export const DF_1_PIE = 0x8000000;
export const dynamicFlags1Names: FlagNames = [
  [0x1, 'NOW'],
  [0x2, 'GLOBAL'],
  [0x4, 'GROUP'],
  [0x8, 'NODELETE'],
  [0x10, 'LOADFLTR'],
  [0x20, 'INITFIRST'],
  [0x40, 'NOOPEN'],
  [0x80, 'ORIGIN'],
  [0x100, 'DIRECT'],
  [0x200, 'TRANS'],
  [0x400, 'INTERPOSE'],
  [0x800, 'NODEFLIB'],
  [0x1000, 'NODUMP'],
  [0x2000, 'CONFALT'],
  [0x4000, 'ENDFILTEE'],
  [0x8000, 'DISPRELDNE'],
  [0x10000, 'DISPRELPND'],
  [0x20000, 'NODIRECT'],
  [0x40000, 'IGNMULDEF'],
  [0x80000, 'NOKSYMS'],
  [0x100000, 'NOHDR'],
  [0x200000, 'EDITED'],
  [0x400000, 'NORELOC'],
  [0x800000, 'SYMINTPOSE'],
  [0x1000000, 'GLOBAUDIT'],
  [0x2000000, 'SINGLETON'],
  [0x4000000, 'STUB'],
  [0x8000000, 'PIE'],
  [0x10000000, 'KMOD'],
  [0x20000000, 'WEAKFILTER'],
  [0x40000000, 'NOCOMMON'],
];

/** DT_POSFLAG_1, DT_FEATURE and DT_GNU_FLAGS_1 bits. */
export const positionalFlagNames: FlagNames = [
  [0x1, 'LAZYLOAD'],
  [0x2, 'GROUPPERM'],
];
export const featureFlagNames: FlagNames = [
  [0x1, 'PARINIT'],
  [0x2, 'CONFEXP'],
];
export const gnuFlags1Names: FlagNames = [[0x1, 'UNIQUE']];

/** Names of the bits set in `value` (low 32 bits), and the bits no name covers. */
export function decodeFlags(value: number, names: FlagNames): { names: string[]; unknown: number } {
  let rest = value;
  const set: string[] = [];
  for (const [bit, name] of names) {
    if ((rest & bit) !== 0) {
      set.push(name);
      rest = (rest & ~bit) >>> 0;
    }
  }
  return { names: set, unknown: rest };
}

export interface DynamicEntry {
  /** Position in the dynamic array. */
  index: number;
  /** File offset of the entry. */
  offset: number;
  /** d_tag (signed: a damaged file may hold a negative tag). */
  tag: number;
  /** d_val / d_ptr. */
  value: number;
}

/**
 * The dynamic array: entries up to and including the first DT_NULL (as the dynamic linker and
 * GNU readelf read it), or to the end of the section when DT_NULL is missing.
 */
export class DynamicSection {
  readonly entries: readonly DynamicEntry[];

  constructor(
    reader: ByteReader,
    /** File offset of the array. */
    readonly offset: number,
    /** Size in bytes of the section (or segment) holding it. */
    readonly size: number,
    /** Virtual address of the array (0 when unknown). */
    readonly address: number,
  ) {
    const entries: DynamicEntry[] = [];
    const end = offset + size;
    for (let at = offset; at + DYNAMIC_ENTRY_SIZE <= end; at += DYNAMIC_ENTRY_SIZE) {
      const tag = reader.i64(at);
      entries.push({ index: entries.length, offset: at, tag, value: reader.u64(at + 8) });
      if (tag === DT_NULL) break;
    }
    this.entries = entries;
  }

  /** The value of the first entry with `tag`, or undefined. */
  get(tag: number): number | undefined {
    for (const entry of this.entries) if (entry.tag === tag) return entry.value;
    return undefined;
  }

  /** The values of every entry with `tag`, in order (DT_NEEDED appears once per library). */
  all(tag: number): number[] {
    const values: number[] = [];
    for (const entry of this.entries) if (entry.tag === tag) values.push(entry.value);
    return values;
  }

  has(tag: number): boolean {
    return this.get(tag) !== undefined;
  }
}
