// The linker's half of the dl API (dlopen, dlsym, dlvsym, dlclose, dladdr, dlinfo,
// dl_iterate_phdr, _dl_find_object): everything that needs the object graph, the scopes and the
// pipeline. Miros libc's entry points (src/libc/dl/) read the arguments, keep dlerror's state and
// perform the guest calls this side asks for (IFUNC resolvers, initialisers, finalisers) as steps
// of their host-call generators, so other threads keep running while library code does.
//
// Results are values: `{ error }` carries the text dlerror() shows, worded as glibc 2.36's.
import {
  DT_FINI,
  DT_FINI_ARRAY,
  DT_FINI_ARRAYSZ,
  DT_STRTAB,
  DT_SYMTAB,
  SHN_UNDEF,
  STB_LOCAL,
  STT_GNU_IFUNC,
  STT_TLS,
} from '../elf/index.ts';
import type { DynamicLinker } from './dynamic-linker.ts';
import type { GuestCall, GuestStep } from './guest-code/guest-steps.ts';
import { finalisationOrder } from './init-order.ts';
import { LinkError } from './link-error.ts';
import type { LinkedObject } from './linked-object.ts';
import { newBatch, runPipeline } from './pipeline.ts';
import { DLOPEN_STAGES } from './stages/index.ts';
import { findOrLoad } from './stages/load-dependencies.ts';
import { LOOKUP_NEWEST } from './symbols/elf-symbols.ts';
import { elfSymbolsOf, lookupInScopes } from './symbols/lookup.ts';
import { SymbolReference, versionHash } from './symbols/symbol-reference.ts';

/** dlopen mode bits (dlfcn.h). */
export const RTLD_LAZY = 0x1;
export const RTLD_NOW = 0x2;
export const RTLD_BINDING_MASK = 0x3;
export const RTLD_NOLOAD = 0x4;
export const RTLD_DEEPBIND = 0x8;
export const RTLD_GLOBAL = 0x100;
export const RTLD_NODELETE = 0x1000;
/** Pseudo-handles for dlsym: RTLD_DEFAULT is ((void *) 0); RTLD_NEXT, ((void *) -1), arrives as -1. */
export const RTLD_DEFAULT = 0;
export const RTLD_NEXT = -1;

export type DlResult<T> = { ok: T } | { error: string };

/** What dlopen produced: the handle, and guest work to do before returning it. */
export interface OpenedObject {
  handle: number;
  /** Resolvers, protections and initialisers, in order (the libc side performs them). */
  steps: GuestStep[];
}

/** What dlsym found: an address, or an IFUNC resolver the caller must run to get it. */
export type FoundSymbol = { address: number } | { resolver: number; what: string };

/** What dlclose must do in the guest before the objects go: finalisers, then `finish`. */
export interface Closing {
  calls: GuestCall[];
  finish(): void;
}

/** dladdr's answer: the object, and the nearest symbol at or below the address (if any). */
export interface AddressInfo {
  object: LinkedObject;
  base: number;
  /** Guest address of the symbol's name (in the object's .dynstr), 0 if no symbol matched. */
  symbolName: number;
  symbolAddress: number;
  /** Guest address of the symbol's ElfW(Sym) entry (dladdr1 RTLD_DL_SYMENT), 0 if none. */
  symbolEntry: number;
}

const SYMBOL_ENTRY_SIZE = 24;

export class DlApi {
  /** dl_iterate_phdr's dlpi_adds and dlpi_subs: objects ever loaded and unloaded. */
  adds = 0;
  subs = 0;

  constructor(private readonly linker: DynamicLinker) {
    this.adds = linker.objects.filter((o) => o.kind !== 'missing').length;
  }

  // ---- handles ----

  /** The object a handle (a link_map address) stands for, if it is open. */
  objectOfHandle(handle: number): LinkedObject | undefined {
    const object = this.linker.linkMaps.objectAt(handle);
    return object && object.openCount > 0 ? object : undefined;
  }

  /** The object whose mapping holds `address` (the caller of a dl function), if any. */
  objectContaining(address: number): LinkedObject | undefined {
    return this.linker.objects.find((o) => o.linkMap !== 0 && o.mapEnd > o.mapStart && o.contains(address));
  }

  /** glibc's l_name as dlerror shows it: the program's name for the executable. */
  private errorName(object: LinkedObject): string {
    return object.kind === 'executable' ? this.linker.program : object.linkMapName;
  }

