// What an address in an ELF file is: the segment and section holding it, the symbol covering
// it, and every relocation that writes it, with what each relocation will put there. This is
// `miros explain` and the part of a crash report that explains a faulting slot ("this is the
// GOT entry of memcpy@GLIBC_2.14, filled by R_X86_64_GLOB_DAT").
//
// Addresses are run-time addresses: the file's virtual address plus the load base (0 for
// non-PIE executables). Relocations whose field (1 to 16 bytes) covers the address count,
// so an address inside a slot finds the slot's relocation too.
import {
  type ElfFile,
  ET_REL,
  type ProgramHeader,
  PT_LOAD,
  R_X86_64_IRELATIVE,
  R_X86_64_RELATIVE,
  R_X86_64_RELATIVE64,
  type RelocationField,
  type RelocationTable,
  RelrTable,
  relocationTypeName,
  relocationTypes,
  type SectionHeader,
  SHT_DYNSYM,
  type SymbolHit,
  type SymbolTable,
  segmentTypeName,
  symbolTypeName,
} from '../elf/index.ts';

const fieldSizes: Record<RelocationField, number> = {
  none: 1,
  word8: 1,
  word16: 2,
  word32: 4,
  word32s: 4,
  word64: 8,
  tlsdesc: 16,
};

/** The symbol a relocation refers to. */
export interface RelocationSymbol {
  index: number;
  name: string;
  /** "GLIBC_2.14" etc., when the object is versioned. */
  version: string | undefined;
  /** Whether the version is the default one (name@@VERSION). */
  defaultVersion: boolean;
  /** Defined in this file (value meaningful), or to be found in another object. */
  defined: boolean;
  value: number;
  /** For undefined symbols with a needed version: the library expected to define it. */
  library: string | undefined;
}

export interface RelocationHit {
  /** Section name (".rela.dyn") or dynamic tag ("DT_JMPREL") of the table. */
  table: string;
  /** Entry index in the table. */
  index: number;
  type: number;
  typeName: string;
  /** What the relocation computes (psABI formula). */
  computes: string;
  /** The place relocated (virtual address). */
  place: number;
  /** Bytes written at the place. */
  size: number;
  /** The addend: explicit (RELA), read from the place (REL, RELR), or undefined. */
  addend: number | undefined;
  symbol: RelocationSymbol | undefined;
  /** For RELATIVE / IRELATIVE / RELR slots: the symbol at the address the addend names. */
  addendTarget: SymbolHit | undefined;
}

export interface AddressExplanation {
  file: string;
  /** The address asked about, and the load base it was given with. */
  address: number;
  base: number;
  /** address - base: the address in the file's own terms. */
  virtualAddress: number;
  /** File offset of the byte, when it comes from the file (not .bss). */
  fileOffset: number | undefined;
  segment: ProgramHeader | undefined;
  section: SectionHeader | undefined;
  symbol: SymbolHit | undefined;
  relocations: RelocationHit[];
}

/** Explains `address` (a run-time address, `base` being where the file was loaded). */
export function explainAddress(elf: ElfFile, address: number, base = 0): AddressExplanation {
  if (elf.header.type === ET_REL) {
    throw elf.reader.error(
      'ELF file header',
      16,
      'a relocatable object (ET_REL) has no load addresses; explain an address of a linked program or library',
    );
  }
  const virtualAddress = address - base;
  const fileOffset = elf.addressToOffset(virtualAddress);
  return {
    file: elf.fileName,
    address,
    base,
    virtualAddress,
    fileOffset: fileOffset >= 0 ? fileOffset : undefined,
    segment: elf.segmentContaining(virtualAddress),
    section: elf.sectionContaining(virtualAddress),
    symbol: elf.symbolAt(virtualAddress),
    relocations: relocationsAt(elf, virtualAddress),
  };
}

/** The relocation tables the file applies at load time: its sections, or the dynamic section's. */
function relocationTables(elf: ElfFile): (RelocationTable | RelrTable)[] {
  const sections = elf.relocationSections();
  if (elf.sections.length > 0) return sections.map((s) => elf.relocationTableOfSection(s));
  const dynamic = elf.dynamicRelocations();
  return [dynamic.rela, dynamic.rel, dynamic.plt, dynamic.relr].filter((t) => t !== undefined);
}

