// `miros ldd`: what Miros would load for a program, from where, and at which address — without
// running anything. The same search and mapping the linker uses at start-up (load-dependencies
// and map stages over a scratch address space), so the addresses are the ones `miros run` uses.
//
// `--missing`: the libc-family symbols a program imports that Miros libc does not provide yet.
// Each undefined symbol of every object is looked up as the linker would bind it; one that no
// loaded ELF object defines and no Miros library exports is missing (weak ones are optional and
// reported apart).
import { ElfFile, PT_INTERP, R_X86_64_COPY, STB_LOCAL, STB_WEAK } from '../elf/index.ts';
import { AddressSpace } from '../memory/address-space.ts';
import { LinkerTrace } from './debug-trace.ts';
import { DynamicLinker } from './dynamic-linker.ts';
import { DYNAMIC_LINKER_EXPORTS } from './dynamic-linker-exports.ts';
import { DYNAMIC_LINKER_SONAME, type LibcProvider, libcFamilyMember } from './libc-provider.ts';
import type { LibraryFiles } from './library-files.ts';
import { LinkedObject } from './linked-object.ts';
import { StandaloneMemory } from './memory/linker-memory.ts';
import { newBatch, runPipeline } from './pipeline.ts';
import { splitPathList } from './search-path.ts';
import { INSPECT_STAGES } from './stages/index.ts';
import { loadDependencies } from './stages/load-dependencies.ts';
import { LOOKUP_NORMAL } from './symbols/elf-symbols.ts';
import { elfSymbolsOf } from './symbols/lookup.ts';
import { SymbolReference } from './symbols/symbol-reference.ts';

export interface LddOptions {
  files: LibraryFiles;
  libc: LibcProvider;
  /** LD_LIBRARY_PATH. */
  libraryPath: string | undefined;
  /** Map the objects to report their addresses (off for --missing). */
  addresses: boolean;
}

export interface LddEntry {
  /** The name asked for (DT_NEEDED). */
  name: string;
  /** Where it was found; undefined when it was not; 'miros' for Miros's own libraries. */
  path: string | undefined;
  kind: 'library' | 'miros' | 'missing';
  base: number | undefined;
}

export interface MissingSymbol {
  /** `name@VERSION` or `name`. */
  symbol: string;
  /** The family library it would come from. */
  library: string;
  /** The objects that import it. */
  importers: string[];
  weak: boolean;
}

export interface LddReport {
  program: string;
  /** Whether the program is dynamically linked at all. */
  dynamic: boolean;
  entries: LddEntry[];
  linker: DynamicLinker;
  objects: LinkedObject[];
}

/** Loads (and optionally maps) a program's dependencies as `miros run` would. */
export function inspectProgram(
  path: string,
  bytes: Uint8Array,
  identity: { device: number; inode: number },
  options: LddOptions,
): LddReport {
  const elf = ElfFile.parse(bytes, path);
  const dynamic = elf.segmentOfType(PT_INTERP) !== undefined || elf.dynamic !== undefined;
  const memory = new StandaloneMemory(lddAddressSpace());
  const linker = new DynamicLinker({
    program: path,
    files: options.files,
    memory,
    libc: options.libc,
    trace: LinkerTrace.silent(),
    libraryPath: options.libraryPath ? splitPathList(options.libraryPath) : [],
    warn: () => {},
    withRuntime: false,
    tolerateMissing: true,
  });
  const main = new LinkedObject(
    elf.segmentOfType(PT_INTERP) ? 'executable' : 'library',
    path,
    path,
    elf,
    undefined,
    identity,
  );
  main.origin = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) || '/' : '.';
  linker.main = main;
  const batch = newBatch('inspect', [main]);
  try {
    runPipeline(linker, batch, options.addresses ? INSPECT_STAGES : [loadDependencies]);
  } finally {
    if (options.addresses) releaseScratch(memory);
  }
  const entries: LddEntry[] = batch.searchList
    .filter((o) => o !== main)
    .map((object) => ({
      name: object.requestedName,
      path: object.kind === 'library' ? object.path : object.kind === 'miros' ? 'miros' : undefined,
      kind: object.kind === 'executable' ? 'library' : object.kind,
      base: object.kind === 'library' && options.addresses ? object.mapStart : undefined,
    }));
  return { program: path, dynamic, entries, linker, objects: batch.searchList };
}