  // ---- dlopen ----

  /**
   * dlopen(file, mode). `file` undefined is dlopen(NULL): the main program. Returns the handle
   * and the guest steps (undefined handle with no error for RTLD_NOLOAD of an absent object).
   */
  open(file: string | undefined, mode: number, caller: number): DlResult<OpenedObject | undefined> {
    const linker = this.linker;
    if ((mode & RTLD_BINDING_MASK) === 0) return { error: 'invalid mode for dlopen(): Invalid argument' };
    if (file === undefined || file === '') {
      const main = linker.main!;
      return { ok: { handle: main.linkMap, steps: [] } };
    }
    const requester = this.objectContaining(caller) ?? linker.main;
    if ((mode & RTLD_NOLOAD) !== 0) {
      const existing = linker.objects.find(
        (o) => o.linkMap !== 0 && (o.answersTo(file) || (o.kind === 'miros' && o.soname === baseName(file))),
      );
      if (!existing) return { ok: undefined };
      this.applyOpenMode(existing, [existing], mode);
      existing.openCount++;
      return { ok: { handle: existing.linkMap, steps: [] } };
    }
    const batch = newBatch('dlopen', []);
    const objectCountBefore = linker.objects.length;
    try {
      const root = findOrLoad(linker, file, requester, batch.loaded);
      batch.roots.push(root);
      runPipeline(linker, batch, DLOPEN_STAGES.slice(0, 1));
      // The new objects look symbols up in the global scope, then in the dlopen'ed object's
      // dependencies (glibc's l_scope); RTLD_DEEPBIND puts the latter first.
      for (const object of batch.loaded) {
        object.localScope ??= batch.searchList;
        if ((mode & RTLD_DEEPBIND) !== 0) object.flags.deepbind = true;
      }
      runPipeline(linker, batch, DLOPEN_STAGES.slice(1));
    } catch (error) {
      if (!(error instanceof LinkError)) throw error;
      this.discard(batch.loaded, objectCountBefore);
      return { error: dlopenMessage(error) };
    }
    const root = batch.roots[0]!;
    this.adds += batch.loaded.filter((o) => o.kind !== 'missing').length;
    this.applyOpenMode(root, batch.searchList, mode);
    root.openCount++;
    linker.trace.line('libs', `opening file=${root.displayName} [0]; direct_opencount=${root.openCount}`);
    return { ok: { handle: root.linkMap, steps: batch.steps } };
  }

  /** RTLD_GLOBAL and RTLD_NODELETE, for a new or an already loaded object. */
  private applyOpenMode(root: LinkedObject, searchList: readonly LinkedObject[], mode: number): void {
    const linker = this.linker;
    if ((mode & RTLD_NODELETE) !== 0) root.flags.nodelete = true;
    if ((mode & RTLD_GLOBAL) !== 0) {
      for (const object of searchList) {
        if (linker.globalScope.includes(object)) continue;
        linker.globalScope.push(object);
        object.flags.global = true;
      }
    }
  }

  /** Undoes a dlopen that failed half way: the objects it loaded leave the process. */
  private discard(loaded: readonly LinkedObject[], objectCountBefore: number): void {
    const linker = this.linker;
    for (const object of loaded) {
      if (object.kind === 'miros') continue;
      this.unload(object);
    }
    for (let i = linker.objects.length - 1; i >= objectCountBefore; i--) {
      const object = linker.objects[i]!;
      if (object.kind !== 'miros') linker.objects.splice(i, 1);
    }
  }

  // ---- dlsym, dlvsym ----

