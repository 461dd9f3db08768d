// `readelf -r`: the relocation sections (REL, RELA and RELR), as GNU readelf 2.40 prints them.
import {
  DT_JMPREL,
  DT_PLTRELSZ,
  DT_REL,
  DT_RELA,
  DT_RELASZ,
  DT_RELR,
  DT_RELRSZ,
  DT_RELSZ,
  type RelocationTable,
  type RelrTable,
  relocationTypes,
  type SectionHeader,
  SHN_ABS,
  SHN_COMMON,
  SHN_X86_64_LCOMMON,
  SHT_DYNSYM,
  SHT_RELA,
  SHT_RELR,
  SHT_SYMTAB,
  STT_GNU_IFUNC,
  STT_SECTION,
  type SymbolTable,
} from '../../elf/index.ts';
import { alternateHex, hex, hexPad, longHex, plural, printableSectionName, printSymbol } from './format.ts';
import type { Listing } from './listing.ts';
import { relocationSuffixText, versionSuffix } from './symbol-versions.ts';
import { validSectionName } from './symbols.ts';

/** The dynamic tags whose presence makes readelf suggest --use-dynamic. */
const dynamicRelocationSizeTags = [DT_RELSZ, DT_RELASZ, DT_RELRSZ, DT_PLTRELSZ];
void [DT_REL, DT_RELA, DT_RELR, DT_JMPREL];

export function listRelocations(listing: Listing): void {
  const { elf } = listing;
  let found = false;
  for (const section of elf.relocationSections()) {
    if (section.size === 0) continue;
    found = true;
    const count = section.entrySize === 0 ? 0 : Math.floor(section.size / section.entrySize);
    listing.line(
      `\nRelocation section '${printableSectionName(section.name)}' at offset ${alternateHex(section.offset)} contains ${count} ${plural(count, 'entry', 'entries')}:`,
    );
    const table = elf.relocationTableOfSection(section);
    if (section.type === SHT_RELR) {
      listRelr(listing, table as RelrTable);
      continue;
    }
    let symbols: SymbolTable | undefined;
    if (section.link !== 0 && section.link < elf.sectionCount) {
      const symbolSection = elf.sections[section.link]!;
      if (symbolSection.type !== SHT_SYMTAB && symbolSection.type !== SHT_DYNSYM) continue;
      symbols = elf.symbolTableOfSection(symbolSection);
    }
    listRelocationTable(listing, section, table as RelocationTable, symbols);
  }
  if (!found) {
    const dynamic = elf.dynamic;
    if (dynamic && dynamicRelocationSizeTags.some((tag) => dynamic.get(tag))) {
      listing.write('\nThere are no static relocations in this file.');
      listing.line('\nTo see the dynamic relocations add --use-dynamic to the command line.');
    } else {
      listing.line('\nThere are no relocations in this file.');
    }
  }
}

function listRelr(listing: Listing, table: RelrTable): void {
  const addresses = table.addresses;
  let text = `  ${addresses.length} ${plural(addresses.length, 'offset', 'offsets')}\n`;
  for (let i = 0; i < addresses.length; i++) text += `${longHex(addresses[i]!)}\n`;
  listing.write(text);
}

/** The name readelf shows for a relocation against an unnamed symbol (a section symbol, usually). */
function unnamedSymbolText(listing: Listing, symbols: SymbolTable, index: number): string {
  if (symbols.type(index) !== STT_SECTION) return '<null>';
  const shndx = symbols.sectionIndexOf(index);
  const { elf } = listing;
  if (shndx < elf.sectionCount && elf.sections.length > 0) return validSectionName(elf.sections[shndx]!.name);
  if (shndx === SHN_ABS) return 'ABS';
  if (shndx === SHN_COMMON) return 'COMMON';
  if (shndx === SHN_X86_64_LCOMMON) return 'LARGE_COMMON';
  return `<section 0x${shndx.toString(16)}>`;
}

function listRelocationTable(
  listing: Listing,
  section: SectionHeader,
  table: RelocationTable,
  symbols: SymbolTable | undefined,
): void {
  const { options } = listing;
  const wide = options.wide;
  const rela = section.type === SHT_RELA;
  const isDynamic = symbols !== undefined && listing.elf.sections[section.link]?.type === SHT_DYNSYM;
  if (wide) {
    listing.line(
      rela
        ? "    Offset             Info             Type               Symbol's Value  Symbol's Name + Addend"
        : "    Offset             Info             Type               Symbol's Value  Symbol's Name",
    );
  } else {
    listing.line(
      rela
        ? '  Offset          Info           Type           Sym. Value    Sym. Name + Addend'
        : '  Offset          Info           Type           Sym. Value    Sym. Name',
    );
  }
  const reader = listing.elf.reader;
  const fieldWidth = wide ? 16 : 12;
  const lines: string[] = [];
  for (let i = 0; i < table.count; i++) {
    const at = table.entryOffset(i);
    const type = table.type(i);
    const symbolIndex = table.symbolIndex(i);
    let line = `${reader.hex64(at, fieldWidth)}  ${reader.hex64(at + 8, fieldWidth)} `;
    const typeName = relocationTypes().get(type)?.name;
    if (typeName === undefined) line += `unrecognized: ${type.toString(16).padEnd(7)}`;
    else line += wide ? typeName.padEnd(22) : typeName.slice(0, 17).padEnd(17);
    const addend = table.addend(i);
    const signedHex = (value: number) => (value < 0 ? `- ${hex(-value)}` : `+ ${hex(value)}`);
    if (symbolIndex !== 0) {
      if (!symbols || symbolIndex >= symbols.count) {
        // readelf reports " bad symbol index" on stderr and leaves the rest of the line empty.
        lines.push(line);
        continue;
      }
      const nameOffset = symbols.nameOffset(symbolIndex);
      const suffix = isDynamic
        ? relocationSuffixText(versionSuffix(listing, symbolIndex, nameOffset, symbols.sectionIndexOf(symbolIndex)))
        : '';
      line += ' ';
      if (symbols.type(symbolIndex) === STT_GNU_IFUNC) {
        // readelf shows name() for IFUNC symbols: the relocation uses the resolver's result, not the value.
        const name = nameOffset === 0 ? '??' : (symbols.strings.lookup(nameOffset) ?? '??');
        const printed = printSymbol(14, name, wide);
        line += `${printed}${suffix}()${' '.repeat(printed.length <= 14 ? 15 - printed.length : 1)}`;
      } else {
        line += `${longHex(symbols.value(symbolIndex))} `;
      }
      if (nameOffset === 0) {
        line += printSymbol(22, unnamedSymbolText(listing, symbols, symbolIndex), wide);
      } else {
        const name = symbols.strings.lookup(nameOffset);
        if (name !== undefined) line += `${printSymbol(22, name, wide)}${suffix}`;
      }
      if (rela) line += ` ${signedHex(addend)}`;
    } else if (rela) {
      line += `${' '.repeat(20)}${addend < 0 ? `-${hex(-addend)}` : hex(addend)}`;
    }
    lines.push(line);
  }
  if (lines.length > 0) listing.line(lines.join('\n'));
  void hexPad;
}
