// The AF_INET/AF_INET6 side of the socket calls (./sockets.ts hands InetSockets here): socket's
// type and protocol checks, the addresses bind, connect and sendto take — checked in the order
// Linux's inet_bind/inet6_bind, tcp_v4_connect/tcp_v6_connect, ip4/ip6_datagram_connect and
// udp_sendmsg/udpv6_sendmsg check them — and the IP, IPv6 and TCP option levels.

import { SOCK_DGRAM, SOCK_RAW, SOCK_STREAM } from '../abi/socket.ts';
import { Errno, fail } from '../errno.ts';
import {
  AF_INET,
  AF_INET6,
  type Endpoint,
  familyOf,
  IPV4_LOOPBACK,
  IPV6_LOOPBACK,
  ipOf,
  isIpv4,
  isLocal,
  isWildcard,
  portOf,
  SIN6_LEN_RFC2133,
  SOCKADDR_IN_SIZE,
} from '../fs/inet-address.ts';
import { InetSocket, IPPROTO_IP, IPPROTO_IPV6, IPPROTO_TCP, IPPROTO_UDP } from '../fs/inet-socket.ts';
import type { Credentials } from '../fs/unix-socket.ts';
import { StructBuffer } from '../guest-memory.ts';
import type { Thread } from '../thread.ts';

const AF_UNSPEC = 0;
const IPPROTO_ICMP = 1;
const IPPROTO_ICMPV6 = 58;

/** socket(AF_INET or AF_INET6, type, protocol) after the family check (inet_create's lookup). */
export function newInetSocket(
  thread: Thread,
  family: number,
  type: number,
  protocol: number,
  flags: number,
  credentials: Credentials,
): () => InetSocket {
  if (type === SOCK_STREAM) {
    if (protocol !== 0 && protocol !== IPPROTO_TCP) fail(Errno.EPROTONOSUPPORT);
  } else if (type === SOCK_DGRAM) {
    if (protocol === IPPROTO_ICMP || protocol === IPPROTO_ICMPV6) {
      thread.process.warn('ICMP ("ping") sockets are not supported yet');
      fail(Errno.EACCES);
    }
    if (protocol !== 0 && protocol !== IPPROTO_UDP) fail(Errno.EPROTONOSUPPORT);
  } else if (type === SOCK_RAW) {
    if (protocol === 0) fail(Errno.EPROTONOSUPPORT);
    thread.process.warn('raw IP sockets are not supported yet');
    fail(Errno.EPERM);
  } else {
    fail(Errno.ESOCKTNOSUPPORT);
  }
  return () => new InetSocket(family, type, flags, credentials);
}

/** Destination 0.0.0.0 or :: means this machine (ip_route_output: the loopback address). */
function destinationOf(bytes: Uint8Array): Endpoint {
  let ip = ipOf(bytes);
  if (isWildcard(ip)) ip = isIpv4(ip) ? IPV4_LOOPBACK : IPV6_LOOPBACK;
  return { ip, port: portOf(bytes) };
}

/** bind(2)'s address (inet_bind, __inet6_bind). */
export function bindInet(thread: Thread, socket: InetSocket, bytes: Uint8Array): number {
  const family = familyOf(bytes);
  let ip: Uint8Array;
  if (socket.domain === AF_INET) {
    if (bytes.length < SOCKADDR_IN_SIZE) fail(Errno.EINVAL);
    ip = ipOf(bytes);
    // AF_UNSPEC with INADDR_ANY is taken as AF_INET, for old programs.
    if (family !== AF_INET && !(family === AF_UNSPEC && isWildcard(ip))) fail(Errno.EAFNOSUPPORT);
  } else {
    if (bytes.length < SIN6_LEN_RFC2133) fail(Errno.EINVAL);
    if (family !== AF_INET6) fail(Errno.EAFNOSUPPORT);
    ip = ipOf(bytes);
    if (isIpv4(ip)) {
      if (socket.v6Only) fail(Errno.EINVAL);
      if (!isLocal(ip)) fail(Errno.EADDRNOTAVAIL);
    }
  }
  socket.bindTo(thread.process, ip, portOf(bytes));
  return 0;
}

