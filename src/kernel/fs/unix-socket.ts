// AF_UNIX sockets between descriptors of the Miros run: SOCK_STREAM, SOCK_DGRAM and
// SOCK_SEQPACKET, with Linux's semantics (net/unix/af_unix.c) where a program can see them:
// connecting completes at once (the server's socket waits in the listener's queue until
// accept), stream reads cross write boundaries but stop after a write carrying descriptors,
// datagrams and sequenced packets are read whole or truncated, closing one end hangs up the
// other (ECONNRESET when it left unread data), and poll reports what unix_poll and
// unix_dgram_poll report. When a call would block it returns BLOCKED with the wait recorded
// (src/kernel/blocking.ts) and is run again from the start later, so every operation checks
// everything before it consumes anything — except a blocking stream send, which sends in pieces
// and remembers per thread how far it got. Send buffers count each queued message's bytes plus a
// fixed overhead, standing in for Linux's skb truesize: where exactly a full buffer starts to
// block differs from Linux by a few messages.
//
// Names: a socket bound to a path owns a socket file there (made by the file system's mknod);
// connect finds the socket through that file's device and inode. Abstract names (sun_path[0] is
// 0) live in a table of the run. Both tables are module-level: every process of one Miros run
// (one Node process) shares them, as the processes of one Linux network namespace do.

import { readFileSync } from 'node:fs';
import { Ioctl, OpenFlag, PollEvent } from '../abi/flags.ts';
import { SI_USER, SIGPIPE } from '../abi/signals.ts';
import { AF_UNIX, MsgFlag, SOCK_DGRAM, SOCK_SEQPACKET, SOCK_STREAM, SUN_PATH_OFFSET } from '../abi/socket.ts';
import { BLOCKED } from '../blocking.ts';
import { monotonicNanoseconds } from '../clock.ts';
import { Errno, fail } from '../errno.ts';
import { StructBuffer } from '../guest-memory.ts';
import { handlerSignalPending } from '../signals/delivery.ts';
import type { Thread } from '../thread.ts';
import { interfaceIoctl } from './interface-ioctl.ts';
import { nextChangeSerial, OpenFile } from './open-file.ts';
import { now, S_IFSOCK, type Stat } from './stat.ts';

/** The sending process's identity, as SO_PEERCRED and SCM_CREDENTIALS carry it. */
export interface Credentials {
  pid: number;
  uid: number;
  gid: number;
}

/** A write (stream) or a datagram waiting in a receive queue. */
export interface Message {
  data: Uint8Array;
  /** Bytes of `data` already read (stream only). */
  offset: number;
  /** Whose send buffer it counts against until read (undefined: from outside the run). */
  sender: UnixSocket | undefined;
  /** The source address the receiver sees, when it is not the sender's bound name (IP datagrams). */
  from?: Uint8Array;
  credentials: Credentials;
  /** SCM_RIGHTS: open files in flight (each holds a reference). */
  rights: OpenFile[] | undefined;
}

/** What a receive hands to the system call. */
export interface Received {
  data: Uint8Array;
  /** The whole message's length (dgram/seqpacket: more than data.length when truncated). */
  fullLength: number;
  from: Uint8Array | undefined;
  credentials: Credentials | undefined;
  rights: OpenFile[] | undefined;
}

/** Per-message overhead counted against the send buffer (Linux counts each skb's truesize). */
const MESSAGE_OVERHEAD = 512;
/** net.unix.max_dgram_qlen: datagrams a socket not connected back to the sender may queue. */
const MAX_DGRAM_QUEUE = 10;
/** net.core.somaxconn. */
export const SOMAXCONN = 4096;

/** The host's net.core socket-buffer settings (what native programs see here), with Linux's defaults. */
function hostSetting(name: string, fallback: number): number {
  try {
    const text = readFileSync(`/proc/sys/net/core/${name}`, 'latin1');
    const value = Number.parseInt(text, 10);
    return Number.isFinite(value) && value > 0 ? value : fallback;
  } catch {
    return fallback;
  }
}

let bufferSettings: { wmemDefault: number; rmemDefault: number; wmemMax: number; rmemMax: number } | undefined;

