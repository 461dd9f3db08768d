// Stage 3: relocate. Every new object's dynamic relocations — DT_RELR, DT_REL, DT_RELA, then
// DT_JMPREL (glibc's order) — are applied eagerly (binding as with LD_BIND_NOW), objects in
// reverse load order so that a library is relocated before the objects that depend on it (a copy
// relocation copies the already-relocated original). What only the guest CPU can compute — the
// value of an IFUNC (R_X86_64_IRELATIVE, or a symbol reference that binds to an STT_GNU_IFUNC) —
// is collected for the irelative stage instead of being written here.
//
// Each relocation type has one handler in `handlers`, indexed by type; a type without one is an
// error naming the object, the offset and the type, as is a strong reference nobody defines.
import {
  R_X86_64_32,
  R_X86_64_32S,
  R_X86_64_64,
  R_X86_64_COPY,
  R_X86_64_DTPMOD64,
  R_X86_64_DTPOFF32,
  R_X86_64_DTPOFF64,
  R_X86_64_GLOB_DAT,
  R_X86_64_IRELATIVE,
  R_X86_64_JUMP_SLOT,
  R_X86_64_NONE,
  R_X86_64_PC32,
  R_X86_64_PC64,
  R_X86_64_RELATIVE,
  R_X86_64_RELATIVE64,
  R_X86_64_SIZE32,
  R_X86_64_SIZE64,
  R_X86_64_TLSDESC,
  R_X86_64_TPOFF32,
  R_X86_64_TPOFF64,
  type RelocationTable,
  relocationTypeName,
  STB_LOCAL,
  STB_WEAK,
  STT_GNU_IFUNC,
  STT_TLS,
  STV_HIDDEN,
  STV_INTERNAL,
  STV_PROTECTED,
} from '../../elf/index.ts';
import type { AddressSpace } from '../../memory/address-space.ts';
import type { DynamicLinker } from '../dynamic-linker.ts';
import { LinkError, type RelocationContext, undefinedSymbol } from '../link-error.ts';
import type { LinkedObject, TlsModule } from '../linked-object.ts';
import { read64, readSigned32, readSigned64, write32, write64 } from '../memory/words.ts';
import type { LinkBatch, Stage } from '../pipeline.ts';
import { LOOKUP_COPY, LOOKUP_NORMAL, LOOKUP_PLT } from '../symbols/elf-symbols.ts';
import { type Definition, elfSymbolsOf, lookupInScopes, ownDefinition } from '../symbols/lookup.ts';
import { SymbolReference } from '../symbols/symbol-reference.ts';
import { allocateFromSurplus } from '../tls/static-layout.ts';

export const relocateObjects: Stage = {
  name: 'relocate',
  run(linker, batch) {
    const objects = batch.loaded.filter((o) => o.elf !== undefined);
    for (let i = objects.length - 1; i >= 0; i--) relocateObject(linker, objects[i]!, batch);
  },
};

/** Everything a handler needs about the relocation being applied. */
interface Place {
  linker: DynamicLinker;
  object: LinkedObject;
  batch: LinkBatch;
  space: AddressSpace;
  /** r_offset as written in the file (for messages). */
  offset: number;
  /** The run-time address relocated. */
  address: number;
  type: number;
  symbolIndex: number;
  addend: number;
  /** DT_REL: the addend is the value at the place. */
  implicitAddend: boolean;
}

type Handler = (place: Place) => void;

/** PLT-class types: they never bind to an executable's undefined PLT symbol (glibc's elf_machine_type_class). */
function lookupClassOf(type: number): number {
  if (type === R_X86_64_COPY) return LOOKUP_COPY;
  if (
    type === R_X86_64_JUMP_SLOT ||
    type === R_X86_64_DTPMOD64 ||
    type === R_X86_64_DTPOFF64 ||
    type === R_X86_64_TPOFF64 ||
    type === R_X86_64_TLSDESC
  ) {
    return LOOKUP_PLT;
  }
  return LOOKUP_NORMAL;
}

function relocationError(place: Place, reason: string): LinkError {
  return new LinkError({
    kind: 'bad-relocation',
    program: place.linker.program,
    object: place.object.displayName,
    reason,
    relocation: { offset: place.offset, type: place.type },
  });
}

function context(place: Place): RelocationContext {
  return { offset: place.offset, type: place.type };
}

