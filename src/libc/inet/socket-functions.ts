// sys/socket.h: the socket calls, as glibc 2.36 makes them on x86-64 — each one system call, -1
// and errno on failure. The calls that can wait (accept, connect, the send and receive family)
// are made from guest code (tailSyscall), so a blocked call lets the program's other threads
// run and a signal interrupts it as natively; send and recv are sendto and recvfrom without an
// address, as in glibc. __cmsg_nxthdr is CMSG_NXTHDR's out-of-line form; __recv_chk and
// __recvfrom_chk are the _FORTIFY_SOURCE entry points.
import type { CallFrame } from '../abi/call-frame.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { cancellableSyscall } from '../pthread/cancel-cleanup.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';

/** The x86-64 system-call numbers of the socket calls. */
const enum SocketCall {
  socket = 41,
  connect = 42,
  accept = 43,
  sendto = 44,
  recvfrom = 45,
  sendmsg = 46,
  recvmsg = 47,
  shutdown = 48,
  bind = 49,
  listen = 50,
  getsockname = 51,
  getpeername = 52,
  socketpair = 53,
  setsockopt = 54,
  getsockopt = 55,
  accept4 = 288,
  recvmmsg = 299,
  sendmmsg = 307,
}

/** sizeof(struct cmsghdr), and the alignment of control messages (sizeof(size_t)). */
const CMSGHDR_SIZE = 16;
const CMSG_ALIGNMENT = 8;

function call(libc: LibcProcess, nr: number, a0: number, a1 = 0, a2 = 0, a3 = 0, a4 = 0): number {
  return libc.sysResult(libc.sys(nr, a0, a1, a2, a3, a4));
}

/**
 * __cmsg_nxthdr(msgh, cmsg): the control message after `cmsg`, or NULL when `cmsg` is malformed
 * (shorter than its header) or the next one's header or data would pass the end of msg_control.
 */
function cmsgNextHeader(f: CallFrame, libc: LibcProcess): number {
  const message = f.ptr(0);
  const current = f.ptr(1);
  const view = libc.memory.view;
  const align = (n: number) => Math.ceil(n / CMSG_ALIGNMENT) * CMSG_ALIGNMENT;
  const read64 = (address: number) => view.getUint32(address, true) + view.getUint32(address + 4, true) * 2 ** 32;
  const length = read64(current);
  if (length < CMSGHDR_SIZE) return 0;
  const next = current + align(length);
  // struct msghdr: msg_control at 32, msg_controllen at 40.
  const end = read64(message + 32) + read64(message + 40);
  if (next + CMSGHDR_SIZE > end) return 0;
  if (next + align(read64(next)) > end) return 0;
  return next;
}

export const SOCKET_FUNCTIONS: FunctionTable = {
  socket: (f, libc) => call(libc, SocketCall.socket, f.int(0), f.int(1), f.int(2)),
  socketpair: (f, libc) => call(libc, SocketCall.socketpair, f.int(0), f.int(1), f.int(2), f.ptr(3)),
  bind: (f, libc) => call(libc, SocketCall.bind, f.int(0), f.ptr(1), f.uint(2)),
  listen: (f, libc) => call(libc, SocketCall.listen, f.int(0), f.int(1)),
  getsockname: (f, libc) => call(libc, SocketCall.getsockname, f.int(0), f.ptr(1), f.ptr(2)),
  getpeername: (f, libc) => call(libc, SocketCall.getpeername, f.int(0), f.ptr(1), f.ptr(2)),
  shutdown: (f, libc) => call(libc, SocketCall.shutdown, f.int(0), f.int(1)),
  setsockopt: (f, libc) => call(libc, SocketCall.setsockopt, f.int(0), f.int(1), f.int(2), f.ptr(3), f.uint(4)),
  getsockopt: (f, libc) => call(libc, SocketCall.getsockopt, f.int(0), f.int(1), f.int(2), f.ptr(3), f.ptr(4)),
  accept: (f, libc) => cancellableSyscall(f, libc, SocketCall.accept, f.int(0), f.ptr(1), f.ptr(2)),
  accept4: (f, libc) => cancellableSyscall(f, libc, SocketCall.accept4, f.int(0), f.ptr(1), f.ptr(2), f.int(3)),
  connect: (f, libc) => cancellableSyscall(f, libc, SocketCall.connect, f.int(0), f.ptr(1), f.uint(2)),
  __connect: (f, libc) => cancellableSyscall(f, libc, SocketCall.connect, f.int(0), f.ptr(1), f.uint(2)),
  send: (f, libc) => cancellableSyscall(f, libc, SocketCall.sendto, f.int(0), f.ptr(1), f.ulong(2), f.int(3), 0, 0),
  __send: (f, libc) => cancellableSyscall(f, libc, SocketCall.sendto, f.int(0), f.ptr(1), f.ulong(2), f.int(3), 0, 0),
  recv: (f, libc) => cancellableSyscall(f, libc, SocketCall.recvfrom, f.int(0), f.ptr(1), f.ulong(2), f.int(3), 0, 0),
  __recv: (f, libc) => cancellableSyscall(f, libc, SocketCall.recvfrom, f.int(0), f.ptr(1), f.ulong(2), f.int(3), 0, 0),
  sendto: (f, libc) =>
    cancellableSyscall(f, libc, SocketCall.sendto, f.int(0), f.ptr(1), f.ulong(2), f.int(3), f.ptr(4), f.uint(5)),
  recvfrom: (f, libc) =>
    cancellableSyscall(f, libc, SocketCall.recvfrom, f.int(0), f.ptr(1), f.ulong(2), f.int(3), f.ptr(4), f.ptr(5)),
  sendmsg: (f, libc) => cancellableSyscall(f, libc, SocketCall.sendmsg, f.int(0), f.ptr(1), f.int(2)),
  recvmsg: (f, libc) => cancellableSyscall(f, libc, SocketCall.recvmsg, f.int(0), f.ptr(1), f.int(2)),
  sendmmsg: (f, libc) => cancellableSyscall(f, libc, SocketCall.sendmmsg, f.int(0), f.ptr(1), f.uint(2), f.int(3)),
  recvmmsg: (f, libc) =>
    cancellableSyscall(f, libc, SocketCall.recvmmsg, f.int(0), f.ptr(1), f.uint(2), f.int(3), f.ptr(4)),
  __cmsg_nxthdr: cmsgNextHeader,
  // _FORTIFY_SOURCE: the length checked against the destination's known size first.
  __recv_chk: (f, libc) =>
    f.ulong(2) > f.ulong(3)
      ? bufferOverflow(libc)
      : cancellableSyscall(f, libc, SocketCall.recvfrom, f.int(0), f.ptr(1), f.ulong(2), f.int(4), 0, 0),
  __recvfrom_chk: (f, libc) =>
    f.ulong(2) > f.ulong(3)
      ? bufferOverflow(libc)
      : cancellableSyscall(f, libc, SocketCall.recvfrom, f.int(0), f.ptr(1), f.ulong(2), f.int(4), f.ptr(5), f.ptr(6)),
};

/** glibc's __chk_fail. */
function bufferOverflow(libc: LibcProcess): never {
  libc.fatal('*** buffer overflow detected ***: terminated\n');
}
