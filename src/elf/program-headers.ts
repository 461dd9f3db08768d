// Program headers (Elf64_Phdr): the segments a loader maps, and what the kernel and the dynamic
// linker look for among them (PT_INTERP, PT_DYNAMIC, PT_TLS, PT_GNU_STACK, PT_GNU_RELRO…).
import type { ByteReader } from './byte-reader.ts';
import { alternateHex } from './c-format.ts';

export const PROGRAM_HEADER_SIZE = 56;

export const PT_NULL = 0;
export const PT_LOAD = 1;
export const PT_DYNAMIC = 2;
export const PT_INTERP = 3;
export const PT_NOTE = 4;
export const PT_SHLIB = 5;
export const PT_PHDR = 6;
export const PT_TLS = 7;
export const PT_LOOS = 0x60000000;
export const PT_HIOS = 0x6fffffff;
export const PT_LOPROC = 0x70000000;
export const PT_HIPROC = 0x7fffffff;
export const PT_GNU_EH_FRAME = 0x6474e550;
export const PT_GNU_STACK = 0x6474e551;
export const PT_GNU_RELRO = 0x6474e552;
export const PT_GNU_PROPERTY = 0x6474e553;
export const PT_GNU_SFRAME = 0x6474e554;
const PT_GNU_MBIND_LO = 0x6474e555;
const PT_GNU_MBIND_HI = 0x6474f554;

/** p_flags bits. */
export const PF_X = 1;
export const PF_W = 2;
export const PF_R = 4;

/** Segment type names, spelled as GNU readelf spells them. */
const segmentTypeNames: ReadonlyMap<number, string> = new Map([
  [PT_NULL, 'NULL'],
  [PT_LOAD, 'LOAD'],
  [PT_DYNAMIC, 'DYNAMIC'],
  [PT_INTERP, 'INTERP'],
  [PT_NOTE, 'NOTE'],
  [PT_SHLIB, 'SHLIB'],
  [PT_PHDR, 'PHDR'],
  [PT_TLS, 'TLS'],
  [PT_GNU_EH_FRAME, 'GNU_EH_FRAME'],
  [PT_GNU_STACK, 'GNU_STACK'],
  [PT_GNU_RELRO, 'GNU_RELRO'],
  [PT_GNU_PROPERTY, 'GNU_PROPERTY'],
  [PT_GNU_SFRAME, 'GNU_SFRAME'],
  [0x65a3dbe6, 'OPENBSD_RANDOMIZE'],
  [0x65a3dbe7, 'OPENBSD_WXNEEDED'],
  [0x65a41be6, 'OPENBSD_BOOTDATA'],
]);

const ELFOSABI_GNU = 3;
const ELFOSABI_FREEBSD = 9;

/** The name GNU readelf gives a segment type ("LOAD", "GNU_STACK", "LOOS+0x1234"…). */
export function segmentTypeName(type: number, osAbi = 0): string {
  const known = segmentTypeNames.get(type);
  if (known) return known;
  if (type >= PT_LOPROC && type <= PT_HIPROC) return `LOPROC+${alternateHex(type - PT_LOPROC)}`;
  if (type >= PT_LOOS && type <= PT_HIOS) {
    if ((osAbi === ELFOSABI_GNU || osAbi === ELFOSABI_FREEBSD) && type >= PT_GNU_MBIND_LO && type <= PT_GNU_MBIND_HI) {
      return `GNU_MBIND+${alternateHex(type - PT_GNU_MBIND_LO)}`;
    }
    return `LOOS+${alternateHex(type - PT_LOOS)}`;
  }
  return `<unknown>: ${type.toString(16)}`;
}

export interface ProgramHeader {
  /** Position in the program header table. */
  index: number;
  /** File offset of this header. */
  headerOffset: number;
  type: number;
  /** PF_R | PF_W | PF_X. */
  flags: number;
  offset: number;
  virtualAddress: number;
  physicalAddress: number;
  fileSize: number;
  memorySize: number;
  align: number;
}

/** Reads `count` program headers at `tableOffset`. The caller checked the table's extent. */
export function readProgramHeaders(reader: ByteReader, tableOffset: number, count: number): ProgramHeader[] {
  const headers: ProgramHeader[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const at = tableOffset + i * PROGRAM_HEADER_SIZE;
    headers[i] = {
      index: i,
      headerOffset: at,
      type: reader.u32(at),
      flags: reader.u32(at + 4),
      offset: reader.u64(at + 8),
      virtualAddress: reader.u64(at + 16),
      physicalAddress: reader.u64(at + 24),
      fileSize: reader.u64(at + 32),
      memorySize: reader.u64(at + 40),
      align: reader.u64(at + 48),
    };
  }
  return headers;
}
