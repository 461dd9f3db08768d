// The socket system calls: socket, socketpair, bind, listen, accept(4), connect, getsockname,
// getpeername, sendto, recvfrom, sendmsg, recvmsg, shutdown, setsockopt, getsockopt.
//
// AF_UNIX is served by src/kernel/fs/unix-socket.ts, AF_INET and AF_INET6 by
// src/kernel/fs/inet-socket.ts (their addresses and option levels: ./inet-sockets.ts). Other
// families fail with EAFNOSUPPORT and a one-time message. Argument checks happen in the order
// Linux's net/socket.c and net/unix/af_unix.c make them, so the errno a program sees for a bad
// call is the one it sees natively.

import { OpenFlag } from '../abi/flags.ts';
import {
  AF_MAX,
  AF_UNIX,
  AF_UNSPEC,
  FAMILY_NAMES,
  MsgFlag,
  SCM_CREDENTIALS,
  SCM_RIGHTS,
  SOCK_CLOEXEC,
  SOCK_DGRAM,
  SOCK_MAX,
  SOCK_NONBLOCK,
  SOCK_SEQPACKET,
  SOCK_STREAM,
  SOCK_TYPE_MASK,
  SOCKADDR_UN_SIZE,
  SOL_SOCKET,
  SocketOption,
  SUN_PATH_OFFSET,
} from '../abi/socket.ts';
import { BLOCKED } from '../blocking.ts';
import { monotonicNanoseconds } from '../clock.ts';
import { Errno, fail, SyscallError } from '../errno.ts';
import { AF_INET, AF_INET6 } from '../fs/inet-address.ts';
import { InetSocket } from '../fs/inet-socket.ts';
import { AF_NETLINK, NetlinkSocket, newNetlinkSocket } from '../fs/netlink-socket.ts';
import type { OpenFile } from '../fs/open-file.ts';
import { S_IFMT, S_IFSOCK } from '../fs/stat.ts';
import {
  type Credentials,
  fileKey,
  SOMAXCONN,
  socketAtFile,
  socketBufferSettings,
  socketWithAbstractName,
  UnixSocket,
  unixSocketType,
} from '../fs/unix-socket.ts';
import {
  checkReadable,
  checkWritable,
  readablePrefix,
  readBytes,
  readI32,
  StructBuffer,
  writablePrefix,
  writeBytes,
  writeU32,
} from '../guest-memory.ts';
import { handlerSignalPending } from '../signals/delivery.ts';
import type { Thread } from '../thread.ts';
import { fileOf, MAX_RW_COUNT, userBufferLength } from './common.ts';
import { bindInet, connectInet, getInetOption, newInetSocket, sendDestination, setInetOption } from './inet-sockets.ts';
import { readTimespec } from './time.ts';

/** sizeof(struct sockaddr_storage): the most move_addr_to_kernel accepts. */
const SOCKADDR_STORAGE_SIZE = 128;
/** Linux's UIO_MAXIOV; sendmsg/recvmsg refuse more vectors with EMSGSIZE. */
const IOV_MAX = 1024;
/** SCM_MAX_FD: descriptors one SCM_RIGHTS message may carry. */
const SCM_MAX_FD = 253;
const CMSG_HEADER = 16;
/** sizeof(struct msghdr). */
const MSGHDR_SIZE = 56;
/** SOCK_MIN_SNDBUF and SOCK_MIN_RCVBUF on x86-64. */
const MIN_SNDBUF = 4608;
const MIN_RCVBUF = 2304;
/** The jiffy that SO_RCVTIMEO/SO_SNDTIMEO round to (CONFIG_HZ=250 on Debian's kernels). */
const JIFFY_NS = 4_000_000;

function socketOf(thread: Thread, fd: number): UnixSocket {
  const file = fileOf(thread, fd);
  if (!(file instanceof UnixSocket)) fail(Errno.ENOTSOCK);
  return file;
}

function credentialsOf(thread: Thread): Credentials {
  const process = thread.process;
  return { pid: process.pid, uid: process.credentials.euid, gid: process.credentials.egid };
}

/** The type argument split into the socket type and its SOCK_NONBLOCK/SOCK_CLOEXEC flags. */
function splitType(typeArgument: number): { type: number; nonBlocking: boolean; closeOnExec: boolean } {
  const value = typeArgument | 0;
  const flags = value & ~SOCK_TYPE_MASK;
  if (flags & ~(SOCK_NONBLOCK | SOCK_CLOEXEC)) fail(Errno.EINVAL);
  return {
    type: value & SOCK_TYPE_MASK,
    nonBlocking: (flags & SOCK_NONBLOCK) !== 0,
    closeOnExec: (flags & SOCK_CLOEXEC) !== 0,
  };
}

