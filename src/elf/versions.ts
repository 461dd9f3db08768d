// Symbol versioning (GNU): .gnu.version (one 16-bit index per dynamic symbol), .gnu.version_d
// (the versions this object defines) and .gnu.version_r (the versions it needs from others).
import type { ByteReader } from './byte-reader.ts';
import type { StringTable } from './string-table.ts';

/** Version indexes 0 and 1: local, and global without a version. */
export const VER_NDX_LOCAL = 0;
export const VER_NDX_GLOBAL = 1;
/** Bit 15 of a versym entry: the symbol is hidden (not the default version, `name@VER`). */
export const VERSYM_HIDDEN = 0x8000;
export const VERSYM_VERSION = 0x7fff;

/** vd_flags / vna_flags bits. */
export const VER_FLG_BASE = 1;
export const VER_FLG_WEAK = 2;
export const VER_FLG_INFO = 4;

const VERDEF_SIZE = 20;
const VERDAUX_SIZE = 8;
const VERNEED_SIZE = 16;
const VERNAUX_SIZE = 16;

export interface VersionDefinitionName {
  /** Offset of this Verdaux from the start of the table. */
  offset: number;
  nameOffset: number;
  /** The name; undefined when its offset is outside the string table. */
  name: string | undefined;
}

export interface VersionDefinition {
  /** Offset of this Verdef from the start of the table. */
  offset: number;
  revision: number;
  flags: number;
  /** The version index symbols use to refer to this definition. */
  index: number;
  /** vd_cnt: number of names (the version, then its parents). */
  count: number;
  hash: number;
  /** The version's own name first, then its parents'. */
  names: VersionDefinitionName[];
}

export interface VersionNeedEntry {
  /** Offset of this Vernaux from the start of the table. */
  offset: number;
  hash: number;
  flags: number;
  /** vna_other: the version index symbols use to refer to this requirement. */
  index: number;
  nameOffset: number;
  name: string | undefined;
}

export interface VersionNeed {
  /** Offset of this Verneed from the start of the table. */
  offset: number;
  revision: number;
  fileOffset: number;
  /** The library the versions are needed from; undefined when its offset is outside the string table. */
  file: string | undefined;
  count: number;
  entries: VersionNeedEntry[];
}

/** Reads `count` version definitions (DT_VERDEFNUM / sh_info) from a table of `size` bytes. */
export function readVersionDefinitions(
  reader: ByteReader,
  tableOffset: number,
  size: number,
  count: number,
  strings: StringTable | undefined,
  structure: string,
): VersionDefinition[] {
  reader.requireRange(structure, tableOffset, size);
  const definitions: VersionDefinition[] = [];
  let at = 0;
  for (let n = 0; n < count; n++) {
    if (at + VERDEF_SIZE > size)
      throw reader.error(structure, tableOffset + at, `version definition ${n} is past the table's end`);
    const base = tableOffset + at;
    const definition: VersionDefinition = {
      offset: at,
      revision: reader.u16(base),
      flags: reader.u16(base + 2),
      index: reader.u16(base + 4),
      count: reader.u16(base + 6),
      hash: reader.u32(base + 8),
      names: [],
    };
    const auxOffset = reader.u32(base + 12);
    const next = reader.u32(base + 16);
    let auxAt = at + auxOffset;
    for (let j = 0; j < definition.count; j++) {
      if (auxAt + VERDAUX_SIZE > size) {
        throw reader.error(structure, tableOffset + at, `name ${j} of version definition ${n} is past the table's end`);
      }
      const nameOffset = reader.u32(tableOffset + auxAt);
      definition.names.push({ offset: auxAt, nameOffset, name: strings?.lookup(nameOffset) });
      const auxNext = reader.u32(tableOffset + auxAt + 4);
      if (auxNext === 0) break;
      if (auxNext < VERDAUX_SIZE)
        throw reader.error(structure, tableOffset + auxAt, `vda_next ${auxNext} is too small`);
      auxAt += auxNext;
    }
    definitions.push(definition);
    if (next === 0) break;
    if (next < VERDEF_SIZE) throw reader.error(structure, base, `vd_next ${next} is too small`);
    at += next;
  }
  return definitions;
}

/** Reads `count` version requirements (DT_VERNEEDNUM / sh_info) from a table of `size` bytes. */
export function readVersionNeeds(
  reader: ByteReader,
  tableOffset: number,
  size: number,
  count: number,
  strings: StringTable | undefined,
  structure: string,
): VersionNeed[] {
  reader.requireRange(structure, tableOffset, size);
  const needs: VersionNeed[] = [];
  let at = 0;
  for (let n = 0; n < count; n++) {
    if (at + VERNEED_SIZE > size)
      throw reader.error(structure, tableOffset + at, `version need ${n} is past the table's end`);
    const base = tableOffset + at;
    const fileOffset = reader.u32(base + 4);
    const need: VersionNeed = {
      offset: at,
      revision: reader.u16(base),
      count: reader.u16(base + 2),
      fileOffset,
      file: strings?.lookup(fileOffset),
      entries: [],
    };
    const auxOffset = reader.u32(base + 8);
    const next = reader.u32(base + 12);
    let auxAt = at + auxOffset;
    for (let j = 0; j < need.count; j++) {
      if (auxAt + VERNAUX_SIZE > size) {
        throw reader.error(structure, tableOffset + at, `entry ${j} of version need ${n} is past the table's end`);
      }
      const aux = tableOffset + auxAt;
      const nameOffset = reader.u32(aux + 8);
      need.entries.push({
        offset: auxAt,
        hash: reader.u32(aux),
        flags: reader.u16(aux + 4),
        index: reader.u16(aux + 6),
        nameOffset,
        name: strings?.lookup(nameOffset),
      });
      const auxNext = reader.u32(aux + 12);
      if (auxNext === 0) break;
      if (auxNext < VERNAUX_SIZE) throw reader.error(structure, aux, `vna_next ${auxNext} is too small`);
      auxAt += auxNext;
    }
    needs.push(need);
    if (next === 0) break;
    if (next < VERNEED_SIZE) throw reader.error(structure, base, `vn_next ${next} is too small`);
    at += next;
  }
  return needs;
}

/** GNU readelf's spelling of version flags: "none", "BASE", "WEAK", "BASE | WEAK"… */
export function versionFlagsName(flags: number): string {
  if (flags === 0) return 'none';
  const parts: string[] = [];
  if (flags & VER_FLG_BASE) parts.push('BASE');
  if (flags & VER_FLG_WEAK) parts.push('WEAK');
  if (flags & VER_FLG_INFO) parts.push('INFO');
  if (flags & ~(VER_FLG_BASE | VER_FLG_WEAK | VER_FLG_INFO)) parts.push('<unknown>');
  return parts.join(' | ');
}

/** The version a dynamic symbol carries. */
export interface SymbolVersion {
  /** The raw .gnu.version entry. */
  raw: number;
  /** Version index (raw without the hidden bit). */
  index: number;
  hidden: boolean;
  /** The version name; undefined for indexes 0 and 1 or an index no table names. */
  name: string | undefined;
  /** Whether the version is one this object defines (else needed from `file`). */
  defined: boolean;
  /** For needed versions: the library expected to provide it. */
  file: string | undefined;
}