export function socketBufferSettings(): NonNullable<typeof bufferSettings> {
  bufferSettings ??= {
    wmemDefault: hostSetting('wmem_default', 212992),
    rmemDefault: hostSetting('rmem_default', 212992),
    wmemMax: hostSetting('wmem_max', 212992),
    rmemMax: hostSetting('rmem_max', 212992),
  };
  return bufferSettings;
}

let nextSocketInode = 1;

/** Blocking stream sends under way: how far each thread's call got before it waited. */
const streamSends = new WeakMap<Thread, { socket: UnixSocket; length: number; sent: number }>();

/** Sockets bound to paths, by the socket file's "dev:ino". */
const boundFiles = new Map<string, UnixSocket>();
/**
 * Sockets bound to abstract names, by type and the name's bytes (latin1, after the leading NUL):
 * Linux hashes the type in, so a stream and a datagram socket may hold the same name and a
 * connect finds only its own type.
 */
const abstractNames = new Map<string, UnixSocket>();

function abstractKey(type: number, name: Uint8Array): string {
  return `${type}:${latin1Of(name)}`;
}

export function fileKey(dev: number, ino: number): string {
  return `${dev}:${ino}`;
}

/** The socket bound to the socket file with this identity, if one is. */
export function socketAtFile(key: string): UnixSocket | undefined {
  return boundFiles.get(key);
}

export function socketWithAbstractName(type: number, name: Uint8Array): UnixSocket | undefined {
  return abstractNames.get(abstractKey(type, name));
}

type State = 'unconnected' | 'listening' | 'connected';

/** Every socket of the run not yet closed, oldest first (/proc/net lists them). */
const liveSockets = new Set<UnixSocket>();

export function openSockets(): Iterable<UnixSocket> {
  return liveSockets;
}

export class UnixSocket extends OpenFile {
  state: State = 'unconnected';
  /** The bound address as getsockname returns it (family and sun_path bytes). */
  address: Uint8Array | undefined;
  private bindingKey: { kind: 'file' | 'abstract'; key: string } | undefined;
  /** Stream/seqpacket: the other end; dgram: the socket connect() named. */
  peer: UnixSocket | undefined;
  /** Received data, oldest first. */
  protected queue: Message[] = [];
  /** Listening: connected server ends not yet accepted. */
  protected pending: UnixSocket[] = [];
  backlog = 0;
  /** RCV_SHUTDOWN (1) and SEND_SHUTDOWN (2) bits. */
  shutdownBits = 0;
  /** sk_err: reported once by the next receive, SO_ERROR or poll. */
  error = 0;
  /** All descriptors closed. */
  dead = false;
  /** Bytes (plus per-message overhead) this socket has sent that are not read yet. */
  protected inFlight = 0;
  readonly inode = nextSocketInode++;
  private readonly created = now();
  /** The credentials of the process that created (stream: connected or listened on) it. */
  credentials: Credentials;
  /** SO_PEERCRED. */
  peerCredentials: Credentials | undefined;
  sendBuffer: number;
  receiveBuffer: number;
  /** Options kept as set and reported back (SO_REUSEADDR, SO_KEEPALIVE, ...). */
  readonly storedOptions = new Map<number, number>();
  /** SO_LINGER: [l_onoff, l_linger]. */
  linger: [number, number] = [0, 0];
  /** SO_RCVTIMEO / SO_SNDTIMEO in nanoseconds (0: none). */
  receiveTimeout = 0;
  sendTimeout = 0;
  passCredentials = false;
  /** The protocol socket() was given (0 or PF_UNIX), as SO_PROTOCOL reports it. */
  protocol = 0;
  /** When the socket's readiness last changed (epoll's edge-triggered reports follow it). */
  private changed = 0;

  constructor(
    readonly type: number,
    flags: number,
    credentials: Credentials,
  ) {
    super(OpenFlag.RDWR | (flags & OpenFlag.NONBLOCK));
    this.credentials = credentials;
    const settings = socketBufferSettings();
    this.sendBuffer = settings.wmemDefault;
    this.receiveBuffer = settings.rmemDefault;
    liveSockets.add(this);
  }

