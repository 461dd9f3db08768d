// Reads everything the ELF reader offers from one file, the way its users do: what the bad-input
// tests run on damaged files, where only an ElfError (or success) is an acceptable outcome.
import { ElfFile, RelrTable } from '../../src/elf/index.ts';

export function exerciseReader(bytes: Uint8Array, name: string): void {
  const elf = ElfFile.parse(bytes, name);
  void elf.isPie;
  void elf.interpreter;
  void elf.tlsTemplate;
  for (const segment of elf.programHeaders) {
    elf.segmentContaining(segment.virtualAddress);
    elf.addressToOffset(segment.virtualAddress);
  }
  for (const section of elf.sections) elf.sectionBytes(section);
  for (const section of elf.symbolTableSections()) {
    const table = elf.symbolTableOfSection(section);
    for (let i = 0; i < table.count; i++) table.get(i);
  }
  const dynsym = elf.dynamicSymbols;
  void elf.neededLibraries;
  if (dynsym) {
    for (let i = 0; i < Math.min(dynsym.count, 200); i++) {
      const name = dynsym.nameOf(i);
      elf.lookupDynamicSymbol(name);
      elf.symbolVersion(i);
    }
  }
  elf.lookupDynamicSymbol('memcpy');
  for (const section of elf.relocationSections()) {
    const table = elf.relocationTableOfSection(section);
    if (table instanceof RelrTable) continue;
    for (let i = 0; i < table.count; i++) table.get(i);
  }
  const dynamic = elf.dynamicRelocations();
  for (const table of [dynamic.rela, dynamic.rel, dynamic.plt]) {
    if (table) for (let i = 0; i < table.count; i++) table.get(i);
  }
  void elf.versionDefinitions;
  void elf.versionNeeds;
  elf.notes();
  elf.symbolAt(elf.header.entry);
  elf.symbolByName('main');
  elf.sectionContaining(elf.header.entry);
}
