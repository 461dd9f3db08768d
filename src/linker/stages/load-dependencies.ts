// Stage 1: load dependencies. Starting from the batch's roots, follow DT_NEEDED breadth first,
// finding each library (./search-path.ts order), reading and checking it, and giving each object
// its list of direct dependencies. The result is the roots' search list, in glibc's order.
// Then, as glibc does right after loading, check every version each new object requires
// (verneed) against what the providing object defines (verdef): a missing version stops the
// program unless the requirement is weak.
import {
  DF_SYMBOLIC,
  DT_FLAGS,
  DT_FLAGS_1,
  DT_SONAME,
  DT_SYMBOLIC,
  ElfError,
  ElfFile,
  ET_DYN,
  VER_FLG_WEAK,
} from '../../elf/index.ts';
import type { DynamicLinker } from '../dynamic-linker.ts';
import { FAMILY_DEPENDENCIES, libcFamilyMember } from '../libc-provider.ts';
import type { LibraryFile } from '../library-files.ts';
import { LinkError, libraryNotFound, versionNotFound } from '../link-error.ts';
import { LinkedObject } from '../linked-object.ts';
import type { Stage } from '../pipeline.ts';
import { directoriesBeforeCache, expandTokens, joinPath, LD_SO_CACHE, SYSTEM_DIRECTORIES } from '../search-path.ts';

/** DT_FLAGS_1 bit: the object may never be unloaded (-z nodelete). */
const DF_1_NODELETE = 0x8;

export const loadDependencies: Stage = {
  name: 'load-dependencies',
  run(linker, batch) {
    // MIROS_DEBUG=symbols: every object a lookup searches, as LD_DEBUG=symbols (the first stage
    // runs before any lookup, so the hook is in place for the relocations and the dl functions).
    if (linker.trace.enabled('symbols') && linker.lookupContext.searching === undefined) {
      linker.lookupContext.searching = (name, object) =>
        linker.trace.line('symbols', `symbol=${name};  lookup in file=${object.displayName} [0]`);
    }
    const list: LinkedObject[] = [];
    const inList = new Set<LinkedObject>();
    for (const root of batch.roots) {
      if (!inList.has(root)) {
        inList.add(root);
        list.push(root);
      }
      if (!root.stagesDone.has('load-dependencies') && !batch.loaded.includes(root)) batch.loaded.push(root);
    }
    for (let i = 0; i < list.length; i++) {
      const object = list[i]!;
      if (!object.stagesDone.has('load-dependencies') && object.needed.length === 0) {
        const names = object.elf
          ? object.elf.neededLibraries
          : object.kind === 'miros'
            ? (FAMILY_DEPENDENCIES[object.soname!] ?? [])
            : [];
        for (const name of names) {
          const dependency = findOrLoad(linker, name, object, batch.loaded);
          if (!object.needed.includes(dependency)) object.needed.push(dependency);
        }
      }
      for (const dependency of object.needed) {
        if (inList.has(dependency)) continue;
        inList.add(dependency);
        list.push(dependency);
      }
    }
    batch.searchList = list;
    if (batch.mode === 'startup') {
      // The initial objects form the global scope and are never unloaded.
      linker.globalScope.push(...list);
      for (const object of list) {
        object.flags.global = true;
        object.flags.nodelete = true;
        object.openCount = 1;
      }
    }
    for (const object of batch.loaded) checkVersions(linker, object);
  },
};

/** Applies an object's own dynamic flags (DT_SYMBOLIC, DF_1_NODELETE) to its link flags. */
function readDynamicFlags(object: LinkedObject): void {
  const dynamic = object.elf?.dynamic;
  if (!dynamic) return;
  if (dynamic.has(DT_SYMBOLIC) || ((dynamic.get(DT_FLAGS) ?? 0) & DF_SYMBOLIC) !== 0) object.flags.symbolic = true;
  if (((dynamic.get(DT_FLAGS_1) ?? 0) & DF_1_NODELETE) !== 0) object.flags.nodelete = true;
}

/**
 * The object a DT_NEEDED name (or LD_PRELOAD / dlopen name) stands for: Miros's own for the libc
 * family, an object already loaded under that name, else a file found on the search path.
 * Objects it creates are appended to `loaded`.
 */
export function findOrLoad(
  linker: DynamicLinker,
  name: string,
  requester: LinkedObject | undefined,
  loaded: LinkedObject[],
): LinkedObject {
  const member = libcFamilyMember(name);
  if (member !== undefined) {
    const existing = linker.objects.find((o) => o.kind === 'miros' && o.soname === member);
    if (existing) return existing;
    const object = new LinkedObject('miros', member, name, undefined, member, undefined);
    linker.addObject(object, requester);
    loaded.push(object);
    traceFile(linker, object, requester);
    return object;
  }
  const already = linker.objects.find((o) => o.answersTo(name));
  if (already) return already;

  const trace = linker.trace;
  if (name.includes('/')) {
    const path = requester ? expandTokens(name, requester.origin) : name;
    const file = linker.files.open(path);
    if (!file) return notFound(linker, name, requester, loaded);
    const object = objectFromFile(linker, file, name, requester, true)!;
    return adopt(linker, object, requester, loaded);
  }

  trace.line('libs', `find library=${name} [0]; searching`);
  const tried = new Set<string>();
  const attempt = (directory: string): LinkedObject | undefined => {
    const path = joinPath(directory, name);
    if (tried.has(path)) return undefined;
    tried.add(path);
    trace.line('libs', `  trying file=${path}`);
    const file = linker.files.open(path);
    if (!file) return undefined;
    return objectFromFile(linker, file, name, requester, false);
  };
  let lastSource = '';
  for (const { directory, source } of directoriesBeforeCache(requester, linker.searchSettings())) {
    if (source !== lastSource && trace.enabled('libs')) trace.line('libs', ` search path=${directory}\t\t(${source})`);
    lastSource = source;
    const found = attempt(directory);
    if (found) return adopt(linker, found, requester, loaded);
  }
  const cached = linker.ldSoCache().get(name);
  trace.line('libs', ` search cache=${LD_SO_CACHE}`);
  if (cached !== undefined) {
    trace.line('libs', `  trying file=${cached}`);
    const file = linker.files.open(cached);
    const found = file ? objectFromFile(linker, file, name, requester, false) : undefined;
    if (found) return adopt(linker, found, requester, loaded);
  }
  trace.line('libs', ` search path=${SYSTEM_DIRECTORIES.join(':')}\t\t(system search path)`);
  for (const directory of SYSTEM_DIRECTORIES) {
    const found = attempt(directory);
    if (found) return adopt(linker, found, requester, loaded);
  }
  return notFound(linker, name, requester, loaded);
}