  /**
   * Something that can change what poll reports happened (data, a connection, room, end of
   * data, an error): an edge-triggered epoll member is reported again, as Linux's wake-ups do.
   */
  markChanged(): void {
    this.changed = nextChangeSerial();
  }

  override get changeSerial(): number {
    return this.changed;
  }

  /** The address family, as SO_DOMAIN reports it. */
  get family(): number {
    return AF_UNIX;
  }

  /** The bytes a stream may have sent and not yet had read before a send waits. */
  protected get sendCapacity(): number {
    return this.sendBuffer;
  }

  get connectionOriented(): boolean {
    return this.type === SOCK_STREAM || this.type === SOCK_SEQPACKET;
  }

  override describe(): string {
    return `socket:[${this.inode}]`;
  }

  stat(): Stat {
    return {
      dev: 0x9,
      ino: this.inode,
      mode: S_IFSOCK | 0o777,
      nlink: 1,
      uid: this.credentials.uid,
      gid: this.credentials.gid,
      rdev: 0,
      size: 0,
      blksize: 4096,
      blocks: 0,
      atime: this.created,
      mtime: this.created,
      ctime: this.created,
    };
  }

  override get externallyDriven(): boolean {
    return false;
  }

  // ---- names ----

  /** Binds to a path whose socket file (identity `key`) the caller has just made. */
  bindFile(address: Uint8Array, key: string): void {
    this.address = address;
    this.bindingKey = { kind: 'file', key };
    boundFiles.set(key, this);
  }

  /** Binds to an abstract name (EADDRINUSE when taken). */
  bindAbstract(address: Uint8Array): void {
    const key = abstractKey(this.type, address.subarray(SUN_PATH_OFFSET + 1));
    if (abstractNames.has(key)) fail(Errno.EADDRINUSE);
    this.address = address;
    this.bindingKey = { kind: 'abstract', key };
    abstractNames.set(key, this);
  }

  /** unix_autobind: an unused abstract name of five hex digits (Linux starts at a random one). */
  autobind(): void {
    if (this.address) return;
    const start = Math.floor(Math.random() * 0x100000);
    for (let i = 0; i < 0x100000; i++) {
      const digits = ((start + i) % 0x100000).toString(16).padStart(5, '0');
      const address = new Uint8Array(SUN_PATH_OFFSET + 1 + digits.length);
      address[0] = AF_UNIX;
      for (let k = 0; k < digits.length; k++) address[SUN_PATH_OFFSET + 1 + k] = digits.charCodeAt(k);
      if (abstractNames.has(abstractKey(this.type, address.subarray(SUN_PATH_OFFSET + 1)))) continue;
      this.bindAbstract(address);
      return;
    }
    fail(Errno.ENOSPC);
  }

  // ---- connections ----

  listen(backlog: number, credentials: Credentials): void {
    if (!this.connectionOriented) fail(Errno.EOPNOTSUPP);
    if (!this.address || this.state === 'connected') fail(Errno.EINVAL);
    this.backlog = backlog;
    this.state = 'listening';
    this.credentials = credentials;
  }

  /**
   * Stream/seqpacket connect to `listener` (found by name). Returns BLOCKED when the listener's
   * queue is full and the call may wait.
   */
  connectTo(thread: Thread, listener: UnixSocket, nonBlocking: boolean, credentials: Credentials): number {
    if (listener.type !== this.type) fail(Errno.EPROTOTYPE);
    if (listener.state !== 'listening' || listener.shutdownBits & 1) fail(Errno.ECONNREFUSED);
    if (listener.pending.length > listener.backlog) {
      if (nonBlocking) fail(Errno.EAGAIN);
      return this.block(thread, 'writable', this.sendTimeout, listener);
    }
    if (this.state === 'connected') fail(Errno.EISCONN);
    if (this.state !== 'unconnected') fail(Errno.EINVAL);
    const server = new UnixSocket(this.type, 0, credentials);
    server.state = 'connected';
    server.peer = this;
    server.address = listener.address;
    server.peerCredentials = credentials;
    this.peer = server;
    this.state = 'connected';
    this.credentials = credentials;
    this.peerCredentials = listener.credentials;
    listener.pending.push(server);
    listener.markChanged();
    return 0;
  }

