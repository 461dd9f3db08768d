// The interface ioctls every socket answers (net/core/dev_ioctl.c, and devinet_ioctl for the
// address ones, which only AF_INET sockets take): SIOCGIFCONF, SIOCGIFNAME, SIOCGIFINDEX,
// SIOCGIFFLAGS, SIOCGIFMTU, SIOCGIFHWADDR, SIOCGIFTXQLEN, SIOCGIFMETRIC, SIOCGIFMAP and
// SIOCGIFADDR/NETMASK/BRDADDR/DSTADDR, from the host's interfaces (./host-interfaces.ts). The
// SIOCSIF* changes are EPERM: Miros drops CAP_NET_ADMIN.

import { Errno, fail } from '../errno.ts';
import { readBytes, StructBuffer, writeBytes } from '../guest-memory.ts';
import type { Thread } from '../thread.ts';
import { flagsOf, ipv4Addresses, type Link, links, macBytes, sysNumber, sysText } from './host-interfaces.ts';
import { AF_INET } from './inet-address.ts';

const SIOCGIFNAME = 0x8910;
const SIOCGIFCONF = 0x8912;
const SIOCGIFFLAGS = 0x8913;
const SIOCGIFADDR = 0x8915;
const SIOCGIFDSTADDR = 0x8917;
const SIOCGIFBRDADDR = 0x8919;
const SIOCGIFNETMASK = 0x891b;
const SIOCGIFMETRIC = 0x891d;
const SIOCGIFMTU = 0x8921;
const SIOCGIFHWADDR = 0x8927;
const SIOCGIFINDEX = 0x8933;
const SIOCGIFTXQLEN = 0x8942;
const SIOCGIFMAP = 0x8970;
/** The SIOCSIF* requests and the other changes of the 0x89xx range that need CAP_NET_ADMIN. */
const CHANGES = new Set([
  0x8914, 0x8916, 0x8918, 0x891a, 0x891c, 0x891e, 0x8922, 0x8923, 0x8924, 0x8931, 0x8932, 0x8943, 0x8971,
]);
/** SIOCDEVPRIVATE…+15: a driver's own requests (none of the host's drivers are the run's). */
const SIOCDEVPRIVATE = 0x89f0;
/** sizeof(struct ifreq), of struct ifconf, and IFNAMSIZ. */
const IFREQ_SIZE = 40;
const IFCONF_SIZE = 16;
const IFNAMSIZ = 16;

/** The interface a struct ifreq names (ENODEV when there is none). */
function namedLink(name: string): Link {
  const link = links().find((l) => l.name === name);
  if (!link) fail(Errno.ENODEV);
  return link;
}

function nameOf(ifreq: Uint8Array): string {
  let name = '';
  for (let i = 0; i < IFNAMSIZ - 1 && ifreq[i] !== 0; i++) name += String.fromCharCode(ifreq[i]!);
  return name;
}

/** A sockaddr_in of four address bytes. */
function ipv4Sockaddr(ip: Uint8Array | undefined): Uint8Array {
  const s = new StructBuffer(16).u16(0, AF_INET);
  if (ip) s.bytes.set(ip, 4);
  return s.bytes;
}

/**
 * An interface ioctl on a socket of `family`: the result, or undefined when `request` is not
 * one (the socket's own ioctls then answer).
 */
