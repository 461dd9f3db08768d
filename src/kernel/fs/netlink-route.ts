// NETLINK_ROUTE's read side: the answers to RTM_GETLINK and RTM_GETADDR (the dumps glibc's
// getaddrinfo, getifaddrs and if_nameindex make), built from what the host shows of its
// interfaces (./host-interfaces.ts) and /proc/net/if_inet6 (IPv6 addresses with Linux's own
// flags and scopes), in Linux's message layouts (rtnl_fill_ifinfo, inet_fill_ifaddr,
// inet6_fill_ifaddr; only the attributes listed here).

import { readFileSync } from 'node:fs';
import { LINK_STATISTICS } from '../abi/link-statistics.ts';
import { StructBuffer } from '../guest-memory.ts';
import {
  carrierOf,
  flagsOf,
  ipv4Addresses,
  type Link,
  links,
  macBytes,
  sysNumber,
  sysText,
} from './host-interfaces.ts';
import { AF_INET, AF_INET6 } from './inet-address.ts';

export const RTM_NEWLINK = 16;
export const RTM_GETLINK = 18;
export const RTM_NEWADDR = 20;
export const RTM_GETADDR = 22;

/** IF_OPER_* by /sys/class/net/X/operstate. */
const OPERSTATES: Record<string, number> = {
  unknown: 0,
  notpresent: 1,
  down: 2,
  lowerlayerdown: 3,
  testing: 4,
  dormant: 5,
  up: 6,
};

const IFLA_ADDRESS = 1;
const IFLA_BROADCAST = 2;
const IFLA_IFNAME = 3;
const IFLA_MTU = 4;
const IFLA_STATS = 7;
const IFLA_TXQLEN = 13;
const IFLA_OPERSTATE = 16;
const IFLA_LINKMODE = 17;
const IFLA_STATS64 = 23;
const IFLA_CARRIER = 33;

const IFA_ADDRESS = 1;
const IFA_LOCAL = 2;
const IFA_LABEL = 3;
const IFA_BROADCAST = 4;
const IFA_CACHEINFO = 6;
const IFA_FLAGS = 8;
const IFA_F_PERMANENT = 0x80;
const RT_SCOPE_UNIVERSE = 0;
const RT_SCOPE_LINK = 253;
const RT_SCOPE_HOST = 254;

/** An rtattr: length, type, the payload, padded to 4 bytes. */
function attribute(type: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil((4 + payload.length) / 4) * 4);
  new DataView(out.buffer).setUint16(0, 4 + payload.length, true);
  new DataView(out.buffer).setUint16(2, type, true);
  out.set(payload, 4);
  return out;
}

const u8 = (v: number) => new Uint8Array([v & 0xff]);
const u32 = (v: number) => new StructBuffer(4).u32(0, v >>> 0).bytes;
const text = (s: string) => new Uint8Array([...Buffer.from(s, 'latin1'), 0]);