  /** Takes the oldest connection waiting on a listening socket (undefined: none yet). */
  takePending(): UnixSocket | undefined {
    return this.pending.shift();
  }

  /** Connections waiting for accept. */
  get pendingCount(): number {
    return this.pending.length;
  }

  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  /**
   * A datagram socket's connect (undefined: AF_UNSPEC, disconnect). Leaving a peer drops what
   * was queued (unix_dgram_disconnected), and a peer connected back learns of it: ECONNRESET.
   */
  connectDatagram(other: UnixSocket | undefined): void {
    const old = this.peer;
    this.peer = other;
    this.state = other ? 'connected' : 'unconnected';
    if (old && old !== other) this.disconnectedFrom(old);
  }

  private disconnectedFrom(old: UnixSocket): void {
    if (this.queue.length === 0) return;
    this.dropQueue();
    if (!old.dead && old.peer === this) {
      old.error = Errno.ECONNRESET;
      old.markChanged();
    }
  }

  /** Joins two new sockets (socketpair). */
  static pair(a: UnixSocket, b: UnixSocket): void {
    a.peer = b;
    b.peer = a;
    a.state = 'connected';
    b.state = 'connected';
    a.peerCredentials = b.credentials;
    b.peerCredentials = a.credentials;
  }

  shutdown(how: number): void {
    const bits = how + 1;
    this.shutdownBits |= bits;
    const peer = this.peer;
    if (peer && this.connectionOriented) {
      let peerBits = 0;
      if (bits & 1) peerBits |= 2;
      if (bits & 2) peerBits |= 1;
      peer.shutdownBits |= peerBits;
      peer.markChanged();
    }
  }

  // ---- data ----

  /**
   * Sends `data` (already copied from the guest) to the peer, or for datagrams to `target`.
   * Returns the count sent or BLOCKED.
   */
  send(
    thread: Thread,
    data: Uint8Array,
    flags: number,
    target: UnixSocket | undefined,
    rights: OpenFile[] | undefined,
    credentials: Credentials,
  ): number {
    if (flags & MsgFlag.OOB) fail(Errno.EOPNOTSUPP);
    const nonBlocking = this.nonBlocking || (flags & MsgFlag.DONTWAIT) !== 0;
    if (this.type === SOCK_STREAM) return this.sendStream(thread, data, flags, rights, credentials, nonBlocking);
    return this.sendDatagram(thread, data, target, rights, credentials, nonBlocking);
  }

  protected brokenPipe(thread: Thread, flags: number): never {
    if (!(flags & MsgFlag.NOSIGNAL)) thread.sendSignal(SIGPIPE, SI_USER);
    fail(Errno.EPIPE);
  }

  /**
   * A stream send. Non-blocking, it sends what fits (EAGAIN when nothing does). Blocking, it
   * sends everything, as Linux does, waiting for room as often as needed: the call is retried
   * from the start after each wait (src/kernel/blocking.ts), so the bytes already sent are
   * remembered per thread and skipped. It ends early with the count sent so far when a signal
   * with a handler arrives, SO_SNDTIMEO passes or the peer goes away, as Linux's does.
   */
  private sendStream(
    thread: Thread,
    data: Uint8Array,
    flags: number,
    rights: OpenFile[] | undefined,
    credentials: Credentials,
    nonBlocking: boolean,
  ): number {
    const progress = streamSends.get(thread);
    streamSends.delete(thread);
    const resumed = progress !== undefined && progress.socket === this && progress.length === data.length;
    let sent = resumed ? progress.sent : 0;
    const peer = this.peer;
    if (this.state !== 'connected' || !peer) fail(Errno.ENOTCONN);
    if (this.shutdownBits & 2 || this.peerRefusesData(peer)) {
      if (sent > 0) return sent;
      this.brokenPipe(thread, flags);
    }
    // Descriptors ride on data: a zero-length stream send carries none.
    if (data.length === 0) return 0;
    const space = this.sendCapacity - this.inFlight;
    if (space <= MESSAGE_OVERHEAD) {
      if (nonBlocking) {
        if (sent > 0) return sent;
        fail(Errno.EAGAIN);
      }
      return this.waitToSendMore(thread, data.length, sent);
    }
    const n = Math.min(data.length - sent, space - MESSAGE_OVERHEAD);
    this.deliver(peer, data.slice(sent, sent + n), sent === 0 ? rights : undefined, credentials);
    sent += n;
    if (sent === data.length || nonBlocking) return sent;
    return this.waitToSendMore(thread, data.length, sent);
  }

