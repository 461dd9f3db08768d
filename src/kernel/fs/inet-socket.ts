// AF_INET and AF_INET6 sockets (TCP and UDP) between the processes of the run, over the same
// queues, buffers and waits as AF_UNIX sockets (./unix-socket.ts: a TCP connection is a pair of
// connected stream sockets, a UDP datagram a message in the receiver's queue). What differs is
// Linux's IP behaviour where a program can see it (net/ipv4/af_inet.c, tcp.c, udp.c and their
// IPv6 twins):
// - names are addresses and ports: bind checks the address is this machine's, picks an ephemeral
//   port for port 0 (and for connect, listen and a first sendto on an unbound socket), and
//   refuses a port another socket holds unless SO_REUSEADDR/SO_REUSEPORT allow sharing it;
//   TCP and UDP ports are separate tables; an IPv6 socket bound to :: also holds the IPv4
//   addresses unless IPV6_V6ONLY, and sees IPv4 peers as ::ffff:a.b.c.d;
// - connecting completes at once (the handshake of loopback), but a non-blocking connect still
//   returns EINPROGRESS and the socket stays "connecting" until connect is called again (0, or
//   the error) — as natively; nobody listening is ECONNREFUSED (non-blocking: later, SO_ERROR);
// - closing a TCP socket sends FIN (the peer reads end of file, and its first write after that
//   goes out and draws a reset: EPIPE from the next), or RST when it leaves unread data (the
//   peer's next call gets ECONNRESET);
// - UDP never waits to send: a datagram nobody's socket takes is dropped (a connected sender
//   learns ECONNREFUSED, as from the ICMP error), a full receive buffer drops it too.
// Peers outside the run go through the host (./host-network.ts): a TCP connect that no listener
// of the run takes becomes a host connection (to a server on this machine or anywhere), a
// listener listens on the host too (host clients join its accept queue), and UDP datagrams that
// no socket of the run takes go out through a host UDP socket when they leave the machine or a
// host process holds the port (DNS, a local resolver); replies come back to it. Not yet: host
// datagrams to a UDP socket of the run that has not sent out first.

import { readFileSync } from 'node:fs';
import { PollEvent } from '../abi/flags.ts';
import { MsgFlag, SOCK_STREAM, SocketOption } from '../abi/socket.ts';
import { BLOCKED } from '../blocking.ts';
import { Capability, capable } from '../capabilities.ts';
import { monotonicNanoseconds } from '../clock.ts';
import { Errno, errnoByName, fail } from '../errno.ts';
import type { Process } from '../process.ts';
import type { Thread } from '../thread.ts';
import { type HostPeer, hostNetwork, pumpHostNetwork } from './host-network.ts';
import type { HostEvent } from './host-network-worker.ts';
import {
  AF_INET,
  type Endpoint,
  formatIp,
  IPV4_ANY,
  IPV6_ANY,
  isIpv4,
  isLocal,
  isWildcard,
  parseIp,
  sameIp,
  socketAddress,
  sourceFor,
} from './inet-address.ts';
import type { OpenFile } from './open-file.ts';
import { type Credentials, type Received, UnixSocket } from './unix-socket.ts';

export const IPPROTO_IP = 0;
export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;
export const IPPROTO_IPV6 = 41;

/** What Linux charges a queued datagram beyond its bytes (a small skb's truesize on loopback: 832 for 2 bytes). */
const DATAGRAM_OVERHEAD = 830;
/** The largest UDP payload: 65535 less the IPv4 and UDP headers, or less the UDP header (IPv6). */
const MAX_UDP_IPV4 = 65507;
const MAX_UDP_IPV6 = 65527;

/** What data from outside the run carries as its sender's identity. */
const OUTSIDE: Credentials = { pid: 0, uid: 0xffffffff, gid: 0xffffffff };
/** Bytes a host connection may have queued for the worker to write before a send waits. */
const HOST_SEND_LIMIT = 1 << 20;

/** A host connection behind a TCP socket. */
interface HostStream {
  id: number;
  phase: 'connecting' | 'connected' | 'failed';
  /** Bytes handed to the worker and not yet written to the host socket. */
  unwritten: number;
}

/** An error code of Node's (ECONNREFUSED...) as Linux's number. */
function errnoOf(code: string): number {
  return errnoByName(code) ?? Errno.EIO;
}

/** An address as Node's net and dgram take it (IPv4 as a dotted quad). */
function hostText(ip: Uint8Array): string {
  return formatIp(ip);
}

/** A number from /proc/sys/net (what native programs see here), or Linux's default. */
function netSetting(path: string, fallback: number[]): number[] {
  try {
    const values = readFileSync(`/proc/sys/net/${path}`, 'latin1').trim().split(/\s+/).map(Number);
    return values.every(Number.isFinite) && values.length === fallback.length ? values : fallback;
  } catch {
    return fallback;
  }
}

let settings:
  | { ports: number[]; unprivileged: number; tcpRmem: number[]; tcpWmem: number[]; bindV6Only: boolean }
  | undefined;

