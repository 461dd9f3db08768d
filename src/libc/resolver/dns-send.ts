// res_nsend as glibc 2.36's resolv/res_send.c makes it: the name servers of the state in turn
// (rotated by a random shift with "options rotate"), `retry` rounds of them, each query over UDP
// first (send_dg: a connected non-blocking socket, a poll of retrans << round seconds, shared
// among the servers after the first round) and over TCP to the same server when the reply is
// truncated or the query is longer than 512 bytes or RES_USEVC is set (send_vc: a two-byte
// length before each message, no timeout). A reply counts when its id, its source and its
// questions match the query; SERVFAIL, NOTIMP and REFUSED go on to the next server. When no
// server answers: -1 and errno ECONNREFUSED (none was reached), ETIMEDOUT (one was but did not
// answer), or TCP's own error.
//
// The calls that wait (poll, and TCP's connect, write and read) are made from guest code
// (cancellableSyscallFromGenerator), so the program's other threads run meanwhile and a signal
// interrupts the wait (poll's EINTR recomputes the time left, as glibc's).
import { randomInt } from '../../host/lazy-builtins.ts';
import { monotonicNanoseconds } from '../../kernel/clock.ts';
import { Errno } from '../../kernel/errno.ts';
import type { HostStep } from '../abi/host-region.ts';
import { cancellableSyscallFromGenerator } from '../pthread/cancel-cleanup.ts';
import { checkRead, checkWrite, loadPointer } from '../runtime/guest-access.ts';
import { Sys } from '../runtime/kernel-call.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { HEADER_SIZE, queriesMatch, RCODE_NOTIMP, RCODE_REFUSED, RCODE_SERVFAIL, readHeader } from './dns-wire.ts';
import { STATE } from './resolver-state.ts';

type Steps<T> = Generator<HostStep, T, number>;

const AF_INET = 2;
const AF_INET6 = 10;
const SOCK_STREAM = 1;
const SOCK_DGRAM = 2;
const SOCK_NONBLOCK = 0o4000;
const SOCK_CLOEXEC = 0o2000000;
const MSG_NOSIGNAL = 0x4000;
const POLLIN = 1;
const PACKETSZ = 512;
const RES_USEVC = 0x8;
const RES_IGNTC = 0x20;
const RES_ROTATE = 0x4000;
const MAXNS = 3;
/** Socket calls not in kernel-call.ts's Sys. */
const enum Net {
  socket = 41,
  connect = 42,
  sendto = 44,
  recvfrom = 45,
}

/** A name server: its sockaddr (in guest memory, where the state or res_ninit put it) and its length. */
interface Server {
  address: number;
  length: number;
  family: number;
}

/** The state's servers: the IPv6 ones res_ninit allocated, else nsaddr_list's IPv4 ones. */
function servers(libc: LibcProcess, state: number): Server[] {
  const view = libc.memory.view;
  const count = Math.min(view.getInt32(state + STATE.nscount, true), MAXNS);
  const list: Server[] = [];
  for (let i = 0; i < count; i++) {
    const ipv6 = loadPointer(libc.memory, state + STATE.ipv6Servers + 8 * i);
    if (ipv6 !== 0) list.push({ address: ipv6, length: 28, family: AF_INET6 });
    else {
      const address = state + STATE.nsaddrList + 16 * i;
      list.push({ address, length: 16, family: view.getUint16(address, true) });
    }
  }
  return list;
}

/** res_ourserver_p: `from` (a sockaddr in guest memory) is the address and port of `server`. */
function fromServer(libc: LibcProcess, server: Server, from: number): boolean {
  const m = libc.memory.bytes;
  const family = libc.memory.view.getUint16(from, true);
  if (family !== server.family) return false;
  const same = (offset: number, length: number) =>
    m.subarray(from + offset, from + offset + length).every((b, i) => b === m[server.address + offset + i]);
  // The port, then the address (a wildcard server address matches any, as glibc's INADDR_ANY test).
  if (!same(2, 2)) return false;
  if (family === AF_INET) {
    const any = m.subarray(server.address + 4, server.address + 8).every((b) => b === 0);
    return any || same(4, 4);
  }
  const any = m.subarray(server.address + 8, server.address + 24).every((b) => b === 0);
  return any || same(8, 16);
}

/** What one try at one server came to: an answer's length, none (next server), or TCP instead. */
type TryOutcome = { answer: number } | { next: true } | { tcp: true };

interface SendProgress {
  /** A server was reached (a reply arrived or a poll timed out): ETIMEDOUT rather than ECONNREFUSED. */
  reached: boolean;
  /** TCP's last error. */
  tcpError: number;
  /** The rcode of the last reply taken (glibc's answer buffer holds it even when the send fails). */
  lastRcode: number;
}

