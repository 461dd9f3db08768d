// arpa/inet.h, netinet/ether.h and the error texts of netdb.h: the network functions that need no
// socket. Address text forms are in ./inet-address.ts; this file moves guest memory and keeps
// glibc's errno, static buffers and h_errno.
import { Errno } from '../../kernel/errno.ts';
import type { Thread } from '../../kernel/thread.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { checkRead, checkWrite, cString } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { copyForChild, ProcessState } from '../runtime/process-states.ts';
import {
  classfulSplit,
  formatEther,
  formatIpv4,
  formatIpv6,
  formatNsap,
  makeAddress,
  parseEther,
  parseEtherLine,
  parseIpv4Loose,
  parseIpv4Strict,
  parseIpv6,
  parseNetwork,
  parseNsap,
} from './inet-address.ts';

const AF_INET = 2;
const AF_INET6 = 10;
const INADDR_NONE = 0xffffffff;
/** "255.255.255.255" and its NUL: inet_ntoa's buffer. */
const INET_ADDRSTRLEN = 16;
/** "ff:ff:ff:ff:ff:ff" and its NUL: ether_ntoa's buffer. */
const ETHER_TEXT_SIZE = 18;
const ETHER_ADDRESS_SIZE = 6;
/** inet_nsap_ntoa's own buffer (255 bytes as hex with dots fit in it). */
const NSAP_TEXT_SIZE = 255 * 2 + 128;
const NSAP_MAX_BYTES = 255;

export function byteSwap32(value: number): number {
  return (((value & 0xff) << 24) | ((value & 0xff00) << 8) | ((value >>> 8) & 0xff00) | ((value >>> 24) & 0xff)) >>> 0;
}

export function byteSwap16(value: number): number {
  return ((value & 0xff) << 8) | ((value >>> 8) & 0xff);
}

/** Text into guest memory with its NUL (Latin-1, one byte a char). */
function putText(libc: LibcProcess, address: number, text: string): void {
  checkWrite(libc.memory, address, text.length + 1);
  for (let i = 0; i < text.length; i++) libc.memory.bytes[address + i] = text.charCodeAt(i);
  libc.memory.bytes[address + text.length] = 0;
}

function readBytes(libc: LibcProcess, address: number, length: number): Uint8Array {
  checkRead(libc.memory, address, length);
  return libc.memory.bytes.slice(address, address + length);
}

/** The four bytes of an in_addr passed by value (its s_addr in a register, memory order = little-endian). */
function addressBytes(value: number): Uint8Array {
  return Uint8Array.of(value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, value >>> 24);
}

/** A process's constant strings (gai_strerror, hstrerror), placed once. */
const constantStrings = new ProcessState<Map<string, number>>(
  'inet/inet-functions constantStrings',
  copyForChild,
  () => new Map(),
);

function constantString(libc: LibcProcess, text: string): number {
  const cache = constantStrings.of(libc);
  let address = cache.get(text);
  if (address === undefined) {
    address = libc.data.allocate(text.length + 1, 1);
    putText(libc, address, text);
    cache.set(text, address);
  }
  return address;
}

/** glibc's per-thread buffers (inet_ntoa's is __thread) and per-process ones (ether_ntoa, ether_aton). */
const threadBuffers = new WeakMap<Thread, number>();
const processBuffers = new ProcessState<Map<string, number>>(
  'inet/inet-functions processBuffers',
  copyForChild,
  () => new Map(),
);

/**
 * The calling thread's buffer, on the guest heap (libc's data area is small and fixed, and a
 * program may run many threads). glibc's __thread buffer goes with its thread; this one stays
 * allocated after the thread ends (INET_ADDRSTRLEN bytes a thread).
 */
function threadBuffer(libc: LibcProcess, size: number): number {
  let address = threadBuffers.get(libc.thread);
  if (address === undefined) {
    address = libc.heap.allocate(size);
    if (address === 0) throw new Error("inet_ntoa: no guest memory left for the thread's buffer");
    threadBuffers.set(libc.thread, address);
  }
  return address;
}