/** The 8-byte word stored at a virtual address in the file (an implicit addend), if it is there. */
function wordAt(elf: ElfFile, virtualAddress: number): number | undefined {
  const offset = elf.addressToOffset(virtualAddress, 8);
  if (offset < 0 || !elf.reader.inRange(offset, 8)) return undefined;
  return elf.reader.i64(offset);
}

function relocationsAt(elf: ElfFile, address: number): RelocationHit[] {
  const hits: RelocationHit[] = [];
  for (const table of relocationTables(elf)) {
    if (table instanceof RelrTable) {
      const addresses = table.addresses;
      for (let i = 0; i < addresses.length; i++) {
        const place = addresses[i]!;
        if (address < place || address >= place + 8) continue;
        const addend = wordAt(elf, place);
        hits.push({
          table: table.name,
          index: i,
          type: R_X86_64_RELATIVE,
          typeName: `${relocationTypeName(R_X86_64_RELATIVE)} (packed in RELR)`,
          computes: 'B + A (A stored at the place)',
          place,
          size: 8,
          addend,
          symbol: undefined,
          addendTarget: addend === undefined ? undefined : elf.symbolAt(addend),
        });
      }
      continue;
    }
    for (let i = 0; i < table.count; i++) {
      const place = table.offset(i);
      if (address < place || address >= place + 16) continue;
      const type = table.type(i);
      const info = relocationTypes().get(type);
      const size = fieldSizes[info?.field ?? 'word64'];
      if (address >= place + size) continue;
      const addend = table.format === 'rela' ? table.addend(i) : wordAt(elf, place);
      const symbolIndex = table.symbolIndex(i);
      const relative = type === R_X86_64_RELATIVE || type === R_X86_64_RELATIVE64 || type === R_X86_64_IRELATIVE;
      hits.push({
        table: table.name,
        index: i,
        type,
        typeName: relocationTypeName(type),
        computes: info?.computes ?? 'unknown',
        place,
        size,
        addend,
        symbol: symbolIndex === 0 ? undefined : relocationSymbol(elf, table, symbolIndex),
        addendTarget: relative && addend !== undefined ? elf.symbolAt(addend) : undefined,
      });
    }
  }
  return hits;
}

function relocationSymbol(elf: ElfFile, table: RelocationTable, index: number): RelocationSymbol | undefined {
  let symbols: SymbolTable | undefined;
  let dynamic = false;
  if (table.symbolTableSection > 0 && table.symbolTableSection < elf.sections.length) {
    const section = elf.sections[table.symbolTableSection]!;
    symbols = elf.symbolTableOfSection(section);
    dynamic = section.type === SHT_DYNSYM;
  } else {
    symbols = elf.dynamicSymbols;
    dynamic = true;
  }
  if (!symbols || index >= symbols.count) return undefined;
  const version = dynamic ? elf.symbolVersion(index) : undefined;
  const defined = symbols.isDefined(index);
  return {
    index,
    name: symbols.nameOf(index),
    version: version?.name,
    defaultVersion: version !== undefined && !version.hidden && version.defined,
    defined,
    value: symbols.value(index),
    library: defined ? undefined : version?.file,
  };
}

// ---- text ----

function hex(value: number): string {
  return value < 0 ? `-0x${(-value).toString(16)}` : `0x${value.toString(16)}`;
}

function symbolHitText(hit: SymbolHit): string {
  const offset = hit.offset === 0 ? '' : `+${hex(hit.offset)}`;
  const name = hit.name === '' ? `symbol #${hit.index}` : hit.name;
  const type = symbolTypeName(hit.table.type(hit.index));
  const size = hit.table.size(hit.index);
  const where = hit.within ? `${type}, ${size} bytes` : `${type}, ${size} bytes; the address is past its end`;
  return `${name}${offset} (${where}, in ${hit.table.name})`;
}

