// X/Open message catalogs (nl_types.h): catopen, catgets, catclose, as glibc 2.36's catgets/ over
// the binary catalogs gencat writes.
//
// catopen(name, flag): a name with a '/' is the file itself; otherwise the templates of $NLSPATH
// (when set and not empty) and then glibc's default list are tried in order, each with %N (the
// name), %L (LC_MESSAGES's locale name with NL_CAT_LOCALE, else $LANG; "C" when empty), %l, %t,
// %c (its language, territory and codeset parts) and %% expanded; an empty template is the name;
// an unknown % sequence drops its template. The first file that opens is the catalog. It must be
// a regular file holding: the magic 0x960408de (either byte order), the hash plane size and
// depth, a table of (set, message, string offset) triples for each byte order (this one's first),
// then the strings; glibc's sanity checks on the sizes and the last string apply. Failure is
// (nl_catd) -1 with errno as the failing step left it (EINVAL for a file too small or not
// regular).
//
// catgets(catd, set, message, default): the triple (set + 1, message) is looked up at
// ((set + 1) × message) mod plane size in each plane; the string, or the default with ENOMSG;
// -1 as catd (or a negative set or message) is the default, errno untouched.
// catclose frees the catalog (EBADF and -1 for -1).
//
// The descriptor is a malloc'd block as glibc's: the file's copy, the plane size and depth.
import { Errno } from '../../kernel/errno.ts';
import { environmentValue } from '../environment/environment.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { cString, loadPointer, storePointer } from '../runtime/guest-access.ts';
import { Sys } from '../runtime/kernel-call.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { LC_MESSAGES } from './categories.ts';
import { localeState } from './locale-state.ts';

const CATGETS_MAGIC = 0x960408de;
const NL_CAT_LOCALE = 1;
const DEFAULT_NLSPATH =
  '/usr/share/locale/%L/%N:/usr/share/locale/%L/LC_MESSAGES/%N:/usr/share/locale/%l/%N:/usr/share/locale/%l/LC_MESSAGES/%N:';
/** struct catalog_obj's header: magic, plane size, plane depth. */
const HEADER_SIZE = 12;
const O_RDONLY = 0;
const STAT_SIZE = 144;
const ST_MODE = 24;
const ST_SIZE = 48;
const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
/** The descriptor block: the file's copy, its plane size and depth. */
const DESCRIPTOR_SIZE = 16;
const FAILED = -1;

/** The file names catopen tries, in order. */
function candidates(name: string, path: string | undefined, locale: string): string[] {
  if (path === undefined) return [name];
  // glibc's parts of the locale name: the language is at least its first character.
  let end = 1;
  while (end < locale.length && locale[end] !== '_' && locale[end] !== '.') end++;
  const language = locale.slice(0, end);
  let territory = '';
  if (locale[end] === '_') {
    let stop = end + 2;
    while (stop < locale.length && locale[stop] !== '.') stop++;
    territory = locale.slice(end + 1, stop);
  }
  let dot = 1;
  while (dot < locale.length && locale[dot] !== '.') dot++;
  const codeset = locale[dot] === '.' ? locale.slice(dot + 1) : '';
  const names: string[] = [];
  for (const template of path.split(':').slice(0, path.endsWith(':') ? -1 : undefined)) {
    if (template === '') {
      names.push(name);
      continue;
    }
    let out = '';
    let dropped = false;
    for (let i = 0; i < template.length; i++) {
      const c = template[i]!;
      if (c !== '%') {
        out += c;
        continue;
      }
      const next = template[++i];
      if (next === 'N') out += name;
      else if (next === 'L') out += locale;
      else if (next === 'l') out += language;
      else if (next === 't') out += territory;
      else if (next === 'c') out += codeset;
      else if (next === '%') out += '%';
      else {
        dropped = true;
        break;
      }
    }
    if (!dropped && out !== '') names.push(out);
  }
  return names;
}

/** Opens the first candidate that opens; the descriptor or -1 (errno from the last open). */
function openFirst(libc: LibcProcess, names: readonly string[]): number {
  for (const name of names) {
    const bytes = Buffer.from(`${name}\0`, 'latin1');
    const path = libc.heap.allocate(bytes.length);
    libc.memory.bytes.set(bytes, path);
    const fd = libc.sys(Sys.open, path, O_RDONLY, 0);
    libc.heap.release(path);
    if (fd >= 0) return fd;
    libc.errno = -fd;
  }
  return -1;
}

