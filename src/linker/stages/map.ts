// Stage 2: map. Each new object's PT_LOAD segments go into the guest's address space as Linux and
// ld.so map them: a non-PIE executable at its link addresses, a PIE executable at Miros's PIE
// base, libraries top-down in the mmap area at a base honouring their segments' alignment; file
// bytes copied in, the rest of the last file page and the bss zeroed, each segment with its own
// permissions. The stage also records what later stages need from the program headers: the
// dynamic section, RELRO, the TLS module, the program headers' address. Miros's own objects get
// their guest side here: the linker's runtime for ld-linux-x86-64.so.2, Miros libc's entry points.
//
// Once the initial objects are mapped, their static TLS is laid out (relocate needs the offsets).
import {
  DF_STATIC_TLS,
  DT_DEBUG,
  DT_FLAGS,
  type ElfFile,
  ET_EXEC,
  PF_R,
  PF_W,
  PF_X,
  PT_DYNAMIC,
  PT_GNU_RELRO,
  PT_GNU_STACK,
  PT_LOAD,
  PT_PHDR,
  PT_TLS,
} from '../../elf/index.ts';
import { MMAP_MIN_ADDR, PIE_BASE, TASK_SIZE } from '../../kernel/layout.ts';
import { PAGE_SIZE } from '../../memory/address-space.ts';
import { hex } from '../debug-trace.ts';
import type { DynamicLinker } from '../dynamic-linker.ts';
import { LinkError } from '../link-error.ts';
import type { LinkedObject } from '../linked-object.ts';
import { alignUp, pageAlignDown, pageAlignUp } from '../memory/linker-memory.ts';
import { write64 } from '../memory/words.ts';
import type { Stage } from '../pipeline.ts';
import { allocateFromSurplus } from '../tls/static-layout.ts';

const PROGRAM_HEADER_SIZE = 56;

export const mapObjects: Stage = {
  name: 'map',
  run(linker, batch) {
    for (const object of batch.loaded) {
      if (object.kind === 'missing') continue;
      if (object.kind === 'miros') linker.placeMirosObject(object, batch.mode);
      // The executable may already be mapped: the kernel maps it first, as Linux does.
      else if (object.mapEnd === 0) mapElfObject(linker, object);
      if (batch.mode !== 'inspect') linker.linkMaps.add(object);
    }
    if (batch.mode === 'inspect') return;
    for (const object of batch.loaded) if (object.tls) linker.tls.register(object.tls);
    if (batch.mode === 'startup') {
      const layout = linker.tls.layoutInitialModules();
      linker.traceTlsLayout(layout);
    } else {
      for (const object of batch.loaded) if (object.tls) placeLoadedModule(linker, object);
    }
    linker.tlsPlaced();
  },
};

/** A module loaded by dlopen: static TLS when its code uses initial-exec accesses, else dynamic. */
function placeLoadedModule(linker: DynamicLinker, object: LinkedObject): void {
  const module = object.tls!;
  const needsStatic = ((object.elf?.dynamic?.get(DT_FLAGS) ?? 0) & DF_STATIC_TLS) !== 0;
  if (!needsStatic) return;
  if (!allocateFromSurplus(linker.tls.layout!, module, false)) {
    throw new LinkError({
      kind: 'tls',
      program: linker.program,
      object: object.displayName,
      reason: 'cannot allocate memory in static TLS block',
    });
  }
  linker.trace.line('tls', `${object.displayName}: static TLS at tp-0x${module.staticOffset!.toString(16)}`);
}

function protectionOf(flags: number): number {
  return (flags & PF_R ? 1 : 0) | (flags & PF_W ? 2 : 0) | (flags & PF_X ? 4 : 0);
}

function isPowerOfTwo(value: number): boolean {
  return value > 0 && (value & (value - 1)) === 0;
}

function badObject(linker: DynamicLinker, object: LinkedObject, reason: string): LinkError {
  return new LinkError({ kind: 'bad-object', program: linker.program, object: object.displayName, reason });
}