  /**
   * dlsym/dlvsym: `name` (at `version` for dlvsym) in the scope the handle selects, as seen from
   * the code at `caller`; TLS symbols resolve for the thread whose pointer is `tp`.
   */
  symbol(handle: number, name: string, version: string | undefined, caller: number, tp: number): DlResult<FoundSymbol> {
    const linker = this.linker;
    const callerObject = this.objectContaining(caller) ?? linker.main!;
    const reference = new SymbolReference(
      name,
      version === undefined
        ? undefined
        : { name: version, hash: versionHash(version), hidden: false, file: undefined, weak: false },
    );
    let scopes: LinkedObject[][];
    let skip: LinkedObject | undefined;
    let blamed: LinkedObject;
    if (handle === RTLD_DEFAULT) {
      scopes = linker.scopesOf(callerObject);
      blamed = callerObject;
    } else if (handle === RTLD_NEXT) {
      // The callers' own search list (the dlopen'ed root's, or the initial objects'), after the caller.
      scopes = [callerObject.localScope ?? linker.globalScope];
      skip = callerObject;
      blamed = callerObject;
    } else {
      const object = this.objectOfHandle(handle);
      if (!object) return { error: 'invalid handle' };
      scopes = [object === linker.main ? linker.globalScope : (object.localScope ?? searchListOf(object))];
      blamed = object;
    }
    const found = lookupInScopes(scopes, reference, LOOKUP_NEWEST, linker.lookupContext, skip);
    if (!found) {
      const what = version === undefined ? name : `${name}, version ${version}`;
      return { error: `${this.errorName(blamed)}: undefined symbol: ${what}` };
    }
    if (found.type === STT_TLS) {
      const module = found.object.tls;
      if (!module) return { ok: { address: 0 } };
      return { ok: { address: linker.tls.blockAddress(tp, module) + found.value } };
    }
    if (found.type === STT_GNU_IFUNC) return { ok: { resolver: found.value, what: `IFUNC resolver of ${name}` } };
    return { ok: { address: found.value } };
  }

  // ---- dlclose ----

  /** dlclose(handle): drops a reference; when none is left, the objects nothing else needs go. */
  close(handle: number): DlResult<Closing> {
    const linker = this.linker;
    const root = this.objectOfHandle(handle);
    if (!root) return { error: 'shared object not open' };
    root.openCount--;
    linker.trace.line('libs', `closing file=${root.displayName}; direct_opencount=${root.openCount}`);
    const doomed = root.openCount > 0 ? [] : this.unreachableObjects();
    if (doomed.length === 0) return { ok: { calls: [], finish: () => {} } };
    const calls: GuestCall[] = [];
    const order = finalisationOrder(doomed, (o) => [...(linker.relocationDependencies.get(o) ?? [])]);
    for (const object of order) {
      if (!object.initStarted || object.finalized) continue;
      object.finalized = true;
      linker.trace.line('libs', `calling fini: ${object.displayName} [0]`);
      calls.push(...finaliserCalls(linker, object));
    }
    linker.updateFiniTable();
    return {
      ok: {
        calls,
        finish: () => {
          for (const object of order) this.unload(object);
          for (const object of order) {
            const index = linker.objects.indexOf(object);
            if (index >= 0) linker.objects.splice(index, 1);
          }
          this.subs += order.length;
        },
      },
    };
  }

  /**
   * The loaded objects nothing keeps alive any more: not open, not NODELETE, not in the initial
   * set, and not reached from such an object through DT_NEEDED or symbol bindings.
   */
  private unreachableObjects(): LinkedObject[] {
    const linker = this.linker;
    const alive = new Set<LinkedObject>();
    const pending = linker.objects.filter((o) => o.kind !== 'library' || o.openCount > 0 || o.flags.nodelete);
    while (pending.length > 0) {
      const object = pending.pop()!;
      if (alive.has(object)) continue;
      alive.add(object);
      pending.push(...object.needed, ...(linker.relocationDependencies.get(object) ?? []));
      if (object.localScope && object.openCount > 0) pending.push(...object.localScope);
    }
    return linker.objects.filter((o) => o.kind === 'library' && !alive.has(o));
  }

  /** Takes an object out of the process: scopes, link map, TLS, memory. */
  private unload(object: LinkedObject): void {
    const linker = this.linker;
    linker.trace.line('libs', `file=${object.displayName} [0];  destroying link map`);
    const global = linker.globalScope.indexOf(object);
    if (global >= 0) linker.globalScope.splice(global, 1);
    if (object.linkMap !== 0) linker.linkMaps.remove(object);
    if (object.tls && object.tls.moduleId !== 0) linker.tls.removeModuleFromThreads(object.tls);
    if (object.mapEnd > object.mapStart) linker.memory.unmap(object.mapStart, object.mapEnd - object.mapStart);
    object.mapStart = object.mapEnd = 0;
    linker.relocationDependencies.delete(object);
    for (const set of linker.relocationDependencies.values()) set.delete(object);
    linker.dropBindingCache(object);
    for (const [key, definition] of linker.lookupContext.uniques) {
      if (definition.object === object) linker.lookupContext.uniques.delete(key);
    }
  }