/** Reads the catalog file into a malloc'd copy and checks it as __open_catalog does; the descriptor or -1. */
function loadCatalog(libc: LibcProcess, fd: number): number {
  const memory = libc.memory;
  const stat = libc.heap.allocate(STAT_SIZE);
  try {
    if (libc.sysResult(libc.sys(Sys.fstat, fd, stat)) < 0) return FAILED;
    const size = Number(memory.view.getBigInt64(stat + ST_SIZE, true));
    if ((memory.view.getUint32(stat + ST_MODE, true) & S_IFMT) !== S_IFREG || size < HEADER_SIZE) {
      libc.errno = Errno.EINVAL;
      return FAILED;
    }
    const file = libc.heap.allocate(size);
    if (file === 0) return FAILED;
    for (let done = 0; done < size; ) {
      const n = libc.sys(Sys.read, fd, file + done, size - done);
      if (n === -Errno.EINTR) continue;
      if (n <= 0) {
        if (n < 0) libc.errno = -n;
        libc.heap.release(file);
        return FAILED;
      }
      done += n;
    }
    const view = memory.view;
    const magic = view.getUint32(file, true);
    const swapping = magic !== CATGETS_MAGIC;
    if (swapping && view.getUint32(file, false) !== CATGETS_MAGIC) {
      libc.heap.release(file);
      return FAILED;
    }
    const planeSize = view.getUint32(file + 4, !swapping);
    const planeDepth = view.getUint32(file + 8, !swapping);
    const tableSize = 3 * planeSize * planeDepth;
    const strings = file + HEADER_SIZE + 8 * tableSize;
    let maxOffset = 0;
    for (let i = 2; i < tableSize; i += 3)
      maxOffset = Math.max(maxOffset, view.getUint32(file + HEADER_SIZE + 4 * i, true));
    // glibc's checks, with its own arithmetic (the table counted as 2 bytes an entry), then the
    // last string must end inside the file.
    let valid = size > HEADER_SIZE + 2 * tableSize + maxOffset;
    if (valid) {
      const last = strings + maxOffset;
      const nul = last < file + size ? memory.bytes.subarray(last, file + size).indexOf(0) : -1;
      valid = nul >= 0;
    }
    if (!valid) {
      libc.heap.release(file);
      return FAILED;
    }
    const descriptor = libc.heap.allocate(DESCRIPTOR_SIZE);
    if (descriptor === 0) {
      libc.heap.release(file);
      return FAILED;
    }
    storePointer(memory, descriptor, file);
    view.setUint32(descriptor + 8, planeSize, true);
    view.setUint32(descriptor + 12, planeDepth, true);
    return descriptor;
  } finally {
    libc.heap.release(stat);
  }
}

function catopen(libc: LibcProcess, nameAddress: number, flag: number): number {
  const name = cString(libc.memory, nameAddress);
  let path: string | undefined;
  let locale = 'C';
  if (!name.includes('/')) {
    const wanted =
      flag === NL_CAT_LOCALE ? localeState(libc).global.names[LC_MESSAGES] : environmentValue(libc, 'LANG');
    if (wanted !== undefined && wanted !== '') locale = wanted;
    const user = environmentValue(libc, 'NLSPATH');
    path = user !== undefined && user !== '' ? `${user}:${DEFAULT_NLSPATH}` : DEFAULT_NLSPATH;
  }
  const fd = openFirst(libc, candidates(name, path, locale));
  if (fd < 0) return FAILED;
  const descriptor = loadCatalog(libc, fd);
  const errno = libc.errno;
  libc.sys(Sys.close, fd);
  libc.errno = errno;
  return descriptor;
}

function catgets(libc: LibcProcess, descriptor: number, setNumber: number, message: number, fallback: number): number {
  // Catalogs store set + 1 (gencat's numbering); a failed catopen's -1, a set below 0 and a
  // negative message number give the default quietly.
  const set = (setNumber + 1) | 0;
  if (descriptor === FAILED || set <= 0 || message < 0) return fallback;
  const memory = libc.memory;
  const view = memory.view;
  const file = loadPointer(memory, descriptor);
  const planeSize = view.getUint32(descriptor + 8, true);
  const planeDepth = view.getUint32(descriptor + 12, true);
  const table = file + HEADER_SIZE;
  const strings = table + 8 * 3 * planeSize * planeDepth;
  let index = (Math.imul(set, message) >>> 0) % planeSize;
  for (let plane = 0; plane < planeDepth; plane++, index += planeSize) {
    const entry = table + 12 * index;
    if (view.getUint32(entry, true) === set >>> 0 && view.getUint32(entry + 4, true) === message >>> 0)
      return strings + view.getUint32(entry + 8, true);
  }
  libc.errno = Errno.ENOMSG;
  return fallback;
}

function catclose(libc: LibcProcess, descriptor: number): number {
  if (descriptor === FAILED) {
    libc.errno = Errno.EBADF;
    return -1;
  }
  libc.heap.release(loadPointer(libc.memory, descriptor));
  libc.heap.release(descriptor);
  return 0;
}

export const MESSAGE_CATALOG_FUNCTIONS: FunctionTable = {
  catopen: (f, libc) => catopen(libc, f.ptr(0), f.int(1)),
  // nl_catd -1 is the failed catopen's; f.long reads it exactly (as a pointer it would round).
  catgets: (f, libc) => catgets(libc, f.long(0), f.int(1), f.int(2), f.ptr(3)),
  catclose: (f, libc) => catclose(libc, f.long(0)),
};