/** A library found nowhere: an error, or a placeholder when the linker only inspects (ldd). */
function notFound(
  linker: DynamicLinker,
  name: string,
  requester: LinkedObject | undefined,
  loaded: LinkedObject[],
): LinkedObject {
  if (!linker.tolerateMissing) throw libraryNotFound(linker.program, name, requester?.displayName ?? linker.program);
  const placeholder = new LinkedObject('missing', name, name, undefined, name, undefined);
  linker.addObject(placeholder, requester);
  loaded.push(placeholder);
  return placeholder;
}

/** Registers a freshly read object, unless the same file is already loaded under another name. */
function adopt(
  linker: DynamicLinker,
  object: LinkedObject,
  requester: LinkedObject | undefined,
  loaded: LinkedObject[],
): LinkedObject {
  const identity = object.identity;
  if (identity) {
    const same = linker.objects.find(
      (o) => o.identity?.device === identity.device && o.identity.inode === identity.inode,
    );
    if (same) return same;
  }
  readDynamicFlags(object);
  linker.addObject(object, requester);
  loaded.push(object);
  traceFile(linker, object, requester);
  return object;
}

function traceFile(linker: DynamicLinker, object: LinkedObject, requester: LinkedObject | undefined): void {
  const trace = linker.trace;
  if (!trace.enabled('libs')) return;
  trace.line('libs', '');
  trace.line(
    'libs',
    `file=${object.requestedName} [0];  needed by ${requester ? `${requester.displayName} [0]` : linker.program}`,
  );
}

/**
 * Reads a library file. A file that is not a loadable x86-64 shared object is skipped while
 * searching (glibc moves on to the next directory, e.g. past a 32-bit library); named by path,
 * it is an error.
 */
function objectFromFile(
  linker: DynamicLinker,
  file: LibraryFile,
  requestedName: string,
  requester: LinkedObject | undefined,
  explicit: boolean,
): LinkedObject | undefined {
  let elf: ElfFile;
  let problem: string | undefined;
  try {
    elf = ElfFile.parse(file.bytes, file.path);
    if (elf.header.type !== ET_DYN) problem = 'not a shared object (ELF type ET_EXEC: an executable)';
    else if (elf.isPie) problem = 'cannot load a position-independent executable as a library';
    else if (!elf.dynamic) problem = 'not a dynamic object (no PT_DYNAMIC)';
  } catch (error) {
    if (!(error instanceof ElfError)) throw error;
    problem = error.reason;
    elf = undefined as unknown as ElfFile;
  }
  if (problem !== undefined) {
    linker.trace.line('libs', `  skipping ${file.path}: ${problem}`);
    if (!explicit) return undefined;
    throw new LinkError({
      kind: 'bad-object',
      program: linker.program,
      object: file.path,
      reason: `cannot load it (needed by ${requester?.displayName ?? linker.program}): ${problem}`,
    });
  }
  const sonameOffset = elf.dynamic?.get(DT_SONAME);
  const soname = sonameOffset !== undefined ? elf.dynamicStrings?.lookup(sonameOffset) : undefined;
  const object = new LinkedObject('library', file.path, requestedName, elf, soname, {
    device: file.device,
    inode: file.inode,
  });
  object.origin = file.originDirectory;
  return object;
}

/** glibc's _dl_check_map_versions: every required version must exist in the providing object. */
function checkVersions(linker: DynamicLinker, object: LinkedObject): void {
  const elf = object.elf;
  if (!elf) return;
  for (const need of elf.versionNeeds) {
    if (need.file === undefined) continue;
    const provider =
      object.needed.find((o) => o.answersTo(need.file!)) ?? linker.objects.find((o) => o.answersTo(need.file!));
    if (!provider) continue;
    const defined = linker.versionsDefinedBy(provider);
    for (const entry of need.entries) {
      if (entry.name === undefined) continue;
      linker.trace.line(
        'versions',
        `checking for version \`${entry.name}' in file ${provider.displayName} [0] required by file ${object.displayName} [0]`,
      );
      if (defined.has(entry.name)) continue;
      if ((entry.flags & VER_FLG_WEAK) !== 0) {
        linker.trace.line('versions', `weak version \`${entry.name}' not found (required by ${object.displayName})`);
        continue;
      }
      throw versionNotFound(linker.program, provider.displayName, entry.name, object.displayName);
    }
  }
}
