// The contract between the dynamic linker and Miros libc.
//
// The libc family (LIBC_FAMILY below) is never loaded from disk. Each member is a synthetic
// object whose symbols come from Miros libc's export table: a name, a version, whether that
// version is the default (`memcpy@@GLIBC_2.14`) or a hidden old one (`memcpy@GLIBC_2.2.5`), what
// the symbol is (a function entry point, a data object, a thread-local variable) and its size.
//
// Two halves, because `miros ldd --missing` needs the table without a process:
//   LibcExportTable — what libc exports (pure data);
//   LibcInstance    — libc inside one process: where each export lives in guest memory, libc's
//                     own static TLS, what it must learn from the linker (copy relocations).
// `LibcProvider` ties them together; the libc engineer's module implements it and hands it to
// the linker (`setLibcProvider`). Until then the linker runs with `noLibc`, which knows the family
// and its versions but exports nothing (a program importing `puts` stops with "undefined symbol:
// puts, version GLIBC_2.2.5", and `miros ldd --missing` lists it).
//
// What the linker offers libc in return is `DynamicLinker` (./dynamic-linker.ts): the dl API
// (dlopen/dlsym/dlclose/dladdr/dlinfo/dl_iterate_phdr data), the main program's initialisers for
// __libc_start_main, thread blocks (TCB, static TLS, DTV) for pthread_create.
import type { DynamicLinker } from './dynamic-linker.ts';
import type { LinkerMemory } from './memory/linker-memory.ts';

/** The libraries Miros provides itself, by soname. */
export const LIBC_FAMILY: readonly string[] = [
  'libc.so.6',
  'libm.so.6',
  'libpthread.so.0',
  'libdl.so.2',
  'librt.so.1',
  'libutil.so.1',
  'libresolv.so.2',
  'libanl.so.1',
  'ld-linux-x86-64.so.2',
];

/** What each family member needs, as the real libraries' DT_NEEDED say (glibc 2.36). */
export const FAMILY_DEPENDENCIES: Readonly<Record<string, readonly string[]>> = {
  'libc.so.6': ['ld-linux-x86-64.so.2'],
  'libm.so.6': ['libc.so.6', 'ld-linux-x86-64.so.2'],
  'libpthread.so.0': ['libc.so.6'],
  'libdl.so.2': ['libc.so.6'],
  'librt.so.1': ['libc.so.6'],
  'libutil.so.1': ['libc.so.6'],
  'libresolv.so.2': ['libc.so.6'],
  'libanl.so.1': ['libc.so.6'],
  'ld-linux-x86-64.so.2': [],
};

/** The dynamic linker's own soname: its exports (__tls_get_addr, _r_debug…) are the linker's. */
export const DYNAMIC_LINKER_SONAME = 'ld-linux-x86-64.so.2';

/**
 * The family member a DT_NEEDED name (or an LD_PRELOAD / dlopen path) stands for, or undefined.
 * Paths count by their last component: `/lib64/ld-linux-x86-64.so.2` is the dynamic linker.
 */
export function libcFamilyMember(name: string): string | undefined {
  const base = name.slice(name.lastIndexOf('/') + 1);
  return LIBC_FAMILY.includes(base) ? base : undefined;
}

export type ExportKind = 'function' | 'object' | 'tls';

/** One symbol a libc-family library exports. */
export interface LibcExport {
  library: string;
  name: string;
  /** The version it is defined with ("GLIBC_2.2.5"); undefined for an unversioned export. */
  version: string | undefined;
  /** Whether `version` is the default one (`name@@version`), which unversioned references bind to. */
  isDefault: boolean;
  kind: ExportKind;
  /** st_size: the object's size (copy relocations copy this much), 0 for functions if unknown. */
  size: number;
}

export interface LibcExportTable {
  /**
   * The versions `library` defines (its verdef names, e.g. GLIBC_2.2.5 … GLIBC_2.36), checked
   * against what programs require (verneed) as glibc's ld.so checks them at start-up.
   */
  versionsOf(library: string): readonly string[];
  /**
   * The export a reference binds to. `version` undefined is an unversioned reference: it binds to
   * the default version, never to a hidden one. A versioned reference binds to exactly that
   * version, hidden or not (old binaries keep their old behaviour).
   */
  find(library: string, name: string, version: string | undefined): LibcExport | undefined;
}

/** What libc needs from its process to set itself up. */
export interface LibcContext {
  /** For placing entry points and data objects in guest memory. */
  memory: LinkerMemory;
  linker: DynamicLinker;
}

export interface LibcStaticTls {
  size: number;
  align: number;
  /** The initialised part (.tdata); the rest of `size` is zero (.tbss). */
  image: Uint8Array;
}