/** glibc ldd's listing: `\tname => path (0xaddress)`. */
export function formatLdd(report: LddReport): string {
  let text = '';
  for (const entry of report.entries) {
    if (entry.kind === 'missing') text += `\t${entry.name} => not found\n`;
    else if (entry.kind === 'miros') {
      const what = entry.name === DYNAMIC_LINKER_SONAME ? 'Miros dynamic linker' : 'Miros libc';
      text += `\t${entry.name} => ${what} (built in)\n`;
    } else {
      const address = entry.base !== undefined ? ` (0x${entry.base.toString(16).padStart(16, '0')})` : '';
      text += `\t${entry.name} => ${entry.path}${address}\n`;
    }
  }
  return text;
}

/** The family member a reference would bind to, if the libc family is where it comes from. */
function familyLibraryOf(reference: SymbolReference, objects: readonly LinkedObject[]): string | undefined {
  const file = reference.version?.file;
  if (file !== undefined) return libcFamilyMember(file);
  return objects.find((o) => o.kind === 'miros')?.soname;
}

/** The symbols the program imports from the libc family that Miros libc lacks. */
export function missingSymbols(report: LddReport, libc: LibcProvider): MissingSymbol[] {
  const objects = report.objects;
  const elfObjects = objects.filter((o) => o.elf !== undefined);
  const members = objects.filter((o) => o.kind === 'miros').map((o) => o.soname!);
  const found = new Map<string, MissingSymbol>();
  for (const object of elfObjects) {
    const symbols = elfSymbolsOf(object);
    const table = symbols?.symbols;
    if (!symbols || !table) continue;
    const copied = copiedSymbols(object);
    for (let index = 1; index < table.count; index++) {
      // A COPY relocation's symbol is defined in the executable (its bss copy) and still imported:
      // the bytes come from the library's definition (getconf's _libc_intl_domainname).
      if ((table.isDefined(index) && !copied.has(index)) || table.binding(index) === STB_LOCAL) continue;
      const reference = new SymbolReference(table.nameOf(index), symbols.wantedVersion(index));
      if (elfObjects.some((o) => o !== object && elfSymbolsOf(o)!.find(reference, LOOKUP_NORMAL) >= 0)) continue;
      const library = familyLibraryOf(reference, objects);
      if (library === undefined) continue;
      const version = reference.version?.name;
      const provided = members.some((member) => {
        const symbol = libc.exports.find(member, reference.name, version);
        return symbol !== undefined && (version !== undefined || symbol.isDefault);
      });
      if (provided || ownDynamicLinkerExport(reference)) continue;
      const key = `${reference.display} ${library}`;
      const entry = found.get(key) ?? {
        symbol: reference.display,
        library,
        importers: [],
        weak: true,
      };
      if (!entry.importers.includes(object.displayName)) entry.importers.push(object.displayName);
      if (table.binding(index) !== STB_WEAK) entry.weak = false;
      found.set(key, entry);
    }
  }
  return [...found.values()].sort((a, b) => a.symbol.localeCompare(b.symbol));
}

/** The dynamic symbol indices `object`'s R_X86_64_COPY relocations name. */
function copiedSymbols(object: LinkedObject): Set<number> {
  const copied = new Set<number>();
  const tables = object.elf!.dynamicRelocations();
  for (const table of [tables.rela, tables.rel, tables.plt]) {
    if (table === undefined) continue;
    for (let i = 0; i < table.count; i++) {
      if (table.type(i) === R_X86_64_COPY) copied.add(table.symbolIndex(i));
    }
  }
  return copied;
}

function ownDynamicLinkerExport(reference: SymbolReference): boolean {
  const file = reference.version?.file;
  return (
    DYNAMIC_LINKER_EXPORTS.some((e) => e.name === reference.name) &&
    (file === undefined || libcFamilyMember(file) === DYNAMIC_LINKER_SONAME)
  );
}

// ldd maps into one scratch address space, emptied after each program (a fresh 4 GiB memory per
// program would be wasteful when the coverage script inspects a thousand of them).
let scratch: AddressSpace | undefined;

function lddAddressSpace(): AddressSpace {
  scratch ??= new AddressSpace();
  return scratch;
}

function releaseScratch(memory: StandaloneMemory): void {
  for (const mapping of [...memory.space.mappingList]) memory.space.unmap(mapping.start, mapping.end - mapping.start);
}
