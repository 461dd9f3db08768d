// net/if.h's name and index functions (if_nametoindex, if_indextoname, if_nameindex,
// if_freenameindex) and netinet/in.h's in6addr_any and in6addr_loopback. glibc asks the kernel
// with ioctls and netlink; Miros has no network stack of its own, so it reads the host's
// interfaces from /sys/class/net (each directory an interface, its ifindex file the index),
// which is what the kernel answers those questions from.
import { readdirSync, readFileSync } from 'node:fs';
import { Errno } from '../../kernel/errno.ts';
import type { FunctionTable, ObjectTable } from '../exports/binding-types.ts';
import { checkWrite, cString, loadPointer, storeBytes, storePointer } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';

/** IFNAMSIZ: interface names are shorter than this (with their NUL). */
const IFNAMSIZ = 16;
const NAME_INDEX_SIZE = 16;

/** The host's interface index of a name (if_nametoindex), undefined when there is none. */
export function interfaceIndex(name: string): number | undefined {
  if (name === '' || name.includes('/') || name === '.' || name === '..') return undefined;
  try {
    const value = Number.parseInt(readFileSync(`/sys/class/net/${name}/ifindex`, 'latin1'), 10);
    return Number.isFinite(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The host's interfaces by increasing index. */
export function interfaces(): { name: string; index: number }[] {
  let names: string[];
  try {
    names = readdirSync('/sys/class/net');
  } catch {
    return [];
  }
  const found: { name: string; index: number }[] = [];
  for (const name of names) {
    const index = interfaceIndex(name);
    if (index !== undefined) found.push({ name, index });
  }
  return found.sort((a, b) => a.index - b.index);
}

/** if_indextoname over the host's interfaces. */
export function interfaceName(index: number): string | undefined {
  return interfaces().find((i) => i.index === index)?.name;
}

function placeConstant(libc: LibcProcess, name: string, bytes: Uint8Array): number {
  return libc.objectAddress(name, () => {
    const cell = libc.data.allocate(bytes.length, 4);
    libc.memory.bytes.set(bytes, cell);
    return cell;
  });
}

export const INTERFACE_OBJECTS: ObjectTable = {
  in6addr_any: (libc) => placeConstant(libc, 'in6addr_any', new Uint8Array(16)),
  in6addr_loopback: (libc) =>
    placeConstant(libc, 'in6addr_loopback', Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1)),
};

export const INTERFACE_FUNCTIONS: FunctionTable = {
  if_nametoindex: (f, libc) => {
    const name = cString(libc.memory, f.ptr(0));
    const index = name.length < IFNAMSIZ ? interfaceIndex(name) : undefined;
    if (index !== undefined) return index;
    libc.errno = Errno.ENODEV;
    return 0;
  },
  if_indextoname: (f, libc) => {
    const name = interfaceName(f.uint(0));
    if (name === undefined) {
      // glibc turns the ioctl's ENODEV into ENXIO.
      libc.errno = Errno.ENXIO;
      return 0;
    }
    storeBytes(libc.memory, f.ptr(1), Buffer.from(name, 'latin1'), true);
    return f.ptr(1);
  },
  if_nameindex: (_f, libc) => {
    const list = interfaces();
    const array = libc.heap.allocate((list.length + 1) * NAME_INDEX_SIZE);
    if (array === 0) {
      libc.errno = Errno.ENOBUFS;
      return 0;
    }
    checkWrite(libc.memory, array, (list.length + 1) * NAME_INDEX_SIZE);
    list.forEach((entry, i) => {
      const bytes = Buffer.from(entry.name, 'latin1');
      const name = libc.heap.allocate(bytes.length + 1);
      storeBytes(libc.memory, name, bytes, true);
      libc.memory.view.setUint32(array + i * NAME_INDEX_SIZE, entry.index, true);
      libc.memory.view.setUint32(array + i * NAME_INDEX_SIZE + 4, 0, true);
      storePointer(libc.memory, array + i * NAME_INDEX_SIZE + 8, name);
    });
    libc.memory.view.setUint32(array + list.length * NAME_INDEX_SIZE, 0, true);
    libc.memory.view.setUint32(array + list.length * NAME_INDEX_SIZE + 4, 0, true);
    storePointer(libc.memory, array + list.length * NAME_INDEX_SIZE + 8, 0);
    return array;
  },
  if_freenameindex: (f, libc) => {
    const array = f.ptr(0);
    // glibc frees names until the terminating entry (index 0 and name NULL), then the array.
    for (let at = array; ; at += NAME_INDEX_SIZE) {
      const name = loadPointer(libc.memory, at + 8);
      if (libc.memory.view.getUint32(at, true) === 0 && name === 0) break;
      if (name !== 0) libc.heap.release(name, 'if_freenameindex');
    }
    libc.heap.release(array, 'if_freenameindex');
    return undefined;
  },
};
