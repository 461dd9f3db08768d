// getaddrinfo's ordering of several addresses, as glibc 2.36's rfc3484_sort (sysdeps/posix/
// getaddrinfo.c) with its default label, precedence and scope tables (no /etc/gai.conf rules):
// rule 1 unusable destinations last, 2 matching scope, 5 matching label, 6 higher precedence,
// 8 smaller scope, 9 longest matching prefix, 10 the order the source gave. Rules 3, 4 and 7
// (deprecated and home addresses, native transport) tell nothing apart on Linux without Mobile
// IPv6 or tunnels and are left out.
//
// glibc learns each destination's source address by connecting a UDP socket to it. Miros picks
// it from the host's interfaces as the kernel's routing would in the usual setups: the loopback
// address for a loopback destination, the address of an interface whose network holds the
// destination, a link-local address for a link-local one with a scope id (none without: the
// connect fails), else the first global address of the
// family (the default route's); none of the family: unusable. Node's os.networkInterfaces()
// lists the addresses glibc's netlink query (__check_pf) sees.
import { networkInterfaces } from 'node:os';

const AF_INET = 2;

export interface SortableAddress {
  family: number;
  /** 4 bytes for AF_INET, 16 for AF_INET6. */
  bytes: Uint8Array;
  /** sin6_scope_id: a link-local destination without one cannot be connected to (EINVAL). */
  scope?: number;
}

/** An interface address as a 16-byte IPv6 form (IPv4 mapped), with its prefix length. */
interface Source {
  v6: Uint8Array;
  prefix: number;
  family: number;
}

function mapped(v4: Uint8Array): Uint8Array {
  const out = new Uint8Array(16);
  out[10] = 0xff;
  out[11] = 0xff;
  out.set(v4, 12);
  return out;
}

const asV6 = (a: SortableAddress) => (a.family === AF_INET ? mapped(a.bytes) : a.bytes);
const isLoopback6 = (b: Uint8Array) => b.every((x, i) => (i < 15 ? x === 0 : x === 1));
const isV4Mapped = (b: Uint8Array) => b.subarray(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;
const isLinkLocal6 = (b: Uint8Array) => b[0] === 0xfe && (b[1]! & 0xc0) === 0x80;
const isSiteLocal6 = (b: Uint8Array) => b[0] === 0xfe && (b[1]! & 0xc0) === 0xc0;

/** The first `bits` bits of `a` and `b` agree. */
function samePrefix(a: Uint8Array, b: Uint8Array, bits: number): boolean {
  let i = 0;
  for (; bits >= 8; bits -= 8, i++) if (a[i] !== b[i]) return false;
  if (bits === 0) return true;
  const mask = (0xff00 >> bits) & 0xff;
  return (a[i]! & mask) === (b[i]! & mask);
}

/** glibc's default_labels, most specific first. */
const LABELS: readonly [number[], number, number][] = [
  [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], 128, 0],
  [[0x20, 0x02], 16, 2],
  [[], 96, 3],
  [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff], 96, 4],
  [[0xfe, 0xc0], 10, 5],
  [[0xfc], 7, 6],
  [[0x20, 0x01, 0, 0], 32, 7],
  [[], 0, 1],
];

/** glibc's default_precedence (RFC 3484's table). */
const PRECEDENCES: readonly [number[], number, number][] = [
  [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], 128, 50],
  [[0x20, 0x02], 16, 30],
  [[], 96, 20],
  [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff], 96, 10],
  [[], 0, 40],
];

function matchPrefix(v6: Uint8Array, table: readonly [number[], number, number][]): number {
  for (const [prefix, bits, value] of table) {
    const full = new Uint8Array(16);
    full.set(prefix);
    if (samePrefix(v6, full, bits)) return value;
  }
  return 0;
}

/** get_scope: IPv4 by glibc's default_scopes, IPv6 by its address type. */
function scopeOf(family: number, v6: Uint8Array): number {
  if (family === AF_INET) {
    const [a, b] = [v6[12]!, v6[13]!];
    return (a === 169 && b === 254) || a === 127 ? 2 : 14;
  }
  if (v6[0] === 0xff) return v6[1]! & 0xf;
  if (isLinkLocal6(v6) || isLoopback6(v6)) return 2;
  if (isSiteLocal6(v6)) return 5;
  return 14;
}

function interfaceSources(): Source[] {
  const sources: Source[] = [];
  for (const list of Object.values(networkInterfaces())) {
    for (const info of list ?? []) {
      const prefix = Number(info.cidr?.split('/')[1] ?? (info.family === 'IPv4' ? 32 : 128));
      if (info.family === 'IPv4') {
        const bytes = Uint8Array.from(info.address.split('.').map(Number));
        sources.push({ v6: mapped(bytes), prefix: prefix + 96, family: AF_INET });
      } else {
        sources.push({ v6: ipv6Bytes(info.address), prefix, family: 10 });
      }
    }
  }
  return sources;
}

/** A textual IPv6 address (as Node lists them: no zone) as 16 bytes. */
function ipv6Bytes(text: string): Uint8Array {
  const [head, tail] = text.split('::') as [string, string | undefined];
  const groups = (part: string | undefined) => (part ? part.split(':').map((g) => Number.parseInt(g, 16)) : []);
  const first = groups(head);
  const last = groups(tail);
  const all = tail === undefined ? first : [...first, ...Array(8 - first.length - last.length).fill(0), ...last];
  const out = new Uint8Array(16);
  all.forEach((g, i) => {
    out[2 * i] = g >> 8;
    out[2 * i + 1] = g & 0xff;
  });
  return out;
}

