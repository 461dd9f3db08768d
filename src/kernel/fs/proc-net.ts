// /proc/net/{unix,tcp,tcp6,udp,udp6}: the run's sockets in Linux's columns (unix_seq_show,
// tcp4_seq_show/tcp6_seq_show, udp4_format_sock/udp6_sock_seq_show), so that tools matching
// socket inodes to ports and paths (fuser, ss, netstat) find the run's own sockets. Kernel
// pointers (%pK) show as zeros, as they do to a reader without CAP_SYSLOG; timers and
// congestion figures are those of an idle loopback connection.

import { AF_UNIX, SUN_PATH_OFFSET } from '../abi/socket.ts';
import { AF_INET, type Endpoint, isIpv4 } from './inet-address.ts';
import { InetSocket } from './inet-socket.ts';
import { openSockets, type UnixSocket } from './unix-socket.ts';

const hex = (value: number, width: number) => (value >>> 0).toString(16).toUpperCase().padStart(width, '0');
const POINTER = '0000000000000000';

/** Linux's TCP states as /proc shows them. */
const TCP_ESTABLISHED = 0x01;
const TCP_CLOSE = 0x07;
const TCP_CLOSE_WAIT = 0x08;
const TCP_LISTEN = 0x0a;
/** __SO_ACCEPTCON: the flag of a listening unix socket. */
const SO_ACCEPTCON = 0x10000;

function unixLine(socket: UnixSocket): string {
  const listening = socket.state === 'listening';
  const connected = socket.state === 'connected';
  let line = `${POINTER}: ${hex(connected ? 3 : 2, 8)} ${hex(0, 8)} ${hex(listening ? SO_ACCEPTCON : 0, 8)} ${hex(socket.type, 4)} ${hex(connected ? 3 : 1, 2)} ${String(socket.inode).padStart(5)}`;
  const address = socket.address;
  if (address && address.length > SUN_PATH_OFFSET) {
    let path = '';
    const abstract = address[SUN_PATH_OFFSET] === 0;
    // A path ends at its NUL; an abstract name shows every byte, NULs as '@'.
    for (let i = SUN_PATH_OFFSET; i < address.length; i++) {
      const byte = address[i]!;
      if (byte === 0 && !abstract) break;
      path += byte === 0 ? '@' : String.fromCharCode(byte);
    }
    line += ` ${path}`;
  }
  return `${line}\n`;
}

export function procNetUnix(): string {
  let text = 'Num       RefCount Protocol Flags    Type St Inode Path\n';
  for (const socket of openSockets()) if (socket.family === AF_UNIX) text += unixLine(socket);
  return text;
}

/** An address as /proc/net prints it: each 32-bit word of the network-order bytes in host order. */
function addressText(ip: Uint8Array, v6: boolean): string {
  const word = (at: number) => hex(ip[at]! | (ip[at + 1]! << 8) | (ip[at + 2]! << 16) | (ip[at + 3]! << 24), 8);
  return v6 ? word(0) + word(4) + word(8) + word(12) : word(12);
}

function endpointText(endpoint: Endpoint | undefined, v6: boolean): string {
  const ip = endpoint?.ip ?? new Uint8Array(16);
  return `${addressText(ip, v6)}:${hex(endpoint?.port ?? 0, 4)}`;
}

function inetSockets(stream: boolean, v6: boolean): InetSocket[] {
  const list: InetSocket[] = [];
  for (const socket of openSockets()) {
    if (!(socket instanceof InetSocket) || socket.isStream !== stream) continue;
    if ((socket.domain !== AF_INET) !== v6 || socket.local.port === 0) continue;
    // TCP lists listening and connected sockets (its hash tables), UDP every bound one.
    if (stream && socket.state === 'unconnected') continue;
    list.push(socket);
  }
  return list;
}

function tcpState(socket: InetSocket): number {
  if (socket.state === 'listening') return TCP_LISTEN;
  if (socket.shutdownBits === 3 && socket.error !== 0) return TCP_CLOSE;
  return socket.shutdownBits & 1 ? TCP_CLOSE_WAIT : TCP_ESTABLISHED;
}

export function procNetTcp(v6: boolean): string {
  const header = v6
    ? '  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode'
    : '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode';
  // IPv4 lines are padded to 149 characters (seq_setwidth), IPv6 ones are not.
  const pad = (line: string) => (v6 ? line : line.padEnd(149));
  let text = `${pad(header)}\n`;
  for (const [i, socket] of inetSockets(true, v6).entries()) {
    const state = tcpState(socket);
    const listening = state === TCP_LISTEN;
    // Unread bytes, and the FIN once received (it takes a sequence number); a listener's backlog.
    const rx = listening ? socket.pendingCount : socket.unreadBytes + (state === TCP_CLOSE_WAIT ? 1 : 0);
    const fields = [
      `${String(i).padStart(4)}:`,
      endpointText(socket.local, v6),
      endpointText(listening ? undefined : socket.remote, v6),
      hex(state, 2),
      `${hex(0, 8)}:${hex(rx, 8)}`,
      `00:${hex(0, 8)}`,
      hex(0, 8),
      String(socket.credentials.uid).padStart(5),
      String(0).padStart(8),
      `${socket.inode} ${listening ? 1 : 2} ${POINTER} 20 4 ${listening ? 0 : 30} 10 ${listening ? 0 : -1}`,
    ];
    text += `${pad(fields.join(' '))}\n`;
  }
  return text;
}

export function procNetUdp(v6: boolean): string {
  const header = v6
    ? '  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops'
    : '   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops';
  // IPv4 lines are padded to 127 characters, IPv6 ones are not.
  const pad = (line: string) => (v6 ? line : line.padEnd(127));
  let text = `${pad(header)}\n`;
  for (const socket of inetSockets(false, v6)) {
    const remote = socket.remote && (v6 || isIpv4(socket.remote.ip)) ? socket.remote : undefined;
    const fields = [
      // The hash slot: Linux mixes a random per-namespace number in; Miros shows the port's low bits.
      `${String(socket.local.port & 0x7f).padStart(5)}:`,
      endpointText(socket.local, v6),
      endpointText(remote, v6),
      hex(socket.state === 'connected' ? TCP_ESTABLISHED : TCP_CLOSE, 2),
      `${hex(0, 8)}:${hex(socket.receiveMemory, 8)}`,
      `00:${hex(0, 8)}`,
      hex(0, 8),
      String(socket.credentials.uid).padStart(5),
      String(0).padStart(8),
      `${socket.inode} 2 ${POINTER} 0`,
    ];
    text += `${pad(fields.join(' '))}\n`;
  }
  return text;
}
