// The dynamic linker of one process: its objects in load order, the global scope, the guest-side
// runtime (ld.so's exports), TLS, and Miros libc. The pipeline's stages (./stages/) do the work;
// this class holds the state they share and answers what other parts ask of the linker (Miros
// libc through LibcContext, the dl API in ./dl-api.ts, `miros ldd`).
import { DT_FINI, DT_FINI_ARRAY, DT_FINI_ARRAYSZ, STT_FUNC, STT_OBJECT } from '../elf/index.ts';
import type { AddressSpace } from '../memory/address-space.ts';
import type { LinkerTrace } from './debug-trace.ts';
import { DYNAMIC_LINKER_EXPORTS } from './dynamic-linker-exports.ts';
import type { RuntimeAddresses } from './guest-code/runtime-code.ts';
import { finalisationOrder } from './init-order.ts';
import { DYNAMIC_LINKER_SONAME, type LibcExport, type LibcInstance, type LibcProvider } from './libc-provider.ts';
import type { LibraryFiles } from './library-files.ts';
import { LinkMaps } from './link-maps.ts';
import type { LinkedObject, TlsModule } from './linked-object.ts';
import { GuestHeap } from './memory/guest-heap.ts';
import type { LinkerMemory } from './memory/linker-memory.ts';
import { write64 } from './memory/words.ts';
import { readLdSoCache, type SearchSettings } from './search-path.ts';
import { LOOKUP_NEWEST } from './symbols/elf-symbols.ts';
import { type Definition, type LookupContext, mirosDefinition } from './symbols/lookup.ts';
import type { SymbolReference } from './symbols/symbol-reference.ts';
import { ProcessTls, type ThreadTls } from './tls/process-tls.ts';
import type { StaticTlsLayout } from './tls/static-layout.ts';

export interface LinkerOptions {
  /** The program as the user named it (the first word of every error message). */
  program: string;
  files: LibraryFiles;
  memory: LinkerMemory;
  libc: LibcProvider;
  trace: LinkerTrace;
  /** LD_LIBRARY_PATH entries. */
  libraryPath: readonly string[];
  /** Where Miros's warnings go (one line each, without the "miros: " prefix). */
  warn: (message: string) => void;
  /** Install the guest runtime (ld.so's exports). Off for `miros ldd`, which only looks. */
  withRuntime: boolean;
  /** Keep going past libraries that cannot be found (ldd lists them as "not found"). */
  tolerateMissing?: boolean;
}

/** What a forked child gives the copy of its parent's linker (DynamicLinker.copyForChild). */
export interface ChildOfFork {
  pid: number;
  memory: LinkerMemory;
  /** The child's copy of the linker heap. */
  heap: GuestHeap;
  libc: LibcInstance;
  /** Which threads' TLS the child keeps: the caller of fork's. */
  survives: (thread: ThreadTls) => boolean;
}

/** The parts a forked child's linker starts from instead of making them. */
interface InheritedState {
  heap: GuestHeap;
  runtime: RuntimeAddresses | undefined;
  tls: ProcessTls;
  linkMaps: LinkMaps;
}

export class DynamicLinker {
  readonly program: string;
  readonly tolerateMissing: boolean;
  readonly files: LibraryFiles;
  readonly memory: LinkerMemory;
  readonly trace: LinkerTrace;
  readonly libc: LibcProvider;
  readonly heap: GuestHeap;
  readonly tls: ProcessTls;
  readonly runtime: RuntimeAddresses | undefined;
  readonly linkMaps: LinkMaps;
  /** Every object, in load order (glibc's namespace list). */
  readonly objects: LinkedObject[] = [];
  /** The global scope: the executable, LD_PRELOAD objects, their dependencies, RTLD_GLOBAL objects. */
  readonly globalScope: LinkedObject[] = [];
  main: LinkedObject | undefined;
  readonly lookupContext: LookupContext;
  /** Objects a given object bound symbols to outside its own dependencies (glibc's l_reldeps). */
  readonly relocationDependencies = new Map<LinkedObject, Set<LinkedObject>>();
  private libcInstance: LibcInstance | undefined;
  private readonly libraryPath: readonly string[];
  private cache: Map<string, string> | undefined;
  private readonly bindingCaches = new Map<LinkedObject, Map<number, Definition | null>>();
  private readonly warnLine: (message: string) => void;
  private finiTable = 0;