function inetSettings(): NonNullable<typeof settings> {
  settings ??= {
    ports: netSetting('ipv4/ip_local_port_range', [32768, 60999]),
    unprivileged: netSetting('ipv4/ip_unprivileged_port_start', [1024])[0]!,
    tcpRmem: netSetting('ipv4/tcp_rmem', [4096, 131072, 6291456]),
    tcpWmem: netSetting('ipv4/tcp_wmem', [4096, 16384, 4194304]),
    bindV6Only: netSetting('ipv6/bindv6only', [0])[0] !== 0,
  };
  return settings;
}

/** Bound sockets by port: TCP's and UDP's tables are separate, as natively. */
const tcpPorts = new Map<number, InetSocket[]>();
const udpPorts = new Map<number, InetSocket[]>();

/** Which addresses a bound socket holds: a wildcard holds its families' every address. */
interface Coverage {
  ip: Uint8Array;
  wildcard: boolean;
  v4: boolean;
  v6: boolean;
}

function overlap(a: Coverage, b: Coverage): boolean {
  if (a.wildcard && b.wildcard) return (a.v4 && b.v4) || (a.v6 && b.v6);
  if (a.wildcard) return isIpv4(b.ip) ? a.v4 : a.v6;
  if (b.wildcard) return isIpv4(a.ip) ? b.v4 : b.v6;
  return sameIp(a.ip, b.ip);
}

function holds(c: Coverage, ip: Uint8Array): boolean {
  return overlap(c, { ip, wildcard: false, v4: isIpv4(ip), v6: !isIpv4(ip) });
}

/**
 * Ports the run itself holds on the host (its listeners' and UDP sockets' twins, ./host-network.ts):
 * not "another process's" when the host's tables are looked at.
 */
const mirroredPorts = { tcp: new Set<number>(), udp: new Set<number>() };

/**
 * The local addresses and ports of the host's sockets (/proc/net/tcp and tcp6, or udp and
 * udp6, read as they are now), the run's own twins left out.
 */
function hostSockets(protocol: 'tcp' | 'udp'): (Endpoint & { state: number })[] {
  const out: (Endpoint & { state: number })[] = [];
  for (const file of [`/proc/net/${protocol}`, `/proc/net/${protocol}6`]) {
    let text: string;
    try {
      text = readFileSync(file, 'latin1');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const local = fields[1];
      if (!local) continue;
      const [address = '', portText = ''] = local.split(':');
      const port = Number.parseInt(portText, 16);
      if (!(port > 0) || mirroredPorts[protocol].has(port)) continue;
      // Each 32-bit word of the address in host (little-endian) order.
      const ip = new Uint8Array(16);
      const words = address.length / 8;
      for (let w = 0; w < words; w++) {
        const value = Number.parseInt(address.slice(w * 8, w * 8 + 8), 16);
        const at = words === 1 ? 12 : w * 4;
        for (let b = 0; b < 4; b++) ip[at + b] = (value >>> (8 * b)) & 0xff;
      }
      if (words === 1) ip.set([0xff, 0xff], 10);
      out.push({ ip, port, state: Number.parseInt(fields[3] ?? '0', 16) });
    }
  }
  return out;
}

/** TCP_TIME_WAIT in /proc/net/tcp's st column. */
const TCP_TIME_WAIT = 0x06;

/**
 * Whether a host process holds `port` on an address overlapping `ip` (either may be a
 * wildcard); with `reuseAddress`, a TCP connection in TIME_WAIT does not count.
 */
function hostHolds(protocol: 'tcp' | 'udp', ip: Uint8Array, port: number, reuseAddress = false): boolean {
  return hostSockets(protocol).some(
    (s) =>
      s.port === port &&
      (isWildcard(s.ip) || isWildcard(ip) || sameIp(s.ip, ip)) &&
      !(protocol === 'tcp' && reuseAddress && s.state === TCP_TIME_WAIT),
  );
}

export class InetSocket extends UnixSocket implements HostPeer {
  /** The bound address and port (port 0: not bound yet). */
  local: Endpoint;
  /** Stream: the connected peer's endpoint; datagram: connect()'s destination. */
  remote: Endpoint | undefined;
  v6Only: boolean;
  /** bind() chose the address / the port (SOCK_BINDADDR_LOCK, SOCK_BINDPORT_LOCK). */
  private addressLocked = false;
  private portLocked = false;
  private registered = false;
  /** SS_CONNECTING: a non-blocking connect said EINPROGRESS; the next connect says how it went. */
  connecting = false;
  /** Options of the IP, IPv6 and TCP levels, by "level:name". */
  readonly protocolOptions = new Map<string, number>();
  /** The host connection of a TCP socket connected outside the run. */
  private host: HostStream | undefined;
  /**
   * The host UDP socket of a UDP socket (its id): bound to the same address and port when the
   * host let it (host processes then reach this socket), else on any port, opened at the first
   * datagram out.
   */
  private hostDatagrams: number | undefined;
  /** What the host said of that socket: undefined while it has not answered. */
  private hostDatagramsState: 'bound' | 'failed' | 'closed' | undefined;
  /** That socket holds this socket's own port on the host. */
  private hostDatagramsMirrored = false;
  /** A listening socket's host listener (its id), through which host processes connect. */
  private hostListener: number | undefined;
  /** Where notes about the host listener go. */
  private listeningProcess: Process | undefined;
  /** The host listener has answered (listening, or an error). */
  private hostListenerAnswered = false;
  /** The host listener listens: this socket's port is one of the run's twins on the host. */
  private hostListening = false;

