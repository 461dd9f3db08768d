// getusershell/setusershell/endusershell as glibc 2.36's (misc/getusershell.c): /etc/shells read
// whole at the first call (or setusershell), each line's first absolute path kept (a line whose
// first '/' or '#' is a '#', or whose path is '/' alone or followed by a blank, is skipped; the
// path ends at a blank or '#'), in a list getusershell walks; without the file, /bin/sh and
// /bin/csh. The strings and the list are libc's heap allocations, freed by endusershell.
import type { FunctionTable } from '../exports/binding-types.ts';
import { loadPointer, storeBytes, storePointer } from '../runtime/guest-access.ts';
import { Sys } from '../runtime/kernel-call.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { copyForChild, ProcessState } from '../runtime/process-states.ts';

const O_RDONLY_CLOEXEC = 0o2000000;
const ST_SIZE = 48;

interface Shells {
  /** The NULL-terminated list (guest), its strings' block, and the next entry's index. */
  list: number;
  strings: number;
  next: number;
  /** Whether `list` is libc's two built-in names (not freed). */
  builtIn: boolean;
  fallback: number;
}

const states = new ProcessState<Shells>('unistd/user-shells states', copyForChild, () => ({
  list: 0,
  strings: 0,
  next: 0,
  builtIn: false,
  fallback: 0,
}));

function placeFallback(libc: LibcProcess): number {
  const list = libc.data.allocate(24, 8);
  const names = ['/bin/sh', '/bin/csh'].map((name) => {
    const address = libc.data.allocate(name.length + 1, 1);
    storeBytes(libc.memory, address, Buffer.from(name, 'latin1'), true);
    return address;
  });
  storePointer(libc.memory, list, names[0]!);
  storePointer(libc.memory, list + 8, names[1]!);
  return list;
}

function release(libc: LibcProcess, shells: Shells): void {
  if (!shells.builtIn && shells.list !== 0) libc.heap.release(shells.list, 'free');
  if (shells.strings !== 0) libc.heap.release(shells.strings, 'free');
  shells.list = 0;
  shells.strings = 0;
  shells.builtIn = false;
}

const isSpace = (c: number) => c === 0x20 || (c >= 0x09 && c <= 0x0d);

/** initshells: the list from /etc/shells. */
function initShells(libc: LibcProcess): Shells {
  const shells = states.of(libc);
  release(libc, shells);
  shells.next = 0;
  const useFallback = (): Shells => {
    if (shells.fallback === 0) shells.fallback = placeFallback(libc);
    shells.list = shells.fallback;
    shells.builtIn = true;
    return shells;
  };
  const path = libc.scratch;
  storeBytes(libc.memory, path, Buffer.from('/etc/shells', 'latin1'), true);
  const fd = libc.sys(Sys.openat, -100, path, O_RDONLY_CLOEXEC, 0);
  if (fd < 0) return useFallback();
  if (libc.sys(Sys.fstat, fd, libc.scratch) < 0) {
    libc.sys(Sys.close, fd);
    return useFallback();
  }
  const size = Number(libc.memory.view.getBigInt64(libc.scratch + ST_SIZE, true));
  const strings = libc.heap.allocate(size + 3);
  const list = strings === 0 ? 0 : libc.heap.allocate(Math.floor(size / 3) * 8 + 8);
  if (list === 0) {
    if (strings !== 0) libc.heap.release(strings, 'free');
    libc.sys(Sys.close, fd);
    return useFallback();
  }
  // The file's bytes, read into the strings block (fgets reads them there line by line).
  let have = 0;
  while (have < size) {
    const n = libc.sys(Sys.read, fd, strings + have, size - have);
    if (n <= 0) break;
    have += n;
  }
  libc.sys(Sys.close, fd);
  const bytes = libc.memory.bytes;
  let count = 0;
  let lineStart = strings;
  const end = strings + have;
  while (lineStart < end) {
    let lineEnd = lineStart;
    while (lineEnd < end && bytes[lineEnd] !== 0x0a) lineEnd++;
    let at = lineStart;
    while (at < lineEnd && bytes[at] !== 0x23 && bytes[at] !== 0x2f && bytes[at] !== 0) at++;
    if (at < lineEnd && bytes[at] === 0x2f && at + 1 < end && bytes[at + 1] !== 0 && !isSpace(bytes[at + 1]!)) {
      const start = at;
      while (at < end && !isSpace(bytes[at]!) && bytes[at] !== 0x23 && bytes[at] !== 0) at++;
      bytes[at] = 0;
      storePointer(libc.memory, list + 8 * count++, start);
    }
    lineStart = lineEnd + 1;
  }
  storePointer(libc.memory, list + 8 * count, 0);
  shells.list = list;
  shells.strings = strings;
  return shells;
}

function getUserShell(libc: LibcProcess): number {
  let shells = states.of(libc);
  if (shells.list === 0) shells = initShells(libc);
  const entry = loadPointer(libc.memory, shells.list + 8 * shells.next);
  if (entry !== 0) shells.next++;
  return entry;
}

export const USER_SHELL_FUNCTIONS: FunctionTable = {
  getusershell: (_f, libc) => getUserShell(libc),
  setusershell: (_f, libc) => {
    initShells(libc);
    return undefined;
  },
  endusershell: (_f, libc) => {
    const shells = states.get(libc);
    if (shells !== undefined) {
      release(libc, shells);
      shells.next = 0;
    }
    return undefined;
  },
};