  constructor(
    options: LinkerOptions,
    installRuntime?: (memory: LinkerMemory) => RuntimeAddresses,
    inherited?: InheritedState,
  ) {
    this.program = options.program;
    this.tolerateMissing = options.tolerateMissing ?? false;
    this.files = options.files;
    this.memory = options.memory;
    this.trace = options.trace;
    this.libc = options.libc;
    this.libraryPath = options.libraryPath;
    this.warnLine = options.warn;
    if (inherited) {
      this.heap = inherited.heap;
      this.runtime = inherited.runtime;
      this.tls = inherited.tls;
      this.linkMaps = inherited.linkMaps;
    } else {
      this.heap = new GuestHeap(options.memory);
      this.runtime = options.withRuntime && installRuntime ? installRuntime(options.memory) : undefined;
      this.tls = new ProcessTls(options.memory.space, this.heap);
      this.linkMaps = LinkMaps.create(
        options.memory,
        this.heap,
        this.runtime?.rDebug ?? 0,
        this.runtime?.dlMcount ?? 0,
        this.runtime?.start ?? 0,
      );
    }
    this.lookupContext = {
      miros: (object, reference, lookupClass) => this.mirosLookup(object, reference, lookupClass),
      uniques: new Map(),
    };
  }

  get space(): AddressSpace {
    return this.memory.space;
  }

  /**
   * The linker of a forked child: a copy of this one's object graph, scopes, TLS and link_maps
   * as they are at the fork, over the child's memory (which holds copies of the same mappings)
   * and the child's copy of the linker heap, bound to the child's Miros libc. From here on the
   * two processes load and unload libraries independently, as with glibc.
   */
  copyForChild(child: ChildOfFork): DynamicLinker {
    const copies = new Map<LinkedObject, LinkedObject>();
    const moduleCopies = new Map<TlsModule, TlsModule>();
    for (const object of this.objects) {
      const module = object.tls && { ...object.tls };
      if (object.tls && module) moduleCopies.set(object.tls, module);
      copies.set(object, object.copyForChild(module));
    }
    const copyOf = (object: LinkedObject): LinkedObject => {
      const copy = copies.get(object);
      if (!copy) throw new Error(`fork: ${object.displayName} is not in the linker's object list`);
      return copy;
    };
    const moduleOf = (module: TlsModule): TlsModule => moduleCopies.get(module) ?? { ...module };
    const linker = new DynamicLinker(
      {
        program: this.program,
        files: this.files,
        memory: child.memory,
        libc: this.libc,
        trace: this.trace.forProcess(child.pid),
        libraryPath: this.libraryPath,
        warn: this.warnLine,
        withRuntime: false,
        tolerateMissing: this.tolerateMissing,
      },
      undefined,
      {
        heap: child.heap,
        runtime: this.runtime,
        tls: this.tls.copyFor(child.memory.space, child.heap, moduleOf, child.survives),
        linkMaps: this.linkMaps.copyFor(child.memory, child.heap, copyOf),
      },
    );
    // Lists several objects share (a dlopen's search list, the global scope) stay shared.
    const lists = new Map<LinkedObject[], LinkedObject[]>([[this.globalScope, linker.globalScope]]);
    const copyList = (list: LinkedObject[]): LinkedObject[] => {
      let copy = lists.get(list);
      if (!copy) {
        copy = list.map(copyOf);
        lists.set(list, copy);
      }
      return copy;
    };
    linker.objects.push(...this.objects.map(copyOf));
    linker.globalScope.push(...this.globalScope.map(copyOf));
    for (const copy of copies.values()) copy.linkCopies(copyOf, copyList);
    linker.main = this.main && copyOf(this.main);
    for (const [from, to] of this.relocationDependencies)
      linker.relocationDependencies.set(copyOf(from), new Set([...to].map(copyOf)));
    for (const [key, definition] of this.lookupContext.uniques)
      linker.lookupContext.uniques.set(key, { ...definition, object: copyOf(definition.object) });
    linker.cache = this.cache;
    linker.finiTable = this.finiTable;
    linker.libcInstance = child.libc;
    return linker;
  }

  warn(message: string): void {
    this.warnLine(message);
  }

  /** Adds a newly loaded object to the namespace list (and the global scope at start-up). */
  addObject(object: LinkedObject, requester: LinkedObject | undefined): void {
    object.loader = requester;
    this.objects.push(object);
  }

  searchSettings(): SearchSettings {
    return { libraryPath: this.libraryPath, cache: this.ldSoCache(), main: this.main };
  }

  ldSoCache(): Map<string, string> {
    this.cache ??= readLdSoCache(this.files);
    return this.cache;
  }

  // ---- Miros's own objects ----

  get libcInstanceOrUndefined(): LibcInstance | undefined {
    return this.libcInstance;
  }