/** The family check both socket(2) and socketpair(2) start with. */
function checkFamily(thread: Thread, family: number, type: number, pair: boolean): void {
  const f = family | 0;
  if (f < 0 || f >= AF_MAX) fail(Errno.EAFNOSUPPORT);
  if (type >= SOCK_MAX) fail(Errno.EINVAL);
  if (f === AF_UNIX) return;
  const name = FAMILY_NAMES[f];
  if (name === undefined) fail(Errno.EAFNOSUPPORT);
  // IPv4 and IPv6 sockets have no socketpair.
  if (f === AF_INET || f === AF_INET6) {
    if (pair) fail(Errno.EOPNOTSUPP);
    return;
  }
  if (f === AF_NETLINK) {
    if (pair) fail(Errno.EOPNOTSUPP);
    return;
  }
  thread.process.warn(`socket family ${name} is not supported yet`);
  fail(Errno.EAFNOSUPPORT);
}

function newSocket(thread: Thread, typeArgument: number, protocol: number, family: number, pair: boolean) {
  const { type, nonBlocking, closeOnExec } = splitType(typeArgument);
  checkFamily(thread, family, type, pair);
  if ((family | 0) === AF_INET || (family | 0) === AF_INET6) {
    const flags = nonBlocking ? OpenFlag.NONBLOCK : 0;
    return { make: newInetSocket(thread, family | 0, type, protocol, flags, credentialsOf(thread)), closeOnExec };
  }
  if ((family | 0) === AF_NETLINK) {
    const flags = nonBlocking ? OpenFlag.NONBLOCK : 0;
    return { make: newNetlinkSocket(thread, type, protocol, flags, credentialsOf(thread)), closeOnExec };
  }
  if (protocol !== 0 && protocol !== AF_UNIX) fail(Errno.EPROTONOSUPPORT);
  const unixType = unixSocketType(type);
  const make = (): UnixSocket => {
    const socket = new UnixSocket(unixType, nonBlocking ? OpenFlag.NONBLOCK : 0, credentialsOf(thread));
    socket.protocol = protocol;
    return socket;
  };
  return { make, closeOnExec };
}

export function sysSocket(thread: Thread, family: number, type: number, protocol: number): number {
  const { make, closeOnExec } = newSocket(thread, type, protocol | 0, family, false);
  return thread.process.fds.add(make(), closeOnExec);
}

export function sysSocketpair(thread: Thread, family: number, type: number, protocol: number, vector: number): number {
  const { make, closeOnExec } = newSocket(thread, type, protocol | 0, family, true);
  const memory = thread.process.memory;
  checkWritable(memory, vector, 8);
  const a = make();
  const b = make();
  UnixSocket.pair(a, b);
  const fds = thread.process.fds;
  const first = fds.add(a, closeOnExec);
  let second: number;
  try {
    second = fds.add(b, closeOnExec);
  } catch (error) {
    fds.close(first);
    throw error;
  }
  new StructBuffer(8).u32(0, first).u32(4, second).writeTo(memory, vector);
  return 0;
}

// ---- addresses ----

/** A struct sockaddr from the guest, length-checked as move_addr_to_kernel does. */
function readAddress(thread: Thread, address: number, length: number): Uint8Array {
  const n = length | 0;
  if (n < 0 || n > SOCKADDR_STORAGE_SIZE) fail(Errno.EINVAL);
  if (n === 0) return new Uint8Array(0);
  return readBytes(thread.process.memory, address, n);
}

/** unix_validate_addr: the length fits a sockaddr_un and the family is AF_UNIX. */
function validateUnixAddress(bytes: Uint8Array): void {
  if (bytes.length <= SUN_PATH_OFFSET || bytes.length > SOCKADDR_UN_SIZE) fail(Errno.EINVAL);
  if ((bytes[0]! | (bytes[1]! << 8)) !== AF_UNIX) fail(Errno.EINVAL);
}

function isAbstract(bytes: Uint8Array): boolean {
  return bytes[SUN_PATH_OFFSET] === 0;
}

/** The path of a filesystem address: sun_path up to its first NUL (or the end). */
function pathOf(bytes: Uint8Array): string {
  let text = '';
  for (let i = SUN_PATH_OFFSET; i < bytes.length && bytes[i] !== 0; i++) text += String.fromCharCode(bytes[i]!);
  return text;
}

/** unix_find_other: the socket an address names, of the caller's type. */
function findSocket(thread: Thread, bytes: Uint8Array, type: number): UnixSocket {
  let socket: UnixSocket | undefined;
  if (isAbstract(bytes)) {
    socket = socketWithAbstractName(type, bytes.subarray(SUN_PATH_OFFSET + 1));
  } else {
    const process = thread.process;
    const r = process.vfs.existing(process.cwd, pathOf(bytes), true);
    if ((r.type & S_IFMT) !== S_IFSOCK) fail(Errno.ECONNREFUSED);
    const st = r.location.fs.lstat(r.location.path);
    socket = socketAtFile(fileKey(st.dev, st.ino));
    if (socket && socket.type !== type) fail(Errno.EPROTOTYPE);
  }
  if (!socket || socket.dead) fail(Errno.ECONNREFUSED);
  return socket;
}

