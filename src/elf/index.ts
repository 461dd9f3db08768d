// The ELF reader's public surface. Start from `ElfFile.parse(bytes, fileName)`; everything is
// read lazily from there. Errors are `ElfError` (a UserFacingError naming file, structure, offset).
//
//   const elf = ElfFile.parse(readFileSync(path), path);
//   elf.header.entry; elf.programHeaders; elf.interpreter; elf.tlsTemplate      // loading
//   elf.sections; elf.symbolTable; elf.dynamicSymbols; elf.symbolAt(address)    // inspecting
//   elf.dynamic; elf.lookupDynamicSymbol(name, filter); elf.dynamicRelocations() // linking
export { ByteReader } from './byte-reader.ts';
export * from './dynamic.ts';
export { ElfError } from './elf-error.ts';
export * from './elf-file.ts';
export * from './file-header.ts';
export * from './gnu-properties.ts';
export * from './hash-tables.ts';
export * from './notes.ts';
export * from './program-headers.ts';
export * from './relocation-types.ts';
export * from './relocations.ts';
export * from './section-headers.ts';
export * from './section-in-segment.ts';
export { StringTable } from './string-table.ts';
export * from './symbols.ts';
export * from './versions.ts';