/** The definition a relocation's symbol binds to; undefined for an unresolved weak reference. */
function resolveSymbol(place: Place): Definition | undefined {
  const { object, linker } = place;
  const cache = linker.bindingCache(object);
  const lookupClass = lookupClassOf(place.type);
  const key = place.symbolIndex * 4 + lookupClass;
  const cached = cache.get(key);
  if (cached !== undefined) return cached ?? undefined;
  const symbols = elfSymbolsOf(object)!;
  const table = symbols.symbols;
  if (!table || place.symbolIndex >= table.count) {
    throw relocationError(place, `refers to symbol ${place.symbolIndex}, which the dynamic symbol table does not have`);
  }
  const index = place.symbolIndex;
  const binding = table.binding(index);
  const visibility = table.other(index) & 3;
  const defined = table.isDefined(index);
  let definition: Definition | undefined;
  if (binding === STB_LOCAL || visibility === STV_HIDDEN || visibility === STV_INTERNAL) {
    // Bound within the object itself, no lookup (glibc's RESOLVE_MAP).
    definition = ownDefinition(object, index);
  } else if (visibility === STV_PROTECTED && defined) {
    // A protected symbol cannot be preempted: the object's references bind to its own definition.
    definition = ownDefinition(object, index);
  } else {
    const reference = new SymbolReference(table.nameOf(index), symbols.wantedVersion(index));
    definition = lookupInScopes(linker.scopesOf(object), reference, lookupClass, linker.lookupContext);
    if (definition === undefined) {
      if (binding !== STB_WEAK) {
        throw undefinedSymbol(
          linker.program,
          object.displayName,
          reference.name,
          reference.version?.name,
          context(place),
        );
      }
    } else {
      linker.recordBinding(object, definition, reference);
    }
  }
  cache.set(key, definition ?? null);
  return definition;
}

/** The value an address-valued handler stores: the symbol's address, or its IFUNC's result. */
function isIfunc(definition: Definition | undefined): boolean {
  return definition !== undefined && definition.type === STT_GNU_IFUNC && definition.index >= 0;
}

function scheduleResolver(place: Place, resolver: number, addend: number, what: string): void {
  place.batch.resolutions.push({
    kind: 'resolve',
    object: place.object,
    resolver,
    slot: place.address,
    addend,
    what,
  });
}

function symbolName(place: Place): string {
  return elfSymbolsOf(place.object)?.symbols?.nameOf(place.symbolIndex) ?? `symbol ${place.symbolIndex}`;
}

function addendOf(place: Place, width: 32 | 64): number {
  if (!place.implicitAddend) return place.addend;
  return width === 64 ? readSigned64(place.space, place.address) : readSigned32(place.space, place.address);
}

function store32(place: Place, unwrapped: number, signed: boolean): void {
  // S + A is computed modulo 2^64: an absolute (SHN_ABS) symbol's negative value arrives here as
  // its unsigned 64-bit reading, which a signed field takes as the small negative number it is.
  const value = unwrapped >= 2 ** 63 ? unwrapped - 2 ** 64 : unwrapped;
  const fits = signed ? value >= -0x80000000 && value <= 0x7fffffff : value >= 0 && value <= 0xffffffff;
  if (!fits) {
    // As glibc's ld.so: a warning naming the symbol, and the truncated value stored all the same.
    place.linker.warn(
      `${place.linker.program}: Symbol \`${symbolName(place)}' causes overflow in ${relocationTypeName(place.type)} relocation`,
    );
  }
  write32(place.space, place.address, value);
}

/** A symbol-valued relocation: S (+ A), with IFUNC definitions resolved by the guest. */
function symbolValue(place: Place, addend: number, width: 32 | 64): number | undefined {
  const definition = resolveSymbol(place);
  if (isIfunc(definition)) {
    if (width !== 64)
      throw relocationError(place, `binds ${symbolName(place)} to an IFUNC, which needs a 64-bit field`);
    scheduleResolver(place, definition!.value, addend, symbolName(place));
    return undefined;
  }
  if (definition !== undefined && definition.type === STT_TLS) {
    throw relocationError(place, `refers to thread-local symbol ${symbolName(place)} as an address`);
  }
  return (definition?.value ?? 0) + addend;
}

function tlsModuleOf(place: Place, definition: Definition): TlsModule {
  const module = definition.object.tls;
  if (!module) {
    throw relocationError(
      place,
      `refers to ${symbolName(place)} in ${definition.object.displayName}, which has no TLS`,
    );
  }
  return module;
}

/** The module and offset a TLS relocation refers to (symbol 0: the object's own block). */
function tlsTarget(place: Place): { module: TlsModule; offset: number } | undefined {
  if (place.symbolIndex === 0) {
    const module = place.object.tls;
    if (!module) throw relocationError(place, 'is a TLS relocation in an object without TLS');
    return { module, offset: 0 };
  }
  const definition = resolveSymbol(place);
  if (definition === undefined) return undefined;
  if (definition.type !== STT_TLS) {
    throw relocationError(place, `refers to ${symbolName(place)}, which is not a thread-local symbol`);
  }
  return { module: tlsModuleOf(place, definition), offset: definition.value };
}