  constructor(
    readonly domain: number,
    type: number,
    flags: number,
    credentials: Credentials,
  ) {
    super(type, flags, credentials);
    const s = inetSettings();
    this.local = { ip: domain === AF_INET ? IPV4_ANY : IPV6_ANY, port: 0 };
    this.v6Only = domain !== AF_INET && s.bindV6Only;
    this.protocol = type === SOCK_STREAM ? IPPROTO_TCP : IPPROTO_UDP;
    if (type === SOCK_STREAM) {
      this.sendBuffer = s.tcpWmem[1]!;
      this.receiveBuffer = s.tcpRmem[1]!;
    }
  }

  override get family(): number {
    return this.domain;
  }

  get isStream(): boolean {
    return this.type === SOCK_STREAM;
  }

  /** Loopback TCP holds the peer's receive buffer as well as the sender's own. */
  protected override get sendCapacity(): number {
    return this.sendBuffer + (this.peer?.receiveBuffer ?? 0);
  }

  protected override peerRefusesData(peer: UnixSocket): boolean {
    return peer.dead;
  }

  /** The receive queue's memory as Linux counts it (sk_rmem_alloc): datagrams cost their truesize. */
  get receiveMemory(): number {
    return this.queuedBytes() + (this.isStream ? 0 : this.queue.length * DATAGRAM_OVERHEAD);
  }

  private get ports(): Map<number, InetSocket[]> {
    return this.isStream ? tcpPorts : udpPorts;
  }

  /** Which addresses the socket's binding holds. */
  coverage(): Coverage {
    const ip = this.local.ip;
    if (this.domain === AF_INET || isIpv4(ip)) return { ip, wildcard: isWildcard(ip), v4: true, v6: false };
    if (isWildcard(ip)) return { ip, wildcard: true, v4: !this.v6Only, v6: true };
    return { ip, wildcard: false, v4: false, v6: true };
  }

  private option(name: number): boolean {
    return (this.storedOptions.get(name) ?? 0) !== 0;
  }

  /**
   * Whether `other`, bound to the same port, keeps this socket from holding it (inet_bind_conflict,
   * udp_lib_lport_inuse): overlapping addresses, unless both set SO_REUSEPORT (same owner), or both
   * SO_REUSEADDR and (TCP) neither listens.
   */
  private conflictsWith(other: InetSocket, listening: boolean): boolean {
    if (other === this || other.dead || !overlap(this.coverage(), other.coverage())) return false;
    const reusePort = this.option(SocketOption.REUSEPORT) && other.option(SocketOption.REUSEPORT);
    if (reusePort && other.credentials.uid === this.credentials.uid) return false;
    // Listening: only another listener is in the way (the others could bind beside it).
    if (listening) return other.state === 'listening';
    const reuseAddress = this.option(SocketOption.REUSEADDR) && other.option(SocketOption.REUSEADDR);
    return !(reuseAddress && (!this.isStream || other.state !== 'listening'));
  }

  private register(): void {
    const list = this.ports.get(this.local.port) ?? [];
    list.push(this);
    this.ports.set(this.local.port, list);
    this.registered = true;
  }

  private unregister(): void {
    if (!this.registered) return;
    const list = this.ports.get(this.local.port) ?? [];
    const at = list.indexOf(this);
    if (at >= 0) list.splice(at, 1);
    if (list.length === 0) this.ports.delete(this.local.port);
    this.registered = false;
  }

  /** A free port of the ephemeral range (ip_local_port_range), from a random start as Linux's. */
  private ephemeralPort(exhausted: number): number {
    const [low = 32768, high = 60999] = inetSettings().ports;
    const span = high - low + 1;
    const start = Math.floor(Math.random() * span);
    // Ports host processes hold are taken too: the run shares the host's port space.
    const onHost = new Set(hostSockets(this.isStream ? 'tcp' : 'udp').map((s) => s.port));
    for (let i = 0; i < span; i++) {
      const port = low + ((start + i) % span);
      if (!this.ports.get(port)?.length && !onHost.has(port)) return port;
    }
    fail(exhausted);
  }

  // ---- names ----

  /** bind(2) after the address has been parsed (inet_bind / inet6_bind). */
  bindTo(process: Process, ip: Uint8Array, port: number): void {
    if (!isLocal(ip)) fail(Errno.EADDRNOTAVAIL);
    const s = inetSettings();
    if (port !== 0 && port < s.unprivileged && !capable(process.credentials, Capability.NET_BIND_SERVICE)) {
      fail(Errno.EACCES);
    }
    if (this.local.port !== 0 || this.state !== 'unconnected') fail(Errno.EINVAL);
    const previous = this.local;
    this.local = { ip, port };
    if (port === 0) {
      this.local.port = this.ephemeralPort(Errno.EADDRINUSE);
    } else if (
      (this.ports.get(port) ?? []).some((other) => this.conflictsWith(other, false)) ||
      hostHolds(this.isStream ? 'tcp' : 'udp', ip, port, this.option(SocketOption.REUSEADDR))
    ) {
      this.local = previous;
      fail(Errno.EADDRINUSE);
    }
    this.addressLocked = !isWildcard(ip);
    this.portLocked = port !== 0;
    this.register();
    this.bindOnHost();
  }