function processBuffer(libc: LibcProcess, name: string, size: number): number {
  const buffers = processBuffers.of(libc);
  let address = buffers.get(name);
  if (address === undefined) {
    address = libc.data.allocate(size, 8);
    buffers.set(name, address);
  }
  return address;
}

/** inet_ntop: the text in dst when it fits in `size` bytes with its NUL, else ENOSPC and NULL. */
function inetNtop(libc: LibcProcess, family: number, source: number, destination: number, size: number): number {
  let text: string;
  if (family === AF_INET) text = formatIpv4(readBytes(libc, source, 4));
  else if (family === AF_INET6) text = formatIpv6(readBytes(libc, source, 16));
  else {
    libc.errno = Errno.EAFNOSUPPORT;
    return 0;
  }
  if (text.length + 1 > size) {
    libc.errno = Errno.ENOSPC;
    return 0;
  }
  putText(libc, destination, text);
  return destination;
}

function inetPton(libc: LibcProcess, family: number, source: number, destination: number): number {
  if (family !== AF_INET && family !== AF_INET6) {
    libc.errno = Errno.EAFNOSUPPORT;
    return -1;
  }
  const text = cString(libc.memory, source);
  const bytes = family === AF_INET ? parseIpv4Strict(text) : parseIpv6(text);
  if (bytes === undefined) return 0;
  checkWrite(libc.memory, destination, bytes.length);
  libc.memory.bytes.set(bytes, destination);
  return 1;
}

/** ether_aton_r: the bytes read are stored even when a later one fails, as glibc does. */
function etherAton(libc: LibcProcess, text: number, address: number): number {
  const parsed = parseEther(cString(libc.memory, text));
  if (parsed.octets.length > 0) {
    checkWrite(libc.memory, address, parsed.octets.length);
    libc.memory.bytes.set(parsed.octets, address);
  }
  return parsed.valid ? address : 0;
}

function etherNtoa(libc: LibcProcess, address: number, buffer: number): number {
  putText(libc, buffer, formatEther(readBytes(libc, address, ETHER_ADDRESS_SIZE)));
  return buffer;
}

/** gai_strerror's texts by EAI_* code (netdb.h); glibc 2.36 has none for 0 and EAI_OVERFLOW. */
const GAI_MESSAGES: ReadonlyMap<number, string> = new Map([
  [-9, 'Address family for hostname not supported'],
  [-3, 'Temporary failure in name resolution'],
  [-1, 'Bad value for ai_flags'],
  [-4, 'Non-recoverable failure in name resolution'],
  [-6, 'ai_family not supported'],
  [-10, 'Memory allocation failure'],
  [-5, 'No address associated with hostname'],
  [-2, 'Name or service not known'],
  [-8, 'Servname not supported for ai_socktype'],
  [-7, 'ai_socktype not supported'],
  [-11, 'System error'],
  [-100, 'Processing request in progress'],
  [-101, 'Request canceled'],
  [-102, 'Request not canceled'],
  [-103, 'All requests done'],
  [-104, 'Interrupted by a signal'],
  [-105, 'Parameter string not correctly encoded'],
]);

/** hstrerror's texts for h_errno 0..4 (h_errlist). */
const HOST_ERROR_MESSAGES = [
  'Resolver Error 0 (no error)',
  'Unknown host',
  'Host name lookup failure',
  'Unknown server error',
  'No address associated with name',
];

export function hostErrorMessage(code: number): string {
  if (code < 0) return 'Resolver internal error';
  return HOST_ERROR_MESSAGES[code] ?? 'Unknown resolver error';
}