  // ---- dladdr, dladdr1 ----

  /** The object holding `address` and the nearest exported symbol at or below it (glibc's _dl_addr). */
  addressInfo(address: number): AddressInfo | undefined {
    const object = this.objectContaining(address);
    if (!object) return undefined;
    const info: AddressInfo = {
      object,
      base: object.mapStart,
      symbolName: 0,
      symbolAddress: 0,
      symbolEntry: 0,
    };
    const table = elfSymbolsOf(object)?.symbols;
    const symtab = object.elf?.dynamic?.get(DT_SYMTAB);
    const strtab = object.elf?.dynamic?.get(DT_STRTAB);
    if (!table || strtab === undefined) return info;
    let best = -1;
    let bestValue = 0;
    for (let index = 1; index < table.count; index++) {
      const type = table.type(index);
      if (type === STT_TLS || table.rawSectionIndex(index) === SHN_UNDEF || table.binding(index) === STB_LOCAL)
        continue;
      const raw = table.value(index);
      if (raw === 0) continue;
      const value = object.base + raw;
      const size = table.size(index);
      const inside = size === 0 ? address === value : address >= value && address < value + size;
      if (!inside || (best >= 0 && value <= bestValue)) continue;
      best = index;
      bestValue = value;
    }
    if (best >= 0) {
      info.symbolName = object.base + strtab + table.nameOffset(best);
      info.symbolAddress = bestValue;
      if (symtab !== undefined) info.symbolEntry = object.base + symtab + best * SYMBOL_ENTRY_SIZE;
    }
    return info;
  }

  // ---- dl_iterate_phdr, _dl_find_object ----

  /** The objects dl_iterate_phdr reports, in load order (the executable first). */
  phdrObjects(): LinkedObject[] {
    return this.linker.objects.filter((o) => o.linkMap !== 0);
  }

  /** Where an object's TLS block is in the thread at `tp` (0 if it has none there yet). */
  tlsBlock(object: LinkedObject, tp: number): number {
    return object.tls && object.tls.moduleId !== 0 ? this.linker.tls.blockAddress(tp, object.tls) : 0;
  }
}

/** The finaliser calls of one object: DT_FINI_ARRAY from last to first, then DT_FINI. */
function finaliserCalls(linker: DynamicLinker, object: LinkedObject): GuestCall[] {
  const calls: GuestCall[] = [];
  const dynamic = object.elf?.dynamic;
  const array = dynamic?.get(DT_FINI_ARRAY);
  const size = dynamic?.get(DT_FINI_ARRAYSZ) ?? 0;
  const space = linker.space;
  if (array !== undefined) {
    for (let i = Math.floor(size / 8) - 1; i >= 0; i--) {
      const slot = object.base + array + i * 8;
      const fn = space.view.getUint32(slot, true) + space.view.getUint32(slot + 4, true) * 4294967296;
      // 0 and -1 are placeholders glibc skips too.
      if (fn === 0 || fn > 0xffffffff) continue;
      calls.push({ function: fn, args: [], what: `${object.displayName} DT_FINI_ARRAY[${i}]` });
    }
  }
  const fini = dynamic?.get(DT_FINI);
  if (fini !== undefined) calls.push({ function: object.base + fini, args: [], what: `${object.displayName} DT_FINI` });
  return calls;
}

/** An object's dependencies breadth first, itself first (glibc's l_searchlist). */
function searchListOf(root: LinkedObject): LinkedObject[] {
  const list = [root];
  for (let i = 0; i < list.length; i++) {
    for (const dependency of list[i]!.needed) if (!list.includes(dependency)) list.push(dependency);
  }
  return list;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** dlerror's text for a failed dlopen, as glibc words it. */
function dlopenMessage(error: LinkError): string {
  const details = error.details;
  if (details.kind === 'not-found')
    return `${details.object}: cannot open shared object file: No such file or directory`;
  return `${details.object}: ${details.reason}`;
}

const apis = new WeakMap<DynamicLinker, DlApi>();

/** The dl API of a process's linker (created on first use). */
export function dlApiOf(linker: DynamicLinker): DlApi {
  let api = apis.get(linker);
  if (!api) {
    api = new DlApi(linker);
    apis.set(linker, api);
  }
  return api;
}
