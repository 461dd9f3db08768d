// `readelf -l`: the program headers and the section-to-segment map, as GNU readelf 2.40 prints them.
import { PT_INTERP, sectionInSegment, segmentTypeName } from '../../elf/index.ts';
import { fileTypeName } from './file-header.ts';
import { alternateHex, fullHex, hex, hexPad, plural, prefixHex, printableSectionName } from './format.ts';
import type { Listing } from './listing.ts';

function flagText(flags: number): string {
  return `${flags & 4 ? 'R' : ' '}${flags & 2 ? 'W' : ' '}${flags & 1 ? 'E' : ' '}`;
}

/** printf("0x%6.6lx") for values that fit an unsigned long (all of them on x86-64). */
function hex6(value: number): string {
  return `0x${hexPad(value, 6)}`;
}

export function listProgramHeaders(listing: Listing): void {
  const { elf, options } = listing;
  const count = elf.programHeaderCount;
  if (count === 0) {
    if (elf.header.programHeaderOffset === 0) listing.line('\nThere are no program headers in this file.');
    return;
  }
  if (!options.fileHeader) {
    listing.line(`\nElf file type is ${fileTypeName(elf.header.type, elf.isPie)}`);
    listing.line(`Entry point 0x${hex(elf.header.entry)}`);
    listing.line(
      `There ${plural(count, 'is', 'are')} ${count} program ${plural(count, 'header', 'headers')}, starting at offset ${elf.header.programHeaderOffset}`,
    );
  }
  const segments = elf.programHeaders;
  listing.line('\nProgram Headers:');
  if (options.wide) {
    listing.line('  Type           Offset   VirtAddr           PhysAddr           FileSiz  MemSiz   Flg Align');
  } else {
    listing.line('  Type           Offset             VirtAddr           PhysAddr');
    listing.line('                 FileSiz            MemSiz              Flags  Align');
  }
  const osAbi = elf.header.osAbi;
  for (const p of segments) {
    const type = segmentTypeName(p.type, osAbi).slice(0, 14).padEnd(14);
    if (options.wide) {
      listing.line(
        `  ${type} ${hex6(p.offset)} ${fullHex(p.virtualAddress)} ${fullHex(p.physicalAddress)} ${hex6(p.fileSize)} ${hex6(p.memorySize)} ${flagText(p.flags)} ${alternateHex(p.align)}`,
      );
    } else {
      listing.line(`  ${type} ${fullHex(p.offset)} ${fullHex(p.virtualAddress)} ${fullHex(p.physicalAddress)}`);
      listing.line(
        `                 ${fullHex(p.fileSize)} ${fullHex(p.memorySize)}  ${flagText(p.flags)}    ${prefixHex(p.align)}`,
      );
    }
    if (p.type === PT_INTERP) {
      const interpreter = interpreterText(listing, p.offset, p.fileSize);
      if (interpreter !== undefined) listing.line(`      [Requesting program interpreter: ${interpreter}]`);
    }
  }
  const sections = elf.sections;
  if (sections.length === 0 || sections.every((s) => s.name === '<no-strings>')) return;
  listing.line('\n Section to Segment mapping:');
  listing.line('  Segment Sections...');
  for (const p of segments) {
    let text = `   ${String(p.index).padStart(2, '0')}     `;
    for (let i = 1; i < sections.length; i++) {
      const section = sections[i]!;
      if (sectionInSegment(section, p)) text += `${printableSectionName(section.name)} `;
    }
    listing.line(text);
  }
}

/** The interpreter path as readelf reads it: the segment's bytes up to the first NUL. */
function interpreterText(listing: Listing, offset: number, size: number): string | undefined {
  const reader = listing.elf.reader;
  if (offset >= reader.length || size > reader.length - offset || size === 0) return undefined;
  return listing.elf.interpreter;
}
