// Names for guest addresses: `symbol+0x1c` from the program's ELF symbols (static programs
// keep .symtab unless stripped), else the mapping that holds the address (`[stack]+0x1f30`,
// `/usr/lib/libfoo.so+0x1234` once libraries are loaded).

import type { Process } from '../kernel/process.ts';

export function symbolize(process: Process, address: number): string | undefined {
  const image = process.image;
  if (image) {
    try {
      const hit = image.elf.symbolAt(address - image.loadBias);
      if (hit && hit.name !== '' && (hit.within || hit.offset < 0x10000)) {
        const offset = hit.offset === 0 ? '' : `+0x${hit.offset.toString(16)}`;
        return `${hit.name}${offset}${hit.within ? '' : ' (after the symbol)'}`;
      }
    } catch {
      // A damaged symbol table: fall back to the mapping.
    }
  }
  const mapping = process.memory.mappingAt(address);
  if (!mapping) return undefined;
  const name = mapping.name || 'anonymous memory';
  const fileOffset = mapping.name !== '' && !mapping.name.startsWith('[') ? mapping.offset : 0;
  return `${name}+0x${(address - mapping.start + fileOffset).toString(16)}`;
}
