// The process environment as glibc 2.36 keeps it: `environ` is a guest variable (programs read and
// assign it directly, possibly through their own copy-relocated cell), so every function here
// reads the current pointer from that cell each time. setenv/putenv grow a malloc'ed array of
// their own ("last_environ" in glibc's setenv.c), copying the start-up array the first time;
// unsetenv removes entries in place, whichever array they live in; clearenv frees libc's array.
import { Errno } from '../../kernel/errno.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { cStringLength, loadPointer, storePointer } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { copyForChild, ProcessState } from '../runtime/process-states.ts';
import { environCell } from '../start/startup.ts';

const EQUALS = 0x3d;
/** Auxiliary vector key of the kernel's "secure mode" flag (set-user-ID and the like). */
const AT_SECURE = 23;

/** The array setenv allocated last, per process (glibc's last_environ): freed by clearenv, grown by setenv. */
const libcArrays = new ProcessState<number>('environment/environment libcArrays', copyForChild);

/** The current value of `environ`: the address of the NULL-terminated pointer array (0 if cleared). */
export function environArray(libc: LibcProcess): number {
  return loadPointer(libc.memory, environCell(libc));
}

/**
 * The index of the entry NAME=… in the environment, or -1; `nameLength` bytes at `name` are the
 * name (for putenv, the part of "NAME=value" before the '=').
 */
function findEntry(libc: LibcProcess, array: number, name: number, nameLength: number): number {
  if (array === 0) return -1;
  const memory = libc.memory;
  const bytes = memory.bytes;
  for (let index = 0; ; index++) {
    const entry = loadPointer(memory, array + 8 * index);
    if (entry === 0) return -1;
    let i = 0;
    while (i < nameLength && bytes[entry + i] === bytes[name + i]) i++;
    if (i === nameLength && bytes[entry + i] === EQUALS) return index;
  }
}

function entryCount(libc: LibcProcess, array: number): number {
  if (array === 0) return 0;
  let count = 0;
  while (loadPointer(libc.memory, array + 8 * count) !== 0) count++;
  return count;
}

/** getenv: the address of the value of NAME in the guest environment, or 0. */
export function getenvAddress(libc: LibcProcess, name: number): number {
  const nameLength = cStringLength(libc.memory, name);
  // glibc: an empty name is never found (even if an entry starts with '=').
  if (nameLength === 0) return 0;
  const array = environArray(libc);
  const index = findEntry(libc, array, name, nameLength);
  if (index < 0) return 0;
  return loadPointer(libc.memory, array + 8 * index) + nameLength + 1;
}

/**
 * The value of environment variable `name` as the guest sees it now (after setenv, putenv or an
 * assignment to environ), as a JavaScript string of its bytes (Latin-1), or undefined if unset.
 * For other parts of libc (setlocale(""), tzset, TZDIR).
 */
export function environmentValue(libc: LibcProcess, name: string): string | undefined {
  const memory = libc.memory;
  const bytes = memory.bytes;
  const array = environArray(libc);
  if (array === 0 || name.length === 0) return undefined;
  for (let index = 0; ; index++) {
    const entry = loadPointer(memory, array + 8 * index);
    if (entry === 0) return undefined;
    let i = 0;
    while (i < name.length && bytes[entry + i] === name.charCodeAt(i)) i++;
    if (i === name.length && bytes[entry + i] === EQUALS) {
      const start = entry + i + 1;
      const length = cStringLength(memory, start);
      return Buffer.from(bytes.subarray(start, start + length)).toString('latin1');
    }
  }
}

/** Whether the process runs in secure mode (AT_SECURE non-zero): secure_getenv then finds nothing. */
export function secureMode(libc: LibcProcess): boolean {
  const auxv = libc.process.argumentArea.auxv;
  const view = new DataView(auxv.buffer, auxv.byteOffset, auxv.byteLength);
  for (let at = 0; at + 16 <= auxv.length; at += 16) {
    const key = view.getUint32(at, true) + view.getUint32(at + 4, true) * 4294967296;
    if (key === 0) break;
    if (key === AT_SECURE) return view.getUint32(at + 8, true) !== 0 || view.getUint32(at + 12, true) !== 0;
  }
  return false;
}

/** A name setenv/unsetenv accept: not NULL, not empty, no '='. Sets EINVAL otherwise. */
function validName(libc: LibcProcess, name: number): number | undefined {
  if (name !== 0) {
    const length = cStringLength(libc.memory, name);
    if (length > 0 && libc.memory.bytes.subarray(name, name + length).indexOf(EQUALS) < 0) return length;
  }
  libc.errno = Errno.EINVAL;
  return undefined;
}