  /** Whether a stream's peer takes no more data: gone, or (AF_UNIX) shut for reading. */
  protected peerRefusesData(peer: UnixSocket): boolean {
    return peer.dead || (peer.shutdownBits & 1) !== 0;
  }

  /**
   * A blocking stream send that must wait for room: the count sent so far when a handled signal
   * is pending or SO_SNDTIMEO has passed (nothing sent yet: the wait, EINTR or EAGAIN as usual),
   * else a wait after which the call resumes where it stopped.
   */
  private waitToSendMore(thread: Thread, length: number, sent: number): number {
    if (sent > 0) {
      const deadline = thread.restart?.deadline;
      if (handlerSignalPending(thread) !== 0 || (deadline !== undefined && monotonicNanoseconds() >= deadline)) {
        return sent;
      }
      streamSends.set(thread, { socket: this, length, sent });
    }
    return this.block(thread, 'writable', this.sendTimeout);
  }

  private sendDatagram(
    thread: Thread,
    data: Uint8Array,
    target: UnixSocket | undefined,
    rights: OpenFile[] | undefined,
    credentials: Credentials,
    nonBlocking: boolean,
  ): number {
    if (this.type === SOCK_SEQPACKET && this.state !== 'connected') fail(Errno.ENOTCONN);
    const other = this.type === SOCK_SEQPACKET ? this.peer : (target ?? this.peer);
    if (!other) fail(Errno.ENOTCONN);
    if (data.length > this.sendBuffer - 32) fail(Errno.EMSGSIZE);
    // sock_alloc_send_pskb refuses a socket shut for sending before the peer is looked at.
    if (this.shutdownBits & 2) fail(Errno.EPIPE);
    if (other.dead) {
      if (this.type === SOCK_SEQPACKET) fail(Errno.EPIPE);
      if (this.peer === other) {
        this.peer = undefined;
        this.state = 'unconnected';
        this.disconnectedFrom(other);
      }
      fail(Errno.ECONNREFUSED);
    }
    if (other !== this && other.peer !== undefined && other.peer !== this) fail(Errno.EPERM);
    if (other.shutdownBits & 1) fail(Errno.EPIPE);
    const full =
      (other !== this && other.peer !== this && other.queue.length > MAX_DGRAM_QUEUE) ||
      this.inFlight + data.length + MESSAGE_OVERHEAD > this.sendBuffer;
    if (full) {
      if (nonBlocking) fail(Errno.EAGAIN);
      return this.block(thread, 'writable', this.sendTimeout);
    }
    this.deliver(other, data.slice(), rights, credentials);
    return data.length;
  }

  protected deliver(
    to: UnixSocket,
    data: Uint8Array,
    rights: OpenFile[] | undefined,
    credentials: Credentials,
    from?: Uint8Array,
  ): void {
    for (const file of rights ?? []) file.retain();
    to.markChanged();
    to.queue.push({
      data,
      offset: 0,
      sender: this,
      from,
      credentials,
      rights: rights && rights.length > 0 ? rights : undefined,
    });
    this.inFlight += data.length + MESSAGE_OVERHEAD;
  }

  /** The message leaves the queue: its bytes no longer count against its sender. */
  private consumed(message: Message): void {
    this.queue.shift();
    if (message.sender) {
      message.sender.inFlight -= message.data.length - message.offset + MESSAGE_OVERHEAD;
      message.sender.markChanged();
    }
  }

  /**
   * Receives up to `length` bytes. Returns the data and where it came from, or BLOCKED, or
   * (end of file) an empty result.
   */
  receive(thread: Thread, length: number, flags: number): Received | number {
    if (flags & MsgFlag.OOB) fail(Errno.EOPNOTSUPP);
    const nonBlocking = this.nonBlocking || (flags & MsgFlag.DONTWAIT) !== 0;
    if (this.type === SOCK_STREAM) return this.receiveStream(thread, length, flags, nonBlocking);
    if (this.type === SOCK_SEQPACKET && this.state !== 'connected') fail(Errno.ENOTCONN);
    return this.receiveMessage(thread, length, flags, nonBlocking);
  }