/** What getsockname shows for an unbound socket: just the family. */
const UNNAMED = new Uint8Array([AF_UNIX, 0]);

/**
 * move_addr_to_user: copies as much of `bytes` as the caller's length allows and stores the full
 * length (EINVAL for a negative one).
 */
function writeAddress(thread: Thread, address: number, lengthPointer: number, bytes: Uint8Array): void {
  const memory = thread.process.memory;
  const room = readI32(memory, lengthPointer);
  if (room < 0) fail(Errno.EINVAL);
  const n = Math.min(room, bytes.length);
  if (n > 0) writeBytes(memory, address, bytes.subarray(0, n));
  writeU32(memory, lengthPointer, bytes.length);
}

export function sysBind(thread: Thread, fd: number, address: number, length: number): number {
  const socket = socketOf(thread, fd);
  const bytes = readAddress(thread, address, length);
  if (socket instanceof InetSocket) return bindInet(thread, socket, bytes);
  if (socket instanceof NetlinkSocket) return socket.bindTo(thread, bytes);
  if (bytes.length === SUN_PATH_OFFSET && (bytes[0]! | (bytes[1]! << 8)) === AF_UNIX) {
    socket.autobind();
    return 0;
  }
  validateUnixAddress(bytes);
  if (isAbstract(bytes)) {
    if (socket.address) fail(Errno.EINVAL);
    socket.bindAbstract(bytes.slice());
    return 0;
  }
  const process = thread.process;
  const path = pathOf(bytes);
  const r = process.vfs.resolve(process.cwd, path, false);
  if (r.type !== 0) fail(Errno.EADDRINUSE);
  if (socket.address) fail(Errno.EINVAL);
  r.location.fs.mknod(r.location.path, S_IFSOCK | (0o777 & ~process.umask), 0);
  const st = r.location.fs.lstat(r.location.path);
  // getsockname shows the path NUL-terminated, whatever length bind was given.
  const stored = new Uint8Array(SUN_PATH_OFFSET + path.length + 1);
  stored.set(bytes.subarray(0, SUN_PATH_OFFSET + path.length));
  socket.bindFile(stored, fileKey(st.dev, st.ino));
  return 0;
}

export function sysListen(thread: Thread, fd: number, backlog: number): number {
  const socket = socketOf(thread, fd);
  socket.listen(Math.min(backlog >>> 0, SOMAXCONN), credentialsOf(thread));
  if (socket instanceof InetSocket) socket.listenOnHost(thread.process);
  return 0;
}

export function sysConnect(thread: Thread, fd: number, address: number, length: number): number {
  const socket = socketOf(thread, fd);
  const bytes = readAddress(thread, address, length);
  if (socket instanceof InetSocket) return connectInet(thread, socket, bytes);
  if (socket instanceof NetlinkSocket) return socket.connectToKernel(thread, bytes);
  if (socket.type === SOCK_DGRAM) {
    if (bytes.length >= 2 && (bytes[0]! | (bytes[1]! << 8)) === AF_UNSPEC) {
      socket.connectDatagram(undefined);
      return 0;
    }
    validateUnixAddress(bytes);
    if (socket.passCredentials) socket.autobind();
    const other = findSocket(thread, bytes, socket.type);
    if (other !== socket && other.peer !== undefined && other.peer !== socket) fail(Errno.EPERM);
    socket.connectDatagram(other);
    return 0;
  }
  validateUnixAddress(bytes);
  if (socket.passCredentials) socket.autobind();
  const listener = findSocket(thread, bytes, socket.type);
  return socket.connectTo(thread, listener, socket.nonBlocking, credentialsOf(thread));
}

export function sysAccept4(thread: Thread, fd: number, address: number, lengthPointer: number, flags: number): number {
  const f = flags | 0;
  if (f & ~(SOCK_NONBLOCK | SOCK_CLOEXEC)) fail(Errno.EINVAL);
  const listener = socketOf(thread, fd);
  if (listener.type !== SOCK_STREAM && listener.type !== SOCK_SEQPACKET) fail(Errno.EOPNOTSUPP);
  if (listener.state !== 'listening') fail(Errno.EINVAL);
  const memory = thread.process.memory;
  if (address !== 0) {
    const room = readI32(memory, lengthPointer);
    if (room < 0) fail(Errno.EINVAL);
    checkWritable(memory, address, Math.min(room, SOCKADDR_UN_SIZE));
    checkWritable(memory, lengthPointer, 4);
  }
  if (!listener.hasPending) {
    if (listener.nonBlocking) fail(Errno.EAGAIN);
    // accept waits at most SO_RCVTIMEO, as Linux's sock_rcvtimeo does.
    return listener.block(thread, 'readable', listener.receiveTimeout);
  }
  const server = listener.takePending()!;
  server.flags = OpenFlag.RDWR | (f & SOCK_NONBLOCK ? OpenFlag.NONBLOCK : 0);
  const newFd = thread.process.fds.add(server, (f & SOCK_CLOEXEC) !== 0);
  if (address !== 0) writeAddress(thread, address, lengthPointer, peerAddress(server));
  return newFd;
}