/** The source address the kernel would pick for `destination` (see the header), or undefined. */
function sourceFor(destination: SortableAddress, sources: Source[]): Source | undefined {
  const v6 = asV6(destination);
  const ipv4 = destination.family === AF_INET || isV4Mapped(v6);
  const candidates = sources.filter((s) => (s.family === AF_INET) === ipv4);
  const loopback = ipv4 ? v6[12] === 127 : isLoopback6(v6);
  if (loopback) return candidates.find((s) => (ipv4 ? s.v6[12] === 127 : isLoopback6(s.v6)));
  const onLink = candidates.find((s) => !isLinkLocal6(s.v6) && samePrefix(s.v6, v6, s.prefix));
  if (onLink) return onLink;
  if (!ipv4 && isLinkLocal6(v6)) return destination.scope ? candidates.find((s) => isLinkLocal6(s.v6)) : undefined;
  return (
    candidates.find((s) =>
      ipv4 ? s.v6[12] !== 127 : !isLoopback6(s.v6) && !isLinkLocal6(s.v6) && !isSiteLocal6(s.v6),
    ) ?? candidates.find((s) => (ipv4 ? s.v6[12] !== 127 : !isLoopback6(s.v6) && !isLinkLocal6(s.v6)))
  );
}

/** fls: the number of leading zero bits of a 32-bit word (32 for 0). */
function leadingZeros(word: number): number {
  return Math.clz32(word >>> 0);
}

/** The 32-bit word `i` of a 16-byte address. */
function word(b: Uint8Array, i: number): number {
  return ((b[4 * i]! << 24) | (b[4 * i + 1]! << 16) | (b[4 * i + 2]! << 8) | b[4 * i + 3]!) >>> 0;
}

/** rfc3484_sort over `addresses`: a new array in glibc's order. */
export function sortDestinations<T extends SortableAddress>(addresses: T[]): T[] {
  if (addresses.length < 2) return addresses;
  const sources = interfaceSources();
  const entries = addresses.map((address, index) => {
    const v6 = asV6(address);
    const source = sourceFor(address, sources);
    return { address, index, v6, source, dstScope: scopeOf(address.family, v6) };
  });
  entries.sort((a1, a2) => {
    // Rule 1: avoid unusable destinations.
    if (a1.source && !a2.source) return -1;
    if (!a1.source && a2.source) return 1;
    const s1 = a1.source;
    const s2 = a2.source;
    // Rule 2: prefer matching scope.
    if (s1 && s2) {
      // The source has the destination's family (a mapped IPv4 source for a mapped destination).
      const m1 = a1.dstScope === scopeOf(a1.address.family, s1.v6);
      const m2 = a2.dstScope === scopeOf(a2.address.family, s2.v6);
      if (m1 && !m2) return -1;
      if (!m1 && m2) return 1;
      // Rule 5: prefer matching label.
      const l1 = matchPrefix(a1.v6, LABELS) === matchPrefix(s1.v6, LABELS);
      const l2 = matchPrefix(a2.v6, LABELS) === matchPrefix(s2.v6, LABELS);
      if (l1 && !l2) return -1;
      if (!l1 && l2) return 1;
    }
    // Rule 6: prefer higher precedence.
    const p1 = matchPrefix(a1.v6, PRECEDENCES);
    const p2 = matchPrefix(a2.v6, PRECEDENCES);
    if (p1 !== p2) return p2 - p1;
    // Rule 8: prefer smaller scope.
    if (a1.dstScope !== a2.dstScope) return a1.dstScope - a2.dstScope;
    // Rule 9: longest matching prefix (IPv4: only within the source's network).
    if (s1 && s2 && a1.address.family === a2.address.family) {
      let bit1 = 0;
      let bit2 = 0;
      if (a1.address.family === AF_INET) {
        const net1 = s1.prefix - 96;
        const net2 = s2.prefix - 96;
        const mask = (bits: number) => (bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0);
        const d1 = word(a1.v6, 3);
        const d2 = word(a2.v6, 3);
        const src1 = word(s1.v6, 3);
        const src2 = word(s2.v6, 3);
        if ((src1 & mask(net1)) >>> 0 === (d1 & mask(net1)) >>> 0) bit1 = leadingZeros(d1 ^ src1);
        if ((src2 & mask(net2)) >>> 0 === (d2 & mask(net2)) >>> 0) bit2 = leadingZeros(d2 ^ src2);
      } else {
        let i = 0;
        while (i < 4 && word(a1.v6, i) === word(s1.v6, i) && word(a2.v6, i) === word(s2.v6, i)) i++;
        if (i < 4) {
          bit1 = leadingZeros(word(a1.v6, i) ^ word(s1.v6, i));
          bit2 = leadingZeros(word(a2.v6, i) ^ word(s2.v6, i));
        }
      }
      if (bit1 !== bit2) return bit2 - bit1;
    }
    // Rule 10: the order the source gave.
    return a1.index - a2.index;
  });
  return entries.map((e) => e.address);
}