/**
 * glibc's __add_to_environ: `entry` is the complete "NAME=value" string to install (setenv's
 * malloc'ed copy or putenv's own string), created lazily so that a refused replacement allocates
 * nothing. Returns 0, or -1 with ENOMEM.
 */
function addToEnvironment(
  libc: LibcProcess,
  name: number,
  nameLength: number,
  entry: () => number,
  replace: boolean,
): number {
  const array = environArray(libc);
  const index = findEntry(libc, array, name, nameLength);
  if (index >= 0) {
    if (!replace) return 0;
    const string = entry();
    if (string === 0) return -1;
    storePointer(libc.memory, array + 8 * index, string);
    return 0;
  }
  const count = entryCount(libc, array);
  const previous = libcArrays.get(libc) ?? 0;
  const ours = previous !== 0 && previous === array;
  const grown = libc.heap.allocate(8 * (count + 2));
  if (grown === 0) {
    libc.errno = Errno.ENOMEM;
    return -1;
  }
  if (count > 0) libc.memory.bytes.copyWithin(grown, array, array + 8 * count);
  const string = entry();
  if (string === 0) {
    libc.heap.release(grown);
    return -1;
  }
  storePointer(libc.memory, grown + 8 * count, string);
  storePointer(libc.memory, grown + 8 * (count + 1), 0);
  if (ours) libc.heap.release(previous);
  libcArrays.set(libc, grown);
  storePointer(libc.memory, environCell(libc), grown);
  return 0;
}

function setenv(libc: LibcProcess, name: number, value: number, replace: boolean): number {
  const nameLength = validName(libc, name);
  if (nameLength === undefined) return -1;
  // glibc measures the value unconditionally: setenv(name, NULL, …) faults there, as natively.
  const valueLength = cStringLength(libc.memory, value);
  const makeEntry = () => {
    const string = libc.heap.allocate(nameLength + valueLength + 2);
    if (string === 0) {
      libc.errno = Errno.ENOMEM;
      return 0;
    }
    const bytes = libc.memory.bytes;
    bytes.copyWithin(string, name, name + nameLength);
    bytes[string + nameLength] = EQUALS;
    bytes.copyWithin(string + nameLength + 1, value, value + valueLength);
    bytes[string + nameLength + 1 + valueLength] = 0;
    return string;
  };
  return addToEnvironment(libc, name, nameLength, makeEntry, replace);
}

/** unsetenv: every NAME=… entry is removed, later entries moving down in place. */
function unsetenv(libc: LibcProcess, name: number, nameLength: number): number {
  const memory = libc.memory;
  const array = environArray(libc);
  if (array === 0) return 0;
  for (;;) {
    const index = findEntry(libc, array, name, nameLength);
    if (index < 0) return 0;
    let at = array + 8 * index;
    for (;;) {
      const next = loadPointer(memory, at + 8);
      storePointer(memory, at, next);
      if (next === 0) break;
      at += 8;
    }
  }
}

/** putenv: the caller's string itself goes into the environment; without '=' it unsets the name. */
function putenv(libc: LibcProcess, string: number): number {
  const length = cStringLength(libc.memory, string);
  const equals = libc.memory.bytes.subarray(string, string + length).indexOf(EQUALS);
  if (equals < 0) return unsetenv(libc, string, length);
  return addToEnvironment(libc, string, equals, () => string, true);
}

function clearenv(libc: LibcProcess): number {
  const array = environArray(libc);
  const ours = libcArrays.get(libc) ?? 0;
  if (array !== 0 && array === ours) {
    libc.heap.release(ours);
    libcArrays.delete(libc);
  }
  storePointer(libc.memory, environCell(libc), 0);
  return 0;
}

function secureGetenv(libc: LibcProcess, name: number): number {
  return secureMode(libc) ? 0 : getenvAddress(libc, name);
}

export const ENVIRONMENT_FUNCTIONS: FunctionTable = {
  getenv: (f, libc) => getenvAddress(libc, f.ptr(0)),
  secure_getenv: (f, libc) => secureGetenv(libc, f.ptr(0)),
  __secure_getenv: (f, libc) => secureGetenv(libc, f.ptr(0)),
  __libc_secure_getenv: (f, libc) => secureGetenv(libc, f.ptr(0)),
  setenv: (f, libc) => setenv(libc, f.ptr(0), f.ptr(1), f.int(2) !== 0),
  unsetenv: (f, libc) => {
    const nameLength = validName(libc, f.ptr(0));
    return nameLength === undefined ? -1 : unsetenv(libc, f.ptr(0), nameLength);
  },
  putenv: (f, libc) => putenv(libc, f.ptr(0)),
  clearenv: (_f, libc) => clearenv(libc),
};
