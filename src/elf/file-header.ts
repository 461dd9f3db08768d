// The ELF file header (Elf64_Ehdr): the first 64 bytes of every ELF file.
// Miros reads only what it runs: 64-bit, little-endian, x86-64. Anything else is refused here,
// at the door, with an ElfError that says what the file is instead.
import type { ByteReader } from './byte-reader.ts';

export const ELF_HEADER_SIZE = 64;
export const EI_NIDENT = 16;

/** e_ident indexes. */
export const EI_CLASS = 4;
export const EI_DATA = 5;
export const EI_VERSION = 6;
export const EI_OSABI = 7;
export const EI_ABIVERSION = 8;

export const ELFCLASS32 = 1;
export const ELFCLASS64 = 2;
export const ELFDATA2LSB = 1;
export const ELFDATA2MSB = 2;
export const EV_CURRENT = 1;

/** e_type values. */
export const ET_NONE = 0;
export const ET_REL = 1;
export const ET_EXEC = 2;
export const ET_DYN = 3;
export const ET_CORE = 4;

/** e_machine of x86-64, the only machine Miros runs. */
export const EM_X86_64 = 62;

/** e_phnum value meaning "the real count is in section header 0's sh_info". */
export const PN_XNUM = 0xffff;

/** Names of machines a user is likely to hand us by mistake, for the refusal message. */
const otherMachineNames: Record<number, string> = {
  3: 'Intel 80386',
  8: 'MIPS',
  20: 'PowerPC',
  21: 'PowerPC64',
  22: 'IBM S/390',
  40: 'ARM',
  43: 'SPARC v9',
  50: 'Intel IA-64',
  183: 'AArch64',
  243: 'RISC-V',
  247: 'Linux BPF',
  258: 'LoongArch',
};

export interface FileHeader {
  /** The 16 identification bytes (a view into the file). */
  ident: Uint8Array;
  osAbi: number;
  abiVersion: number;
  /** ET_REL, ET_EXEC, ET_DYN, ET_CORE… */
  type: number;
  machine: number;
  version: number;
  entry: number;
  programHeaderOffset: number;
  sectionHeaderOffset: number;
  flags: number;
  headerSize: number;
  programHeaderEntrySize: number;
  /** e_phnum as stored (PN_XNUM means: see ElfFile.programHeaderCount). */
  programHeaderCount: number;
  sectionHeaderEntrySize: number;
  /** e_shnum as stored (0 with a section table means: see ElfFile.sectionCount). */
  sectionHeaderCount: number;
  /** e_shstrndx as stored (SHN_XINDEX means: see ElfFile.sectionNameTableIndex). */
  sectionNameTableIndex: number;
}

/** Reads and validates the file header. Throws ElfError for non-ELF or non-x86-64-ELF64-LE input. */
export function readFileHeader(reader: ByteReader): FileHeader {
  const bytes = reader.bytes;
  const structure = 'ELF file header';
  const isElf = bytes.length >= 4 && bytes[0] === 0x7f && bytes[1] === 0x45 && bytes[2] === 0x4c && bytes[3] === 0x46;
  if (!isElf) throw reader.error(structure, 0, 'not an ELF file (no \\x7fELF magic number)');
  if (bytes.length < EI_NIDENT)
    throw reader.error(structure, 0, `file too short for an ELF header (${bytes.length} bytes)`);
  const elfClass = bytes[EI_CLASS]!;
  if (elfClass === ELFCLASS32)
    throw reader.error(structure, EI_CLASS, '32-bit ELF (ELFCLASS32) is not supported, only ELF64');
  if (elfClass !== ELFCLASS64) throw reader.error(structure, EI_CLASS, `invalid ELF class ${elfClass}`);
  const data = bytes[EI_DATA]!;
  if (data === ELFDATA2MSB) throw reader.error(structure, EI_DATA, 'big-endian ELF (ELFDATA2MSB) is not supported');
  if (data !== ELFDATA2LSB) throw reader.error(structure, EI_DATA, `invalid ELF data encoding ${data}`);
  if (bytes.length < ELF_HEADER_SIZE) {
    throw reader.error(
      structure,
      0,
      `file too short for an ELF64 header (${bytes.length} of ${ELF_HEADER_SIZE} bytes)`,
    );
  }
  const machine = reader.u16(18);
  if (machine !== EM_X86_64) {
    const known = otherMachineNames[machine];
    throw reader.error(
      structure,
      18,
      `machine ${machine}${known ? ` (${known})` : ''} is not supported, only x86-64 (EM_X86_64, 62)`,
    );
  }
  const header: FileHeader = {
    ident: bytes.subarray(0, EI_NIDENT),
    osAbi: bytes[EI_OSABI]!,
    abiVersion: bytes[EI_ABIVERSION]!,
    type: reader.u16(16),
    machine,
    version: reader.u32(20),
    entry: reader.u64(24),
    programHeaderOffset: reader.u64(32),
    sectionHeaderOffset: reader.u64(40),
    flags: reader.u32(48),
    headerSize: reader.u16(52),
    programHeaderEntrySize: reader.u16(54),
    programHeaderCount: reader.u16(56),
    sectionHeaderEntrySize: reader.u16(58),
    sectionHeaderCount: reader.u16(60),
    sectionNameTableIndex: reader.u16(62),
  };
  return header;
}
