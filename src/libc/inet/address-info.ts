// getaddrinfo, freeaddrinfo and getnameinfo as glibc 2.36 answers them from the files sources
// (sysdeps/posix/getaddrinfo.c, inet/getnameinfo.c): numeric addresses (inet_aton's forms, IPv6
// with a %scope), /etc/hosts (./hosts-file.ts) and /etc/services, the hints' checks in glibc's
// order with its EAI_* codes, the socket-type table (tcp, udp, raw by default; dccp, udplite and
// sctp when asked for or named in /etc/services), results ordered address by address and socket
// type by socket type, ai_canonname on the first, AI_ADDRCONFIG from the host's interfaces
// (glibc asks netlink; Node's os.networkInterfaces() reports the same addresses).
//
// Each result is one heap block (struct addrinfo, then its sockaddr) and ai_canonname another,
// as glibc allocates them, so freeaddrinfo frees both. Several distinct addresses are ordered by
// glibc's RFC 3484 rules (./address-sort.ts).
//
// A name /etc/hosts does not have goes to the next source /etc/nsswitch.conf lists: DNS
// (./dns-hosts.ts, the lookups' waits made from guest code); another source Miros does not
// have is said on stderr and answered EAI_AGAIN.
import { hostname, networkInterfaces } from 'node:os';
import type { CallFrame } from '../abi/call-frame.ts';
import type { HostGenerator, HostStep } from '../abi/host-region.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { NO_DATA, TRY_AGAIN } from '../resolver/dns-query.ts';
import { checkRead, cString, loadPointer, storeBytes, storePointer } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { sortDestinations } from './address-sort.ts';
import { dnsHostByAddress, dnsHostByName, TYPE_A, TYPE_AAAA } from './dns-hosts.ts';
import { AF_INET, AF_INET6, entriesNamed, entryForAddress, otherHostSources } from './hosts-file.ts';
import { formatIpv4, formatIpv6, isCSpace, parseIpv4Loose, parseIpv6 } from './inet-address.ts';
import { interfaceIndex, interfaceName } from './interfaces.ts';
import { findService } from './network-database.ts';

type Steps<T> = Generator<HostStep, T, number>;

const AF_UNSPEC = 0;
const AF_LOCAL = 1;

const AI_PASSIVE = 0x1;
const AI_CANONNAME = 0x2;
const AI_NUMERICHOST = 0x4;
const AI_V4MAPPED = 0x8;
const AI_ALL = 0x10;
const AI_ADDRCONFIG = 0x20;
const AI_NUMERICSERV = 0x400;
/** Every flag glibc 2.36 accepts (the IDN ones included). */
const AI_VALID = 0x7ff;

const NI_NUMERICHOST = 1;
const NI_NUMERICSERV = 2;
const NI_NOFQDN = 4;
const NI_NAMEREQD = 8;
const NI_DGRAM = 16;
const NI_VALID = 0x3f;

const EAI_BADFLAGS = -1;
const EAI_NONAME = -2;
const EAI_AGAIN = -3;
const EAI_NODATA = -5;
const EAI_FAMILY = -6;
const EAI_SOCKTYPE = -7;
const EAI_SERVICE = -8;
const EAI_ADDRFAMILY = -9;
const EAI_MEMORY = -10;
const EAI_OVERFLOW = -12;

const ADDRINFO_SIZE = 48;
const SOCKADDR_IN_SIZE = 16;
const SOCKADDR_IN6_SIZE = 28;

/** glibc's gaih_inet_typeproto: what each socket type means, and which are returned by default. */
interface TypeProto {
  socktype: number;
  protocol: number;
  /** Takes the caller's protocol, whatever it is (raw). */
  anyProtocol: boolean;
  /** Cannot carry a service (raw). */
  noService: boolean;
  byDefault: boolean;
  name: string;
}