/** The module's offset below the thread pointer, giving it static TLS now if it has none yet. */
function staticOffsetOf(place: Place, module: TlsModule, owner: LinkedObject): number {
  if (module.staticOffset !== undefined) return module.staticOffset;
  const layout = place.linker.tls.layout;
  const fresh = place.batch.loaded.includes(owner);
  if (!layout || !fresh || !allocateFromSurplus(layout, module, false)) {
    throw new LinkError({
      kind: 'tls',
      program: place.linker.program,
      object: owner.displayName,
      reason: 'cannot allocate memory in static TLS block',
      relocation: context(place),
    });
  }
  return module.staticOffset!;
}

const handlers: (Handler | undefined)[] = [];

handlers[R_X86_64_NONE] = () => {};

handlers[R_X86_64_RELATIVE] = (place) => {
  write64(place.space, place.address, place.object.base + addendOf(place, 64));
};
handlers[R_X86_64_RELATIVE64] = handlers[R_X86_64_RELATIVE];

handlers[R_X86_64_64] = (place) => {
  const value = symbolValue(place, addendOf(place, 64), 64);
  if (value !== undefined) write64(place.space, place.address, value);
};

handlers[R_X86_64_GLOB_DAT] = (place) => {
  const value = symbolValue(place, 0, 64);
  if (value !== undefined) write64(place.space, place.address, value);
};
handlers[R_X86_64_JUMP_SLOT] = handlers[R_X86_64_GLOB_DAT];

handlers[R_X86_64_PC64] = (place) => {
  const value = symbolValue(place, addendOf(place, 64), 32);
  if (value !== undefined) write64(place.space, place.address, value - place.address);
};

handlers[R_X86_64_PC32] = (place) => {
  const value = symbolValue(place, addendOf(place, 32), 32);
  if (value !== undefined) store32(place, value - place.address, true);
};

handlers[R_X86_64_32] = (place) => {
  const value = symbolValue(place, addendOf(place, 32), 32);
  if (value !== undefined) store32(place, value, false);
};

handlers[R_X86_64_32S] = (place) => {
  const value = symbolValue(place, addendOf(place, 32), 32);
  if (value !== undefined) store32(place, value, true);
};

handlers[R_X86_64_SIZE64] = (place) => {
  const definition = resolveSymbol(place);
  write64(place.space, place.address, (definition?.size ?? 0) + addendOf(place, 64));
};

handlers[R_X86_64_SIZE32] = (place) => {
  const definition = resolveSymbol(place);
  store32(place, (definition?.size ?? 0) + addendOf(place, 32), false);
};

handlers[R_X86_64_COPY] = (place) => {
  const definition = resolveSymbol(place);
  if (definition === undefined) return;
  const own = elfSymbolsOf(place.object)!.symbols!;
  const wanted = own.size(place.symbolIndex);
  if (definition.size > wanted) {
    place.linker.warn(
      `${place.object.displayName}: Symbol \`${symbolName(place)}' has different size in shared object, consider re-linking`,
    );
  }
  const size = Math.min(wanted, definition.size);
  const space = place.space;
  space.bytes.copyWithin(place.address, definition.value, definition.value + size);
  if (definition.libcExport) place.linker.libcObjectCopied(definition.libcExport, place.address);
};

handlers[R_X86_64_IRELATIVE] = (place) => {
  scheduleResolver(
    place,
    place.object.base + addendOf(place, 64),
    0,
    `R_X86_64_IRELATIVE at 0x${place.offset.toString(16)}`,
  );
};

handlers[R_X86_64_DTPMOD64] = (place) => {
  const target = tlsTarget(place);
  if (target) write64(place.space, place.address, target.module.moduleId);
};

handlers[R_X86_64_DTPOFF64] = (place) => {
  const target = tlsTarget(place);
  if (target) write64(place.space, place.address, target.offset + addendOf(place, 64));
};

handlers[R_X86_64_DTPOFF32] = (place) => {
  const target = tlsTarget(place);
  if (target) store32(place, target.offset + addendOf(place, 32), true);
};

function threadPointerOffset(place: Place, width: 32 | 64): number | undefined {
  const target = tlsTarget(place);
  if (!target) return undefined;
  const owner = place.symbolIndex === 0 ? place.object : resolveSymbol(place)!.object;
  return target.offset + addendOf(place, width) - staticOffsetOf(place, target.module, owner);
}

handlers[R_X86_64_TPOFF64] = (place) => {
  const value = threadPointerOffset(place, 64);
  if (value !== undefined) write64(place.space, place.address, value);
};

