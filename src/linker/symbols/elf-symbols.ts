// Symbol lookup inside one ELF object, exactly as glibc's do_lookup_x/check_match decide it:
// walk the GNU hash chain (after the Bloom filter) or the SysV chain for the name, and accept a
// candidate by type, binding, visibility and version.
//
// Version rules (glibc elf/dl-lookup.c check_match):
//  - a versioned reference (foo@V) accepts a definition of exactly V — hidden or not — or an
//    unversioned global definition when neither side is hidden;
//  - an unversioned reference accepts an unversioned definition or one of the object's first
//    version (index 2, the "oldest" an old unversioned binary was linked against); failing those,
//    the one non-hidden versioned definition if there is exactly one (no ambiguity). A dlsym-style
//    lookup ("newest") accepts any non-hidden version. Hidden versions never bind unversioned
//    references.
import {
  type ElfFile,
  type GnuHashTable,
  SHN_ABS,
  STB_GLOBAL,
  STB_GNU_UNIQUE,
  STB_WEAK,
  STT_COMMON,
  STT_FUNC,
  STT_GNU_IFUNC,
  STT_NOTYPE,
  STT_OBJECT,
  STT_TLS,
  STV_HIDDEN,
  STV_INTERNAL,
  type SymbolTable,
  type SysvHashTable,
  VER_FLG_BASE,
  VER_FLG_WEAK,
  VERSYM_HIDDEN,
  VERSYM_VERSION,
} from '../../elf/index.ts';
import type { SymbolReference, WantedVersion } from './symbol-reference.ts';

/** What kind of relocation asks: PLT-class lookups skip undefined symbols with a value (PLT stubs). */
export const LOOKUP_NORMAL = 0;
export const LOOKUP_PLT = 1;
export const LOOKUP_COPY = 2;
/** dlsym/dlvsym: an unversioned name takes the newest (default) version. */
export const LOOKUP_NEWEST = 4;

const ACCEPTED_TYPES =
  (1 << STT_NOTYPE) | (1 << STT_OBJECT) | (1 << STT_FUNC) | (1 << STT_COMMON) | (1 << STT_TLS) | (1 << STT_GNU_IFUNC);

interface VersionSlot {
  name: string;
  hash: number;
  hidden: boolean;
  file: string | undefined;
  weak: boolean;
}

export class ElfSymbols {
  readonly symbols: SymbolTable | undefined;
  private readonly gnu: GnuHashTable | undefined;
  private readonly sysv: SysvHashTable | undefined;
  /** glibc's l_versions: version index → the version (defined or needed), base version excluded. */
  private readonly versions: (VersionSlot | undefined)[] = [];
  private readonly hasVersymTable: boolean;

  constructor(readonly elf: ElfFile) {
    this.symbols = elf.dynamicSymbols;
    this.gnu = elf.gnuHashTable;
    this.sysv = this.gnu ? undefined : elf.sysvHashTable;
    for (const definition of elf.versionDefinitions) {
      if (definition.flags & VER_FLG_BASE) continue;
      const name = definition.names[0]?.name;
      if (name === undefined) continue;
      this.versions[definition.index & VERSYM_VERSION] = {
        name,
        hash: definition.hash,
        hidden: false,
        file: undefined,
        weak: false,
      };
    }
    for (const need of elf.versionNeeds) {
      for (const entry of need.entries) {
        if (entry.name === undefined) continue;
        this.versions[entry.index & VERSYM_VERSION] = {
          name: entry.name,
          hash: entry.hash,
          hidden: (entry.index & VERSYM_HIDDEN) !== 0,
          file: need.file,
          weak: (entry.flags & VER_FLG_WEAK) !== 0,
        };
      }
    }
    this.hasVersymTable = this.symbols !== undefined && elf.versionIndexOf(0) !== undefined;
  }

  /** The version symbol `index` of this object carries, for references it makes (glibc passes it when its hash is set). */
  wantedVersion(index: number): WantedVersion | undefined {
    if (!this.hasVersymTable) return undefined;
    const raw = this.elf.versionIndexOf(index);
    if (raw === undefined) return undefined;
    const slot = this.versions[raw & VERSYM_VERSION];
    if (slot === undefined || slot.hash === 0) return undefined;
    return slot;
  }