  /** inet_autobind: an ephemeral port on the bound (or wildcard) address. */
  autobindPort(exhausted: number): void {
    if (this.local.port !== 0) return;
    this.local = { ip: this.local.ip, port: this.ephemeralPort(exhausted) };
    this.register();
    this.bindOnHost();
  }

  /**
   * A UDP socket given a port: the same address and port on the host, so that host processes
   * can send to it and see its port in what it sends them. Waits for the host's answer; a port
   * the host has in use leaves the socket without one (it sends out from any port).
   */
  private bindOnHost(): void {
    if (this.isStream || this.hostDatagrams !== undefined || !isLocal(this.local.ip)) return;
    const network = hostNetwork();
    const id = network.open(this);
    this.hostDatagrams = id;
    this.hostDatagramsState = undefined;
    let host = hostText(this.local.ip);
    if (isWildcard(this.local.ip)) host = this.domain === AF_INET ? '0.0.0.0' : '::';
    else if (this.domain !== AF_INET && isIpv4(this.local.ip)) host = `::ffff:${host}`;
    network.command({
      op: 'udp-open',
      id,
      family: this.domain === AF_INET ? 4 : 6,
      host,
      port: this.local.port,
      ipv6Only: this.domain !== AF_INET && this.v6Only,
    });
    network.waitUntil(() => this.hostDatagramsState !== undefined, 5000);
    if (this.hostDatagramsState !== 'bound') {
      this.closeHostDatagrams();
      return;
    }
    this.hostDatagramsMirrored = true;
    mirroredPorts.udp.add(this.local.port);
  }

  /** Closes the host UDP socket, waiting until its port is free on the host again. */
  private closeHostDatagrams(): void {
    if (this.hostDatagrams === undefined) return;
    const network = hostNetwork();
    const id = this.hostDatagrams;
    this.hostDatagramsState = undefined;
    network.command({ op: 'close', id, reset: false });
    // (A datagram sent next to this port must not find it still held by the worker.)
    const mirrored = this.hostDatagramsMirrored;
    network.waitUntil(() => this.hostDatagramsState === 'closed', 1000);
    network.forget(id);
    this.hostDatagrams = undefined;
    this.hostDatagramsMirrored = false;
    if (mirrored) mirroredPorts.udp.delete(this.local.port);
  }

  /** getsockname's address. */
  localName(): Uint8Array {
    return socketAddress(this.domain, this.local);
  }

  /** getpeername's (and accept's) address; ENOTCONN without a peer. */
  peerName(): Uint8Array {
    if (!this.remote || this.state !== 'connected') fail(Errno.ENOTCONN);
    return socketAddress(this.domain, this.remote);
  }

  /** The source address of what this socket sends to `destination`. */
  private sourceIp(destination: Uint8Array): Uint8Array {
    if (!isWildcard(this.local.ip)) return this.local.ip;
    return sourceFor(destination);
  }

  // ---- connections ----

  override listen(backlog: number, _credentials: Credentials): void {
    if (!this.isStream) fail(Errno.EOPNOTSUPP);
    if (this.state === 'connected' || this.connecting) fail(Errno.EINVAL);
    if (this.state === 'listening') {
      this.backlog = backlog;
      return;
    }
    this.autobindPort(Errno.EADDRINUSE);
    if ((this.ports.get(this.local.port) ?? []).some((other) => this.conflictsWith(other, true))) {
      fail(Errno.EADDRINUSE);
    }
    this.backlog = backlog;
    this.state = 'listening';
    this.shutdownBits = 0;
  }

  /**
   * TCP connect (__inet_stream_connect): to a listener of the run holding `destination`. Returns 0
   * or fails; a non-blocking connect fails with EINPROGRESS and is "connecting" until the next.
   */
  connectStream(thread: Thread, destinationOf: () => Endpoint, nonBlocking: boolean): number {
    // A blocking connect to the host, run again while it waits for the outcome.
    if (this.host?.phase === 'connecting' && !this.connecting) return this.hostConnectOutcome(thread);
    if (this.connecting) {
      // A connect after EINPROGRESS: EALREADY while under way, else the outcome.
      pumpHostNetwork();
      if (this.host?.phase === 'connecting') fail(Errno.EALREADY);
      this.connecting = false;
      if (this.state === 'connected') return 0;
      const error = this.takeError() || Errno.ECONNABORTED;
      this.forgetHost();
      fail(error);
    }
    if (this.state !== 'unconnected') fail(Errno.EISCONN);
    const destination = destinationOf();
    const listener = this.findListener(destination);
    if (!listener) return this.connectToHost(thread, destination, nonBlocking);
    this.autobindPort(Errno.EADDRNOTAVAIL);
    const source = this.sourceIp(destination.ip);
    if (isWildcard(this.local.ip)) this.local = { ip: source, port: this.local.port };
    const server = new InetSocket(listener.domain, SOCK_STREAM, 0, listener.credentials);
    server.inheritOptions(listener);
    server.local = { ip: destination.ip, port: destination.port };
    server.remote = { ip: source, port: this.local.port };
    server.state = 'connected';
    server.peer = this;
    server.register();
    this.remote = { ip: destination.ip, port: destination.port };
    this.peer = server;
    this.state = 'connected';
    listener.pending.push(server);
    listener.markChanged();
    if (nonBlocking) {
      this.connecting = true;
      fail(Errno.EINPROGRESS);
    }
    return 0;
  }