export function sysAccept(thread: Thread, fd: number, address: number, lengthPointer: number): number {
  return sysAccept4(thread, fd, address, lengthPointer, 0);
}

export function sysGetsockname(thread: Thread, fd: number, address: number, lengthPointer: number): number {
  const socket = socketOf(thread, fd);
  const name =
    socket instanceof InetSocket || socket instanceof NetlinkSocket ? socket.localName() : (socket.address ?? UNNAMED);
  writeAddress(thread, address, lengthPointer, name);
  return 0;
}

/** The peer's address as getpeername and accept show it (ENOTCONN without one). */
function peerAddress(socket: UnixSocket): Uint8Array {
  if (socket instanceof InetSocket) return socket.peerName();
  // A netlink socket's peer is the kernel.
  if (socket instanceof NetlinkSocket) return new StructBuffer(12).u16(0, AF_NETLINK).bytes;
  const peer = socket.peer;
  if (!peer || socket.state !== 'connected') fail(Errno.ENOTCONN);
  return peer.address ?? UNNAMED;
}

export function sysGetpeername(thread: Thread, fd: number, address: number, lengthPointer: number): number {
  const socket = socketOf(thread, fd);
  writeAddress(thread, address, lengthPointer, peerAddress(socket));
  return 0;
}

export function sysShutdown(thread: Thread, fd: number, how: number): number {
  const socket = socketOf(thread, fd);
  const h = how | 0;
  if (h < 0 || h > 2) fail(Errno.EINVAL);
  socket.shutdown(h);
  return 0;
}

// ---- data ----

/** The destination of a send that names one (sendto, sendmsg's msg_name). */
function sendTarget(thread: Thread, socket: UnixSocket, name: Uint8Array): UnixSocket | undefined {
  if (name.length === 0) return undefined;
  if (socket.type === SOCK_STREAM) fail(socket.state === 'connected' ? Errno.EISCONN : Errno.EOPNOTSUPP);
  if (socket.type === SOCK_SEQPACKET) {
    if (socket.state !== 'connected') fail(Errno.ENOTCONN);
    return undefined;
  }
  validateUnixAddress(name);
  if (socket.passCredentials) socket.autobind();
  return findSocket(thread, name, socket.type);
}

export function sysSendto(
  thread: Thread,
  fd: number,
  buffer: number,
  count: number,
  flags: number,
  address: number,
  addressLength: number,
): number {
  const socket = socketOf(thread, fd);
  const length = userBufferLength(buffer, count);
  const memory = thread.process.memory;
  const data = length === 0 ? new Uint8Array(0) : readBytes(memory, buffer, readablePrefix(memory, buffer, length));
  const name = address === 0 ? new Uint8Array(0) : readAddress(thread, address, addressLength);
  if (socket instanceof InetSocket) return socket.sendTo(thread, data, flags | 0, sendDestination(socket, name));
  if (socket instanceof NetlinkSocket) return socket.sendTo(thread, data, name);
  const target = sendTarget(thread, socket, name);
  return socket.send(thread, data, flags | 0, target, undefined, credentialsOf(thread));
}

export function sysRecvfrom(
  thread: Thread,
  fd: number,
  buffer: number,
  count: number,
  flags: number,
  address: number,
  lengthPointer: number,
): number {
  const socket = socketOf(thread, fd);
  const length = userBufferLength(buffer, count);
  const memory = thread.process.memory;
  const room = writablePrefix(memory, buffer, length);
  if (address !== 0) {
    const nameRoom = readI32(memory, lengthPointer);
    if (nameRoom < 0) fail(Errno.EINVAL);
  }
  const received = socket.receive(thread, room, flags | 0);
  if (typeof received === 'number') return received;
  for (const file of received.rights ?? []) file.drop();
  writeBytes(memory, buffer, received.data);
  if (address !== 0) writeAddress(thread, address, lengthPointer, received.from ?? new Uint8Array(0));
  return resultLength(socket, received.data.length, received.fullLength, flags | 0);
}

/** A datagram receive with MSG_TRUNC returns the whole message's length. */
function resultLength(socket: UnixSocket, copied: number, fullLength: number, flags: number): number {
  return socket.type !== SOCK_STREAM && flags & MsgFlag.TRUNC ? fullLength : copied;
}

interface MessageHeader {
  name: number;
  nameLength: number;
  vectors: { base: number; length: number }[];
  control: number;
  controlLength: number;
}

function readMessageHeader(thread: Thread, address: number): MessageHeader {
  const s = StructBuffer.read(thread.process.memory, address, MSGHDR_SIZE);
  const count = s.getI64(24);
  if (count < 0 || count > IOV_MAX) fail(Errno.EMSGSIZE);
  const vectorBase = s.getI64(16);
  const vectors: { base: number; length: number }[] = [];
  if (count > 0) {
    const v = StructBuffer.read(thread.process.memory, vectorBase, count * 16);
    let total = 0;
    for (let i = 0; i < count; i++) {
      const length = v.getI64(i * 16 + 8);
      if (length < 0) fail(Errno.EINVAL);
      const capped = Math.min(length, MAX_RW_COUNT - total);
      total += capped;
      vectors.push({ base: v.getI64(i * 16), length: capped });
    }
  }
  return {
    name: s.getI64(0),
    nameLength: s.getI32(8),
    vectors,
    control: s.getI64(32),
    controlLength: s.getI64(40),
  };
}