interface Buffers {
  query: number;
  queryLength: number;
  answer: number;
  answerSize: number;
  /** Scratch: a pollfd at 0, a sockaddr_in6 at 8, its length at 40, TCP's length prefix at 48. */
  scratch: number;
}

function closeSocket(libc: LibcProcess, fd: number): void {
  libc.sys(Sys.close, fd);
}

/** send_dg: one UDP try; `round` is glibc's ns_try. */
function* sendDatagram(
  libc: LibcProcess,
  state: number,
  server: Server,
  serverCount: number,
  round: number,
  b: Buffers,
  progress: SendProgress,
): Steps<TryOutcome> {
  const view = libc.memory.view;
  const fd = libc.sys(Net.socket, server.family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return { next: true };
  try {
    if (libc.sys(Net.connect, fd, server.address, server.length) < 0) return { next: true };
    if (libc.sys(Net.sendto, fd, b.query, b.queryLength, MSG_NOSIGNAL, 0, 0) !== b.queryLength) return { next: true };
    let seconds = view.getInt32(state + STATE.retrans, true) << round;
    if (round > 0) seconds = Math.trunc(seconds / serverCount);
    if (seconds <= 0) seconds = 1;
    const deadline = monotonicNanoseconds() + seconds * 1e9;
    const query = libc.memory.bytes.slice(b.query, b.query + b.queryLength);
    for (;;) {
      const left = Math.max(0, Math.ceil((deadline - monotonicNanoseconds()) / 1e6));
      view.setInt32(b.scratch, fd, true);
      view.setInt16(b.scratch + 4, POLLIN, true);
      view.setInt16(b.scratch + 6, 0, true);
      const ready = yield* cancellableSyscallFromGenerator(libc, [Sys.poll, b.scratch, 1, left], 'res_send');
      if (ready === -Errno.EINTR) continue;
      if (ready === 0) {
        progress.reached = true;
        return { next: true };
      }
      if (ready < 0) return { next: true };
      // glibc clears errno once poll reports the socket ready.
      libc.errno = 0;
      view.setUint32(b.scratch + 40, 28, true);
      const length = libc.sys(Net.recvfrom, fd, b.answer, b.answerSize, 0, b.scratch + 8, b.scratch + 40);
      if (length === -Errno.EAGAIN) continue;
      if (length < 0) return { next: true };
      progress.reached = true;
      if (length < HEADER_SIZE) return { next: true };
      const reply = libc.memory.bytes.slice(b.answer, b.answer + length);
      // Not the reply to this query (an old one, another source, other questions): wait on.
      if (reply[0] !== query[0] || reply[1] !== query[1]) continue;
      if (!fromServer(libc, server, b.scratch + 8)) continue;
      if (!queriesMatch(query, reply)) continue;
      const header = readHeader(reply);
      progress.lastRcode = header.rcode;
      if (header.rcode === RCODE_SERVFAIL || header.rcode === RCODE_NOTIMP || header.rcode === RCODE_REFUSED)
        return { next: true };
      const options = Number(STATE.options(libc, state) & 0xffffffffn);
      if ((options & RES_IGNTC) === 0 && header.truncated) return { tcp: true };
      return { answer: length };
    }
  } finally {
    closeSocket(libc, fd);
  }
}

/** Reads exactly `length` bytes into `at` from guest code: the count read (short at end of stream), or -errno. */
function* readFully(libc: LibcProcess, fd: number, at: number, length: number): Steps<number> {
  let done = 0;
  while (done < length) {
    const n = yield* cancellableSyscallFromGenerator(libc, [Sys.read, fd, at + done, length - done], 'res_send');
    if (n === -Errno.EINTR) continue;
    if (n < 0) return n;
    if (n === 0) break;
    done += n;
  }
  return done;
}

/** send_vc: one TCP try at `server`: the two-byte length, the query, then replies until one has the query's id. */
function* sendStream(libc: LibcProcess, server: Server, b: Buffers, progress: SendProgress): Steps<TryOutcome> {
  const m = libc.memory.bytes;
  let connectionReset = false;
  for (;;) {
    const fd = libc.sys(Net.socket, server.family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
      progress.tcpError = -fd;
      return { next: true };
    }
    try {
      const connected = yield* cancellableSyscallFromGenerator(
        libc,
        [Net.connect, fd, server.address, server.length],
        'res_send',
      );
      if (connected < 0) {
        progress.tcpError = -connected;
        return { next: true };
      }
      // glibc writes the length and the query with one writev.
      const message = libc.heap.allocate(b.queryLength + 2);
      let written: number;
      try {
        libc.memory.view.setUint16(message, b.queryLength, false);
        m.copyWithin(message + 2, b.query, b.query + b.queryLength);
        written = yield* cancellableSyscallFromGenerator(libc, [Sys.write, fd, message, b.queryLength + 2], 'res_send');
      } finally {
        libc.heap.release(message, 'res_send');
      }
      if (written !== b.queryLength + 2) {
        progress.tcpError = written < 0 ? -written : Errno.EIO;
        return { next: true };
      }
      for (;;) {
        const got = yield* readFully(libc, fd, b.scratch + 48, 2);
        if (got !== 2) {
          progress.tcpError = got < 0 ? -got : libc.errno;
          if (progress.tcpError === Errno.ECONNRESET && !connectionReset) break;
          return { next: true };
        }
        const length = libc.memory.view.getUint16(b.scratch + 48, false);
        const kept = Math.min(length, b.answerSize);
        if (length < HEADER_SIZE) {
          progress.tcpError = Errno.EMSGSIZE;
          return { next: true };
        }
        const body = yield* readFully(libc, fd, b.answer, kept);
        if (body !== kept) {
          progress.tcpError = body < 0 ? -body : libc.errno;
          return { next: true };
        }
        if (kept < length) {
          // Too long for the caller's buffer: drain the rest and mark the answer truncated.
          const sink = libc.heap.allocate(512);
          try {
            let left = length - kept;
            while (left > 0) {
              const n = yield* readFully(libc, fd, sink, Math.min(left, 512));
              if (n <= 0) break;
              left -= n;
            }
          } finally {
            libc.heap.release(sink, 'res_send');
          }
          m[b.answer + 2]! |= 0x02;
        }
        // A reply to an earlier query on this connection: read the next.
        if (m[b.answer] !== m[b.query] || m[b.answer + 1] !== m[b.query + 1]) continue;
        return { answer: length };
      }
      connectionReset = true;
    } finally {
      closeSocket(libc, fd);
    }
  }
}

/**
 * __res_context_send for one query: the answer's length, or -1 with errno (see the header).
 * `query` and `answer` are guest buffers.
 */
export function* sendQuery(
  libc: LibcProcess,
  state: number,
  query: number,
  queryLength: number,
  answer: number,
  answerSize: number,
  trace?: { lastRcode: number },
): Steps<number> {
  const list = servers(libc, state);
  if (list.length === 0) {
    libc.errno = Errno.ESRCH;
    return -1;
  }
  if (answerSize < HEADER_SIZE) {
    libc.errno = Errno.EINVAL;
    return -1;
  }
  checkRead(libc.memory, query, queryLength);
  checkWrite(libc.memory, answer, answerSize);
  const options = Number(STATE.options(libc, state) & 0xffffffffn);
  let stream = (options & RES_USEVC) !== 0 || queryLength > PACKETSZ;
  const shift = (options & RES_ROTATE) !== 0 ? randomInt(list.length) : 0;
  const retry = libc.memory.view.getInt32(state + STATE.retry, true);
  const progress: SendProgress = { reached: false, tcpError: Errno.ETIMEDOUT, lastRcode: -1 };
  const scratch = libc.heap.allocate(64);
  const buffers: Buffers = { query, queryLength, answer, answerSize, scratch };
  try {
    for (let round = 0; round < retry; round++) {
      for (let i = 0; i < list.length; i++) {
        const server = list[(i + shift) % list.length]!;
        let outcome: TryOutcome;
        if (stream) {
          // TCP is tried once: glibc ends the rounds with it.
          round = retry;
          outcome = yield* sendStream(libc, server, buffers, progress);
        } else {
          outcome = yield* sendDatagram(libc, state, server, list.length, round, buffers, progress);
          if ('tcp' in outcome) {
            stream = true;
            round = retry;
            outcome = yield* sendStream(libc, server, buffers, progress);
          }
        }
        if ('answer' in outcome) {
          if (trace) trace.lastRcode = readHeader(libc.memory.bytes.subarray(answer, answer + HEADER_SIZE)).rcode;
          return outcome.answer;
        }
      }
    }
  } finally {
    libc.heap.release(scratch, 'res_send');
  }
  if (trace && progress.lastRcode >= 0) trace.lastRcode = progress.lastRcode;
  libc.errno = stream ? progress.tcpError : progress.reached ? Errno.ETIMEDOUT : Errno.ECONNREFUSED;
  return -1;
}
