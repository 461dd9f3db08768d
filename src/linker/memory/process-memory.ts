// Linker memory inside a guest process: reservations go through the process's mmap (so they land
// where ld.so's own mmap calls would, top-down in the mmap area, and /proc/self/maps shows them),
// then segments are mapped over them as the file mappings ld.so makes.
import { MapFlag, Prot } from '../../kernel/abi/flags.ts';
import type { Process } from '../../kernel/process.ts';
import type { AddressSpace } from '../../memory/address-space.ts';
import { type FileMappingDetails, type LinkerMemory, PROT_NONE, reserveAligned } from './linker-memory.ts';

export class ProcessMemory implements LinkerMemory {
  readonly space: AddressSpace;

  constructor(readonly process: Process) {
    this.space = process.memory;
  }

  reserve(size: number, align: number): number {
    const mm = this.process.mm;
    return reserveAligned(
      size,
      align,
      (length) => mm.mmap(0, length, PROT_NONE, MapFlag.PRIVATE | MapFlag.ANONYMOUS, 0),
      (start, length) => mm.munmap(start, length),
    );
  }

  map(start: number, size: number, prot: number, file?: FileMappingDetails): void {
    this.space.map(start, size, prot & (Prot.READ | Prot.WRITE | Prot.EXEC), file ?? {});
  }

  protect(start: number, size: number, prot: number): void {
    this.process.mm.mprotect(start, size, prot);
  }

  unmap(start: number, size: number): void {
    this.process.mm.munmap(start, size);
  }
}
