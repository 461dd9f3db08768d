// AF_NETLINK sockets: a program's requests to the kernel and the kernel's answers, queued as
// datagrams on the AF_UNIX machinery (./unix-socket.ts). Two protocols are served:
// - NETLINK_AUDIT: the audit messages user-space tools send (chage, lastlog, login, PAM:
//   AUDIT_USER_*) are answered as Linux answers a process without CAP_AUDIT_WRITE — Miros cannot
//   write the host's audit log (src/kernel/capabilities.ts drops the audit capabilities) — with
//   an EPERM acknowledgement, which libaudit takes as "not logged" and goes on; audit control
//   messages get EPERM too (no CAP_AUDIT_CONTROL);
// - NETLINK_ROUTE: the RTM_GETLINK and RTM_GETADDR dumps (and RTM_GETLINK of one index) from the
//   host's interfaces (./netlink-route.ts); changes are EPERM (no CAP_NET_ADMIN); other requests
//   EOPNOTSUPP with a one-time note.
// Other netlink protocols are refused at socket() with a one-time note.

import { SOCK_DGRAM } from '../abi/socket.ts';
import { Errno, fail } from '../errno.ts';
import { StructBuffer } from '../guest-memory.ts';
import type { Thread } from '../thread.ts';
import {
  addressBodies,
  linkBodies,
  message,
  RTM_GETADDR,
  RTM_GETLINK,
  RTM_NEWADDR,
  RTM_NEWLINK,
} from './netlink-route.ts';
import { type Credentials, UnixSocket } from './unix-socket.ts';

export const AF_NETLINK = 16;
export const NETLINK_ROUTE = 0;
export const NETLINK_AUDIT = 9;
/** sizeof(struct sockaddr_nl), sizeof(struct nlmsghdr). */
const SOCKADDR_NL_SIZE = 12;
const NLMSG_HEADER = 16;
const NLMSG_ERROR = 2;
const NLMSG_DONE = 3;
/** NLMSG_MIN_TYPE: types below are netlink's own control messages. */
const NLMSG_MIN_TYPE = 0x10;
const NLM_F_REQUEST = 0x1;
const NLM_F_MULTI = 0x2;
const NLM_F_ACK = 0x4;
const NLM_F_DUMP = 0x300;
/** How much of a dump one datagram holds (about an skb of NLMSG_GOODSIZE). */
const DUMP_DATAGRAM = 4096;
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
  /** The process that sent the request being answered (for notes). */
  private process: Thread['process'] | undefined;

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
    this.process = thread.process;
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

  private answer(request: Uint8Array): void {
    const view = new DataView(request.buffer, request.byteOffset, request.byteLength);
    const type = view.getUint16(4, true);
    const flags = view.getUint16(6, true);
    const error = this.protocol === NETLINK_ROUTE ? this.answerRoute(request, view) : this.answerAudit(type);
    if (flags & NLM_F_ACK || error !== 0) this.acknowledge(request, error);
  }

  /** audit_receive_msg as audit_netlink_ok lets a process without the audit capabilities through. */
  private answerAudit(type: number): number {
    return isUserMessage(type) || isControlMessage(type) ? -Errno.EPERM : -Errno.EINVAL;
  }

  /** rtnetlink_rcv_msg: the answer's messages are queued; returns the error to acknowledge. */
  private answerRoute(request: Uint8Array, view: DataView): number {
    const type = view.getUint16(4, true);
    const flags = view.getUint16(6, true);
    const seq = view.getUint32(8, true);
    // netlink_rcv_skb: only requests are handled, and not netlink's own control messages.
    if (!(flags & NLM_F_REQUEST) || type < NLMSG_MIN_TYPE) return 0;
    const dump = (flags & NLM_F_DUMP) === NLM_F_DUMP;
    if (type === RTM_GETLINK) {
      if (dump) {
        this.queueDump(RTM_NEWLINK, linkBodies(0), seq);
        return 0;
      }
      const index = request.length >= 24 ? view.getInt32(20, true) : 0;
      if (index <= 0) return -Errno.EINVAL;
      const bodies = linkBodies(index);
      if (bodies.length === 0) return -Errno.ENODEV;
      this.queueDatagram(message(RTM_NEWLINK, 0, seq, this.portId, bodies[0]!));
      return 0;
    }
    if (type === RTM_GETADDR && dump) {
      this.queueDump(RTM_NEWADDR, addressBodies(request.length > 16 ? request[16]! : 0), seq);
      return 0;
    }
    // RTM_NEW*, RTM_DEL*, RTM_SET*: changes, which need CAP_NET_ADMIN.
    if (type % 4 !== 2) return -Errno.EPERM;
    this.process?.warn(`netlink route request ${type} is not supported yet`);
    return -Errno.EOPNOTSUPP;
  }

  /** A dump's messages (NLM_F_MULTI) in datagrams of about a page, then NLMSG_DONE alone. */
  private queueDump(type: number, bodies: Uint8Array[][], seq: number): void {
    let datagram: Uint8Array[] = [];
    let size = 0;
    const flush = () => {
      if (datagram.length === 0) return;
      const bytes = new Uint8Array(size);
      let at = 0;
      for (const part of datagram) {
        bytes.set(part, at);
        at += part.length;
      }
      this.queueDatagram(bytes);
      datagram = [];
      size = 0;
    };
    for (const body of bodies) {
      const bytes = message(type, NLM_F_MULTI, seq, this.portId, body);
      if (size + bytes.length > DUMP_DATAGRAM) flush();
      datagram.push(bytes);
      size += bytes.length;
    }
    flush();
    this.queueDatagram(message(NLMSG_DONE, NLM_F_MULTI, seq, this.portId, [new Uint8Array(4)]));
  }

  private queueDatagram(bytes: Uint8Array): void {
    this.markChanged();
    this.queue.push({
      data: bytes,
      offset: 0,
      sender: undefined,
      from: NetlinkSocket.address(0),
      credentials: OUTSIDE,
      rights: undefined,
    });
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
    this.queueDatagram(reply.bytes);
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

/** socket(AF_NETLINK, type, protocol): raw or datagram, NETLINK_ROUTE and NETLINK_AUDIT (a note for others). */
export function newNetlinkSocket(
  thread: Thread,
  type: number,
  protocol: number,
  flags: number,
  credentials: Credentials,
): () => NetlinkSocket {
  if (type !== 3 && type !== SOCK_DGRAM) fail(Errno.ESOCKTNOSUPPORT);
  if (protocol !== NETLINK_AUDIT && protocol !== NETLINK_ROUTE) {
    const names: Record<number, string> = { 4: 'NETLINK_SOCK_DIAG', 15: 'NETLINK_KOBJECT_UEVENT' };
    thread.process.warn(`netlink protocol ${names[protocol] ?? protocol} is not supported yet`);
    fail(Errno.EPROTONOSUPPORT);
  }
  return () => new NetlinkSocket(type, flags, credentials, protocol);
}