/** The control messages of a sendmsg: descriptors to pass, credentials to check. */
function readControl(thread: Thread, header: MessageHeader): OpenFile[] | undefined {
  if (header.controlLength < CMSG_HEADER || header.control === 0) return undefined;
  if (header.controlLength > 0x7fffffff) fail(Errno.ENOBUFS);
  const memory = thread.process.memory;
  const control = StructBuffer.read(memory, header.control, header.controlLength);
  let rights: OpenFile[] | undefined;
  let offset = 0;
  while (offset + CMSG_HEADER <= header.controlLength) {
    const length = control.getI64(offset);
    if (length < CMSG_HEADER || length > header.controlLength - offset) fail(Errno.EINVAL);
    const level = control.getI32(offset + 8);
    const type = control.getI32(offset + 12);
    if (level === SOL_SOCKET) {
      if (type === SCM_RIGHTS) {
        const n = Math.floor((length - CMSG_HEADER) / 4);
        if (n === 0 || n > SCM_MAX_FD || rights) fail(Errno.EINVAL);
        rights = [];
        for (let i = 0; i < n; i++) rights.push(fileOf(thread, control.getI32(offset + CMSG_HEADER + i * 4)));
      } else if (type === SCM_CREDENTIALS) {
        if (length !== CMSG_HEADER + 12) fail(Errno.EINVAL);
        const own = credentialsOf(thread);
        const pid = control.getI32(offset + CMSG_HEADER);
        const uid = control.getU32(offset + CMSG_HEADER + 4);
        const gid = control.getU32(offset + CMSG_HEADER + 8);
        if (pid !== own.pid || uid !== own.uid || gid !== own.gid) fail(Errno.EPERM);
      } else {
        fail(Errno.EINVAL);
      }
    }
    offset += Math.ceil(length / 8) * 8;
  }
  return rights;
}

export function sysSendmsg(thread: Thread, fd: number, messageAddress: number, flags: number): number {
  return sendMessage(thread, socketOf(thread, fd), messageAddress, flags);
}

function sendMessage(thread: Thread, socket: UnixSocket, messageAddress: number, flags: number): number {
  const header = readMessageHeader(thread, messageAddress);
  const memory = thread.process.memory;
  const parts: Uint8Array[] = [];
  let total = 0;
  for (const v of header.vectors) {
    if (v.length === 0) continue;
    checkReadable(memory, v.base, v.length);
    parts.push(readBytes(memory, v.base, v.length));
    total += v.length;
  }
  const data = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    data.set(part, at);
    at += part.length;
  }
  const rights = readControl(thread, header);
  const name =
    header.name === 0 || header.nameLength === 0
      ? new Uint8Array(0)
      : readAddress(thread, header.name, header.nameLength);
  if (socket instanceof InetSocket) {
    // Descriptors and credentials travel only between AF_UNIX sockets.
    if (rights) fail(Errno.EINVAL);
    return socket.sendTo(thread, data, flags | 0, sendDestination(socket, name));
  }
  if (socket instanceof NetlinkSocket) return socket.sendTo(thread, data, name);
  const target = sendTarget(thread, socket, name);
  return socket.send(thread, data, flags | 0, target, rights, credentialsOf(thread));
}

export function sysRecvmsg(thread: Thread, fd: number, messageAddress: number, flags: number): number {
  return receiveMessage(thread, socketOf(thread, fd), messageAddress, flags);
}

