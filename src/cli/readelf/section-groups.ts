// `readelf -g`: the section groups (COMDAT groups of C++ `.o` files), as GNU readelf 2.40 prints them.
import { SHT_GROUP, SHT_SYMTAB, STT_SECTION } from '../../elf/index.ts';
import { printableSectionName } from './format.ts';
import type { Listing } from './listing.ts';
import { validSectionName } from './symbols.ts';

const GRP_COMDAT = 1;
const GRP_MASKOS = 0x0ff00000;
const GRP_MASKPROC = 0xf0000000;

function groupFlags(flags: number): string {
  if (flags === 0) return '';
  if (flags === GRP_COMDAT) return 'COMDAT ';
  const os = flags & GRP_MASKOS ? '<OS specific>' : '';
  const proc = (flags & GRP_MASKPROC) >>> 0 ? '<PROC specific>' : '';
  const unknown = (flags & ~(GRP_COMDAT | GRP_MASKOS | GRP_MASKPROC)) >>> 0 ? '<unknown>' : '';
  return `[0x${flags.toString(16)}: ${os}${proc}${unknown}]`;
}

export function listSectionGroups(listing: Listing): void {
  const { elf } = listing;
  const sections = elf.sections;
  const groups = sections.filter((s) => s.type === SHT_GROUP);
  if (groups.length === 0) {
    listing.line('\nThere are no section groups in this file.');
    return;
  }
  const reader = elf.reader;
  const seen = new Set<number>();
  for (const group of groups) {
    const symbolSection = sections[group.link];
    // readelf reports a bad link or info on stderr and skips the group.
    if (!symbolSection || symbolSection.type !== SHT_SYMTAB) continue;
    const symbols = elf.symbolTableOfSection(symbolSection);
    if (group.info >= symbols.count) continue;
    let signature: string;
    if (symbols.type(group.info) === STT_SECTION) {
      const shndx = symbols.sectionIndexOf(group.info);
      if (shndx === 0 || shndx >= sections.length) continue;
      signature = validSectionName(sections[shndx]!.name);
    } else {
      signature = symbols.strings.lookup(symbols.nameOffset(group.info)) ?? '<corrupt>';
    }
    if (group.entrySize === 0 || group.entrySize > group.size) continue;
    reader.requireRange(`group section [${group.index}] ${group.name}`, group.offset, group.size);
    const count = Math.floor(group.size / group.entrySize) - 1;
    const flags = reader.u32(group.offset);
    listing.line(
      `\n${groupFlags(flags)}group section [${String(group.index).padStart(5)}] \`${printableSectionName(group.name)}' [${signature}] contains ${count} sections:`,
    );
    listing.line('   [Index]    Name');
    for (let j = 0; j < count; j++) {
      const at = group.offset + 4 + j * 4;
      if (at + 4 > group.offset + group.size) break;
      const member = reader.u32(at);
      if (member >= sections.length) continue;
      if (seen.has(member) && member !== 0) continue;
      seen.add(member);
      listing.line(`   [${String(member).padStart(5)}]   ${printableSectionName(sections[member]!.name)}`);
    }
  }
}