  /** Gives a Miros object its guest side: the runtime for ld.so, Miros libc for the others. */
  placeMirosObject(object: LinkedObject, mode: 'startup' | 'dlopen' | 'inspect'): void {
    if (mode === 'inspect') return;
    if (object.soname === DYNAMIC_LINKER_SONAME) {
      if (this.runtime) {
        object.mapStart = this.runtime.start;
        object.mapEnd = this.runtime.end;
        object.base = this.runtime.start;
      }
      return;
    }
    const libc = this.ensureLibc();
    if (object.soname === 'libc.so.6' && libc.tls && libc.tls.size > 0) {
      const align = Math.max(libc.tls.align, 1);
      object.tls = {
        moduleId: 0,
        size: libc.tls.size,
        align,
        firstByteOffset: 0,
        imageAddress: -1,
        imageSize: libc.tls.image.length,
        image: libc.tls.image,
        staticOffset: undefined,
      };
    }
  }

  /** Miros libc for this process, created on first use. */
  ensureLibc(): LibcInstance {
    if (!this.libcInstance) {
      this.libcInstance = this.libc.instantiate({ memory: this.memory, linker: this });
      const size = this.libcInstance.threadDescriptorSize;
      if (size !== undefined) this.tls.threadDescriptorSize = size;
    }
    return this.libcInstance;
  }

  /** The versions an object defines (its verdef names; the export table's for Miros's objects). */
  versionsDefinedBy(object: LinkedObject): Set<string> {
    if (object.kind === 'miros') {
      const versions = new Set(this.libc.exports.versionsOf(object.soname!));
      if (object.soname === DYNAMIC_LINKER_SONAME) for (const e of DYNAMIC_LINKER_EXPORTS) versions.add(e.version);
      return versions;
    }
    const names = new Set<string>();
    for (const definition of object.elf?.versionDefinitions ?? []) {
      const name = definition.names[0]?.name;
      if (name !== undefined) names.add(name);
    }
    return names;
  }

  /** Symbol lookup in a Miros object: the linker's own exports for ld.so, then Miros libc's. */
  private mirosLookup(object: LinkedObject, reference: SymbolReference, lookupClass: number): Definition | undefined {
    const library = object.soname!;
    const wanted = reference.version?.name;
    if (library === DYNAMIC_LINKER_SONAME && this.runtime) {
      const own = DYNAMIC_LINKER_EXPORTS.find(
        (e) => e.name === reference.name && (wanted === undefined || wanted === e.version),
      );
      if (own) {
        const symbol: LibcExport = {
          library,
          name: own.name,
          version: own.version,
          isDefault: true,
          kind: own.kind,
          size: own.size,
        };
        const definition = mirosDefinition(object, symbol, own.address(this.runtime));
        definition.type = own.kind === 'function' ? STT_FUNC : STT_OBJECT;
        return definition;
      }
    }
    const symbol = this.libc.exports.find(library, reference.name, wanted);
    if (!symbol) return undefined;
    if (wanted === undefined && !symbol.isDefault && (lookupClass & LOOKUP_NEWEST) === 0) return undefined;
    return mirosDefinition(object, symbol, this.ensureLibc().addressOf(symbol));
  }

  /** A copy relocation moved one of Miros libc's data objects into the executable. */
  libcObjectCopied(symbol: LibcExport, address: number): void {
    this.libcInstance?.copied?.(symbol, address);
  }

  // ---- scopes and bindings ----

  /** The scopes an object's references are looked up in, in order (glibc's l_scope). */
  scopesOf(object: LinkedObject): LinkedObject[][] {
    const scopes: LinkedObject[][] = [];
    const local = object.localScope;
    if (object.flags.symbolic) scopes.push([object]);
    if (local && object.flags.deepbind) scopes.push(local);
    scopes.push(this.globalScope);
    if (local && !object.flags.deepbind) scopes.push(local);
    return scopes;
  }

  bindingCache(object: LinkedObject): Map<number, Definition | null> {
    let cache = this.bindingCaches.get(object);
    if (!cache) {
      cache = new Map();
      this.bindingCaches.set(object, cache);
    }
    return cache;
  }

  dropBindingCache(object: LinkedObject): void {
    this.bindingCaches.delete(object);
  }

  /** Notes a binding (MIROS_DEBUG=bindings) and the dependency it creates. */
  recordBinding(from: LinkedObject, definition: Definition, reference: SymbolReference): void {
    const to = definition.object;
    if (to !== from && !from.needed.includes(to)) {
      let set = this.relocationDependencies.get(from);
      if (!set) {
        set = new Set();
        this.relocationDependencies.set(from, set);
      }
      set.add(to);
    }
    if (this.trace.enabled('bindings')) {
      const version = definition.version ?? reference.version?.name;
      this.trace.line(
        'bindings',
        `binding file ${from.displayName} [0] to ${to.displayName} [0]: normal symbol \`${reference.name}'${version ? ` [${version}]` : ''}`,
      );
    }
  }

  // ---- TLS ----

