// The host's network interfaces as the kernel knows them, read from what the host shows:
// /sys/class/net (index, flags, type, MTU, queue length, hardware addresses, statistics) and
// os.networkInterfaces() (IPv4 addresses). NETLINK_ROUTE (./netlink-route.ts) and the
// interface ioctls (./interface-ioctl.ts) answer from here.

import { readdirSync, readFileSync } from 'node:fs';
import { os } from '../../host/lazy-builtins.ts';
import { parseIp } from './inet-address.ts';

const IFF_UP = 0x1;
const IFF_RUNNING = 0x40;
const IFF_LOWER_UP = 0x10000;

export function sysText(name: string, file: string): string | undefined {
  try {
    return readFileSync(`/sys/class/net/${name}/${file}`, 'latin1').trim();
  } catch {
    return undefined;
  }
}

export function sysNumber(name: string, file: string, fallback = 0): number {
  const text = sysText(name, file);
  if (text === undefined) return fallback;
  const value = text.startsWith('0x') ? Number.parseInt(text, 16) : Number.parseInt(text, 10);
  return Number.isFinite(value) ? value : fallback;
}

export function macBytes(text: string | undefined): Uint8Array {
  if (!text) return new Uint8Array(0);
  return new Uint8Array(text.split(':').map((h) => Number.parseInt(h, 16) & 0xff));
}

export interface Link {
  index: number;
  name: string;
}

/** The host's interfaces by index. */
export function links(): Link[] {
  let names: string[];
  try {
    names = readdirSync('/sys/class/net');
  } catch {
    names = [];
  }
  return names
    .map((name) => ({ index: sysNumber(name, 'ifindex'), name }))
    .filter((link) => link.index > 0)
    .sort((a, b) => a.index - b.index);
}

/**
 * /sys shows the carrier only while the interface is up; a down one keeps the state it had,
 * which for most devices (that set no carrier loss) is "on".
 */
export function carrierOf(name: string): number {
  return sysNumber(name, 'carrier', 1);
}

/** dev_get_flags: the interface's flags with IFF_RUNNING and IFF_LOWER_UP as Linux adds them. */
export function flagsOf(name: string): number {
  let flags = sysNumber(name, 'flags');
  const operstate = sysText(name, 'operstate') ?? 'unknown';
  if (flags & IFF_UP) {
    if (operstate === 'up' || operstate === 'unknown') flags |= IFF_RUNNING;
    if (carrierOf(name)) flags |= IFF_LOWER_UP;
  }
  return flags;
}

export interface Ipv4Address {
  link: Link;
  /** Four bytes each. */
  ip: Uint8Array;
  mask: Uint8Array;
  prefix: number;
  /** Undefined for loopback and /31, /32 networks. */
  broadcast: Uint8Array | undefined;
}

function prefixOf(netmask: Uint8Array): number {
  let bits = 0;
  for (const byte of netmask) for (let b = 7; b >= 0; b--) if (byte & (1 << b)) bits++;
  return bits;
}

/** The IPv4 addresses, interface by interface. */
export function ipv4Addresses(): Ipv4Address[] {
  const out: Ipv4Address[] = [];
  const all = os().networkInterfaces();
  for (const link of links()) {
    for (const entry of all[link.name] ?? []) {
      if (entry.family !== 'IPv4') continue;
      const ip = parseIp(entry.address)?.slice(12);
      const mask = parseIp(entry.netmask)?.slice(12);
      if (!ip || !mask) continue;
      const prefix = prefixOf(mask);
      const broadcast = ip[0] !== 127 && prefix < 31 ? ip.map((b, i) => b | (~mask[i]! & 0xff)) : undefined;
      out.push({ link, ip, mask, prefix, broadcast });
    }
  }
  return out;
}
