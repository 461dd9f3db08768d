// `readelf -V`: the symbol versioning sections, as GNU readelf 2.40 prints them.
import {
  readVersionDefinitions,
  readVersionNeeds,
  type SectionHeader,
  SHT_GNU_VERDEF,
  SHT_GNU_VERNEED,
  SHT_GNU_VERSYM,
  type StringTable,
  versionFlagsName,
} from '../../elf/index.ts';
import { dynamicStringsOrNothing } from './dynamic-section.ts';
import { hexPad, plural, printableSectionName } from './format.ts';
import type { Listing } from './listing.ts';

/** printf("%#06x"): 0x and 4 digits, but zero prints as 000000 (C drops the prefix for 0). */
function offset06(value: number): string {
  return value === 0 ? '000000' : `0x${hexPad(value, 4)}`;
}

function sectionLine(listing: Listing, section: SectionHeader): string {
  const link = listing.elf.sections[section.link];
  const linkName = link ? printableSectionName(link.name) : '<corrupt>';
  return ` Addr: 0x${hexPad(section.address, 16)}  Offset: 0x${hexPad(section.offset, 8)}  Link: ${section.link} (${linkName})`;
}

function nameAt(strings: StringTable | undefined, offset: number): string | undefined {
  return strings?.has(offset) ? strings.lookup(offset) : undefined;
}

function listDefinitions(listing: Listing, section: SectionHeader, strings: StringTable | undefined): void {
  const count = section.info;
  listing.line(
    `\nVersion definition section '${printableSectionName(section.name)}' contains ${count} ${plural(count, 'entry', 'entries')}:`,
  );
  listing.line(sectionLine(listing, section));
  const definitions = readVersionDefinitions(
    listing.elf.reader,
    section.offset,
    section.size,
    count,
    strings,
    `version definition section ${section.name}`,
  );
  for (const d of definitions) {
    const [first, ...parents] = d.names;
    let line = `  ${offset06(d.offset)}: Rev: ${d.revision}  Flags: ${versionFlagsName(d.flags)}  Index: ${d.index}  Cnt: ${d.count}  `;
    if (first) {
      const name = nameAt(strings, first.nameOffset);
      line += name !== undefined ? `Name: ${name}` : `Name index: ${first.nameOffset}`;
    }
    listing.line(line);
    parents.forEach((parent, i) => {
      const name = nameAt(strings, parent.nameOffset);
      listing.line(
        name !== undefined
          ? `  ${offset06(parent.offset)}: Parent ${i + 1}: ${name}`
          : `  ${offset06(parent.offset)}: Parent ${i + 1}, name index: ${parent.nameOffset}`,
      );
    });
  }
}

function listNeeds(listing: Listing, section: SectionHeader, strings: StringTable | undefined): void {
  const count = section.info;
  listing.line(
    `\nVersion needs section '${printableSectionName(section.name)}' contains ${count} ${plural(count, 'entry', 'entries')}:`,
  );
  listing.line(sectionLine(listing, section));
  const needs = readVersionNeeds(
    listing.elf.reader,
    section.offset,
    section.size,
    count,
    strings,
    `version needs section ${section.name}`,
  );
  for (const need of needs) {
    const file = nameAt(strings, need.fileOffset);
    listing.line(
      `  ${offset06(need.offset)}: Version: ${need.revision}  File: ${file ?? need.fileOffset.toString(16)}  Cnt: ${need.count}`,
    );
    for (const entry of need.entries) {
      const name = nameAt(strings, entry.nameOffset);
      listing.line(
        `  ${offset06(entry.offset)}:   ${name !== undefined ? `Name: ${name}` : `Name index: ${entry.nameOffset.toString(16)}`}  Flags: ${versionFlagsName(entry.flags)}  Version: ${entry.index}`,
      );
    }
  }
}

function listVersionSymbols(listing: Listing, section: SectionHeader): boolean {
  const { elf } = listing;
  const sections = elf.sections;
  const symbolSection = sections[section.link];
  if (!symbolSection || symbolSection.link >= sections.length) return false;
  const symbols = elf.symbolTableOfSection(symbolSection);
  const stringSection = sections[symbolSection.link]!;
  const total = Math.floor(section.size / 2);
  listing.line(
    `\nVersion symbols section '${printableSectionName(section.name)}' contains ${total} ${plural(total, 'entry', 'entries')}:`,
  );
  listing.line(
    ` Addr: 0x${hexPad(section.address, 16)}  Offset: 0x${hexPad(section.offset, 8)}  Link: ${section.link} (${printableSectionName(symbolSection.name)})`,
  );
  const reader = elf.reader;
  reader.requireRange(`version symbols section ${section.name}`, section.offset, total * 2);
  const strings = elf.stringTable(symbolSection.link, `symbol table ${symbolSection.name}`);
  const names = new Map<number, string>();
  // What readelf names each version index: needed versions by vna_other, defined ones by vd_ndx.
  const needs = elf.versionNeeds;
  const definitions = elf.versionDefinitions;
  const invalid = '*invalid*';
  const nameOf = (value: number): string | undefined => {
    const cached = names.get(value);
    if (cached !== undefined) return cached;
    let name: string | undefined;
    for (const need of needs) {
      const entry = need.entries.find((e) => e.index === value);
      if (entry) {
        name = entry.nameOffset >= stringSection.size ? invalid : strings.lookup(entry.nameOffset);
        break;
      }
    }
    if (value !== 0x8001) {
      const definition = definitions.find((d) => d.index === (value & 0x7fff));
      const first = definition?.names[0];
      if (first) {
        if (first.nameOffset >= stringSection.size) name = invalid;
        else if (name !== undefined && name !== invalid) name = '*both*';
        else name = strings.lookup(first.nameOffset);
      }
    }
    if (name !== undefined) names.set(value, name);
    return name;
  };
  const lines: string[] = [];
  for (let i = 0; i < total; i += 4) {
    let line = `  ${hexPad(i, 3)}:`;
    for (let j = 0; j < 4 && i + j < total; j++) {
      const value = reader.u16(section.offset + (i + j) * 2);
      if (value === 0) line += '   0 (*local*)    ';
      else if (value === 1) line += '   1 (*global*)   ';
      else {
        let cell = `${(value & 0x7fff).toString(16).padStart(4)}${value & 0x8000 ? 'h' : ' '}`;
        if (i + j < symbols.count) {
          const name = nameOf(value);
          // printf("(%s%-*s", name, 12 - len, ")"): a negative width pads too (left-justified).
          if (name !== undefined) cell += `(${name}${')'.padEnd(Math.max(Math.abs(12 - name.length), 1))}`;
          if (cell.length < 18) cell += ' '.repeat(18 - cell.length);
        }
        line += cell;
      }
    }
    lines.push(line);
  }
  if (lines.length > 0) listing.line(lines.join('\n'));
  return true;
}

export function listVersions(listing: Listing): void {
  const strings = dynamicStringsOrNothing(listing);
  let found = false;
  for (const section of listing.elf.sections) {
    if (section.type === SHT_GNU_VERDEF) {
      found = true;
      listDefinitions(listing, section, strings);
    } else if (section.type === SHT_GNU_VERNEED) {
      found = true;
      listNeeds(listing, section, strings);
    } else if (section.type === SHT_GNU_VERSYM) {
      if (listVersionSymbols(listing, section)) found = true;
    }
  }
  if (!found) listing.line('\nNo version information found in this file.');
}