/** Maps an ELF object's segments and reads what later stages need from its program headers. */
export function mapElfObject(linker: DynamicLinker, object: LinkedObject): void {
  const elf = object.elf!;
  const loads = elf.programHeaders.filter((p) => p.type === PT_LOAD && p.memorySize > 0);
  if (loads.length === 0) throw badObject(linker, object, 'no loadable segments (PT_LOAD)');
  for (const segment of loads) {
    const where = `segment ${segment.index} (PT_LOAD at 0x${segment.virtualAddress.toString(16)})`;
    if (segment.fileSize > segment.memorySize)
      throw badObject(linker, object, `${where}: file size exceeds memory size`);
    if ((segment.offset - segment.virtualAddress) % PAGE_SIZE !== 0) {
      throw badObject(linker, object, `${where}: file offset and address differ modulo the page size`);
    }
    if (segment.offset + segment.fileSize > elf.bytes.length) {
      throw badObject(linker, object, `${where}: extends past the end of the file (truncated?)`);
    }
  }
  const low = Math.min(...loads.map((p) => pageAlignDown(p.virtualAddress)));
  const high = Math.max(...loads.map((p) => pageAlignUp(p.virtualAddress + p.memorySize)));
  const alignment = Math.max(
    PAGE_SIZE,
    ...loads.map((p) => (isPowerOfTwo(p.align) && p.align <= 1 << 28 ? p.align : 0)),
  );
  const memory = linker.memory;
  let base: number;
  if (object.kind === 'executable' && elf.header.type === ET_EXEC) {
    base = 0;
  } else if (object.kind === 'executable') {
    base = alignUp(PIE_BASE, alignment) - low;
  } else {
    base = memory.reserve(high - low, alignment) - low;
  }
  if (base + low < MMAP_MIN_ADDR || base + high > TASK_SIZE) {
    throw badObject(
      linker,
      object,
      `its segments (0x${(base + low).toString(16)}-0x${(base + high).toString(16)}) lie outside the 4 GiB Miros provides`,
    );
  }
  object.base = base;
  object.mapStart = base + low;
  object.mapEnd = base + high;
  const identity = object.identity ?? { device: 0, inode: 0 };
  const space = memory.space;
  for (const segment of loads) {
    const start = base + segment.virtualAddress;
    const fileEnd = start + segment.fileSize;
    const memoryEnd = start + segment.memorySize;
    const pageStart = pageAlignDown(start);
    const prot = protectionOf(segment.flags);
    const fileMapEnd = pageAlignUp(fileEnd);
    const fileStart = segment.offset - (start - pageStart);
    if (segment.fileSize > 0 && fileMapEnd > pageStart) {
      memory.map(pageStart, fileMapEnd - pageStart, prot, {
        name: object.path,
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
    object.segments.push({ start, end: memoryEnd, prot });
  }
  readProgramHeaders(linker, object, elf);
  if (linker.trace.enabled('libs')) {
    linker.trace.line('libs', `file=${object.requestedName} [0];  generating link map`);
    linker.trace.line(
      'libs',
      `  dynamic: ${hex(object.dynamicAddress)}  base: ${hex(object.base)}   size: ${hex(object.mapEnd - object.mapStart)}`,
    );
    linker.trace.line(
      'libs',
      `    entry: ${hex(base + elf.header.entry)}  phdr: ${hex(object.programHeaders)}  phnum: ${String(object.programHeaderCount).padStart(11)}`,
    );
  }
}

function readProgramHeaders(linker: DynamicLinker, object: LinkedObject, elf: ElfFile): void {
  const base = object.base;
  const dynamic = elf.segmentOfType(PT_DYNAMIC);
  object.dynamicAddress = dynamic ? base + dynamic.virtualAddress : 0;
  const relro = elf.segmentOfType(PT_GNU_RELRO);
  if (relro) {
    const start = pageAlignDown(base + relro.virtualAddress);
    const end = pageAlignDown(base + relro.virtualAddress + relro.memorySize);
    if (end > start) object.relro = { start, end };
  }
  object.programHeaderCount = elf.programHeaderCount;
  const phdr = elf.segmentOfType(PT_PHDR);
  if (phdr) object.programHeaders = base + phdr.virtualAddress;
  else {
    const offset = elf.header.programHeaderOffset;
    const holder = elf.programHeaders.find(
      (p) => p.type === PT_LOAD && offset >= p.offset && offset + PROGRAM_HEADER_SIZE <= p.offset + p.fileSize,
    );
    object.programHeaders = holder ? base + holder.virtualAddress + (offset - holder.offset) : 0;
  }
  const tls = elf.segmentOfType(PT_TLS);
  if (tls && tls.memorySize > 0) {
    const align = Math.max(tls.align, 1);
    object.tls = {
      moduleId: 0,
      size: tls.memorySize,
      align,
      firstByteOffset: tls.virtualAddress & (align - 1),
      imageAddress: base + tls.virtualAddress,
      imageSize: tls.fileSize,
      image: undefined,
      staticOffset: undefined,
    };
  }
  const stack = elf.segmentOfType(PT_GNU_STACK);
  if (stack && (stack.flags & PF_X) !== 0) linker.executableStackRequested(object);
  // DT_DEBUG: the executable's dynamic section tells debuggers where _r_debug is.
  if (object.kind === 'executable' && dynamic && linker.runtime) {
    for (const entry of elf.dynamic?.entries ?? []) {
      if (entry.tag !== DT_DEBUG) continue;
      write64(linker.memory.space, object.dynamicAddress + entry.index * 16 + 8, linker.runtime.rDebug);
    }
  }
}