const TYPE_PROTOS: readonly TypeProto[] = [
  { socktype: 1, protocol: 6, anyProtocol: false, noService: false, byDefault: true, name: 'tcp' },
  { socktype: 2, protocol: 17, anyProtocol: false, noService: false, byDefault: true, name: 'udp' },
  { socktype: 6, protocol: 33, anyProtocol: false, noService: false, byDefault: false, name: 'dccp' },
  { socktype: 2, protocol: 136, anyProtocol: false, noService: false, byDefault: false, name: 'udplite' },
  { socktype: 1, protocol: 132, anyProtocol: false, noService: false, byDefault: false, name: 'sctp' },
  { socktype: 5, protocol: 132, anyProtocol: false, noService: false, byDefault: false, name: 'sctp' },
  { socktype: 3, protocol: 0, anyProtocol: true, noService: true, byDefault: true, name: 'raw' },
];

interface Hints {
  flags: number;
  family: number;
  socktype: number;
  protocol: number;
}

/** A socket type, protocol and port (network order) the service gives. */
interface ServiceTuple {
  socktype: number;
  protocol: number;
  port: number;
}

interface Address {
  family: number;
  bytes: Uint8Array;
  scope: number;
}

/** A lookup that cannot be answered: the EAI code. */
class LookupFailure {
  constructor(readonly code: number) {}
}

function failWith(code: number): never {
  throw new LookupFailure(code);
}

/**
 * The service string as glibc reads it: strtoul in base 10 (white space, a sign, digits) whose
 * result is kept in an int. `whole` says strtoul read the whole string (AI_NUMERICSERV refuses
 * the rest); a negative int is then still looked up as a name.
 */
function serviceNumber(text: string): { whole: boolean; value: number } {
  let i = 0;
  while (isCSpace(text[i])) i++;
  let negative = false;
  if (text[i] === '+' || text[i] === '-') negative = text[i++] === '-';
  const start = i;
  let value = 0n;
  while (i < text.length && text[i]! >= '0' && text[i]! <= '9') value = value * 10n + BigInt(text.charCodeAt(i++) - 48);
  if (i === start || i !== text.length) return { whole: false, value: -1 };
  if (value > 0xffffffffffffffffn) value = 0xffffffffffffffffn;
  if (negative) value = ((1n << 64n) - value) & 0xffffffffffffffffn;
  return { whole: true, value: Number(BigInt.asIntN(32, value)) };
}

/** The socket types a lookup returns, with their ports. */
function serviceTuples(libc: LibcProcess, hints: Hints, service: string | undefined): ServiceTuple[] {
  let chosen: TypeProto | undefined;
  if (hints.socktype !== 0 || hints.protocol !== 0) {
    chosen = TYPE_PROTOS.find(
      (tp) =>
        (hints.socktype === 0 || hints.socktype === tp.socktype) &&
        (hints.protocol === 0 || tp.anyProtocol || hints.protocol === tp.protocol),
    );
    if (!chosen) failWith(hints.socktype !== 0 ? EAI_SOCKTYPE : EAI_SERVICE);
  }
  const protocolOf = (tp: TypeProto) => (tp.anyProtocol ? hints.protocol : tp.protocol);
  let port = 0;
  if (service !== undefined) {
    if (chosen?.noService) failWith(EAI_SERVICE);
    const number = serviceNumber(service).value;
    if (number < 0) {
      if (chosen) {
        const found = findService(libc, { name: service }, chosen.name);
        if (!found) failWith(EAI_SERVICE);
        return [{ socktype: chosen.socktype, protocol: protocolOf(chosen), port: found.port }];
      }
      const tuples: ServiceTuple[] = [];
      for (const tp of TYPE_PROTOS) {
        if (tp.noService) continue;
        const found = findService(libc, { name: service }, tp.name);
        if (found) tuples.push({ socktype: tp.socktype, protocol: tp.protocol, port: found.port });
      }
      if (tuples.length === 0) failWith(EAI_SERVICE);
      return tuples;
    }
    port = ((number & 0xff) << 8) | ((number >> 8) & 0xff);
  }
  if (chosen) return [{ socktype: chosen.socktype, protocol: protocolOf(chosen), port }];
  return TYPE_PROTOS.filter((tp) => tp.byDefault).map((tp) => ({ socktype: tp.socktype, protocol: tp.protocol, port }));
}

