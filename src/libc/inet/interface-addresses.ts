// getifaddrs/freeifaddrs (ifaddrs.h). glibc asks the kernel over netlink: first the links
// (RTM_GETLINK: one AF_PACKET entry per interface, by index, its hardware and broadcast address
// in struct sockaddr_ll and its struct rtnl_link_stats as ifa_data), then the addresses
// (RTM_GETADDR: the AF_INET ones, then the AF_INET6 ones, interface by interface). Miros has no
// network stack: the links come from the host's /sys/class/net (as if_nameindex's do,
// ./interfaces.ts), the addresses from Node's os.networkInterfaces() (the host's getifaddrs).
// glibc returns the whole list in one allocation (freeifaddrs is a single free); so does Miros.
import { readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { LINK_STATISTICS } from '../../kernel/abi/link-statistics.ts';
import { Errno } from '../../kernel/errno.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { checkWrite, storePointer } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { parseIpv4Strict, parseIpv6 } from './inet-address.ts';
import { interfaceIndex, interfaces } from './interfaces.ts';

const AF_INET = 2;
const AF_INET6 = 10;
const AF_PACKET = 17;
const IFF_UP = 0x1;
const IFF_BROADCAST = 0x2;
const IFF_RUNNING = 0x40;
const IFF_LOWER_UP = 0x10000;
const IFF_DORMANT = 0x20000;
/** struct ifaddrs: next 0, name 8, flags 16, addr 24, netmask 32, broadaddr/dstaddr 40, data 48. */
const ENTRY_SIZE = 56;
const SOCKADDR_LL_SIZE = 20;
const SOCKADDR_IN_SIZE = 16;
const SOCKADDR_IN6_SIZE = 28;

/** One entry of the list before it is laid out in guest memory. */
interface Entry {
  name: string;
  flags: number;
  addr: Uint8Array;
  netmask: Uint8Array | undefined;
  broadaddr: Uint8Array | undefined;
  data: Uint8Array | undefined;
}

function sysText(name: string, file: string): string | undefined {
  try {
    return readFileSync(`/sys/class/net/${name}/${file}`, 'latin1').trim();
  } catch {
    return undefined;
  }
}

/** The flags netlink reports (dev_get_flags): the configured ones plus the link's state. */
function linkFlags(name: string): number {
  let flags = Number.parseInt(sysText(name, 'flags') ?? '0', 16) || 0;
  if ((flags & IFF_UP) !== 0) {
    const state = sysText(name, 'operstate');
    if (state === 'up' || state === 'unknown') flags |= IFF_RUNNING;
    if (state === 'dormant') flags |= IFF_DORMANT;
    if (sysText(name, 'carrier') === '1') flags |= IFF_LOWER_UP;
  }
  return flags >>> 0;
}

function hardwareBytes(text: string | undefined, length: number): Uint8Array {
  const out = new Uint8Array(length);
  (text ?? '').split(':').forEach((part, i) => {
    if (i < length) out[i] = Number.parseInt(part, 16) || 0;
  });
  return out;
}

function linkAddress(index: number, type: number, hardware: Uint8Array): Uint8Array {
  const out = new Uint8Array(SOCKADDR_LL_SIZE);
  const view = new DataView(out.buffer);
  view.setUint16(0, AF_PACKET, true);
  view.setInt32(4, index, true);
  view.setUint16(8, type, true);
  out[11] = hardware.length;
  out.set(hardware.subarray(0, 8), 12);
  return out;
}

function linkEntry(name: string, index: number): Entry {
  const length = Number.parseInt(sysText(name, 'addr_len') ?? '0', 10) || 0;
  const type = Number.parseInt(sysText(name, 'type') ?? '0', 10) || 0;
  const data = new Uint8Array(4 * LINK_STATISTICS.length);
  const view = new DataView(data.buffer);
  LINK_STATISTICS.forEach((counter, i) => {
    const value = Number(sysText(name, `statistics/${counter}`) ?? '0');
    view.setUint32(4 * i, Number.isFinite(value) ? value % 2 ** 32 : 0, true);
  });
  return {
    name,
    flags: linkFlags(name),
    addr: linkAddress(index, type, hardwareBytes(sysText(name, 'address'), length)),
    netmask: undefined,
    broadaddr: linkAddress(index, type, hardwareBytes(sysText(name, 'broadcast'), length)),
    data,
  };
}

function inetAddress(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(SOCKADDR_IN_SIZE);
  out[0] = AF_INET;
  out.set(bytes, 4);
  return out;
}

function inet6Address(bytes: Uint8Array, scope: number): Uint8Array {
  const out = new Uint8Array(SOCKADDR_IN6_SIZE);
  out[0] = AF_INET6;
  out.set(bytes, 8);
  new DataView(out.buffer).setUint32(24, scope, true);
  return out;
}

/** The list as glibc's netlink walk builds it. */
function entries(): Entry[] {
  const links = interfaces();
  const out: Entry[] = links.map((link) => linkEntry(link.name, link.index));
  const flagsOf = new Map(links.map((link) => [link.name, out.find((e) => e.name === link.name)!.flags]));
  const hostAddresses = networkInterfaces();
  // Addresses by interface index (labels like eth0:1 belong to eth0), IPv4 first, then IPv6.
  const named = Object.entries(hostAddresses).map(([name, list]) => ({
    name,
    index: interfaceIndex(name.split(':')[0]!) ?? Number.MAX_SAFE_INTEGER,
    list: list ?? [],
  }));
  named.sort((a, b) => a.index - b.index);
  for (const family of ['IPv4', 'IPv6'] as const) {
    for (const { name, index, list } of named) {
      const flags = flagsOf.get(name.split(':')[0]!) ?? 0;
      for (const info of list) {
        if (info.family !== family) continue;
        if (family === 'IPv4') {
          const address = parseIpv4Strict(info.address);
          const mask = parseIpv4Strict(info.netmask);
          if (address === undefined || mask === undefined) continue;
          // Without IFA_BROADCAST glibc reports IFA_ADDRESS (the address itself) there.
          const broadcast =
            (flags & IFF_BROADCAST) !== 0 ? address.map((byte, i) => byte | (~mask[i]! & 0xff)) : address;
          out.push({
            name,
            flags,
            addr: inetAddress(address),
            netmask: inetAddress(mask),
            broadaddr: inetAddress(broadcast),
            data: undefined,
          });
        } else {
          const address = parseIpv6(info.address);
          const mask = parseIpv6(info.netmask);
          if (address === undefined || mask === undefined) continue;
          // Link-local unicast (fe80::/10) and multicast (ff02::/16) addresses carry their interface.
          const linkLocal =
            (address[0] === 0xfe && (address[1]! & 0xc0) === 0x80) ||
            (address[0] === 0xff && (address[1]! & 0x0f) === 2);
          const scope = linkLocal && index !== Number.MAX_SAFE_INTEGER ? index : 0;
          out.push({
            name,
            flags,
            addr: inet6Address(address, scope),
            netmask: inet6Address(mask, 0),
            broadaddr: undefined,
            data: undefined,
          });
        }
      }
    }
  }
  return out;
}

/** Lays the list out in one heap block: the entries, then each one's name, addresses and data. */
function place(libc: LibcProcess, list: Entry[]): number {
  let size = list.length * ENTRY_SIZE;
  const align = (n: number): number => (n + 7) & ~7;
  for (const e of list) {
    size += align(Buffer.byteLength(e.name, 'latin1') + 1);
    for (const part of [e.addr, e.netmask, e.broadaddr, e.data]) if (part) size += align(part.length);
  }
  const block = libc.heap.allocate(size);
  if (block === 0) return 0;
  checkWrite(libc.memory, block, size);
  const m = libc.memory.bytes;
  m.fill(0, block, block + size);
  let tail = block + list.length * ENTRY_SIZE;
  const put = (bytes: Uint8Array): number => {
    const at = tail;
    m.set(bytes, at);
    tail += align(bytes.length);
    return at;
  };
  list.forEach((e, i) => {
    const entry = block + i * ENTRY_SIZE;
    storePointer(libc.memory, entry, i + 1 < list.length ? entry + ENTRY_SIZE : 0);
    storePointer(libc.memory, entry + 8, put(Buffer.from(`${e.name}\0`, 'latin1')));
    libc.memory.view.setUint32(entry + 16, e.flags, true);
    storePointer(libc.memory, entry + 24, put(e.addr));
    storePointer(libc.memory, entry + 32, e.netmask ? put(e.netmask) : 0);
    storePointer(libc.memory, entry + 40, e.broadaddr ? put(e.broadaddr) : 0);
    storePointer(libc.memory, entry + 48, e.data ? put(e.data) : 0);
  });
  return block;
}

export const INTERFACE_ADDRESS_FUNCTIONS: FunctionTable = {
  getifaddrs: (f, libc) => {
    const list = entries();
    // An empty list is a NULL *ifap and success, as glibc's is.
    const block = list.length === 0 ? 0 : place(libc, list);
    if (list.length > 0 && block === 0) {
      libc.errno = Errno.ENOMEM;
      return -1;
    }
    checkWrite(libc.memory, f.ptr(0), 8);
    storePointer(libc.memory, f.ptr(0), block);
    return 0;
  },
  freeifaddrs: (f, libc) => {
    const list = f.ptr(0);
    if (list !== 0) libc.heap.release(list, 'freeifaddrs');
    return undefined;
  },
};