function relocationSymbolText(symbol: RelocationSymbol, base: number): string {
  const version = symbol.version ? `${symbol.defaultVersion ? '@@' : '@'}${symbol.version}` : '';
  let text = `${symbol.name}${version}`;
  if (symbol.defined) {
    text += ` (defined here at ${hex(symbol.value)}${base !== 0 ? `, ${hex(symbol.value + base)} at run time` : ''})`;
  } else {
    text += symbol.library ? ` (undefined here: expected from ${symbol.library})` : ' (undefined here)';
  }
  return text;
}

function relocationText(hit: RelocationHit, base: number): string {
  const where = `${hit.table} #${hit.index}`;
  const at = `${hit.size}-byte field at ${hex(hit.place)}`;
  const relative = hit.addendTarget !== undefined || hit.type === R_X86_64_RELATIVE || hit.type === R_X86_64_IRELATIVE;
  if (relative && hit.symbol === undefined) {
    const addend = hit.addend === undefined ? 'addend unknown' : hex(hit.addend);
    let text = `${hit.typeName} ${addend}`;
    if (hit.addendTarget) {
      const offset = hit.addendTarget.offset === 0 ? '' : `+${hex(hit.addendTarget.offset)}`;
      text += ` → ${hit.addendTarget.name}${offset}`;
    }
    if (hit.type === R_X86_64_IRELATIVE) text += ' (the resolver: the slot gets what calling it returns)';
    else if (hit.addend !== undefined && base !== 0) text += ` (${hex(hit.addend + base)} at run time)`;
    return `${text}  [${where}, ${at}]`;
  }
  let text = hit.typeName;
  if (hit.symbol) text += ` ${relocationSymbolText(hit.symbol, base)}`;
  if (hit.addend !== undefined && hit.addend !== 0)
    text += ` ${hit.addend < 0 ? '-' : '+'} ${hex(Math.abs(hit.addend))}`;
  text += `: ${hit.computes}`;
  return `${text}  [${where}, ${at}]`;
}

function segmentText(segment: ProgramHeader, osAbi: number): string {
  const flags = `${segment.flags & 4 ? 'R' : '-'}${segment.flags & 2 ? 'W' : '-'}${segment.flags & 1 ? 'X' : '-'}`;
  const end = segment.virtualAddress + segment.memorySize;
  const fileEnd = segment.virtualAddress + segment.fileSize;
  const type = segmentTypeName(segment.type, osAbi);
  return `#${segment.index} ${type} ${flags} [${hex(segment.virtualAddress)}, ${hex(end)})${fileEnd < end ? `, file-backed up to ${hex(fileEnd)}` : ''}`;
}

/** The explanation as text, one fact a line (what `miros explain` prints). */
export function formatExplanation(explanation: AddressExplanation, elf: ElfFile): string {
  const e = explanation;
  const lines: string[] = [];
  const head =
    e.base !== 0
      ? `${e.file}: ${hex(e.address)} = load base ${hex(e.base)} + ${hex(e.virtualAddress)}`
      : `${e.file}: ${hex(e.virtualAddress)}`;
  lines.push(head);
  if (e.virtualAddress < 0) {
    lines.push('  below the load base: not in this file');
    return `${lines.join('\n')}\n`;
  }
  const osAbi = elf.header.osAbi;
  if (e.segment) {
    const inFile =
      e.fileOffset !== undefined ? `file offset ${hex(e.fileOffset)}` : 'not in the file: zero-filled memory';
    lines.push(`  segment:    ${segmentText(e.segment, osAbi)} (${inFile})`);
  } else {
    const anySegment = elf.programHeaders.some((p) => p.type === PT_LOAD);
    lines.push(`  segment:    none: no PT_LOAD segment maps this address${anySegment ? '' : ' (the file has none)'}`);
  }
  if (e.section) {
    const s = e.section;
    lines.push(
      `  section:    [${s.index}] ${s.name} [${hex(s.address)}, ${hex(s.address + s.size)}) +${hex(e.virtualAddress - s.address)}`,
    );
  } else {
    lines.push('  section:    none');
  }
  lines.push(`  symbol:     ${e.symbol ? symbolHitText(e.symbol) : 'none'}`);
  if (e.relocations.length === 0) lines.push('  relocation: none writes this address');
  for (const hit of e.relocations) lines.push(`  relocation: ${relocationText(hit, e.base)}`);
  return `${lines.join('\n')}\n`;
}