  protected endOfData(): Received {
    return { data: new Uint8Array(0), fullLength: 0, from: undefined, credentials: undefined, rights: undefined };
  }

  protected takeError(): number {
    const error = this.error;
    this.error = 0;
    return error;
  }

  private receiveStream(thread: Thread, length: number, flags: number, nonBlocking: boolean): Received | number {
    if (this.state !== 'connected') fail(Errno.EINVAL);
    if (length === 0) return this.endOfData();
    const queued = this.queuedBytes();
    const waitAll = (flags & MsgFlag.WAITALL) !== 0 && !(flags & MsgFlag.PEEK);
    if (queued === 0 || (waitAll && queued < length && !this.error && !(this.shutdownBits & 1) && !nonBlocking)) {
      if (queued === 0) {
        const error = this.takeError();
        if (error) fail(error);
        if (this.shutdownBits & 1) return this.endOfData();
        if (nonBlocking) fail(Errno.EAGAIN);
      }
      return this.block(thread, 'readable', this.receiveTimeout);
    }
    const peek = (flags & MsgFlag.PEEK) !== 0;
    const out = new Uint8Array(Math.min(length, queued));
    let copied = 0;
    let from: Uint8Array | undefined;
    let credentials: Credentials | undefined;
    let rights: OpenFile[] | undefined;
    for (let index = 0; index < this.queue.length && copied < out.length; ) {
      const message = this.queue[index]!;
      if (copied === 0) {
        from = message.sender?.address;
        credentials = message.credentials;
      }
      const available = message.data.length - message.offset;
      const n = Math.min(available, out.length - copied);
      out.set(message.data.subarray(message.offset, message.offset + n), copied);
      copied += n;
      if (message.rights) {
        rights = message.rights;
        if (!peek) message.rights = undefined;
        // A peek hands out descriptors too (Linux installs them on every peek): new references.
        else rights = rights.map((file) => file.retain());
      }
      if (peek) {
        index++;
      } else if (n === available) {
        this.consumed(message);
      } else {
        message.offset += n;
        if (message.sender) {
          message.sender.inFlight -= n;
          message.sender.markChanged();
        }
      }
      if (rights) break;
    }
    return { data: out.subarray(0, copied), fullLength: copied, from, credentials, rights };
  }

  private receiveMessage(thread: Thread, length: number, flags: number, nonBlocking: boolean): Received | number {
    const message = this.queue[0];
    if (!message) {
      const error = this.takeError();
      if (error) fail(error);
      if (nonBlocking) fail(Errno.EAGAIN);
      if (this.shutdownBits & 1) return this.endOfData();
      return this.block(thread, 'readable', this.receiveTimeout);
    }
    const peek = (flags & MsgFlag.PEEK) !== 0;
    const data = message.data.slice(0, Math.min(length, message.data.length));
    let rights = message.rights;
    // A peek hands out descriptors too (Linux installs them on every peek): new references.
    if (peek) rights = rights?.map((file) => file.retain());
    else {
      message.rights = undefined;
      this.consumed(message);
    }
    return {
      data,
      fullLength: message.data.length,
      from: message.from ?? message.sender?.address,
      credentials: message.credentials,
      rights,
    };
  }

  /** Bytes received and not read yet. */
  get unreadBytes(): number {
    return this.queuedBytes();
  }

  /** FIONREAD: bytes queued (stream) or the next message's length. */
  bytesToRead(): number {
    if (this.type === SOCK_STREAM) return this.queuedBytes();
    return this.queue[0]?.data.length ?? 0;
  }

  override ioctl(thread: Thread, request: number, argument: number): number {
    const answered = interfaceIoctl(thread, this.family, request, argument);
    if (answered !== undefined) return answered;
    if (request !== Ioctl.FIONREAD) fail(Errno.ENOTTY);
    new StructBuffer(4).u32(0, this.bytesToRead()).writeTo(thread.process.memory, argument);
    return 0;
  }