/** A netlink message: header (length, type, flags, seq, port id), then the body's parts. */
export function message(type: number, flags: number, seq: number, portId: number, parts: Uint8Array[]): Uint8Array {
  const length = 16 + parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(Math.ceil(length / 4) * 4);
  const header = new StructBuffer(16).u32(0, length).u16(4, type).u16(6, flags).u32(8, seq).u32(12, portId);
  out.set(header.bytes);
  let at = 16;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** RTM_NEWLINK's body for one interface: struct ifinfomsg and its attributes. */
function linkBody(link: Link): Uint8Array[] {
  const name = link.name;
  const flags = flagsOf(name);
  const operstate = sysText(name, 'operstate') ?? 'unknown';
  const carrier = carrierOf(name);
  const info = new StructBuffer(16).u16(2, sysNumber(name, 'type')).u32(4, link.index).u32(8, flags);
  const counters = LINK_STATISTICS.map((s) => sysNumber(name, `statistics/${s}`));
  const stats32 = new StructBuffer(counters.length * 4);
  const stats64 = new StructBuffer(counters.length * 8 + 8);
  for (const [i, v] of counters.entries()) {
    stats32.u32(i * 4, v >>> 0);
    stats64.u32(i * 8, v % 2 ** 32).u32(i * 8 + 4, Math.floor(v / 2 ** 32));
  }
  return [
    info.bytes,
    attribute(IFLA_IFNAME, text(name)),
    attribute(IFLA_TXQLEN, u32(sysNumber(name, 'tx_queue_len'))),
    attribute(IFLA_OPERSTATE, u8(OPERSTATES[operstate] ?? 0)),
    attribute(IFLA_LINKMODE, u8(sysNumber(name, 'link_mode'))),
    attribute(IFLA_MTU, u32(sysNumber(name, 'mtu'))),
    attribute(IFLA_CARRIER, u8(carrier)),
    attribute(IFLA_ADDRESS, macBytes(sysText(name, 'address'))),
    attribute(IFLA_BROADCAST, macBytes(sysText(name, 'broadcast'))),
    attribute(IFLA_STATS64, stats64.bytes),
    attribute(IFLA_STATS, stats32.bytes),
  ];
}

/** The RTM_NEWLINK bodies: every interface, or the one with `index`. */
export function linkBodies(index: number): Uint8Array[][] {
  return links()
    .filter((link) => index === 0 || link.index === index)
    .map(linkBody);
}

/** IFA_CACHEINFO of an address that never expires (times: 0). */
const FOREVER = new StructBuffer(16).u32(0, 0xffffffff).u32(4, 0xffffffff).bytes;

/** RTM_NEWADDR bodies of the IPv4 addresses, interface by interface. */
function ipv4Bodies(): Uint8Array[][] {
  return ipv4Addresses().map(({ link, ip, prefix, broadcast }) => {
    const scope = ip[0] === 127 ? RT_SCOPE_HOST : RT_SCOPE_UNIVERSE;
    const header = new StructBuffer(8);
    header.bytes.set([AF_INET, prefix, IFA_F_PERMANENT, scope]);
    header.u32(4, link.index);
    const parts = [header.bytes, attribute(IFA_ADDRESS, ip), attribute(IFA_LOCAL, ip)];
    if (broadcast) parts.push(attribute(IFA_BROADCAST, broadcast));
    parts.push(
      attribute(IFA_LABEL, text(link.name)),
      attribute(IFA_FLAGS, u32(IFA_F_PERMANENT)),
      attribute(IFA_CACHEINFO, FOREVER),
    );
    return parts;
  });
}

/** RTM_NEWADDR bodies of the IPv6 addresses (/proc/net/if_inet6), interface by interface, global first. */
function ipv6Bodies(): Uint8Array[][] {
  let lines: string[];
  try {
    lines = readFileSync('/proc/net/if_inet6', 'latin1').trim().split('\n');
  } catch {
    return [];
  }
  const entries = lines
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f.length >= 6)
    .map(([address = '', index = '0', prefix = '0', scope = '0', flags = '0']) => ({
      ip: new Uint8Array(address.match(/../g)?.map((h) => Number.parseInt(h, 16)) ?? []),
      index: Number.parseInt(index, 16),
      prefix: Number.parseInt(prefix, 16),
      // if_inet6 shows IPV6_ADDR_* scope bits: 0x10 host, 0x20 link, 0 global.
      scope: ((s) => (s & 0x10 ? RT_SCOPE_HOST : s & 0x20 ? RT_SCOPE_LINK : RT_SCOPE_UNIVERSE))(
        Number.parseInt(scope, 16),
      ),
      flags: Number.parseInt(flags, 16),
    }))
    .filter((e) => e.ip.length === 16)
    .sort((a, b) => a.index - b.index || a.scope - b.scope);
  return entries.map((e) => {
    const header = new StructBuffer(8);
    header.bytes.set([AF_INET6, e.prefix, e.flags & 0xff, e.scope]);
    header.u32(4, e.index);
    return [
      header.bytes,
      attribute(IFA_ADDRESS, e.ip),
      attribute(IFA_CACHEINFO, FOREVER),
      attribute(IFA_FLAGS, u32(e.flags)),
    ];
  });
}

/** The RTM_NEWADDR bodies of `family` (AF_UNSPEC: IPv4 then IPv6, as rtnl_dump_all goes). */
export function addressBodies(family: number): Uint8Array[][] {
  const bodies: Uint8Array[][] = [];
  if (family === 0 || family === AF_INET) bodies.push(...ipv4Bodies());
  if (family === 0 || family === AF_INET6) bodies.push(...ipv6Bodies());
  return bodies;
}