function receiveMessage(thread: Thread, socket: UnixSocket, messageAddress: number, flags: number): number {
  const header = readMessageHeader(thread, messageAddress);
  const memory = thread.process.memory;
  let total = 0;
  for (const v of header.vectors) {
    checkWritable(memory, v.base, v.length);
    total += v.length;
  }
  checkWritable(memory, messageAddress, MSGHDR_SIZE);
  const f = flags | 0;
  const received = socket.receive(thread, total, f);
  if (typeof received === 'number') return received;
  let at = 0;
  for (const v of header.vectors) {
    if (at >= received.data.length) break;
    const n = Math.min(v.length, received.data.length - at);
    writeBytes(memory, v.base, received.data.subarray(at, at + n));
    at += n;
  }
  // The flags recvmsg reports start from the caller's MSG_CMSG_CLOEXEC, as Linux's do.
  let messageFlags = f & MsgFlag.CMSG_CLOEXEC;
  if (socket.type !== SOCK_STREAM && received.fullLength > received.data.length) messageFlags |= MsgFlag.TRUNC;
  // Control messages: the sender's credentials (SO_PASSCRED), then the descriptors.
  const control: Uint8Array[] = [];
  let room = header.control === 0 ? 0 : header.controlLength;
  const putControl = (type: number, payload: Uint8Array) => {
    if (room < CMSG_HEADER) {
      messageFlags |= MsgFlag.CTRUNC;
      return;
    }
    const length = CMSG_HEADER + payload.length;
    const cmsg = new StructBuffer(Math.min(Math.ceil(length / 8) * 8, room));
    if (room < length) messageFlags |= MsgFlag.CTRUNC;
    cmsg.u64(0, length).u32(8, SOL_SOCKET).u32(12, type);
    cmsg.bytes.set(payload.subarray(0, Math.max(0, cmsg.bytes.length - CMSG_HEADER)), CMSG_HEADER);
    control.push(cmsg.bytes);
    room -= cmsg.bytes.length;
  };
  if (socket.passCredentials && received.credentials) {
    const c = received.credentials;
    putControl(SCM_CREDENTIALS, new StructBuffer(12).u32(0, c.pid).u32(4, c.uid).u32(8, c.gid).bytes);
  }
  if (received.rights) {
    const fds = thread.process.fds;
    const fit = room > CMSG_HEADER ? Math.floor((room - CMSG_HEADER) / 4) : 0;
    const installed: number[] = [];
    for (const [i, file] of received.rights.entries()) {
      if (i < fit) installed.push(fds.add(file, (f & MsgFlag.CMSG_CLOEXEC) !== 0));
      file.drop();
    }
    if (installed.length < received.rights.length) messageFlags |= MsgFlag.CTRUNC;
    if (installed.length > 0) {
      const payload = new StructBuffer(installed.length * 4);
      for (const [i, n] of installed.entries()) payload.u32(i * 4, n);
      putControl(SCM_RIGHTS, payload.bytes);
    }
  }
  let controlUsed = 0;
  for (const part of control) {
    writeBytes(memory, header.control + controlUsed, part);
    controlUsed += part.length;
  }
  const out = StructBuffer.read(memory, messageAddress, MSGHDR_SIZE);
  if (header.name !== 0) {
    const from = received.from ?? new Uint8Array(0);
    const n = Math.min(Math.max(header.nameLength, 0), from.length);
    if (n > 0) writeBytes(memory, header.name, from.subarray(0, n));
    out.u32(8, from.length);
  }
  out.u64(40, controlUsed);
  out.u32(48, messageFlags);
  out.writeTo(memory, messageAddress);
  return resultLength(socket, received.data.length, received.fullLength, f);
}

// ---- sendmmsg, recvmmsg ----

/** sizeof(struct mmsghdr): a msghdr, then msg_len (and padding). */
const MMSGHDR_SIZE = 64;
const MSG_LEN_OFFSET = 56;
/** MSG_WAITFORONE: after the first message, recvmmsg stops waiting. */
const MSG_WAITFORONE = 0x10000;

/**
 * A batch under way that had to wait: how many messages of it are done. The call is retried
 * from the start after the wait (src/kernel/blocking.ts); the done ones are not sent or received
 * twice.
 */
interface BatchProgress {
  vector: number;
  count: number;
  done: number;
  /** recvmmsg's timeout: monotonic ns, Infinity for none. */
  deadline: number;
}

const batches = new WeakMap<Thread, BatchProgress>();

/**
 * sendmmsg/recvmmsg: each message as sendmsg/recvmsg would, msg_len set to its count. An error
 * after some messages ends the batch with their number (Linux keeps the error for the next call);
 * a wait with some done ends it too when a handled signal arrives.
 */
function batch(
  thread: Thread,
  fd: number,
  vector: number,
  count: number,
  deadline: number,
  one: (socket: UnixSocket, message: number, index: number) => number,
): number {
  const socket = socketOf(thread, fd);
  const total = Math.min(count >>> 0, IOV_MAX);
  const previous = batches.get(thread);
  batches.delete(thread);
  const resumed = previous !== undefined && previous.vector === vector && previous.count === total;
  let done = resumed ? previous.done : 0;
  const progress: BatchProgress = { vector, count: total, done, deadline: resumed ? previous.deadline : deadline };
  while (done < total) {
    let result: number;
    try {
      result = one(socket, vector + done * MMSGHDR_SIZE, done);
    } catch (error) {
      if (error instanceof SyscallError && done > 0) return done;
      throw error;
    }
    if (result === BLOCKED) {
      if (done > 0) {
        if (handlerSignalPending(thread) !== 0) return done;
        progress.done = done;
        batches.set(thread, progress);
      }
      return BLOCKED;
    }
    writeU32(thread.process.memory, vector + done * MMSGHDR_SIZE + MSG_LEN_OFFSET, result);
    done++;
    if (monotonicNanoseconds() >= progress.deadline) break;
  }
  return done;
}

export function sysSendmmsg(thread: Thread, fd: number, vector: number, count: number, flags: number): number {
  return batch(thread, fd, vector, count, Number.POSITIVE_INFINITY, (socket, message) =>
    sendMessage(thread, socket, message, flags),
  );
}