  /**
   * After listen(2): the same address and port on the host too, so that host processes can
   * connect (their connections join the accept queue). A port the host has in use stays the
   * run's alone, with a note.
   */
  listenOnHost(process: Process): void {
    if (this.hostListener !== undefined || this.state !== 'listening' || !isLocal(this.local.ip)) return;
    // SO_REUSEPORT listeners of one port: host clients all go to the first one's queue.
    if (tcpPorts.get(this.local.port)?.some((other) => other.hostListener !== undefined)) return;
    const network = hostNetwork();
    this.hostListener = network.open(this);
    this.listeningProcess = process;
    let host = hostText(this.local.ip);
    if (isWildcard(this.local.ip)) host = this.domain === AF_INET ? '0.0.0.0' : '::';
    else if (this.domain !== AF_INET && isIpv4(this.local.ip)) host = `::ffff:${host}`;
    network.command({
      op: 'listen',
      id: this.hostListener,
      host,
      port: this.local.port,
      backlog: Math.max(1, this.backlog),
      ipv6Only: this.domain !== AF_INET && this.v6Only,
    });
    // Natively a client may connect as soon as listen returns: so may a host client here.
    this.hostListenerAnswered = false;
    network.waitUntil(() => this.hostListenerAnswered, 5000);
    if (this.hostListening) mirroredPorts.tcp.add(this.local.port);
  }

  private closeHostListener(): void {
    if (this.hostListener === undefined) return;
    const network = hostNetwork();
    network.command({ op: 'close', id: this.hostListener, reset: false });
    network.forget(this.hostListener);
    this.hostListener = undefined;
    if (this.hostListening) mirroredPorts.tcp.delete(this.local.port);
    this.hostListening = false;
  }

  /** A host process's connection to the host listener: a server socket for accept. */
  private acceptFromHost(event: Extract<HostEvent, { event: 'accepted' }>): void {
    const server = new InetSocket(this.domain, SOCK_STREAM, 0, this.credentials);
    server.inheritOptions(this);
    server.host = { id: event.connection, phase: 'connected', unwritten: 0 };
    hostNetwork().adopt(event.connection, server);
    server.local = { ip: parseIp(event.localAddress) ?? this.local.ip, port: event.localPort };
    server.remote = { ip: parseIp(event.remoteAddress) ?? this.local.ip, port: event.remotePort };
    server.state = 'connected';
    server.register();
    this.pending.push(server);
  }

  override get hasPending(): boolean {
    pumpHostNetwork();
    return super.hasPending;
  }

  /** A connection no socket of the run takes: made by the host, with its outcome to come. */
  private connectToHost(thread: Thread, destination: Endpoint, nonBlocking: boolean): number {
    const network = hostNetwork();
    const id = network.open(this);
    this.host = { id, phase: 'connecting', unwritten: 0 };
    this.remote = { ip: destination.ip, port: destination.port };
    network.command({
      op: 'connect',
      id,
      host: hostText(destination.ip),
      port: destination.port,
      family: isIpv4(destination.ip) ? 4 : 6,
    });
    if (nonBlocking) {
      this.connecting = true;
      fail(Errno.EINPROGRESS);
    }
    return this.hostConnectOutcome(thread);
  }

  /** A blocking connect to the host: waits until it is made or has failed. */
  private hostConnectOutcome(thread: Thread): number {
    pumpHostNetwork();
    const host = this.host!;
    if (host.phase === 'connecting') return this.block(thread, 'writable', 0);
    if (host.phase === 'connected') return 0;
    const error = this.takeError() || Errno.ECONNREFUSED;
    this.forgetHost();
    fail(error);
  }

  /** After a failed connection the socket may connect again (tcp_disconnect). */
  private forgetHost(): void {
    if (this.host) hostNetwork().forget(this.host.id);
    this.host = undefined;
    this.remote = undefined;
    this.shutdownBits = 0;
    this.releaseAutobound();
  }

