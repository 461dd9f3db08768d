// Mapping an ELF file's PT_LOAD segments, as Linux's exec and ld.so's _dl_map_segments do: each
// segment at base + its address with its own permissions, the file's bytes copied in (from the
// page start, as mmap does), the rest of the last file page and the bss zeroed. Shared by the map
// stage (objects the Miros linker loads) and the system-interpreter start (the program and its own
// ld.so under `miros run --system-ldso`).
import { type ElfFile, PF_R, PF_W, PF_X, PT_LOAD, PT_PHDR } from '../../elf/index.ts';
import type { ProgramHeader } from '../../elf/program-headers.ts';
import { PAGE_SIZE } from '../../memory/address-space.ts';
import { type LinkerMemory, pageAlignDown, pageAlignUp } from './linker-memory.ts';

export const PROGRAM_HEADER_SIZE = 56;

/** A mapped segment: [start, end) as the program headers say (not page aligned) and its PROT_* bits. */
export interface MappedSegment {
  start: number;
  end: number;
  prot: number;
}

/** The page range the loadable segments cover and the alignment the largest p_align asks for. */
export interface LoadExtent {
  loads: readonly ProgramHeader[];
  low: number;
  high: number;
  alignment: number;
}

export function protectionOf(flags: number): number {
  return (flags & PF_R ? 1 : 0) | (flags & PF_W ? 2 : 0) | (flags & PF_X ? 4 : 0);
}

function isPowerOfTwo(value: number): boolean {
  return value > 0 && (value & (value - 1)) === 0;
}

/**
 * Checks the PT_LOAD segments (`fail` turns a reason into the caller's error) and measures them.
 * Alignments above 256 MiB are ignored (they cannot be honoured in 4 GiB), as are bogus ones.
 */
export function loadExtent(elf: ElfFile, fail: (reason: string) => Error): LoadExtent {
  const loads = elf.programHeaders.filter((p) => p.type === PT_LOAD && p.memorySize > 0);
  if (loads.length === 0) throw fail('no loadable segments (PT_LOAD)');
  for (const segment of loads) {
    const where = `segment ${segment.index} (PT_LOAD at 0x${segment.virtualAddress.toString(16)})`;
    if (segment.fileSize > segment.memorySize) throw fail(`${where}: file size exceeds memory size`);
    if ((segment.offset - segment.virtualAddress) % PAGE_SIZE !== 0) {
      throw fail(`${where}: file offset and address differ modulo the page size`);
    }
    if (segment.offset + segment.fileSize > elf.bytes.length) {
      throw fail(`${where}: extends past the end of the file (truncated?)`);
    }
  }
  return {
    loads,
    low: Math.min(...loads.map((p) => pageAlignDown(p.virtualAddress))),
    high: Math.max(...loads.map((p) => pageAlignUp(p.virtualAddress + p.memorySize))),
    alignment: Math.max(PAGE_SIZE, ...loads.map((p) => (isPowerOfTwo(p.align) && p.align <= 1 << 28 ? p.align : 0))),
  };
}

/** Maps the segments of `extent` at `base`; `path` and `identity` are what /proc/self/maps shows. */
export function mapLoadSegments(
  memory: LinkerMemory,
  elf: ElfFile,
  extent: LoadExtent,
  base: number,
  path: string,
  identity: { device: number; inode: number },
): MappedSegment[] {
  const space = memory.space;
  const mapped: MappedSegment[] = [];
  for (const segment of extent.loads) {
    const start = base + segment.virtualAddress;
    const fileEnd = start + segment.fileSize;
    const memoryEnd = start + segment.memorySize;
    const pageStart = pageAlignDown(start);
    const prot = protectionOf(segment.flags);
    const fileMapEnd = pageAlignUp(fileEnd);
    const fileStart = segment.offset - (start - pageStart);
    if (segment.fileSize > 0 && fileMapEnd > pageStart) {
      memory.map(pageStart, fileMapEnd - pageStart, prot, {
        name: path,
        offset: fileStart,
        device: identity.device,
        inode: identity.inode,
      });
      const available = Math.min(fileMapEnd - pageStart, elf.bytes.length - fileStart);
      space.poke(pageStart, elf.bytes.subarray(fileStart, fileStart + available));
      // Past the segment's file bytes the page is zero: the start of the bss (ld.so's "zero-fill").
      if (fileEnd < fileMapEnd) space.bytes.fill(0, fileEnd, fileMapEnd);
    }
    const anonymousStart = segment.fileSize > 0 ? Math.max(fileMapEnd, pageStart) : pageStart;
    const bssEnd = pageAlignUp(memoryEnd);
    if (bssEnd > anonymousStart) memory.map(anonymousStart, bssEnd - anonymousStart, prot);
    mapped.push({ start, end: memoryEnd, prot });
  }
  return mapped;
}

/**
 * Where the program headers are in memory (AT_PHDR, dlpi_phdr): PT_PHDR's address, else where a
 * PT_LOAD maps e_phoff, else 0 (Linux passes 0 then too).
 */
export function programHeadersAddress(elf: ElfFile, base: number): number {
  const phdr = elf.segmentOfType(PT_PHDR);
  if (phdr) return base + phdr.virtualAddress;
  const offset = elf.header.programHeaderOffset;
  const holder = elf.programHeaders.find(
    (p) => p.type === PT_LOAD && offset >= p.offset && offset + PROGRAM_HEADER_SIZE <= p.offset + p.fileSize,
  );
  return holder ? base + holder.virtualAddress + (offset - holder.offset) : 0;
}
