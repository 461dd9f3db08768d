// Maps a static executable into a process as Linux's load_elf_binary does: each PT_LOAD segment
// at its address (ET_EXEC) or at PIE_BASE plus its address (static-pie ET_DYN), with its
// permissions; the file's bytes copied in; the rest of the last file page and the bss zeroed;
// the program break right after the image. Programs with PT_INTERP need the dynamic linker.

import {
  type ElfFile,
  ET_DYN,
  ET_EXEC,
  PF_R,
  PF_W,
  PF_X,
  PT_GNU_STACK,
  PT_INTERP,
  PT_LOAD,
  PT_PHDR,
} from '../../elf/index.ts';
import { UserFacingError } from '../../errors/user-facing-error.ts';
import { PAGE_SIZE } from '../../memory/address-space.ts';
import { MMAP_MIN_ADDR, PIE_BASE, pageAlignDown, pageAlignUp, TASK_SIZE } from '../layout.ts';
import type { Process } from '../process.ts';

/** A program that cannot be started; `exitStatus` follows the shell (126: cannot execute). */
export class LoadError extends UserFacingError {
  constructor(
    file: string,
    reason: string,
    readonly exitStatus = 126,
  ) {
    super(`${file}: ${reason}`);
  }
}

export interface LoadedImage {
  entry: number;
  /** What was added to the file's addresses (0 for ET_EXEC). */
  loadBias: number;
  /** AT_PHDR: where the program headers are in memory. */
  programHeaders: number;
  programHeaderCount: number;
  programHeaderSize: number;
  /** End of the image (page aligned): the program break starts here. */
  end: number;
  /** PT_GNU_STACK asks for an executable stack. */
  executableStack: boolean;
}

const PROGRAM_HEADER_SIZE = 56;

function protectionOf(flags: number): number {
  return (flags & PF_R ? 1 : 0) | (flags & PF_W ? 2 : 0) | (flags & PF_X ? 4 : 0);
}

export function loadStaticImage(
  process: Process,
  elf: ElfFile,
  name: string,
  mappingName: string,
  device: number,
  inode: number,
): LoadedImage {
  const header = elf.header;
  if (header.type !== ET_EXEC && header.type !== ET_DYN) {
    throw new LoadError(
      name,
      `not an executable (ELF type ${header.type === 1 ? 'ET_REL: an object file' : header.type === 4 ? 'ET_CORE: a core dump' : header.type})`,
    );
  }
  const interpreter = elf.segmentOfType(PT_INTERP);
  if (interpreter) {
    let path = '';
    try {
      path = elf.interpreter ?? '';
    } catch {
      path = '?';
    }
    throw new LoadError(
      name,
      `dynamically linked (program interpreter ${path}): not supported yet, only static programs run`,
    );
  }
  if (header.programHeaderEntrySize !== PROGRAM_HEADER_SIZE) {
    throw new LoadError(name, `program header size ${header.programHeaderEntrySize} is not ${PROGRAM_HEADER_SIZE}`);
  }
  const loads = elf.programHeaders.filter((p) => p.type === PT_LOAD && p.memorySize > 0);
  if (loads.length === 0) throw new LoadError(name, 'no loadable segments (PT_LOAD)');

  const low = Math.min(...loads.map((p) => pageAlignDown(p.virtualAddress)));
  let bias = 0;
  if (header.type === ET_DYN) {
    // Like Linux, honour the segments' alignment when it exceeds a page (static-pie built with
    // -z max-page-size=2M must land on a 2 MiB boundary).
    const alignment = Math.max(
      PAGE_SIZE,
      ...loads.map((p) => (isPowerOfTwo(p.align) && p.align <= 1 << 30 ? p.align : 0)),
    );
    bias = Math.ceil(PIE_BASE / alignment) * alignment - low;
  }

  let end = 0;
  for (const segment of loads) {
    const where = `segment ${segment.index} (PT_LOAD at 0x${segment.virtualAddress.toString(16)})`;
    if (segment.fileSize > segment.memorySize) throw new LoadError(name, `${where}: file size exceeds memory size`);
    if ((segment.offset - segment.virtualAddress) % PAGE_SIZE !== 0) {
      throw new LoadError(name, `${where}: file offset and address differ modulo the page size`);
    }
    if (segment.offset + segment.fileSize > elf.bytes.length) {
      throw new LoadError(name, `${where}: extends past the end of the file (truncated?)`);
    }
    const start = bias + segment.virtualAddress;
    const fileEnd = start + segment.fileSize;
    const memoryEnd = start + segment.memorySize;
    const pageStart = pageAlignDown(start);
    if (pageStart < MMAP_MIN_ADDR || memoryEnd > TASK_SIZE) {
      throw new LoadError(
        name,
        `${where}: address range 0x${start.toString(16)}-0x${memoryEnd.toString(16)} lies outside the 4 GiB Miros provides`,
      );
    }
    const prot = protectionOf(segment.flags);
    const fileMapEnd = pageAlignUp(fileEnd);
    if (fileMapEnd > pageStart) {
      // The file's bytes from the page start (bytes of the file before the segment, as mmap does)
      // to the segment's end; the rest of the last page is zero (padzero), as is the bss. Each
      // page is copied in at its first access, as Linux maps the file.
      const fileStart = segment.offset - (start - pageStart);
      process.memory.mapLazily(
        pageStart,
        fileMapEnd - pageStart,
        prot,
        elf.bytes.subarray(fileStart, segment.offset + segment.fileSize),
        {
          name: mappingName,
          offset: fileStart,
          device,
          inode,
        },
      );
    }
    const bssEnd = pageAlignUp(memoryEnd);
    if (bssEnd > fileMapEnd)
      process.memory.map(Math.max(fileMapEnd, pageStart), bssEnd - Math.max(fileMapEnd, pageStart), prot);
    end = Math.max(end, memoryEnd);
  }

  return {
    entry: bias + header.entry,
    loadBias: bias,
    programHeaders: programHeaderAddress(elf, bias),
    programHeaderCount: elf.programHeaderCount,
    programHeaderSize: PROGRAM_HEADER_SIZE,
    end: pageAlignUp(end),
    executableStack: ((elf.segmentOfType(PT_GNU_STACK)?.flags ?? 0) & PF_X) !== 0,
  };
}

/**
 * AT_PHDR: PT_PHDR's address, else where a PT_LOAD maps e_phoff; 0 when no segment maps the
 * program headers (Linux passes 0 then too).
 */
function programHeaderAddress(elf: ElfFile, bias: number): number {
  const phdr = elf.segmentOfType(PT_PHDR);
  if (phdr) return bias + phdr.virtualAddress;
  const offset = elf.header.programHeaderOffset;
  for (const p of elf.programHeaders) {
    if (p.type === PT_LOAD && offset >= p.offset && offset < p.offset + p.fileSize) {
      return bias + p.virtualAddress + (offset - p.offset);
    }
  }
  return 0;
}

function isPowerOfTwo(value: number): boolean {
  return value > 0 && (value & (value - 1)) === 0;
}