export function sysRecvmmsg(
  thread: Thread,
  fd: number,
  vector: number,
  count: number,
  flags: number,
  timeout: number,
): number {
  let deadline = Number.POSITIVE_INFINITY;
  if (timeout !== 0) {
    const t = readTimespec(thread, timeout, true);
    deadline = monotonicNanoseconds() + t.sec * 1e9 + t.nsec;
  }
  const f = flags | 0;
  const received = batch(
    thread,
    fd,
    vector,
    count,
    deadline,
    // Linux's timeout is only looked at between messages: the first still waits as long as it takes.
    (socket, message, index) =>
      receiveMessage(
        thread,
        socket,
        message,
        index > 0 && f & MSG_WAITFORONE ? f | MsgFlag.DONTWAIT : f & ~MSG_WAITFORONE,
      ),
  );
  if (timeout !== 0 && received !== BLOCKED) {
    // The time left goes back to the caller, as Linux's recvmmsg writes it.
    const left = Math.max(0, deadline - monotonicNanoseconds());
    const seconds = Math.floor(left / 1e9);
    new StructBuffer(16)
      .u64(0, seconds)
      .u64(8, left - seconds * 1e9)
      .writeTo(thread.process.memory, timeout);
  }
  return received;
}

// ---- options ----

export function sysSetsockopt(
  thread: Thread,
  fd: number,
  level: number,
  name: number,
  value: number,
  length: number,
): number {
  const socket = socketOf(thread, fd);
  const memory = thread.process.memory;
  if ((level | 0) !== SOL_SOCKET) {
    if (!(socket instanceof InetSocket)) fail(Errno.EOPNOTSUPP);
    return setInetOption(thread, socket, level | 0, name | 0, () => readI32(memory, value), length | 0);
  }
  const n = length | 0;
  if (n < 4) fail(Errno.EINVAL);
  const v = readI32(memory, value);
  const settings = socketBufferSettings();
  switch (name | 0) {
    case SocketOption.DEBUG:
    case SocketOption.REUSEADDR:
    case SocketOption.DONTROUTE:
    case SocketOption.BROADCAST:
    case SocketOption.KEEPALIVE:
    case SocketOption.OOBINLINE:
    case SocketOption.NO_CHECK:
    case SocketOption.PASSSEC:
      socket.storedOptions.set(name | 0, v ? 1 : 0);
      return 0;
    case SocketOption.PRIORITY:
      socket.storedOptions.set(name | 0, v);
      return 0;
    case SocketOption.REUSEPORT:
      if (!(socket instanceof InetSocket)) fail(Errno.ENOPROTOOPT);
      socket.storedOptions.set(name | 0, v ? 1 : 0);
      return 0;
    case SocketOption.PASSCRED:
      socket.passCredentials = v !== 0;
      return 0;
    case SocketOption.SNDBUF:
    case SocketOption.SNDBUFFORCE: {
      const limit = (name | 0) === SocketOption.SNDBUF ? settings.wmemMax : 0x7fffffff;
      socket.sendBuffer = Math.max(Math.min(v >>> 0, limit) * 2, MIN_SNDBUF) | 0;
      return 0;
    }
    case SocketOption.RCVBUF:
    case SocketOption.RCVBUFFORCE: {
      const limit = (name | 0) === SocketOption.RCVBUF ? settings.rmemMax : 0x7fffffff;
      socket.receiveBuffer = Math.max(Math.min(v >>> 0, limit) * 2, MIN_RCVBUF) | 0;
      return 0;
    }
    case SocketOption.RCVLOWAT:
      socket.storedOptions.set(name | 0, v < 0 ? 0x7fffffff : v || 1);
      return 0;
    case SocketOption.LINGER: {
      if (n < 8) fail(Errno.EINVAL);
      const linger = StructBuffer.read(memory, value, 8);
      if (linger.getI32(0) === 0) socket.linger[0] = 0;
      else socket.linger = [1, linger.getI32(4)];
      return 0;
    }
    case SocketOption.RCVTIMEO:
    case SocketOption.SNDTIMEO: {
      if (n < 16) fail(Errno.EINVAL);
      const tv = StructBuffer.read(memory, value, 16);
      const sec = tv.getI64(0);
      const usec = tv.getI64(8);
      if (usec < 0 || usec >= 1e6) fail(Errno.EDOM);
      // Linux keeps whole jiffies, rounding up; a negative time means no wait at all.
      const ns = sec < 0 ? 0 : Math.ceil((sec * 1e9 + usec * 1000) / JIFFY_NS) * JIFFY_NS;
      if ((name | 0) === SocketOption.RCVTIMEO) socket.receiveTimeout = ns;
      else socket.sendTimeout = ns;
      return 0;
    }
    case SocketOption.BSDCOMPAT:
      // Linux accepts and ignores it.
      return 0;
    case SO_BINDTODEVICE:
      // Binding to a device needs CAP_NET_RAW, which Miros drops.
      return fail(Errno.EPERM);
    default:
      unsupportedOption(thread, 'setsockopt', name | 0);
  }
}

