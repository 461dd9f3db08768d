// `readelf -S`: the section headers, as GNU readelf 2.40 prints them.
import {
  type SectionHeader,
  SHF_ALLOC,
  SHF_COMPRESSED,
  SHF_EXCLUDE,
  SHF_EXECINSTR,
  SHF_GNU_MBIND,
  SHF_GNU_RETAIN,
  SHF_GROUP,
  SHF_INFO_LINK,
  SHF_LINK_ORDER,
  SHF_MASKOS,
  SHF_MASKPROC,
  SHF_MERGE,
  SHF_OS_NONCONFORMING,
  SHF_STRINGS,
  SHF_TLS,
  SHF_WRITE,
  SHF_X86_64_LARGE,
  sectionTypeName,
} from '../../elf/index.ts';
import { hexPad, longHex, plural, symbolText } from './format.ts';
import type { Listing } from './listing.ts';

const ELFOSABI_NONE = 0;
const ELFOSABI_GNU = 3;
const ELFOSABI_FREEBSD = 9;

const flagLetters: ReadonlyMap<number, string> = new Map([
  [SHF_WRITE, 'W'],
  [SHF_ALLOC, 'A'],
  [SHF_EXECINSTR, 'X'],
  [SHF_MERGE, 'M'],
  [SHF_STRINGS, 'S'],
  [SHF_INFO_LINK, 'I'],
  [SHF_LINK_ORDER, 'L'],
  [SHF_OS_NONCONFORMING, 'O'],
  [SHF_GROUP, 'G'],
  [SHF_TLS, 'T'],
  [SHF_EXCLUDE, 'E'],
  [SHF_COMPRESSED, 'C'],
  [SHF_X86_64_LARGE, 'l'],
]);

/** The Flg column: one letter per flag, lowest bit first; OS and processor bits collapse to one o/p. */
export function sectionFlagLetters(section: SectionHeader, osAbi: number): string {
  let flags = section.flags >>> 0;
  let text = '';
  while (flags !== 0) {
    const flag = (flags & -flags) >>> 0;
    flags = (flags & ~flag) >>> 0;
    const letter = flagLetters.get(flag);
    if (letter) {
      text += letter;
    } else if (flag & SHF_MASKOS) {
      const gnu = osAbi === ELFOSABI_GNU || osAbi === ELFOSABI_FREEBSD;
      if (gnu && flag === SHF_GNU_RETAIN) text += 'R';
      else if ((gnu || osAbi === ELFOSABI_NONE) && flag === SHF_GNU_MBIND) text += 'D';
      else {
        text += 'o';
        flags = (flags & ~SHF_MASKOS) >>> 0;
      }
    } else if (flag & SHF_MASKPROC) {
      text += 'p';
      flags = (flags & ~SHF_MASKPROC) >>> 0;
    } else {
      text += 'x';
    }
  }
  // Bits 32-63 name no flag.
  for (let high = section.flagsHigh >>> 0; high !== 0; high = (high & (high - 1)) >>> 0) text += 'x';
  return text;
}

export function listSectionHeaders(listing: Listing): void {
  const { elf, options } = listing;
  const count = elf.sectionCount;
  if (count === 0 || elf.header.sectionHeaderOffset === 0) {
    listing.line('\nThere are no sections in this file.');
    return;
  }
  if (!options.fileHeader) {
    listing.line(
      `There ${plural(count, 'is', 'are')} ${count} section ${plural(count, 'header', 'headers')}, starting at offset 0x${elf.header.sectionHeaderOffset.toString(16)}:`,
    );
  }
  const sections = elf.sections;
  listing.line(sections.length > 1 ? '\nSection Headers:' : '\nSection Header:');
  if (options.wide) {
    listing.line('  [Nr] Name              Type            Address          Off    Size   ES Flg Lk Inf Al');
  } else {
    listing.line('  [Nr] Name              Type             Address           Offset');
    listing.line('       Size              EntSize          Flags  Link  Info  Align');
  }
  const osAbi = elf.header.osAbi;
  for (const s of sections) {
    const number = `  [${String(s.index).padStart(2)}] `;
    const name = symbolText(s.name, 17, options.wide, true);
    const type = sectionTypeName(s.type);
    const flags = sectionFlagLetters(s, osAbi).padStart(3);
    if (options.wide) {
      listing.line(
        `${number}${name} ${type.padEnd(15)} ${longHex(s.address)} ${hexPad(s.offset, 6)} ${hexPad(s.size, 6)} ${hexPad(s.entrySize, 2)} ${flags} ${String(s.link).padStart(2)} ${String(s.info).padStart(3)} ${String(s.addressAlign).padStart(2)}`,
      );
    } else {
      listing.line(`${number}${name} ${type.slice(0, 15).padEnd(15)}  ${longHex(s.address)}  ${hexPad(s.offset, 8)}`);
      listing.line(
        `       ${longHex(s.size)}  ${longHex(s.entrySize)} ${flags}      ${String(s.link).padStart(2)}   ${String(s.info).padStart(3)}     ${s.addressAlign}`,
      );
    }
  }
  listing.line('Key to Flags:');
  listing.line('  W (write), A (alloc), X (execute), M (merge), S (strings), I (info),');
  listing.line('  L (link order), O (extra OS processing required), G (group), T (TLS),');
  listing.line('  C (compressed), x (unknown), o (OS specific), E (exclude),');
  let last = '  ';
  if (osAbi === ELFOSABI_GNU || osAbi === ELFOSABI_FREEBSD) last += 'R (retain), ';
  if (osAbi === ELFOSABI_GNU || osAbi === ELFOSABI_FREEBSD || osAbi === ELFOSABI_NONE) last += 'D (mbind), ';
  listing.line(`${last}l (large), p (processor specific)`);
}