/** connect(2) (inet_stream_connect with tcp_v4/v6_connect; inet_dgram_connect with ip4/ip6_datagram_connect). */
export function connectInet(thread: Thread, socket: InetSocket, bytes: Uint8Array): number {
  if (bytes.length < 2) fail(Errno.EINVAL);
  const family = familyOf(bytes);
  if (family === AF_UNSPEC) {
    if (socket.isStream) socket.disconnectStream();
    else socket.disconnectDatagram();
    return 0;
  }
  if (socket.isStream) {
    // The socket's state is looked at before the address (a connected socket: EISCONN whatever it is).
    return socket.connectStream(thread, () => streamDestination(socket, bytes), socket.nonBlocking);
  }
  socket.connectDatagramTo(datagramDestination(socket, bytes, true));
  return 0;
}

function streamDestination(socket: InetSocket, bytes: Uint8Array): Endpoint {
  const family = familyOf(bytes);
  if (socket.domain === AF_INET) {
    if (bytes.length < SOCKADDR_IN_SIZE) fail(Errno.EINVAL);
    if (family !== AF_INET) fail(Errno.EAFNOSUPPORT);
    return destinationOf(bytes);
  }
  if (bytes.length < SIN6_LEN_RFC2133) fail(Errno.EINVAL);
  if (family !== AF_INET6) fail(Errno.EAFNOSUPPORT);
  const destination = destinationOf(bytes);
  if (isIpv4(destination.ip) && socket.v6Only) fail(Errno.ENETUNREACH);
  return destination;
}

/** A UDP destination: connect's (`connecting`) or sendto's and msg_name's. */
function datagramDestination(socket: InetSocket, bytes: Uint8Array, connecting: boolean): Endpoint {
  const family = familyOf(bytes);
  const ipv4 = () => {
    if (bytes.length < SOCKADDR_IN_SIZE) fail(Errno.EINVAL);
    if (family !== AF_INET && !(family === AF_UNSPEC && !connecting)) fail(Errno.EAFNOSUPPORT);
    const destination = destinationOf(bytes);
    if (!connecting && destination.port === 0) fail(Errno.EINVAL);
    return destination;
  };
  if (socket.domain === AF_INET) return ipv4();
  if (family === AF_INET) {
    if (socket.v6Only) fail(connecting ? Errno.EAFNOSUPPORT : Errno.ENETUNREACH);
    return ipv4();
  }
  if (bytes.length < SIN6_LEN_RFC2133) fail(Errno.EINVAL);
  if (family !== AF_INET6) fail(connecting ? Errno.EAFNOSUPPORT : Errno.EINVAL);
  const destination = destinationOf(bytes);
  if (isIpv4(destination.ip) && socket.v6Only) fail(Errno.ENETUNREACH);
  if (!connecting && destination.port === 0) fail(Errno.EINVAL);
  return destination;
}

/** sendto's and sendmsg's destination (undefined: none given, or ignored as TCP ignores it). */
export function sendDestination(socket: InetSocket, name: Uint8Array): Endpoint | undefined {
  if (name.length === 0 || socket.isStream) return undefined;
  if (socket.domain === AF_INET6 && familyOf(name) === AF_UNSPEC && name.length >= 2) return undefined;
  return datagramDestination(socket, name, false);
}

// ---- options of the IP, IPv6 and TCP levels ----

/** Options kept as set and reported back, with their defaults (and the range set accepts). */
interface StoredOption {
  initial: number;
  min?: number;
  max?: number;
}

const IP_OPTIONS: Record<number, StoredOption> = {
  1: { initial: 0, min: 0, max: 255 }, // IP_TOS
  2: { initial: 64, min: -1, max: 255 }, // IP_TTL (-1: the default)
  10: { initial: 1, min: 0, max: 5 }, // IP_MTU_DISCOVER: IP_PMTUDISC_WANT
  // IP_RECVERR: kept (glibc's resolver sets it); errors still reach only a connected socket, and
  // the error queue (MSG_ERRQUEUE) stays empty.
  11: { initial: 0 },
  32: { initial: 1, min: 0, max: 255 }, // IP_MULTICAST_TTL
  33: { initial: 1, min: 0, max: 1 }, // IP_MULTICAST_LOOP
  15: { initial: 0, min: 0, max: 1 }, // IP_FREEBIND
};

const IPV6_OPTIONS: Record<number, StoredOption> = {
  16: { initial: 64, min: -1, max: 255 }, // IPV6_UNICAST_HOPS
  18: { initial: 1, min: -1, max: 255 }, // IPV6_MULTICAST_HOPS
  19: { initial: 1, min: 0, max: 1 }, // IPV6_MULTICAST_LOOP
  23: { initial: -1, min: -1, max: 3 }, // IPV6_MTU_DISCOVER
  25: { initial: 0 }, // IPV6_RECVERR, as IP_RECVERR
  67: { initial: 0, min: 0, max: 255 }, // IPV6_TCLASS
};