/** SO_BINDTODEVICE (a device name, empty for none). */
const SO_BINDTODEVICE = 25;
/**
 * SOL_SOCKET options Linux 6.1 serves that Miros does not (filters, timestamps, marks, busy
 * polling, pacing, zero-copy, cookies…); Linux refuses the others (SO_SECURITY_*, gaps) itself.
 */
const MISSING_OPTIONS = new Set([
  26, 27, 29, 35, 36, 37, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 55, 56, 57, 58, 59, 60, 61, 62, 69, 70, 71, 72,
  73, 74, 75,
]);

/** An option Linux has and Miros does not: said once, then ENOPROTOOPT; unknown ones, just that. */
function unsupportedOption(thread: Thread, call: string, name: number): never {
  if (MISSING_OPTIONS.has(name)) thread.process.warn(`${call}: SOL_SOCKET option ${name} is not supported yet`);
  fail(Errno.ENOPROTOOPT);
}

export function sysGetsockopt(
  thread: Thread,
  fd: number,
  level: number,
  name: number,
  value: number,
  lengthPointer: number,
): number {
  const socket = socketOf(thread, fd);
  const memory = thread.process.memory;
  const room = readI32(memory, lengthPointer);
  if (room < 0) fail(Errno.EINVAL);
  let result: StructBuffer;
  if ((level | 0) !== SOL_SOCKET) {
    if (!(socket instanceof InetSocket)) fail(Errno.EOPNOTSUPP);
    result = getInetOption(thread, socket, level | 0, name | 0);
    const n = Math.min(room, result.bytes.length);
    if (n > 0) writeBytes(memory, value, result.bytes.subarray(0, n));
    writeU32(memory, lengthPointer, n);
    return 0;
  }
  const int = (v: number) => new StructBuffer(4).u32(0, v);
  switch (name | 0) {
    case SocketOption.TYPE:
      result = int(socket.type);
      break;
    case SocketOption.DOMAIN:
      result = int(socket.family);
      break;
    case SocketOption.PROTOCOL:
      result = int(socket.protocol);
      break;
    case SocketOption.ERROR: {
      result = int(socket.error);
      socket.error = 0;
      break;
    }
    case SocketOption.ACCEPTCONN:
      result = int(socket.state === 'listening' ? 1 : 0);
      break;
    case SocketOption.SNDBUF:
      result = int(socket.sendBuffer);
      break;
    case SocketOption.RCVBUF:
      result = int(socket.receiveBuffer);
      break;
    case SocketOption.PASSCRED:
      result = int(socket.passCredentials ? 1 : 0);
      break;
    case SocketOption.RCVLOWAT:
      result = int(socket.storedOptions.get(SocketOption.RCVLOWAT) ?? 1);
      break;
    case SocketOption.SNDLOWAT:
      result = int(1);
      break;
    case SocketOption.DEBUG:
    case SocketOption.REUSEADDR:
    case SocketOption.DONTROUTE:
    case SocketOption.BROADCAST:
    case SocketOption.KEEPALIVE:
    case SocketOption.OOBINLINE:
    case SocketOption.NO_CHECK:
    case SocketOption.PASSSEC:
    case SocketOption.PRIORITY:
      result = int(socket.storedOptions.get(name | 0) ?? 0);
      break;
    case SocketOption.REUSEPORT:
      if (!(socket instanceof InetSocket)) fail(Errno.ENOPROTOOPT);
      result = int(socket.storedOptions.get(name | 0) ?? 0);
      break;
    case SocketOption.LINGER:
      result = new StructBuffer(8).u32(0, socket.linger[0]).u32(4, socket.linger[1]);
      break;
    case SocketOption.RCVTIMEO:
    case SocketOption.SNDTIMEO: {
      const ns = (name | 0) === SocketOption.RCVTIMEO ? socket.receiveTimeout : socket.sendTimeout;
      const usec = Math.round(ns / 1000);
      result = new StructBuffer(16).u64(0, Math.floor(usec / 1e6)).u64(8, usec % 1e6);
      break;
    }
    case SocketOption.PEERCRED: {
      const c = socket.peerCredentials;
      result = new StructBuffer(12)
        .u32(0, c?.pid ?? 0)
        .u32(4, c?.uid ?? -1)
        .u32(8, c?.gid ?? -1);
      break;
    }
    case SocketOption.BSDCOMPAT:
      result = int(0);
      break;
    case SO_BINDTODEVICE:
      // Bound to no device: an empty name.
      result = new StructBuffer(0);
      break;
    default:
      unsupportedOption(thread, 'getsockopt', name | 0);
  }
  const n = Math.min(room, result.bytes.length);
  if (n > 0) writeBytes(memory, value, result.bytes.subarray(0, n));
  writeU32(memory, lengthPointer, n);
  return 0;
}
