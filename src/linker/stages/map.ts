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
  PF_X,
  PT_DYNAMIC,
  PT_GNU_RELRO,
  PT_GNU_STACK,
  PT_TLS,
} from '../../elf/index.ts';
import { MMAP_MIN_ADDR, PIE_BASE, TASK_SIZE } from '../../kernel/layout.ts';
import { hex } from '../debug-trace.ts';
import type { DynamicLinker } from '../dynamic-linker.ts';
import { LinkError } from '../link-error.ts';
import type { LinkedObject } from '../linked-object.ts';
import { alignUp, pageAlignDown } from '../memory/linker-memory.ts';
import { type LoadExtent, loadExtent, mapLoadSegments, programHeadersAddress } from '../memory/segments.ts';
import { write64 } from '../memory/words.ts';
import type { Stage } from '../pipeline.ts';
import { allocateFromSurplus } from '../tls/static-layout.ts';

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

function loadExtentOf(linker: DynamicLinker, object: LinkedObject, elf: ElfFile): LoadExtent {
  return loadExtent(elf, (reason) => badObject(linker, object, reason));
}

function badObject(linker: DynamicLinker, object: LinkedObject, reason: string): LinkError {
  return new LinkError({ kind: 'bad-object', program: linker.program, object: object.displayName, reason });
}

/** Maps an ELF object's segments and reads what later stages need from its program headers. */
export function mapElfObject(linker: DynamicLinker, object: LinkedObject): void {
  const elf = object.elf!;
  const extent = loadExtentOf(linker, object, elf);
  const { low, high, alignment } = extent;
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
  object.segments.push(
    ...mapLoadSegments(memory, elf, extent, base, object.path, object.identity ?? { device: 0, inode: 0 }),
  );
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
  object.programHeaders = programHeadersAddress(elf, base);
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