  protected queuedBytes(): number {
    let total = 0;
    for (const m of this.queue) total += m.data.length - m.offset;
    return total;
  }

  /**
   * Records the wait of a call that cannot complete yet: until the socket changes, or (with
   * SO_RCVTIMEO/SO_SNDTIMEO) until the timeout, after which the call fails with EAGAIN.
   */
  block(thread: Thread, kind: 'readable' | 'writable', timeout: number, on: OpenFile = this): number {
    if (timeout > 0) {
      const deadline = thread.restart?.deadline ?? monotonicNanoseconds() + timeout;
      if (monotonicNanoseconds() >= deadline) fail(Errno.EAGAIN);
      thread.restart = { deadline };
      thread.wait = { kind: 'poll', deadline, external: false };
      return BLOCKED;
    }
    thread.wait = { kind, file: on };
    return BLOCKED;
  }

  override read(thread: Thread, target: Uint8Array, offset: number, length: number): number {
    const received = this.receive(thread, length, 0);
    if (typeof received === 'number') return received;
    for (const file of received.rights ?? []) file.drop();
    target.set(received.data, offset);
    return received.data.length;
  }

  override write(thread: Thread, source: Uint8Array, offset: number, length: number): number {
    return this.send(thread, source.subarray(offset, offset + length), 0, undefined, undefined, this.credentials);
  }

  override poll(events: number): number {
    let ready = 0;
    if (this.error) ready |= PollEvent.ERR;
    if (this.shutdownBits === 3) ready |= PollEvent.HUP;
    if (this.shutdownBits & 1) ready |= PollEvent.RDHUP | PollEvent.IN | PollEvent.RDNORM;
    if (this.queue.length > 0 || this.pending.length > 0) ready |= PollEvent.IN | PollEvent.RDNORM;
    if (this.connectionOriented && this.state === 'unconnected') ready |= PollEvent.HUP;
    if (this.writableNow()) ready |= PollEvent.OUT | PollEvent.WRNORM | PollEvent.WRBAND;
    return ready & (events | PollEvent.ERR | PollEvent.HUP);
  }

  /** unix_writable (and for datagrams: the peer's queue has room). */
  private writableNow(): boolean {
    if (this.state === 'listening') return false;
    if (this.inFlight * 4 > this.sendBuffer) return false;
    if (this.type !== SOCK_STREAM) {
      const other = this.peer;
      if (other && other.peer !== this && other.queue.length > MAX_DGRAM_QUEUE) return false;
    }
    return true;
  }

  protected override release(): void {
    this.dead = true;
    liveSockets.delete(this);
    if (this.bindingKey) {
      const table = this.bindingKey.kind === 'file' ? boundFiles : abstractNames;
      if (table.get(this.bindingKey.key) === this) table.delete(this.bindingKey.key);
    }
    for (const embryo of this.pending) embryo.releaseUnaccepted();
    this.pending = [];
    this.hangUp(false);
    super.release();
  }

  /** A server end never accepted, dropped with its listener. */
  protected releaseUnaccepted(): void {
    this.dead = true;
    liveSockets.delete(this);
    this.hangUp(true);
  }

  protected hangUp(embryo: boolean): void {
    const peer = this.peer;
    if (peer && this.connectionOriented) {
      peer.shutdownBits = 3;
      if (this.queue.length > 0 || embryo) peer.error = Errno.ECONNRESET;
      peer.markChanged();
    }
    this.peer = undefined;
    this.dropQueue();
  }

  protected dropQueue(): void {
    for (const message of this.queue) {
      if (message.sender) message.sender.inFlight -= message.data.length - message.offset + MESSAGE_OVERHEAD;
      for (const file of message.rights ?? []) file.drop();
    }
    this.queue = [];
  }
}

function latin1Of(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return text;
}

/** socket(2)'s and socketpair(2)'s type check for AF_UNIX (SOCK_RAW is a datagram socket). */
export function unixSocketType(type: number): number {
  if (type === SOCK_STREAM || type === SOCK_DGRAM || type === SOCK_SEQPACKET) return type;
  if (type === 3) return SOCK_DGRAM;
  fail(Errno.ESOCKTNOSUPPORT);
}
