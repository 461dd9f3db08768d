// AF_NETLINK sockets: a program's requests to the kernel and the kernel's answers, queued as
// datagrams on the AF_UNIX machinery (./unix-socket.ts). Only NETLINK_AUDIT is served: the
// audit messages user-space tools send (chage, lastlog, login, PAM: AUDIT_USER_*) are answered
// as Linux answers a process without CAP_AUDIT_WRITE — Miros cannot write the host's audit log
// (src/kernel/capabilities.ts drops the audit capabilities) — with an EPERM acknowledgement,
// which libaudit takes as "not logged" and goes on; audit control messages get EPERM too
// (no CAP_AUDIT_CONTROL). Other netlink protocols (NETLINK_ROUTE...) are refused at socket()
// with a one-time note.

import { SOCK_DGRAM } from '../abi/socket.ts';
import { Errno, fail } from '../errno.ts';
import { StructBuffer } from '../guest-memory.ts';
import type { Thread } from '../thread.ts';
import { type Credentials, UnixSocket } from './unix-socket.ts';

export const AF_NETLINK = 16;
export const NETLINK_AUDIT = 9;
/** sizeof(struct sockaddr_nl), sizeof(struct nlmsghdr). */
const SOCKADDR_NL_SIZE = 12;
const NLMSG_HEADER = 16;
const NLMSG_ERROR = 2;
const NLM_F_ACK = 0x4;
/** The acknowledgement holds only the request's header (the request succeeded). */
const NLM_F_CAPPED = 0x100;

/** AUDIT_USER and the ranges of user-space audit messages (AUDIT_FIRST/LAST_USER_MSG, …MSG2). */
function isUserMessage(type: number): boolean {
  return type === 1005 || (type >= 1100 && type <= 1199) || (type >= 2100 && type <= 2999);
}

/** The audit control messages audit_netlink_ok knows (AUDIT_GET … AUDIT_SET_FEATURE, AUDIT_TTY_*). */
function isControlMessage(type: number): boolean {
  return (type >= 1000 && type <= 1004) || (type >= 1006 && type <= 1019);
}

const OUTSIDE: Credentials = { pid: 0, uid: 0, gid: 0 };

/** Port ids handed out so far (the first socket of a process takes its pid, as Linux's). */
const portIds = new Set<number>();
let rover = -4097;

export class NetlinkSocket extends UnixSocket {
  /** nl_pid once bound (0: not yet). */
  portId = 0;

  constructor(type: number, flags: number, credentials: Credentials, protocol: number) {
    super(type, flags, credentials);
    this.protocol = protocol;
  }

  override get family(): number {
    return AF_NETLINK;
  }

  /** A sockaddr_nl. */
  private static address(portId: number): Uint8Array {
    return new StructBuffer(SOCKADDR_NL_SIZE).u16(0, AF_NETLINK).u32(4, portId).bytes;
  }

  localName(): Uint8Array {
    return NetlinkSocket.address(this.portId);
  }

  /** netlink_autobind: the process's pid if free, else a negative id. */
  private autobindPort(pid: number): void {
    if (this.portId !== 0) return;
    let id = pid;
    while (portIds.has(id)) id = rover--;
    this.portId = id;
    portIds.add(id);
  }

  /** bind(2) with a sockaddr_nl: nl_pid 0 picks one; groups are not served. */
  bindTo(thread: Thread, bytes: Uint8Array): number {
    const address = checkedAddress(bytes);
    const wanted = address.getU32(4);
    if (address.getU32(8) !== 0) {
      thread.process.warn('netlink multicast groups are not supported yet');
      fail(Errno.EINVAL);
    }
    if (this.portId !== 0) {
      if (wanted !== 0 && wanted !== this.portId) fail(Errno.EINVAL);
      return 0;
    }
    if (wanted === 0) {
      this.autobindPort(thread.process.pid);
      return 0;
    }
    if (portIds.has(wanted)) fail(Errno.EADDRINUSE);
    this.portId = wanted;
    portIds.add(wanted);
    return 0;
  }

  /** connect(2): only to the kernel (nl_pid 0), which sendto then need not name. */
  connectToKernel(thread: Thread, bytes: Uint8Array): number {
    if (bytes.length >= 2 && (bytes[0]! | (bytes[1]! << 8)) === 0) return 0;
    const address = checkedAddress(bytes);
    if (address.getU32(4) !== 0) fail(Errno.ECONNREFUSED);
    this.autobindPort(thread.process.pid);
    return 0;
  }