/** Miros libc inside one process. */
export interface LibcInstance {
  /**
   * Where an export found by `find` lives: the guest address of a function's entry point or of a
   * data object; for a 'tls' export, its offset inside libc's TLS block (`tls` below).
   */
  addressOf(symbol: LibcExport): number;
  /** libc's own thread-local data (errno…), laid out with the program's static TLS. */
  readonly tls?: LibcStaticTls;
  /** Told where libc's TLS block is: its module id and its offset below the thread pointer. */
  tlsPlaced?(moduleId: number, threadPointerOffset: number): void;
  /**
   * The size of libc's thread descriptor (glibc's struct pthread, which starts with the TCB at
   * the thread pointer). The linker reserves it above the static TLS of every thread.
   */
  readonly threadDescriptorSize?: number;
  /**
   * A copy relocation put the program's copy of a libc data object (stdout, environ, optind…) at
   * `address`: libc must use that copy from now on, as glibc's own code does through its GOT.
   */
  copied?(symbol: LibcExport, address: number): void;
}

export interface LibcProvider {
  readonly exports: LibcExportTable;
  /** Creates libc for a process: installs its entry points and data objects in guest memory. */
  instantiate(context: LibcContext): LibcInstance;
}

/** The versions each family member defines in glibc 2.36 (verdef order, as `readelf -V` lists them on Debian 12). */
export const GLIBC_VERSIONS: Readonly<Record<string, readonly string[]>> = {
  'libc.so.6': [
    'GLIBC_2.2.5',
    'GLIBC_2.2.6',
    'GLIBC_2.3',
    'GLIBC_2.3.2',
    'GLIBC_2.3.3',
    'GLIBC_2.3.4',
    'GLIBC_2.4',
    'GLIBC_2.5',
    'GLIBC_2.6',
    'GLIBC_2.7',
    'GLIBC_2.8',
    'GLIBC_2.9',
    'GLIBC_2.10',
    'GLIBC_2.11',
    'GLIBC_2.12',
    'GLIBC_2.13',
    'GLIBC_2.14',
    'GLIBC_2.15',
    'GLIBC_2.16',
    'GLIBC_2.17',
    'GLIBC_2.18',
    'GLIBC_2.22',
    'GLIBC_2.23',
    'GLIBC_2.24',
    'GLIBC_2.25',
    'GLIBC_2.26',
    'GLIBC_2.27',
    'GLIBC_2.28',
    'GLIBC_2.29',
    'GLIBC_2.30',
    'GLIBC_2.31',
    'GLIBC_2.32',
    'GLIBC_2.33',
    'GLIBC_2.34',
    'GLIBC_2.35',
    'GLIBC_2.36',
    'GLIBC_ABI_DT_RELR',
    'GLIBC_PRIVATE',
  ],
  'libm.so.6': [
    'GLIBC_2.2.5',
    'GLIBC_2.4',
    'GLIBC_2.15',
    'GLIBC_2.18',
    'GLIBC_2.23',
    'GLIBC_2.24',
    'GLIBC_2.25',
    'GLIBC_2.26',
    'GLIBC_2.27',
    'GLIBC_2.28',
    'GLIBC_2.29',
    'GLIBC_2.31',
    'GLIBC_2.32',
    'GLIBC_2.35',
  ],
  'libpthread.so.0': [
    'GLIBC_2.2.5',
    'GLIBC_2.2.6',
    'GLIBC_2.3.2',
    'GLIBC_2.3.3',
    'GLIBC_2.3.4',
    'GLIBC_2.4',
    'GLIBC_2.11',
    'GLIBC_2.12',
    'GLIBC_2.18',
    'GLIBC_2.28',
    'GLIBC_2.30',
    'GLIBC_2.31',
  ],
  'libdl.so.2': ['GLIBC_2.2.5', 'GLIBC_2.3.3', 'GLIBC_2.3.4'],
  'librt.so.1': ['GLIBC_2.2.5', 'GLIBC_2.3.3', 'GLIBC_2.3.4', 'GLIBC_2.4', 'GLIBC_2.7'],
  'libutil.so.1': ['GLIBC_2.2.5'],
  'libresolv.so.2': ['GLIBC_2.2.5', 'GLIBC_2.3.2', 'GLIBC_2.9', 'GLIBC_PRIVATE'],
  'libanl.so.1': ['GLIBC_2.2.5'],
  'ld-linux-x86-64.so.2': ['GLIBC_2.2.5', 'GLIBC_2.3', 'GLIBC_2.4', 'GLIBC_2.34', 'GLIBC_2.35', 'GLIBC_PRIVATE'],
};

/** The family with glibc's versions but no exports: what the linker uses until Miros libc is set. */
export const noLibc: LibcProvider = {
  exports: {
    versionsOf: (library) => GLIBC_VERSIONS[library] ?? [],
    find: () => undefined,
  },
  instantiate: () => ({
    addressOf: (symbol) => {
      throw new Error(`no Miros libc: cannot place ${symbol.name}`);
    },
  }),
};

let installed: LibcProvider = noLibc;

/** Makes `provider` the libc every later link uses (the libc module calls this once). */
export function setLibcProvider(provider: LibcProvider): void {
  installed = provider;
}

export function libcProvider(): LibcProvider {
  return installed;
}
