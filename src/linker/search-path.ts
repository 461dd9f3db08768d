// Where a library named by DT_NEEDED (without a slash) is looked for, in glibc's order:
//
//   1. DT_RPATH of the object that needs it, then of the object that loaded that one, and so on
//      up to the executable — only when the needing object has no DT_RUNPATH;
//   2. LD_LIBRARY_PATH (ignored for set-uid programs);
//   3. DT_RUNPATH of the needing object (only its own);
//   4. /etc/ld.so.cache (the directories ldconfig knows, e.g. from /etc/ld.so.conf.d);
//   5. the system directories.
//
// Entries may use $ORIGIN (the directory of the object whose RPATH/RUNPATH it is), $LIB and
// $PLATFORM, also spelled ${ORIGIN} and so on. Everything is relative to the sysroot, which is
// the guest's namespace when the linker runs inside a process.
import { DT_RPATH, DT_RUNPATH } from '../elf/index.ts';
import type { LibraryFiles } from './library-files.ts';
import type { LinkedObject } from './linked-object.ts';

/** The system directories, searched last. */
export const SYSTEM_DIRECTORIES: readonly string[] = [
  '/lib/x86_64-linux-gnu',
  '/usr/lib/x86_64-linux-gnu',
  '/lib64',
  '/usr/lib',
  '/lib',
];

/** What $LIB and $PLATFORM expand to in glibc 2.36 on Debian x86-64. */
const LIB_TOKEN = 'lib/x86_64-linux-gnu';
const PLATFORM_TOKEN = 'x86_64';

export const LD_SO_CACHE = '/etc/ld.so.cache';

/** One directory to try, and why it is on the list (for MIROS_DEBUG=libs). */
export interface SearchDirectory {
  directory: string;
  source: string;
}

/** Expands $ORIGIN, $LIB and $PLATFORM (and their ${…} spellings) in one search-path entry. */
export function expandTokens(entry: string, origin: string): string {
  return entry.replace(
    /\$(\{(ORIGIN|LIB|PLATFORM)\}|(ORIGIN|LIB|PLATFORM)(?![A-Za-z0-9_]))/g,
    (_match, _a, braced, bare) => {
      const token = (braced ?? bare) as string;
      if (token === 'ORIGIN') return origin;
      if (token === 'LIB') return LIB_TOKEN;
      return PLATFORM_TOKEN;
    },
  );
}

/** Splits a colon-separated path list; an empty entry means the current directory, as in glibc. */
export function splitPathList(list: string): string[] {
  return list.split(/[:;]/).map((entry) => (entry === '' ? '.' : entry));
}

function dynamicPath(object: LinkedObject, tag: number): string | undefined {
  const elf = object.elf;
  const offset = elf?.dynamic?.get(tag);
  if (elf === undefined || offset === undefined) return undefined;
  return elf.dynamicStrings?.lookup(offset);
}

export function runpathOf(object: LinkedObject): string | undefined {
  return dynamicPath(object, DT_RUNPATH);
}

export function rpathOf(object: LinkedObject): string | undefined {
  return dynamicPath(object, DT_RPATH);
}

function expandedList(list: string, object: LinkedObject, source: string): SearchDirectory[] {
  return splitPathList(list).map((entry) => ({ directory: expandTokens(entry, object.origin), source }));
}

export interface SearchSettings {
  /** LD_LIBRARY_PATH, already split. */
  libraryPath: readonly string[];
  /** ldconfig's cache: soname → path (empty when there is none). */
  cache: ReadonlyMap<string, string>;
  /** The executable: its RPATH ends every RPATH chain. */
  main: LinkedObject | undefined;
}

/**
 * The directories searched for a library needed by `requester`, in order, before the cache.
 * (The cache and the system directories follow: see `findLibrary`.)
 */
export function directoriesBeforeCache(
  requester: LinkedObject | undefined,
  settings: SearchSettings,
): SearchDirectory[] {
  const result: SearchDirectory[] = [];
  const runpath = requester ? runpathOf(requester) : undefined;
  if (requester && runpath === undefined) {
    const seen = new Set<LinkedObject>();
    for (let object: LinkedObject | undefined = requester; object; object = object.loader) {
      if (seen.has(object)) break;
      seen.add(object);
      const rpath = rpathOf(object);
      if (rpath !== undefined) result.push(...expandedList(rpath, object, `RPATH from file ${object.displayName}`));
    }
    const main = settings.main;
    if (main && !seen.has(main) && runpathOf(main) === undefined) {
      const rpath = rpathOf(main);
      if (rpath !== undefined) result.push(...expandedList(rpath, main, `RPATH from file ${main.displayName}`));
    }
  }
  for (const entry of settings.libraryPath) result.push({ directory: entry, source: 'LD_LIBRARY_PATH' });
  if (requester && runpath !== undefined) {
    result.push(...expandedList(runpath, requester, `RUNPATH from file ${requester.displayName}`));
  }
  return result;
}

export function joinPath(directory: string, name: string): string {
  return directory.endsWith('/') ? `${directory}${name}` : `${directory}/${name}`;
}

// ---- /etc/ld.so.cache ----

const CACHE_MAGIC = 'glibc-ld.so.cache1.1';
const CACHE_HEADER_SIZE = 48;
const CACHE_ENTRY_SIZE = 24;
/** FLAG_ELF_LIBC6 | FLAG_X8664_LIB64: an x86-64 glibc library. */
const CACHE_FLAGS_X86_64 = 0x0303;

/**
 * Reads ldconfig's cache (the "new" format, the only one glibc 2.36 writes): soname → path for
 * x86-64 libraries, first entry winning. Hardware-capability variants (glibc-hwcaps) are left out:
 * Miros's CPU is the baseline x86-64.
 */
export function readLdSoCache(files: LibraryFiles): Map<string, string> {
  const result = new Map<string, string>();
  const file = files.open(LD_SO_CACHE);
  if (!file) return result;
  const bytes = file.bytes;
  if (bytes.length < CACHE_HEADER_SIZE) return result;
  if (Buffer.from(bytes.subarray(0, CACHE_MAGIC.length)).toString('latin1') !== CACHE_MAGIC) return result;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(20, true);
  const string = (offset: number): string | undefined => {
    if (offset >= bytes.length) return undefined;
    const end = bytes.indexOf(0, offset);
    return Buffer.from(bytes.subarray(offset, end < 0 ? bytes.length : end)).toString('utf8');
  };
  for (let i = 0; i < count; i++) {
    const at = CACHE_HEADER_SIZE + i * CACHE_ENTRY_SIZE;
    if (at + CACHE_ENTRY_SIZE > bytes.length) break;
    const flags = view.getInt32(at, true);
    const hwcapLow = view.getUint32(at + 16, true);
    const hwcapHigh = view.getUint32(at + 20, true);
    if (flags !== CACHE_FLAGS_X86_64 || hwcapLow !== 0 || hwcapHigh !== 0) continue;
    const key = string(view.getUint32(at + 4, true));
    const value = string(view.getUint32(at + 8, true));
    if (key !== undefined && value !== undefined && !result.has(key)) result.set(key, value);
  }
  return result;
}
