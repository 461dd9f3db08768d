// `readelf -h`: the ELF file header, as GNU readelf 2.40 lays it out.
import { EV_CURRENT } from '../../elf/index.ts';
import { hexPad, prefixHex } from './format.ts';
import type { Listing } from './listing.ts';

const osAbiNames: readonly string[] = [
  'UNIX - System V',
  'UNIX - HP-UX',
  'UNIX - NetBSD',
  'UNIX - GNU',
  '<unknown: 4>',
  '<unknown: 5>',
  'UNIX - Solaris',
  'UNIX - AIX',
  'UNIX - IRIX',
  'UNIX - FreeBSD',
  'UNIX - TRU64',
  'Novell - Modesto',
  'UNIX - OpenBSD',
  'VMS - OpenVMS',
  'HP - Non-Stop Kernel',
  'AROS',
  'FenixOS',
  'Nuxi CloudABI',
  'Stratus Technologies OpenVOS',
];

function osAbiName(osAbi: number): string {
  return osAbiNames[osAbi] ?? `<unknown: ${osAbi.toString(16)}>`;
}

/** GNU readelf's description of e_type. */
export function fileTypeName(type: number, isPie: boolean): string {
  switch (type) {
    case 0:
      return 'NONE (None)';
    case 1:
      return 'REL (Relocatable file)';
    case 2:
      return 'EXEC (Executable file)';
    case 3:
      return isPie ? 'DYN (Position-Independent Executable file)' : 'DYN (Shared object file)';
    case 4:
      return 'CORE (Core file)';
  }
  if (type >= 0xff00) return `Processor Specific: (${type.toString(16)})`;
  if (type >= 0xfe00) return `OS Specific: (${type.toString(16)})`;
  return `<unknown>: ${type.toString(16)}`;
}

export function listFileHeader(listing: Listing): void {
  const { elf } = listing;
  const h = elf.header;
  const field = (label: string, value: string | number) => listing.line(`  ${`${label}:`.padEnd(35)}${value}`);
  listing.line('ELF Header:');
  listing.line(`  Magic:   ${Array.from(h.ident, (b) => `${hexPad(b, 2)} `).join('')}`);
  field('Class', 'ELF64');
  field('Data', "2's complement, little endian");
  const version = h.ident[6]!;
  field('Version', `${version}${version === EV_CURRENT ? ' (current)' : version !== 0 ? ' <unknown>' : ''}`);
  field('OS/ABI', osAbiName(h.osAbi));
  field('ABI Version', h.abiVersion);
  field('Type', fileTypeName(h.type, elf.isPie));
  field('Machine', 'Advanced Micro Devices X86-64');
  field('Version', `0x${h.version.toString(16)}`);
  field('Entry point address', prefixHex(h.entry));
  field('Start of program headers', `${h.programHeaderOffset} (bytes into file)`);
  field('Start of section headers', `${h.sectionHeaderOffset} (bytes into file)`);
  field('Flags', `0x${h.flags.toString(16)}`);
  field('Size of this header', `${h.headerSize} (bytes)`);
  field('Size of program headers', `${h.programHeaderEntrySize} (bytes)`);
  const phnum = elf.programHeaderCount;
  field('Number of program headers', `${h.programHeaderCount}${phnum !== h.programHeaderCount ? ` (${phnum})` : ''}`);
  field('Size of section headers', `${h.sectionHeaderEntrySize} (bytes)`);
  const shnum = elf.sectionCount;
  const hasSectionZero = h.sectionHeaderOffset !== 0;
  field(
    'Number of section headers',
    `${h.sectionHeaderCount}${h.sectionHeaderCount === 0 && hasSectionZero ? ` (${shnum})` : ''}`,
  );
  let names = `${h.sectionNameTableIndex}`;
  const shstrndx = elf.sectionNameTableIndex;
  if (h.sectionNameTableIndex === 0xffff && hasSectionZero) names += ` (${shstrndx})`;
  if (shstrndx !== 0 && shstrndx >= shnum) names += ' <corrupt: out of range>';
  field('Section header string table index', names);
}