  /** sendto/sendmsg/write: the kernel reads each message of `data` and answers. */
  sendTo(thread: Thread, data: Uint8Array, name: Uint8Array): number {
    if (name.length > 0) {
      const address = checkedAddress(name);
      if (address.getU32(4) !== 0) fail(Errno.ECONNREFUSED);
    }
    this.autobindPort(thread.process.pid);
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    // netlink_rcv_skb: messages one after another, each padded to 4 bytes; a short one ends it.
    for (let at = 0; at + NLMSG_HEADER <= data.length; ) {
      const length = view.getUint32(at, true);
      if (length < NLMSG_HEADER || length > data.length - at) break;
      // The request is echoed with its padding to 4 bytes (zeros past the end of the datagram).
      const padded = new Uint8Array(Math.ceil(length / 4) * 4);
      padded.set(data.subarray(at, Math.min(at + padded.length, data.length)));
      this.answer(padded);
      at += padded.length;
    }
    return data.length;
  }

  override send(thread: Thread, data: Uint8Array): number {
    return this.sendTo(thread, data, new Uint8Array(0));
  }

  private answer(message: Uint8Array): void {
    const view = new DataView(message.buffer, message.byteOffset, message.byteLength);
    const type = view.getUint16(4, true);
    const flags = view.getUint16(6, true);
    let error = -Errno.EINVAL;
    if (isUserMessage(type) || isControlMessage(type)) error = -Errno.EPERM;
    if (flags & NLM_F_ACK || error !== 0) this.acknowledge(message, error);
  }

  /**
   * netlink_ack: NLMSG_ERROR with the error and the request (only its header when it succeeded).
   * `request` is the message padded to 4 bytes.
   */
  private acknowledge(request: Uint8Array, error: number): void {
    const echoed = error === 0 ? request.subarray(0, NLMSG_HEADER) : request;
    const reply = new StructBuffer(NLMSG_HEADER + 4 + echoed.length);
    const seq = new DataView(request.buffer, request.byteOffset).getUint32(8, true);
    reply
      .u32(0, reply.bytes.length)
      .u16(4, NLMSG_ERROR)
      .u16(6, error === 0 ? NLM_F_CAPPED : 0)
      .u32(8, seq)
      .u32(12, this.portId)
      .u32(16, error);
    reply.bytes.set(echoed, NLMSG_HEADER + 4);
    this.queue.push({
      data: reply.bytes,
      offset: 0,
      sender: undefined,
      from: NetlinkSocket.address(0),
      credentials: OUTSIDE,
      rights: undefined,
    });
  }

  protected override release(): void {
    if (this.portId !== 0) portIds.delete(this.portId);
    super.release();
  }
}

/** A sockaddr_nl from the guest: long enough and of family AF_NETLINK (else EINVAL). */
function checkedAddress(bytes: Uint8Array): StructBuffer {
  if (bytes.length < SOCKADDR_NL_SIZE || (bytes[0]! | (bytes[1]! << 8)) !== AF_NETLINK) fail(Errno.EINVAL);
  const s = new StructBuffer(SOCKADDR_NL_SIZE);
  s.bytes.set(bytes.subarray(0, SOCKADDR_NL_SIZE));
  return s;
}

/** socket(AF_NETLINK, type, protocol): raw or datagram, NETLINK_AUDIT only (with a note for others). */
export function newNetlinkSocket(
  thread: Thread,
  type: number,
  protocol: number,
  flags: number,
  credentials: Credentials,
): () => NetlinkSocket {
  if (type !== 3 && type !== SOCK_DGRAM) fail(Errno.ESOCKTNOSUPPORT);
  if (protocol !== NETLINK_AUDIT) {
    const names: Record<number, string> = { 0: 'NETLINK_ROUTE', 4: 'NETLINK_SOCK_DIAG', 15: 'NETLINK_KOBJECT_UEVENT' };
    thread.process.warn(`netlink protocol ${names[protocol] ?? protocol} is not supported yet`);
    fail(Errno.EPROTONOSUPPORT);
  }
  return () => new NetlinkSocket(type, flags, credentials, protocol);
}