  /** What the worker reports for this socket's host socket. */
  hostEvent(event: HostEvent): void {
    const host = this.host;
    this.markChanged();
    if (event.id === this.hostDatagrams && event.event !== 'message') {
      if (event.event === 'bound') this.hostDatagramsState = 'bound';
      else if (event.event === 'closed') this.hostDatagramsState = 'closed';
      else if (event.event === 'error' && this.hostDatagramsState === undefined) this.hostDatagramsState = 'failed';
      else if (event.event === 'error') this.error = errnoOf(event.code);
      return;
    }
    if (event.id === this.hostListener) {
      if (event.event === 'accepted') this.acceptFromHost(event);
      else if (event.event === 'listening') {
        this.hostListenerAnswered = true;
        this.hostListening = true;
      } else if (event.event === 'error') {
        this.hostListenerAnswered = true;
        this.listeningProcess?.warn(
          `port ${this.local.port} is in use on the host (${event.code}): only sockets of this run can connect to it`,
        );
      }
      return;
    }
    switch (event.event) {
      case 'connected': {
        if (!host) return;
        host.phase = 'connected';
        this.state = 'connected';
        // The host chose the local address and port: getsockname shows them, as natively.
        this.unregister();
        this.local = { ip: parseIp(event.localAddress) ?? this.local.ip, port: event.localPort };
        this.register();
        break;
      }
      case 'data':
        this.queue.push({ data: event.data, offset: 0, sender: undefined, credentials: OUTSIDE, rights: undefined });
        break;
      case 'message': {
        const ip = parseIp(event.address);
        if (!ip || this.receiveMemory + event.data.length + DATAGRAM_OVERHEAD > this.receiveBuffer) return;
        // A connected socket takes datagrams from its peer only.
        const remote = this.remote;
        if (remote && (!sameIp(remote.ip, ip) || remote.port !== event.port)) return;
        const from = socketAddress(this.domain, { ip, port: event.port });
        this.queue.push({
          data: event.data,
          offset: 0,
          sender: undefined,
          from,
          credentials: OUTSIDE,
          rights: undefined,
        });
        break;
      }
      case 'end':
        this.shutdownBits |= 1;
        break;
      case 'written':
        if (host) host.unwritten -= event.count;
        break;
      case 'error':
        if (host?.phase === 'connecting') host.phase = 'failed';
        this.error = errnoOf(event.code);
        if (this.isStream) this.shutdownBits = 3;
        break;
      case 'bound':
      case 'accepted':
      case 'listening':
        break;
    }
  }

  override get externallyDriven(): boolean {
    return this.host !== undefined || this.hostDatagrams !== undefined || this.hostListener !== undefined;
  }

  /**
   * A wait on a socket with a host socket behind it can end by the outside world: it is looked
   * at again as a host file's (an external poll wait).
   */
  override block(thread: Thread, kind: 'readable' | 'writable', timeout: number, on: OpenFile = this): number {
    if (!this.externallyDriven) return super.block(thread, kind, timeout, on);
    let deadline = Number.POSITIVE_INFINITY;
    if (timeout > 0) {
      deadline = thread.restart?.deadline ?? monotonicNanoseconds() + timeout;
      if (monotonicNanoseconds() >= deadline) fail(Errno.EAGAIN);
      thread.restart = { deadline };
    }
    thread.wait = { kind: 'poll', deadline, external: true };
    return BLOCKED;
  }

  /** An accepted socket starts with its listener's options (sk_clone_lock copies the socket). */
  private inheritOptions(listener: InetSocket): void {
    for (const [k, v] of listener.storedOptions) this.storedOptions.set(k, v);
    for (const [k, v] of listener.protocolOptions) this.protocolOptions.set(k, v);
    this.sendBuffer = listener.sendBuffer;
    this.receiveBuffer = listener.receiveBuffer;
    this.linger = [...listener.linger];
    this.v6Only = listener.v6Only;
  }

  private releaseAutobound(): void {
    if (this.portLocked) return;
    this.unregister();
    this.closeHostDatagrams();
    this.local = { ip: this.local.ip, port: 0 };
  }

  /** The listening socket that takes a connection to `destination`: an exact address first. */
  private findListener(destination: Endpoint): InetSocket | undefined {
    let best: InetSocket | undefined;
    for (const s of tcpPorts.get(destination.port) ?? []) {
      if (s.dead || s.state !== 'listening') continue;
      const c = s.coverage();
      if (!holds(c, destination.ip)) continue;
      if (!c.wildcard) return s;
      best ??= s;
    }
    return best;
  }

  /** connect(AF_UNSPEC) on a TCP socket (tcp_disconnect): a connection ends with a reset. */
  disconnectStream(): void {
    if (this.state === 'listening') {
      this.stopListening();
      return;
    }
    if (this.peer) {
      this.peer.error = Errno.ECONNRESET;
      this.peer.shutdownBits = 3;
      this.peer.markChanged();
    }
    this.peer = undefined;
    this.remote = undefined;
    this.dropQueue();
    this.state = 'unconnected';
    this.connecting = false;
    this.shutdownBits = 0;
  }

  private stopListening(): void {
    this.closeHostListener();
    for (const embryo of this.pending) (embryo as InetSocket).releaseUnaccepted();
    this.pending = [];
    this.state = 'unconnected';
  }

  /** UDP connect: the default destination, and the only source datagrams are taken from. */
  connectDatagramTo(destination: Endpoint): void {
    this.autobindPort(Errno.EAGAIN);
    // (The host picks the source of datagrams that leave the machine: the address stays open.)
    if (isWildcard(this.local.ip) && isLocal(destination.ip))
      this.local = { ip: this.sourceIp(destination.ip), port: this.local.port };
    this.remote = { ip: destination.ip, port: destination.port };
    this.state = 'connected';
  }

  /** UDP connect(AF_UNSPEC) (__udp_disconnect): what bind did not choose is forgotten. */
  disconnectDatagram(): void {
    this.remote = undefined;
    this.state = 'unconnected';
    if (!this.addressLocked) this.local = { ip: this.domain === AF_INET ? IPV4_ANY : IPV6_ANY, port: this.local.port };
    this.releaseAutobound();
  }