  traceTlsLayout(layout: StaticTlsLayout): void {
    if (!this.trace.enabled('tls')) return;
    for (const module of this.tls.modules) {
      if (!module) continue;
      const owner = this.objects.find((o) => o.tls === module);
      this.trace.line(
        'tls',
        `module ${module.moduleId}: ${owner?.displayName ?? '?'} size 0x${module.size.toString(16)} align 0x${module.align.toString(16)} at tp-0x${(module.staticOffset ?? 0).toString(16)}`,
      );
    }
    this.trace.line(
      'tls',
      `static TLS: 0x${layout.used.toString(16)} bytes used, 0x${this.tls.staticSize.toString(16)} with surplus, alignment 0x${layout.align.toString(16)}`,
    );
  }

  /** Tells Miros libc where its TLS block went. */
  tlsPlaced(): void {
    const libcObject = this.objects.find((o) => o.kind === 'miros' && o.soname === 'libc.so.6');
    const module = libcObject?.tls;
    if (module?.staticOffset !== undefined) this.libcInstance?.tlsPlaced?.(module.moduleId, module.staticOffset);
  }

  /** The {module, offset} pair a dynamic TLSDESC points at (glibc's tlsdesc_dynamic_arg). */
  tlsDescriptorArgument(moduleId: number, offset: number): number {
    const address = this.heap.allocate(16);
    write64(this.space, address, moduleId);
    write64(this.space, address + 8, offset);
    return address;
  }

  /** Set by the start-up flow: builds the main thread's TLS and sets its thread pointer. */
  createMainThreadTls(): void {
    this.mainThreadTls?.();
  }

  mainThreadTls: (() => void) | undefined;

  /** An object's PT_GNU_STACK asks for an executable stack: the process's stack becomes one, as with glibc. */
  executableStackRequested(object: LinkedObject): void {
    if (!this.runtime) return;
    const stackMapping = this.space.mappingList.find((m) => m.name === '[stack]');
    if (!stackMapping) return;
    this.trace.line('libs', `${object.displayName} requires an executable stack`);
    this.space.protect(stackMapping.start, stackMapping.end - stackMapping.start, 7);
  }

  requireRuntime(): RuntimeAddresses {
    if (!this.runtime) throw new Error('the linker runtime is not installed (inspect mode)');
    return this.runtime;
  }

  // ---- finalisers (the table the guest's _dl_fini reads) ----

  /** Rewrites the table _dl_fini walks: every initialised object's finalisers, in glibc's order. */
  updateFiniTable(): void {
    const runtime = this.runtime;
    if (!runtime) return;
    const space = this.space;
    const order = finalisationOrder(
      this.objects.filter((o) => o.initStarted && !o.finalized && o.elf !== undefined),
      (o) => [...(this.relocationDependencies.get(o) ?? [])],
    );
    const slots: number[] = [];
    const direct: number[] = [];
    const tracing = this.trace.enabled('libs');
    for (const object of order) {
      const dynamic = object.elf?.dynamic;
      const array = dynamic?.get(DT_FINI_ARRAY);
      const size = dynamic?.get(DT_FINI_ARRAYSZ) ?? 0;
      if (tracing && (array !== undefined || dynamic?.get(DT_FINI) !== undefined))
        slots.push(this.traceLineForGuest(`calling fini: ${object.linkMapName} [0]`) + 1);
      if (array !== undefined) {
        for (let i = Math.floor(size / 8) - 1; i >= 0; i--) slots.push(object.base + array + i * 8);
      }
      const fini = dynamic?.get(DT_FINI);
      if (fini !== undefined) {
        slots.push(-1 - direct.length);
        direct.push(object.base + fini);
      }
    }
    const table = this.heap.allocate(8 * (1 + slots.length + direct.length));
    const cells = table + 8 * (1 + slots.length);
    write64(space, table, slots.length);
    slots.forEach((slot, i) => {
      write64(space, table + 8 * (1 + i), slot >= 0 ? slot : cells + 8 * (-1 - slot));
    });
    direct.forEach((address, i) => {
      write64(space, cells + 8 * i, address);
    });
    // The old table may be in use by a _dl_fini running right now: it is not freed.
    this.finiTable = table;
    write64(space, runtime.finiTableCell, table);
  }

  /**
   * A trace line the guest writes itself (_dl_fini's "calling fini:", printed as it runs): in the
   * linker heap as {length, bytes}, as the trace would print it.
   */
  private traceLineForGuest(text: string): number {
    const bytes = Buffer.from(`${this.trace.format(text)}\n`, 'utf8');
    const address = this.heap.allocate(8 + bytes.length);
    write64(this.space, address, bytes.length);
    this.space.bytes.set(bytes, address + 8);
    return address;
  }

  /** The addresses of the current tables (tests). */
  get guestTables(): { fini: number } {
    return { fini: this.finiTable };
  }
}