/** __check_pf: whether the host has IPv4 and IPv6 addresses other than the loopback ones. */
function configuredFamilies(): { ipv4: boolean; ipv6: boolean } {
  let ipv4 = false;
  let ipv6 = false;
  for (const list of Object.values(networkInterfaces())) {
    for (const info of list ?? []) {
      if (info.family === 'IPv4' && info.address !== '127.0.0.1') ipv4 = true;
      if (info.family === 'IPv6' && info.address !== '::1') ipv6 = true;
    }
  }
  return { ipv4, ipv6 };
}

const isLinkLocal = (b: Uint8Array) => b[0] === 0xfe && (b[1]! & 0xc0) === 0x80;
const isMulticastLinkLocal = (b: Uint8Array) => b[0] === 0xff && (b[1]! & 0x0f) === 0x02;
const isMulticastNodeLocal = (b: Uint8Array) => b[0] === 0xff && (b[1]! & 0x0f) === 0x01;
const isV4Mapped = (b: Uint8Array) => b.subarray(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;

/** __inet6_scopeid_pton: an interface name (link-local addresses) or a number. */
function scopeId(address: Uint8Array, scope: string): number | undefined {
  if (isLinkLocal(address) || isMulticastLinkLocal(address) || isMulticastNodeLocal(address)) {
    const index = interfaceIndex(scope);
    if (index !== undefined && index !== 0) return index;
  }
  if (!/^[0-9]+$/.test(scope)) return undefined;
  const value = BigInt(scope);
  return value <= 0xffffffffn ? Number(value) : undefined;
}

function mapped(v4: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(16);
  bytes[10] = 0xff;
  bytes[11] = 0xff;
  bytes.set(v4, 12);
  return bytes;
}

function warnNoSource(libc: LibcProcess, what: string, sources: string[]): void {
  libc.process.warn(
    `${what} is not in /etc/hosts, and asking the next hosts source of /etc/nsswitch.conf (${sources.join(', ')}) is not supported yet`,
  );
}

/** The addresses of `name` (numeric or from /etc/hosts) and the canonical name, for the family asked. */
function* hostAddresses(
  libc: LibcProcess,
  name: string | undefined,
  hints: Hints,
): Steps<{ addresses: Address[]; canon?: string }> {
  const canonical = (hints.flags & AI_CANONNAME) !== 0;
  if (name === undefined) {
    const passive = (hints.flags & AI_PASSIVE) !== 0;
    const v6 = new Uint8Array(16);
    if (!passive) v6[15] = 1;
    const v4 = passive ? new Uint8Array(4) : Uint8Array.of(127, 0, 0, 1);
    const addresses: Address[] = [];
    if (hints.family !== AF_INET) addresses.push({ family: AF_INET6, bytes: v6, scope: 0 });
    if (hints.family !== AF_INET6) addresses.push({ family: AF_INET, bytes: v4, scope: 0 });
    return { addresses };
  }
  // inet_aton_exact: inet_aton's forms with nothing after them.
  const v4 = /[\t\n\v\f\r ]/.test(name) ? undefined : parseIpv4Loose(name);
  if (v4 !== undefined) {
    const bytes = Uint8Array.of(v4 >>> 24, (v4 >>> 16) & 0xff, (v4 >>> 8) & 0xff, v4 & 0xff);
    let address: Address;
    if (hints.family === AF_UNSPEC || hints.family === AF_INET) address = { family: AF_INET, bytes, scope: 0 };
    else if (hints.flags & AI_V4MAPPED) address = { family: AF_INET6, bytes: mapped(bytes), scope: 0 };
    else failWith(EAI_ADDRFAMILY);
    return { addresses: [address], canon: canonical ? name : undefined };
  }
  const percent = name.indexOf('%');
  const v6 = parseIpv6(percent === -1 ? name : name.slice(0, percent));
  if (v6 !== undefined) {
    let address: Address;
    if (hints.family === AF_UNSPEC || hints.family === AF_INET6) address = { family: AF_INET6, bytes: v6, scope: 0 };
    else if (hints.family === AF_INET && isV4Mapped(v6)) address = { family: AF_INET, bytes: v6.slice(12), scope: 0 };
    else failWith(EAI_ADDRFAMILY);
    if (percent !== -1) {
      const scope = scopeId(v6, name.slice(percent + 1));
      if (scope === undefined) failWith(EAI_NONAME);
      address.scope = scope;
    }
    return { addresses: [address], canon: canonical ? name : undefined };
  }
  if (hints.flags & AI_NUMERICHOST) failWith(EAI_NONAME);
  const entries = entriesNamed(libc, name);
  let chosen = entries.filter((e) => hints.family === AF_UNSPEC || e.family === hints.family);
  let addresses = chosen.map((e) => ({ family: e.family, bytes: e.address, scope: 0 }));
  if (hints.family === AF_INET6 && hints.flags & AI_V4MAPPED && (chosen.length === 0 || hints.flags & AI_ALL)) {
    const v4s = entries.filter((e) => e.family === AF_INET);
    addresses = [...addresses, ...v4s.map((e) => ({ family: AF_INET6, bytes: mapped(e.address), scope: 0 }))];
    chosen = [...chosen, ...v4s];
  }
  if (addresses.length === 0) {
    const sources = otherHostSources(libc);
    if (sources[0] === 'dns') return yield* dnsAddresses(libc, name, hints);
    if (sources.length > 0) {
      warnNoSource(libc, `getaddrinfo: "${name}"`, sources);
      failWith(EAI_AGAIN);
    }
    failWith(EAI_NONAME);
  }
  return { addresses, canon: canonical ? chosen[0]!.name : undefined };
}

/**
 * The "dns" source: A, AAAA or both for the family asked; no data is EAI_NODATA, no server
 * reached EAI_AGAIN, anything else EAI_NONAME (glibc's gaih_inet over nss_dns).
 */
function* dnsAddresses(libc: LibcProcess, name: string, hints: Hints): Steps<{ addresses: Address[]; canon?: string }> {
  const canonical = (hints.flags & AI_CANONNAME) !== 0;
  if (hints.family === AF_INET && !canonical) {
    // try_simple_gethostbyname: gethostbyname2_r's return tells a failed server from no name.
    const found = yield* dnsHostByName(libc, name, [TYPE_A]);
    if ('hostError' in found) {
      if (found.status === 'notfound') failWith(found.hostError === NO_DATA ? EAI_NODATA : EAI_NONAME);
      failWith(found.hostError === TRY_AGAIN ? EAI_AGAIN : EAI_NODATA);
    }
    return { addresses: found.addresses.map((a) => ({ family: a.family, bytes: a.bytes, scope: 0 })) };
  }
  // get_nss_addresses: both at once for AF_UNSPEC (gethostbyname4_r); AAAA, then A mapped for
  // AF_INET6 with AI_V4MAPPED when there is no IPv6 answer or AI_ALL asks for both.
  const mapping = hints.family === AF_INET6 && (hints.flags & AI_V4MAPPED) !== 0;
  const steps = hints.family === AF_UNSPEC ? [[TYPE_A, TYPE_AAAA]] : [[hints.family === AF_INET ? TYPE_A : TYPE_AAAA]];
  const results = [yield* dnsHostByName(libc, name, steps[0]!)];
  const gotIpv6 = !('hostError' in results[0]!) && hints.family === AF_INET6;
  if (mapping && (hints.flags & AI_ALL || !gotIpv6)) results.push(yield* dnsHostByName(libc, name, [TYPE_A]));
  const addresses: Address[] = [];
  let canon: string | undefined;
  const noData: number[] = [];
  for (const found of results) {
    if ('hostError' in found) {
      noData.push(found.hostError === TRY_AGAIN ? EAI_AGAIN : found.hostError === NO_DATA ? 1 : 0);
      continue;
    }
    noData.push(0);
    canon ??= found.name;
    for (const a of found.addresses) {
      if (mapping && a.family === AF_INET) addresses.push({ family: AF_INET6, bytes: mapped(a.bytes), scope: 0 });
      else addresses.push({ family: a.family, bytes: a.bytes, scope: 0 });
    }
  }
  if (addresses.length === 0) {
    if (noData.every((n) => n !== 0)) failWith(noData.every((n) => n === EAI_AGAIN) ? EAI_AGAIN : EAI_NODATA);
    failWith(EAI_NONAME);
  }
  return { addresses, canon: canonical ? canon : undefined };
}

function sameAddress(a: Address, b: Address): boolean {
  return a.family === b.family && a.bytes.every((x, i) => x === b.bytes[i]);
}

function sortAddresses(addresses: Address[]): Address[] {
  if (addresses.every((a) => sameAddress(a, addresses[0]!))) return addresses;
  return sortDestinations(addresses);
}

function readHints(libc: LibcProcess, address: number): Hints {
  // Without hints, glibc uses AI_DEFAULT (AI_V4MAPPED | AI_ADDRCONFIG).
  if (address === 0) return { flags: AI_V4MAPPED | AI_ADDRCONFIG, family: AF_UNSPEC, socktype: 0, protocol: 0 };
  checkRead(libc.memory, address, 16);
  const view = libc.memory.view;
  return {
    flags: view.getInt32(address, true),
    family: view.getInt32(address + 4, true),
    socktype: view.getInt32(address + 8, true),
    protocol: view.getInt32(address + 12, true),
  };
}

function heapString(libc: LibcProcess, text: string): number {
  const bytes = Buffer.from(text, 'latin1');
  const at = libc.heap.allocate(bytes.length + 1);
  if (at === 0) failWith(EAI_MEMORY);
  storeBytes(libc.memory, at, bytes, true);
  return at;
}

function* resolve(libc: LibcProcess, nameAddress: number, serviceAddress: number, hintsAddress: number): Steps<number> {
  let name = nameAddress === 0 ? undefined : cString(libc.memory, nameAddress);
  let service = serviceAddress === 0 ? undefined : cString(libc.memory, serviceAddress);
  if (name === '*') name = undefined;
  if (service === '*') service = undefined;
  if (name === undefined && service === undefined) return EAI_NONAME;
  const hints = { ...readHints(libc, hintsAddress) };
  if (hints.flags & ~AI_VALID) return EAI_BADFLAGS;
  if (hints.flags & AI_CANONNAME && name === undefined) return EAI_BADFLAGS;
  if (hints.family !== AF_UNSPEC && hints.family !== AF_INET && hints.family !== AF_INET6) return EAI_FAMILY;
  if (hints.flags & AI_ADDRCONFIG) {
    const seen = configuredFamilies();
    if (hints.family === AF_UNSPEC && (seen.ipv4 || seen.ipv6)) {
      if (seen.ipv4 !== seen.ipv6) hints.family = seen.ipv4 ? AF_INET : AF_INET6;
    } else if ((hints.family === AF_INET && !seen.ipv4) || (hints.family === AF_INET6 && !seen.ipv6)) {
      return EAI_NONAME;
    }
  }
  if (service === '') service = undefined;
  if (service !== undefined && !serviceNumber(service).whole && hints.flags & AI_NUMERICSERV) return EAI_NONAME;
  const tuples = serviceTuples(libc, hints, service);
  const { addresses, canon } = yield* hostAddresses(libc, name, hints);
  let first = 0;
  let previous = 0;
  let canonName = canon === undefined ? 0 : heapString(libc, canon);
  for (const address of sortAddresses(addresses)) {
    const socketSize = address.family === AF_INET ? SOCKADDR_IN_SIZE : SOCKADDR_IN6_SIZE;
    for (const tuple of tuples) {
      const block = libc.heap.allocate(ADDRINFO_SIZE + socketSize);
      if (block === 0) {
        freeList(libc, first);
        failWith(EAI_MEMORY);
      }
      const bytes = new Uint8Array(ADDRINFO_SIZE + socketSize);
      const view = new DataView(bytes.buffer);
      view.setInt32(0, hints.flags, true);
      view.setInt32(4, address.family, true);
      view.setInt32(8, tuple.socktype, true);
      view.setInt32(12, tuple.protocol, true);
      view.setUint32(16, socketSize, true);
      const socket = ADDRINFO_SIZE;
      view.setUint16(socket, address.family, true);
      view.setUint16(socket + 2, tuple.port, true);
      if (address.family === AF_INET) bytes.set(address.bytes, socket + 4);
      else {
        bytes.set(address.bytes, socket + 8);
        view.setUint32(socket + 24, address.scope, true);
      }
      storeBytes(libc.memory, block, bytes);
      storePointer(libc.memory, block + 24, block + ADDRINFO_SIZE);
      storePointer(libc.memory, block + 32, canonName);
      canonName = 0;
      if (previous === 0) first = block;
      else storePointer(libc.memory, previous + 40, block);
      previous = block;
    }
  }
  return first;
}

/** getaddrinfo: the arguments read while the frame is the caller's, then the lookup (which may wait). */
function getaddrinfo(f: CallFrame, libc: LibcProcess): HostGenerator {
  return lookUp(libc, f.ptr(0), f.ptr(1), f.ptr(2), f.ptr(3));
}

function* lookUp(libc: LibcProcess, name: number, service: number, hints: number, result: number): HostGenerator {
  try {
    const first = yield* resolve(libc, name, service, hints);
    if (first < 0) return first;
    storePointer(libc.memory, result, first);
    return 0;
  } catch (error) {
    if (error instanceof LookupFailure) return error.code;
    throw error;
  }
}

function freeList(libc: LibcProcess, first: number): void {
  let entry = first;
  while (entry !== 0) {
    const next = loadPointer(libc.memory, entry + 40);
    const canon = loadPointer(libc.memory, entry + 32);
    if (canon !== 0) libc.heap.release(canon, 'freeaddrinfo');
    libc.heap.release(entry, 'freeaddrinfo');
    entry = next;
  }
}

/** Copies `text` and its NUL into a caller's buffer of `size` bytes: EAI_OVERFLOW when it does not fit. */
function copyOut(libc: LibcProcess, buffer: number, size: number, text: string): number {
  const bytes = Buffer.from(text, 'latin1');
  if (bytes.length + 1 > size) return EAI_OVERFLOW;
  storeBytes(libc.memory, buffer, bytes, true);
  return 0;
}

/** The local domain NI_NOFQDN strips: the host name's part after its first dot, else from /etc/hosts (uname's node name, as the kernel gives it). */
function localDomain(libc: LibcProcess): string | undefined {
  const nodename = hostname();
  const dot = nodename.indexOf('.');
  if (dot !== -1) return nodename.slice(dot + 1);
  for (const entry of entriesNamed(libc, nodename)) {
    for (const candidate of [entry.name, ...entry.aliases]) {
      const at = candidate.indexOf('.');
      if (at !== -1) return candidate.slice(at + 1);
    }
  }
  return undefined;
}

function* hostPart(libc: LibcProcess, family: number, socket: number, flags: number): Steps<string | number> {
  const memory = libc.memory;
  const bytes = memory.bytes.slice(socket + (family === AF_INET ? 4 : 8), socket + (family === AF_INET ? 8 : 24));
  if (!(flags & NI_NUMERICHOST)) {
    let entry: { name: string } | undefined = entryForAddress(libc, family, bytes);
    const sources = otherHostSources(libc);
    if (!entry && sources[0] === 'dns') {
      const found = yield* dnsHostByAddress(libc, family, bytes);
      if ('hostError' in found) {
        if (found.hostError === TRY_AGAIN) return EAI_AGAIN;
      } else entry = found;
    }
    if (entry) {
      let name = entry.name;
      if (flags & NI_NOFQDN) {
        const domain = localDomain(libc);
        const at = domain ? name.indexOf(domain) : -1;
        if (at > 0 && name[at - 1] === '.') name = name.slice(0, at - 1);
      }
      return name;
    }
    if (sources.length > 0 && sources[0] !== 'dns') {
      warnNoSource(libc, `getnameinfo: ${family === AF_INET ? formatIpv4(bytes) : formatIpv6(bytes)}`, sources);
      return EAI_AGAIN;
    }
    if (flags & NI_NAMEREQD) return EAI_NONAME;
  }
  if (family === AF_INET) return formatIpv4(bytes);
  let text = formatIpv6(bytes);
  const scopeIdValue = memory.view.getUint32(socket + 24, true);
  if (scopeIdValue !== 0) {
    const named = isLinkLocal(bytes) || isMulticastLinkLocal(bytes) ? interfaceName(scopeIdValue) : undefined;
    text += `%${named ?? scopeIdValue}`;
  }
  return text;
}

/** getnameinfo: the arguments (flags on the stack) read while the frame is the caller's. */
function getnameinfo(f: CallFrame, libc: LibcProcess): HostGenerator {
  return nameOf(libc, f.ptr(0), f.uint(1), f.ptr(2), f.uint(3), f.ptr(4), f.uint(5), f.int(6));
}

function* nameOf(
  libc: LibcProcess,
  socket: number,
  length: number,
  host: number,
  hostSize: number,
  serv: number,
  servSize: number,
  flags: number,
): HostGenerator {
  if (flags & ~NI_VALID) return EAI_BADFLAGS;
  if (socket === 0 || length < 2) return -6;
  if (flags & NI_NAMEREQD && host === 0 && serv === 0) return EAI_NONAME;
  const family = libc.memory.view.getUint16(socket, true);
  const minimum = family === AF_INET ? SOCKADDR_IN_SIZE : family === AF_INET6 ? SOCKADDR_IN6_SIZE : 2;
  if ((family !== AF_INET && family !== AF_INET6 && family !== AF_LOCAL) || length < minimum) return EAI_FAMILY;
  if (host !== 0 && hostSize > 0) {
    let text: string | number;
    if (family === AF_LOCAL) {
      text = flags & NI_NUMERICHOST ? 'localhost' : hostname();
    } else {
      text = yield* hostPart(libc, family, socket, flags);
    }
    if (typeof text === 'number') return text;
    const code = copyOut(libc, host, hostSize, text);
    if (code !== 0) return code;
  }
  if (serv !== 0 && servSize > 0) {
    if (family === AF_LOCAL) return copyOut(libc, serv, servSize, cString(libc.memory, socket + 2));
    const port = libc.memory.view.getUint16(socket + 2, true);
    if (!(flags & NI_NUMERICSERV)) {
      const found = findService(libc, { port }, flags & NI_DGRAM ? 'udp' : 'tcp');
      if (found) return copyOut(libc, serv, servSize, found.name);
    }
    return copyOut(libc, serv, servSize, String(((port & 0xff) << 8) | (port >> 8)));
  }
  return 0;
}

export const ADDRESS_INFO_FUNCTIONS: FunctionTable = {
  getaddrinfo,
  freeaddrinfo: (f, libc) => {
    freeList(libc, f.ptr(0));
    return undefined;
  },
  getnameinfo,
};
