// Symbol lookup across objects: the scope walk of glibc's _dl_lookup_symbol_x. The first object in
// scope order with an acceptable definition wins — the executable first, so its definitions
// interpose on the libraries' — with three exceptions:
//  - copy relocations never look in the executable (it holds the copy, not the original);
//  - an STB_GNU_UNIQUE definition is the same for everyone: the first one found is recorded and
//    every later lookup of the name gets it, whichever object it searches;
//  - Miros's own objects (the libc family) answer from the export table.
import { SHN_ABS, STB_GNU_UNIQUE, STT_FUNC, STT_OBJECT, STT_TLS } from '../../elf/index.ts';
import type { LibcExport } from '../libc-provider.ts';
import type { LinkedObject } from '../linked-object.ts';
import { ElfSymbols, LOOKUP_COPY } from './elf-symbols.ts';
import type { SymbolReference } from './symbol-reference.ts';

/** Where a reference binds. */
export interface Definition {
  object: LinkedObject;
  /** Index in the object's dynamic symbol table; -1 for Miros's exports. */
  index: number;
  /** The run-time address; for STT_TLS, the offset inside the object's TLS block. */
  value: number;
  size: number;
  /** STT_* */
  type: number;
  /** STB_* */
  binding: number;
  /** The version the definition carries, for traces ("GLIBC_2.2.5"). */
  version: string | undefined;
  /** For Miros libc's exports: the export itself (copy relocations report to libc). */
  libcExport: LibcExport | undefined;
}

/** Lookups in Miros's own objects (the linker's ld.so exports, then Miros libc's). */
export type MirosLookup = (
  object: LinkedObject,
  reference: SymbolReference,
  lookupClass: number,
) => Definition | undefined;

export interface LookupContext {
  miros: MirosLookup;
  /** STB_GNU_UNIQUE definitions already chosen, by name and version. */
  uniques: Map<string, Definition>;
  /** Called for every object a lookup searches (MIROS_DEBUG=symbols, as LD_DEBUG=symbols). */
  searching?: (name: string, object: LinkedObject) => void;
}

const elfSymbolsCache = new WeakMap<LinkedObject, ElfSymbols>();

/** The symbol-lookup view of an object loaded from an ELF file. */
export function elfSymbolsOf(object: LinkedObject): ElfSymbols | undefined {
  if (!object.elf) return undefined;
  let symbols = elfSymbolsCache.get(object);
  if (!symbols) {
    symbols = new ElfSymbols(object.elf);
    elfSymbolsCache.set(object, symbols);
  }
  return symbols;
}

/** The definition symbol `index` of `object` stands for (its own symbol, no lookup). */
export function ownDefinition(object: LinkedObject, index: number): Definition {
  const symbols = elfSymbolsOf(object)!;
  const table = symbols.symbols!;
  const type = table.type(index);
  const raw = table.value(index);
  const value = type === STT_TLS || table.rawSectionIndex(index) === SHN_ABS ? raw : object.base + raw;
  return {
    object,
    index,
    value,
    size: table.size(index),
    type,
    binding: table.binding(index),
    version: symbols.definedVersion(index)?.name,
    libcExport: undefined,
  };
}

/** The definition `object` offers for `reference`, if any. */
export function definitionIn(
  object: LinkedObject,
  reference: SymbolReference,
  lookupClass: number,
  context: LookupContext,
): Definition | undefined {
  if (object.kind === 'miros') return context.miros(object, reference, lookupClass);
  const symbols = elfSymbolsOf(object);
  if (!symbols) return undefined;
  const index = symbols.find(reference, lookupClass);
  return index < 0 ? undefined : ownDefinition(object, index);
}

/**
 * Walks `scopes` (lists of objects, searched in order) for `reference`. `skipThrough` starts the
 * first list after that object (dlsym's RTLD_NEXT).
 */
export function lookupInScopes(
  scopes: readonly (readonly LinkedObject[])[],
  reference: SymbolReference,
  lookupClass: number,
  context: LookupContext,
  skipThrough?: LinkedObject,
): Definition | undefined {
  const searched = new Set<LinkedObject>();
  for (let s = 0; s < scopes.length; s++) {
    const scope = scopes[s]!;
    let start = 0;
    if (s === 0 && skipThrough !== undefined) {
      start = scope.indexOf(skipThrough) + 1;
      if (start === 0) start = scope.length;
    }
    for (let i = start; i < scope.length; i++) {
      const object = scope[i]!;
      if (searched.has(object)) continue;
      searched.add(object);
      if ((lookupClass & LOOKUP_COPY) !== 0 && object.kind === 'executable') continue;
      context.searching?.(reference.name, object);
      const found = definitionIn(object, reference, lookupClass, context);
      if (found === undefined) continue;
      if (found.binding === STB_GNU_UNIQUE) return unique(found, reference, context);
      return found;
    }
  }
  return undefined;
}

function unique(found: Definition, reference: SymbolReference, context: LookupContext): Definition {
  const key = reference.display;
  const chosen = context.uniques.get(key);
  if (chosen && !chosen.object.finalized) return chosen;
  context.uniques.set(key, found);
  return found;
}

/** A Miros export as a definition in `object`. */
export function mirosDefinition(object: LinkedObject, symbol: LibcExport, value: number): Definition {
  return {
    object,
    index: -1,
    value,
    size: symbol.size,
    type: symbol.kind === 'function' ? STT_FUNC : symbol.kind === 'tls' ? STT_TLS : STT_OBJECT,
    binding: 1,
    version: symbol.version,
    libcExport: symbol,
  };
}
