// IPv4 and IPv6 addresses as the run's AF_INET/AF_INET6 sockets keep them: every address is 16
// bytes, an IPv4 one in its v4-mapped form (::ffff:a.b.c.d), so one comparison serves both
// families and a dual-stack IPv6 socket sees IPv4 peers as Linux shows them. Which addresses are
// this machine's (bind refuses others with EADDRNOTAVAIL; connect reaches them on loopback)
// comes from the host's interfaces, as natively.

import { os } from '../../host/lazy-builtins.ts';
import { StructBuffer } from '../guest-memory.ts';

export const AF_INET = 2;
export const AF_INET6 = 10;
/** sizeof(struct sockaddr_in), sizeof(struct sockaddr_in6), and SIN6_LEN_RFC2133 (no scope id). */
export const SOCKADDR_IN_SIZE = 16;
export const SOCKADDR_IN6_SIZE = 28;
export const SIN6_LEN_RFC2133 = 24;

/** An address and a port (host byte order). */
export interface Endpoint {
  ip: Uint8Array;
  port: number;
}

/** The v4-mapped form of an IPv4 address given as four bytes. */
export function mappedIpv4(a: number, b: number, c: number, d: number): Uint8Array {
  return new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, a, b, c, d]);
}

export const IPV4_ANY = mappedIpv4(0, 0, 0, 0);
export const IPV4_LOOPBACK = mappedIpv4(127, 0, 0, 1);
export const IPV6_ANY = new Uint8Array(16);
export const IPV6_LOOPBACK = new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);

export function isIpv4(ip: Uint8Array): boolean {
  for (let i = 0; i < 10; i++) if (ip[i] !== 0) return false;
  return ip[10] === 0xff && ip[11] === 0xff;
}

export function sameIp(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < 16; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** INADDR_ANY (in its mapped form) or in6addr_any. */
export function isWildcard(ip: Uint8Array): boolean {
  return sameIp(ip, IPV6_ANY) || sameIp(ip, IPV4_ANY);
}

export function isLoopback(ip: Uint8Array): boolean {
  return (isIpv4(ip) && ip[12] === 127) || sameIp(ip, IPV6_LOOPBACK);
}

let hostAddresses: Uint8Array[] | undefined;

/** The addresses of this machine's interfaces (as `ip addr` lists them), read once. */
function interfaceAddresses(): Uint8Array[] {
  if (hostAddresses) return hostAddresses;
  hostAddresses = [];
  for (const entries of Object.values(os().networkInterfaces())) {
    for (const entry of entries ?? []) {
      const ip = parseIp(entry.address);
      if (ip) hostAddresses.push(ip);
    }
  }
  return hostAddresses;
}

/** Whether an address belongs to this machine: a socket may bind it, and reaches it on loopback. */
export function isLocal(ip: Uint8Array): boolean {
  if (isWildcard(ip) || isLoopback(ip)) return true;
  return interfaceAddresses().some((own) => sameIp(own, ip));
}

/**
 * The source address Linux's routing picks for a local destination: 127.0.0.1 for the rest of
 * 127.0.0.0/8 (the loopback route's src), the address itself for the machine's other addresses.
 */
export function sourceFor(destination: Uint8Array): Uint8Array {
  if (isIpv4(destination) && destination[12] === 127) return IPV4_LOOPBACK;
  if (isWildcard(destination)) return isIpv4(destination) ? IPV4_LOOPBACK : IPV6_LOOPBACK;
  return destination;
}

/** Text (dotted quad or IPv6) to the 16-byte form; undefined when it is neither. */
export function parseIp(text: string): Uint8Array | undefined {
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) return mappedIpv4(Number(v4[1]), Number(v4[2]), Number(v4[3]), Number(v4[4]));
  const zone = text.indexOf('%');
  const plain = zone >= 0 ? text.slice(0, zone) : text;
  if (!/^[0-9a-fA-F:.]+$/.test(plain)) return undefined;
  const [head = '', tail] = plain.split('::');
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const expand = (list: string[]) =>
    list.flatMap((g) => {
      const quad = g.includes('.') ? parseIp(g) : undefined;
      if (quad) return [(quad[12]! << 8) | quad[13]!, (quad[14]! << 8) | quad[15]!];
      return [Number.parseInt(g, 16)];
    });
  const first = expand(groups(head));
  const last = tail === undefined ? [] : expand(groups(tail));
  const words = tail === undefined ? first : [...first, ...new Array(8 - first.length - last.length).fill(0), ...last];
  if (words.length !== 8 || words.some((w) => !(w >= 0 && w <= 0xffff))) return undefined;
  const ip = new Uint8Array(16);
  for (const [i, w] of words.entries()) {
    ip[i * 2] = w >> 8;
    ip[i * 2 + 1] = w & 0xff;
  }
  return ip;
}

/** For messages: dotted quad for IPv4 addresses, Node's text for IPv6 ones. */
export function formatIp(ip: Uint8Array): string {
  if (isIpv4(ip)) return `${ip[12]}.${ip[13]}.${ip[14]}.${ip[15]}`;
  const words: string[] = [];
  for (let i = 0; i < 16; i += 2) words.push(((ip[i]! << 8) | ip[i + 1]!).toString(16));
  return words.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
}

/**
 * An endpoint as a socket of `family` shows it (getsockname, getpeername, accept, recvfrom):
 * a sockaddr_in, or a sockaddr_in6 with flowinfo and scope id 0 (IPv4 addresses v4-mapped).
 */
export function socketAddress(family: number, endpoint: Endpoint): Uint8Array {
  if (family === AF_INET) {
    const s = new StructBuffer(SOCKADDR_IN_SIZE).u16(0, AF_INET);
    s.bytes[2] = endpoint.port >> 8;
    s.bytes[3] = endpoint.port & 0xff;
    s.bytes.set(endpoint.ip.subarray(12, 16), 4);
    return s.bytes;
  }
  const s = new StructBuffer(SOCKADDR_IN6_SIZE).u16(0, AF_INET6);
  s.bytes[2] = endpoint.port >> 8;
  s.bytes[3] = endpoint.port & 0xff;
  s.bytes.set(endpoint.ip, 8);
  return s.bytes;
}

/** The family field of a struct sockaddr (0 for one too short to hold it). */
export function familyOf(bytes: Uint8Array): number {
  return bytes.length < 2 ? 0 : bytes[0]! | (bytes[1]! << 8);
}

/** sin_port/sin6_port (network byte order at offset 2). */
export function portOf(bytes: Uint8Array): number {
  return (bytes[2]! << 8) | bytes[3]!;
}

/** The address of a sockaddr_in (as v4-mapped) or a sockaddr_in6. */
export function ipOf(bytes: Uint8Array): Uint8Array {
  if (familyOf(bytes) === AF_INET6) return bytes.slice(8, 24);
  return mappedIpv4(bytes[4]!, bytes[5]!, bytes[6]!, bytes[7]!);
}
