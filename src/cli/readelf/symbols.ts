// `readelf -s` / `--dyn-syms`: the symbol tables, as GNU readelf 2.40 prints them.
import {
  type SectionHeader,
  SHT_DYNSYM,
  SHT_SYMTAB,
  STT_SECTION,
  sectionIndexName,
  symbolBindingName,
  symbolTypeName,
  symbolVisibilityName,
} from '../../elf/index.ts';
import { decimal5, longHex, plural, printableSectionName, printSymbol } from './format.ts';
import type { Listing } from './listing.ts';
import { versionSuffix } from './symbol-versions.ts';

export interface SymbolSelection {
  /** -s: every symbol table; otherwise (--dyn-syms) only SHT_DYNSYM ones. */
  all: boolean;
  dynamicOnly: boolean;
}

export function listSymbols(listing: Listing, what: SymbolSelection): void {
  const { elf } = listing;
  if (!what.all && !what.dynamicOnly) return;
  const sections = elf.sections;
  if (sections.length === 0) {
    if (what.all) listing.line('\nDynamic symbol information is not available for displaying symbols.');
    return;
  }
  for (const section of sections) {
    if (section.type !== SHT_SYMTAB && section.type !== SHT_DYNSYM) continue;
    if (!what.all && section.type === SHT_SYMTAB) continue;
    listSymbolTable(listing, section);
  }
}

function listSymbolTable(listing: Listing, section: SectionHeader): void {
  const { elf, options } = listing;
  const sectionName = printableSectionName(section.name);
  if (section.entrySize === 0) {
    listing.line(`\nSymbol table '${sectionName}' has a sh_entsize of zero!`);
    return;
  }
  const count = Math.floor(section.size / section.entrySize);
  listing.line(`\nSymbol table '${sectionName}' contains ${count} ${plural(count, 'entry', 'entries')}:`);
  listing.line('   Num:    Value          Size Type    Bind   Vis      Ndx Name');
  const table = elf.symbolTableOfSection(section);
  const osAbi = elf.header.osAbi;
  const sections = elf.sections;
  const sectionCount = elf.sectionCount;
  const isDynamic = section.type === SHT_DYNSYM;
  const lines: string[] = [];
  for (let i = 0; i < table.count; i++) {
    const info = table.info(i);
    const type = info & 0xf;
    const other = table.other(i);
    const visibility = other & 3;
    const shndx = table.sectionIndexOf(i);
    const nameOffset = table.nameOffset(i);
    let line = `${String(i).padStart(6)}: ${longHex(table.value(i))} ${decimal5(table.size(i))} ${symbolTypeName(type, osAbi).padEnd(7)} ${symbolBindingName(info >> 4, osAbi).padEnd(6)} ${symbolVisibilityName(visibility).padEnd(7)}`;
    if (other !== visibility) line += ` [<other>: ${(other ^ visibility).toString(16)}] `;
    line += ` ${sectionIndexName(shndx, sectionCount).padStart(4)} `;
    let name: string;
    if (type === STT_SECTION && shndx < sectionCount && nameOffset === 0)
      name = validSectionName(sections[shndx]!.name);
    else name = table.strings.lookup(nameOffset) ?? '<corrupt>';
    const suffix = isDynamic ? versionSuffix(listing, i, nameOffset, shndx) : undefined;
    let available = 21;
    if (!options.wide && suffix) {
      available -= 1 + suffix.name.length;
      if (suffix.kind === 'needed') available -= ` (${suffix.index})`.length;
      else if (suffix.kind === 'public') available -= 1;
    }
    line += printSymbol(available, name, options.wide);
    if (suffix) {
      if (suffix.kind === 'needed') line += `@${suffix.name} (${suffix.index})`;
      else line += suffix.kind === 'hidden' ? `@${suffix.name}` : `@@${suffix.name}`;
    }
    lines.push(line);
  }
  if (lines.length > 0) listing.line(lines.join('\n'));
}

/** A section's name for display, or '<corrupt>' when the file gives it none (readelf's section_name_valid). */
export function validSectionName(name: string): string {
  return name === '<no-strings>' ? '<corrupt>' : name;
}