  /** The version name of defined symbol `index` ("FOO_2"), and whether it is hidden (`foo@FOO_1`). */
  definedVersion(index: number): { name: string; hidden: boolean } | undefined {
    if (!this.hasVersymTable) return undefined;
    const raw = this.elf.versionIndexOf(index);
    if (raw === undefined) return undefined;
    const slot = this.versions[raw & VERSYM_VERSION];
    return slot ? { name: slot.name, hidden: (raw & VERSYM_HIDDEN) !== 0 } : undefined;
  }

  /** Index of the symbol of this object a reference binds to, or -1. */
  find(reference: SymbolReference, lookupClass: number): number {
    const symbols = this.symbols;
    if (!symbols) return -1;
    const state = { candidate: -1, count: 0 };
    const gnu = this.gnu;
    if (gnu) {
      if (gnu.bucketCount === 0) return -1;
      const hash = reference.gnuHash;
      if (!gnu.bloomAdmits(hash)) return -1;
      let index = gnu.bucket(hash % gnu.bucketCount);
      if (index === 0 || index < gnu.symbolOffset) return -1;
      for (; index < gnu.symbolCount && index < symbols.count; index++) {
        const word = gnu.chainWord(index);
        if ((word ^ hash) >>> 1 === 0 && symbols.strings.equals(symbols.nameOffset(index), reference.bytes)) {
          if (this.accepts(index, reference, lookupClass, state)) return index;
        }
        if (word & 1) break;
      }
      return state.count === 1 ? state.candidate : -1;
    }
    const sysv = this.sysv;
    if (sysv) {
      if (sysv.bucketCount === 0) return -1;
      let steps = 0;
      for (let index = sysv.bucket(reference.sysvHash % sysv.bucketCount); index !== 0; index = sysv.chain(index)) {
        if (index >= symbols.count || ++steps > sysv.chainCount) break;
        if (symbols.strings.equals(symbols.nameOffset(index), reference.bytes)) {
          if (this.accepts(index, reference, lookupClass, state)) return index;
        }
      }
      return state.count === 1 ? state.candidate : -1;
    }
    // No hash table at all (only damaged or hand-made objects): scan.
    for (let index = 1; index < symbols.count; index++) {
      if (symbols.strings.equals(symbols.nameOffset(index), reference.bytes)) {
        if (this.accepts(index, reference, lookupClass, state)) return index;
      }
    }
    return state.count === 1 ? state.candidate : -1;
  }

  /** glibc's check_match, then the binding and visibility tests of do_lookup_x. */
  private accepts(
    index: number,
    reference: SymbolReference,
    lookupClass: number,
    state: { candidate: number; count: number },
  ): boolean {
    const symbols = this.symbols!;
    const shndx = symbols.rawSectionIndex(index);
    const info = symbols.info(index);
    const type = info & 0xf;
    if (symbols.value(index) === 0 && shndx !== SHN_ABS && type !== STT_TLS) return false;
    if (((1 << type) & ACCEPTED_TYPES) === 0) return false;
    if ((lookupClass & LOOKUP_PLT) !== 0 && shndx === 0) return false;
    const binding = info >> 4;
    if (binding !== STB_GLOBAL && binding !== STB_WEAK && binding !== STB_GNU_UNIQUE) return false;
    const visibility = symbols.other(index) & 3;
    if (visibility === STV_HIDDEN || visibility === STV_INTERNAL) return false;
    if (!this.hasVersymTable) return true;
    const raw = this.elf.versionIndexOf(index) ?? 1;
    const versionIndex = raw & VERSYM_VERSION;
    const wanted = reference.version;
    if (wanted) {
      const defined = this.versions[versionIndex];
      const same = defined !== undefined && defined.hash === wanted.hash && defined.name === wanted.name;
      if (!same && (wanted.hidden || defined !== undefined || (raw & VERSYM_HIDDEN) !== 0)) return false;
      return true;
    }
    if (versionIndex >= ((lookupClass & LOOKUP_NEWEST) !== 0 ? 2 : 3)) {
      if ((raw & VERSYM_HIDDEN) === 0 && state.count++ === 0) state.candidate = index;
      return false;
    }
    return true;
  }
}