  override shutdown(how: number): void {
    const bits = how + 1;
    if (this.isStream && this.state === 'listening') {
      if (bits & 1) this.stopListening();
      return;
    }
    this.shutdownBits |= bits;
    if (this.state !== 'connected') fail(Errno.ENOTCONN);
    // A TCP SHUT_WR sends FIN: the peer reads end of file. SHUT_RD tells the peer nothing.
    if (this.isStream && bits & 2 && this.peer) {
      this.peer.shutdownBits |= 1;
      this.peer.markChanged();
    }
    if (this.isStream && bits & 2 && this.host?.phase === 'connected')
      hostNetwork().command({ op: 'end', id: this.host.id });
  }

  // ---- data ----

  /** The write(2) path: a send to the connected peer. */
  override send(thread: Thread, data: Uint8Array, flags: number): number {
    return this.sendTo(thread, data, flags, undefined);
  }

  /** send, sendto, sendmsg: `destination` is the parsed address of sendto/msg_name, if any. */
  sendTo(thread: Thread, data: Uint8Array, flags: number, destination: Endpoint | undefined): number {
    if (this.isStream) return this.sendStreamData(thread, data, flags);
    return this.sendDatagramTo(data, flags, destination);
  }

  /** The error a TCP send reports (sk_stream_error): EPIPE raises SIGPIPE unless MSG_NOSIGNAL. */
  private streamError(thread: Thread, flags: number): never {
    const error = this.takeError() || Errno.EPIPE;
    if (error === Errno.EPIPE) this.brokenPipe(thread, flags);
    fail(error);
  }

  private sendStreamData(thread: Thread, data: Uint8Array, flags: number): number {
    if (this.host) return this.sendToHostStream(thread, data, flags);
    if (this.state !== 'connected' || !this.peer || this.error || this.shutdownBits & 2) {
      this.streamError(thread, flags);
    }
    if (this.peer.dead && data.length > 0) {
      // The peer has closed: the data goes out, and the reset it draws closes this socket.
      this.error = Errno.EPIPE;
      this.shutdownBits = 3;
      return data.length;
    }
    return super.send(thread, data, flags, undefined, undefined, this.credentials);
  }

  /** A send on a host connection: the bytes go to the worker, which writes them out. */
  private sendToHostStream(thread: Thread, data: Uint8Array, flags: number): number {
    pumpHostNetwork();
    const host = this.host!;
    if (this.state !== 'connected' || this.error || this.shutdownBits & 2) this.streamError(thread, flags);
    if (data.length === 0) return 0;
    if (host.unwritten >= HOST_SEND_LIMIT) {
      if (this.nonBlocking || flags & MsgFlag.DONTWAIT) fail(Errno.EAGAIN);
      return this.block(thread, 'writable', this.sendTimeout);
    }
    host.unwritten += data.length;
    hostNetwork().command({ op: 'write', id: host.id, data: data.slice() });
    return data.length;
  }

  /** A datagram to an address outside this machine, through the socket's host UDP socket. */
  private sendToHost(data: Uint8Array, destination: Endpoint): number {
    const network = hostNetwork();
    if (this.hostDatagrams === undefined) {
      this.hostDatagrams = network.open(this);
      network.command({ op: 'udp-open', id: this.hostDatagrams, family: this.domain === AF_INET ? 4 : 6 });
    }
    const host =
      this.domain === AF_INET || !isIpv4(destination.ip)
        ? hostText(destination.ip)
        : `::ffff:${hostText(destination.ip)}`;
    network.command({ op: 'udp-send', id: this.hostDatagrams, data: data.slice(), host, port: destination.port });
    return data.length;
  }

  private sendDatagramTo(data: Uint8Array, flags: number, to: Endpoint | undefined): number {
    if (data.length > 0xffff) fail(Errno.EMSGSIZE);
    if (flags & MsgFlag.OOB) fail(Errno.EOPNOTSUPP);
    let destination = to;
    if (!destination) {
      if (this.state !== 'connected' || !this.remote) fail(Errno.EDESTADDRREQ);
      destination = this.remote;
    }
    this.autobindPort(Errno.EAGAIN);
    if (data.length > (this.domain === AF_INET || isIpv4(destination.ip) ? MAX_UDP_IPV4 : MAX_UDP_IPV6)) {
      fail(Errno.EMSGSIZE);
    }
    if (this.shutdownBits & 2) fail(Errno.EPIPE);
    if (!isLocal(destination.ip)) return this.sendToHost(data, destination);
    const source: Endpoint = { ip: this.sourceIp(destination.ip), port: this.local.port };
    const receiver = findDatagramReceiver(destination, source);
    if (!receiver) {
      if (hostHolds('udp', destination.ip, destination.port)) return this.sendToHost(data, destination);
      // Port unreachable: only a connected socket hears of it.
      if (this.state === 'connected') this.error = Errno.ECONNREFUSED;
      return data.length;
    }
    if (receiver.receiveMemory + data.length + DATAGRAM_OVERHEAD <= receiver.receiveBuffer) {
      this.deliver(receiver, data.slice(), undefined, this.credentials, socketAddress(receiver.domain, source));
    }
    return data.length;
  }

