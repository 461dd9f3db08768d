// Where the linker puts things in the guest's address space: the executable and libraries,
// the thread control blocks, link maps, the code of its own entry points.
//
// The linker works through this interface rather than the kernel's memory manager so that it runs
// the same way inside a process (`ProcessMemory`: placements go through the process's mmap area,
// exactly where ld.so's own mmap calls would land) and without one (`miros ldd`, unit tests:
// `StandaloneMemory` over a bare AddressSpace).
import { type AddressSpace, PAGE_SIZE } from '../../memory/address-space.ts';

/** PROT_* bits (the same values as the address space's PAGE_READ/WRITE/EXEC). */
export const PROT_NONE = 0;
export const PROT_READ = 1;
export const PROT_WRITE = 2;
export const PROT_EXEC = 4;

/** What /proc/self/maps shows for a file mapping. */
export interface FileMappingDetails {
  name: string;
  offset: number;
  device: number;
  inode: number;
}

export interface LinkerMemory {
  readonly space: AddressSpace;
  /**
   * Reserves `size` bytes (a page multiple) of unused address space aligned to `align` (a power of
   * two, at least a page), top-down in the mmap area, mapped PROT_NONE. Throws when there is no room.
   */
  reserve(size: number, align: number): number;
  /** Maps [start, start+size) (page aligned) with `prot`, replacing what was there; zero-filled. */
  map(start: number, size: number, prot: number, file?: FileMappingDetails): void;
  protect(start: number, size: number, prot: number): void;
  unmap(start: number, size: number): void;
}

export class OutOfAddressSpace extends Error {}

export function pageAlignUp(value: number): number {
  return Math.ceil(value / PAGE_SIZE) * PAGE_SIZE;
}

export function pageAlignDown(value: number): number {
  return Math.floor(value / PAGE_SIZE) * PAGE_SIZE;
}

export function alignUp(value: number, align: number): number {
  return Math.ceil(value / align) * align;
}

/**
 * Reserves `size` bytes at an `align` boundary given a page-aligned allocator: over-reserve by the
 * alignment, then give back the unaligned head and the tail (what glibc's _dl_map_segments does
 * for segments aligned beyond a page).
 */
export function reserveAligned(
  size: number,
  align: number,
  allocate: (size: number) => number,
  release: (start: number, size: number) => void,
): number {
  if (align <= PAGE_SIZE) return allocate(size);
  const padded = size + align - PAGE_SIZE;
  const start = allocate(padded);
  const aligned = alignUp(start, align);
  if (aligned > start) release(start, aligned - start);
  const end = start + padded;
  if (end > aligned + size) release(aligned + size, end - (aligned + size));
  return aligned;
}

/** Linker memory over a bare address space (ldd, tests): top-down placement below `top`. */
export class StandaloneMemory implements LinkerMemory {
  constructor(
    readonly space: AddressSpace,
    private readonly top = 0xf7ffe000,
    private readonly floor = 0x10000,
  ) {}

  reserve(size: number, align: number): number {
    return reserveAligned(
      size,
      align,
      (length) => {
        const start = this.space.findFree(length, this.top, this.floor);
        if (start < 0) throw new OutOfAddressSpace(`no room for 0x${length.toString(16)} bytes`);
        this.space.map(start, length, PROT_NONE);
        return start;
      },
      (start, length) => this.space.unmap(start, length),
    );
  }

  map(start: number, size: number, prot: number, file?: FileMappingDetails): void {
    this.space.map(start, size, prot, file ?? {});
  }

  protect(start: number, size: number, prot: number): void {
    this.space.protect(start, size, prot);
  }

  unmap(start: number, size: number): void {
    this.space.unmap(start, size);
  }
}