handlers[R_X86_64_TPOFF32] = (place) => {
  const value = threadPointerOffset(place, 32);
  if (value !== undefined) store32(place, value, true);
};

handlers[R_X86_64_TLSDESC] = (place) => {
  const runtime = place.linker.requireRuntime();
  const space = place.space;
  const addend = place.implicitAddend ? readSigned64(space, place.address + 8) : place.addend;
  const target = tlsTarget(place);
  if (!target) {
    write64(space, place.address, runtime.tlsdescUndefweak);
    write64(space, place.address + 8, addend);
    return;
  }
  const owner = place.symbolIndex === 0 ? place.object : resolveSymbol(place)!.object;
  const module = target.module;
  const fresh = place.batch.loaded.includes(owner);
  if (module.staticOffset === undefined && fresh && place.linker.tls.layout) {
    // Opportunistic static TLS, as glibc does for TLSDESC within the optional surplus.
    allocateFromSurplus(place.linker.tls.layout, module, true);
  }
  if (module.staticOffset !== undefined) {
    write64(space, place.address, runtime.tlsdescReturn);
    write64(space, place.address + 8, target.offset + addend - module.staticOffset);
    return;
  }
  write64(space, place.address, runtime.tlsdescDynamic);
  write64(space, place.address + 8, place.linker.tlsDescriptorArgument(module.moduleId, target.offset + addend));
};

function fieldSize(type: number): number {
  if (type === R_X86_64_TLSDESC) return 16;
  if (
    type === R_X86_64_PC32 ||
    type === R_X86_64_32 ||
    type === R_X86_64_32S ||
    type === R_X86_64_SIZE32 ||
    type === R_X86_64_TPOFF32 ||
    type === R_X86_64_DTPOFF32
  ) {
    return 4;
  }
  return type === R_X86_64_NONE ? 0 : 8;
}

function relocateTable(place: Place, table: RelocationTable): void {
  const implicit = table.format === 'rel';
  const { object } = place;
  for (let i = 0; i < table.count; i++) {
    const offset = table.offset(i);
    const type = table.type(i);
    place.offset = offset;
    place.type = type;
    place.address = object.base + offset;
    place.symbolIndex = table.symbolIndex(i);
    place.addend = implicit ? 0 : table.addend(i);
    place.implicitAddend = implicit;
    const handler = handlers[type];
    if (!handler) {
      const against = place.symbolIndex === 0 ? '' : ` against symbol ${symbolName(place)}`;
      throw relocationError(
        place,
        `has a relocation type Miros does not apply: ${relocationTypeName(type)} (${type})${against}`,
      );
    }
    const size = fieldSize(type);
    if (size > 0 && (place.address < object.mapStart || place.address + size > object.mapEnd)) {
      throw relocationError(place, "writes outside the object's mapped segments");
    }
    handler(place);
  }
}

export function relocateObject(linker: DynamicLinker, object: LinkedObject, batch: LinkBatch): void {
  const elf = object.elf!;
  linker.trace.line('reloc', '');
  linker.trace.line('reloc', `relocation processing: ${object.displayName}`);
  const tables = elf.dynamicRelocations();
  const space = linker.memory.space;
  const place: Place = {
    linker,
    object,
    batch,
    space,
    offset: 0,
    address: 0,
    type: 0,
    symbolIndex: 0,
    addend: 0,
    implicitAddend: false,
  };
  if (tables.relr) {
    place.type = R_X86_64_RELATIVE;
    for (const offset of tables.relr.addresses) {
      const address = object.base + offset;
      if (address < object.mapStart || address + 8 > object.mapEnd) {
        place.offset = offset;
        throw relocationError(place, "writes outside the object's mapped segments (DT_RELR)");
      }
      write64(space, address, read64(space, address) + object.base);
    }
  }
  if (tables.rel) relocateTable(place, tables.rel);
  if (tables.rela) relocateTable(place, tables.rela);
  // DT_JMPREL usually lies inside DT_RELA's range (glibc then applies it once): skip it then.
  if (tables.plt && !coveredBy(tables.plt, tables.rela) && !coveredBy(tables.plt, tables.rel)) {
    relocateTable(place, tables.plt);
  }
  linker.dropBindingCache(object);
}

function coveredBy(inner: RelocationTable, outer: RelocationTable | undefined): boolean {
  if (!outer || outer.format !== inner.format) return false;
  const innerEnd = inner.fileOffset + inner.count * inner.entrySize;
  const outerEnd = outer.fileOffset + outer.count * outer.entrySize;
  return inner.fileOffset >= outer.fileOffset && innerEnd <= outerEnd;
}