export function interfaceIoctl(thread: Thread, family: number, request: number, argument: number): number | undefined {
  const memory = thread.process.memory;
  if (CHANGES.has(request)) fail(Errno.EPERM);
  if (request === SIOCGIFCONF) {
    const conf = StructBuffer.read(memory, argument, IFCONF_SIZE);
    const room = conf.getI32(0);
    const buffer = conf.getI64(8);
    const addresses = ipv4Addresses();
    if (buffer === 0) {
      conf.u32(0, addresses.length * IFREQ_SIZE);
    } else {
      let used = 0;
      for (const a of addresses) {
        if (room - used < IFREQ_SIZE) break;
        const ifreq = new Uint8Array(IFREQ_SIZE);
        ifreq.set(Buffer.from(a.link.name.slice(0, IFNAMSIZ - 1), 'latin1'));
        ifreq.set(ipv4Sockaddr(a.ip), IFNAMSIZ);
        writeBytes(memory, buffer + used, ifreq);
        used += IFREQ_SIZE;
      }
      conf.u32(0, used);
    }
    conf.writeTo(memory, argument);
    return 0;
  }
  const known = [
    SIOCGIFNAME,
    SIOCGIFFLAGS,
    SIOCGIFADDR,
    SIOCGIFDSTADDR,
    SIOCGIFBRDADDR,
    SIOCGIFNETMASK,
    SIOCGIFMETRIC,
    SIOCGIFMTU,
    SIOCGIFHWADDR,
    SIOCGIFINDEX,
    SIOCGIFTXQLEN,
    SIOCGIFMAP,
  ];
  const driverRequest = request >= SIOCDEVPRIVATE && request <= SIOCDEVPRIVATE + 15;
  if (!known.includes(request) && !driverRequest) return undefined;
  const ifreq = readBytes(memory, argument, IFREQ_SIZE);
  if (driverRequest) {
    namedLink(nameOf(ifreq));
    fail(Errno.EOPNOTSUPP);
  }
  const view = new DataView(ifreq.buffer, ifreq.byteOffset, IFREQ_SIZE);
  if (request === SIOCGIFNAME) {
    const index = view.getInt32(IFNAMSIZ, true);
    const link = links().find((l) => l.index === index);
    if (!link) fail(Errno.ENODEV);
    const name = new Uint8Array(IFNAMSIZ);
    name.set(Buffer.from(link.name.slice(0, IFNAMSIZ - 1), 'latin1'));
    writeBytes(memory, argument, name);
    return 0;
  }
  const addressRequest =
    request === SIOCGIFADDR || request === SIOCGIFDSTADDR || request === SIOCGIFBRDADDR || request === SIOCGIFNETMASK;
  // The address requests are devinet_ioctl's: an AF_INET socket's only.
  if (addressRequest && family !== AF_INET) fail(Errno.ENOTTY);
  const link = namedLink(nameOf(ifreq));
  const name = link.name;
  let value: Uint8Array;
  const int = (v: number) => new StructBuffer(4).u32(0, v >>> 0).bytes;
  if (addressRequest) {
    const address = ipv4Addresses().find((a) => a.link.name === name);
    if (!address) fail(Errno.EADDRNOTAVAIL);
    if (request === SIOCGIFNETMASK) value = ipv4Sockaddr(address.mask);
    else if (request === SIOCGIFBRDADDR) value = ipv4Sockaddr(address.broadcast);
    else value = ipv4Sockaddr(address.ip);
  } else if (request === SIOCGIFFLAGS) {
    value = new StructBuffer(2).u16(0, flagsOf(name) & 0xffff).bytes;
  } else if (request === SIOCGIFMTU) {
    value = int(sysNumber(name, 'mtu'));
  } else if (request === SIOCGIFINDEX) {
    value = int(link.index);
  } else if (request === SIOCGIFTXQLEN) {
    value = int(sysNumber(name, 'tx_queue_len'));
  } else if (request === SIOCGIFMETRIC) {
    value = int(0);
  } else if (request === SIOCGIFMAP) {
    value = new Uint8Array(24);
  } else {
    // SIOCGIFHWADDR: the hardware type in sa_family, the address in sa_data.
    const hardware = new StructBuffer(16).u16(0, sysNumber(name, 'type'));
    hardware.bytes.set(macBytes(sysText(name, 'address')).subarray(0, 14), 2);
    value = hardware.bytes;
  }
  writeBytes(memory, argument + IFNAMSIZ, value);
  return 0;
}