  override receive(thread: Thread, length: number, flags: number): Received | number {
    pumpHostNetwork();
    if (this.isStream) {
      if (this.state === 'listening') fail(Errno.ENOTCONN);
      if (this.state !== 'connected') {
        const error = this.takeError();
        if (error) fail(error);
        if (this.shutdownBits & 1) return this.endOfData();
        fail(Errno.ENOTCONN);
      }
      const before = this.host ? this.queuedBytes() : 0;
      const received = super.receive(thread, length, flags);
      // TCP fills no source address (recvfrom's and recvmsg's name length comes back 0).
      if (typeof received !== 'number') received.from = undefined;
      // What the guest read of a host connection's data opens the window again.
      if (this.host && before > this.queuedBytes()) {
        hostNetwork().command({ op: 'read', id: this.host.id, count: before - this.queuedBytes() });
      }
      return received;
    }
    return super.receive(thread, length, flags);
  }

  override poll(events: number): number {
    pumpHostNetwork();
    let ready = 0;
    if (this.host?.phase === 'connecting') {
      // SYN_SENT: nothing to report until the host says how it went.
    } else if (this.host) {
      if (this.shutdownBits === 3 || this.state !== 'connected') ready |= PollEvent.HUP;
      if (this.shutdownBits & 1) ready |= PollEvent.IN | PollEvent.RDNORM | PollEvent.RDHUP;
      if (this.queue.length > 0) ready |= PollEvent.IN | PollEvent.RDNORM;
      if (this.shutdownBits & 2 || this.host.unwritten < HOST_SEND_LIMIT) ready |= PollEvent.OUT | PollEvent.WRNORM;
    } else if (this.isStream && this.state === 'listening') {
      if (this.pending.length > 0) ready |= PollEvent.IN | PollEvent.RDNORM;
    } else if (this.isStream) {
      // tcp_poll
      if (this.shutdownBits === 3 || this.state !== 'connected') ready |= PollEvent.HUP;
      if (this.shutdownBits & 1) ready |= PollEvent.IN | PollEvent.RDNORM | PollEvent.RDHUP;
      if (this.queue.length > 0) ready |= PollEvent.IN | PollEvent.RDNORM;
      if (this.shutdownBits & 2 || this.inFlight * 3 <= this.sendCapacity * 2) {
        ready |= PollEvent.OUT | PollEvent.WRNORM;
      }
    } else {
      // datagram_poll
      if (this.queue.length > 0) ready |= PollEvent.IN | PollEvent.RDNORM;
      if (this.shutdownBits & 1) ready |= PollEvent.IN | PollEvent.RDNORM | PollEvent.RDHUP;
      if (this.shutdownBits === 3) ready |= PollEvent.HUP;
      ready |= PollEvent.OUT | PollEvent.WRNORM | PollEvent.WRBAND;
    }
    if (this.error) ready |= PollEvent.ERR;
    return ready & (events | PollEvent.ERR | PollEvent.HUP);
  }

  /**
   * Closing: TCP tells the peer with FIN (end of file), or with RST when data was left unread, the
   * connection was never accepted, or SO_LINGER is on with time 0.
   */
  protected override hangUp(embryo: boolean): void {
    const peer = this.peer;
    if (peer && this.isStream) {
      const abort = embryo || this.queuedBytes() > 0 || (this.linger[0] !== 0 && this.linger[1] === 0);
      if (abort) {
        peer.error = Errno.ECONNRESET;
        peer.shutdownBits = 3;
      } else {
        peer.shutdownBits |= 1;
      }
      peer.markChanged();
    }
    this.peer = undefined;
    this.dropQueue();
  }

  protected override release(): void {
    this.unregister();
    this.closeHostListener();
    const network = this.host !== undefined || this.hostDatagrams !== undefined ? hostNetwork() : undefined;
    if (this.host) {
      // Unread data or SO_LINGER 0 end the host connection with a reset, as natively.
      const reset = this.queuedBytes() > 0 || (this.linger[0] !== 0 && this.linger[1] === 0);
      network?.command({ op: 'close', id: this.host.id, reset });
      network?.forget(this.host.id);
    }
    this.closeHostDatagrams();
    super.release();
  }

  protected override releaseUnaccepted(): void {
    this.unregister();
    super.releaseUnaccepted();
  }
}

/**
 * The socket a datagram from `source` to `destination` goes to: among those holding the address
 * and port, one connected to exactly that source first, then an exact address, then a wildcard;
 * a socket connected elsewhere takes nothing.
 */
function findDatagramReceiver(destination: Endpoint, source: Endpoint): InetSocket | undefined {
  let best: InetSocket | undefined;
  let bestScore = -1;
  for (const s of udpPorts.get(destination.port) ?? []) {
    if (s.dead) continue;
    if (!holds(s.coverage(), destination.ip)) continue;
    let score = isWildcard(s.local.ip) ? 0 : 1;
    if (s.remote) {
      if (!sameIp(s.remote.ip, source.ip) || s.remote.port !== source.port) continue;
      score += 2;
    }
    if (score > bestScore) {
      best = s;
      bestScore = score;
    }
  }
  return best;
}