export const INET_FUNCTIONS: FunctionTable = {
  htonl: (f) => byteSwap32(f.uint(0)),
  ntohl: (f) => byteSwap32(f.uint(0)),
  htons: (f) => byteSwap16(f.uint(0)),
  ntohs: (f) => byteSwap16(f.uint(0)),
  inet_ntop: (f, libc) => inetNtop(libc, f.int(0), f.ptr(1), f.ptr(2), f.uint(3)),
  inet_pton: (f, libc) => inetPton(libc, f.int(0), f.ptr(1), f.ptr(2)),
  inet_aton: (f, libc) => {
    const address = parseIpv4Loose(cString(libc.memory, f.ptr(0)));
    if (address === undefined) return 0;
    const out = f.ptr(1);
    if (out !== 0) {
      checkWrite(libc.memory, out, 4);
      libc.memory.view.setUint32(out, address, false);
    }
    return 1;
  },
  inet_addr: (f, libc) => {
    const address = parseIpv4Loose(cString(libc.memory, f.ptr(0)));
    return address === undefined ? INADDR_NONE : byteSwap32(address);
  },
  inet_network: (f, libc) => parseNetwork(cString(libc.memory, f.ptr(0))),
  inet_ntoa: (f, libc) => {
    const buffer = threadBuffer(libc, INET_ADDRSTRLEN);
    putText(libc, buffer, formatIpv4(addressBytes(f.uint(0))));
    return buffer;
  },
  inet_makeaddr: (f) => byteSwap32(makeAddress(f.uint(0), f.uint(1))),
  inet_netof: (f) => classfulSplit(byteSwap32(f.uint(0)))[0],
  inet_lnaof: (f) => classfulSplit(byteSwap32(f.uint(0)))[1],
  ether_aton: (f, libc) => etherAton(libc, f.ptr(0), processBuffer(libc, 'ether_aton', ETHER_ADDRESS_SIZE)),
  ether_aton_r: (f, libc) => etherAton(libc, f.ptr(0), f.ptr(1)),
  ether_line: (f, libc) => {
    const parsed = parseEtherLine(cString(libc.memory, f.ptr(0)));
    const address = f.ptr(1);
    if (parsed.octets.length > 0) {
      checkWrite(libc.memory, address, parsed.octets.length);
      libc.memory.bytes.set(parsed.octets, address);
    }
    if (parsed.hostname === undefined) return -1;
    putText(libc, f.ptr(2), parsed.hostname);
    return 0;
  },
  ether_ntoa: (f, libc) => etherNtoa(libc, f.ptr(0), processBuffer(libc, 'ether_ntoa', ETHER_TEXT_SIZE)),
  ether_ntoa_r: (f, libc) => etherNtoa(libc, f.ptr(0), f.ptr(1)),
  inet_nsap_addr: (f, libc) => {
    const parsed = parseNsap(cString(libc.memory, f.ptr(0)), f.uint(2));
    const out = f.ptr(1);
    if (parsed.bytes.length > 0) {
      checkWrite(libc.memory, out, parsed.bytes.length);
      libc.memory.bytes.set(parsed.bytes, out);
    }
    return parsed.valid ? parsed.bytes.length : 0;
  },
  inet_nsap_ntoa: (f, libc) => {
    const length = Math.min(f.int(0), NSAP_MAX_BYTES);
    const text = formatNsap(length > 0 ? readBytes(libc, f.ptr(1), length) : new Uint8Array(0));
    const out = f.ptr(2) !== 0 ? f.ptr(2) : processBuffer(libc, 'inet_nsap_ntoa', NSAP_TEXT_SIZE);
    putText(libc, out, text);
    return out;
  },
  gai_strerror: (f, libc) => constantString(libc, GAI_MESSAGES.get(f.int(0)) ?? 'Unknown error'),
  hstrerror: (f, libc) => constantString(libc, hostErrorMessage(f.int(0))),
  herror: (f, libc) => {
    // One writev to fd 2 in glibc, bypassing stderr's FILE; errno is left as it was.
    const s = f.ptr(0);
    const prefix = s !== 0 && libc.memory.bytes[s] !== 0 ? `${cString(libc.memory, s)}: ` : '';
    const message = hostErrorMessage(libc.memory.view.getInt32(libc.hErrnoAddress, true));
    libc.writeToFd(2, Buffer.from(`${prefix}${message}\n`, 'latin1'));
    return undefined;
  },
  __h_errno_location: (_f, libc) => libc.hErrnoAddress,
};