const TCP_OPTIONS: Record<number, StoredOption> = {
  1: { initial: 0 }, // TCP_NODELAY
  3: { initial: 0 }, // TCP_CORK
  4: { initial: 7200, min: 1, max: 32767 }, // TCP_KEEPIDLE
  5: { initial: 75, min: 1, max: 32767 }, // TCP_KEEPINTVL
  6: { initial: 9, min: 1, max: 127 }, // TCP_KEEPCNT
  7: { initial: 6, min: 1, max: 255 }, // TCP_SYNCNT
  8: { initial: 60 }, // TCP_LINGER2
  9: { initial: 0 }, // TCP_DEFER_ACCEPT
  12: { initial: 1 }, // TCP_QUICKACK
  18: { initial: 0, min: 0 }, // TCP_USER_TIMEOUT
  23: { initial: 0, min: 0 }, // TCP_FASTOPEN
  25: { initial: 0 }, // TCP_NOTSENT_LOWAT
};

const IPV6_V6ONLY = 26;
const IP_TTL = 2;
const IPV6_UNICAST_HOPS = 16;
/** Flags ("level:name"): any non-zero value is stored as 1, as Linux keeps them. */
const BOOLEAN_OPTIONS = new Set([
  `${IPPROTO_TCP}:1`,
  `${IPPROTO_TCP}:3`,
  `${IPPROTO_TCP}:12`,
  `${IPPROTO_IP}:11`,
  `${IPPROTO_IP}:15`,
  `${IPPROTO_IPV6}:25`,
]);

function tableOf(socket: InetSocket, level: number): Record<number, StoredOption> | undefined {
  if (level === IPPROTO_IP) return IP_OPTIONS;
  if (level === IPPROTO_IPV6 && socket.domain === AF_INET6) return IPV6_OPTIONS;
  if (level === IPPROTO_TCP && socket.isStream) return TCP_OPTIONS;
  return undefined;
}

/** setsockopt at level IPPROTO_IP, IPPROTO_IPV6 or IPPROTO_TCP. */
export function setInetOption(
  thread: Thread,
  socket: InetSocket,
  level: number,
  name: number,
  value: () => number,
  length: number,
): number {
  if (level === IPPROTO_IPV6 && socket.domain === AF_INET6 && name === IPV6_V6ONLY) {
    if (length < 4) fail(Errno.EINVAL);
    if (socket.local.port !== 0) fail(Errno.EINVAL);
    socket.v6Only = value() !== 0;
    return 0;
  }
  const table = tableOf(socket, level);
  // IP_ options on an IPv4 socket, IPV6_ ones on an IPv6 socket (which takes IP_ ones too).
  if (!table) fail(Errno.ENOPROTOOPT);
  const option = table[name];
  if (!option) {
    thread.process.warn(`setsockopt: option ${name} of level ${level} is not supported yet`);
    fail(Errno.ENOPROTOOPT);
  }
  if (length < 4) fail(Errno.EINVAL);
  let v = value();
  if ((option.min !== undefined && v < option.min) || (option.max !== undefined && v > option.max)) {
    fail(Errno.EINVAL);
  }
  if (BOOLEAN_OPTIONS.has(`${level}:${name}`)) v = v ? 1 : 0;
  if (
    v === -1 &&
    ((level === IPPROTO_IP && name === IP_TTL) || (level === IPPROTO_IPV6 && name === IPV6_UNICAST_HOPS))
  ) {
    v = option.initial;
  }
  socket.protocolOptions.set(`${level}:${name}`, v);
  return 0;
}

/** getsockopt at those levels: the value, as a 4-byte int. */
export function getInetOption(thread: Thread, socket: InetSocket, level: number, name: number): StructBuffer {
  if (level === IPPROTO_IPV6 && socket.domain === AF_INET6 && name === IPV6_V6ONLY) {
    return new StructBuffer(4).u32(0, socket.v6Only ? 1 : 0);
  }
  const table = tableOf(socket, level);
  // ip_getsockopt refuses a foreign level with EOPNOTSUPP; ipv6_getsockopt with ENOPROTOOPT.
  if (!table) fail(socket.domain === AF_INET ? Errno.EOPNOTSUPP : Errno.ENOPROTOOPT);
  const option = table[name];
  if (!option) {
    thread.process.warn(`getsockopt: option ${name} of level ${level} is not supported yet`);
    fail(Errno.ENOPROTOOPT);
  }
  return new StructBuffer(4).u32(0, socket.protocolOptions.get(`${level}:${name}`) ?? option.initial);
}
